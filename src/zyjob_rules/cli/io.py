"""I/O helpers shared by the commands: reading a case from a path or stdin, printing errors."""

from __future__ import annotations

import codecs
import io
import sys
from pathlib import Path

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


def print_case_error(exc: CaseValidationError) -> None:
    """Render a CaseValidationError for a person at a terminal: one line per bad field."""
    where = exc.source or "input"
    if exc.__cause__ is not None and not exc.problems:
        print(f"error: cannot read {where}: {exc.__cause__}", file=sys.stderr)
        return
    print(f"error: {where} is not a valid case ({len(exc.problems)} problem(s)):", file=sys.stderr)
    for problem in exc.problems:
        print(f"  {problem.path}: {problem.message}", file=sys.stderr)


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
