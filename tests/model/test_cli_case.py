"""The ``schema`` and ``check`` commands, in-process and as ``python -m zyjob_rules``."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from zyjob_rules.cli import main
from zyjob_rules.model import parse_case

CASES_DIR = Path(__file__).parents[2] / "examples" / "cases"
EXAMPLE = CASES_DIR / "family_farm_poor_hires.json"

BAD_HIRE = {
    "as_of": "2018-06-30",
    "applicant": {
        "kind": "organisation",
        "org_kind": "family_farm",
        "hires": [
            {
                "worker": {"poor_household_labor": True},
                "start_date": "2018-01-15",
                "end_date": "2017-12-31",
                "contract_type": "labor_contract",
            }
        ],
    },
}


def test_schema_prints_a_valid_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    out, err = capsys.readouterr()
    schema = json.loads(out)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert err == ""


@pytest.mark.parametrize("path", sorted(CASES_DIR.glob("*.json")), ids=lambda p: p.name)
def test_check_accepts_every_example(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    printed = json.loads(out)  # pretty-printed JSON of the validated case
    assert printed["as_of"] == json.loads(path.read_text(encoding="utf-8"))["as_of"]


def test_check_output_is_itself_a_valid_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(CASES_DIR / "veteran_awaiting_placement.json")]) == 0
    parse_case(capsys.readouterr().out)


def test_check_rejects_an_invalid_case_naming_the_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(BAD_HIRE), encoding="utf-8")
    assert main(["check", str(bad)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert str(bad) in err
    assert "applicant.hires[0].end_date" in err


def test_check_reports_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(json.dumps(BAD_HIRE))
    doc["applicant"]["size_class"] = "tiny"
    doc["applicant"]["hires"][0]["worker"]["graduate"] = "yes"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "3 problem(s)" in err
    for path in (
        "applicant.size_class",
        "applicant.hires[0].end_date",
        "applicant.hires[0].worker.graduate",
    ):
        assert f"  {path}: " in err


def test_check_rejects_invalid_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"applicant": ', encoding="utf-8")
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "  $: not valid JSON" in err


def test_check_reports_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nope.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_check_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(EXAMPLE.read_text(encoding="utf-8")))
    assert main(["check", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "example-family-farm-poor-hires"


def test_check_names_standard_input_in_errors(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(BAD_HIRE)))
    assert main(["check", "-"]) == 2
    err = capsys.readouterr().err
    assert "<stdin>" in err and "applicant.hires[0].end_date" in err


def test_check_needs_a_file_argument(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["check"])
    assert exited.value.code == 2
    assert "case" in capsys.readouterr().err


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zyjob_rules", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def test_python_dash_m_runs_the_command() -> None:
    ok = _run("check", "-", stdin=EXAMPLE.read_text(encoding="utf-8"))
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["as_of"] == "2018-06-30"

    bad = _run("check", "-", stdin=json.dumps(BAD_HIRE))
    assert bad.returncode == 2
    assert "applicant.hires[0].end_date" in bad.stderr
    assert bad.stdout == ""

    schema = _run("schema")
    assert schema.returncode == 0, schema.stderr
    Draft202012Validator.check_schema(json.loads(schema.stdout))
