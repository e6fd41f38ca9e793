"""The command line reports every library error once, by its code: status and text."""

from __future__ import annotations

import pytest

from zyjob_rules import errors
from zyjob_rules.casefiles import CaseFileError
from zyjob_rules.cli.error_report import EXIT_STATUS, error_lines, exit_status
from zyjob_rules.engine.durable.errors import BackendMismatchError
from zyjob_rules.model import CaseValidationError, parse_case
from zyjob_rules.screening.checkpoint import ResumeError
from zyjob_rules.screening.csv_layout import UnknownColumnsError
from zyjob_rules.screening.outfiles import OutputPathError, OutputWriteError
from zyjob_rules.screening.pipeline import WorkerLostError


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (errors.RuleSetError([errors.RuleFileError("a.yaml", 2, "r", "bad")]), 1),
        (CaseFileError("cases/x.yaml: case 1 is not a mapping"), 1),
        (errors.EvaluationError("division by zero"), 1),
        (BackendMismatchError("r", "c", "applicant", "T", "F"), 1),
        (UnknownColumnsError(["colour"]), 2),
        (ResumeError("nothing to resume"), 2),
        (errors.ConfigurationError("no such rule(s): x"), 2),
        (OutputPathError("/o", "--out /o is a directory, not a file"), 2),
        (errors.OutputConflictError("/in", "--out /in and input /in are the same file"), 2),
        (OutputWriteError("/o.partial", OSError(28, "No space left on device")), 4),
        (WorkerLostError("worker processes died 4 times in a row"), 5),
    ],
)
def test_the_status_comes_from_the_nearest_code(error: errors.ZyjobRulesError, status: int) -> None:
    assert exit_status(error) == status


def test_every_mapped_code_is_a_real_code() -> None:
    codes = {cls.code for cls in errors.all_error_classes()}
    assert set(EXIT_STATUS) <= codes


def test_a_write_error_is_one_line_naming_the_path() -> None:
    error = OutputWriteError("/o.partial", OSError(28, "No space left on device"))
    assert error_lines(error) == ["error: cannot write /o.partial: No space left on device"]


def test_a_rule_set_lists_every_problem() -> None:
    first = errors.RuleFileError("a.yaml", 2, "r", "bad")
    error = errors.RuleSetError([first, errors.RuleFileError("b.yaml", None, None, "worse")])
    assert error_lines(error) == [
        "error: 2 problem(s) in rule files:",
        "  a.yaml:2 [r]: bad",
        "  b.yaml: worse",
    ]


def test_a_case_lists_every_bad_field_in_the_language_asked() -> None:
    with pytest.raises(CaseValidationError) as caught:
        parse_case('{"applicant": {"kind": "person", "birth_date": "1990-02-30"}}', source="c.json")
    en, zh = error_lines(caught.value, "en"), error_lines(caught.value, "zh")
    assert en[0].startswith("error: c.json is not a valid case")
    assert zh[0].startswith("错误：c.json 不是有效的案件")
    assert any("birth_date" in line for line in en[1:])
