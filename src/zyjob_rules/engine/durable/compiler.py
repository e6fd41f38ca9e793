"""Compile a checked RuleSet into durable_rules rulesets (their JSON form) and fact schemas.

The division of labour (docs/durable-backend.md has the full story):

- Python computes *atoms*: the values a comparison reads (a field, a parameter in force, a
  duration, an aggregate over a list, arithmetic). Each atom is one property of a fact, encoded
  by :mod:`.encoding`. Atoms are compiled from the checked tree by the default engine's code
  generator (plain mode), never from rule text.
- The Rete network matches everything else: the comparisons and memberships on those atoms,
  ``and``/``or``/``not``/``if``, the conjunction of a rule's conditions, the "some item" /
  "every item" of ``for_each``, and the derived categories, which are chained: an action asserts
  the category's verdict as a fact, and the rules that use the category join on it.

Three-valued logic: every condition compiles to a *true* side and a *false* side (:data:`DNF`).
A missing fact is an absent key, on which every comparison fails, so neither side matches and
the condition stays unknown, as in the default engine.

Rules are packed into shards (separate durable rulesets) that each pass :mod:`.limits`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar, Literal

from ...lang.nodes import (
    BoolOp,
    Call,
    CategoryCall,
    Compare,
    Const,
    IfElse,
    In,
    Node,
    Not,
    count_threshold,
)
from ...lang.types import Type
from ...ruleset.checked import CheckedCategory, CheckedCondition, CheckedRule, RuleSet
from ..scalar.codegen import (
    ExpressionCompiler,
    ModuleBuilder,
    category_function,
    path_name,
    var_name,
)
from ..scalar.runtime import COMPARE
from .encoding import Encoding, JsonScalar, encode_scalar, fnv1a_32, scaled
from .errors import FactEncodingError, NetworkLimitError
from .limits import Limits, validate_ruleset
from .patterns import (
    ALWAYS,
    DNF,
    FALSE_DNF,
    NEGATE,
    TRUE_DNF,
    Join,
    JsonObj,
    MRef,
    Operand,
    Pat,
    Term,
    all_of,
    any_of,
    compare,
    conjuncts,
    exists,
    markers,
    missing,
    normalize,
    product,
    union,
)

# Fact kinds (property "t") and the fixed properties of facts.
RULE, ITEM, CATEGORY_INPUT = "r", "i", "c"
CATEGORY_VERDICT, NODE_VERDICT = "cv", "nv"
ITEM_FALSE, FALSE_UPTO = "if", "ac"
GO = "go"
FIXED_PROPERTIES = ("sid", "id", "t", "k", "s", "o", "v", "x", "j", "m")
ALIASES = ("f", "i", "c", "e", *(f"j{n}" for n in range(32)))  # j<n>: joined derived facts

# How far a term may grow before a sub-condition is lifted into a derived fact of its own.
MAX_TERMS = 8
PATTERN_BUDGET = 20
MAX_JOINS = 8
MAX_ATOMS = 240  # durable holds at most 255 properties per fact

SENTINEL_RULE = "sentinel"
SENTINEL_ACTION = "sentinel"

ActionKind = Literal[
    "sentinel", "category", "node", "verdict", "not_applicable", "item_false", "chain"
]


class CompileError(NetworkLimitError):
    """A rule cannot be compiled for durable_rules (rule id in ``rule``)."""

    code: ClassVar[str] = "durable_compile"


@dataclass(frozen=True)
class ActionSpec:
    """What a named action does when durable fires it (the name is the ``run`` of the rule)."""

    kind: ActionKind
    target: str = ""
    value: bool = True

    @property
    def name(self) -> str:
        if self.kind == "sentinel":
            return SENTINEL_ACTION
        return f"{self.kind}:{self.target}:{int(self.value)}"


@dataclass
class Atom:
    """A value computed in Python and placed in a fact under ``props`` (two for decimals)."""

    props: tuple[str, ...]
    node: Node
    encoding: Encoding
    function: str
    categories: set[str] = field(default_factory=set)  # object atoms: categories to evaluate


@dataclass
class Schema:
    """The layout of one kind of fact: discriminators, and the atoms Python fills in."""

    kind: str
    key: str
    params: list[str]
    atoms: list[Atom] = field(default_factory=list)


@dataclass(frozen=True)
class RuleUnit:
    """Everything compiled from one rule version: its facts, durable rules and actions."""

    key: str
    rule: CheckedRule
    schema: Schema
    item_schema: Schema | None
    items_function: str | None
    rules: dict[str, JsonObj]
    actions: tuple[ActionSpec, ...]
    categories: frozenset[str]  # keys of the categories it reads (directly)


@dataclass(frozen=True)
class CategoryUnit:
    key: str
    category_id: str
    schema: Schema
    rules: dict[str, JsonObj]
    actions: tuple[ActionSpec, ...]
    categories: frozenset[str]


@dataclass(frozen=True)
class Shard:
    """One durable ruleset: some rule units and the categories they need, within the limits."""

    name: str
    rule_keys: tuple[str, ...]
    category_keys: tuple[str, ...]
    definition: dict[str, JsonObj]


@dataclass(frozen=True)
class NetworkSpec:
    ruleset_version: str
    rule_units: dict[str, RuleUnit]
    category_units: dict[str, CategoryUnit]
    category_keys: dict[str, str]  # category id -> key
    shards: tuple[Shard, ...]
    actions: dict[str, ActionSpec]
    functions: dict[str, Callable[..., Any]]
    property_names: frozenset[str]

    def definition(self) -> dict[str, dict[str, JsonObj]]:
        """All shards as durable's ``register_rulesets`` argument (a fresh copy each call)."""
        return {s.name: copy.deepcopy(s.definition) for s in self.shards}


# -- names ----------------------------------------------------------------------------------


class _Names:
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


# -- one fact schema: atoms and the true/false sides of its conditions --------------------


class _SchemaBuilder:
    def __init__(self, net: _NetworkBuilder, schema: Schema, owner: str) -> None:
        self.net = net
        self.schema = schema
        self.owner = owner  # rule or category id, for error messages
        self._atoms: dict[tuple[Node, Encoding], Atom] = {}
        self._used: set[str] = set()
        self.lifts: list[tuple[str, DNF]] = []
        self._lift_memo: dict[DNF, DNF] = {}
        self.categories: set[str] = set()

    # atoms ------------------------------------------------------------------------------
    def atom(self, node: Node, encoding: Encoding) -> Atom:
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

    def operand(self, node: Node, encoding: Encoding) -> tuple[Operand, ...]:
        """A constant (encoded now) or the property of an atom; two parts for decimals."""
        if isinstance(node, Const):
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
        r = op(self.lift(a), b) if _weight(a) >= _weight(b) else op(a, self.lift(b))
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

    # conditions -------------------------------------------------------------------------
    def condition(self, node: Node) -> tuple[DNF, DNF]:
        """(true side, false side) of a boolean expression."""
        if isinstance(node, Const):
            return (TRUE_DNF, FALSE_DNF) if node.value else (FALSE_DNF, TRUE_DNF)
        if isinstance(node, BoolOp):
            sides = [self.condition(o) for o in node.operands]
            if node.op == "and":
                return self.conj(*(t for t, _ in sides)), self.disj(*(f for _, f in sides))
            return self.disj(*(t for t, _ in sides)), self.conj(*(f for _, f in sides))
        if isinstance(node, Not):
            t, f = self.condition(node.operand)
            return f, t
        if isinstance(node, IfElse):
            ct, cf = self.condition(node.cond)
            tt, tf = self.condition(node.then)
            et, ef = self.condition(node.orelse)
            return (
                self.disj(self.conj(ct, tt), self.conj(cf, et)),
                self.disj(self.conj(ct, tf), self.conj(cf, ef)),
            )
        if isinstance(node, Compare) and count_threshold(node) is None:
            # (a count whose filter may be unknown is compared on its interval in Python: below)
            return self.comparison(node)
        if isinstance(node, In):
            return self.membership(node)
        if isinstance(node, CategoryCall):
            return self.category(node)
        if isinstance(node, Call) and node.fn == "exists":
            (arg,) = node.args
            if isinstance(arg, Const):
                return TRUE_DNF, FALSE_DNF
            prop = self.atom(arg, "present").props[0]
            return _leaf(exists(prop)), _leaf(missing(prop))
        # Any other true/false value (a field, an aggregate, ...) is computed in Python.
        prop = self.atom(node, "bool").props[0]
        return _leaf(compare(MRef(prop), "==", True)), _leaf(compare(MRef(prop), "==", False))

    def category(self, node: CategoryCall) -> tuple[DNF, DNF]:
        key = self.net.category_key(node.category)
        obj = self.atom(node.subject, "object")
        obj.categories.add(key)
        self.categories.add(key)
        ref = obj.props[0]
        return (
            (Term(ALWAYS, frozenset({Join("cat", key, ref, True)})),),
            (Term(ALWAYS, frozenset({Join("cat", key, ref, False)})),),
        )

    def comparison(self, node: Compare) -> tuple[DNF, DNF]:
        left, right, op = node.left, node.right, node.op
        if isinstance(left, Const) and isinstance(right, Const):
            return _constant(COMPARE[op](left.value, right.value))
        if left.type.kind == "bool" and right.type.kind == "bool":
            at, af = self.condition(left)
            bt, bf = self.condition(right)
            same = self.disj(self.conj(at, bt), self.conj(af, bf))
            differ = self.disj(self.conj(at, bf), self.conj(af, bt))
            return (same, differ) if op == "==" else (differ, same)
        encoding = _encoding(left.type, right.type)
        a, b = self.operand(left, encoding), self.operand(right, encoding)
        if encoding == "dec":
            t, f = _interval_compare(op, a, b)
        else:
            t, f = compare(a[0], op, b[0]), compare(a[0], NEGATE[op], b[0])
        return _leaf(t), _leaf(f)

    def membership(self, node: In) -> tuple[DNF, DNF]:
        elem, options = node.elem, node.options
        if isinstance(elem, Const):
            t, f = _constant(elem.value in options)
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
            encoding = _encoding(elem.type, *option_types)
            e = self.operand(elem, encoding)
            equal, unequal = [], []
            for option in options:
                c = self.constant(option, encoding)
                if encoding == "dec":
                    eq, ne = _interval_compare("==", e, c)
                else:
                    eq, ne = compare(e[0], "==", c[0]), compare(e[0], "!=", c[0])
                equal.append(_leaf(eq))
                unequal.append(_leaf(ne))
            t = self.disj(*equal)
            f = self.conj(*unequal) if options else self.presence(e)
        return (f, t) if node.negate else (t, f)

    def presence(self, operand: tuple[Operand, ...]) -> DNF:
        first = operand[0]
        return _leaf(exists(first.prop)) if isinstance(first, MRef) else TRUE_DNF


def _weight(d: DNF) -> tuple[int, int, int]:
    return (len(d), sum(markers(t.pat) for t in d), sum(len(t.joins) for t in d))


def _leaf(p: Pat) -> DNF:
    return normalize([Term(p)])


def _constant(value: bool | None) -> tuple[DNF, DNF]:
    if value is None:
        return FALSE_DNF, FALSE_DNF
    return (TRUE_DNF, FALSE_DNF) if value else (FALSE_DNF, TRUE_DNF)


def _encoding(*types: Type) -> Encoding:
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


def _interval_compare(op: str, x: tuple[Operand, ...], y: tuple[Operand, ...]) -> tuple[Pat, Pat]:
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


# -- rendering durable rules ------------------------------------------------------------------


def _home(kind: str, key: str, pat: Pat, extra: Iterable[JsonObj] = ()) -> JsonObj:
    return {"$and": [{"t": kind}, {"k": key}, *extra, *conjuncts(pat)]}


def _join_pattern(join: Join, home_alias: str) -> JsonObj:
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
class _Part:
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


def _durable_rule(parts: list[_Part], action: ActionSpec) -> JsonObj:
    patterns: list[JsonObj] = []
    j = 0
    for part in parts:
        patterns.append(
            {part.alias: _home(part.schema.kind, part.schema.key, part.term.pat, part.extra)}
        )
        for join in sorted(part.term.joins):
            alias = f"j{j}"
            assert alias in ALIASES, "MAX_JOINS keeps the joins of a rule below 32"
            patterns.append({alias: _join_pattern(join, part.alias)})
            j += 1
    return {"all": patterns, "pri": PRIORITY[action.kind], "run": action.name}


class _NetworkBuilder:
    def __init__(self, ruleset: RuleSet, limits: Limits) -> None:
        self.ruleset = ruleset
        self.limits = limits
        self.names = _Names()
        self.module = ModuleBuilder()
        self.plain = ExpressionCompiler(self.module, traced=False)
        self.category_keys = {cid: f"c{n}" for n, cid in enumerate(ruleset.categories)}
        self._lifts = 0
        self._function_names: set[str] = set()

    def category_key(self, cid: str) -> str:
        return self.category_keys[cid]

    def lift_key(self) -> str:
        self._lifts += 1
        return f"n{self._lifts}"

    def function(self, name: str, node: Node, params: list[str]) -> str:
        fname = f"atom_{name}"
        assert fname not in self._function_names
        self._function_names.add(fname)
        self.module.add_function(fname, params, [f"return {self.plain.expr(node)}"])
        return fname

    def _lift_rules(
        self, sb: _SchemaBuilder, rules: dict[str, JsonObj], actions: list[ActionSpec]
    ) -> None:
        # A lift may create further lifts while its own terms are rendered: none do, since the
        # DNF was already within the limits when lifted.
        for key, dnf in sb.lifts:
            action = ActionSpec("node", key)
            actions.append(action)
            for n, term in enumerate(dnf):
                rules[f"{key}.{n}"] = _durable_rule([_Part("f", sb.schema, term)], action)

    # categories ---------------------------------------------------------------------------
    def category_unit(self, cid: str, category: CheckedCategory) -> CategoryUnit:
        key = self.category_keys[cid]
        schema = Schema(CATEGORY_INPUT, key, ["root", "_p_root", "X"])
        sb = _SchemaBuilder(self, schema, cid)
        sides = [self._condition(sb, c) for c in category.conditions]
        if category.spec.combine == "any":
            t, f = sb.disj(*(s[0] for s in sides)), sb.conj(*(s[1] for s in sides))
        else:
            t, f = sb.conj(*(s[0] for s in sides)), sb.disj(*(s[1] for s in sides))
        rules: dict[str, JsonObj] = {}
        actions: list[ActionSpec] = []
        for value, dnf in ((True, t), (False, f)):
            action = ActionSpec("category", key, value)
            actions.append(action)
            for n, term in enumerate(dnf):
                rules[f"{key}.{'T' if value else 'F'}{n}"] = _durable_rule(
                    [_Part("f", schema, term)], action
                )
        self._lift_rules(sb, rules, actions)
        return CategoryUnit(key, cid, schema, rules, tuple(actions), frozenset(sb.categories))

    def _condition(self, sb: _SchemaBuilder, cond: CheckedCondition) -> tuple[DNF, DNF]:
        try:
            return sb.condition(cond.node)
        except ValueError as exc:
            raise CompileError("", sb.owner, f"condition {cond.spec.id}: {exc}") from exc

    # rules --------------------------------------------------------------------------------
    def rule_unit(self, index: int, rule: CheckedRule) -> RuleUnit:
        """The durable rules deciding one rule version for one subject (its rule fact).

        ``applies_when`` (scope) surely false: not applicable. Otherwise, with the scope true,
        the conditions (and, per item, the item conditions: some item true, or every item
        false) give true or false; anything else stays unknown: no verdict fires.
        """
        key = f"r{index}"
        schema = Schema(RULE, key, ["root", "_p_root", "X"])
        sb = _SchemaBuilder(self, schema, rule.id)
        scope = [self._condition(sb, c) for c in rule.scope]
        in_scope = sb.conj(*(s[0] for s in scope))
        out_of_scope = sb.disj(*(s[1] for s in scope))
        sides = [self._condition(sb, c) for c in rule.conditions]
        rule_t = sb.conj(in_scope, *(s[0] for s in sides))
        rule_f = sb.conj(in_scope, sb.disj(*(s[1] for s in sides)))
        rules: dict[str, JsonObj] = {}
        yes, no = ActionSpec("verdict", key, True), ActionSpec("verdict", key, False)
        not_applicable = ActionSpec("not_applicable", key)
        actions: list[ActionSpec] = [yes, no, not_applicable]
        item_schema = None
        items_function = None
        ib = None
        if rule.item_source is not None and rule.spec.for_each is not None:
            var = rule.spec.for_each.as_
            item_schema = Schema(ITEM, key, ["root", "_p_root", var_name(var), path_name(var), "X"])
            ib = _SchemaBuilder(self, item_schema, rule.id)
            item_sides = [self._condition(ib, c) for c in rule.item_conditions]
            item_t = ib.conj(*(s[0] for s in item_sides))
            item_f = ib.disj(*(s[1] for s in item_sides))
            items_function = self.function(f"{key}_items", rule.item_source, schema.params)
            if len(rule_t) * len(item_t) > MAX_TERMS:
                if len(rule_t) >= len(item_t):
                    rule_t = sb.lift(rule_t)
                else:
                    item_t = ib.lift(item_t)
            link = ({"s": {"f": "id"}},)
            for m, rt in enumerate(rule_t):
                for n, it in enumerate(item_t):
                    rules[f"{key}.T{m}.{n}"] = _durable_rule(
                        [_Part("f", schema, rt), _Part("i", item_schema, it, link)], yes
                    )
            # "Every item is false" is a chain of positive joins (see _every_item_false).
            item_false = ActionSpec("item_false", key)
            chain = ActionSpec("chain", key)
            actions += [item_false, chain]
            for n, it in enumerate(item_f):
                rules[f"{key}.IF{n}"] = _durable_rule([_Part("f", item_schema, it)], item_false)
            rules.update(_every_item_false(key, chain, no, schema, in_scope))
        else:
            for m, rt in enumerate(rule_t):
                rules[f"{key}.T{m}"] = _durable_rule([_Part("f", schema, rt)], yes)
        for m, rf in enumerate(rule_f):
            rules[f"{key}.F{m}"] = _durable_rule([_Part("f", schema, rf)], no)
        for m, na in enumerate(out_of_scope):
            rules[f"{key}.NA{m}"] = _durable_rule([_Part("f", schema, na)], not_applicable)
        self._lift_rules(sb, rules, actions)
        categories = set(sb.categories)
        if ib is not None:
            self._lift_rules(ib, rules, actions)
            categories |= ib.categories
        return RuleUnit(
            key,
            rule,
            schema,
            item_schema,
            items_function,
            rules,
            tuple(actions),
            frozenset(categories),
        )

    def category_functions(self) -> None:
        """``cat_<id>`` for atoms that use a category inside a value (e.g. in an aggregate)."""
        for cid, category in self.ruleset.categories.items():
            combine = "kor" if category.spec.combine == "any" else "kand"
            parts = ", ".join(self.plain.expr(c.node) for c in category.conditions)
            self.module.add_function(
                category_function(cid, False),
                ["root", "_p_root", "X"],
                [f"return rt.{combine}(({parts},))"],
            )


def _every_item_false(
    key: str, chain: ActionSpec, no: ActionSpec, schema: Schema, in_scope: DNF
) -> dict[str, JsonObj]:
    """ "Every item is false", by induction over the items, with positive joins only.

    Item facts carry their index ``j``, rule facts their number of items ``m``. Python asserts
    ``ac(j=0)`` ("the first 0 items are false") with each rule fact; an ``ac(j)`` and the
    false-record ``if`` of item ``j`` give ``ac(j+1)``; ``ac(j=m)`` (and the rule's scope)
    make the rule false. No ``$not``: durable 2.0.28 evaluates ``$not`` joins wrongly once
    the negated facts arrive after the facts they block (test_durable_hazards.py).
    """
    rules: dict[str, JsonObj] = {
        f"{key}.chain": {
            "all": [
                {"c": {"$and": [{"t": FALSE_UPTO}, {"k": key}]}},
                {
                    "e": {
                        "$and": [
                            {"t": ITEM_FALSE},
                            {"k": key},
                            {"s": {"c": "s"}},
                            {"j": {"c": "j"}},
                        ]
                    }
                },
            ],
            "pri": PRIORITY["chain"],
            "run": chain.name,
        },
    }
    every_item = {
        "c": {"$and": [{"t": FALSE_UPTO}, {"k": key}, {"s": {"f": "id"}}, {"j": {"f": "m"}}]}
    }
    for m, term in enumerate(in_scope):
        rule = _durable_rule([_Part("f", schema, term)], no)
        rule["all"].append(every_item)
        rules[f"{key}.allF{m}"] = rule
    return rules


SENTINEL: JsonObj = {"all": [{"m": {"$and": [{"t": GO}, {"k": GO}]}}], "run": SENTINEL_ACTION}


def _category_closure(wanted: Iterable[str], units: dict[str, CategoryUnit]) -> list[str]:
    out: dict[str, None] = {}
    stack = list(wanted)
    while stack:
        key = stack.pop()
        if key in out:
            continue
        out[key] = None
        stack.extend(units[key].categories)
    return sorted(out, key=lambda k: int(k[1:]))


def _assemble(
    name: str, units: list[RuleUnit], categories: dict[str, CategoryUnit]
) -> tuple[dict[str, JsonObj], list[str]]:
    cat_keys = _category_closure((c for u in units for c in u.categories), categories)
    definition: dict[str, JsonObj] = {SENTINEL_RULE: SENTINEL}
    for key in cat_keys:
        definition.update(categories[key].rules)
    for unit in units:
        definition.update(unit.rules)
    return definition, cat_keys


def compile_network(ruleset: RuleSet, limits: Limits | None = None) -> NetworkSpec:
    """Compile every rule version and category of ``ruleset`` into validated durable rulesets."""
    limits = limits or Limits()
    net = _NetworkBuilder(ruleset, limits)
    categories = {
        net.category_keys[cid]: net.category_unit(cid, c) for cid, c in ruleset.categories.items()
    }
    units = [net.rule_unit(i, r) for i, r in enumerate(ruleset.rules)]
    net.category_functions()
    functions = net.module.compile()

    shards: list[Shard] = []
    current: list[RuleUnit] = []

    def close(group: list[RuleUnit]) -> None:
        name = f"zy{len(shards)}"
        definition, cat_keys = _assemble(name, group, categories)
        validate_ruleset(name, definition, limits, extra_names=net.names.hashes.values())
        shards.append(Shard(name, tuple(u.key for u in group), tuple(cat_keys), definition))

    for unit in units:
        if current and len(current) < limits.max_units_per_shard:
            definition, _ = _assemble("candidate", [*current, unit], categories)
            if _fits(definition, limits):
                current.append(unit)
                continue
        if current:
            close(current)
        alone, _ = _assemble(f"zy{len(shards)}", [unit], categories)
        try:  # a rule that does not fit even alone is named with the limit it breaks
            validate_ruleset(f"zy{len(shards)}", alone, limits)
        except NetworkLimitError as exc:
            raise CompileError(exc.shard, unit.rule.id, exc.message) from exc
        current = [unit]
    if current or not shards:
        close(current)

    actions: dict[str, ActionSpec] = {SENTINEL_ACTION: ActionSpec("sentinel")}
    for group in (*(c.actions for c in categories.values()), *(u.actions for u in units)):
        for a in group:
            actions[a.name] = a
    return NetworkSpec(
        ruleset.version,
        {u.key: u for u in units},
        categories,
        dict(net.category_keys),
        tuple(shards),
        actions,
        functions,
        frozenset(net.names.hashes.values()),
    )


def _fits(definition: dict[str, JsonObj], limits: Limits) -> bool:
    try:
        validate_ruleset("candidate", definition, limits)
    except NetworkLimitError:
        return False
    return True
