"""Generated cases survive JSON and dict round trips, and the generators keep their promises."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample
from pydantic import BaseModel

from zyjob_rules.calendar import covered_months, whole_months_between
from zyjob_rules.model import Case, Hire, Household, Organisation, Person, parse_case
from zyjob_rules.testing import (
    MAX_DATE,
    MAX_MONEY,
    MIN_DATE,
    ApplicantKind,
    case_dicts,
    cases,
    hires,
    households,
    money,
    near,
    persons,
)

KINDS: list[ApplicantKind] = ["person", "household", "organisation"]
APPLICANT_TYPES = {"person": Person, "household": Household, "organisation": Organisation}


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=60)
@given(data=st.data())
def test_json_round_trip(kind: ApplicantKind, data: st.DataObject) -> None:
    case = data.draw(cases(kind))
    assert isinstance(case.applicant, APPLICANT_TYPES[kind])
    assert Case.model_validate_json(case.model_dump_json()) == case


@settings(max_examples=60)
@given(cases())
def test_dict_round_trip_through_parse_case(case: Case) -> None:
    assert parse_case(case.model_dump(mode="json")) == case
    assert parse_case(case.model_dump(mode="json", exclude_none=True)) == case
    assert parse_case(case.model_dump_json()) == case  # JSON text, as the CLI reads it


@settings(max_examples=60)
@given(case_dicts())
def test_case_dicts_are_json_ready_and_valid(doc: dict[str, Any]) -> None:
    case = parse_case(doc)
    assert doc["applicant"]["kind"] == case.applicant.kind
    assert parse_case(case.model_dump(mode="json")) == case


def _walk(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """Every (path, value) of a model tree, lists and nested models included."""
    out: list[tuple[str, Any]] = [(path, value)]
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            out += _walk(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _walk(item, f"{path}[{i}]")
    return out


@settings(max_examples=100)
@given(cases())
def test_generated_values_stay_in_their_ranges(case: Case) -> None:
    assert case.as_of is not None
    assert date(2015, 1, 1) <= case.as_of <= date(2026, 12, 31)
    for path, value in _walk(case):
        if isinstance(value, date):
            assert MIN_DATE <= value <= MAX_DATE, path
        elif isinstance(value, Decimal):
            assert Decimal(0) <= value <= MAX_MONEY, path
            assert value == value.quantize(Decimal("0.01")), path
        elif isinstance(value, list):
            limit = 6 if path.endswith(".hires") else 4
            assert len(value) <= limit, path


@settings(max_examples=100)
@given(hires())
def test_hires_never_end_before_they_start(hire: Hire) -> None:
    assert hire.end_date is None or hire.end_date >= hire.start_date
    for period in hire.worker.ui_periods:
        assert period.end is None or period.end >= period.start


@settings(max_examples=30)
@given(persons(as_of=date(2018, 6, 30)), households(as_of=date(2018, 6, 30)))
def test_fixed_as_of_anchors_the_dates(person: Person, household: Household) -> None:
    # Records are placed relative to the as-of date: nothing is requested after it.
    for someone in [person, *household.members]:
        for request in someone.loan_requests:
            assert request.requested_on <= date(2018, 6, 30)


@settings(max_examples=50)
@given(near(6, 2), near(Decimal("100000"), Decimal("0.05")), money(Decimal(100)))
def test_near_and_money_stay_in_range(months: int, amount: Decimal, small: Decimal) -> None:
    assert 4 <= months <= 8
    assert Decimal("99999.95") <= amount <= Decimal("100000.05")
    assert amount == amount.quantize(Decimal("0.01"))
    assert Decimal(0) <= small <= Decimal(100)


@settings(max_examples=30)
@given(near(Decimal(1), Decimal(5)), near(0, 3))
def test_near_clamps_money_at_zero_but_not_integers(amount: Decimal, days: int) -> None:
    assert Decimal(0) <= amount <= Decimal(6)
    assert -3 <= days <= 3


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        cases("enterprise")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="kind"):
        case_dicts("company")  # type: ignore[arg-type]


# Both sides of the policy's thresholds turn up within a few hundred draws (no shrinking).


def _seen(strategy: st.SearchStrategy[Any], predicate: Any, tries: int = 500) -> bool:
    quick = settings(max_examples=tries, database=None, derandomize=True, phases=[Phase.generate])
    try:
        find(strategy, predicate, settings=quick)
    except NoSuchExample:
        return False
    return True


def _hire_months(case: Case) -> set[int]:
    assert isinstance(case.applicant, Organisation) and case.as_of is not None
    as_of = case.as_of
    return {
        whole_months_between(h.start_date, min(h.end_date or as_of, as_of))
        for h in case.applicant.hires
    }


def _insured_months(case: Case) -> int | None:
    assert isinstance(case.applicant, Person) and case.as_of is not None
    periods = [(p.start, p.end) for p in case.applicant.ui_periods]
    return covered_months(periods, case.as_of) if periods else None


def _loan_amounts(case: Case) -> set[Decimal]:
    assert isinstance(case.applicant, Person)
    return {r.amount for r in case.applicant.loan_requests}


@pytest.mark.parametrize(
    ("kind", "label", "predicate"),
    [
        ("organisation", "hire of 5 months", lambda c: 5 in _hire_months(c)),
        ("organisation", "hire of 6 months", lambda c: 6 in _hire_months(c)),
        ("person", "35 insured months", lambda c: _insured_months(c) == 35),
        ("person", "36 insured months", lambda c: _insured_months(c) == 36),
        ("person", "loan of 100000.00", lambda c: Decimal("100000") in _loan_amounts(c)),
        ("person", "loan of 100000.01", lambda c: Decimal("100000.01") in _loan_amounts(c)),
    ],
)
def test_thresholds_are_reached_from_both_sides(
    kind: ApplicantKind, label: str, predicate: Any
) -> None:
    assert _seen(cases(kind), predicate), f"no generated case with a {label}"
