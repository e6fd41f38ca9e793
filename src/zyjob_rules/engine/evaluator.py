"""Evaluate a case against the compiled rules: three-valued decisions, amounts, eligible_from.

Every condition of a rule is evaluated (no short-circuit), so a traced decision lists every
failed condition, not only the first. Missing facts make conditions ``unknown``; an unknown
outcome always names the missing facts by model path, traced or not.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..explain.decision import ConditionTrace, Decision, ItemTrace, Outcome, Verdict
from ..explain.words import engine_notes
from ..model import Case
from ..money import round_fen
from ..ruleset.checked import RuleSet
from ..ruleset.loader import bundled_ruleset
from .context import (
    Context,
    RuleStatics,
    Subject,
    new_decision,
    parameter_values,
    rule_statics,
    subjects_of,
)
from .dates import eligible_from, item_eligible_from
from .missing import missing_facts, missing_of, missing_unknown
from .overlaps import mark_non_cumulative
from .program import CompiledCondition, CompiledRule, Program
from .runtime import kand, kor
from .tracer import TraceCache, Tracer

# Re-exported: callers (screening, the durable backend) import these from here.
__all__ = [
    "Context",
    "RuleEvaluator",
    "Subject",
    "evaluate_rules",
    "evaluator_for",
    "mark_non_cumulative",
    "parameter_values",
    "rule_statics",
    "ruleset_of",
    "subjects_of",
]


class RuleEvaluator:
    """Decides one rule for one subject on one date."""

    def __init__(self, program: Program, as_of: date) -> None:
        self.program = program
        self.as_of = as_of
        self.params = parameter_values(program, as_of)
        self.plain_ctx = Context(as_of, self.params, None)
        self._in_force: list[tuple[str, CompiledRule, RuleStatics]] | None = None
        self._param_versions: dict[str, Any] = {}  # parameter id -> its value in force, traced

    def on(self, day: date) -> RuleEvaluator:
        """The evaluator of another date (shared: eligible_from probes the same few days)."""
        return self if day == self.as_of else evaluator_for(self.program, day)

    def decide_case(self, case: Case, trace: bool) -> list[Decision]:
        """Every rule in force on this date, for each subject of the case it applies to.

        One evaluator serves many cases of the same date (batch screening reuses it).
        """
        rules = self._in_force
        if rules is None:
            rules = self._in_force = [
                (cr.rule.spec.beneficiary, cr, rule_statics(self.program, cr))
                for cr in self.program.in_force(self.as_of)
            ]
        decisions = []
        overlapping = False
        for subject in subjects_of(case):
            kind = subject.kind
            for beneficiary, cr, st in rules:
                if beneficiary == kind:
                    if trace:
                        decisions.append(self.decide(cr, subject, True))
                    else:
                        decisions.append(self._decide_plain(cr, st, subject))
                    overlapping = overlapping or bool(st.not_cumulative_with)
        if overlapping:  # nothing to mark unless a rule declares an overlap
            mark_non_cumulative(decisions)
        return decisions

    def _tracer(self) -> Tracer:
        rs = self.program.ruleset
        cache = rs._cache.get("trace_cache")
        if not isinstance(cache, TraceCache):
            cache = rs._cache["trace_cache"] = TraceCache()
        return Tracer(self.as_of, rs.parameters, rs.categories, cache, self._param_versions)

    # -- the fast verdict ---------------------------------------------------------------------
    def verdict(self, cr: CompiledRule, subject: Subject) -> bool | None:
        """The rule's three-valued result without trace or amount (used to verify dates)."""
        x, root, path = self.plain_ctx, subject.obj, subject.path
        if cr.scope and kand([c.plain(root, path, x) for c in cr.scope]) is not True:
            return False  # not applicable (or unknown whether): not positive either way
        overall = kand([c.plain(root, path, x) for c in cr.conditions])
        if cr.items is not None and overall is not False:
            items = cr.items(root, path, x)
            overall = kand(
                (
                    overall,
                    kor(
                        [
                            kand([c.plain(root, path, item, None, x) for c in cr.item_conditions])
                            for item in items
                        ]
                    ),
                )
            )
        return overall

    # -- the decision ---------------------------------------------------------------------------
    def decide(
        self, cr: CompiledRule, subject: Subject, trace: bool, item_dates: bool = True
    ) -> Decision:
        """The decision of one rule for one subject.

        ``item_dates=False`` skips the per-item eligible_from of a traced decision (used when
        the trace is only wanted for its missing facts or unset parameters).
        """
        st = rule_statics(self.program, cr)
        out_of_scope, scope_frames = self._scope(cr, st, subject, trace)
        if out_of_scope is not None:
            return out_of_scope
        tracer = self._tracer() if trace else None
        x = Context(self.as_of, self.params, tracer) if tracer else self.plain_ctx
        root, path = subject.obj, subject.path
        decision = new_decision(st, path, Outcome.unknown)
        decision.scope = scope_frames
        clause = st.head[1]
        rule_values, decision.trace = self._conditions(
            cr.conditions, (root, path), x, tracer, clause, st.frames
        )
        overall = kand(rule_values)
        item_amounts: list[Decimal | None] = []
        item_values: list[bool | None] = []
        item_condition_values: list[list[bool | None]] = []
        items: list[Any] = []
        if cr.items is not None:
            items = cr.items(root, path, x)
            base = cr.items_path(root, path, x) if tracer and cr.items_path else ""
            for i, item in enumerate(items):
                item_path = f"{base}[{i}]" if tracer else None
                values, traces = self._conditions(
                    cr.item_conditions,
                    (root, path, item, item_path),
                    x,
                    tracer,
                    clause,
                    st.item_frames,
                )
                item_condition_values.append(values)
                v = kand(values)
                item_values.append(v)
                amount = None
                if v and cr.item_amount is not None:
                    amount = self._amount(
                        cr.item_amount,
                        (root, path, item, item_path),
                        x,
                        tracer,
                        traces if tracer else None,
                    )
                item_amounts.append(amount if v else Decimal(0))
                if tracer:
                    shown = round_fen(amount) if v and amount is not None else None
                    item_trace = ItemTrace(item_path or "", Verdict.of(v), shown, traces)
                    if v is False and item_dates and st.item_probes:
                        item_trace.eligible_from = item_eligible_from(
                            self, cr, subject, item, values
                        )
                    decision.items.append(item_trace)
            overall = kand((overall, kor(item_values)))
        decision.outcome = (
            Outcome.unknown if overall is None else st.positive if overall else st.negative
        )
        if overall is False:  # a refusal pays nothing: no item shows an amount under it
            for item_trace in decision.items:
                item_trace.amount = None
        if overall:  # a positive outcome
            self._set_amount(
                decision, cr, (root, path), x, tracer, item_values, item_amounts, items
            )
        if overall is None or (
            overall
            and decision.amount is None
            and decision.amount_reason_zh is None
            and (cr.amount or cr.item_amount)
        ):
            if tracer:
                decision.missing = missing_of(decision)
            elif overall is None:
                decision.missing = missing_unknown(
                    self, cr, subject, rule_values, items, item_condition_values
                )
            else:
                decision.missing = missing_facts(self, cr, subject)
        if overall is False and st.has_probes:  # without durations there is no such date
            decision.eligible_from = eligible_from(
                self, cr, subject, rule_values, items, item_condition_values
            )
        return decision

    def _decide_plain(self, cr: CompiledRule, st: RuleStatics, subject: Subject) -> Decision:
        """``decide(cr, subject, trace=False)``, unrolled for speed: same values, same order."""
        if cr.scope:
            out_of_scope, _ = self._scope(cr, st, subject, False)
            if out_of_scope is not None:
                return out_of_scope
        x = self.plain_ctx
        root, path = subject.obj, subject.path
        decision = new_decision(st, path, Outcome.unknown)
        rule_values = [c.plain(root, path, x) for c in cr.conditions]
        overall = kand(rule_values)
        item_amounts: list[Decimal | None] = []
        item_values: list[bool | None] = []
        item_condition_values: list[list[bool | None]] = []
        items: list[Any] = []
        if cr.items is not None:
            items = cr.items(root, path, x)
            conds = cr.item_conditions
            amount_fn = cr.item_amount[0] if cr.item_amount is not None else None
            zero = Decimal(0)
            for item in items:
                values = [c.plain(root, path, item, None, x) for c in conds]
                item_condition_values.append(values)
                v = kand(values)
                item_values.append(v)
                if v:
                    amount = None
                    if amount_fn is not None:
                        value = amount_fn(root, path, item, None, x)
                        amount = None if value is None else Decimal(value)
                    item_amounts.append(amount)
                else:
                    item_amounts.append(zero)
            overall = kand((overall, kor(item_values)))
        if overall is None:
            decision.missing = missing_unknown(
                self, cr, subject, rule_values, items, item_condition_values
            )
            return decision
        if overall:
            decision.outcome = st.positive
            self._set_amount(decision, cr, (root, path), x, None, item_values, item_amounts, items)
            if (
                decision.amount is None
                and decision.amount_reason_zh is None
                and (cr.amount or cr.item_amount)
            ):
                decision.missing = missing_facts(self, cr, subject)
            return decision
        decision.outcome = st.negative
        if st.has_probes:  # without durations there is no such date
            decision.eligible_from = eligible_from(
                self, cr, subject, rule_values, items, item_condition_values
            )
        return decision

    def _scope(
        self, cr: CompiledRule, st: RuleStatics, subject: Subject, trace: bool
    ) -> tuple[Decision | None, list[ConditionTrace]]:
        """Whether the rule concerns the subject at all (``applies_when``).

        Returns a finished ``not_applicable`` (or ``unknown``) decision when it surely does not
        (or may not), else None and, traced, the scope's condition frames for the decision.
        """
        if not cr.scope:
            return None, []
        args = (subject.obj, subject.path)
        frames: list[ConditionTrace] = []
        applies = kand([c.plain(*args, self.plain_ctx) for c in cr.scope])
        if trace or applies is None:  # the frames name the facts an unknown scope lacks
            tracer = self._tracer()
            x = Context(self.as_of, self.params, tracer)
            _, frames = self._conditions(cr.scope, args, x, tracer, st.head[1], st.scope_frames)
        if applies is True:
            return None, frames if trace else []
        outcome = Outcome.not_applicable if applies is False else Outcome.unknown
        decision = new_decision(st, subject.path, outcome)
        if trace:
            decision.scope = frames
        if applies is None:
            decision.missing = list(
                dict.fromkeys(m for f in frames if f.verdict is Verdict.unknown for m in f.missing)
            )
        return decision, frames

    def _conditions(
        self,
        conds: tuple[CompiledCondition, ...],
        args: tuple[Any, ...],
        x: Context,
        tracer: Tracer | None,
        clause: str,
        heads: tuple[tuple[str, str, str, str], ...],
    ) -> tuple[list[bool | None], list[ConditionTrace]]:
        if tracer is None:
            return [c.plain(*args, x) for c in conds], []
        values, traces = [], []
        unknown = Verdict.unknown
        stack = tracer.stack
        for c, (cid, zh, en, expression) in zip(conds, heads, strict=True):
            frame = ConditionTrace(cid, zh, en, expression, unknown, clause)
            stack.append(frame)
            try:
                v = c.traced(*args, x)
            finally:
                stack.pop()
            frame.verdict = Verdict.of(v)
            values.append(v)
            traces.append(frame)
        return values, traces

    def _amount(
        self,
        fns: tuple[Any, Any],
        args: tuple[Any, ...],
        x: Context,
        tracer: Tracer | None,
        into: list[ConditionTrace] | None,
    ) -> Decimal | None:
        if tracer is None:
            value = fns[0](*args, x)
        else:
            frame = ConditionTrace("amount", *engine_notes.AMOUNT_LABEL, "", Verdict.unknown, "")
            tracer.push(frame)
            try:
                value = fns[1](*args, x)
            finally:
                tracer.pop(None)
            frame.verdict = Verdict.met if value is not None else Verdict.unknown
            if into is not None:
                into.append(frame)
        return None if value is None else Decimal(value)

    def _set_amount(
        self,
        decision: Decision,
        cr: CompiledRule,
        args: tuple[Any, ...],
        x: Context,
        tracer: Tracer | None,
        item_values: list[bool | None],
        item_amounts: list[Decimal | None],
        items: list[Any],
    ) -> None:
        total: Decimal | None
        if cr.amount is not None:
            holder: list[ConditionTrace] = []
            total = self._amount(cr.amount, args, x, tracer, holder)
            decision.amount_trace = holder[0] if holder else None
        elif cr.item_amount is not None:
            total = Decimal(0)
            for value, amount in zip(item_values, item_amounts, strict=True):
                if value and amount is None:
                    total = None
                    break
                if value and amount is not None:
                    total += amount
        else:
            return  # not a cash benefit: no amount
        if total is not None:
            decision.amount = round_fen(total)
            return
        notes = self._unset_amount_params(decision, cr, args, tracer, item_values, items)
        reason = (
            engine_notes.amount_by_other_regulations(notes)
            if notes
            else engine_notes.amount_missing_facts()
        )
        decision.amount_reason_zh, decision.amount_reason_en = reason

    def _unset_amount_params(
        self,
        decision: Decision,
        cr: CompiledRule,
        args: tuple[Any, ...],
        tracer: Tracer | None,
        item_values: list[bool | None],
        items: list[Any],
    ) -> list[tuple[str, str]]:
        """(zh, en) notes of the parameters that left the amount unset (other regulations).

        Untraced, only the amount frames a traced decision would hold are traced again: the
        rule's amount, and the amount of each qualifying item.
        """
        frames: list[ConditionTrace]
        if tracer is not None:
            frames = [decision.amount_trace] if decision.amount_trace else []
            frames += [c for item in decision.items for c in item.conditions if c.id == "amount"]
        else:
            frames = []
            tracer = self._tracer()
            x = Context(self.as_of, self.params, tracer)
            root, path = args
            if cr.amount is not None:
                self._amount(cr.amount, args, x, tracer, frames)
            if cr.items is not None and cr.item_amount is not None:
                base = cr.items_path(root, path, x) if cr.items_path else ""
                for i, (item, v) in enumerate(zip(items, item_values, strict=True)):
                    if v:
                        self._amount(
                            cr.item_amount, (root, path, item, f"{base}[{i}]"), x, tracer, frames
                        )
        notes = {}
        for frame in frames:
            for p in frame.params:
                if p.value is None and p.unset_note_zh:
                    en = p.unset_note_en or p.unset_note_zh
                    notes[p.id] = (p.unset_note_zh, en)
        return list(notes.values())


def evaluator_for(program: Program, day: date) -> RuleEvaluator:
    """The evaluator of ``day`` for ``program``, kept with the rule set and shared.

    An evaluator holds only caches of pure values (parameters in force, the rules in force and
    their statics), so one per date serves every case and every call.
    """
    cache = program.ruleset._cache.setdefault("evaluators", {})
    assert isinstance(cache, dict)
    ev = cache.get(day)
    if not isinstance(ev, RuleEvaluator) or ev.program is not program:
        if len(cache) >= 256:  # many dates (cases with their own): keep the cache bounded
            cache.clear()
        ev = cache[day] = RuleEvaluator(program, day)
    return ev


def evaluate_rules(program: Program, case: Case, as_of: date, trace: bool) -> list[Decision]:
    return evaluator_for(program, as_of).decide_case(case, trace)


def ruleset_of(rules: RuleSet | None) -> RuleSet:
    """``rules``, or the bundled rule set (loaded and compiled once per process)."""
    return rules if rules is not None else bundled_ruleset()
