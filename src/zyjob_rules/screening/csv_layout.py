"""The flat CSV layout of a registry: one row per person, household or organisation.

Columns (documented in docs/screening.md; ``zyjob-rules columns KIND`` prints the current list):

- ``case_id``, ``case_as_of``, ``case_note``: the Case's own fields (all optional);
- ``kind``: ``person``, ``household`` or ``organisation`` (required);
- every other column is a field of the applicant, named exactly as in the model
  (``birth_date``, ``poor_household_labor``, ``org_kind`` …).

Cells are text. An empty cell is a missing fact (the field is left out, never turned into
``false`` or ``0``). Booleans are ``true``/``false`` (also ``1``/``0``, any case); whole numbers
are ASCII digits (at most 18, no sign, no blanks: ``" 80000 "``, full-width ``１０００`` and
Arabic-Indic digits stay text and are rejected); dates are ``YYYY-MM-DD``; amounts are yuan
like ``1000.00``; enumerations are their values (``rural``, ``enterprise`` …). A list field
(``ui_periods``, ``certificates``, ``hires``, ``ui_premiums``, ``terminations``, ``members`` …)
is one cell holding a JSON array in the model's JSON shape, read strictly (a duplicate key is an
error; nesting and size are limited by ``InputLimits``). A cell that cannot be converted is
passed through as text, so the model rejects it with its path
(``applicant.poor_household_labor: Input should be a valid boolean``).

The columns come from the model itself, so a field added to the model is a column at once.
"""

from __future__ import annotations

import json
import re
import types
from collections.abc import Iterable, Mapping
from enum import Enum
from functools import cache
from typing import Annotated, Any, ClassVar, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from ..errors import CaseInputError
from ..model import Case, FieldProblem, Household, Organisation, Person
from ..model.limits import DEFAULT_LIMITS, InputLimitError, InputLimits, load_json

CASE_COLUMNS = ("case_id", "case_as_of", "case_note")
_CASE_FIELD = {"case_id": "id", "case_as_of": "as_of", "case_note": "note"}
APPLICANT_MODELS: dict[str, type[BaseModel]] = {
    "person": Person,
    "household": Household,
    "organisation": Organisation,
}
Cell = Literal["bool", "int", "json", "text"]
_TRUE = {"true", "1"}
_FALSE = {"false", "0"}
_INT = re.compile(r"[0-9]{1,18}")  # fullmatch; ASCII only


def _base_type(annotation: Any) -> Any:
    """The type under Optional[...] and Annotated[...]."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin is Union or origin is types.UnionType:
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _cell_kind(annotation: Any) -> Cell:
    base = _base_type(annotation)
    origin = get_origin(base)
    if origin in (list, tuple, set, frozenset, dict) or base in (list, dict):
        return "json"
    if isinstance(base, type) and issubclass(base, BaseModel):
        return "json"
    if base is bool:
        return "bool"
    if base is int:
        return "int"
    return "text"


@cache
def _cells(kind: str) -> dict[str, Cell]:
    model = APPLICANT_MODELS[kind]
    return {name: _cell_kind(f.annotation) for name, f in model.model_fields.items()}


def columns(kind: str | None = None) -> list[str]:
    """The CSV columns of one applicant kind, or of all kinds (in model order, no repeats)."""
    kinds = [kind] if kind is not None else list(APPLICANT_MODELS)
    out = dict.fromkeys(CASE_COLUMNS)
    for k in kinds:
        out.update(dict.fromkeys(_cells(k)))
    return list(out)


def column_docs(kind: str) -> list[tuple[str, str, str, str]]:
    """(column, cell type, zh, en) of every column of ``kind``, for documentation."""
    model = APPLICANT_MODELS[kind]
    rows = [
        ("case_id", "text", "案件编号", "case identifier (default: the applicant's id)"),
        ("case_as_of", "date", "评估基准日", "assessment date (the --as-of option wins)"),
        ("case_note", "text", "说明", "free-text note"),
    ]
    for name, f in model.model_fields.items():
        extra = f.json_schema_extra if isinstance(f.json_schema_extra, dict) else {}
        cell: str = _cells(kind)[name]
        if cell == "text":
            base = _base_type(f.annotation)
            if isinstance(base, type) and issubclass(base, Enum):
                cell = "one of " + ", ".join(str(m.value) for m in base)
            else:
                cell = str(getattr(base, "__name__", "text")).lower()
                cell = {"str": "text", "decimal": "yuan", "literal": "text"}.get(cell, cell)
        zh, en = extra.get("zh", ""), extra.get("en", "")
        rows.append((name, cell, str(zh), str(en)))
    return rows


class InputHeaderError(CaseInputError):
    """The CSV header cannot be used: the run stops before any row is read."""

    code: ClassVar[str] = "csv_header"


class UnknownColumnsError(InputHeaderError):
    """The CSV header names columns that are no field of any applicant kind."""

    code: ClassVar[str] = "csv_unknown_columns"

    def __init__(self, unknown: list[str]) -> None:
        self.unknown = unknown
        super().__init__(f"unknown CSV column(s): {', '.join(unknown)}; see docs/screening.md")


def check_header(header: Iterable[str]) -> None:
    known = set(columns())
    unknown = [c for c in header if c not in known]
    if unknown:
        raise UnknownColumnsError(unknown)


def row_to_case(
    row: Mapping[str, str | None], limits: InputLimits = DEFAULT_LIMITS
) -> tuple[dict[str, Any], list[FieldProblem]]:
    """The Case-shaped dict of one CSV row, and the cells that could not be read (JSON cells)."""
    case: dict[str, Any] = {}
    applicant: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    kind = (row.get("kind") or "").strip()
    cells = _cells(kind) if kind in APPLICANT_MODELS else {}
    for column, raw in row.items():
        if raw is None or raw == "" or column is None:
            continue  # empty cell: a missing fact
        if column in _CASE_FIELD:
            case[_CASE_FIELD[column]] = raw
            continue
        cell = cells.get(column, "text")
        value: Any = raw
        if cell == "bool":
            low = raw.lower()
            value = True if low in _TRUE else False if low in _FALSE else raw
        elif cell == "int":
            value = int(raw) if _INT.fullmatch(raw) else raw
        elif cell == "json":
            try:
                value = load_json(raw, limits)
            except json.JSONDecodeError as exc:
                problems.append(FieldProblem(
                    f"applicant.{column}", f"not a JSON array: {exc.msg} (column {exc.colno})",
                    raw[:200]))
                continue
            except (InputLimitError, ValueError) as exc:
                problems.append(FieldProblem(f"applicant.{column}", str(exc), raw[:200]))
                continue
        applicant[column] = value
    case["applicant"] = applicant
    return case, problems


def case_to_row(case: Case) -> dict[str, str]:
    """One CSV row (column -> cell text) holding ``case``; ``row_to_case`` reads it back."""
    data = case.model_dump(mode="json", exclude_none=True)
    applicant = data.pop("applicant")
    row = {col: str(data[field]) for col, field in _CASE_FIELD.items() if field in data}
    cells = _cells(applicant["kind"])
    for name, value in applicant.items():
        if cells.get(name) == "json":
            if value:
                row[name] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        elif isinstance(value, bool):
            row[name] = "true" if value else "false"
        else:
            row[name] = str(value)
    return row
