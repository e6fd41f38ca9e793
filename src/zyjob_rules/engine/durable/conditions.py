"""Conditions to durable patterns: each boolean node of a checked tree compiled to a *true* side
and a *false* side (:data:`Sides`), both in disjunctive normal form over one fact.

Three-valued logic: a missing fact is an absent key, on which every comparison fails, so neither
side matches and the condition stays unknown, as in the default engine. The values a comparison
reads are *atoms* computed in Python (by the scalar engine's code generator, through the
:class:`Network` the compiler passes in); the comparisons, memberships, ``and``/``or``/``not``/
``if`` and categories are matched by the Rete network.

:class:`FactConditions` is a :class:`~zyjob_rules.lang.visitor.NodeVisitor`: a node added to the
language is a type error here until it is given its patterns (or declared computed in Python).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, Protocol

from ...lang import nodes
from ...lang.types import Type
from ...lang.visitor import NodeVisitor
from ...ruleset.checked import CheckedCondition
from ..scalar.runtime import COMPARE
from .encoding import Encoding, JsonScalar, encode_scalar, fnv1a_32, scaled
from .errors import CompileError, FactEncodingError
from .patterns import (
    ALWAYS,
    DNF,
    FALSE_DNF,
    NEGATE,
    TRUE_DNF,
    Join,
    MRef,
    Operand,
    Pat,
    Term,
    all_of,
    any_of,
    compare,
    exists,
    markers,
    missing,
    normalize,
    product,
    union,
)
from .spec import ALIASES, FIXED_PROPERTIES, Atom, Schema

# How far a term may grow before a sub-condition is lifted into a derived fact of its own.
MAX_TERMS = 8
PATTERN_BUDGET = 20
MAX_JOINS = 8
MAX_ATOMS = 240  # durable holds at most 255 properties per fact

Sides = tuple[DNF, DNF]  # (true side, false side) of a condition


class PropertyNames:
    """Property names for atoms: short, ASCII, and with hashes distinct from every other name."""

    def __init__(self) -> None:
        self.hashes: dict[int, str] = {fnv1a_32(n): n for n in (*FIXED_PROPERTIES, *ALIASES)}

    def fresh(self, used: set[str]) -> str:
        """The first ``a<n>`` not used in this fact whose hash no other name already has."""
        i = 0
        while True:
            name = f"a{i}"
            i += 1
            if name in used:
                continue
            owner = self.hashes.setdefault(fnv1a_32(name), name)
            if owner == name:
                used.add(name)
                return name


class Network(Protocol):
    """What the conditions of one fact need from the network being compiled."""

    @property
    def names(self) -> PropertyNames: ...

    def function(self, name: str, node: nodes.Node, params: list[str]) -> str:
        """Register the Python function computing an atom; returns its name."""
        ...

    def lift_key(self) -> str:
        """A fresh key for a lifted sub-condition's derived fact."""
        ...

    def category_key(self, cid: str) -> str:
        """The key of a category's facts."""
        ...


class FactConditions(NodeVisitor[Sides]):
    """The conditions of one kind of fact (a rule's, an item's or a category's), as patterns.

    Visiting a boolean node gives its (true side, false side). The values the comparisons read
    become atoms of the fact's :class:`Schema`; a sub-condition that grows past the budgets is
    lifted into a derived fact (``lifts``) that rules of its own assert.
    """

    def __init__(self, net: Network, schema: Schema, owner: str) -> None:
        self.net = net
        self.schema = schema
        self.owner = owner  # rule or category id, for error messages
        self._atoms: dict[tuple[nodes.Node, Encoding], Atom] = {}
        self._used: set[str] = set()
        self.lifts: list[tuple[str, DNF]] = []
        self._lift_memo: dict[DNF, DNF] = {}
        self.categories: set[str] = set()

    # atoms ------------------------------------------------------------------------------
    def atom(self, node: nodes.Node, encoding: Encoding) -> Atom:
        key = (node, encoding)
        found = self._atoms.get(key)
        if found is not None:
            return found
        if len(self.schema.atoms) >= MAX_ATOMS:
            raise CompileError("", self.owner, f"more than {MAX_ATOMS} values in one fact")
        count = 2 if encoding == "dec" else 1
        props = tuple(self.net.names.fresh(self._used) for _ in range(count))
        function = self.net.function(
            f"{self.schema.kind}{self.schema.key}_{props[0]}", node, self.schema.params
        )
        atom = Atom(props, node, encoding, function)
        self._atoms[key] = atom
        self.schema.atoms.append(atom)
        return atom

    def operand(self, node: nodes.Node, encoding: Encoding) -> tuple[Operand, ...]:
        """A constant (encoded now) or the property of an atom; two parts for decimals."""
        if isinstance(node, nodes.Const):
            return self.constant(node.value, encoding)
        return tuple(MRef(p) for p in self.atom(node, encoding).props)

    def constant(self, value: Any, encoding: Encoding) -> tuple[JsonScalar, ...]:
        try:
            if encoding == "dec":
                return scaled(value)
            return (encode_scalar(encoding, value),)
        except FactEncodingError as exc:
            raise CompileError("", self.owner, str(exc)) from exc

    # the DNF algebra, lifting sub-conditions into derived facts when a term grows too big --
    def ok(self, d: DNF) -> bool:
        return len(d) <= MAX_TERMS and all(
            markers(t.pat) <= PATTERN_BUDGET and len(t.joins) <= MAX_JOINS for t in d
        )

    def lift(self, d: DNF) -> DNF:
        """Replace ``d`` by one join on a fact that rules of its own derive when ``d`` holds."""
        if len(d) <= 1 and all(t.pat is ALWAYS and len(t.joins) <= 1 for t in d):
            return d
        found = self._lift_memo.get(d)
        if found is not None:
            return found
        assert self.ok(d), "only terms within the limits are lifted"
        key = self.net.lift_key()
        self.lifts.append((key, d))
        lifted: DNF = (Term(ALWAYS, frozenset({Join("node", key, "id")})),)
        self._lift_memo[d] = lifted
        return lifted

    def _combine(self, a: DNF, b: DNF, op: Callable[[DNF, DNF], DNF]) -> DNF:
        r = op(a, b)
        if self.ok(r):
            return r
        r = op(self.lift(a), b) if weight(a) >= weight(b) else op(a, self.lift(b))
        if self.ok(r):
            return r
        return op(self.lift(a), self.lift(b))

    def conj(self, *ds: DNF) -> DNF:
        acc = TRUE_DNF
        for d in ds:
            acc = self._combine(acc, d, product)
        return acc

    def disj(self, *ds: DNF) -> DNF:
        acc = FALSE_DNF
        for d in ds:
            acc = self._combine(acc, d, union)
        return acc

    # conditions ---------------------------------------------------------------------------
    def condition(self, node: nodes.Node) -> Sides:
        """(true side, false side) of a boolean expression."""
        return self.visit(node)

    def checked(self, cond: CheckedCondition) -> Sides:
        """The sides of a rule's or category's condition; what cannot be encoded names it."""
        try:
            return self.condition(cond.node)
        except ValueError as exc:
            raise CompileError("", self.owner, f"condition {cond.spec.id}: {exc}") from exc

    def computed(self, node: nodes.Node) -> Sides:
        """A true/false value computed in Python (a field, an aggregate, ...): one atom."""
        prop = self.atom(node, "bool").props[0]
        return leaf(compare(MRef(prop), "==", True)), leaf(compare(MRef(prop), "==", False))

    def visit_const(self, node: nodes.Const) -> Sides:
        return (TRUE_DNF, FALSE_DNF) if node.value else (FALSE_DNF, TRUE_DNF)

    def visit_bool_op(self, node: nodes.BoolOp) -> Sides:
        sides = [self.condition(o) for o in node.operands]
        if node.op == "and":
            return self.conj(*(t for t, _ in sides)), self.disj(*(f for _, f in sides))
        return self.disj(*(t for t, _ in sides)), self.conj(*(f for _, f in sides))

    def visit_not(self, node: nodes.Not) -> Sides:
        t, f = self.condition(node.operand)
        return f, t

    def visit_if_else(self, node: nodes.IfElse) -> Sides:
        ct, cf = self.condition(node.cond)
        tt, tf = self.condition(node.then)
        et, ef = self.condition(node.orelse)
        return (
            self.disj(self.conj(ct, tt), self.conj(cf, et)),
            self.disj(self.conj(ct, tf), self.conj(cf, ef)),
        )

    def visit_compare(self, node: nodes.Compare) -> Sides:
        if nodes.count_threshold(node) is not None:
            # a count whose filter may be unknown is compared on its interval in Python
            return self.computed(node)
        left, right, op = node.left, node.right, node.op
        if isinstance(left, nodes.Const) and isinstance(right, nodes.Const):
            return constant_sides(COMPARE[op](left.value, right.value))
        if left.type.kind == "bool" and right.type.kind == "bool":
            at, af = self.condition(left)
            bt, bf = self.condition(right)
            same = self.disj(self.conj(at, bt), self.conj(af, bf))
            differ = self.disj(self.conj(at, bf), self.conj(af, bt))
            return (same, differ) if op == "==" else (differ, same)
        encoding = encoding_of(left.type, right.type)
        a, b = self.operand(left, encoding), self.operand(right, encoding)
        if encoding == "dec":
            t, f = interval_compare(op, a, b)
        else:
            t, f = compare(a[0], op, b[0]), compare(a[0], NEGATE[op], b[0])
        return leaf(t), leaf(f)

    def visit_in(self, node: nodes.In) -> Sides:
        elem, options = node.elem, node.options
        if isinstance(elem, nodes.Const):
            t, f = constant_sides(elem.value in options)
        elif elem.type.kind == "bool":
            yes, no = self.condition(elem)
            t = self.disj(*([yes] if True in options else []), *([no] if False in options else []))
            f = self.disj(
                *([yes] if True not in options else []), *([no] if False not in options else [])
            )
        else:
            option_types = [
                Type("decimal") if isinstance(o, Decimal) else elem.type for o in options
            ]
            encoding = encoding_of(elem.type, *option_types)
            e = self.operand(elem, encoding)
            equal, unequal = [], []
            for option in options:
                c = self.constant(option, encoding)
                if encoding == "dec":
                    eq, ne = interval_compare("==", e, c)
                else:
                    eq, ne = compare(e[0], "==", c[0]), compare(e[0], "!=", c[0])
                equal.append(leaf(eq))
                unequal.append(leaf(ne))
            t = self.disj(*equal)
            f = self.conj(*unequal) if options else self.presence(e)
        return (f, t) if node.negate else (t, f)

    def presence(self, operand: tuple[Operand, ...]) -> DNF:
        first = operand[0]
        return leaf(exists(first.prop)) if isinstance(first, MRef) else TRUE_DNF

    def visit_category_call(self, node: nodes.CategoryCall) -> Sides:
        key = self.net.category_key(node.category)
        obj = self.atom(node.subject, "object")
        obj.categories.add(key)
        self.categories.add(key)
        ref = obj.props[0]
        return (
            (Term(ALWAYS, frozenset({Join("cat", key, ref, True)})),),
            (Term(ALWAYS, frozenset({Join("cat", key, ref, False)})),),
        )

    def visit_call(self, node: nodes.Call) -> Sides:
        if node.fn != "exists":
            return self.computed(node)
        (arg,) = node.args
        if isinstance(arg, nodes.Const):
            return TRUE_DNF, FALSE_DNF
        prop = self.atom(arg, "present").props[0]
        return leaf(exists(prop)), leaf(missing(prop))

    # Every other true/false value is computed in Python and compared with true and false.
    def visit_root(self, node: nodes.Root) -> Sides:
        return self.computed(node)

    def visit_special(self, node: nodes.Special) -> Sides:
        return self.computed(node)

    def visit_var(self, node: nodes.Var) -> Sides:
        return self.computed(node)

    def visit_field(self, node: nodes.Field) -> Sides:
        return self.computed(node)

    def visit_param_ref(self, node: nodes.ParamRef) -> Sides:
        return self.computed(node)

    def visit_arith(self, node: nodes.Arith) -> Sides:
        return self.computed(node)

    def visit_neg(self, node: nodes.Neg) -> Sides:
        return self.computed(node)

    def visit_aggregate(self, node: nodes.Aggregate) -> Sides:
        return self.computed(node)


def weight(d: DNF) -> tuple[int, int, int]:
    """How big a DNF is: terms, pattern markers, joins (the larger side is lifted first)."""
    return (len(d), sum(markers(t.pat) for t in d), sum(len(t.joins) for t in d))


def leaf(p: Pat) -> DNF:
    """One pattern as a DNF of one term."""
    return normalize([Term(p)])


def constant_sides(value: bool | None) -> Sides:
    """The sides of a value known at compile time (None: neither side ever matches)."""
    if value is None:
        return FALSE_DNF, FALSE_DNF
    return (TRUE_DNF, FALSE_DNF) if value else (FALSE_DNF, TRUE_DNF)


def encoding_of(*types: Type) -> Encoding:
    """How the values of a comparison between these types are sent to durable."""
    kinds = {t.kind for t in types}
    if "enum" in kinds:
        return "enum"
    if kinds <= {"int", "decimal"}:
        return "dec" if "decimal" in kinds else "int"
    if kinds == {"date"}:
        return "date"
    if kinds == {"str"}:
        return "str"
    if kinds == {"bool"}:
        return "bool"
    raise ValueError(f"no durable encoding for a comparison of {sorted(kinds)}")


def interval_compare(op: str, x: tuple[Operand, ...], y: tuple[Operand, ...]) -> tuple[Pat, Pat]:
    """(true, false) patterns of ``x op y`` for decimals sent as (floor, ceiling) at SCALE.

    With ``lo <= v <= hi`` (equal when exact), ``x <= y`` is proven by ``hi_x <= lo_y`` and
    ``x < y`` by that and ``lo_x < hi_y``. Both are exact unless both sides are inexact within
    the same ten-thousandth; then neither side matches and the comparison stays undecided.
    """

    def le(a: tuple[Operand, ...], b: tuple[Operand, ...]) -> Pat:
        return compare(a[1], "<=", b[0])

    def lt(a: tuple[Operand, ...], b: tuple[Operand, ...]) -> Pat:
        return all_of(compare(a[1], "<=", b[0]), compare(a[0], "<", b[1]))

    eq = all_of(le(x, y), le(y, x))
    ne = any_of(lt(x, y), lt(y, x))
    table = {
        "<": (lt(x, y), le(y, x)),
        "<=": (le(x, y), lt(y, x)),
        ">": (lt(y, x), le(x, y)),
        ">=": (le(y, x), lt(x, y)),
        "==": (eq, ne),
        "!=": (ne, eq),
    }
    return table[op]
