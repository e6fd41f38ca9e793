"""One rule compiled to columns of the subject frame: outcome, amount in fen, and whether the
scalar engine must finish the row.

Per rule, as ``RuleEvaluator.decide`` does: the scope (``applies_when``), the conditions, the
items of ``for_each`` (each item's conditions, ``any`` over items), the outcome, the amount of a
positive outcome (rounded half-up to the fen at the end). A row is *handed to the scalar
engine* (``delegate``) when its answer needs what only a trace gives or a date search decides:
an unknown outcome (its missing facts), a positive outcome whose amount is missing (the reason)
or with items still undecided (their missing facts),
a negative one where only durations fall short with a date after as-of (eligible_from, verified
on the day and the day before), or a division by zero the scalar engine would raise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ...lang.nodes import Call, Compare, Node, depends_on_as_of
from ...ruleset.checked import CheckedCategory, CheckedCondition, CheckedRule
from ...ruleset.parameters import Parameter
from ...ruleset.schema import Period
from ..scalar.context import NEGATIVE, POSITIVE
from . import periods
from .expressions import (
    ExpressionCompiler,
    Unsupported,
    Val,
    column_of,
    kand,
    kleene_any,
    kor,
)
from .levels import Level

if TYPE_CHECKING:
    import polars as pl

MIN_DAY = date(1, 1, 1)  # "nothing fails": the scalar engine's date.min


@dataclass(frozen=True)
class RuleColumns:
    """The columns one compiled rule adds to its subject frame."""

    rule: CheckedRule
    outcome: str
    amount: str
    delegate: str
    error: str  # the scalar engine would raise (a division by zero)
    in_force: str


def duration_shape(node: Node) -> tuple[str, bool, Node, Node] | None:
    """(fn, strict, start, threshold) when ``node`` is ``duration(start, <as_of …>) >= n``
    (the conditions the scalar engine probes for eligible_from; see engine/program.py)."""
    if not isinstance(node, Compare) or node.op not in (">=", ">"):
        return None
    left = node.left
    if not isinstance(left, Call) or left.fn not in (
        "months_between",
        "years_between",
        "days_between",
    ):
        return None
    start, end = left.args
    if depends_on_as_of(start) or not depends_on_as_of(end) or depends_on_as_of(node.right):
        return None
    return left.fn, node.op == ">", start, node.right


def fen(v: Val) -> pl.Expr:
    """A scaled number rounded half-up (away from zero on a half) to the fen, as round_fen."""
    if v.scale <= 2:
        widened: pl.Expr = v.expr * (10 ** (2 - v.scale))
        return widened
    d = 10 ** (v.scale - 2)
    magnitude = (v.expr.abs() + d // 2) // d
    rounded: pl.Expr = magnitude * v.expr.sign()
    return rounded


class RuleCompiler:
    """Compiles the rules of one subject kind on one date into one frame's columns."""

    def __init__(
        self,
        params: Mapping[str, Parameter],
        categories: Mapping[str, CheckedCategory],
        level0: Level,
    ) -> None:
        self.params = params
        self.categories = categories
        self.level0 = level0
        self.category_columns: dict[str, str] = {}

    def compile(self, rule: CheckedRule) -> RuleColumns:
        """Add the rule's columns to level 0; raises Unsupported and adds nothing if the rule
        cannot be expressed."""
        trial = Level(0, counter=self.level0.counter)
        category_columns = dict(self.category_columns)
        comp = ExpressionCompiler(self.params, self.categories, category_columns, trial)
        columns = self._rule(comp, rule, trial)
        self.level0.steps.extend(trial.steps)
        self.category_columns.update(category_columns)
        return columns

    def _conditions(
        self, comp: ExpressionCompiler, conds: tuple[CheckedCondition, ...], level: Level
    ) -> list[pl.Expr]:
        return [comp.expr(c.node, level) for c in conds]

    def _candidate(
        self,
        comp: ExpressionCompiler,
        conds: tuple[CheckedCondition, ...],
        values: list[pl.Expr],
        level: Level,
    ) -> tuple[pl.Expr, bool]:
        """The latest date a failing duration reaches its threshold (``MIN_DAY`` when nothing
        fails, missing when a failing condition is no duration): dates.py's ``_candidate``."""
        import polars as pl

        saved, comp.guard = comp.guard, None
        try:
            days = []
            probes = False
            for c, v in zip(conds, values, strict=True):
                shape = duration_shape(c.node)
                day: Any = pl.when(v.fill_null(False)).then(pl.lit(MIN_DAY))
                if shape is not None:
                    probes = True
                    fn, strict, start_node, threshold_node = shape
                    start = comp.expr(start_node, level)
                    threshold = comp.value(threshold_node, level)
                    if threshold.scale:
                        raise Unsupported("a duration threshold with decimals")
                    n = threshold.expr + (1 if strict else 0)
                    if fn == "months_between":
                        reached = periods.add_months(start, n)
                    elif fn == "years_between":
                        reached = periods.add_years(start, n)
                    else:
                        reached = periods.add_days(start, n)
                    day = day.when(v.not_()).then(reached)
                days.append(day.otherwise(None))
        finally:
            comp.guard = saved
        if not days:
            return pl.lit(MIN_DAY), probes
        any_missing = kor([d.is_null() for d in days])
        return pl.when(any_missing).then(None).otherwise(pl.max_horizontal(days)), probes

    def _rule(self, comp: ExpressionCompiler, rule: CheckedRule, level: Level) -> RuleColumns:
        import polars as pl

        spec = rule.spec
        name = level.fresh(f"rule_{spec.id}_")
        comp.guard = pl.lit(True)
        applies: pl.Expr | None = None
        if rule.scope:
            applies = kand(self._conditions(comp, rule.scope, level))
            comp.guard = applies.fill_null(False)
        values = self._conditions(comp, rule.conditions, level)
        overall = kand(values)
        rule_day, probes = self._candidate(comp, rule.conditions, values, level)
        rule_day_col = f"{name}.rule_day"
        level.add_column(rule_day_col, rule_day)
        items_any = items_total = items_bad = items_cand = items_open = None
        amount_scale = 0
        if rule.item_source is not None:
            assert spec.for_each is not None
            cols = [f"{name}.{k}" for k in ("any", "total", "bad", "cand", "open")]

            def body(child: Level) -> list[tuple[str, pl.Expr, Any]]:
                nonlocal amount_scale, probes
                item_values = [
                    column_of(child, e, "item")
                    for e in self._conditions(comp, rule.item_conditions, child)
                ]
                v = column_of(child, kand(item_values), "items")
                outputs: list[tuple[str, pl.Expr, Any]] = [(cols[0], kleene_any(v), False)]
                if rule.item_amount is not None:
                    amount = comp.value(rule.item_amount, child)
                    amount = Val(column_of(child, amount.expr, "amount"), amount.scale)
                    amount_scale = amount.scale
                    chosen = v.fill_null(False)
                    outputs.append((cols[1], amount.expr.filter(chosen).sum(), 0))
                    outputs.append((cols[2], (chosen & amount.expr.is_null()).any(), False))
                day, item_probes = self._candidate(comp, rule.item_conditions, item_values, child)
                probes = probes or item_probes
                child.need(rule_day_col, 0)
                child.need("__as_of", 0)
                cand = pl.max_horizontal(day, pl.col(rule_day_col))
                late = (cand > pl.col("__as_of")) & day.is_not_null()
                outputs.append((cols[3], late.fill_null(False).any(), False))
                outputs.append((cols[4], v.is_null().any(), False))
                return outputs

            comp._items(rule.item_source, spec.for_each.as_, body, level)
            items_any, items_total, items_bad, items_cand, items_open = (pl.col(c) for c in cols)
            overall = overall & items_any
        verdict = f"{name}.verdict"
        level.add_column(verdict, overall)
        v = pl.col(verdict)
        positive = v.fill_null(False)
        if applies is not None:
            positive = positive & applies.fill_null(False)
        # The amount of a positive outcome (evaluated only there, as in the scalar engine).
        amount: pl.Expr | None = None
        if rule.amount is not None:
            comp.guard = positive
            total = comp.value(rule.amount, level)
            amount = fen(total)
        elif rule.item_amount is not None:
            assert items_total is not None and items_bad is not None
            amount = fen(Val(pl.when(items_bad).then(None).otherwise(items_total), amount_scale))
        # Outcome.
        pos, neg = POSITIVE[spec.kind].value, NEGATIVE[spec.kind].value
        outcome: Any = pl.when(v.is_null()).then(pl.lit("unknown")).when(v).then(pl.lit(pos))
        outcome = outcome.otherwise(pl.lit(neg))
        if applies is not None:
            outcome = (
                pl.when(applies.is_null())
                .then(pl.lit("unknown"))
                .when(~applies)
                .then(pl.lit("not_applicable"))
                .otherwise(outcome)
            )
        outcome_col, amount_col, delegate_col = (
            f"{name}.outcome",
            f"{name}.amount",
            f"{name}.delegate",
        )
        level.add_column(outcome_col, outcome)
        o = pl.col(outcome_col)
        amount_expr = pl.lit(None, dtype=pl.Int64)
        if amount is not None:
            amount_expr = pl.when(o == pos).then(amount).otherwise(None)
        level.add_column(amount_col, amount_expr)
        # Rows the scalar engine finishes.
        delegate = o == "unknown"
        if amount is not None:
            delegate = delegate | ((o == pos) & pl.col(amount_col).is_null())
        if items_open is not None:  # a positive outcome with undecided items: their facts
            delegate = delegate | ((o == pos) & items_open)
        if probes:
            level.need("__as_of", 0)
            rule_late = pl.col(rule_day_col).is_not_null()
            if items_cand is None:
                rule_late = rule_late & (pl.col(rule_day_col) > pl.col("__as_of"))
            else:
                rule_late = rule_late & items_cand
            delegate = delegate | ((o == neg) & rule_late)
        error_col = f"{name}.error"
        errors = kor(comp.errors).fill_null(True) if comp.errors else pl.lit(False)
        level.add_column(error_col, errors)
        delegate = delegate | pl.col(error_col)
        level.add_column(delegate_col, delegate.fill_null(True))
        in_force_col = f"{name}.in_force"
        level.add_column(in_force_col, in_force(spec.effective))
        return RuleColumns(rule, outcome_col, amount_col, delegate_col, error_col, in_force_col)


def in_force(period: Period) -> pl.Expr:
    """Whether a rule version is in force on each row's as-of date (``Period.contains``)."""
    import polars as pl

    day = pl.col("__as_of")
    inside = day >= period.from_
    if period.until is not None:
        inside = inside & (day <= period.until)
    return inside
