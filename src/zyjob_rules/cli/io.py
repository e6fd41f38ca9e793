"""I/O helpers shared by the commands: reading a case from a path or stdin, a case's errors."""

from __future__ import annotations

import codecs
import io
import sys
from pathlib import Path

from ..explain.words import errors
from ..model import Case, CaseValidationError, parse_case


def read_text(path: str) -> str:
    """The text of ``path``; ``-`` reads standard input."""
    if path == "-":
        return sys.stdin.read()
    return Path(path).read_text(encoding="utf-8")


def load_case(path: str) -> Case:
    """Read and validate one case; CaseValidationError names the source and every bad path."""
    source = "<stdin>" if path == "-" else path
    try:
        text = read_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseValidationError([], source) from exc
    return parse_case(text, source=source)


def case_error_lines(exc: CaseValidationError, lang: str = "en") -> list[str]:
    """A CaseValidationError for a person at a terminal: one line per bad field, in ``lang``
    (Chinese keeps the English beside it)."""
    where = exc.source or "input"
    if exc.__cause__ is not None and not exc.problems:
        reason = str(exc.__cause__)
        return [errors.CANNOT_READ[lang].format(where=where, reason=reason)]
    lines = [errors.HEADING[lang].format(where=where, n=len(exc.problems))]
    for problem in exc.problems:
        line = errors.problem_line(problem.path, problem.message, problem.message_zh, lang)
        lines.append(f"  {line}")
    return lines


def tolerant_console() -> None:
    """Make printing never crash on a console that cannot show every character.

    On a console whose encoding is not UTF-8 (``PYTHONIOENCODING=gbk``, a Windows code page),
    characters it cannot encode (the ¥ sign in GBK) are printed as ``?`` instead of ending the
    command with a UnicodeEncodeError. UTF-8 consoles are left alone.
    """
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue
        try:
            if codecs.lookup(stream.encoding).name != "utf-8":
                stream.reconfigure(errors="replace")
        except (LookupError, ValueError, io.UnsupportedOperation):
            continue
