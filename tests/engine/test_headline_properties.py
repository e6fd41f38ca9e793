"""Properties of the four headline rules over generated cases (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from zyjob_rules import Case, Outcome, evaluate
from zyjob_rules.calendar import whole_months_between
from zyjob_rules.model import Hire, InsurancePeriod, Organisation, Person
from zyjob_rules.testing import ApplicantKind, cases

AWARD = Decimal("1000")
IN_FORCE = date(2017, 12, 12)  # the policy's date; the rules take effect then


def policy_cases(kind: ApplicantKind | None = None) -> st.SearchStrategy[Case]:
    """Cases assessed while the policy is in force (before it, no rule applies)."""
    return st.dates(IN_FORCE, date(2026, 12, 31)).flatmap(lambda day: cases(kind, as_of=day))


LOAN_CAP = Decimal("100000")


def as_of(case: Case) -> date:
    assert case.as_of is not None  # the strategies always set it
    return case.as_of


def poor(worker: Person) -> bool | None:
    if worker.poor_household_labor or worker.poverty_registered:
        return True
    if worker.poor_household_labor is False and worker.poverty_registered is False:
        return False
    return None


def stable_six_months(hire: Hire, day: date) -> bool:
    # end_date is the last day worked: a finished stint runs to the day after it.
    end = min(hire.end_date + timedelta(days=1) if hire.end_date else day, day)
    return whole_months_between(hire.start_date, end) >= 6


def k_and(*values: bool | None) -> bool | None:
    return False if False in values else None if None in values else True


def once_per_worker(hires: list[Hire], day: date) -> list[bool | None]:
    """Kleene oracle: a stint earns the award when it qualifies and no earlier stint of the
    same worker (same id; unknown when an id is missing) does."""
    qual = [k_and(poor(h.worker), stable_six_months(h, day)) for h in hires]
    out: list[bool | None] = []
    for h, q in zip(hires, qual, strict=True):
        earlier = [
            k_and(
                None if g.worker.id is None or h.worker.id is None else g.worker.id == h.worker.id,
                g.start_date < h.start_date,
                qg,
            )
            for g, qg in zip(hires, qual, strict=True)
        ]
        seen = True if True in earlier else None if None in earlier else False
        out.append(k_and(q, None if seen is None else not seen))
    return out


def not_awarded_before(org: Organisation, hire: Hire, day: date) -> bool | None:
    """Kleene oracle of the benefit history: no grant of the award for this worker's id."""
    grants = [
        None if g.worker_id is None or hire.worker.id is None else g.worker_id == hire.worker.id
        for g in org.benefit_history
        if g.rule == "poverty_hire_award" and g.granted_on <= day
    ]
    return False if True in grants else None if None in grants else True


@given(policy_cases("organisation"))
def test_award_is_1000_per_qualifying_hire(case: Case) -> None:
    d = evaluate(case).decision("poverty_hire_award")
    org = case.applicant
    assert isinstance(org, Organisation)
    day = as_of(case)
    qualifying = [
        k_and(v, not_awarded_before(org, h, day)) is True
        for v, h in zip(once_per_worker(org.hires, day), org.hires, strict=True)
    ]
    assert [i.verdict.value == "met" for i in d.items] == qualifying
    if d.outcome is Outcome.eligible:
        assert d.amount == AWARD * sum(qualifying)
        assert sum(qualifying) >= 1
    else:
        assert d.amount is None


@given(policy_cases("person"))
def test_loan_never_above_100k_nor_the_request(case: Case) -> None:
    d = evaluate(case).decision("poverty_startup_loan")
    if d.outcome is Outcome.eligible:
        assert d.amount is not None and Decimal(0) <= d.amount <= LOAN_CAP
        person = case.applicant
        assert isinstance(person, Person)
        if person.loan_requests:
            assert d.amount == min(max(r.amount for r in person.loan_requests), LOAN_CAP)


@given(policy_cases("organisation"))
def test_stabilisation_never_above_70_percent_of_last_years_premiums(case: Case) -> None:
    d = evaluate(case).decision("decapacity_stabilization_subsidy")
    org = case.applicant
    assert isinstance(org, Organisation)
    if d.outcome is Outcome.eligible and d.amount is not None:
        last = next(p for p in org.ui_premiums if p.year == as_of(case).year - 1)
        base = last.enterprise_paid + last.employees_paid - last.back_paid_arrears
        assert d.amount <= (Decimal("0.70") * base).quantize(Decimal("0.01")) + Decimal("0.005")
        assert abs(d.amount - Decimal("0.70") * base) <= Decimal("0.005")


@given(policy_cases("person"), st.integers(1, 48))
def test_more_insured_months_never_lose_eligibility(case: Case, extra_months: int) -> None:
    before = evaluate(case).decision("skills_upgrade_subsidy")
    person = case.applicant
    assert isinstance(person, Person)
    assume(person.ui_periods)
    first = min(person.ui_periods, key=lambda p: p.start)
    earlier = first.start - timedelta(days=31 * extra_months)
    longer = person.model_copy(
        update={"ui_periods": [InsurancePeriod(start=earlier, end=first.start), *person.ui_periods]}
    )
    after = evaluate(case.model_copy(update={"applicant": longer})).decision(
        "skills_upgrade_subsidy"
    )
    if before.outcome is Outcome.eligible:
        assert after.outcome is Outcome.eligible
        assert after.amount == before.amount or before.amount is None


@settings(max_examples=60)
@given(cases())
def test_eligible_from_is_the_first_day_reevaluation_says_eligible(case: Case) -> None:
    for d in evaluate(case, trace=False).decisions:
        if d.eligible_from is None:
            continue
        on = evaluate(case, as_of=d.eligible_from, trace=False).decision(d.rule_id, d.subject)
        day_before = d.eligible_from - timedelta(days=1)
        before = evaluate(case, as_of=day_before, trace=False).decision(d.rule_id, d.subject)
        assert on.outcome.positive
        assert not before.outcome.positive


@settings(max_examples=60)
@given(cases())
def test_trace_and_no_trace_decide_the_same(case: Case) -> None:
    traced = evaluate(case, trace=True).decisions
    plain = evaluate(case, trace=False).decisions
    assert [
        (d.rule_id, d.subject, d.outcome, d.amount, d.eligible_from, d.missing) for d in traced
    ] == [(d.rule_id, d.subject, d.outcome, d.amount, d.eligible_from, d.missing) for d in plain]


@given(cases())
def test_amounts_are_never_negative_and_unknown_always_says_what_is_missing(case: Case) -> None:
    for d in evaluate(case, trace=False).decisions:
        assert d.amount is None or d.amount >= 0
        if d.outcome is Outcome.unknown:
            assert d.missing, d.rule_id
