"""Text reports: the summary first, the case's own names, facts in words, questions, depth."""

from __future__ import annotations

import enum
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import zyjob_rules.model.enums as model_enums
from zyjob_rules import evaluate
from zyjob_rules.cli import main
from zyjob_rules.explain.convert import report_model
from zyjob_rules.explain.text import render_report
from zyjob_rules.explain.words.labels import ENUM_LABELS, enum_label
from zyjob_rules.screening.summary import Summary

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "examples" / "cases"
FARM = CASES / "family_farm_poor_hires.json"


def _farm(lang: str, detail: str) -> str:
    return render_report(evaluate(FARM.read_text(encoding="utf-8")), lang, detail)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_family_farm_summary_fits_one_screen(lang: str) -> None:
    text = _farm(lang, "summary")
    assert len(text.splitlines()) <= 40
    assert "■" not in text  # no details at this depth
    assert "王芳 (P-FF-01)" in text  # the worker by name and id, not applicant.hires[0]
    assert "applicant.hires" not in text and "family_farm" not in text
    assert "months_between" not in text and "coalesce" not in text
    assert "2018-07-15" in text  # what will be met on which date


def test_family_farm_summary_asks_questions_and_lists_unset_settings_apart() -> None:
    text = _farm("zh", "summary")
    assert "该单位是否去产能企业？" in text
    assert "职工 王芳 (P-FF-01)是否去产能企业失业人员？" in text
    assert "请提供该单位的各年度失业保险费（上年度即2017年）。" in text
    pending = text.split("待主管部门确定")[1]
    assert "enterprise_hiring_support.amount_per_hire" in pending
    questions = text.split("待主管部门确定")[0]
    assert "enterprise_hiring_support" not in questions  # never a fact to ask
    assert "可享受的现金补贴合计 ¥1,000.00" in text


def test_conditions_detail_folds_what_held_and_puts_failures_first() -> None:
    text = _farm("zh", "conditions")
    block = text.split("[poverty_hire_award]")[1].split("■")[0]
    assert block.index("✗ 职工 王芳") < block.index("✓ 职工 刘洋")
    assert "└" not in block  # the satisfied category of the operator is folded away
    assert "2018-01-15 入职，至 2018-06-30 已满 5 个月，不足 6 个月（2018-07-15 起满足）" in block
    full = _farm("zh", "full").split("[poverty_hire_award]")[1].split("■")[0]
    assert "└" in full and "poverty_hire_award.min_months" in full
    assert len(full.splitlines()) > len(block.splitlines())


def test_enum_values_appear_by_their_labels() -> None:
    text = _farm("zh", "conditions")
    assert "主体类型：家庭农场（要求：企业）" in text
    en = _farm("en", "conditions")
    assert "entity type: family farm (required: enterprise)" in en


def test_every_model_enum_value_has_zh_and_en_labels() -> None:
    enums = [
        e for e in vars(model_enums).values()
        if isinstance(e, type) and issubclass(e, enum.Enum) and e.__module__ == model_enums.__name__
    ]
    assert len(enums) >= 10
    for e in enums:
        for member in e:
            assert e.__name__ in ENUM_LABELS, e.__name__
            assert enum_label(member, "zh") and enum_label(member, "en"), member


def test_amount_computation_is_stated_in_amounts() -> None:
    report = evaluate((CASES / "decap_enterprise_no_layoffs.json").read_text(encoding="utf-8"))
    text = render_report(report, "zh")
    assert (
        "上年度（2017年）单位缴纳 ¥10,000.05 + 职工缴纳 ¥5,000.02 − 补缴以前年度欠费 ¥0.00，"
        "× 70% = ¥10,500.05" in text
    )
    summary = text.split("【逐条说明】")[0]
    assert "贷款及最高额度（不计入现金合计）" in summary and "最高¥10,500.05" in summary
    assert "可享受的现金补贴合计" not in summary  # a ceiling is not cash


def test_loans_are_never_added_to_cash_totals() -> None:
    report = evaluate((CASES / "poor_worker_loan_80k.json").read_text(encoding="utf-8"))
    loan = report.decision("poverty_startup_loan")
    assert loan.outcome == "eligible" and loan.amount is not None
    model = report_model(report)
    assert model.summary.cash_total == sum(
        (line.amount or Decimal(0) for line in model.summary.cash), Decimal(0)
    )
    assert all(line.rule_id != "poverty_startup_loan" for line in model.summary.cash)
    assert any(line.rule_id == "poverty_startup_loan" for line in model.summary.ceilings)
    screening = Summary()
    screening.add_decisions(report.decisions)
    assert screening.total_amount("poverty_startup_loan") == loan.amount
    assert screening.total_ceilings() >= loan.amount
    assert screening.total_amount() == model.summary.cash_total
    assert screening.to_dict()["rules"]["poverty_startup_loan"]["ceiling"] is True


def test_cli_detail_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(FARM), "--detail", "summary", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("安岳县某柠檬家庭农场 (ORG-FF-0001) · Case") and "■" not in out
    assert main(["evaluate", str(FARM), "--detail", "full"]) == 0
    assert "poverty_hire_award.min_months" in capsys.readouterr().out


def test_no_model_path_leaks_into_any_example_summary() -> None:
    for path in sorted(CASES.glob("*.json")):
        report = evaluate(path.read_text(encoding="utf-8"), as_of=date(2018, 6, 30))
        for lang in ("zh", "en"):
            text = render_report(report, lang, "summary")
            assert not re.search(r"applicant\.\w+\[", text), (path.name, lang)


def test_cli_html_format_is_self_contained(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(FARM), "--format", "html", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>") and '<html lang="en">' in out
    assert "http://" not in out and "https://" not in out and "<link" not in out
    assert "Cash subsidies due: ¥1,000.00 in total" in out and "<details" in out
