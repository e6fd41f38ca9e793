"""Compile a checked RuleSet into Python functions (the scalar engine's program).

``compile_ruleset`` returns the program the engine registry holds for the rule set, compiled once
per rule set fingerprint; ``build_program`` compiles afresh (the registry calls it). What the
evaluators derive from a program (values in force per date, evaluators, rule statics, trace
caches) is kept on the program itself (:class:`ProgramCaches`), so it lives and goes with the
engine the registry holds, never in string-keyed slots of the RuleSet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from ..lang.builtins import DURATIONS
from ..lang.nodes import Call, Compare, Node, categories_used, depends_on_as_of, params_used
from ..ruleset.checked import CheckedCategory, CheckedCondition, CheckedRule, RuleSet
from .registry import ENGINES
from .scalar.codegen import (
    Deferred,
    ExpressionCompiler,
    ModuleBuilder,
    category_function,
    may_raise,
    path_name,
    raising_categories,
    var_name,
)
from .scalar.straight import straight_rule, straight_verdict

if TYPE_CHECKING:
    from .scalar.context import RuleStatics
    from .scalar.evaluator import RuleEvaluator
    from .scalar.tracer import TraceCache

Fn = Callable[..., Any]


@dataclass(frozen=True)
class DurationProbe:
    """A condition ``months_between(start, <as_of …>) >= threshold``: when it first holds."""

    fn: str  # months_between | years_between | days_between
    strict: bool  # ">" rather than ">="
    start: Fn
    threshold: Fn


@dataclass(frozen=True)
class CompiledCondition:
    checked: CheckedCondition
    plain: Fn
    traced: Fn
    duration: DurationProbe | None
    # Whether the value may change with the date (reads as_of or a dated category): a
    # condition that does not keeps its value on any other date with the same parameters.
    dated: bool = True


@dataclass(frozen=True)
class CompiledRule:
    rule: CheckedRule
    conditions: tuple[CompiledCondition, ...]
    items: Fn | None
    items_path: Fn | None
    item_var: str | None
    item_conditions: tuple[CompiledCondition, ...]
    amount: tuple[Fn, Fn] | None  # (plain, traced)
    item_amount: tuple[Fn, Fn] | None
    amount_params: tuple[str, ...]
    scope: tuple[CompiledCondition, ...] = ()  # applies_when
    # Compiled on first use: ``fast``, the untraced answer in one call, and ``verdict``, the
    # three-valued verdict alone (engine/scalar/straight.py).
    straight: Deferred | None = None


@dataclass
class ProgramCaches:
    """Pure values derived from one program, computed on first use and shared by every call.

    ``evaluators`` and ``params_at`` are keyed by the as-of date (bounded by their users);
    ``rule_statics`` by ``id()`` of a compiled rule, holding the rule to check the identity.
    """

    evaluators: dict[date, RuleEvaluator] = field(default_factory=dict)
    params_at: dict[date, dict[str, Any]] = field(default_factory=dict)
    rule_statics: dict[int, tuple[CompiledRule, RuleStatics]] = field(default_factory=dict)
    trace: TraceCache | None = None


@dataclass(frozen=True)
class Program:
    ruleset: RuleSet
    rules: tuple[CompiledRule, ...]
    caches: ProgramCaches = field(default_factory=ProgramCaches, compare=False, repr=False)

    def in_force(self, day: date) -> list[CompiledRule]:
        return [r for r in self.rules if r.rule.in_force(day)]

    def version_at(self, rule_id: str, day: date) -> CompiledRule | None:
        for r in self.rules:
            if r.rule.id == rule_id and r.rule.in_force(day):
                return r
        return None


def _duration_shape(node: Node) -> tuple[str, bool, Node, Node] | None:
    """(fn, strict, start, threshold) when node is ``duration(start, end) >=/> threshold``."""
    if not isinstance(node, Compare) or node.op not in (">=", ">"):
        return None
    left = node.left
    if not isinstance(left, Call) or left.fn not in DURATIONS:
        return None
    start, end = left.args
    if depends_on_as_of(start) or not depends_on_as_of(end) or depends_on_as_of(node.right):
        return None
    return left.fn, node.op == ">", start, node.right


class _RuleCompiler:
    def __init__(self) -> None:
        self.b = ModuleBuilder()
        self.plain = ExpressionCompiler(self.b, traced=False)
        self.traced = ExpressionCompiler(self.b, traced=True)
        self._n = 0
        self._pending: list[tuple[str, Any]] = []

    def fn(self, node: Node, params: list[str], traced: bool, tag: str) -> str:
        self._n += 1
        name = f"{tag}_{self._n}{'_t' if traced else ''}"
        compiler = self.traced if traced else self.plain
        self.b.add_function(name, params, [f"return {compiler.expr(node)}"])
        return name

    def path_fn(self, node: Node, params: list[str]) -> str:
        self._n += 1
        name = f"path_{self._n}"
        self.b.add_function(name, params, [f"return {self.traced.path(node)}"])
        return name

    def category(self, cid: str, category: CheckedCategory) -> None:
        combine = "kor" if category.spec.combine == "any" else "kand"
        params = ["root", "_p_root", "X"]
        plain_parts = [self.plain.expr(c.node) for c in category.conditions]
        if any(may_raise(c.node, self.plain.raising) for c in category.conditions):
            plain = f"rt.{combine}(({', '.join(plain_parts)},))"
        else:  # lazy: the first condition that decides the category ends it
            nullable = [c.node.type.nullable for c in category.conditions]
            plain = self.plain.kleene(
                "or" if category.spec.combine == "any" else "and",
                list(zip(plain_parts, nullable, strict=True)),
            )
        self.b.add_function(category_function(cid, False), params, [f"return {plain}"])
        body = [
            "R = X.recorder",
            f"_known = R.known_category({cid!r}, root, _p_root)",
            "if _known is not rt.NOT_KNOWN:",
            "    return _known",
            f"R.begin_category({cid!r}, _p_root, root)",
        ]
        for i, c in enumerate(category.conditions):
            body.append(f"R.begin_category_condition({cid!r}, {i})")
            body.append(f"_v{i} = R.end_category_condition({self.traced.expr(c.node)})")
        values = ", ".join(f"_v{i}" for i in range(len(category.conditions)))
        body.append(f"return R.end_category(rt.{combine}(({values},)))")
        self.b.add_function(category_function(cid, True), params, body)

    def condition(self, cond: CheckedCondition, params: list[str]) -> tuple[str, str, Any]:
        plain = self.fn(cond.node, params, False, "cond")
        traced = self.fn(cond.node, params, True, "cond")
        shape = _duration_shape(cond.node)
        probe = None
        if shape is not None:
            fn, strict, start, threshold = shape
            probe = (
                fn,
                strict,
                self.fn(start, params, False, "start"),
                self.fn(threshold, params, False, "threshold"),
            )
        return plain, traced, probe


@dataclass
class _Plan:
    """Names of the generated functions of one rule, resolved once the module is compiled."""

    rule: CheckedRule
    conditions: list[tuple[CheckedCondition, tuple[str, str, Any]]]
    scope: list[tuple[CheckedCondition, tuple[str, str, Any]]]
    items: str | None = None
    items_path: str | None = None
    item_var: str | None = None
    item_conditions: list[tuple[CheckedCondition, tuple[str, str, Any]]] = field(
        default_factory=list
    )
    amount: tuple[str, str] | None = None
    item_amount: tuple[str, str] | None = None
    amount_params: tuple[str, ...] = ()


def _is_probe(node: Node) -> bool:
    return _duration_shape(node) is not None


def _straight(rc: _RuleCompiler, rule: CheckedRule, into: list[str]) -> None:
    """The sources of a rule's ``fast`` and ``verdict`` functions (generated on first use)."""
    straight_rule(rc.b, rc.plain, rule, _is_probe, "fast", into)
    straight_verdict(rc.b, rc.plain, rule, "verdict", into)


def _plan(rc: _RuleCompiler, rule: CheckedRule) -> _Plan:
    params = ["root", "_p_root", "X"]
    plan = _Plan(
        rule,
        [(c, rc.condition(c, params)) for c in rule.conditions],
        [(c, rc.condition(c, params)) for c in rule.scope],
    )
    item_params = params
    if rule.item_source is not None and rule.spec.for_each is not None:
        plan.item_var = rule.spec.for_each.as_
        plan.items = rc.fn(rule.item_source, params, False, "items")
        plan.items_path = rc.path_fn(rule.item_source, params)
        item_params = ["root", "_p_root", var_name(plan.item_var), path_name(plan.item_var), "X"]
        plan.item_conditions = [(c, rc.condition(c, item_params)) for c in rule.item_conditions]
    if rule.amount is not None:
        plan.amount = (
            rc.fn(rule.amount, params, False, "amount"),
            rc.fn(rule.amount, params, True, "amount"),
        )
    if rule.item_amount is not None:
        plan.item_amount = (
            rc.fn(rule.item_amount, item_params, False, "amount"),
            rc.fn(rule.item_amount, item_params, True, "amount"),
        )
    used = [
        *(params_used(rule.amount) if rule.amount else []),
        *(params_used(rule.item_amount) if rule.item_amount else []),
    ]
    plan.amount_params = tuple(dict.fromkeys(used))
    return plan


def _dated_categories(ruleset: RuleSet) -> frozenset[str]:
    """Categories whose verdict may change with the date, directly or through another one."""
    dated: set[str] = set()
    changed = True
    while changed:
        changed = False
        for cid, category in ruleset.categories.items():
            if cid not in dated and any(
                depends_on_as_of(c.node, frozenset(dated)) for c in category.conditions
            ):
                dated.add(cid)
                changed = True
    return frozenset(dated)


def params_read(ruleset: RuleSet, rule: CheckedRule) -> frozenset[str]:
    """Every parameter a rule's conditions read, through its categories too."""
    nodes = [c.node for c in (*rule.scope, *rule.conditions, *rule.item_conditions)]
    if rule.item_source is not None:
        nodes.append(rule.item_source)
    seen: set[str] = set()
    out: set[str] = set()
    while nodes:
        node = nodes.pop()
        out.update(params_used(node))
        for cid in categories_used(node):
            if cid not in seen:
                seen.add(cid)
                nodes += [c.node for c in ruleset.categories[cid].conditions]
    return frozenset(out)


def compile_ruleset(ruleset: RuleSet) -> Program:
    """The compiled program of a rule set, from the scalar engine the registry holds for it."""
    engine = ENGINES.engine(ruleset, "python")
    program = getattr(engine, "program", None)
    assert isinstance(program, Program), "the python engine carries its program"
    return program


def build_program(ruleset: RuleSet) -> Program:
    """Compile every category and rule of ``ruleset`` into Python functions, now."""
    rc = _RuleCompiler()
    rc.plain.raising = raising_categories(
        {cid: [c.node for c in cat.conditions] for cid, cat in ruleset.categories.items()}
    )
    for cid, category in ruleset.categories.items():
        rc.category(cid, category)
    plans = [_plan(rc, rule) for rule in ruleset.rules]
    fns = rc.b.compile()
    dated_categories = _dated_categories(ruleset)

    def conds(
        entries: list[tuple[CheckedCondition, tuple[str, str, Any]]],
    ) -> tuple[CompiledCondition, ...]:
        out = []
        for checked, (plain, traced, probe) in entries:
            duration = None
            if probe is not None:
                fn, strict, start, threshold = probe
                duration = DurationProbe(fn, strict, fns[start], fns[threshold])
            dated = depends_on_as_of(checked.node, dated_categories)
            out.append(CompiledCondition(checked, fns[plain], fns[traced], duration, dated))
        return tuple(out)

    def pair(names: tuple[str, str] | None) -> tuple[Fn, Fn] | None:
        return (fns[names[0]], fns[names[1]]) if names else None

    compiled = tuple(
        CompiledRule(
            plan.rule,
            conds(plan.conditions),
            fns[plan.items] if plan.items else None,
            fns[plan.items_path] if plan.items_path else None,
            plan.item_var,
            conds(plan.item_conditions),
            pair(plan.amount),
            pair(plan.item_amount),
            plan.amount_params,
            conds(plan.scope),
            rc.b.deferred(partial(_straight, rc, plan.rule)),
        )
        for plan in plans
    )
    return Program(ruleset, compiled)
