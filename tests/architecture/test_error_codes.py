"""One root error, families that are also builtins, stable codes listed in docs/errors.md."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

import zyjob_rules
from zyjob_rules import errors
from zyjob_rules.casefiles import CaseFileError
from zyjob_rules.engine.columnar import errors as columnar_errors
from zyjob_rules.engine.durable import errors as durable_errors
from zyjob_rules.engine.scalar.runtime import EvaluationError as RuntimeEvaluationError
from zyjob_rules.lang.checker import LangError
from zyjob_rules.model import CaseValidationError
from zyjob_rules.ruleset.errors import RuleFileError, RuleSetError
from zyjob_rules.screening import records  # noqa: F401  (defines CSV input errors)
from zyjob_rules.screening.checkpoint import ResumeError
from zyjob_rules.screening.csv_layout import UnknownColumnsError
from zyjob_rules.screening.outfiles import OutputPathError, OutputWriteError
from zyjob_rules.screening.param_changes import ParameterChangeError
from zyjob_rules.screening.parquet_io import ParquetInputError
from zyjob_rules.screening.pipeline import WorkerLostError

DOC = Path(__file__).resolve().parents[2] / "docs" / "errors.md"


def _classes() -> list[type[errors.ZyjobRulesError]]:
    return list(errors.all_error_classes())


def test_every_error_class_defines_its_own_unique_code() -> None:
    own = {cls: cls.__dict__.get("code") for cls in _classes()}
    aliases = {LangError}  # LangError is the checker's name for ExpressionError
    missing = [cls.__name__ for cls, code in own.items() if code is None and cls not in aliases]
    assert missing == []
    codes = [code for code in own.values() if code is not None]
    assert len(codes) == len(set(codes)), codes
    assert all(re.fullmatch(r"[a-z][a-z_]*", c) for c in codes)


def test_docs_list_every_code_and_no_other() -> None:
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", DOC.read_text(encoding="utf-8"), re.M))
    codes = {cls.code for cls in _classes()}
    assert documented == codes


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (RuleFileError, ValueError),
        (RuleSetError, ValueError),
        (LangError, ValueError),
        (CaseValidationError, ValueError),
        (UnknownColumnsError, ValueError),
        (errors.EvaluationError, RuntimeError),
        (durable_errors.DurableBackendError, RuntimeError),
        (durable_errors.DurableUnavailableError, ImportError),
        (columnar_errors.ColumnarUnavailableError, ImportError),
        (columnar_errors.ColumnarMismatchError, RuntimeError),
        (errors.InputOutputError, OSError),
        (errors.UnknownEngineError, ValueError),
        (OutputPathError, OSError),
        (OutputWriteError, OSError),
        (WorkerLostError, RuntimeError),
        (ParquetInputError, ValueError),
        (CaseFileError, ValueError),
        (ResumeError, ValueError),
        (ParameterChangeError, ValueError),
    ],
)
def test_families_are_the_builtins_a_caller_catches(cls: type, builtin: type) -> None:
    assert issubclass(cls, errors.ZyjobRulesError)
    assert issubclass(cls, builtin)


def test_old_homes_still_import_the_same_classes() -> None:
    assert RuleFileError is errors.RuleFileError
    assert RuleSetError is errors.RuleSetError
    assert RuntimeEvaluationError is errors.EvaluationError
    assert zyjob_rules.RuleFileError is errors.RuleFileError


def test_rule_file_error_is_a_real_exception_with_its_data() -> None:
    error = RuleFileError("rules/loans.yaml", 12, "loan.guarantee", "unknown field 'agee'")
    with pytest.raises(ValueError, match=r"rules/loans\.yaml:12"):
        raise error
    assert (error.file, error.line, error.rule_id) == ("rules/loans.yaml", 12, "loan.guarantee")
    assert str(error) == "rules/loans.yaml:12 [loan.guarantee]: unknown field 'agee'"
    assert error.to_dict() == {
        "code": "rule_file",
        "message": str(error),
        "file": "rules/loans.yaml",
        "line": 12,
        "rule_id": "loan.guarantee",
    }
    assert error == RuleFileError("rules/loans.yaml", 12, "loan.guarantee", "unknown field 'agee'")


def test_rule_set_error_is_caught_as_rule_file_error_and_lists_every_problem() -> None:
    first = RuleFileError("a.yaml", 3, "r1", "bad")
    second = RuleFileError("b.yaml", None, None, "worse")
    with pytest.raises(RuleFileError) as caught:
        raise RuleSetError([first, second])
    assert isinstance(caught.value, RuleSetError)
    assert caught.value.errors == [first, second]
    assert (caught.value.file, caught.value.line) == ("a.yaml", 3)
    assert str(caught.value).splitlines() == [
        "2 problem(s) in rule files:",
        "a.yaml:3 [r1]: bad",
        "b.yaml: worse",
    ]


@pytest.mark.parametrize(
    "error",
    [
        RuleFileError("a.yaml", 1, None, "x"),
        RuleSetError([RuleFileError("a.yaml", 1, "r", "x")]),
        errors.ExpressionError("bad", 3, "p"),
        errors.InputOutputError("/out.jsonl", "disk full"),
        errors.OutputConflictError("/in.jsonl", "the output is the input"),
        errors.UnknownEngineError("rete", ["python", "durable"]),
        OutputPathError("/out", "--out /out is a directory, not a file"),
        OutputWriteError("/out.partial", OSError(28, "No space left on device")),
    ],
)
def test_errors_survive_pickling_across_worker_processes(error: errors.ZyjobRulesError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.to_dict() == error.to_dict()
