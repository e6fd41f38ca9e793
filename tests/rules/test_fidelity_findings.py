"""The wrong results of issue #9 item 1, each pinned where a YAML case file cannot reach:
item traces, amount formats, lead departments and validation paths."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from zyjob_rules import Outcome, evaluate, load_ruleset
from zyjob_rules.explain.convert import report_json
from zyjob_rules.model import CaseValidationError, parse_case


def rehired(second_id: str | None = "W1") -> dict[str, Any]:
    return {"as_of": "2019-12-31", "applicant": {
        "kind": "organisation", "org_kind": "family_farm", "hires": [
            {"worker": {"id": "W1", "poor_household_labor": True}, "start_date": "2018-01-01",
             "end_date": "2018-08-31", "contract_type": "labor_contract"},
            {"worker": {"id": second_id, "poor_household_labor": True},
             "start_date": "2019-01-01", "contract_type": "labor_contract"}]}}


def test_the_trace_says_which_stint_earned_the_award() -> None:
    d = evaluate(rehired()).decision("poverty_hire_award")
    assert d.amount == Decimal("1000.00")
    first, second = d.items
    assert first.verdict.value == "met" and first.amount == Decimal("1000.00")
    assert second.verdict.value == "not_met" and second.amount is None
    failed = [c for c in second.conditions if c.verdict.value == "not_met"]
    assert [c.id for c in failed] == ["once_per_worker"]
    reads = {r.path: r.value for r in failed[0].reads}
    assert reads["applicant.hires[0].worker.id"] == "W1"  # the stint that earned it


def test_a_missing_worker_id_leaves_the_second_stint_unknown() -> None:
    d = evaluate(rehired(None)).decision("poverty_hire_award")
    assert d.outcome is Outcome.eligible and d.amount == Decimal("1000.00")
    assert d.items[1].verdict.value == "unknown"
    once = next(c for c in d.items[1].conditions if c.id == "once_per_worker")
    assert "applicant.hires[1].worker.id" in once.missing


def test_a_refusal_shows_no_item_amounts() -> None:
    big = {"as_of": "2018-09-30", "applicant": {
        "kind": "organisation", "org_kind": "enterprise", "size_class": "large",
        "state_owned": True, "hires": [
            {"worker": {"id": "W1", "poor_household_labor": True}, "start_date": "2018-01-01",
             "contract_type": "labor_contract"}]}}
    report = evaluate(big)
    d = report.decision("poverty_hire_award")
    assert d.outcome is Outcome.not_eligible
    assert d.items[0].verdict.value == "met" and d.items[0].amount is None
    data = report_json(report)
    decision = next(x for x in data["decisions"] if x["rule_id"] == "poverty_hire_award")
    assert all(item["amount"] is None for item in decision["items"])


def test_item_amounts_use_the_decision_amount_format() -> None:
    report = evaluate(rehired("W2"))
    d = report.decision("poverty_hire_award")
    assert [str(i.amount) for i in d.items] == ["1000.00", "1000.00"]
    text = json.dumps(report_json(report), ensure_ascii=False)
    assert '"amount": "1000.00"' in text and '"amount": "1000"' not in text


def test_the_loan_lead_department_is_the_first_listed() -> None:
    # （十九）（市人力资源社会保障局、市财政局、……、人行资阳市中心支行）: 列首位的为牵头单位
    (loan,) = load_ruleset().versions("poverty_startup_loan")
    assert loan.spec.lead_department == "市人力资源社会保障局"


@pytest.mark.parametrize("kind", ["company", None])
def test_an_unknown_applicant_kind_is_reported_at_applicant_kind(kind: str | None) -> None:
    applicant: dict[str, Any] = {"org_kind": "enterprise"}
    if kind is not None:
        applicant["kind"] = kind
    with pytest.raises(CaseValidationError) as caught:
        parse_case({"applicant": applicant})
    assert [p.path for p in caught.value.problems] == ["applicant.kind"]
    if kind is not None:
        assert caught.value.problems[0].value == kind


def test_end_date_is_described_as_the_last_day_worked() -> None:
    from zyjob_rules.model import Hire

    field = Hire.model_fields["end_date"]
    extra = field.json_schema_extra
    assert isinstance(extra, dict)
    assert "最后工作日" in str(extra["zh"]) and "last day worked" in str(extra["en"])
