"""The shape of rule files (pydantic): parameters, derived categories and rules.

A rule file is YAML with up to three top-level lists: ``parameters``, ``categories``, ``rules``.
See docs/rule-format.md for a guided example.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from ..model.base import IsoDate

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$", max_length=80)]
# A category is called like a function in expressions (``employment_difficult(person)``) and
# becomes the name of generated functions: one plain name, and not ``t_…`` (the generated code
# names a category's traced function ``cat_t_<id>``, which ``t_<id>``'s plain one would reuse).
def _not_reserved(value: str) -> str:
    if value.startswith("t_"):
        raise ValueError("a category id cannot start with 't_' (reserved for generated code)")
    return value


CategoryId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=80),
    AfterValidator(_not_reserved),
]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]

# The 29 clauses of the policy, normalised to full-width brackets.
CLAUSE_NUMERALS = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
    "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十",
    "二十一", "二十二", "二十三", "二十四", "二十五", "二十六", "二十七", "二十八", "二十九",
]  # fmt: skip
CLAUSES = [f"（{n}）" for n in CLAUSE_NUMERALS]


def _normalise_clause(value: Any) -> Any:
    if isinstance(value, str):
        v = value.strip().replace("(", "（").replace(")", "）")
        if v in CLAUSES:
            return v
        raise ValueError(
            f"clause {value!r} is not one of the policy's 29 clauses （一）…（二十九）"
        )
    return value


Clause = Annotated[str, BeforeValidator(_normalise_clause)]


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Labels(Spec):
    zh: Text
    en: Text


class Period(Spec):
    from_: IsoDate = Field(alias="from")
    until: IsoDate | None = None

    def contains(self, day: date) -> bool:
        return self.from_ <= day and (self.until is None or day <= self.until)

    def overlaps(self, other: Period) -> bool:
        a_end = self.until or date.max
        b_end = other.until or date.max
        return self.from_ <= b_end and other.from_ <= a_end

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.until is not None and self.until < self.from_:
            raise ValueError(
                f"effective period ends ({self.until}) before it starts ({self.from_})"
            )
        return self


class ConditionSpec(Spec):
    id: Id
    label: Labels
    when: Text
    display: Labels | None = None  # the facts in words for reports (docs/report-schema.md)


class ForEachSpec(Spec):
    """Evaluate ``conditions`` once per item of ``items`` (bound to ``as``); amounts are summed."""

    items: Text
    as_: Id = Field(alias="as")
    label: Labels
    conditions: list[ConditionSpec] = Field(min_length=1)
    amount: Text | None = None


class RuleKind(StrEnum):
    """What a rule decides; it sets the words of its outcome."""

    entitlement = "entitlement"  # cash subsidy or award: eligible / not_eligible
    loan = "loan"  # eligible / not_eligible, amount is a loan principal
    priority = "priority"  # a priority or equivalence: eligible / not_eligible
    discretionary = "discretionary"  # "可": may_consider / not_eligible
    obligation = "obligation"  # a duty or service level: met / not_met
    target = "target"  # a government target: met / not_met


class RuleSpec(Spec):
    id: Id
    title: Labels
    clause: Clause
    quote: Text
    beneficiary: Literal["person", "household", "organisation"]
    kind: RuleKind = RuleKind.entitlement
    effective: Period
    # Whom the provision concerns at all: when one of these is surely false the outcome is
    # `not_applicable` (e.g. the duty of （十一） binds only new-business-form enterprises).
    applies_when: list[ConditionSpec] = Field(default_factory=list)
    conditions: list[ConditionSpec] = Field(default_factory=list)
    for_each: ForEachSpec | None = None
    amount: Text | None = None
    amount_is_maximum: bool = False
    amount_display: Labels | None = None  # the amount's computation in words for reports
    caveat: Labels | None = None  # what the engine cannot check (e.g. the bank's credit review)
    lead_department: Text | None = None
    not_cumulative_with: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_conditions(self) -> RuleSpec:
        if not self.conditions and self.for_each is None:
            raise ValueError("a rule needs at least one condition (or a for_each with conditions)")
        if (
            self.amount is not None
            and self.for_each is not None
            and self.for_each.amount is not None
        ):
            raise ValueError("give the amount either per item (for_each.amount) or for the rule")
        return self


class CategorySpec(Spec):
    """A derived category (e.g. 就业困难人员) defined once and used by rules as ``id(subject)``."""

    id: CategoryId
    title: Labels
    clause: Clause
    quote: Text
    subject: Literal["person", "household", "organisation"]
    combine: Literal["any", "all"]
    conditions: list[ConditionSpec] = Field(min_length=1)


class Unit(StrEnum):
    yuan = "yuan"
    rate = "rate"
    months = "months"
    years = "years"
    days = "days"
    quantity = "count"  # a number of things (not `count`: that is a str method)
    flag = "flag"  # a yes/no choice of policy staff (true / false)


class ParameterValue(Spec):
    """The value in force from ``from`` on. ``value: null`` means explicitly unset."""

    from_: IsoDate = Field(alias="from")
    value: Any
    source: Text
    note: Labels | None = None

    @model_validator(mode="after")
    def _unset_needs_note(self) -> ParameterValue:
        if self.value is None and self.note is None:
            raise ValueError("an unset value (null) needs a note saying which regulation sets it")
        return self


class ParameterSpec(Spec):
    id: Id
    label: Labels
    unit: Unit
    keyed_by: Text | None = None  # name of a model enum, e.g. SkillLevel
    maximum: Any = None
    values: list[ParameterValue] = Field(min_length=1)


class RuleFile(Spec):
    parameters: list[ParameterSpec] = Field(default_factory=list)
    categories: list[CategorySpec] = Field(default_factory=list)
    rules: list[RuleSpec] = Field(default_factory=list)
