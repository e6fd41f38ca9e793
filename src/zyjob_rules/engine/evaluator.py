"""Evaluate a case against the compiled rules: three-valued decisions, amounts, eligible_from.

Every condition of a rule is evaluated (no short-circuit), so a traced decision lists every
failed condition, not only the first. Missing facts make conditions ``unknown``; an unknown
outcome always names the missing facts by model path, traced or not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ..explain.decision import (
    ConditionTrace,
    Decision,
    ItemTrace,
    Outcome,
    Verdict,
)
from ..model import Case, Household, Organisation, Person
from ..money import round_fen
from ..ruleset.checked import RuleSet
from ..ruleset.loader import bundled_ruleset
from ..ruleset.schema import RuleKind
from .program import CompiledCondition, CompiledRule, Program, params_read
from .runtime import SHIFT, kand, kor
from .tracer import TraceCache, Tracer, new_condition_trace

POSITIVE = {
    RuleKind.entitlement: Outcome.eligible,
    RuleKind.loan: Outcome.eligible,
    RuleKind.priority: Outcome.eligible,
    RuleKind.discretionary: Outcome.may_consider,
    RuleKind.obligation: Outcome.met,
    RuleKind.target: Outcome.met,
}
NEGATIVE = {
    k: (Outcome.not_met if v is Outcome.met else Outcome.not_eligible) for k, v in POSITIVE.items()
}


class Context:
    """What generated code reads besides the case: the date, parameter values, the recorder."""

    __slots__ = ("P", "R", "as_of", "last_year", "this_year")

    def __init__(self, as_of: date, params: dict[str, Any], tracer: Tracer | None) -> None:
        self.as_of = as_of
        self.this_year = as_of.year
        self.last_year = as_of.year - 1
        self.P = params
        self.R = tracer


def parameter_values(program: Program, day: date) -> dict[str, Any]:
    """Every parameter's value in force on ``day`` (None when unset or not yet in force)."""
    cache = program.ruleset._cache.setdefault("params_at", {})
    assert isinstance(cache, dict)
    values = cache.get(day)
    if values is None:
        values = {}
        for pid, p in program.ruleset.parameters.items():
            pv = p.at(day)
            values[pid] = None if pv is None else pv.value
        cache[day] = values
    return values


@dataclass(frozen=True, slots=True)
class RuleStatics:
    """What every decision of one compiled rule shares, computed once per rule set."""

    head: tuple[str, str, str, str, str]  # id, clause, title zh, title en, kind
    amount_is_maximum: bool
    quote: str
    not_cumulative_with: tuple[str, ...]
    caveat: tuple[str, str] | None
    positive: Outcome
    negative: Outcome
    has_probes: bool  # some condition is a duration: eligible_from may exist
    item_probes: bool
    frames: tuple[tuple[str, str, str, str], ...]  # condition trace heads: id, zh, en, expression
    item_frames: tuple[tuple[str, str, str, str], ...]
    scope_frames: tuple[tuple[str, str, str, str], ...] = ()
    params_read: frozenset[str] = frozenset()  # every parameter the conditions read
    scope_dated: bool = False  # a scope condition may change with the date


def _frame_heads(conds: tuple[CompiledCondition, ...]) -> tuple[tuple[str, str, str, str], ...]:
    return tuple(
        (t.id, t.label_zh, t.label_en, t.expression)
        for t in (new_condition_trace(c.checked, "") for c in conds)
    )


def rule_statics(program: Program, cr: CompiledRule) -> RuleStatics:
    cache = program.ruleset._cache.setdefault("rule_statics", {})
    assert isinstance(cache, dict)
    entry = cache.get(id(cr))
    if entry is not None and entry[0] is cr:
        st: RuleStatics = entry[1]
    else:
        spec = cr.rule.spec
        item_probes = any(c.duration is not None for c in cr.item_conditions)
        st = RuleStatics(
            (spec.id, spec.clause, spec.title.zh, spec.title.en, spec.kind.value),
            spec.amount_is_maximum,
            spec.quote,
            tuple(spec.not_cumulative_with),
            (spec.caveat.zh, spec.caveat.en) if spec.caveat is not None else None,
            POSITIVE[spec.kind],
            NEGATIVE[spec.kind],
            item_probes or any(c.duration is not None for c in cr.conditions),
            item_probes,
            _frame_heads(cr.conditions),
            _frame_heads(cr.item_conditions),
            _frame_heads(cr.scope),
            params_read(program.ruleset, cr.rule),
            any(c.dated for c in cr.scope),
        )
        cache[id(cr)] = (cr, st)  # the rule itself is kept: its id cannot be reused meanwhile
    return st


@dataclass(slots=True)
class Subject:
    kind: str  # person | household | organisation
    obj: Person | Household | Organisation
    path: str


def subjects_of(case: Case) -> list[Subject]:
    """The applicant, and for a household each member as a person."""
    applicant = case.applicant
    out = [Subject(applicant.kind, applicant, "applicant")]
    if isinstance(applicant, Household):
        out += [
            Subject("person", m, f"applicant.members[{i}]") for i, m in enumerate(applicant.members)
        ]
    return out


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
        decision = Decision(
            *st.head,
            path,
            Outcome.unknown,
            amount_is_maximum=st.amount_is_maximum,
            quote=st.quote,
        )
        decision.not_cumulative_with = list(st.not_cumulative_with)
        decision.scope = scope_frames
        if st.caveat is not None:
            decision.notes.append(st.caveat)
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
                    item_trace = ItemTrace(
                        item_path or "", Verdict.of(v), amount if v else None, traces
                    )
                    if v is False and item_dates and st.item_probes:
                        item_trace.eligible_from = self._item_eligible_from(
                            cr, subject, item, values
                        )
                    decision.items.append(item_trace)
            overall = kand((overall, kor(item_values)))
        decision.outcome = (
            Outcome.unknown if overall is None else st.positive if overall else st.negative
        )
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
                decision.missing = _missing_of(decision)
            elif overall is None:
                decision.missing = self._missing_unknown(
                    cr, subject, rule_values, items, item_condition_values
                )
            else:
                decision.missing = self._missing(cr, subject)
        if overall is False and st.has_probes:  # without durations there is no such date
            decision.eligible_from = self._eligible_from(
                cr, subject, rule_values, items, item_condition_values
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
        decision = Decision(
            *st.head,
            path,
            Outcome.unknown,
            amount_is_maximum=st.amount_is_maximum,
            quote=st.quote,
            notes=[st.caveat] if st.caveat is not None else [],
            not_cumulative_with=list(st.not_cumulative_with),
        )
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
            decision.missing = self._missing_unknown(
                cr, subject, rule_values, items, item_condition_values
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
                decision.missing = self._missing(cr, subject)
            return decision
        decision.outcome = st.negative
        if st.has_probes:  # without durations there is no such date
            decision.eligible_from = self._eligible_from(
                cr, subject, rule_values, items, item_condition_values
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
        decision = Decision(
            *st.head,
            subject.path,
            Outcome.not_applicable if applies is False else Outcome.unknown,
            amount_is_maximum=st.amount_is_maximum,
            quote=st.quote,
            notes=[st.caveat] if st.caveat is not None else [],
            not_cumulative_with=list(st.not_cumulative_with),
        )
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
            frame = ConditionTrace("amount", "金额", "amount", "", Verdict.unknown, "")
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
        if notes:
            zh = "；".join(n[0] for n in notes)
            en = "; ".join(n[1] for n in notes)
            decision.amount_reason_zh = f"金额按其他规定确定：{zh}"
            decision.amount_reason_en = f"Amount set by other regulations: {en}"
        else:
            decision.amount_reason_zh = "金额无法计算：缺少必要事实"
            decision.amount_reason_en = "Amount cannot be computed: facts are missing"

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

    def _missing(self, cr: CompiledRule, subject: Subject) -> list[str]:
        """Missing facts of an untraced decision: trace this one rule again to find them."""
        return _missing_of(self.decide(cr, subject, True, item_dates=False))

    def _missing_unknown(
        self,
        cr: CompiledRule,
        subject: Subject,
        rule_values: list[bool | None],
        items: list[Any],
        item_values: list[list[bool | None]],
    ) -> list[str]:
        """Missing facts of an untraced unknown decision, as ``_missing_of`` of its traced twin.

        Only the frames ``_missing_of`` reads are traced again: the unknown conditions, the
        unknown conditions of unknown items, and the amounts of qualifying items. Each traced
        condition starts from an empty recorder stack, as in a whole traced decision.
        """
        st = rule_statics(self.program, cr)
        tracer = self._tracer()
        x = Context(self.as_of, self.params, tracer)
        root, path = subject.obj, subject.path
        clause = st.head[1]
        out: list[str] = []
        for c, head, v in zip(cr.conditions, st.frames, rule_values, strict=True):
            if v is None:
                out += _traced_frame(c, head, (root, path), x, tracer, clause).missing
        if cr.items is not None:
            base = cr.items_path(root, path, x) if cr.items_path else ""
            for i, (item, values) in enumerate(zip(items, item_values, strict=True)):
                if kand(values) is not None:
                    continue
                args = (root, path, item, f"{base}[{i}]")
                for c, head, v in zip(cr.item_conditions, st.item_frames, values, strict=True):
                    if v is None:
                        out += _traced_frame(c, head, args, x, tracer, clause).missing
            if cr.item_amount is not None:
                for i, (item, values) in enumerate(zip(items, item_values, strict=True)):
                    if kand(values):
                        frames: list[ConditionTrace] = []
                        self._amount(
                            cr.item_amount, (root, path, item, f"{base}[{i}]"), x, tracer, frames
                        )
                        out += frames[0].missing
        return list(dict.fromkeys(out))

    # -- eligible_from -----------------------------------------------------------------------
    def _eligible_from(
        self,
        cr: CompiledRule,
        subject: Subject,
        rule_values: list[bool | None],
        items: list[Any],
        item_values: list[list[bool | None]],
    ) -> date | None:
        """The first date the rule holds when only durations fall short (verified by re-running).

        ``rule_values`` and ``item_values`` are the condition values already computed on as_of.
        """
        x, root, path = self.plain_ctx, subject.obj, subject.path
        rule_date = _candidate(cr.conditions, rule_values, (root, path), x)
        if rule_date is None:
            return None
        candidates: list[date] = []
        if cr.items is None:
            candidates = [rule_date] if rule_date is not date.min else []
        else:
            for item, values in zip(items, item_values, strict=True):
                d = _candidate(cr.item_conditions, values, (root, path, item, None), x)
                if d is not None:
                    candidates.append(max(d, rule_date))
        known = (rule_values, items, item_values)
        for day in sorted(set(candidates))[:5]:
            if day <= self.as_of or day == date.min:
                continue
            if self._holds_on(cr, subject, day, known) and not self._holds_on(
                cr, subject, day - timedelta(days=1), known
            ):
                return day
        return None

    def _item_eligible_from(
        self, cr: CompiledRule, subject: Subject, item: Any, values: list[bool | None]
    ) -> date | None:
        """The first date one item's own conditions hold, when only durations are short."""
        args = (subject.obj, subject.path, item, None)
        day = _candidate(cr.item_conditions, values, args, self.plain_ctx)
        if day is None or day <= self.as_of:
            return None

        def holds(on: date) -> bool:
            x = self.on(on).plain_ctx
            return kand([c.plain(*args, x) for c in cr.item_conditions]) is True

        return day if holds(day) and not holds(day - timedelta(days=1)) else None

    def _holds_on(
        self,
        cr: CompiledRule,
        subject: Subject,
        day: date,
        known: tuple[list[bool | None], list[Any], list[list[bool | None]]],
    ) -> bool:
        """Whether the rule is positive on ``day``.

        ``known`` holds the condition values computed on as_of. When the same version of the
        rule is in force on ``day`` with the same parameter values, only the conditions that may
        change with the date (``CompiledCondition.dated``) are evaluated again; the others are
        functions of the case and the parameters alone, so their values carry over.
        """
        version = self.program.version_at(cr.rule.id, day)
        if version is None:
            return False
        other = self.on(day)
        st = rule_statics(self.program, cr)
        if (
            version is not cr
            or st.scope_dated
            or any(other.params[p] != self.params[p] for p in st.params_read)
        ):
            return other.verdict(version, subject) is True
        # The scope held on as_of (or there would be no date to look for) and is not dated.
        rule_values, items, item_values = known
        x, root, path = other.plain_ctx, subject.obj, subject.path
        overall = kand(
            [
                c.plain(root, path, x) if c.dated else v
                for c, v in zip(cr.conditions, rule_values, strict=True)
            ]
        )
        if cr.items is not None and overall is not False:
            conds = cr.item_conditions
            overall = kand(
                (
                    overall,
                    kor(
                        [
                            kand(
                                [
                                    c.plain(root, path, item, None, x) if c.dated else v
                                    for c, v in zip(conds, values, strict=True)
                                ]
                            )
                            for item, values in zip(items, item_values, strict=True)
                        ]
                    ),
                )
            )
        return overall is True


def _candidate(
    conds: tuple[CompiledCondition, ...],
    values: list[bool | None],
    args: tuple[Any, ...],
    x: Context,
) -> date | None:
    """Latest threshold date of the failing conditions; None if any failing one is not a duration.

    ``values`` are the conditions' values on as_of. Returns date.min when nothing fails.
    """
    latest = date.min
    for c, value in zip(conds, values, strict=True):
        if value is True:
            continue
        probe = c.duration
        if value is None or probe is None:
            return None
        start, threshold = probe.start(*args, x), probe.threshold(*args, x)
        if start is None or threshold is None:
            return None
        shift: Callable[[date, int], date] = SHIFT[probe.fn]
        day = shift(start, int(threshold) + (1 if probe.strict else 0))
        latest = max(latest, day)
    return latest


def _traced_frame(
    c: CompiledCondition,
    head: tuple[str, str, str, str],
    args: tuple[Any, ...],
    x: Context,
    tracer: Tracer,
    clause: str,
) -> ConditionTrace:
    """One condition evaluated with its trace (as in ``RuleEvaluator._conditions``)."""
    frame = ConditionTrace(*head, Verdict.unknown, clause)
    tracer.push(frame)
    try:
        v = c.traced(*args, x)
    finally:
        tracer.pop(None)
    frame.verdict = Verdict.of(v)
    return frame


def _missing_of(decision: Decision) -> list[str]:
    out: list[str] = []
    for c in decision.trace:
        if c.verdict is Verdict.unknown:
            out += c.missing
    for item in decision.items:
        if item.verdict is Verdict.unknown:
            for c in item.conditions:
                if c.verdict is Verdict.unknown:
                    out += c.missing
    if decision.amount is None and decision.amount_trace is not None:
        out += decision.amount_trace.missing
    for item in decision.items:
        for c in item.conditions:
            if c.id == "amount":
                out += c.missing
    return list(dict.fromkeys(out))


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


def mark_non_cumulative(decisions: list[Decision]) -> None:
    """Make overlapping rewards visible in both decisions (see docs/decisions.md).

    Two rules declared ``not_cumulative_with`` each other reward the same thing (e.g. the same
    hire under （十三） and （十九））. When both are positive for one subject, each decision gets
    a note naming the other and, where items were traced, the items that qualify under both.
    """
    by_key = {(d.rule_id, d.subject): d for d in decisions}
    for d in decisions:
        for other_id in d.not_cumulative_with:
            other = by_key.get((other_id, d.subject))
            if other is None or not (d.outcome.positive and other.outcome.positive):
                continue
            both = sorted(
                {i.path for i in d.items if i.verdict is Verdict.met}
                & {i.path for i in other.items if i.verdict is Verdict.met}
            )
            which = f"（{', '.join(both)}）" if both else ""
            which_en = f" ({', '.join(both)})" if both else ""
            d.notes.append(
                (
                    f"与 {other.clause}{other.title_zh} [{other_id}] 不重复享受："
                    f"同一对象{which}只能按其中一项领取",
                    f"not cumulative with {other.clause} {other.title_en} [{other_id}]: the same "
                    f"subject{which_en} is rewarded under one of them only",
                )
            )


def ruleset_of(rules: RuleSet | None) -> RuleSet:
    """``rules``, or the bundled rule set (loaded and compiled once per process)."""
    return rules if rules is not None else bundled_ruleset()
