"""The example scripts run; reports serialize to the stable JSON shape and read well in zh/en."""

from __future__ import annotations

import doctest
import json
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

import zyjob_rules.calendar
import zyjob_rules.money
from zyjob_rules import evaluate
from zyjob_rules.cli import main
from zyjob_rules.explain.convert import report_json
from zyjob_rules.explain.text import render_report

ROOT = Path(__file__).resolve().parent.parent
FARM = ROOT / "examples" / "cases" / "family_farm_poor_hires.json"


@pytest.mark.parametrize("module", [zyjob_rules.calendar, zyjob_rules.money])
def test_doctests_of_the_legal_helpers(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.attempted > 0 and result.failed == 0


def test_quickstart_script(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(ROOT / "examples" / "quickstart.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert out.startswith("poverty_hire_award: eligible, amount 1000.00")
    assert "Conditions met" in out


def test_why_not_script(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(ROOT / "examples" / "why_not.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "outcome: unknown" in out
    assert "failed: continuously employed by this operator for 6 months or more" in out
    assert "qualifies on 2018-02-28" in out
    assert "missing facts: applicant.hires[1].worker.poor_household_labor" in out


def test_json_report_has_stable_keys() -> None:
    data = report_json(evaluate(FARM.read_text(encoding="utf-8")))
    assert data["schema_version"] == "2"
    assert set(data["audit"]) == {"ruleset_version", "as_of", "library_version", "backend"}
    award = next(d for d in data["decisions"] if d["rule_id"] == "poverty_hire_award")
    assert award["clause"] == "（十九）"
    assert award["outcome"] == "eligible"
    assert award["amount"] == "1000.00"
    assert award["eligible_from"] is None
    assert {t["verdict"] for t in award["trace"]} == {"met"}
    assert award["trace"][0]["label"] == {
        "zh": "主体为合作社、种养大户、家庭农场、农村电商、扶贫车间或小微企业等生产经营主体",
        "en": "the employer is a cooperative, large grower, family farm, rural e-commerce "
        "business, poverty workshop or small/micro enterprise",
    }
    first_item = award["items"][0]
    assert first_item["verdict"] == "not_met" and first_item["eligible_from"] == "2018-07-15"
    six = next(c for c in first_item["conditions"] if c["id"] == "stable_six_months")
    assert six["params"][0] == {
        "id": "poverty_hire_award.min_months",
        "value": 6,
        "effective_from": "2017-12-12",
        "source": six["params"][0]["source"],
        "unset_note": None,
    }
    assert first_item["label"] == {"zh": "职工 王芳 (P-FF-01)", "en": "Worker 王芳 (P-FF-01)"}
    assert six["statement"]["zh"] == (
        "2018-01-15 入职，至 2018-06-30 已满 5 个月，不足 6 个月（2018-07-15 起满足）"
    )
    assert six["comparisons"][0]["left_value"] == 5 and six["comparisons"][0]["right_value"] == 6
    json.dumps(data, ensure_ascii=False)  # everything is JSON-ready


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        (
            "zh",
            [
                "可享受的现金补贴合计 ¥1,000.00",
                "结论：符合条件，金额 ¥1,000.00。",
                "逐项判定",
                "✗ 在本主体连续稳定就业6个月以上：2018-01-15 入职，至 2018-06-30 已满 5 个月，"
                "不足 6 个月（2018-07-15 起满足）",
                "✓ 职工 刘洋 (P-FF-02)：满足，金额 ¥1,000.00。",
            ],
        ),
        (
            "en",
            [
                "Cash subsidies due: ¥1,000.00 in total",
                "Decision: eligible, amount ¥1,000.00.",
                "Per item",
                "short of the 6 months needed (met from 2018-07-15)",
                "Worker 王芳 (P-FF-01): not met; qualifies from 2018-07-15.",
            ],
        ),
    ],
)
def test_text_report(lang: str, phrases: list[str]) -> None:
    text = render_report(evaluate(FARM.read_text(encoding="utf-8")), lang)
    for phrase in phrases:
        assert phrase in text
    assert text.index("【摘要】" if lang == "zh" else "== Summary ==") < text.index("■")


def test_failed_conditions_come_first() -> None:
    case = (ROOT / "examples/cases/employee_insured_35_months.json").read_text(encoding="utf-8")
    text = render_report(evaluate(case), "en")
    block = text.split("[poverty_startup_loan]")[1]
    assert block.index("Conditions not met") < block.index("Conditions that cannot be decided")


def test_cli_evaluate_text_json_and_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["evaluate", str(FARM), "--lang", "en"]) == 0
    assert "Decision: eligible" in capsys.readouterr().out
    assert main(["evaluate", str(FARM), "--format", "json", "--as-of", "2018-12-31"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["audit"]["as_of"] == "2018-12-31"
    assert (
        next(d for d in data["decisions"] if d["rule_id"] == "poverty_hire_award")["amount"]
        == "2000.00"
    )
    monkeypatch.setattr(sys, "stdin", open(FARM, encoding="utf-8"))  # noqa: SIM115
    assert main(["evaluate", "-"]) == 0
    assert "结论" in capsys.readouterr().out


def test_cli_evaluate_invalid_case_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"applicant": {"kind": "person", "graduate": "yes"}}', encoding="utf-8")
    assert main(["evaluate", str(bad)]) == 2
    assert "applicant.graduate" in capsys.readouterr().err


def test_readme_main_command_works() -> None:
    """The README's first line runs the console script on this example; check the same here."""
    out = subprocess.run(
        [sys.executable, "-m", "zyjob_rules", "evaluate", str(FARM)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    assert "吸纳贫困家庭劳动力稳定就业一次性奖补" in out and "符合条件" in out


def test_cli_evaluate_reports_a_missing_extra_plainly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from zyjob_rules.engine.durable.errors import DurableUnavailableError

    def unavailable(*args: object, **kwargs: object) -> None:
        raise DurableUnavailableError(
            "durable_rules is not installed: pip install 'zyjob-rules[rete]'"
        )

    from zyjob_rules.engine.registry import ENGINES

    entry = ENGINES.entry("durable")
    ENGINES.register("durable", unavailable, replace=True)  # type: ignore[arg-type]
    try:
        assert main(["evaluate", str(FARM), "--backend", "durable"]) == 1
    finally:
        ENGINES.register("durable", entry.factory, entry.description, replace=True)
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "zyjob-rules[rete]" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("only", "outcomes"),
    [("positive", {"eligible"}), ("unknown", {"unknown"}), ("actionable", {"eligible", "unknown"})],
)
def test_cli_evaluate_only(
    only: str, outcomes: set[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["evaluate", str(FARM), "--format", "json", "--only", only]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {d["outcome"] for d in data["decisions"]} == outcomes
