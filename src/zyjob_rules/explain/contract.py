"""The output contract: the one definition of the JSON of a report, a decision, its trace and a
screening row.

These pydantic models are what services import (a FastAPI app declares ``Report`` as its
response model); their ``model_dump(mode="json")`` is the documented JSON (docs/report-schema.md)
and ``model_json_schema(mode="serialization")`` its published JSON Schema. The engine builds
lighter dataclasses on its hot path (explain/decision.py); explain/convert.py turns them into
these models at the edge. Dates are ISO strings, amounts decimal strings of yuan.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, PlainSerializer

from .decision import Outcome, Verdict

SCHEMA_VERSION: Literal["2"] = "2"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: Yuan as a decimal string with two places ("1000.00"), whatever the Decimal's exponent.
Yuan = Annotated[
    Decimal,
    PlainSerializer(lambda v: format(v, ".2f"), return_type=str, when_used="json"),
]


class Contract(BaseModel):
    """Base of the output models: no unknown keys, so the schema says exactly what is sent."""

    model_config = ConfigDict(extra="forbid")


class Text(Contract):
    """A sentence or label in both languages."""

    zh: str
    en: str


class ValueRead(Contract):
    """A value the condition read from the case, with its model path (``null``: missing)."""

    path: str
    value: JsonValue


class Comparison(Contract):
    """One comparison made: the two sides as written in the rule, their values and the result."""

    left: str
    op: str
    right: str
    left_value: JsonValue
    right_value: JsonValue
    result: bool | None


class ParamUse(Contract):
    """A policy parameter used: its value on the as-of date, when it took effect and its source.

    ``unset_note`` explains a parameter the bureau has not set (amount by other regulations).
    """

    id: str
    value: JsonValue
    effective_from: date | None
    source: str | None
    unset_note: Text | None = None


class Condition(Contract):
    """One condition of a rule (or of a category) with everything it read and compared.

    ``statement`` states the facts in words (dates and amounts, not the formula).
    """

    id: str
    verdict: Verdict
    label: Text
    clause: str
    expression: str
    statement: Text | None = None
    reads: list[ValueRead] = Field(default_factory=list)
    comparisons: list[Comparison] = Field(default_factory=list)
    params: list[ParamUse] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    derived: list[Category] = Field(default_factory=list)


class Category(Contract):
    """Why a subject does or does not belong to a derived category (e.g. 就业困难人员)."""

    id: str
    title: Text
    clause: str
    subject: str
    subject_label: Text | None = None
    verdict: Verdict
    conditions: list[Condition] = Field(default_factory=list)


class Item(Contract):
    """One item of a per-item rule (e.g. one hire): who it is, its conditions and amount."""

    path: str
    label: Text | None = None
    verdict: Verdict
    amount: Yuan | None = None
    eligible_from: date | None = None
    conditions: list[Condition] = Field(default_factory=list)


class Question(Contract):
    """A missing fact as a question to ask, with the model path for machines."""

    path: str
    question: Text


class PendingSetting(Contract):
    """A policy parameter the bureau has not set yet (待主管部门确定): not a fact to ask."""

    id: str
    note: Text | None = None


class Decision(Contract):
    """The decision of one rule for one subject, with its full trace."""

    rule_id: str
    clause: str
    title: Text
    kind: str
    subject: str
    subject_label: Text | None = None
    outcome: Outcome
    amount: Yuan | None = None
    amount_is_maximum: bool = False
    amount_reason: Text | None = None
    eligible_from: date | None = None
    missing: list[str] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    pending: list[PendingSetting] = Field(default_factory=list)
    quote: str = ""
    notes: list[Text] = Field(default_factory=list)
    scope: list[Condition] = Field(default_factory=list)
    trace: list[Condition] = Field(default_factory=list)
    items: list[Item] = Field(default_factory=list)
    amount_trace: Condition | None = None


class Audit(Contract):
    """Enough to reproduce the decision: ruleset content hash, as-of date, library, backend."""

    ruleset_version: str
    as_of: date
    library_version: str
    backend: str = "python"


class SummaryLine(Contract):
    """One decision as the summary lists it."""

    rule_id: str
    clause: str
    title: Text
    subject: str
    subject_label: Text | None = None
    amount: Yuan | None = None
    amount_reason: Text | None = None


class DatedLine(Contract):
    """A condition that will be met on a date (only time is short)."""

    rule_id: str
    clause: str
    title: Text
    date: date
    who: Text | None = None


class OpenQuestion(Contract):
    """A question to ask and the rules its answer would decide."""

    path: str
    question: Text
    rules: list[str]


class Summary(Contract):
    """What the report says in a few lines: cash, loans and ceilings apart, what is undecided."""

    cash_total: Yuan
    cash: list[SummaryLine] = Field(default_factory=list)
    ceilings: list[SummaryLine] = Field(default_factory=list)
    other_positive: list[SummaryLine] = Field(default_factory=list)
    undecided: list[SummaryLine] = Field(default_factory=list)
    questions: list[OpenQuestion] = Field(default_factory=list)
    pending: list[PendingSetting] = Field(default_factory=list)
    upcoming: list[DatedLine] = Field(default_factory=list)
    refused: list[SummaryLine] = Field(default_factory=list)
    not_applicable: int = 0


class Report(Contract):
    """A whole evaluation: the audit stamp, a summary and one decision per applicable rule."""

    schema_version: Literal["2"] = SCHEMA_VERSION
    case_id: str | None
    applicant: Text | None = None
    audit: Audit
    summary: Summary
    decisions: list[Decision]

    def decision(self, rule_id: str, subject: str | None = None) -> Decision:
        """The decision of ``rule_id`` (for ``subject`` when a rule applies to several)."""
        for d in self.decisions:
            if d.rule_id == rule_id and (subject is None or d.subject == subject):
                return d
        raise KeyError(f"no decision for rule {rule_id!r}" + (f" and {subject}" if subject else ""))


class RowTrace(Contract):
    """The trace a screening row carries with ``--trace``."""

    conditions: list[Condition]
    items: list[Item]
    amount: Condition | None


class ScreeningRow(Contract):
    """One result row of a screening run (one case and rule); see docs/screening.md."""

    line: int
    case_id: str | None
    rule_id: str
    clause: str
    subject: str
    outcome: Outcome
    amount: Yuan | None
    eligible_from: date | None
    missing: list[str]
    trace: RowTrace | None = None


def json_schema(model: type[Contract], urn: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the JSON ``model`` serializes to."""
    schema = model.model_json_schema(mode="serialization")
    return {"$schema": SCHEMA_DIALECT, "$id": f"urn:zyjob-rules:{urn}", **schema}


Condition.model_rebuild()
