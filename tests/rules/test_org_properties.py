"""Properties of the organisation-level rules (rules/organisations), over generated cases.

The one number these rules encode themselves is the 12-month contract term of （十三）
(「签订1年以上劳动合同」, 以上 includes 12): crossing it flips a hire exactly there, an open-ended
contract always counts and a service agreement never does. Every amount they pay is left to
other regulations (按规定 / 一定奖补): across generated organisations no amount is ever invented
or negative, and a positive decision says which regulation sets it. Outcome words follow each
rule's kind, ``unknown`` always names a missing fact, and the （十三）/（十九） awards for the same
hire are noted as not cumulative in both decisions.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from zyjob_rules import Case, Outcome, evaluate, load_ruleset
from zyjob_rules.calendar import whole_months_between
from zyjob_rules.explain.decision import Decision, Verdict
from zyjob_rules.model import (
    ContractType,
    Hire,
    Organisation,
    OrganisationKind,
    Person,
    SizeClass,
    TrainingCourse,
)
from zyjob_rules.testing import cases, hires, near, organisations, persons

IN_FORCE = date(2017, 12, 12)  # the policy's date; the rules take effect then
DAYS = st.dates(IN_FORCE, date(2026, 12, 31))
MIN_CONTRACT_MONTHS = 12  # （十三）签订1年以上劳动合同 (a change in rules/ must be deliberate)
LEAD = "市人力资源社会保障局"  # first department listed in every clause encoded here

# rule id -> (clause, kind)
RULES = {
    "incubator_award": ("（七）", "entitlement"),
    "returnee_entity_small_micro_support": ("（八）", "priority"),
    "new_business_form_insurance_duty": ("（十一）", "obligation"),
    "new_business_form_hiring_support": ("（十一）", "priority"),
    "social_org_graduate_hiring_support": ("（十二）", "priority"),
    "poverty_hire_contract_award": ("（十三）", "entitlement"),
    "decap_unemployed_hire_subsidy": ("（十四）", "entitlement"),
    "labor_export_service_subsidy": ("（十七）", "entitlement"),
    "enterprise_training_institution_subsidy": ("（二十一）", "entitlement"),
    "target_group_block_training": ("（二十二）", "discretionary"),
}
NO_AMOUNT = {"returnee_entity_small_micro_support", "new_business_form_insurance_duty"}
UNSET_AMOUNT = set(RULES) - NO_AMOUNT
OUTCOMES = {
    "entitlement": {Outcome.eligible, Outcome.not_eligible, Outcome.unknown},
    "priority": {Outcome.eligible, Outcome.not_eligible, Outcome.unknown},
    "discretionary": {Outcome.may_consider, Outcome.not_eligible, Outcome.unknown},
    "obligation": {Outcome.met, Outcome.not_met, Outcome.not_applicable, Outcome.unknown},
}


def policy_organisations() -> st.SearchStrategy[Case]:
    """Generated organisation cases assessed while the policy is in force."""
    return DAYS.flatmap(lambda day: cases("organisation", as_of=day))


def decisions(case: Case) -> dict[str, Decision]:
    report = evaluate(case, trace=False)
    return {d.rule_id: d for d in report.decisions if d.rule_id in RULES}


# --- the rule files themselves ---


def test_rules_have_their_clause_kind_beneficiary_and_lead_department() -> None:
    ruleset = load_ruleset()
    for rule_id, (clause, kind) in RULES.items():
        (rule,) = ruleset.versions(rule_id)
        spec = rule.spec
        assert (spec.clause, spec.kind.value, spec.beneficiary) == (clause, kind, "organisation")
        assert spec.lead_department == LEAD
        assert spec.effective.from_ == IN_FORCE and spec.effective.until is None
        assert rule.file.startswith("organisations/")


def test_unset_amounts_name_the_regulation_that_sets_them() -> None:
    ruleset = load_ruleset()
    for rule_id in RULES:
        (rule, *_) = ruleset.versions(rule_id)
        fe = rule.spec.for_each
        text = rule.spec.amount or (fe.amount if fe is not None else None)
        if rule_id in NO_AMOUNT:
            assert text is None, rule_id
            continue
        assert text is not None, rule_id
        for pid in re.findall(r'param\("([^"]+)"\)', text):
            values = ruleset.parameters[pid].values
            assert all(v.value is None and v.note is not None for v in values), pid
            for v in values:
                assert v.note is not None
                # a document number, or (（十三）「一定奖补」) the bureaus that are to set it
                assert "〔" in v.note.zh or "另行规定" in v.note.zh, pid


def test_contract_threshold_parameter() -> None:
    param = load_ruleset().parameters["poverty_hire_contract_award.min_contract_months"]
    (value,) = param.values
    assert value.value == MIN_CONTRACT_MONTHS
    assert "1年以上" in value.source and "民法典第1259条" in value.source


def test_non_cumulative_is_a_setting_defaulting_to_exclusion() -> None:
    ruleset = load_ruleset()
    (value,) = ruleset.parameters["poverty_hire_awards.not_cumulative"].values
    assert value.value is True and "A.3 #9" in value.source
    (contract,) = ruleset.versions("poverty_hire_contract_award")
    assert "not_rewarded_under_19" in [c.spec.id for c in contract.item_conditions]


# --- over generated organisations ---


@given(policy_organisations())
def test_outcome_words_follow_the_kind(case: Case) -> None:
    for rule_id, decision in decisions(case).items():
        assert decision.outcome in OUTCOMES[RULES[rule_id][1]], rule_id


@given(policy_organisations())
def test_no_amount_is_invented(case: Case) -> None:
    for rule_id, decision in decisions(case).items():
        assert decision.amount is None, rule_id
        if rule_id in UNSET_AMOUNT and decision.outcome.positive:
            assert decision.amount_reason_en is not None
            assert decision.amount_reason_en.startswith("Amount set by other regulations"), rule_id
        if rule_id in NO_AMOUNT:
            assert decision.amount_reason_en is None


@given(policy_organisations())
def test_unknown_always_names_a_missing_fact(case: Case) -> None:
    for rule_id, decision in decisions(case).items():
        if decision.outcome is Outcome.unknown:
            assert decision.missing, rule_id


# --- （十三） the 12-month labour contract ---


@st.composite
def poor_hire_on_contract(draw: st.DrawFn) -> tuple[Case, Hire]:
    """A medium enterprise, one insured poor-household worker on a labour contract of ~12 months.

    Medium: not a （十九） operator, so the hire is never rewarded there instead (tested apart).
    """
    day = draw(DAYS)
    hire = draw(hires(as_of=day)).model_copy(
        update={
            "worker": Person(poor_household_labor=True),
            "contract_type": ContractType.labor_contract,
            "contract_term_months": draw(near(MIN_CONTRACT_MONTHS, 8)),
            "open_ended": False,
            "social_insurance_enrolled": True,
        }
    )
    org = Organisation(
        org_kind=OrganisationKind.enterprise, size_class=SizeClass.medium, hires=[hire]
    )
    return Case(as_of=day, applicant=org), hire


@given(poor_hire_on_contract())
def test_contract_of_twelve_months_or_more_flips_exactly_there(data: tuple[Case, Hire]) -> None:
    case, hire = data
    decision = evaluate(case).decision("poverty_hire_contract_award")
    assert hire.contract_term_months is not None
    expected = hire.contract_term_months >= MIN_CONTRACT_MONTHS
    assert decision.outcome is (Outcome.eligible if expected else Outcome.not_eligible)
    (item,) = decision.items
    term = next(c for c in item.conditions if c.id == "term_one_year")
    assert term.verdict is (Verdict.met if expected else Verdict.not_met)


@given(poor_hire_on_contract(), st.one_of(st.none(), st.integers(0, 60)))
def test_open_ended_contract_always_counts(data: tuple[Case, Hire], term: int | None) -> None:
    case, hire = data
    org = case.applicant
    assert isinstance(org, Organisation)
    open_ended = hire.model_copy(update={"open_ended": True, "contract_term_months": term})
    case = case.model_copy(update={"applicant": org.model_copy(update={"hires": [open_ended]})})
    assert evaluate(case).decision("poverty_hire_contract_award").outcome is Outcome.eligible


@given(
    poor_hire_on_contract(),
    st.sampled_from([ContractType.service_agreement, ContractType.platform_agreement]),
    st.booleans(),
)
def test_an_agreement_is_never_a_labour_contract(
    data: tuple[Case, Hire], contract: ContractType, open_ended: bool
) -> None:
    case, hire = data
    org = case.applicant
    assert isinstance(org, Organisation)
    other = hire.model_copy(update={"contract_type": contract, "open_ended": open_ended})
    case = case.model_copy(update={"applicant": org.model_copy(update={"hires": [other]})})
    assert evaluate(case).decision("poverty_hire_contract_award").outcome is Outcome.not_eligible


@given(poor_hire_on_contract(), st.integers(1, 24))
def test_longer_contracts_never_lose_eligibility(data: tuple[Case, Hire], extra: int) -> None:
    case, hire = data
    org = case.applicant
    assert isinstance(org, Organisation) and hire.contract_term_months is not None
    before = evaluate(case).decision("poverty_hire_contract_award").outcome
    longer = hire.model_copy(update={"contract_term_months": hire.contract_term_months + extra})
    case = case.model_copy(update={"applicant": org.model_copy(update={"hires": [longer]})})
    after = evaluate(case).decision("poverty_hire_contract_award").outcome
    assert not (before is Outcome.eligible and after is not Outcome.eligible)


# --- （十三）/（十九） not cumulative ---


@st.composite
def micro_enterprise_hiring_the_poor(draw: st.DrawFn) -> Case:
    """A micro enterprise (a （十九） operator and a （十三） enterprise) hiring poor workers."""
    day = draw(DAYS)
    staff = [
        draw(hires(as_of=day)).model_copy(
            update={"worker": Person(id=f"W{n}", poverty_registered=True)}
        )
        for n in range(draw(st.integers(1, 3)))
    ]
    org = Organisation(
        org_kind=OrganisationKind.enterprise, size_class=SizeClass.micro, hires=staff
    )
    return Case(as_of=day, applicant=org)


@given(micro_enterprise_hiring_the_poor())
def test_no_hire_is_rewarded_under_both_awards(case: Case) -> None:
    report = evaluate(case)
    contract = report.decision("poverty_hire_contract_award")
    award = report.decision("poverty_hire_award")
    rewarded_19 = {i.path for i in award.items if i.verdict is Verdict.met}
    rewarded_13 = {i.path for i in contract.items if i.verdict is Verdict.met}
    assert not rewarded_19 & rewarded_13
    if award.outcome is Outcome.eligible and award.amount is not None:
        assert award.amount == Decimal(1000) * len(rewarded_19)


def test_the_overlap_example_pays_the_19_award_only() -> None:
    example = (
        Path(__file__).parents[2] / "examples" / "cases" / "org_micro_enterprise_poor_hire.json"
    )
    report = evaluate(example.read_text(encoding="utf-8"))
    contract = report.decision("poverty_hire_contract_award")
    award = report.decision("poverty_hire_award")
    assert award.outcome is Outcome.eligible and award.amount == Decimal("1000.00")
    assert contract.outcome is Outcome.not_eligible and contract.amount is None
    (item,) = contract.items
    verdicts = {c.id: c.verdict for c in item.conditions}
    assert verdicts["not_rewarded_under_19"] is Verdict.not_met
    assert verdicts["term_one_year"] is Verdict.met and verdicts["social_insurance"] is Verdict.met


# --- （十四） hires of decap unemployed; （二十二） target-group training ---


@given(DAYS.flatmap(lambda day: st.tuples(st.just(day), st.lists(hires(as_of=day), max_size=4))))
def test_decap_hire_subsidy_follows_its_items(data: tuple[date, list[Hire]]) -> None:
    day, staff = data
    case = Case(
        as_of=day, applicant=Organisation(org_kind=OrganisationKind.enterprise, hires=staff)
    )
    decision = evaluate(case).decision("decap_unemployed_hire_subsidy")
    verdicts = [i.verdict for i in decision.items]
    if Verdict.met in verdicts:
        assert decision.outcome is Outcome.eligible and decision.amount is None
    elif Verdict.unknown in verdicts:
        assert decision.outcome is Outcome.unknown
    else:
        assert decision.outcome is Outcome.not_eligible
    for hire, item in zip(staff, decision.items, strict=True):
        if item.verdict is Verdict.met:
            assert hire.worker.decap_unemployed is True


@given(DAYS.flatmap(lambda day: st.lists(persons(as_of=day, max_items=1), max_size=4)), DAYS)
def test_block_training_needs_trainees_of_a_target_group(
    trainees: list[Person], day: date
) -> None:
    course = TrainingCourse(course="集中培训", trainees=trainees)
    org = Organisation(org_kind=OrganisationKind.training_institution, training_courses=[course])
    decision = evaluate(Case(as_of=day, applicant=org)).decision("target_group_block_training")
    assert decision.outcome is not Outcome.eligible  # discretionary: never a plain "eligible"
    if not trainees:
        assert decision.outcome is Outcome.not_eligible
    in_group = [
        t.decap_unemployed
        or t.poor_household_labor
        or t.poverty_registered
        or t.employment_difficulty_certified
        or t.ethnic_area_resident
        for t in trainees
    ]
    # an open list (等): one trainee of a target group suffices, not every trainee
    if decision.outcome is Outcome.may_consider:
        assert any(in_group)
    if any(in_group):
        assert decision.outcome is Outcome.may_consider


# --- the （十九） and （十三） hires seen together by month count ---


@given(micro_enterprise_hiring_the_poor())
def test_six_month_award_counts_only_stable_hires(case: Case) -> None:
    org = case.applicant
    assert isinstance(org, Organisation) and case.as_of is not None
    day = case.as_of
    # end_date is the last day worked: a finished stint runs to the day after it.
    expected = sum(
        1
        for h in org.hires
        if h.start_date <= day
        and whole_months_between(
            h.start_date, min(h.end_date + timedelta(days=1) if h.end_date else day, day)
        )
        >= 6
    )
    decision = evaluate(case).decision("poverty_hire_award")
    if expected:
        assert decision.amount == Decimal(1000) * expected
    else:
        assert decision.outcome is Outcome.not_eligible


@given(organisations(as_of=date(2018, 6, 30)))
def test_every_organisation_gets_a_decision_from_every_org_rule(org: Organisation) -> None:
    report = evaluate(Case(as_of=date(2018, 6, 30), applicant=org), trace=False)
    assert {d.rule_id for d in report.decisions} >= set(RULES)
