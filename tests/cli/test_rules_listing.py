"""``zyjob-rules rules list`` and ``rules show``, in-process through the CLI entry point."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from zyjob_rules.cli import main
from zyjob_rules.ruleset.loader import load_ruleset
from zyjob_rules.ruleset.queries import AmountStatus, amount_status
from zyjob_rules.ruleset.schema import CLAUSES

HEADLINE = (
    "poverty_hire_award",
    "poverty_startup_loan",
    "decapacity_stabilization_subsidy",
    "skills_upgrade_subsidy",
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_en(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """In English, with parameter values as of mid-2018."""
    return run(capsys, *argv, "--lang", "en", "--as-of", "2018-06-30")


def line_of(out: str, rule_id: str) -> str:
    (line,) = [ln for ln in out.splitlines() if f" {rule_id} " in f" {ln} "]
    return line


# -- rules list -------------------------------------------------------------------------------
def test_list_prints_every_rule_once(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_en(capsys, "rules", "list")
    assert code == 0 and err == ""
    ruleset = load_ruleset()
    for rule_id in ruleset.rule_ids():
        assert line_of(out, rule_id)
    assert out.splitlines()[0].split()[:4] == ["clause", "rule", "beneficiary", "kind"]
    assert f"{len(ruleset.rule_ids())} rule(s)" in out.splitlines()[-1]
    assert ruleset.version in out.splitlines()[-1]


@pytest.mark.parametrize(
    ("rule_id", "clause", "beneficiary", "kind", "status"),
    [
        ("poverty_hire_award", "（十九）", "organisation", "entitlement", "fixed"),
        ("poverty_startup_loan", "（十九）", "person", "loan", "formula"),
        ("decapacity_stabilization_subsidy", "（十四）", "organisation", "entitlement", "formula"),
        ("incubator_award", "（七）", "organisation", "entitlement", "set by other regulations"),
        ("returnee_entity_small_micro_support", "（八）", "organisation", "priority", "none"),
        ("new_business_form_insurance_duty", "（十一）", "organisation", "obligation", "none"),
        ("target_group_block_training", "（二十二）", "organisation", "discretionary", "set by"),
    ],
)
def test_list_columns(
    capsys: pytest.CaptureFixture[str],
    rule_id: str,
    clause: str,
    beneficiary: str,
    kind: str,
    status: str,
) -> None:
    _, out, _ = run_en(capsys, "rules", "list")
    line = line_of(out, rule_id)
    assert line.startswith(clause)
    assert f" {beneficiary} " in line and f" {kind} " in line
    assert status in line
    assert "from 2017-12-12" in line


def test_list_marks_partly_unset_keyed_amounts(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_en(capsys, "rules", "list")
    assert "fixed (some keys set by other regulations)" in line_of(out, "skills_upgrade_subsidy")


def test_list_in_chinese_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "list", "--as-of", "2018-06-30")
    assert code == 0
    assert out.splitlines()[0].startswith("条款")
    line = line_of(out, "poverty_hire_award")
    assert "单位" in line and "补贴奖补" in line and "固定标准" in line and "2017-12-12 起" in line
    assert "按其他规定确定" in line_of(out, "incubator_award")
    assert "按公式计算" in line_of(out, "poverty_startup_loan")


def test_list_before_the_policy_has_no_values_in_force(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "rules", "list", "--lang", "en", "--as-of", "2017-01-01")
    assert "no value in force" in line_of(out, "poverty_hire_award")
    assert " none " in line_of(out, "returnee_entity_small_micro_support")


def test_list_is_ordered_by_clause(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_en(capsys, "rules", "list")
    body = out.split("\n\n")[0].splitlines()[1:]  # the rule rows (settings follow a blank line)
    clauses = [line.split()[0] for line in body]
    assert [CLAUSES.index(c) for c in clauses] == sorted(CLAUSES.index(c) for c in clauses)


# -- rules show -------------------------------------------------------------------------------
def test_show_poverty_hire_award_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_en(capsys, "rules", "show", "poverty_hire_award")
    assert code == 0 and err == ""
    assert out.startswith("poverty_hire_award — One-time award for employing poor-household")
    assert "clause: （十九）" in out
    assert "吸纳贫困家庭劳动力稳定就业6个月以上的" in out  # the quote
    # conditions in words, with their expressions
    assert "[stable_six_months] continuously employed by this operator for 6 months or more" in out
    assert 'param("poverty_hire_award.min_months")' in out
    assert "expression: poverty_hire_employer(organisation)" in out
    # categories used, transitively
    assert "poverty_hire_employer" in out and "small_micro_equivalent" in out
    # amount and parameters with their current values and sources
    assert 'amount: fixed: param("poverty_hire_award.amount_per_worker") (per item)' in out
    assert "poverty_hire_award.amount_per_worker" in out and "= 1000 yuan, from 2017-12-12" in out
    assert "= 6 months, from 2017-12-12" in out
    assert "source: 资阳市实施意见（十九）「按每人1000元的标准，给予一次性奖补」" in out
    assert "poverty_hire_award.count_hires_before_policy" in out  # a setting of the rule


def test_show_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "show", "decapacity_stabilization_subsidy")
    assert code == 0
    assert "条款：（十四）" in out
    assert "上年度足额缴纳失业保险费" in out  # a condition label
    assert "金额：按公式计算" in out and "（最高额）" in out
    assert "decapacity_stabilization.rate（去产能企业稳岗补贴比例） = 0.70 (70%)" in out
    assert "decapacity_stabilization.max_layoff_rate" in out and "= 未设定" in out
    assert "说明：政策未量化“少裁员”" in out  # the unset parameter's note


def test_show_unset_amount_names_the_regulation(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_en(capsys, "rules", "show", "poverty_hire_contract_award")
    assert "amount: set by other regulations" in out
    assert "poverty_hire_contract_award.amount_per_worker" in out and "= unset" in out
    assert "一定奖补" in out
    assert "= 12 months, from 2017-12-12" in out
    assert "poverty_hire_awards.not_cumulative" in out  # the exclusion is a setting


def test_show_keyed_parameter_values(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_en(capsys, "rules", "show", "skills_upgrade_subsidy")
    assert "level5=1000 yuan, level4=1500 yuan, level3=2000 yuan, level2=unset" in out
    assert "人社部发〔2017〕40号" in out


def test_show_rule_without_amount(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_en(capsys, "rules", "show", "new_business_form_insurance_duty")
    assert "kind: obligation" in out
    assert "amount: none" in out
    assert "(no parameters)" in out
    assert '"labor_contract", "platform_agreement"' in out


def test_show_unknown_rule_suggests_close_ids(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "rules", "show", "poverty_hire_awrd")
    assert code == 1 and out == ""
    assert "no rule with id 'poverty_hire_awrd'" in err
    assert "poverty_hire_award" in err


def test_broken_rules_directory_is_reported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "bad.yaml").write_text("rules: [{id: x}]\n", encoding="utf-8")
    code, out, err = run(capsys, "rules", "list", "--rules", str(tmp_path))
    assert code == 1 and out == ""
    assert "bad.yaml" in err


# -- amount status follows the parameter values on the chosen date ---------------------------
DATED = textwrap.dedent(
    """
    parameters:
      - id: demo.amount
        label: {zh: 标准, en: standard}
        unit: yuan
        values:
          - {from: "2018-01-01", value: "500", source: 示例}
          - from: "2020-01-01"
            value: null
            source: 示例
            note: {zh: 按新规定, en: set by the new rule}
    rules:
      - id: demo_award
        title: {zh: 示例奖补, en: demo award}
        clause: （七）
        quote: 示例
        beneficiary: organisation
        effective: {from: "2018-01-01"}
        conditions:
          - id: recognised
            label: {zh: 已认定, en: recognised}
            when: organisation.incubator_recognised
        amount: param("demo.amount")
    """
)


def test_amount_status_follows_dated_values(tmp_path: Path) -> None:
    (tmp_path / "demo.yaml").write_text(DATED, encoding="utf-8")
    ruleset = load_ruleset(tmp_path)
    (rule,) = ruleset.rules
    assert amount_status(rule, ruleset.parameters, date(2017, 6, 1)).status is (
        AmountStatus.not_in_force
    )
    assert amount_status(rule, ruleset.parameters, date(2019, 6, 1)).status is AmountStatus.fixed
    assert amount_status(rule, ruleset.parameters, date(2020, 1, 1)).status is (
        AmountStatus.other_regulations
    )


def test_cli_as_of_picks_the_value_in_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "demo.yaml").write_text(DATED, encoding="utf-8")
    rules = ("--rules", str(tmp_path), "--lang", "en")
    _, out, _ = run(capsys, "rules", "show", "demo_award", *rules, "--as-of", "2019-06-30")
    assert "= 500 yuan, from 2018-01-01" in out and "amount: fixed" in out
    _, out, _ = run(capsys, "rules", "show", "demo_award", *rules, "--as-of", "2020-06-30")
    assert "= unset, from 2020-01-01" in out and "set by the new rule" in out
    assert "amount: set by other regulations" in out
    _, out, _ = run(capsys, "rules", "list", *rules, "--as-of", "2020-06-30")
    assert "set by other regulations" in line_of(out, "demo_award")


@pytest.mark.parametrize("rule_id", HEADLINE)
def test_show_every_headline_rule(capsys: pytest.CaptureFixture[str], rule_id: str) -> None:
    code, out, _ = run(capsys, "rules", "show", rule_id, "--as-of", "2018-06-30")
    assert code == 0 and out.startswith(rule_id)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_rule_can_be_shown(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    for rule_id in load_ruleset().rule_ids():
        assert main(["rules", "show", rule_id, "--lang", lang]) == 0, rule_id
        assert rule_id in capsys.readouterr().out


def test_show_lists_the_scope_of_an_obligation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "show", "poor_worker_job_recommendations", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "applies to (if one fails: not applicable)" in out
    assert "job_recommendations.min_per_year (" in out and ") = 3, from 2017-12-12" in out
