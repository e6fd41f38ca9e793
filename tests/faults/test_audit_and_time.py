"""Audit and time: the stamp on screening summaries, today in Asia/Shanghai, datetimes as as-of,
pre-policy dates, consoles that cannot print ¥, and case files that reach outside."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fault_helpers import screen, write_registry

from zyjob_rules import __version__, assessment_date, evaluate
from zyjob_rules.casefiles import load_case_file
from zyjob_rules.explain.text import render_report

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "cases" / "family_farm_poor_hires.json"


def test_screening_summary_carries_the_audit_stamp(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_registry(tmp_path / "r.jsonl", 3)
    summary = tmp_path / "s.json"
    assert screen(source, "--out", tmp_path / "o.jsonl", "--summary-json", summary) == 0
    audit = json.loads(summary.read_text())["audit"]
    assert audit["as_of"] == "2018-06-30" and audit["library_version"] == __version__
    assert audit["ruleset_version"]
    assert f"as of 2018-06-30   zyjob_rules {__version__}" in capsys.readouterr().err


class _FrozenClock(datetime):
    """datetime.now(tz) at 2018-06-30 23:30 UTC: already 07-01 in Beijing."""

    @classmethod
    def now(cls, tz: object = None) -> _FrozenClock:  # type: ignore[override]
        instant = datetime(2018, 6, 30, 23, 30, tzinfo=UTC)
        return instant.astimezone(tz) if tz is not None else instant  # type: ignore[arg-type,return-value]


def test_default_as_of_is_today_in_shanghai(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assessment_date, "datetime", _FrozenClock)
    assert assessment_date.today() == date(2018, 7, 1)
    case = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    del case["as_of"]
    assert evaluate(case, trace=False).stamp.as_of == date(2018, 7, 1)


def test_the_fixed_offset_fallback_gives_the_same_day(monkeypatch: pytest.MonkeyPatch) -> None:
    import zoneinfo

    def missing(name: str) -> None:
        raise zoneinfo.ZoneInfoNotFoundError(name)

    monkeypatch.setattr(zoneinfo, "ZoneInfo", missing)
    assert assessment_date.policy_zone().utcoffset(None) == timedelta(hours=8)


def test_as_of_given_as_a_datetime() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    naive = evaluate(text, as_of=datetime(2018, 6, 30, 12, 0), trace=False)
    assert naive.stamp.as_of == date(2018, 6, 30)
    utc = evaluate(text, as_of=datetime(2018, 6, 30, 20, 0, tzinfo=UTC), trace=False)
    assert utc.stamp.as_of == date(2018, 7, 1)  # 04:00 on July 1st in Ziyang
    assert [d.outcome for d in naive.decisions] == [
        d.outcome for d in evaluate(text, as_of=date(2018, 6, 30), trace=False).decisions]


def test_implausible_as_of_dates_are_refused() -> None:
    with pytest.raises(ValueError, match=r"outside 1900-01-01\.\.2100-12-31"):
        evaluate(EXAMPLE.read_text(encoding="utf-8"), as_of=date(9999, 1, 1))
    with pytest.raises(ValueError, match="not a date"):
        assessment_date.as_of_date("２０１８-01-01")


def test_pre_policy_dates_say_no_rule_is_in_force() -> None:
    report = evaluate(EXAMPLE.read_text(encoding="utf-8"), as_of=date(2017, 6, 30))
    if report.decisions:  # pragma: no cover - the rules start on 2017-12-12
        pytest.fail("a rule decided before the policy took effect")
    assert "No rule is in force on that date" in render_report(report, "en")
    assert "尚未施行" in render_report(report, "zh")
    assert "No rule applies" not in render_report(report, "en")


def test_a_gbk_console_never_crashes_the_text_report() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    done = subprocess.run(
        [sys.executable, "-m", "zyjob_rules", "evaluate", str(EXAMPLE), "--as-of", "2018-06-30",
         "--lang", "en"], capture_output=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode("gbk", "replace")
    assert b"Traceback" not in done.stderr
    assert "1,000.00" in done.stdout.decode("gbk")


def test_a_case_file_cannot_name_a_file_outside_its_project(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "cases").mkdir(parents=True)
    (project / "pyproject.toml").write_text("", encoding="utf-8")
    (tmp_path / "secret.json").write_text('{"password": "hunter2"}', encoding="utf-8")
    (project / "cases" / "ok.json").write_text(EXAMPLE.read_text(encoding="utf-8"),
                                               encoding="utf-8")
    case_file = project / "cases" / "c.yaml"
    case_file.write_text(
        "cases:\n  - name: escape\n    case_file: ../../secret.json\n"
        "    expect: {poverty_hire_award: {outcome: eligible}}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="outside") as info:
        load_case_file(case_file)
    assert "hunter2" not in str(info.value)
    (project / "cases" / "link.json").symlink_to(tmp_path / "secret.json")
    case_file.write_text(
        "cases:\n  - name: link\n    case_file: link.json\n"
        "    expect: {poverty_hire_award: {outcome: eligible}}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="outside"):
        load_case_file(case_file)
    case_file.write_text(
        "cases:\n  - name: fine\n    case_file: ok.json\n"
        "    expect: {poverty_hire_award: {outcome: eligible}}\n", encoding="utf-8")
    assert load_case_file(case_file)[0].case["id"]
    with pytest.raises(ValueError, match="outside"):
        load_case_file(case_file, root=project / "elsewhere")


def test_the_cli_refuses_an_implausible_as_of(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from zyjob_rules.cli import main

    source = write_registry(tmp_path / "r.jsonl", 2)
    with pytest.raises(SystemExit) as exit_info:
        main(["screen", str(source), "--out", str(tmp_path / "o.jsonl"), "--as-of", "9999-01-01"])
    assert exit_info.value.code == 2
    assert "outside 1900-01-01..2100-12-31" in capsys.readouterr().err
    assert not (tmp_path / "o.jsonl").exists()
