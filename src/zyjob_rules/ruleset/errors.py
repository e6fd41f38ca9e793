"""Errors of rule files: typed, carrying file, line, rule id and a plain message."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleFileError:
    """One problem in a rule file. ``line`` is 1-based; ``rule_id`` may be empty (file-level)."""

    file: str
    line: int | None
    rule_id: str | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        rule = f" [{self.rule_id}]" if self.rule_id else ""
        return f"{where}{rule}: {self.message}"


class RuleSetError(ValueError):
    """The rule files are invalid; ``errors`` lists every problem found, not only the first."""

    def __init__(self, errors: list[RuleFileError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} problem(s) in rule files:\n" + "\n".join(map(str, errors)))
