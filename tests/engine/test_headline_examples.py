"""Worked examples of the four headline rules on both sides of every threshold the policy gives."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from zyjob_rules import Outcome, evaluate


def farm(
    *hires: tuple[str, str | None], poor: bool = True, kind: str = "family_farm"
) -> dict[str, Any]:
    return {
        "applicant": {
            "kind": "organisation",
            "org_kind": kind,
            "hires": [
                {
                    "worker": {
                        "id": f"W{n}",  # distinct workers: the award is once per worker
                        "poor_household_labor": poor,
                        "poverty_registered": poor,
                    },
                    "start_date": start,
                    "end_date": end,
                    "contract_type": "labor_contract",
                }
                for n, (start, end) in enumerate(hires)
            ],
        }
    }


def award(case: dict[str, Any], as_of: date) -> Any:
    return evaluate(case, as_of).decision("poverty_hire_award")


# （十九） ¥1000 per poor-household worker stably employed 6 months or more --------------------
@pytest.mark.parametrize(
    ("start", "as_of", "outcome"),
    [
        ("2018-01-01", date(2018, 6, 30), "not_eligible"),  # 5 months
        ("2018-01-01", date(2018, 7, 1), "eligible"),  # 6 months: 以上 includes the boundary
        ("2017-08-31", date(2018, 2, 27), "not_eligible"),  # Aug 31 + 6 months = Feb 28
        ("2017-08-31", date(2018, 2, 28), "eligible"),
        ("2019-08-31", date(2020, 2, 28), "not_eligible"),  # leap year: Feb 29
        ("2019-08-31", date(2020, 2, 29), "eligible"),
        ("2018-01-31", date(2018, 7, 30), "not_eligible"),  # Jan 31 + 6 months = Jul 31
        ("2018-01-31", date(2018, 7, 31), "eligible"),
        ("2017-09-30", date(2018, 3, 30), "eligible"),
    ],
)
def test_six_months_boundary(start: str, as_of: date, outcome: str) -> None:
    d = award(farm((start, None)), as_of)
    assert d.outcome.value == outcome
    assert d.amount == (Decimal("1000.00") if outcome == "eligible" else None)


def test_hire_that_ended_before_six_months_never_qualifies() -> None:
    d = award(farm(("2018-01-01", "2018-05-31")), date(2018, 12, 1))
    assert d.outcome is Outcome.not_eligible and d.eligible_from is None


def test_eligible_from_for_a_five_month_hire() -> None:
    d = award(farm(("2017-08-31", None)), date(2018, 2, 1))
    assert d.outcome is Outcome.not_eligible
    assert d.eligible_from == date(2018, 2, 28)
    assert d.items[0].eligible_from == date(2018, 2, 28)


def test_award_per_qualifying_worker() -> None:
    case = farm(("2017-01-01", None), ("2017-03-01", None), ("2018-05-01", None))
    d = award(case, date(2018, 6, 1))
    assert d.outcome is Outcome.eligible and d.amount == Decimal("2000.00")
    assert [i.verdict.value for i in d.items] == ["met", "met", "not_met"]


def test_worker_not_poor_and_enterprise_not_small() -> None:
    assert (
        award(farm(("2017-01-01", None), poor=False), date(2018, 6, 1)).outcome
        is Outcome.not_eligible
    )
    big = farm(("2017-01-01", None), kind="enterprise")
    big["applicant"]["size_class"] = "large"
    d = award(big, date(2018, 6, 1))
    assert d.outcome is Outcome.not_eligible
    assert d.failed_conditions()[0].id == "eligible_operator"


def test_unknown_when_the_worker_poverty_status_is_missing() -> None:
    case = farm(("2017-01-01", None))
    case["applicant"]["hires"][0]["worker"] = {}
    d = award(case, date(2018, 6, 1))
    assert d.outcome is Outcome.unknown
    assert d.missing == [
        "applicant.hires[0].worker.poor_household_labor",
        "applicant.hires[0].worker.poverty_registered",
    ]


# （十九） guaranteed start-up loan, at most ¥100,000 -------------------------------------------
def poor_founder(*requests: str) -> dict[str, Any]:
    return {
        "applicant": {
            "kind": "person",
            "poverty_registered": True,
            "ventures": [{"kind": "individual_business", "status": "planned"}],
            "loan_requests": [{"amount": a, "requested_on": "2018-03-01"} for a in requests],
        }
    }


@pytest.mark.parametrize(
    ("request_amount", "expected"),
    [
        ("150000", "100000.00"),
        ("100000.01", "100000.00"),
        ("100000", "100000.00"),
        ("80000", "80000.00"),
    ],
)
def test_loan_is_the_request_capped_at_100k(request_amount: str, expected: str) -> None:
    d = evaluate(poor_founder(request_amount), date(2018, 4, 1)).decision("poverty_startup_loan")
    assert d.outcome is Outcome.eligible and d.amount == Decimal(expected) and d.amount_is_maximum


def test_loan_needs_a_poor_worker_starting_a_business() -> None:
    case = poor_founder("50000")
    case["applicant"]["ventures"] = []
    d = evaluate(case, date(2018, 4, 1)).decision("poverty_startup_loan")
    assert d.outcome is Outcome.not_eligible and [c.id for c in d.failed_conditions()] == [
        "starting_business"
    ]


# （十四） stabilisation subsidy: up to 70% of last year's premiums -------------------------------
def decap(
    terminations: list[dict[str, Any]], premiums: tuple[str, str] = ("10000.05", "0")
) -> dict[str, Any]:
    return {
        "applicant": {
            "kind": "organisation",
            "org_kind": "enterprise",
            "decapacity": True,
            "ui_insured": True,
            "headcount_prior_year_end": 200,
            "ui_premiums": [
                {
                    "year": 2017,
                    "enterprise_paid": premiums[0],
                    "employees_paid": premiums[1],
                    "paid_in_full": True,
                }
            ],
            "terminations": terminations,
        }
    }


def stabilisation(case: dict[str, Any]) -> Any:
    return evaluate(case, date(2018, 3, 1)).decision("decapacity_stabilization_subsidy")


def test_70_percent_rounded_half_up_to_the_fen() -> None:
    d = stabilisation(decap([]))
    assert d.outcome is Outcome.eligible
    assert d.amount == Decimal("7000.04")  # 0.70 × 10000.05 = 7000.035
    assert d.amount_is_maximum


def test_diversion_terminations_are_not_layoffs() -> None:
    d = stabilisation(decap([{"date": "2017-06-01", "reason": "diversion", "count": 40}]))
    assert d.outcome is Outcome.eligible
    assert d.amount == Decimal("7000.04")


def test_layoffs_of_another_year_do_not_count() -> None:
    d = stabilisation(decap([{"date": "2016-06-01", "reason": "layoff", "count": 40}]))
    assert d.outcome is Outcome.eligible


def test_layoffs_against_the_unset_threshold_are_unknown() -> None:
    d = stabilisation(decap([{"date": "2017-06-01", "reason": "layoff", "count": 3}]))
    assert d.outcome is Outcome.unknown
    assert d.missing == ["decapacity_stabilization.max_layoff_rate"]


def test_premiums_not_paid_in_full() -> None:
    case = decap([])
    case["applicant"]["ui_premiums"][0]["paid_in_full"] = False
    assert stabilisation(case).outcome is Outcome.not_eligible


def test_no_premium_record_for_last_year_is_unknown() -> None:
    case = decap([])
    case["applicant"]["ui_premiums"][0]["year"] = 2016
    d = stabilisation(case)
    assert d.outcome is Outcome.unknown
    assert d.missing == ["applicant.ui_premiums[where p.year == last_year]"]


# （二十二） skills-upgrading subsidy: 3 years insured and a certificate this year ---------------
def employee(months_end: str, issued: str = "2018-03-01", level: str = "level4") -> dict[str, Any]:
    return {
        "applicant": {
            "kind": "person",
            "employer_type": "enterprise",
            "ui_periods": [{"start": "2015-01-01", "end": months_end}],
            "certificates": [{"kind": "skill_level", "level": level, "issued_on": issued}],
        }
    }


@pytest.mark.parametrize(
    ("end", "outcome"), [("2017-11-30", "not_eligible"), ("2017-12-31", "eligible")]
)
def test_35_vs_36_months(end: str, outcome: str) -> None:
    d = evaluate(employee(end), date(2018, 6, 1)).decision("skills_upgrade_subsidy")
    assert d.outcome.value == outcome
    assert d.amount == (Decimal("1500.00") if outcome == "eligible" else None)


def test_certificate_of_last_year_does_not_count() -> None:
    d = evaluate(employee("2017-12-31", issued="2017-12-01"), date(2018, 6, 1)).decision(
        "skills_upgrade_subsidy"
    )
    assert d.outcome is Outcome.not_eligible


def test_technician_level_is_outside_the_40_schedule() -> None:
    # 人社部发〔2017〕40号 subsidises levels 5–3 only (setting skills_upgrade.level_covered).
    d = evaluate(employee("2017-12-31", level="level2"), date(2018, 6, 1)).decision(
        "skills_upgrade_subsidy"
    )
    assert d.outcome is Outcome.not_eligible and d.amount is None
    (item,) = d.items
    assert [c.id for c in item.conditions if c.verdict.value == "not_met"] == ["level_in_schedule"]
