"""What an evaluation returns: Decisions with their traces, bundled in a Report with an audit stamp.

Plain dataclasses (cheap to build in bulk screening). Their JSON is defined once, by the pydantic
models of explain/contract.py; explain/convert.py turns these objects into them at the edge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any


class Verdict(StrEnum):
    met = "met"
    not_met = "not_met"
    unknown = "unknown"

    @staticmethod
    def of(value: bool | None) -> Verdict:
        """met / not_met / unknown for True / False / None (a dictionary look-up: it runs for
        every traced condition)."""
        return _VERDICT_OF[value]


_VERDICT_OF = {True: Verdict.met, False: Verdict.not_met, None: Verdict.unknown}


class Outcome(StrEnum):
    eligible = "eligible"
    not_eligible = "not_eligible"
    may_consider = "may_consider"  # discretionary provisions ("可")
    met = "met"  # obligations and targets
    not_met = "not_met"
    not_applicable = "not_applicable"  # the provision does not concern this subject (applies_when)
    unknown = "unknown"

    @property
    def positive(self) -> bool:
        return self in (Outcome.eligible, Outcome.may_consider, Outcome.met)


@dataclass(slots=True)
class ValueRead:
    path: str
    value: Any


@dataclass(slots=True)
class Comparison:
    left: str
    op: str
    right: str
    left_value: Any
    right_value: Any
    result: bool | None


@dataclass(slots=True)
class ParamUse:
    id: str
    value: Any
    effective_from: date | None
    source: str | None
    unset_note_zh: str | None = None
    unset_note_en: str | None = None


@dataclass(slots=True)
class ConditionTrace:
    id: str
    label_zh: str
    label_en: str
    expression: str
    verdict: Verdict
    clause: str
    reads: list[ValueRead] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    params: list[ParamUse] = field(default_factory=list)
    derived: list[CategoryTrace] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        """Model paths of facts that were absent (only meaningful when the verdict is unknown)."""
        out = [r.path for r in self.reads if r.value is None]
        out += [p.id for p in self.params if p.value is None and p.effective_from is not None]
        # An unknown category is undecided only by its unknown conditions: a condition of it
        # already met or failed decides nothing, so the facts it lacked are not asked for.
        for d in self.derived:
            if d.verdict is Verdict.unknown:
                out += [m for c in d.conditions if c.verdict is Verdict.unknown for m in c.missing]
        return list(dict.fromkeys(out))


@dataclass(slots=True)
class CategoryTrace:
    """Why a subject does or does not belong to a derived category (e.g. 就业困难人员)."""

    id: str
    title_zh: str
    title_en: str
    clause: str
    subject: str
    verdict: Verdict
    conditions: list[ConditionTrace] = field(default_factory=list)


@dataclass(slots=True)
class ItemTrace:
    """One item of a per-item rule (e.g. one hire): its own conditions and amount."""

    path: str
    verdict: Verdict
    amount: Decimal | None
    conditions: list[ConditionTrace] = field(default_factory=list)
    eligible_from: date | None = None


@dataclass(slots=True)
class Decision:
    rule_id: str
    clause: str
    title_zh: str
    title_en: str
    kind: str
    subject: str
    outcome: Outcome
    amount: Decimal | None = None
    amount_is_maximum: bool = False
    amount_reason_zh: str | None = None
    amount_reason_en: str | None = None
    eligible_from: date | None = None
    missing: list[str] = field(default_factory=list)
    trace: list[ConditionTrace] = field(default_factory=list)
    scope: list[ConditionTrace] = field(default_factory=list)  # the applies_when conditions
    items: list[ItemTrace] = field(default_factory=list)
    amount_trace: ConditionTrace | None = None
    quote: str = ""
    notes: list[tuple[str, str]] = field(default_factory=list)  # (zh, en)
    not_cumulative_with: list[str] = field(default_factory=list)

    def failed_conditions(self) -> list[ConditionTrace]:
        return [c for c in self.trace if c.verdict is Verdict.not_met]


@dataclass(slots=True)
class AuditStamp:
    ruleset_version: str
    as_of: date
    library_version: str
    backend: str = "python"


@dataclass(slots=True)
class Report:
    """``case`` and ``ruleset`` (when known) let the edge name items by the case's own identities
    and use the rule authors' display templates; they are references, not copies."""

    case_id: str | None
    stamp: AuditStamp
    decisions: list[Decision]
    case: Any = None
    ruleset: Any = None

    def decision(self, rule_id: str, subject: str | None = None) -> Decision:
        """The decision of ``rule_id`` (for ``subject`` when a rule applies to several)."""
        for d in self.decisions:
            if d.rule_id == rule_id and (subject is None or d.subject == subject):
                return d
        raise KeyError(f"no decision for rule {rule_id!r}" + (f" and {subject}" if subject else ""))



def jsonable(value: Any) -> Any:
    """A JSON-ready form of a value read from a case: ISO dates, decimal strings, enum values."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, frozenset | set | tuple | list):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value
