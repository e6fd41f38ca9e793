"""Issue #9, the rest: benefit history (item 2) and the trace defects found with it — each pinned
where a YAML case file cannot reach (traces, statements, validation)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from fidelity_settings import ruleset_with

from zyjob_rules import Outcome, evaluate
from zyjob_rules.explain.text import render_report as render_text
from zyjob_rules.model import CaseValidationError, parse_case


def exported(**extra: Any) -> dict[str, Any]:
    return {"as_of": "2018-06-01", "applicant": {
        "kind": "person", "decap_unemployed": True, "joined_organised_labor_export": True,
        **extra}}


def test_an_unchecked_history_is_refused_as_false() -> None:
    with pytest.raises(CaseValidationError) as err:
        parse_case(exported(benefit_history_complete=False))
    assert "benefit_history_complete" in str(err.value)


def test_the_trace_says_which_grant_refused_the_travel_subsidy() -> None:
    case = exported(benefit_history=[
        {"rule": "startup_subsidy_difficult", "granted_on": "2018-01-10"},
        {"rule": "decap_labor_export_transport_subsidy", "granted_on": "2018-03-01",
         "amount": "120.50", "source": "雁江区台账2018-031"}])
    report = evaluate(case)
    d = report.decision("decap_labor_export_transport_subsidy")
    assert d.outcome is Outcome.not_eligible
    failed = next(c for c in d.trace if c.id == "not_granted_before")
    assert failed.verdict.value == "not_met"
    reads = {r.path: r.value for r in failed.reads}
    assert reads["applicant.benefit_history[1].rule"] == "decap_labor_export_transport_subsidy"
    assert str(reads["applicant.benefit_history[1].granted_on"]) == "2018-03-01"
    zh = render_text(report, "zh")
    line = next(x for x in zh.splitlines() if "此前未享受过该一次性交通补贴" in x and "✗" in x)
    granted = "已享受项目（规则标识）：decap_labor_export_transport_subsidy"
    assert f"已享受记录（第 2 项） {granted}" in line
    assert "已享受记录（第 2 项） 享受日期：2018-03-01" in line
    en = render_text(report, "en")
    assert "date granted: 2018-03-01" in en


def test_an_unchecked_history_is_asked_for_not_assumed() -> None:
    d = evaluate(exported()).decision("decap_labor_export_transport_subsidy")
    assert d.outcome is Outcome.unknown
    assert d.missing == ["applicant.benefit_history_complete"]
    checked = evaluate(exported(benefit_history_complete=True))
    assert checked.decision("decap_labor_export_transport_subsidy").outcome is Outcome.eligible


# -- defect (c): an eligible per-item decision does not drop its undecided items ---------------


def two_hires(second: dict[str, Any]) -> dict[str, Any]:
    return {"as_of": "2018-09-30", "applicant": {
        "kind": "organisation", "org_kind": "family_farm", "hires": [
            {"worker": {"id": "W1", "poor_household_labor": True}, "start_date": "2018-01-01",
             "contract_type": "labor_contract"},
            {"worker": {"id": "W2", **second}, "start_date": "2018-02-01",
             "contract_type": "labor_contract"}]}}


@pytest.mark.parametrize("trace", [True, False])
def test_an_undecided_item_under_a_positive_decision_is_listed(trace: bool) -> None:
    d = evaluate(two_hires({}), trace=trace).decision("poverty_hire_award")
    assert d.outcome is Outcome.eligible and d.amount == Decimal("1000.00")
    # W2's poverty status would add ¥1,000: asked for, not silently dropped (old main: []).
    assert d.missing == ["applicant.hires[1].worker.poor_household_labor",
                         "applicant.hires[1].worker.poverty_registered"]


def test_a_positive_decision_with_every_item_decided_asks_nothing() -> None:
    d = evaluate(two_hires({"poor_household_labor": False, "poverty_registered": False}),
                 trace=False).decision("poverty_hire_award")
    assert d.outcome is Outcome.eligible and d.missing == []


# -- defect (d): missing facts name only what would decide -----------------------------------


def test_an_ongoing_stint_does_not_ask_for_its_end_date() -> None:
    case = {"as_of": "2019-12-31", "applicant": {
        "kind": "organisation", "org_kind": "family_farm", "hires": [
            {"worker": {"poor_household_labor": True}, "start_date": "2018-01-01",
             "end_date": "2018-08-31", "contract_type": "labor_contract"},
            {"worker": {"poor_household_labor": True}, "start_date": "2019-01-01",
             "contract_type": "labor_contract"}]}}
    d = evaluate(case, trace=False).decision("poverty_hire_award")
    assert d.outcome is Outcome.eligible
    # old main: also "applicant.hires[1].end_date" — an ongoing stint has none, by definition
    assert d.missing == ["applicant.hires[0].worker.id", "applicant.hires[1].worker.id"]


def test_an_unknown_category_lists_only_its_undecided_conditions() -> None:
    # small_micro_equivalent = small/micro size OR a registered returnee entity. An enterprise
    # is not a returnee-entity kind, so that condition is decided (not met) whatever its other
    # facts: only the size is asked (old main also asked founder_migrant_returnee and
    # business_registered, which cannot change the answer).
    case = {"as_of": "2018-09-30", "applicant": {
        "kind": "organisation", "org_kind": "enterprise", "hires": [
            {"worker": {"id": "W1", "poor_household_labor": True}, "start_date": "2018-01-01",
             "contract_type": "labor_contract"}]}}
    for trace in (True, False):
        d = evaluate(case, trace=trace).decision("poverty_hire_award")
        assert d.outcome is Outcome.unknown
        assert d.missing == ["applicant.size_class"]


# -- defects (a) and (b): the words of durations and dates -----------------------------------


def test_a_finished_stint_is_measured_to_its_last_day_in_words() -> None:
    case = {"as_of": "2018-12-31", "applicant": {
        "kind": "organisation", "org_kind": "family_farm", "hires": [
            {"worker": {"id": "W1", "poor_household_labor": True}, "start_date": "2018-01-15",
             "end_date": "2018-07-14", "contract_type": "labor_contract"},
            {"worker": {"id": "W2", "poor_household_labor": True}, "start_date": "2018-09-01",
             "contract_type": "labor_contract"}]}}
    report = evaluate(case)
    zh, en = render_text(report, "zh", detail="full"), render_text(report, "en", detail="full")
    assert "2018-01-15 入职，至最后工作日 2018-07-14 已满 6 个月，不少于 6 个月" in zh
    assert "至 2018-12-31 已满 6 个月" not in zh  # old main: the as-of date for a finished stint
    assert "2018-09-01 入职，至 2018-12-31 已满 3 个月，不足 6 个月" in zh
    assert "6 full months to the last day worked (2018-07-14)" in en
    assert "3 full months by 2018-12-31" in en


def test_a_pre_policy_hire_reads_as_earlier_than_the_date() -> None:
    case = {"as_of": "2018-12-31", "applicant": {
        "kind": "organisation", "org_kind": "enterprise", "size_class": "small", "hires": [
            {"worker": {"id": "W1", "poor_household_labor": True}, "start_date": "2017-11-20",
             "contract_type": "labor_contract", "contract_term_months": 24,
             "social_insurance_enrolled": True}]}}
    rules = ruleset_with("poverty_hire_award.count_hires_before_policy", False)
    report = evaluate(case, rules=rules)
    zh = render_text(report, "zh", detail="full")
    en = render_text(report, "en", detail="full")
    assert "入职日期 2017-11-20，早于 2017-12-12" in zh
    assert "不足 2017-12-12" not in zh
    assert "2017-11-20, before 2017-12-12" in en

