"""Properties of the person- and household-level rules (rules/persons, rules/households).

Each threshold the rules encode is checked over generated cases on both sides of its boundary:
12 months of operation （八）, the 24-month graduate window （十一）, the graduation year （十二）,
the waiting period of a veteran （十六）, 3 job recommendations a year （十八）, 6 months of stable
employment and "at least one member" in work （十三）（十五）. Across generated persons and
households: no amount is ever invented (every amount these rules pay is set by other
regulations), a discretionary rule never says ``eligible``, and ``unknown`` always names a fact.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from fidelity_settings import ruleset_with
from hypothesis import given
from hypothesis import strategies as st

from zyjob_rules import Case, Outcome, evaluate, load_ruleset
from zyjob_rules.calendar import add_months, whole_months_between
from zyjob_rules.explain.decision import Decision
from zyjob_rules.model import (
    EmploymentStatus,
    Household,
    JobRecommendation,
    Person,
    Venture,
    VentureKind,
    VentureStatus,
    VeteranPlacement,
)
from zyjob_rules.testing import ApplicantKind, cases, households, near, persons

IN_FORCE = date(2017, 12, 12)  # the policy's date; the rules take effect then
DAYS = st.dates(IN_FORCE, date(2026, 12, 31))
JITTER = st.one_of(st.sampled_from([0, -1, 1]), st.integers(-20, 20))

# The policy's own numbers (a change in rules/ must be deliberate: these tests then fail).
OPERATING_MONTHS = 12  # （八）正常经营1年以上
GRADUATE_WINDOW_MONTHS = 24  # （十一）离校2年内 (national practice, NOTES B7 [PARTIAL])
MIN_RECOMMENDATIONS = 3  # （十八）至少推荐3个以上
STABLE_MONTHS = 6  # （十五）稳定就业 (decision: as （十九）「稳定就业6个月以上」)

# rule id -> (clause, kind, beneficiary)
RULES = {
    "startup_subsidy_difficult": ("（八）", "entitlement", "person"),
    "flexible_employment_si_subsidy": ("（十一）", "entitlement", "person"),
    "job_search_subsidy_extension": ("（十二）", "entitlement", "person"),
    "decap_labor_export_transport_subsidy": ("（十四）", "entitlement", "person"),
    "decap_public_welfare_post_priority": ("（十四）", "priority", "person"),
    "decap_incubator_priority": ("（十四）", "priority", "person"),
    "dibao_employment_cost_deduction": ("（十五）", "discretionary", "person"),
    "veteran_awaiting_medical_premium": ("（十六）", "entitlement", "person"),
    "rural_landless_unemployment_registration": ("（十七）", "priority", "person"),
    "poor_worker_job_recommendations": ("（十八）", "obligation", "person"),
    "catalogue_training_subsidy": ("（二十二）", "priority", "person"),
    "poor_household_employment_target": ("（十三）", "target", "household"),
    "household_stable_employment_target": ("（十五）", "target", "household"),
}
# Rules with an amount, all of it left to other regulations (an unset parameter with a note).
UNSET_AMOUNTS = {
    "startup_subsidy_difficult",
    "flexible_employment_si_subsidy",
    "job_search_subsidy_extension",
    "decap_labor_export_transport_subsidy",
    "dibao_employment_cost_deduction",
    "veteran_awaiting_medical_premium",
    "catalogue_training_subsidy",
}
OUTCOMES = {
    "entitlement": {Outcome.eligible, Outcome.not_eligible, Outcome.unknown},
    "priority": {Outcome.eligible, Outcome.not_eligible, Outcome.unknown},
    "discretionary": {Outcome.may_consider, Outcome.not_eligible, Outcome.unknown},
    "obligation": {Outcome.met, Outcome.not_met, Outcome.not_applicable, Outcome.unknown},
    "target": {Outcome.met, Outcome.not_met, Outcome.not_applicable, Outcome.unknown},
}
IN_WORK = (
    EmploymentStatus.employed,
    EmploymentStatus.self_employed,
    EmploymentStatus.flexibly_employed,
)


def policy_cases(kind: ApplicantKind) -> st.SearchStrategy[Case]:
    """Generated cases assessed while the policy is in force."""
    return DAYS.flatmap(lambda day: cases(kind, as_of=day))


def decide(applicant: Person | Household, day: date, rule_id: str) -> Decision:
    return evaluate(Case(as_of=day, applicant=applicant), trace=False).decision(rule_id)


def shifted(day: date, months: int, days: int) -> date:
    return add_months(day, months) + timedelta(days=days)


# --- the rule files themselves --------------------------------------------------------------


def test_rules_have_their_clause_kind_beneficiary_and_lead_department() -> None:
    ruleset = load_ruleset()
    for rule_id, (clause, kind, beneficiary) in RULES.items():
        (rule,) = ruleset.versions(rule_id)
        spec = rule.spec
        assert (spec.clause, spec.kind.value, spec.beneficiary) == (clause, kind, beneficiary)
        assert spec.lead_department == "市人力资源社会保障局"  # first listed in each clause
        assert spec.effective.from_ == IN_FORCE


def test_unset_amounts_name_the_regulation_that_sets_them() -> None:
    ruleset = load_ruleset()
    for rule_id in UNSET_AMOUNTS:
        (rule,) = ruleset.versions(rule_id)
        text = rule.spec.amount or (rule.spec.for_each.amount if rule.spec.for_each else None)
        assert text is not None
        (pid,) = re.findall(r'param\("([^"]+)"\)', text)
        values = ruleset.parameters[pid].values
        assert all(v.value is None and v.note is not None for v in values), pid


# --- over generated persons and households ----------------------------------------------------


def _check_mine(decisions: list[Decision]) -> None:
    for d in decisions:
        if d.rule_id not in RULES:
            continue
        kind = RULES[d.rule_id][1]
        assert d.outcome in OUTCOMES[kind], (d.rule_id, d.outcome)
        assert d.amount is None, d.rule_id  # nothing these rules pay has a confirmed figure
        if d.outcome is Outcome.unknown:
            assert d.missing, d.rule_id
        if d.outcome.positive and d.rule_id in UNSET_AMOUNTS:
            assert (d.amount_reason_en or "").startswith("Amount set by other regulations")


@given(policy_cases("person"))
def test_person_outcomes_are_of_their_kind_and_no_amount_is_invented(case: Case) -> None:
    _check_mine(evaluate(case, trace=False).decisions)


@given(policy_cases("household"))
def test_household_outcomes_are_of_their_kind_and_no_amount_is_invented(case: Case) -> None:
    _check_mine(evaluate(case, trace=False).decisions)


@given(policy_cases("person"))
def test_discretionary_deduction_is_never_eligible(case: Case) -> None:
    d = evaluate(case, trace=False).decision("dibao_employment_cost_deduction")
    assert d.outcome is not Outcome.eligible
    person = case.applicant
    assert isinstance(person, Person)
    if d.outcome is Outcome.may_consider:
        assert person.dibao_recipient is True and person.employment_status in IN_WORK


@given(policy_cases("person"))
def test_travel_subsidy_has_no_hardship_test(case: Case) -> None:
    """（十四） P27: only 去产能失业人员 + organised labour export decide it (NOTES A.3 #13), and
    the benefit history: 「一次性」 once per person, so an unchecked history is unknown."""
    person = case.applicant
    assert isinstance(person, Person)
    d = evaluate(case, trace=False).decision("decap_labor_export_transport_subsidy")
    granted = any(
        g.rule == "decap_labor_export_transport_subsidy" and g.granted_on <= case.as_of
        for g in person.benefit_history
    )
    facts = (
        person.decap_unemployed,
        person.joined_organised_labor_export,
        not granted and person.benefit_history_complete,
    )
    if False in facts:
        assert d.outcome is Outcome.not_eligible
    elif None in facts:
        assert d.outcome is Outcome.unknown
    else:
        assert d.outcome is Outcome.eligible


@given(policy_cases("person"))
def test_public_welfare_priority_needs_only_genuine_difficulty(case: Case) -> None:
    """「确实难以就业的」 alone: no certified employment difficulty is required (issue #9)."""
    person = case.applicant
    assert isinstance(person, Person)
    d = evaluate(case, trace=False).decision("decap_public_welfare_post_priority")
    both = person.decap_unemployed is True and person.hard_to_employ is True
    assert (d.outcome is Outcome.eligible) is both


# --- thresholds, on both sides ----------------------------------------------------------------


@given(
    DAYS.flatmap(lambda d: st.tuples(st.just(d), persons(as_of=d))),
    near(OPERATING_MONTHS, 3),
    JITTER,
    st.integers(0, 400),
)
def test_startup_subsidy_flips_at_twelve_months_of_operation(
    drawn: tuple[date, Person], months: int, jitter: int, later: int
) -> None:
    day, base = drawn
    registered = shifted(day, -months, jitter)
    venture = Venture(
        kind=VentureKind.individual_business,
        registered_on=registered,
        status=VentureStatus.operating,
        first_venture=True,
    )
    person = base.model_copy(  # no earlier grant of the subsidy (benefit_history)
        update={"employment_difficulty_certified": True, "ventures": [venture],
                "benefit_history": []}
    )
    d = decide(person, day, "startup_subsidy_difficult")
    if whole_months_between(registered, day) >= OPERATING_MONTHS:
        assert d.outcome is Outcome.eligible
        # more time never turns it back (while the venture keeps operating)
        after = decide(person, day + timedelta(days=later), "startup_subsidy_difficult")
        assert after.outcome is Outcome.eligible
    else:
        assert d.outcome is Outcome.not_eligible
        assert d.eligible_from == max(add_months(registered, OPERATING_MONTHS), IN_FORCE)


@given(DAYS, near(GRADUATE_WINDOW_MONTHS, 3), JITTER)
def test_graduate_window_unset_is_unknown_never_a_silent_no(
    day: date, months: int, jitter: int
) -> None:
    graduated = shifted(day, -months, jitter)
    person = Person(
        employment_status=EmploymentStatus.flexibly_employed,
        flexibly_insured=True,
        graduate=True,
        graduation_date=graduated,
        employed_since=graduated,
        employment_difficulty_certified=False,
        poor_household_labor=False,
        poverty_registered=False,
    )
    d = decide(person, day, "flexible_employment_si_subsidy")
    if graduated <= day:
        assert d.outcome is Outcome.unknown
        assert d.missing == ["flexible_si_subsidy.graduate_window_months"]
    else:  # not yet a graduate who has left school
        assert d.outcome is Outcome.not_eligible


@given(DAYS, near(GRADUATE_WINDOW_MONTHS, 3), JITTER, st.integers(0, 40))
def test_graduate_window_entered_is_measured_at_the_start_of_flexible_work(
    day: date, months: int, jitter: int, later: int
) -> None:
    rules = ruleset_with("flexible_si_subsidy.graduate_window_months", GRADUATE_WINDOW_MONTHS)
    started = shifted(day, -later, 0)
    graduated = shifted(started, -months, jitter)
    person = Person(
        employment_status=EmploymentStatus.flexibly_employed,
        flexibly_insured=True,
        graduate=True,
        graduation_date=graduated,
        employed_since=started,
        employment_difficulty_certified=False,
        poor_household_labor=False,
        poverty_registered=False,
    )
    d = evaluate(Case(as_of=day, applicant=person), rules=rules, trace=False).decision(
        "flexible_employment_si_subsidy"
    )
    # 以内 includes the end: started on graduation + 24 months is still within the window,
    # however long ago that start was.
    within = graduated <= day and started <= add_months(graduated, GRADUATE_WINDOW_MONTHS)
    assert d.outcome is (Outcome.eligible if within else Outcome.not_eligible)


@given(
    DAYS,
    st.integers(-800, 800),
    st.sampled_from(["poor_disabled_household", "poverty_registered", "extreme_poverty"]),
)
def test_job_search_subsidy_only_in_the_graduation_year(day: date, offset: int, group: str) -> None:
    graduated = day + timedelta(days=offset)
    person = Person(graduate=True, graduation_date=graduated, **{group: True})
    d = decide(person, day, "job_search_subsidy_extension")
    assert d.outcome is (Outcome.eligible if graduated.year == day.year else Outcome.not_eligible)


@given(DAYS, st.integers(-60, 60), st.one_of(st.none(), st.integers(-60, 400)))
def test_veteran_premium_only_while_waiting(day: date, since: int, placed: int | None) -> None:
    start = day + timedelta(days=since)
    placed_on = None if placed is None else start + timedelta(days=max(placed, 0))
    person = Person(
        veteran_soldier=True,
        veteran_placement=VeteranPlacement.government_assigned,
        meets_assignment_conditions=True,
        awaiting_placement_since=start,
        placed_on=placed_on,
    )
    d = decide(person, day, "veteran_awaiting_medical_premium")
    waiting = start <= day and (placed_on is None or placed_on > day)
    assert d.outcome is (Outcome.eligible if waiting else Outcome.not_eligible)


@given(
    DAYS,
    near(MIN_RECOMMENDATIONS, 3),
    st.integers(0, 3),
    st.integers(0, 3),
    st.lists(st.integers(0, 1_000_000), min_size=6, max_size=6),
)
def test_three_recommendations_flip_exactly_at_three(
    day: date, last_year: int, this_year: int, earlier: int, spread: list[int]
) -> None:
    """The last completed calendar year is judged: only its recommendations count."""
    last_year = max(last_year, 0)
    jan1 = date(day.year - 1, 1, 1)
    recs = [jan1 + timedelta(days=364 * spread[i % 6] // 1_000_000) for i in range(last_year)]
    recs += [date(day.year, 1, 1) + timedelta(days=i) for i in range(this_year)]
    recs += [jan1 - timedelta(days=1 + i * 40) for i in range(earlier)]
    person = Person(
        poor_household_labor=True,
        able_to_work=True,
        willing_to_work=True,
        job_recommendations=[JobRecommendation(recommended_on=r) for r in recs],
    )
    d = decide(person, day, "poor_worker_job_recommendations")
    if day.year - 1 < 2018:  # no completed year under the policy yet: nothing to judge
        assert d.outcome is Outcome.not_applicable
        return
    assert d.outcome is (Outcome.met if last_year >= MIN_RECOMMENDATIONS else Outcome.not_met)
    # one more recommendation in the judged year never turns "met" into "not met"
    more = person.model_copy(
        update={
            "job_recommendations": [
                *person.job_recommendations,
                JobRecommendation(recommended_on=date(day.year - 1, 12, 31)),
            ]
        }
    )
    more_d = decide(more, day, "poor_worker_job_recommendations")
    assert more_d.outcome is (
        Outcome.met if last_year + 1 >= MIN_RECOMMENDATIONS else Outcome.not_met
    )


MEMBER = st.tuples(st.sampled_from(list(EmploymentStatus)), near(STABLE_MONTHS, 3), JITTER)


@given(
    DAYS,
    st.lists(MEMBER, max_size=4),
    st.sampled_from(["zero_employment", "dibao", "has_disabled_member", "poverty_registered"]),
)
def test_stable_employment_target_needs_six_months(
    day: date, members: list[tuple[EmploymentStatus, int, int]], kind: str
) -> None:
    people = [
        Person(
            employment_status=status,
            employed_since=shifted(day, -months, jitter),
            able_to_work=True,
        )
        for status, months, jitter in members
    ]
    household = Household(members=people, **{kind: True})
    stable = any(
        p.employment_status in IN_WORK
        and p.employed_since is not None
        and whole_months_between(p.employed_since, day) >= STABLE_MONTHS
        for p in people
    )
    d = decide(household, day, "household_stable_employment_target")
    assert d.outcome is (Outcome.met if stable else Outcome.not_met)


@given(DAYS, st.lists(st.one_of(st.none(), st.sampled_from(list(EmploymentStatus))), max_size=4))
def test_poor_household_target_at_least_one_in_work(
    day: date, statuses: list[EmploymentStatus | None]
) -> None:
    people = [Person(employment_status=s, able_to_work=True) for s in statuses]
    household = Household(poverty_registered=True, members=people)
    d = decide(household, day, "poor_household_employment_target")
    if any(s in IN_WORK for s in statuses):
        assert d.outcome is Outcome.met
    elif not statuses:  # no member: no labour capacity, the target does not apply
        assert d.outcome is Outcome.not_applicable
    elif None in statuses:
        assert d.outcome is Outcome.unknown
        assert d.missing
    else:
        assert d.outcome is Outcome.not_met


@given(DAYS.flatmap(lambda d: st.tuples(st.just(d), households(as_of=d))))
def test_targets_do_not_apply_outside_their_households(drawn: tuple[date, Household]) -> None:
    """A household of none of the target kinds is outside both targets: not applicable."""
    day, base = drawn
    household = base.model_copy(
        update={
            "poverty_registered": False,
            "zero_employment": False,
            "dibao": False,
            "has_disabled_member": False,
        }
    )
    report = evaluate(Case(as_of=day, applicant=household), trace=False)
    for rule_id in ("poor_household_employment_target", "household_stable_employment_target"):
        assert report.decision(rule_id).outcome is Outcome.not_applicable
