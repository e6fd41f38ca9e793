"""What every evaluation of one date shares: the context generated code reads, parameter values,
per-rule statics, and the subjects of a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ...explain.decision import Decision, Outcome
from ...model import Case, Household, Organisation, Person
from ...ruleset.schema import RuleKind
from ..program import CompiledCondition, CompiledRule, Program, params_read
from .tracer import Tracer, new_condition_trace

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

    __slots__ = ("as_of", "last_year", "params", "recorder", "this_year")

    def __init__(self, as_of: date, params: dict[str, Any], recorder: Tracer | None) -> None:
        self.as_of = as_of
        self.this_year = as_of.year
        self.last_year = as_of.year - 1
        self.params = params  # parameter id -> its value in force on as_of
        self.recorder = recorder  # traced evaluation only: where generated code records reads


def parameter_values(program: Program, day: date) -> dict[str, Any]:
    """Every parameter's value in force on ``day`` (None when unset or not yet in force)."""
    cache = program.caches.params_at
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


def new_decision(st: RuleStatics, subject: str, outcome: Outcome) -> Decision:
    """A decision of the rule ``st`` describes, before its conditions are judged."""
    return Decision(
        *st.head,
        subject,
        outcome,
        amount_is_maximum=st.amount_is_maximum,
        quote=st.quote,
        notes=[st.caveat] if st.caveat is not None else [],
        not_cumulative_with=list(st.not_cumulative_with),
    )


def _frame_heads(conds: tuple[CompiledCondition, ...]) -> tuple[tuple[str, str, str, str], ...]:
    return tuple(
        (t.id, t.label_zh, t.label_en, t.expression)
        for t in (new_condition_trace(c.checked, "") for c in conds)
    )


def rule_statics(program: Program, cr: CompiledRule) -> RuleStatics:
    cache = program.caches.rule_statics
    entry = cache.get(id(cr))
    if entry is not None and entry[0] is cr:
        st = entry[1]
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
