"""Every YAML case file under tests/cases runs here (and with `zyjob-rules test tests/cases`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from zyjob_rules.casefiles import CaseSpec, check_case, find_case_files, load_case_file
from zyjob_rules.cli import main

CASES = Path(__file__).parent / "cases"
SPECS = [spec for path in find_case_files(CASES) for spec in load_case_file(path)]


def test_there_are_case_files() -> None:
    assert len(SPECS) >= 10


@pytest.mark.parametrize(
    "spec", SPECS, ids=[f"{s.file.relative_to(CASES)}::{s.name}" for s in SPECS]
)
def test_case(spec: CaseSpec) -> None:
    result = check_case(spec)
    assert result.passed, "\n".join(result.failures)


def test_cli_runs_the_same_case_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(CASES)]) == 0
    assert f"{len(SPECS)} passed, 0 failed" in capsys.readouterr().out


def test_cli_reports_a_failing_expectation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "wrong.yaml").write_text(
        """cases:
  - name: a loan above the cap is not granted in full
    as_of: "2018-04-01"
    case:
      applicant:
        kind: person
        poverty_registered: true
        ventures: [{kind: individual_business, status: operating}]
        loan_requests: [{amount: "150000", requested_on: "2018-03-01"}]
    expect:
      poverty_startup_loan: {outcome: eligible, amount: "150000.00"}
""",
        encoding="utf-8",
    )
    assert main(["test", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "amount 100000.00, expected 150000.00" in out and "0 passed, 1 failed" in out
