"""The JSON of durable rules: each fact pattern with its joins, and the action a match fires."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .patterns import Join, JsonObj, Pat, Term, conjuncts
from .spec import ALIASES, CATEGORY_VERDICT, NODE_VERDICT, ActionKind, ActionSpec, Schema


def home_pattern(kind: str, key: str, pat: Pat, extra: Iterable[JsonObj] = ()) -> JsonObj:
    """The pattern of a fact of ``kind`` and ``key`` matching ``pat``."""
    return {"$and": [{"t": kind}, {"k": key}, *extra, *conjuncts(pat)]}


def join_pattern(join: Join, home_alias: str) -> JsonObj:
    """The pattern of the derived fact a join needs (a category verdict or a lifted node)."""
    if join.kind == "cat":
        return {
            "$and": [
                {"t": CATEGORY_VERDICT},
                {"k": join.target},
                {"v": join.value},
                {"o": {home_alias: join.ref}},
            ]
        }
    return {"$and": [{"t": NODE_VERDICT}, {"k": join.target}, {"x": {home_alias: "id"}}]}


@dataclass
class Part:
    """One fact pattern of a durable rule: its alias, its fact kind and its term (and joins)."""

    alias: str
    schema: Schema
    term: Term
    extra: tuple[JsonObj, ...] = ()


# Firing order when several actions are pending (lower first): categories are derived before
# the sub-conditions and verdicts that read them. Results do not depend on it (every join is
# positive, so matching is monotone); it keeps the firing order stage by stage and predictable.
PRIORITY: dict[ActionKind, int] = {
    "category": 1,
    "node": 2,
    "item_false": 3,
    "chain": 3,
    "verdict": 4,
    "not_applicable": 4,
}


def durable_rule(parts: list[Part], action: ActionSpec) -> JsonObj:
    """One durable rule: every part's pattern and its joins, firing ``action``."""
    patterns: list[JsonObj] = []
    j = 0
    for part in parts:
        patterns.append(
            {part.alias: home_pattern(part.schema.kind, part.schema.key, part.term.pat, part.extra)}
        )
        for join in sorted(part.term.joins):
            alias = f"j{j}"
            assert alias in ALIASES, "MAX_JOINS keeps the joins of a rule below 32"
            patterns.append({alias: join_pattern(join, part.alias)})
            j += 1
    return {"all": patterns, "pri": PRIORITY[action.kind], "run": action.name}
