"""How the command line reports an error of the library: once, by the error's code.

The commands let a :class:`~zyjob_rules.errors.ZyjobRulesError` rise; ``main`` hands it to
:func:`report_error`, which prints it on standard error (one line naming the path, file or
argument; a listing for a rejected rule set or case) and returns the exit status its code maps
to. The statuses are those of docs/operations.md; a command that must first save its work (a
screening run keeping its partial files) uses :func:`exit_status` and :func:`error_line` itself.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Collection

from ..errors import RuleSetError, ZyjobRulesError
from ..model import CaseValidationError
from .io import case_error_lines

EXIT_OK = 0
EXIT_FAILED = 1  # the rule files are invalid, a check failed, an engine or formula failed
EXIT_INPUT = 2  # an input, a path or an argument cannot be used (nothing was written)
EXIT_REJECTED = 3  # screen: done, but some rows were rejected
EXIT_WRITE = 4  # an output could not be written (disk full, read-only file system)
EXIT_WORKER_LOST = 5  # screen: worker processes kept dying

# Exit status by error code; an error takes the status of the nearest code along its classes
# (an OutputConflictError is an io_error, a DurableEngineError an engine_error).
EXIT_STATUS: dict[str, int] = {
    "zyjob_rules_error": EXIT_FAILED,
    "rule_file": EXIT_FAILED,
    "case_file_invalid": EXIT_FAILED,
    "evaluation_failed": EXIT_FAILED,
    "engine_error": EXIT_FAILED,
    "case_input": EXIT_INPUT,
    "configuration": EXIT_INPUT,
    "io_error": EXIT_INPUT,
    "output_write_failed": EXIT_WRITE,
    "workers_lost": EXIT_WORKER_LOST,
}


def _nearest(exc: ZyjobRulesError, codes: Collection[str]) -> str:
    """The code of the nearest class of ``exc`` (itself first) that is one of ``codes``."""
    for cls in type(exc).__mro__:
        code = cls.__dict__.get("code")
        if isinstance(code, str) and code in codes:
            return code
    return "zyjob_rules_error"


def exit_status(exc: ZyjobRulesError) -> int:
    """The exit status of a command that stopped on ``exc``."""
    return EXIT_STATUS[_nearest(exc, EXIT_STATUS)]


def error_line(exc: ZyjobRulesError, where: str | None = None) -> str:
    """The one-line form: ``error: <message>`` (``error: <where>: <message>`` naming the input
    an error that does not name it came from)."""
    return f"error: {where}: {exc}" if where is not None else f"error: {exc}"


def _rule_set_lines(exc: ZyjobRulesError, lang: str) -> list[str]:
    assert isinstance(exc, RuleSetError)
    return [
        f"error: {len(exc.errors)} problem(s) in rule files:",
        *(f"  {err}" for err in exc.errors),
    ]


def _case_lines(exc: ZyjobRulesError, lang: str) -> list[str]:
    assert isinstance(exc, CaseValidationError)
    return case_error_lines(exc, lang)


# Errors shown as more than one line, by code (a rule set lists every problem, a case every
# bad field, in the command's language).
LISTINGS: dict[str, Callable[[ZyjobRulesError, str], list[str]]] = {
    "rule_set_invalid": _rule_set_lines,
    "case_invalid": _case_lines,
}


def error_lines(exc: ZyjobRulesError, lang: str = "en") -> list[str]:
    """What is printed for ``exc``: its listing, if its code has one, else one line."""
    code = _nearest(exc, LISTINGS)
    listing = LISTINGS.get(code)
    return listing(exc, lang) if listing is not None else [error_line(exc)]


def report_error(exc: ZyjobRulesError, lang: str = "en") -> int:
    """Print ``exc`` on standard error and return its exit status."""
    for line in error_lines(exc, lang):
        print(line, file=sys.stderr)
    return exit_status(exc)
