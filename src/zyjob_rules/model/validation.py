"""Untrusted input (dict, JSON text, bytes) into a Case, with errors naming field paths."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import ValidationError

from ..errors import CaseInputError
from ..explain.words.errors import zh_message
from .case import Case
from .limits import DEFAULT_LIMITS, InputLimitError, InputLimits, load_json


@dataclass(frozen=True)
class FieldProblem:
    """One bad field: its JSON path (e.g. ``applicant.hires[0].start_date``) and what is wrong."""

    path: str
    message: str
    value: Any = None
    message_zh: str | None = None  # the same in Chinese (explain/words/errors.py)

    def __post_init__(self) -> None:
        if self.message_zh is None:  # a message written by the library: its known Chinese
            object.__setattr__(self, "message_zh", zh_message("", None, self.message))

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` ("zh" or "en")."""
        return self.message_zh or self.message if lang == "zh" else self.message


class CaseValidationError(CaseInputError):
    """The input is not a valid Case. ``problems`` lists every bad field with its path."""

    code: ClassVar[str] = "case_invalid"

    def __init__(self, problems: list[FieldProblem], source: str | None = None) -> None:
        self.problems = problems
        self.source = source
        where = f"{source}: " if source else ""
        lines = "; ".join(f"{p.path}: {p.message}" for p in problems)
        super().__init__(f"{where}invalid case: {lines}")


def json_path(loc: tuple[int | str, ...]) -> str:
    """Render a pydantic error location as a JSON path, dropping union tags."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("person", "household", "organisation") and out.endswith("applicant"):
            continue  # discriminated-union tag, not a field
        else:
            out += f".{part}" if out else str(part)
    return out or "$"


def problems_of(exc: ValidationError) -> list[FieldProblem]:
    """A pydantic ValidationError as field problems with JSON paths."""
    problems = []
    for err in exc.errors(include_url=False):
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        loc, value = tuple(err["loc"]), err.get("input")
        if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
            # the bad or missing tag is the `kind` field itself, not the whole applicant
            loc, value = (*loc, "kind"), (err.get("ctx") or {}).get("tag")
        zh = zh_message(err["type"], err.get("ctx"), msg)
        problems.append(FieldProblem(json_path(loc), msg, value, zh))
    return problems


def decode_case_text(data: bytes) -> str:
    """The text of a case given as bytes: UTF-8 (a byte-order mark is dropped), strictly.

    Raises UnicodeDecodeError for bytes that are not UTF-8; nothing is replaced silently.
    """
    return data.decode("utf-8-sig")


def parse_case(
    data: Case | dict[str, Any] | str | bytes,
    source: str | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
) -> Case:
    """Validate ``data`` into a Case; raise CaseValidationError listing every bad field path.

    JSON text is read strictly (model/limits.py): a duplicate key, an integer of more than
    ``limits.max_int_digits`` digits, nesting or size beyond ``limits`` are errors.
    """
    if isinstance(data, Case):
        return data
    if isinstance(data, str | bytes):
        data = load_case_json(data, source, limits)
    if not isinstance(data, dict):
        raise CaseValidationError([FieldProblem("$", "a case must be a JSON object")], source)
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        raise CaseValidationError(problems_of(exc), source) from exc
    except RecursionError as exc:  # a dict built in Python, nested beyond any case
        raise CaseValidationError([FieldProblem("$", "case is nested too deep")], source) from exc


def load_case_json(
    data: str | bytes, source: str | None = None, limits: InputLimits = DEFAULT_LIMITS
) -> Any:
    """The parsed JSON of one case; CaseValidationError (path ``$``) for anything unreadable."""
    try:
        text = decode_case_text(data) if isinstance(data, bytes) else data
        return load_json(text, limits)
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        raise CaseValidationError([FieldProblem("$", message)], source) from exc
    except UnicodeDecodeError as exc:  # bytes that are not UTF-8 text
        byte = exc.object[exc.start]
        message = f"not valid JSON: not UTF-8 text: byte 0x{byte:02x} at offset {exc.start}"
        raise CaseValidationError([FieldProblem("$", message)], source) from exc
    except InputLimitError as exc:
        raise CaseValidationError([FieldProblem("$", str(exc))], source) from exc
    except ValueError as exc:  # e.g. an integer beyond the interpreter's digit limit
        raise CaseValidationError([FieldProblem("$", f"not valid JSON: {exc}")], source) from exc
