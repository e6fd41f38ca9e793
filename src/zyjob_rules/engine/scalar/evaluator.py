"""Evaluate a case against the compiled rules: three-valued decisions, amounts, eligible_from.

Every condition of a rule is evaluated (no short-circuit), so a traced decision lists every
failed condition, not only the first. Missing facts make conditions ``unknown``; an unknown
outcome always names the missing facts by model path, traced or not.

One walk decides a rule for a subject, traced or not: what differs is the recorder, chosen
once per decision (``recording.NullRecorder`` untraced, ``recording.FullRecorder`` traced).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ...explain.decision import ConditionTrace, Decision, Outcome, Verdict
from ...explain.words import engine_notes
from ...model import Case
from ...money import round_fen
from ...ruleset.checked import RuleSet
from ...ruleset.loader import bundled_ruleset
from ..program import CompiledRule, Program
from .context import (
    Context,
    RuleStatics,
    Subject,
    new_decision,
    parameter_values,
    rule_statics,
    subjects_of,
)
from .dates import eligible_from
from .missing import missing_unknown
from .overlaps import mark_non_cumulative
from .recording import FullRecorder, NullRecorder, Recorder
from .runtime import NOT_APPLICABLE, kand, kor
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

_ZERO = Decimal(0)


class RuleEvaluator:
    """Decides one rule for one subject on one date."""

    def __init__(self, program: Program, as_of: date) -> None:
        self.program = program
        self.as_of = as_of
        self.params = parameter_values(program, as_of)
        self.plain_ctx = Context(as_of, self.params, None)
        self.null = NullRecorder(self.plain_ctx)  # the untraced recorder, shared
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
        decide = self.walk if trace else self.fast
        for subject in subjects_of(case):
            kind = subject.kind
            for beneficiary, cr, st in rules:
                if beneficiary == kind:
                    decisions.append(decide(cr, st, subject, trace, True))
                    overlapping = overlapping or bool(st.not_cumulative_with)
        if overlapping:  # nothing to mark unless a rule declares an overlap
            mark_non_cumulative(decisions)
        return decisions

    def new_tracer(self) -> Tracer:
        """A fresh recorder stack for traced evaluation on this date (caches shared)."""
        rs, caches = self.program.ruleset, self.program.caches
        cache = caches.trace
        if cache is None:
            cache = caches.trace = TraceCache()
        return Tracer(self.as_of, rs.parameters, rs.categories, cache, self._param_versions)

    # -- the fast verdict ---------------------------------------------------------------------
    def verdict(self, cr: CompiledRule, subject: Subject) -> bool | None:
        """The rule's three-valued result without trace or amount (used to verify dates)."""
        verdict = None if cr.straight is None else cr.straight.functions().get("verdict")
        if verdict is not None:  # generated: decides as soon as the answer is known
            answer: bool | None = verdict(subject.obj, self.plain_ctx)
            return answer
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
        return self.walk(cr, rule_statics(self.program, cr), subject, trace, item_dates)

    def fast(
        self, cr: CompiledRule, st: RuleStatics, subject: Subject, trace: bool, item_dates: bool
    ) -> Decision:
        """The untraced decision from the rule's straight-line function (straight.py), or from
        the walk when the answer needs more than it gives (missing facts, eligible_from)."""
        fast = None if cr.straight is None else cr.straight.functions().get("fast")
        answer = None if fast is None else fast(subject.obj, self.plain_ctx)
        if answer is None:
            return self.walk(cr, st, subject, False, item_dates)
        if answer is False:
            return new_decision(st, subject.path, st.negative)
        if answer is True:
            return new_decision(st, subject.path, st.positive)
        if answer is NOT_APPLICABLE:
            return new_decision(st, subject.path, Outcome.not_applicable)
        decision = new_decision(st, subject.path, st.positive)
        decision.amount = round_fen(answer)
        return decision

    def walk(
        self, cr: CompiledRule, st: RuleStatics, subject: Subject, trace: bool, item_dates: bool
    ) -> Decision:
        """The one decision walk; ``trace`` only chooses the recorder."""
        rec: Recorder = FullRecorder(self, self.new_tracer(), item_dates) if trace else self.null
        decision = new_decision(st, subject.path, Outcome.unknown)
        if cr.scope and not self._in_scope(cr, st, subject, rec, decision):
            return decision
        x = rec.ctx
        root, path = subject.obj, subject.path
        clause = st.head[1]
        rule_values = rec.conditions(cr.conditions, (root, path), clause, st.frames, decision.trace)
        overall = kand(rule_values)
        item_amounts: list[Decimal | None] = []
        item_values: list[bool | None] = []
        item_condition_values: list[list[bool | None]] = []
        items: list[Any] = []
        if cr.items is not None:
            items = cr.items(root, path, x)
            base = rec.item_base(cr, root, path)
            conds, heads, amount_fns = cr.item_conditions, st.item_frames, cr.item_amount
            for i, item in enumerate(items):
                item_path = rec.item_path(base, i)
                args = (root, path, item, item_path)
                frames = rec.item_frames()
                values = rec.conditions(conds, args, clause, heads, frames)
                item_condition_values.append(values)
                v = kand(values)
                item_values.append(v)
                amount = None
                if v and amount_fns is not None:
                    amount = rec.amount(amount_fns, args, frames)
                item_amounts.append(amount if v else _ZERO)
                rec.item(
                    self, decision, st, cr, subject, item, item_path, v, amount, values, frames
                )
            overall = kand((overall, kor(item_values)))
        if overall is None:
            decision.missing = rec.missing(
                self, cr, subject, decision, None, rule_values, items, item_condition_values
            )
            return decision
        if overall:
            decision.outcome = st.positive
            self._set_amount(decision, cr, (root, path), rec, item_values, item_amounts, items)
            if (
                decision.amount is None
                and decision.amount_reason_zh is None
                and (cr.amount or cr.item_amount)
            ):
                decision.missing = rec.missing(
                    self, cr, subject, decision, True, rule_values, items, item_condition_values
                )
            elif None in item_values:
                # Items undecided under a positive decision are not dropped: their missing
                # facts are listed (the amount is that of the items surely in; an amount set
                # by other regulations is its reason, not a missing fact, as without them).
                decision.missing = missing_unknown(
                    self, cr, subject, rule_values, items, item_condition_values, amounts=False
                )
            return decision
        decision.outcome = st.negative
        for item_trace in decision.items:  # a refusal pays nothing: no item shows an amount
            item_trace.amount = None
        if st.has_probes:  # without durations there is no such date
            decision.eligible_from = eligible_from(
                self, cr, subject, rule_values, items, item_condition_values
            )
        return decision

    def _in_scope(
        self, cr: CompiledRule, st: RuleStatics, subject: Subject, rec: Recorder, decision: Decision
    ) -> bool:
        """Whether the rule concerns the subject at all (``applies_when``).

        When it surely does not (or may not), ``decision`` becomes ``not_applicable`` (or
        ``unknown``, naming the facts the scope lacks) and False is returned. The recorder
        keeps the scope's condition frames in ``decision.scope`` (traced only).
        """
        args = (subject.obj, subject.path)
        clause = st.head[1]
        applies = kand(rec.conditions(cr.scope, args, clause, st.scope_frames, decision.scope))
        if applies is True:
            return True
        decision.outcome = Outcome.not_applicable if applies is False else Outcome.unknown
        if applies is None:
            frames = decision.scope
            if not frames:  # untraced: trace the scope again to name the facts it lacks
                full = FullRecorder(self, self.new_tracer(), False)
                full.conditions(cr.scope, args, clause, st.scope_frames, frames := [])
            decision.missing = list(
                dict.fromkeys(m for f in frames if f.verdict is Verdict.unknown for m in f.missing)
            )
        return False

    def _set_amount(
        self,
        decision: Decision,
        cr: CompiledRule,
        args: tuple[Any, ...],
        rec: Recorder,
        item_values: list[bool | None],
        item_amounts: list[Decimal | None],
        items: list[Any],
    ) -> None:
        total: Decimal | None
        if cr.amount is not None:
            holder: list[ConditionTrace] = []
            total = rec.amount(cr.amount, args, holder)
            decision.amount_trace = holder[0] if holder else None
        elif cr.item_amount is not None:
            total = _ZERO
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
        notes: dict[str, tuple[str, str]] = {}
        for frame in rec.amount_frames(self, decision, cr, args, item_values, items):
            for p in frame.params:
                if p.value is None and p.unset_note_zh:
                    notes[p.id] = (p.unset_note_zh, p.unset_note_en or p.unset_note_zh)
        reason = (
            engine_notes.amount_by_other_regulations(list(notes.values()))
            if notes
            else engine_notes.amount_missing_facts()
        )
        decision.amount_reason_zh, decision.amount_reason_en = reason


def evaluator_for(program: Program, day: date) -> RuleEvaluator:
    """The evaluator of ``day`` for ``program``, kept with the program and shared.

    An evaluator holds only caches of pure values (parameters in force, the rules in force and
    their statics), so one per date serves every case and every call.
    """
    cache = program.caches.evaluators
    ev = cache.get(day)
    if ev is None:
        if len(cache) >= 256:  # many dates (cases with their own): keep the cache bounded
            cache.clear()
        ev = cache[day] = RuleEvaluator(program, day)
    return ev


def evaluate_rules(program: Program, case: Case, as_of: date, trace: bool) -> list[Decision]:
    return evaluator_for(program, as_of).decide_case(case, trace)


def ruleset_of(rules: RuleSet | None) -> RuleSet:
    """``rules``, or the bundled rule set (loaded and compiled once per process)."""
    return rules if rules is not None else bundled_ruleset()
