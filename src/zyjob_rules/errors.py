"""Every error the library raises: one root, a few families, each with a stable code.

``except ZyjobRulesError`` catches anything the library raises on purpose. Each family is also
the builtin a caller would naturally catch (a bad rule file is a ``ValueError``, a failed
evaluation a ``RuntimeError``, a path that cannot be written an ``OSError``), so code that knows
nothing of this module still does the right thing.

Each class has a ``code``: a short, stable, English identifier that survives translation. The
edges render errors by code (the CLI picks an exit status, the HTTP service a status code) and
``details()`` gives the data an error carries, for JSON. docs/errors.md lists every code; a test
keeps the two in step.

The error classes stay importable where they were first defined (``ruleset.errors``,
``model.validation``, ``engine.scalar.runtime``, ``engine.durable.errors``, ``lang.checker``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar


class ZyjobRulesError(Exception):
    """The root of every error raised by zyjob_rules on purpose."""

    code: ClassVar[str] = "zyjob_rules_error"

    def details(self) -> dict[str, Any]:
        """The data this error carries (JSON-friendly), without the message."""
        return {}

    def to_dict(self) -> dict[str, Any]:
        """``{"code", "message", **details}``: how an edge reports the error as data."""
        return {"code": self.code, "message": str(self), **self.details()}


def all_error_classes() -> Iterator[type[ZyjobRulesError]]:
    """Every subclass of the root that has been imported, depth first (for docs and tests)."""
    pending: list[type[ZyjobRulesError]] = [ZyjobRulesError]
    seen: set[type[ZyjobRulesError]] = set()
    while pending:
        cls = pending.pop()
        if cls in seen:
            continue
        seen.add(cls)
        yield cls
        pending.extend(reversed(cls.__subclasses__()))


# -- rule files ------------------------------------------------------------------------------


class RuleFileError(ZyjobRulesError, ValueError):
    """One problem in a rule file. ``line`` is 1-based (None: the whole file); ``rule_id`` may be
    None (a file-level problem)."""

    code: ClassVar[str] = "rule_file"

    def __init__(
        self, file: str, line: int | None, rule_id: str | None, message: str
    ) -> None:
        self.file = file
        self.line = line
        self.rule_id = rule_id
        self.message = message
        super().__init__(self.where() + ": " + message)

    def where(self) -> str:
        """``file:line [rule]``, the place a person opens in an editor."""
        place = self.file + (f":{self.line}" if self.line else "")
        return place + (f" [{self.rule_id}]" if self.rule_id else "")

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.file!r}, {self.line!r}, {self.rule_id!r}, "
            f"{self.message!r})"
        )

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, RuleFileError)
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def _fields(self) -> tuple[str, int | None, str | None, str]:
        return (self.file, self.line, self.rule_id, self.message)

    def __reduce__(self) -> tuple[Any, ...]:  # picklable across screening workers
        return (type(self), self._fields())

    def details(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "rule_id": self.rule_id}


class RuleSetError(RuleFileError):
    """The rule files are invalid; ``errors`` lists every problem found, not only the first.

    It is itself a RuleFileError (file, line, rule id and message of the first problem), so a
    caller that catches RuleFileError catches a rejected rule set.
    """

    code: ClassVar[str] = "rule_set_invalid"

    def __init__(self, errors: Sequence[RuleFileError]) -> None:
        if not errors:
            raise ValueError("RuleSetError needs at least one problem")
        self.errors = list(errors)
        first = self.errors[0]
        super().__init__(first.file, first.line, first.rule_id, first.message)

    def __str__(self) -> str:
        lines = "\n".join(map(str, self.errors))
        return f"{len(self.errors)} problem(s) in rule files:\n{lines}"

    def __repr__(self) -> str:
        return f"RuleSetError({self.errors!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RuleSetError):
            return NotImplemented
        return self.errors == other.errors

    def __hash__(self) -> int:
        return hash(tuple(self.errors))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.errors,))

    def details(self) -> dict[str, Any]:
        return {"errors": [e.to_dict() for e in self.errors]}


class ExpressionError(ZyjobRulesError, ValueError):
    """A condition or formula is malformed or ill-typed (before the loader adds file and line).

    ``column`` is 0-based within the expression.
    """

    code: ClassVar[str] = "expression_invalid"

    def __init__(
        self, message: str, column: int | None = None, unknown_name: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.unknown_name = unknown_name  # the parameter or category id that was not found

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, self.column, self.unknown_name))

    def details(self) -> dict[str, Any]:
        return {"column": self.column}


# -- cases -----------------------------------------------------------------------------------


class CaseInputError(ZyjobRulesError, ValueError):
    """An input case (or a registry row, or its layout) is not acceptable."""

    code: ClassVar[str] = "case_input"


# -- evaluation and engines ------------------------------------------------------------------


class EvaluationError(ZyjobRulesError, RuntimeError):
    """A formula failed (e.g. division by zero). Never turned into "not eligible"."""

    code: ClassVar[str] = "evaluation_failed"


class EngineError(ZyjobRulesError, RuntimeError):
    """An engine (backend) cannot run, or broke one of its own guarantees."""

    code: ClassVar[str] = "engine_error"


class EngineUnavailableError(EngineError, ImportError):
    """The engine asked for needs an optional extra that is not installed."""

    code: ClassVar[str] = "engine_unavailable"


# -- files and output ------------------------------------------------------------------------


class InputOutputError(ZyjobRulesError, OSError):
    """A path could not be read or written. ``path`` names it; ``message`` is the whole sentence
    (naming the path: ``cannot read reg.csv: permission denied``); nothing was left half-written.
    """

    code: ClassVar[str] = "io_error"

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.path, self.message))

    def details(self) -> dict[str, Any]:
        return {"path": self.path}


class OutputConflictError(InputOutputError):
    """An output path is an input or another output of the same run: refused before opening."""

    code: ClassVar[str] = "output_conflict"


# -- configuration ---------------------------------------------------------------------------


class ConfigurationError(ZyjobRulesError, ValueError):
    """A setting or argument the library was given is not valid (e.g. an unknown backend)."""

    code: ClassVar[str] = "configuration"


class UnknownEngineError(ConfigurationError):
    """No engine is registered under the name asked for."""

    code: ClassVar[str] = "unknown_engine"

    def __init__(self, name: str, known: Sequence[str]) -> None:
        self.name = name
        self.known = tuple(known)
        super().__init__(f"unknown backend {name!r}; use one of {', '.join(map(repr, known))}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.name, self.known))

    def details(self) -> dict[str, Any]:
        return {"name": self.name, "known": list(self.known)}


__all__ = [
    "CaseInputError",
    "ConfigurationError",
    "EngineError",
    "EngineUnavailableError",
    "EvaluationError",
    "ExpressionError",
    "InputOutputError",
    "OutputConflictError",
    "RuleFileError",
    "RuleSetError",
    "UnknownEngineError",
    "ZyjobRulesError",
    "all_error_classes",
]
