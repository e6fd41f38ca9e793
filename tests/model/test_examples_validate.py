"""The bundled example cases validate, carry a bilingual note, and show what their names say."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from zyjob_rules.calendar import covered_months, whole_months_between
from zyjob_rules.model import (
    Case,
    CertificateKind,
    ContractType,
    Household,
    Organisation,
    OrganisationKind,
    Person,
    SkillLevel,
    TerminationReason,
    VeteranPlacement,
    parse_case,
)

CASES_DIR = Path(__file__).parents[2] / "examples" / "cases"
EXAMPLES = sorted(CASES_DIR.glob("*.json"))
CJK = re.compile(r"[\u4e00-\u9fff]")

REQUIRED = {
    "family_farm_poor_hires",
    "poor_worker_loan_150k",
    "poor_worker_loan_80k",
    "decap_enterprise_no_layoffs",
    "decap_enterprise_diversion_only",
    "decap_enterprise_layoffs",
    "employee_insured_35_months",
    "employee_insured_36_months",
    "household_poor_worker_and_graduate",
    "veteran_awaiting_placement",
    "hr_agency_labor_export",
    "incubator_recognised",
}


def load(name: str) -> Case:
    return parse_case((CASES_DIR / f"{name}.json").read_text(encoding="utf-8"), source=name)


def test_the_required_examples_exist() -> None:
    assert len(EXAMPLES) >= 10
    assert REQUIRED.issubset(p.stem for p in EXAMPLES)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_validates_with_a_bilingual_note_and_a_fixed_date(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    case = parse_case(text, source=str(path))
    assert case.as_of is not None, "examples must not depend on today's date"
    assert case.note is not None and "\n" not in case.note
    chinese, _, english = case.note.partition(" / ")
    assert CJK.search(chinese), "the note starts with the Chinese description"
    assert english and not CJK.search(english), "then ' / ' and the English one"
    assert json.loads(text)["applicant"]["kind"] == case.applicant.kind


def _family_farm(case: Case) -> None:
    org = case.applicant
    assert isinstance(org, Organisation) and case.as_of is not None
    assert org.org_kind is OrganisationKind.family_farm and org.size_class == "micro"
    months = {}
    for hire in org.hires:
        assert hire.worker.poor_household_labor is True
        assert hire.contract_type is ContractType.labor_contract
        assert hire.social_insurance_enrolled is True
        months[whole_months_between(hire.start_date, case.as_of)] = hire
    assert sorted(months) == [5, 7]
    assert months[7].contract_term_months == 12


def _loan(amount: str) -> Callable[[Case], None]:
    def check(case: Case) -> None:
        person = case.applicant
        assert isinstance(person, Person)
        assert person.poor_household_labor is True and person.poverty_registered is True
        assert any(v.status in ("operating", "planned") for v in person.ventures)
        assert [r.amount for r in person.loan_requests] == [Decimal(amount)]

    return check


def _decap(layoffs: int, diversions: int) -> Callable[[Case], None]:
    def check(case: Case) -> None:
        org = case.applicant
        assert isinstance(org, Organisation) and case.as_of is not None
        assert org.org_kind is OrganisationKind.enterprise
        assert org.decapacity is True and org.ui_insured is True
        last_year = case.as_of.year - 1
        premiums = [p for p in org.ui_premiums if p.year == last_year]
        assert premiums and all(p.paid_in_full for p in premiums)
        counted = {reason: 0 for reason in TerminationReason}
        for t in org.terminations:
            if t.date.year == last_year:
                counted[t.reason] += t.count
        assert counted[TerminationReason.layoff] == layoffs
        assert counted[TerminationReason.diversion] == diversions

    return check


def _insured(months: int) -> Callable[[Case], None]:
    def check(case: Case) -> None:
        person = case.applicant
        assert isinstance(person, Person) and case.as_of is not None
        assert person.employer_type == "enterprise" and person.employment_status == "employed"
        periods = [(p.start, p.end) for p in person.ui_periods]
        assert covered_months(periods, case.as_of) == months
        (certificate,) = person.certificates
        assert certificate.kind is CertificateKind.skill_level
        assert certificate.level is SkillLevel.level4
        assert certificate.issued_on.year == case.as_of.year
        # Also counted at the issue date (the default reading of （二十二）).
        assert covered_months(periods, certificate.issued_on) == months

    return check


def _household(case: Case) -> None:
    household = case.applicant
    assert isinstance(household, Household) and case.as_of is not None
    assert household.poverty_registered is True
    workers = [
        m for m in household.members if m.poor_household_labor and m.employment_status == "employed"
    ]
    graduates = [m for m in household.members if m.graduate and m.graduation_date is not None]
    assert workers and graduates
    assert all(g.graduation_date and g.graduation_date.year == case.as_of.year for g in graduates)


def _veteran(case: Case) -> None:
    person = case.applicant
    assert isinstance(person, Person) and case.as_of is not None
    assert person.veteran_soldier is True
    assert person.veteran_placement is VeteranPlacement.government_assigned
    assert person.meets_assignment_conditions is True
    assert person.awaiting_placement_since is not None and person.placed_on is None
    assert person.awaiting_placement_since <= case.as_of


def _hr_agency(case: Case) -> None:
    org = case.applicant
    assert isinstance(org, Organisation)
    assert org.org_kind is OrganisationKind.hr_service_agency
    assert org.labor_exports and all(e.workers > 0 for e in org.labor_exports)


def _incubator(case: Case) -> None:
    org = case.applicant
    assert isinstance(org, Organisation) and case.as_of is not None
    assert org.org_kind is OrganisationKind.incubator and org.incubator_recognised is True
    assert org.incubator_recognised_on is not None
    assert org.incubator_recognised_on <= case.as_of


CHECKS: dict[str, Callable[[Case], None]] = {
    "family_farm_poor_hires": _family_farm,
    "poor_worker_loan_150k": _loan("150000"),
    "poor_worker_loan_80k": _loan("80000"),
    "decap_enterprise_no_layoffs": _decap(layoffs=0, diversions=0),
    "decap_enterprise_diversion_only": _decap(layoffs=0, diversions=12),
    "decap_enterprise_layoffs": _decap(layoffs=30, diversions=0),
    "employee_insured_35_months": _insured(35),
    "employee_insured_36_months": _insured(36),
    "household_poor_worker_and_graduate": _household,
    "veteran_awaiting_placement": _veteran,
    "hr_agency_labor_export": _hr_agency,
    "incubator_recognised": _incubator,
}


def test_every_required_example_has_a_check() -> None:
    assert set(CHECKS) == REQUIRED


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_example_shows_what_its_name_says(name: str) -> None:
    CHECKS[name](load(name))


def test_layoff_example_lays_off_30_of_100() -> None:
    org = load("decap_enterprise_layoffs").applicant
    assert isinstance(org, Organisation)
    assert org.headcount_prior_year_end == 100
