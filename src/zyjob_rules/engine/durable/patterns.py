"""Patterns on one fact, and their disjunctive normal form across facts.

A :class:`Pat` is a test on the properties of a single fact, rendered as a durable_rules
expression (``$and``/``$or`` of comparisons). Comparing two properties of the same fact uses
durable's ``$m`` reference (:class:`MRef`). ``ALWAYS``/``NEVER`` are folded away by
:func:`all_of` and :func:`any_of`, so no empty ``$and``/``$or`` is ever rendered.

A condition that reads a derived category needs a second fact (the category's verdict), so its
true and false sides are each a :data:`DNF`: alternatives (:class:`Term`), each a pattern on the
home fact plus joins to derived facts (:class:`Join`). Each term becomes one durable rule.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from .encoding import JsonScalar

JsonObj = dict[str, Any]


@dataclass(frozen=True)
class MRef:
    """Another property of the same fact (durable's ``{"$m": name}``)."""

    prop: str


Operand = JsonScalar | MRef

_DURABLE_OP = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "!=": "$neq"}
FLIP = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
NEGATE = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_PY_OP: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


@dataclass(frozen=True)
class Leaf:
    """``prop op value``; ``op`` ``exists``/``missing`` test presence (``$ex``/``$nex``)."""

    op: str
    prop: str
    value: Operand = 1


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Pat, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Pat, ...]


@dataclass(frozen=True)
class _Always:
    pass


@dataclass(frozen=True)
class _Never:
    pass


ALWAYS = _Always()
NEVER = _Never()
Pat = Leaf | AllOf | AnyOf | _Always | _Never


def compare(left: Operand, op: str, right: Operand) -> Pat:
    """The pattern ``left op right``; two constants are decided now.

    A comparison of two properties is guarded by a presence test of the right one: durable
    evaluates ``{"$lt": {"a": {"$m": "b"}}}`` on an uninitialised result when ``b`` is missing
    (events.c isAlphaMatch), which inside an ``$or`` comes out true. The guard comes first in
    the chain, so durable never reaches the comparison without ``b``.
    """
    if isinstance(left, MRef):
        leaf = Leaf(op, left.prop, right)
        return all_of(exists(right.prop), leaf) if isinstance(right, MRef) else leaf
    if isinstance(right, MRef):
        return Leaf(FLIP[op], right.prop, left)
    return ALWAYS if _PY_OP[op](left, right) else NEVER


def exists(prop: str) -> Pat:
    return Leaf("exists", prop)


def missing(prop: str) -> Pat:
    return Leaf("missing", prop)


def all_of(*parts: Pat) -> Pat:
    flat: dict[Pat, None] = {}
    for p in parts:
        if p is NEVER:
            return NEVER
        if isinstance(p, AllOf):
            flat.update(dict.fromkeys(p.parts))
        elif p is not ALWAYS:
            flat[p] = None
    if not flat:
        return ALWAYS
    if len(flat) == 1:
        return next(iter(flat))
    return AllOf(tuple(flat))


def any_of(*parts: Pat) -> Pat:
    flat: dict[Pat, None] = {}
    for p in parts:
        if p is ALWAYS:
            return ALWAYS
        if isinstance(p, AnyOf):
            flat.update(dict.fromkeys(p.parts))
        elif p is not NEVER:
            flat[p] = None
    if not flat:
        return NEVER
    if len(flat) == 1:
        return next(iter(flat))
    return AnyOf(tuple(flat))


def markers(p: Pat) -> int:
    """Entries the pattern takes in durable's per-fact expression sequence (32 at most)."""
    if isinstance(p, AllOf | AnyOf):
        return 2 + sum(markers(q) for q in p.parts)
    return 0


def _value_json(value: Operand) -> Any:
    return {"$m": value.prop} if isinstance(value, MRef) else value


def to_json(p: Pat) -> JsonObj:
    if isinstance(p, Leaf):
        if p.op == "exists":
            return {"$ex": {p.prop: 1}}
        if p.op == "missing":
            return {"$nex": {p.prop: 1}}
        if p.op == "==":
            return {p.prop: _value_json(p.value)}
        return {_DURABLE_OP[p.op]: {p.prop: _value_json(p.value)}}
    if isinstance(p, AllOf):
        return {"$and": [to_json(q) for q in p.parts]}
    if isinstance(p, AnyOf):
        return {"$or": [to_json(q) for q in p.parts]}
    raise ValueError("ALWAYS and NEVER are folded before rendering")


def conjuncts(p: Pat) -> list[JsonObj]:
    """The pattern as a list of expressions to place in a ``$and`` after the discriminators."""
    if p is ALWAYS:
        return []
    if isinstance(p, AllOf):
        return [to_json(q) for q in p.parts]
    return [to_json(p)]


# -- across facts ---------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Join:
    """A derived fact that must exist: a category verdict, or a lifted sub-condition.

    ``ref`` is the property of the home fact holding the key the derived fact must carry:
    the object key for a category (``cat``), the home fact's own ``id`` for a lifted ``node``.
    """

    kind: Literal["cat", "node"]
    target: str
    ref: str
    value: bool = True


@dataclass(frozen=True)
class Term:
    pat: Pat
    joins: frozenset[Join] = frozenset()


DNF = tuple[Term, ...]
TRUE_DNF: DNF = (Term(ALWAYS),)
FALSE_DNF: DNF = ()


def normalize(terms: Iterable[Term]) -> DNF:
    """Drop impossible terms; merge terms with the same joins into one pattern (``$or``)."""
    grouped: dict[frozenset[Join], list[Pat]] = {}
    for t in terms:
        if t.pat is NEVER or _contradictory(t.joins):
            continue
        grouped.setdefault(t.joins, []).append(t.pat)
    out = [Term(any_of(*pats), joins) for joins, pats in grouped.items()]
    return tuple(t for t in out if t.pat is not NEVER)


def _contradictory(joins: frozenset[Join]) -> bool:
    seen: dict[tuple[str, str, str], bool] = {}
    for j in joins:
        key = (j.kind, j.target, j.ref)
        if seen.setdefault(key, j.value) != j.value:
            return True
    return False


def product(a: DNF, b: DNF) -> DNF:
    return normalize(Term(all_of(x.pat, y.pat), x.joins | y.joins) for x in a for y in b)


def union(a: DNF, b: DNF) -> DNF:
    return normalize((*a, *b))
