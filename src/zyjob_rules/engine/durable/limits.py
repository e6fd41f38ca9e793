"""Check a durable ruleset (JSON) against durable_rules 2.0.28's limits before registering it.

durable builds an alpha network from the rules' expressions (rete.c) and walks it for every fact
(events.c). Its fixed-size tables fail in ways that are silent or fatal, so this module rebuilds
the same network shape in Python and refuses a ruleset that would reach them:

- children of one alpha node live in a 512-slot open-addressed table: a full table makes
  ruleset creation loop forever ("> 512 sibling conditions hang");
- the walk keeps pending nodes on a 64-entry stack; more matches under one node make every
  assert fail with error 303 and nothing fires ("> 64 rules under one shared condition");
- each fact pattern holds at most 31 entries of ``$and``/``$or`` markers and cross-fact
  references (error 113 at creation);
- ``$nex`` tests and ``$or`` forwards sit in 128-entry lists, rule ends in 256-entry lists;
- property and alias names are known to the C code only by their 32-bit FNV-1a hash, so two
  names with one hash are the same property to durable;
- a rule whose only condition is ``$nex``, or with an empty ``$and``, re-fires forever; a rule
  without ``all``/``any`` is accepted and never fires.

The checks are upper bounds (every test that could match is assumed to), with margins below
durable's sizes (:class:`Limits`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .encoding import fnv1a_32
from .errors import HashCollisionError, NetworkLimitError

_OPERATORS = {"$lt", "$lte", "$gt", "$gte", "$eq", "$neq", "$ex", "$nex", "$mt", "$imt"}
_RULE_SETTINGS = {"pri", "count", "cap", "dist", "run"}


@dataclass(frozen=True)
class Limits:
    max_children: int = 256  # durable: 512 (hash table of an alpha node)
    max_nex: int = 64  # durable: 128 ($nex / $or-forward list of a node)
    max_betas: int = 128  # durable: 256 (rule ends under one alpha node)
    max_stack: int = 48  # durable: 64 (alpha walk stack)
    max_expressions: int = 28  # durable: 31 (per fact pattern)
    max_rules: int = 1000  # durable: 4096 actions per ruleset
    max_units_per_shard: int = 64  # rules of the policy per durable ruleset


@dataclass(eq=False)
class _Alpha:
    children: dict[Any, _Alpha] = field(default_factory=dict)
    nexts: list[_Alpha] = field(default_factory=list)
    betas: int = 0
    prop: str = ""
    op: str = ""
    constant_eq: bool = False  # an equality with a constant: siblings on one property exclude


class _Network:
    def __init__(self, shard: str, limits: Limits) -> None:
        self.shard = shard
        self.limits = limits
        self.root = _Alpha()
        self.nodes: list[_Alpha] = [self.root]
        self.rule = ""
        self._unique = 0

    def fail(self, message: str) -> NetworkLimitError:
        return NetworkLimitError(self.shard, self.rule or None, message)

    def add(
        self, expr: Any, parent: _Alpha, present: frozenset[str] = frozenset()
    ) -> tuple[_Alpha, frozenset[str]]:
        """Add ``expr`` below ``parent`` as rete.c createAlpha does; returns the end node and the
        properties every path to it has tested (so they exist in any fact reaching it)."""
        if not isinstance(expr, dict) or len(expr) != 1:
            raise self.fail(f"an expression must be an object with one key: {expr!r}")
        ((name, value),) = expr.items()
        if name in ("$and", "$or"):
            if not isinstance(value, list) or not value:
                raise self.fail(f"empty {name} (durable re-fires such a rule forever)")
            if name == "$and":
                node = parent
                for e in value:
                    node, present = self.add(e, node, present)
                return node, present
            forward = self._new("$forward", "$nex", False)
            branches = []
            for e in value:
                end, tested = self.add(e, parent, present)
                end.nexts.append(forward)
                branches.append(tested)
            return forward, frozenset.intersection(*branches)
        if name in _OPERATORS:
            if not isinstance(value, dict) or len(value) != 1:
                raise self.fail(f"{name} needs one property: {value!r}")
            ((prop, operand),) = value.items()
            op = name
        else:
            prop, operand, op = name, value, "$eq"
        if op == "$nex":
            for n in parent.nexts:
                if n.prop == prop and n.op == op:
                    return n, present
            node = self._new(prop, op, False)
            parent.nexts.append(node)
            return node, present
        reference = isinstance(operand, dict)  # $m or another fact: durable never shares these
        if reference and "$m" in operand and operand["$m"] not in present:
            raise self.fail(
                f"{prop} is compared with {operand['$m']} without testing that it "
                "exists first (durable then reads an uninitialised result)"
            )
        if reference:
            self._unique += 1
            key: Any = ("ref", self._unique)
        else:
            key = (fnv1a_32(prop), op, json.dumps(operand))
        child = parent.children.get(key)
        if child is None:
            child = self._new(prop, op, op == "$eq" and not reference)
            parent.children[key] = child
        return child, present | {prop}

    def _new(self, prop: str, op: str, constant_eq: bool) -> _Alpha:
        node = _Alpha(prop=prop, op=op, constant_eq=constant_eq)
        self.nodes.append(node)
        return node

    def check(self) -> None:
        lim = self.limits
        for node in self.nodes:
            if len(node.children) > lim.max_children:
                raise self.fail(
                    f"{len(node.children)} conditions under one node (limit {lim.max_children})"
                )
            if len(node.nexts) > lim.max_nex:
                raise self.fail(
                    f"{len(node.nexts)} $nex/$or branches under one node (limit {lim.max_nex})"
                )
            if node.betas > lim.max_betas:
                raise self.fail(f"{node.betas} rules end on one condition (limit {lim.max_betas})")
        peak = self._peak(self.root, {})
        if peak > lim.max_stack:
            raise self.fail(
                f"a fact can leave {peak} conditions pending under one shared "
                f"condition (limit {lim.max_stack}; durable fails with error 303)"
            )

    def _peak(self, node: _Alpha, memo: dict[int, int]) -> int:
        """Worst-case stack use of durable's alpha walk below ``node`` (events.c handleAlpha)."""
        found = memo.get(id(node))
        if found is not None:
            return found
        kids = [*node.children.values(), *node.nexts]
        if not kids:
            memo[id(node)] = 0
            return 0
        equal_props = {c.prop for c in node.children.values() if c.constant_eq}
        matches = len(equal_props) + len(node.nexts)
        matches += sum(1 for c in node.children.values() if not c.constant_eq)
        peak = max(matches, matches - 1 + max(self._peak(k, memo) for k in kids))
        memo[id(node)] = peak
        return peak


def _expression_entries(expr: Any) -> int:
    """Entries a pattern takes in durable's expression sequence (rete.c GET/APPEND_EXPRESSION)."""
    ((name, value),) = expr.items()
    if name in ("$and", "$or"):
        return 2 + sum(_expression_entries(e) for e in value)
    if name in _OPERATORS:
        ((_, operand),) = value.items()
    else:
        operand = value
    if isinstance(operand, dict) and "$m" not in operand:
        return 1  # a reference to another fact is re-checked by the join
    return 0


def _has_positive_test(expr: Any) -> bool:
    """True when the pattern tests something other than absence at its top level."""
    ((name, value),) = expr.items()
    if name == "$and":
        return any(_has_positive_test(e) for e in value)
    if name == "$or":
        return all(_has_positive_test(e) for e in value)
    return bool(name != "$nex")


def names_in(definition: dict[str, Any]) -> set[str]:
    """Every property and alias name of a ruleset (what durable hashes)."""
    out: set[str] = set()

    def expr(e: Any) -> None:
        if not isinstance(e, dict):
            return
        for name, value in e.items():
            if name in ("$and", "$or"):
                for x in value:
                    expr(x)
            elif name in _OPERATORS:
                expr(value)
            else:
                out.add(name)
                if isinstance(value, dict):
                    for alias, prop in value.items():
                        out.add(prop)
                        if alias != "$m":
                            out.add(alias)

    for rule in definition.values():
        for pattern in rule.get("all", rule.get("any", [])):
            for alias, e in pattern.items():
                out.add(alias.split("$")[0])
                expr(e)
    return out


def check_hashes(shard: str, names: Iterable[str]) -> None:
    seen: dict[int, str] = {}
    for name in sorted(set(names)):
        h = fnv1a_32(name)
        other = seen.setdefault(h, name)
        if other != name:
            raise HashCollisionError(shard, other, name, h)


def validate_ruleset(
    shard: str,
    definition: dict[str, Any],
    limits: Limits | None = None,
    extra_names: Iterable[str] = (),
) -> None:
    """Raise NetworkLimitError if durable_rules would mishandle this ruleset; else return."""
    lim = limits or Limits()
    net = _Network(shard, lim)
    if len(definition) > lim.max_rules:
        raise net.fail(f"{len(definition)} rules in one ruleset (limit {lim.max_rules})")
    for rule_name, rule in definition.items():
        net.rule = rule_name
        if not isinstance(rule, dict):
            raise net.fail("a rule must be an object")
        unknown = set(rule) - _RULE_SETTINGS - {"all", "any"}
        if unknown:
            raise net.fail(f"unknown keys {sorted(unknown)}")
        patterns = rule.get("all", rule.get("any"))
        if not isinstance(patterns, list) or not patterns:
            raise net.fail("no 'all'/'any' patterns (durable accepts it and never fires it)")
        if not isinstance(rule.get("run"), str):
            raise net.fail("the action must be bound by name ('run': a string)")
        aliases: set[str] = set()
        for pattern in patterns:
            if not isinstance(pattern, dict) or len(pattern) != 1:
                raise net.fail(f"a pattern must be {{alias: expression}}: {pattern!r}")
            ((alias, expr),) = pattern.items()
            base, _, suffix = str(alias).partition("$")
            if base in aliases:
                raise net.fail(f"alias {base!r} used twice")
            aliases.add(base)
            if suffix:
                raise net.fail(
                    f"{alias!r}: negated and nested patterns are not used (durable "
                    "2.0.28 evaluates $not joins wrongly once the negated facts "
                    "arrive after the facts they block)"
                )
            entries = _expression_entries(expr)
            if entries > lim.max_expressions:
                raise net.fail(
                    f"pattern {base} takes {entries} expression entries "
                    f"(limit {lim.max_expressions})"
                )
            net.add(expr, net.root)[0].betas += 1
            if not _has_positive_test(expr):
                raise net.fail(
                    f"pattern {base} only tests absence ($nex): durable "
                    "re-fires such a rule forever"
                )
    net.rule = ""
    net.check()
    check_hashes(shard, [*names_in(definition), *extra_names])
