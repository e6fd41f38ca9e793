"""Limits on one untrusted case, and the strict JSON reader that enforces them.

A case is read from a registry row, a file or a request body by people and programs we do not
control. These limits keep one hostile or broken row from stopping a run (a row nested 3,000
deep, a 5,000-digit number) or from taking minutes and gigabytes (a case with 100,000 hires).
Every limit is a setting (``InputLimits``); docs/operations.md lists the defaults.

The reader is strict where ``json.loads`` is lenient: a key given twice in one object is an
error (``json.loads`` keeps the last one, so key order alone could flip a decision), and integers
longer than ``max_int_digits`` are refused.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class InputLimits:
    """What one case may hold. ``max_items`` counts JSON objects and arrays (hires, periods …)."""

    max_case_bytes: int = 8 * 1024 * 1024
    max_cell_bytes: int = 4 * 1024 * 1024
    max_depth: int = 32
    max_items: int = 10_000
    max_int_digits: int = 18


DEFAULT_LIMITS = InputLimits()


class InputLimitError(ValueError):
    """A case exceeds one of the InputLimits, or is not strict JSON (duplicate key, huge number)."""


# Strings (skipped whole, brackets inside them do not count) and brackets.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def check_shape(text: str, limits: InputLimits = DEFAULT_LIMITS) -> None:
    """Refuse ``text`` (one JSON document) when it is too big, too deep or has too many items.

    Cheap for ordinary cases: the exact scan runs only when the bracket count alone could break
    a limit.
    """
    if len(text) > limits.max_case_bytes or (
        len(text) * 4 > limits.max_case_bytes
        and len(text.encode("utf-8", "surrogatepass")) > limits.max_case_bytes
    ):
        raise InputLimitError(f"case is larger than {limits.max_case_bytes:,} bytes")
    opened = text.count("{") + text.count("[")
    if opened <= min(limits.max_depth, limits.max_items):
        return
    depth = items = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "{[":
            depth += 1
            items += 1
            if depth > limits.max_depth:
                raise InputLimitError(f"case is nested deeper than {limits.max_depth} levels")
            if items > limits.max_items:
                raise InputLimitError(
                    f"case holds more than {limits.max_items:,} objects and lists")
        elif token in "]}":
            depth -= 1


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise InputLimitError(f"duplicate key {key!r} in one object")
            seen.add(key)
    return obj


def _int_parser(limits: InputLimits) -> Any:
    def parse_int(digits: str) -> int:
        if len(digits.lstrip("-")) > limits.max_int_digits:
            raise InputLimitError(f"integer with more than {limits.max_int_digits} digits")
        return int(digits)

    return parse_int


def load_json(text: str, limits: InputLimits = DEFAULT_LIMITS) -> Any:
    """Parse one JSON document strictly; ``json.JSONDecodeError`` or ``InputLimitError``.

    Never raises RecursionError: nesting is checked before parsing.
    """
    check_shape(text, limits)
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_int=_int_parser(limits))
    except RecursionError as exc:  # pragma: no cover - check_shape bounds the depth first
        raise InputLimitError("case is nested too deep") from exc
