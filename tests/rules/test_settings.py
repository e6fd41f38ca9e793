"""Each contested reading is a dated setting in rules/: flipping it changes the outcome.

The defaults follow docs/decisions.md; every test shows the default outcome and the outcome
with the setting changed the way policy staff would change it (a new value in the rule file).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fidelity_settings import ruleset_with
from optional_extras import DURABLE_MISSING

from zyjob_rules import Outcome, evaluate, load_ruleset
from zyjob_rules.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "cases"
SETTINGS = {
    "skills_upgrade.twelve_month_window": False,
    "poverty.exited_count_as_poor": True,
    "poverty_hire_award.count_hires_before_policy": True,
    "poverty_hire_awards.not_cumulative": True,
    "decapacity_stabilization.round_ceiling_down": False,
}


def decide(case: dict[str, Any], rule_id: str, rules: Any = None, **kw: Any) -> Any:
    return evaluate(case, rules=rules, **kw).decision(rule_id)


@pytest.mark.parametrize(("param_id", "default"), sorted(SETTINGS.items()))
def test_settings_are_dated_flags_with_a_source(param_id: str, default: bool) -> None:
    param = load_ruleset().parameters[param_id]
    assert param.unit.value == "flag"
    (value,) = param.values
    assert value.value is default and value.effective_from == date(2017, 12, 12)
    assert "decisions.md" in value.source


def test_rules_list_shows_the_settings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "list", "--lang", "en", "--as-of", "2018-06-30"]) == 0
    out = capsys.readouterr().out
    settings = out[out.index("settings (contested readings") :]
    for param_id in [*SETTINGS, "skills_upgrade.level_covered"]:
        assert f"  {param_id} (" in settings
    unset = out[out.index("unset parameters") :]
    assert "flexible_si_subsidy.graduate_window_months" in unset


def certificate_case(issued: str) -> dict[str, Any]:
    return {
        "applicant": {
            "kind": "person",
            "employer_type": "enterprise",
            "ui_periods": [{"start": "2013-01-01"}],
            "certificates": [
                {"kind": "skill_level", "level": "level4", "occupation": "电工",
                 "issued_on": issued}
            ],
        }
    }


def test_current_year_as_calendar_year_or_12_month_window() -> None:
    december = certificate_case("2017-12-20")
    assert decide(december, "skills_upgrade_subsidy", as_of="2018-01-15").outcome is (
        Outcome.not_eligible
    )
    window = ruleset_with("skills_upgrade.twelve_month_window", True)
    d = decide(december, "skills_upgrade_subsidy", window, as_of="2018-01-15")
    assert d.outcome is Outcome.eligible and d.amount == Decimal("1500.00")
    # 12个月内 includes the anniversary; the day after it is too late
    assert decide(december, "skills_upgrade_subsidy", window, as_of="2018-12-20").outcome is (
        Outcome.eligible
    )
    assert decide(december, "skills_upgrade_subsidy", window, as_of="2018-12-21").outcome is (
        Outcome.not_eligible
    )
    # 40号 counts certificates from 2017-01-01 only
    old = certificate_case("2016-12-31")
    assert decide(old, "skills_upgrade_subsidy", window, as_of="2017-12-30").outcome is (
        Outcome.not_eligible
    )


def test_technician_levels_can_be_brought_into_scope() -> None:
    technician = certificate_case("2018-02-01")
    technician["applicant"]["certificates"][0]["level"] = "level2"
    assert decide(technician, "skills_upgrade_subsidy", as_of="2018-06-30").outcome is (
        Outcome.not_eligible
    )
    levels = {"level5": True, "level4": True, "level3": True, "level2": True, "level1": False}
    widened = ruleset_with("skills_upgrade.level_covered", levels)
    d = decide(technician, "skills_upgrade_subsidy", widened, as_of="2018-06-30")
    assert d.outcome is Outcome.eligible and d.amount is None  # no standard: other regulations
    assert d.amount_reason_en is not None


def exited_worker() -> dict[str, Any]:
    return {
        "applicant": {
            "kind": "person",
            "poverty_registered": True,
            "poverty_exited": True,
            "ventures": [{"kind": "individual_business", "status": "planned"}],
        }
    }


def test_people_lifted_out_of_poverty_count_or_not() -> None:
    assert decide(exited_worker(), "poverty_startup_loan", as_of="2018-06-30").outcome is (
        Outcome.eligible
    )
    strict = ruleset_with("poverty.exited_count_as_poor", False)
    d = decide(exited_worker(), "poverty_startup_loan", strict, as_of="2018-06-30")
    assert d.outcome is Outcome.not_eligible


def test_exit_status_is_asked_only_where_the_setting_needs_it() -> None:
    unknown = {"applicant": {"kind": "person", "poverty_registered": True,
                             "ventures": [{"kind": "individual_business", "status": "planned"}]}}
    assert decide(unknown, "poverty_startup_loan", as_of="2018-06-30").outcome is (
        Outcome.eligible
    )
    nobody = {"applicant": {"kind": "person",
                            "ventures": [{"kind": "individual_business", "status": "planned"}]}}
    d = decide(nobody, "poverty_startup_loan", as_of="2018-06-30")
    assert d.outcome is Outcome.unknown
    assert "applicant.poverty_exited" not in d.missing
    strict = ruleset_with("poverty.exited_count_as_poor", False)
    d = decide(unknown, "poverty_startup_loan", strict, as_of="2018-06-30")
    assert d.outcome is Outcome.unknown and "applicant.poverty_exited" in d.missing


def test_exited_households_in_the_household_target() -> None:
    household = {"applicant": {"kind": "household", "poverty_registered": True,
                               "poverty_exited": True,
                               "members": [{"able_to_work": True,
                                            "employment_status": "unemployed"}]}}
    d = decide(household, "poor_household_employment_target", as_of="2018-06-30")
    assert d.outcome is Outcome.not_met
    strict = ruleset_with("poverty.exited_count_as_poor", False)
    d = decide(household, "poor_household_employment_target", strict, as_of="2018-06-30")
    assert d.outcome is Outcome.not_applicable


def early_hire() -> dict[str, Any]:
    return {"applicant": {"kind": "organisation", "org_kind": "family_farm", "hires": [
        {"worker": {"id": "W", "poor_household_labor": True}, "start_date": "2017-06-01",
         "contract_type": "labor_contract"}]}}


def test_hires_before_the_policy_date() -> None:
    d = decide(early_hire(), "poverty_hire_award", as_of="2018-01-31")
    assert d.outcome is Outcome.eligible and d.amount == Decimal("1000.00")
    strict = ruleset_with("poverty_hire_award.count_hires_before_policy", False)
    d = decide(early_hire(), "poverty_hire_award", strict, as_of="2018-01-31")
    assert d.outcome is Outcome.not_eligible
    (item,) = d.items
    assert [c.id for c in item.conditions if c.verdict.value == "not_met"] == [
        "hired_in_policy_period"
    ]


def test_awards_13_and_19_cumulative_or_not() -> None:
    case = (EXAMPLES / "org_micro_enterprise_poor_hire.json").read_text(encoding="utf-8")
    assert decide(case, "poverty_hire_contract_award").outcome is Outcome.not_eligible
    both = ruleset_with("poverty_hire_awards.not_cumulative", False)
    assert decide(case, "poverty_hire_contract_award", both).outcome is Outcome.eligible
    assert decide(case, "poverty_hire_award", both).amount == Decimal("1000.00")


def stabilisation_case() -> dict[str, Any]:
    return {"applicant": {"kind": "organisation", "org_kind": "enterprise", "decapacity": True,
                          "ui_insured": True, "ui_premiums": [
                              {"year": 2017, "enterprise_paid": "10000.05", "employees_paid": "0",
                               "paid_in_full": True}]}}


def test_ceiling_rounding_half_up_or_down() -> None:
    # 0.70 × 10000.05 = 7000.035: half-up gives 7000.04 (half a fen over the 70% ceiling)
    d = decide(stabilisation_case(), "decapacity_stabilization_subsidy", as_of="2018-06-30")
    assert d.amount == Decimal("7000.04")
    down = ruleset_with("decapacity_stabilization.round_ceiling_down", True)
    d = decide(stabilisation_case(), "decapacity_stabilization_subsidy", down, as_of="2018-06-30")
    assert d.amount == Decimal("7000.03")
    assert d.amount <= Decimal("0.70") * Decimal("10000.05")


@pytest.mark.parametrize("backend", ["python", "durable"])
def test_a_flipped_setting_gives_the_same_outcome_in_both_backends(backend: str) -> None:
    if backend == "durable" and DURABLE_MISSING:
        pytest.skip(f"durable_rules not importable: {DURABLE_MISSING}")
    strict = ruleset_with("poverty_hire_award.count_hires_before_policy", False)
    d = decide(early_hire(), "poverty_hire_award", strict, as_of="2018-01-31", backend=backend)
    assert d.outcome is Outcome.not_eligible
    down = ruleset_with("decapacity_stabilization.round_ceiling_down", True)
    d = decide(stabilisation_case(), "decapacity_stabilization_subsidy", down,
               as_of="2018-06-30", backend=backend)
    assert d.amount == Decimal("7000.03")
