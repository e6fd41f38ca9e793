"""``zyjob-rules screen``: a row per case and rule, input order, rejects, --only, summary."""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from screen_helpers import read_jsonl, write_jsonl

from zyjob_rules.cli import main
from zyjob_rules.screening import synth_rows
from zyjob_rules.screening.output import RESULT_COLUMNS, parse_result_csv_row
from zyjob_rules.screening.progress import Progress


def screen(*args: Any) -> int:
    return main(["screen", *map(str, args), "--as-of", "2018-06-30", "--no-progress"])


def test_one_row_per_case_and_rule(tmp_path: Path, registry: Callable[..., Path]) -> None:
    source = registry("enterprise", 20)
    out = tmp_path / "out.jsonl"
    assert screen(source, "--out", out, "--quiet") == 0
    rows = read_jsonl(out)
    assert all(list(r) == list(RESULT_COLUMNS) for r in rows)
    per_case = Counter(r["case_id"] for r in rows)
    assert len(per_case) == 20 and len(set(per_case.values())) == 1  # same rules for each
    assert [r["line"] for r in rows] == sorted(r["line"] for r in rows)
    assert {r["line"] for r in rows} == set(range(1, 21))
    assert (tmp_path / "out.jsonl.errors.jsonl").read_text() == ""  # created, empty


def test_workers_keep_the_input_order(tmp_path: Path, registry: Callable[..., Path]) -> None:
    source = registry("enterprise", 120, seed=11)
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert screen(source, "--out", one, "--quiet") == 0
    assert screen(source, "--out", two, "--quiet", "--workers", "2", "--chunk-size", "7") == 0
    assert one.read_bytes() == two.read_bytes()
    lines = [int(r["line"]) for r in csv.DictReader(two.open(encoding="utf-8"))]
    assert lines == sorted(lines) and lines[-1] == 120


def test_malformed_rows_go_to_the_errors_file_and_the_exit_is_nonzero(
    tmp_path: Path, registry: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    bad = [
        '{"id": "b1", "applicant": {"kind": "organisation", "org_kind": "enterprise",'
        ' "hires": [{"worker": {"kind": "person"}, "start_date": "2018-13-01",'
        ' "contract_type": "labor_contract"}]}}',
        "{not json",
        '{"id": "b3", "applicant": {"kind": "person", "poor_household_labor": "yes"}}',
    ]
    source = registry("enterprise", 5, extra=bad)  # the bad rows are lines 6, 7 and 8
    out = tmp_path / "out.jsonl"
    errors = tmp_path / "rejected.jsonl"
    assert screen(source, "--out", out, "--errors", errors) == 3
    rejected = read_jsonl(errors)
    assert [e["line"] for e in rejected] == [6, 7, 8]
    assert [e["case_id"] for e in rejected] == ["b1", None, "b3"]
    assert rejected[0]["problems"][0]["path"] == "applicant.hires[0].start_date"
    assert rejected[1]["problems"][0]["path"] == "$"
    assert rejected[2]["problems"][0]["path"] == "applicant.poor_household_labor"
    assert [e["raw"] for e in rejected] == bad  # the rows themselves are kept
    assert {r["line"] for r in read_jsonl(out)} == {1, 2, 3, 4, 5}  # the good rows went on
    err = capsys.readouterr().err
    assert "rows rejected: 3" in err and str(errors) in err
    # configurable: the same run may succeed
    assert screen(source, "--out", out, "--errors", errors, "--allow-rejects", "--quiet") == 0
    assert len(read_jsonl(errors)) == 3


def test_malformed_csv_rows_name_line_and_column(tmp_path: Path) -> None:
    text = (
        "case_id,kind,id,org_kind,hires,decapacity\n"
        'c1,organisation,o1,family_farm,"[\n]",false\n'  # a quoted cell spans lines 2-3
        "c2,organisation,o2,family_farm,[not json,maybe\n"
        "c3,organisation,o3,family_farm,,true,extra\n"
        "c4,organisation,o4,,,\n"
    )
    source = tmp_path / "orgs.csv"
    source.write_text(text, encoding="utf-8")
    errors = tmp_path / "e.jsonl"
    assert screen(source, "--out", tmp_path / "o.csv", "--errors", errors, "--quiet") == 3
    rejected = {e["case_id"]: e for e in read_jsonl(errors)}
    assert rejected["c2"]["line"] == 4
    assert [p["path"] for p in rejected["c2"]["problems"]] == [
        "applicant.hires", "applicant.decapacity"]
    assert rejected[None]["line"] == 5 and "cells" in rejected[None]["problems"][0]["message"]
    assert rejected["c4"]["line"] == 6
    assert [p["path"] for p in rejected["c4"]["problems"]] == ["applicant.org_kind"]
    out_lines = {r["line"] for r in csv.DictReader((tmp_path / "o.csv").open(encoding="utf-8"))}
    assert out_lines == {"2"}


def test_unknown_csv_columns_stop_before_any_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "x.csv"
    source.write_text("kind,favourite_colour\nperson,blue\n", encoding="utf-8")
    assert screen(source, "--out", tmp_path / "o.csv") == 2
    assert "favourite_colour" in capsys.readouterr().err


def test_missing_input_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert screen(tmp_path / "nope.jsonl", "--out", tmp_path / "o.jsonl") == 2
    assert "cannot read" in capsys.readouterr().err


def test_only_eligible_filters_rows_but_not_the_summary(
    tmp_path: Path, registry: Callable[..., Path]
) -> None:
    source = registry("enterprise", 60, seed=2)
    full, only = tmp_path / "full.jsonl", tmp_path / "only.jsonl"
    summary_all, summary_only = tmp_path / "s1.json", tmp_path / "s2.json"
    assert screen(source, "--out", full, "--summary-json", summary_all, "--quiet") == 0
    assert screen(source, "--out", only, "--only", "eligible", "--summary-json", summary_only,
                  "--quiet") == 0
    every = read_jsonl(full)
    eligible = read_jsonl(only)
    assert eligible and all(r["outcome"] == "eligible" for r in eligible)
    assert eligible == [r for r in every if r["outcome"] == "eligible"]
    s1, s2 = (json.loads(p.read_text()) for p in (summary_all, summary_only))
    assert s1["rules"] == s2["rules"]
    assert s1["rows_written"] == len(every) and s2["rows_written"] == len(eligible)


def test_summary_counts_match_the_rows(
    tmp_path: Path, registry: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    source = registry("person", 80, seed=3, extra=["[]"])
    out, summary = tmp_path / "o.jsonl", tmp_path / "s.json"
    assert screen(source, "--out", out, "--summary-json", summary, "--allow-rejects") == 0
    rows = read_jsonl(out)
    s = json.loads(summary.read_text())
    assert s["cases"] == 80 and s["rejected"] == 1
    counts = Counter((r["rule_id"], r["outcome"]) for r in rows)
    assert {(rule, o): n for rule, v in s["rules"].items() for o, n in v["outcomes"].items()} \
        == dict(counts)
    for rule, v in s["rules"].items():
        total = sum(float(r["amount"]) for r in rows if r["rule_id"] == rule and r["amount"]
                    and r["outcome"] == "eligible")
        assert float(v["amount"]) == pytest.approx(total)
    table = capsys.readouterr().err
    assert "poverty_startup_loan" in table and "rows rejected: 1" in table
    loan = s["rules"]["poverty_startup_loan"]["outcomes"]
    line = next(t for t in table.splitlines() if t.startswith("poverty_startup_loan"))
    assert str(loan["eligible"]) in line.split()


def test_trace_adds_the_conditions(tmp_path: Path, registry: Callable[..., Path]) -> None:
    source = registry("person", 3)
    out = tmp_path / "o.csv"
    assert screen(source, "--out", out, "--trace", "--quiet") == 0
    rows = [parse_result_csv_row(r) for r in csv.DictReader(out.open(encoding="utf-8"))]
    loans = [r for r in rows if r["rule_id"] == "poverty_startup_loan"]
    assert len(loans) == 3
    conditions = loans[0]["trace"]["conditions"]
    assert [c["id"] for c in conditions] == ["poor_worker", "starting_business"]
    assert all("trace" in r for r in rows)


def test_stdin_to_stdout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    rows = list(synth_rows("person", 2, seed=1))
    source = write_jsonl(tmp_path / "in.jsonl", rows)
    monkeypatch.chdir(tmp_path)
    with source.open("rb") as f:
        monkeypatch.setattr("sys.stdin", type("S", (), {"buffer": f})())
        assert screen("-", "--out", "-", "--errors", "e.jsonl", "--quiet") == 0
    out = capsysbinary.readouterr().out.decode()
    assert {json.loads(line)["case_id"] for line in out.splitlines()} == {r["id"] for r in rows}
    assert (tmp_path / "e.jsonl").read_text() == ""
    assert not (tmp_path / "screen-errors.jsonl").exists()  # never written unasked


def test_progress_is_silent_off_a_terminal(tmp_path: Path) -> None:
    class Stream:
        text = ""

        def isatty(self) -> bool:
            return False

        def write(self, s: str) -> None:
            self.text += s

        def flush(self) -> None:
            pass

    quiet = Stream()
    p = Progress(quiet, 1000)  # type: ignore[arg-type]
    p.update(10, 100, force=True)
    p.close(20, 1000)
    assert quiet.text == ""
    loud = Stream()
    p = Progress(loud, 1000, enabled=True)  # type: ignore[arg-type]
    p.update(10, 500, force=True)
    p.close(20, 1000)
    assert "50.0%" in loud.text and "100.0%" in loud.text and loud.text.endswith("\n")
    assert "20 cases" in loud.text


def test_rule_selects_the_rules_screened(
    tmp_path: Path, registry: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    source = registry("enterprise", 10)
    out = tmp_path / "o.jsonl"
    assert screen(source, "--out", out, "--rule", "poverty_hire_award", "--quiet") == 0
    assert {r["rule_id"] for r in read_jsonl(out)} == {"poverty_hire_award"}
    assert len(read_jsonl(out)) == 10
    assert screen(source, "--out", out, "--rule", "no_such_rule") == 2
    assert "no_such_rule" in capsys.readouterr().err


DIVISION_RULE = """
rules:
  - id: test_division
    title: {zh: 测试除法, en: division test}
    clause: （十四）
    quote: 对不裁员或少裁员的
    beneficiary: organisation
    kind: entitlement
    effective: {from: "2017-12-12"}
    lead_department: 市人力资源社会保障局
    conditions:
      - id: ratio
        label: {zh: 比例, en: ratio}
        when: 100 / organisation.headcount_prior_year_end > 1
"""


def test_a_failing_evaluation_is_a_rejected_row_not_a_stop(tmp_path: Path) -> None:
    import shutil

    from zyjob_rules.ruleset.paths import bundled_rules_dir

    rules = tmp_path / "rules"
    shutil.copytree(bundled_rules_dir(), rules)
    (rules / "zz_division.yaml").write_text(DIVISION_RULE, encoding="utf-8")
    org = {"kind": "organisation", "org_kind": "enterprise"}
    source = write_jsonl(tmp_path / "in.jsonl", [
        {"id": "zero", "applicant": {**org, "headcount_prior_year_end": 0}},
        {"id": "five", "applicant": {**org, "headcount_prior_year_end": 5}},
    ])
    out, errors = tmp_path / "o.jsonl", tmp_path / "e.jsonl"
    assert screen(source, "--out", out, "--errors", errors, "--rules", rules,
                  "--rule", "test_division", "--quiet") == 3
    assert [(r["case_id"], r["outcome"]) for r in read_jsonl(out)] == [("five", "eligible")]
    [rejected] = read_jsonl(errors)
    assert rejected["line"] == 1 and rejected["case_id"] == "zero"
    assert "division by zero" in rejected["problems"][0]["message"]


def test_a_byte_order_mark_and_crlf_line_ends_are_accepted(tmp_path: Path) -> None:
    rows = [json.dumps(r) for r in synth_rows("person", 3, seed=2)]
    source = tmp_path / "bom.jsonl"
    source.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(rows).encode() + b"\r\n")
    out = tmp_path / "o.jsonl"
    assert screen(source, "--out", out, "--quiet") == 0
    assert {r["line"] for r in read_jsonl(out)} == {1, 2, 3}
