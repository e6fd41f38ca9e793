"""The typed expression tree: what a condition or formula means after parsing and checking.

Every node carries its language ``type`` and ``src``, the rule text it came from (used in
explanations and error messages). Nodes are plain frozen dataclasses; code generation and the
durable_rules compiler walk them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .builtins import BUILTINS
from .types import Type


@dataclass(frozen=True)
class Node:
    type: Type
    src: str


@dataclass(frozen=True)
class Const(Node):
    value: Any


@dataclass(frozen=True)
class Root(Node):
    """The rule's beneficiary: ``person``, ``household`` or ``organisation``."""

    name: str


@dataclass(frozen=True)
class Special(Node):
    """A value of the evaluation itself: ``as_of``, ``this_year``, ``last_year``."""

    name: str


@dataclass(frozen=True)
class Var(Node):
    """A name bound by a comprehension or by a rule's ``for_each``."""

    name: str


@dataclass(frozen=True)
class Field(Node):
    obj: Node
    name: str


@dataclass(frozen=True)
class ParamRef(Node):
    """``param("id")`` or ``param("id", key)`` for a parameter keyed by an enum."""

    id: str
    key: Node | None


@dataclass(frozen=True)
class Compare(Node):
    op: str  # one of == != < <= > >=
    left: Node
    right: Node


@dataclass(frozen=True)
class In(Node):
    elem: Node
    options: tuple[Any, ...]
    negate: bool


@dataclass(frozen=True)
class BoolOp(Node):
    op: str  # "and" | "or"
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Not(Node):
    operand: Node


@dataclass(frozen=True)
class Arith(Node):
    op: str  # + - * /
    left: Node
    right: Node


@dataclass(frozen=True)
class Neg(Node):
    operand: Node


@dataclass(frozen=True)
class Call(Node):
    """A built-in function: months_between, min, coalesce, exists, ..."""

    fn: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Aggregate(Node):
    """``fn(elem for var in source if cond)`` with fn in count, sum, any, all, first, min, max."""

    fn: str
    elem: Node
    var: str
    source: Node
    cond: Node | None


@dataclass(frozen=True)
class CategoryCall(Node):
    """A derived category applied to a subject, e.g. ``employment_difficult(hire.worker)``."""

    category: str
    subject: Node


@dataclass(frozen=True)
class IfElse(Node):
    cond: Node
    then: Node
    orelse: Node


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-expressions of a node."""
    if isinstance(node, Field):
        return (node.obj,)
    if isinstance(node, ParamRef):
        return (node.key,) if node.key is not None else ()
    if isinstance(node, Compare | Arith):
        return (node.left, node.right)
    if isinstance(node, In):
        return (node.elem,)
    if isinstance(node, BoolOp):
        return node.operands
    if isinstance(node, Not | Neg):
        return (node.operand,)
    if isinstance(node, Call):
        return node.args
    if isinstance(node, Aggregate):
        return (node.source, node.elem) + ((node.cond,) if node.cond is not None else ())
    if isinstance(node, CategoryCall):
        return (node.subject,)
    if isinstance(node, IfElse):
        return (node.cond, node.then, node.orelse)
    return ()


def walk(node: Node) -> list[Node]:
    """The node and all its descendants, depth first."""
    out = [node]
    for child in children(node):
        out.extend(walk(child))
    return out


def params_used(node: Node) -> list[str]:
    """Parameter ids read by an expression, in order of first use."""
    seen: dict[str, None] = {}
    for n in walk(node):
        if isinstance(n, ParamRef):
            seen.setdefault(n.id, None)
    return list(seen)


def categories_used(node: Node) -> list[str]:
    seen: dict[str, None] = {}
    for n in walk(node):
        if isinstance(n, CategoryCall):
            seen.setdefault(n.category, None)
    return list(seen)


_FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!="}


def count_threshold(node: Node) -> tuple[Aggregate, str, Node] | None:
    """``(count, op, other)`` when ``node`` compares a count whose filter may be unknown with
    another value, the count moved to the left (``3 <= count(…)`` gives ``count(…) >= 3``).

    Such a comparison is decided on the interval of possible counts: with 3 items surely in,
    ``count(…) >= 3`` holds however the unknown ones turn out (three-valued, but not needlessly
    unknown).
    """
    if not isinstance(node, Compare):
        return None
    for count, op, other in (
        (node.left, node.op, node.right),
        (node.right, _FLIP[node.op], node.left),
    ):
        if (
            isinstance(count, Aggregate)
            and count.fn == "count"
            and count.cond is not None
            and count.cond.type.nullable
        ):
            return count, op, other
    return None


def depends_on_as_of(node: Node, dated_categories: frozenset[str] = frozenset()) -> bool:
    """Whether the value may change with the evaluation date: it reads as_of, this_year or
    last_year, counts insured months up to as_of (``covered_months`` without ``until``), or
    applies a category in ``dated_categories``."""
    for n in walk(node):
        if isinstance(n, Special):
            return True
        if isinstance(n, Call) and BUILTINS[n.fn].reads_as_of(len(n.args)):
            return True
        if isinstance(n, CategoryCall) and n.category in dated_categories:
            return True
    return False
