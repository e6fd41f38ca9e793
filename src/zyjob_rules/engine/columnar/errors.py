"""Errors of the columnar backend (importing this module does not import polars)."""

from __future__ import annotations

from typing import ClassVar

from ...errors import EngineError, EngineUnavailableError


class ColumnarUnavailableError(EngineUnavailableError):
    """The ``columnar`` extra (polars, pyarrow) is not installed."""

    code: ClassVar[str] = "columnar_unavailable"

    def __init__(self, missing: str) -> None:
        super().__init__(
            f"the columnar backend needs {missing}: pip install 'zyjob-rules[columnar]'"
        )
        self.missing = missing


class ColumnarMismatchError(EngineError):
    """The columnar and the scalar engine disagree on one rule for one subject (a bug)."""

    code: ClassVar[str] = "columnar_mismatch"

    def __init__(self, rule_id: str, case_id: str | None, subject: str, columnar: str,
                 scalar: str) -> None:
        super().__init__(
            f"rule {rule_id}, case {case_id or '?'}, {subject}: columnar says {columnar}, "
            f"the scalar engine says {scalar}"
        )
        self.rule_id = rule_id
        self.case_id = case_id
        self.subject = subject
        self.columnar = columnar
        self.scalar = scalar
