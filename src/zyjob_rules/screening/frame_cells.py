"""Frame cells -> the registry's CSV cell text, exactly, or a problem naming column, row and value.

A DataFrame or Arrow table holds typed cells (numpy, Arrow and Python scalars, NaN, None, NA,
timestamps, nested lists) where a CSV file holds text. Each cell is turned into the text the CSV
layout (``csv_layout``) would hold for it, so a frame row and a CSV row are read by the same code
and give the same case. The rules (docs/screening.md, "DataFrames and Arrow tables"):

- ``None``, float NaN, ``pandas.NA`` / ``NaT``, numpy ``NaT`` and the empty string are a
  **missing fact** (the cell is left out, as an empty CSV cell);
- whole-number columns take integers, or floats that are **exactly** integral (``2.0``, as pandas
  reads a column with gaps); ``2.5`` is a rejected row, never rounded;
- money columns (yuan) take integers, ``Decimal``s, or floats converted through their
  **shortest repr** (``0.1`` is ``Decimal("0.1")``, never its binary expansion), then checked by
  the model (at most two decimals); ``inf`` is rejected;
- boolean columns take booleans, or 0/1 (as integers or exactly integral floats), or the CSV's
  ``true``/``false`` text;
- date columns take dates, or timestamps at midnight without a time zone; a time of day is
  rejected, never truncated;
- text and enumeration columns take text, or integers (written in digits: an id read as a
  number); a float is rejected (read the column as text: ``dtype=str``);
- list columns take a JSON array as text, or a list (a numpy array, an Arrow list) of records.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from ..model import FieldProblem
from .csv_layout import APPLICANT_MODELS, CASE_COLUMNS, column_docs

_CASE_PATHS = {"case_id": "id", "case_as_of": "as_of", "case_note": "note"}
_CASE_KINDS = {"case_id": "text", "case_as_of": "date", "case_note": "text"}


class CellError(ValueError):
    """A cell whose value cannot be written as its column's CSV text without changing it."""


@cache
def column_kinds(kind: str | None) -> dict[str, str]:
    """Cell kind per column (``bool``, ``int``, ``yuan``, ``date``, ``json``, ``text``) of one
    applicant kind, or of every kind (the first kind declaring a column wins) for ``None``."""
    kinds = [kind] if kind is not None else list(APPLICANT_MODELS)
    out: dict[str, str] = dict(_CASE_KINDS)
    for k in kinds:
        for name, cell, _, _ in column_docs(k):
            if name not in CASE_COLUMNS:
                out.setdefault(name, "text" if cell.startswith("one of") else cell)
    return out


def problem_path(column: str) -> str:
    """The model path of a column: ``case_as_of`` is the case's ``as_of``, others the
    applicant's field."""
    return _CASE_PATHS.get(column) or f"applicant.{column}"


def is_missing(value: Any) -> bool:
    """None, NaN, pandas NA/NaT, numpy NaT or an empty string: a missing fact."""
    if value is None or (isinstance(value, str) and value == ""):
        return True
    if isinstance(value, float):
        return math.isnan(value)
    name = type(value).__name__
    if name in ("NAType", "NaTType"):
        return True
    if name == "datetime64":
        return bool(str(value) == "NaT")
    return False


def plain(value: Any) -> Any:
    """A numpy or Arrow scalar as the Python value it holds (other values unchanged)."""
    as_py = getattr(value, "as_py", None)
    if as_py is not None and callable(as_py):  # an Arrow scalar
        return as_py()
    dtype = getattr(value, "dtype", None)
    if dtype is not None and getattr(value, "ndim", None) == 0:  # a numpy scalar
        if str(dtype).startswith("datetime64"):
            if str(value) == "NaT":
                return None
            return value.astype("datetime64[us]").item()
        return value.item()
    return value


def cell_text(value: Any, kind: str) -> str | None:
    """The CSV text of one cell of ``kind``; None for a missing fact.

    Raises CellError (a plain reason) for a value that is not exactly one of ``kind``.
    """
    if is_missing(value):
        return None
    value = plain(value)
    if is_missing(value):
        return None
    if isinstance(value, str):
        return value  # text is read exactly as a CSV cell would be
    if kind == "json":
        return _json_cell(value)
    if isinstance(value, bool):
        if kind == "bool":
            return "true" if value else "false"
        raise CellError(f"a boolean where {_WHAT[kind]} is expected")
    if kind == "bool":
        if isinstance(value, int | float | Decimal) and value in (0, 1):
            return "1" if value == 1 else "0"
        raise CellError("not a boolean (true/false, or 1/0)")
    if kind == "int":
        return _whole(value)
    if kind == "yuan":
        return _money(value)
    if kind == "date":
        return _date(value)
    if isinstance(value, int):  # text / enumeration: an id read as a number keeps its digits
        return str(value)
    raise CellError(f"{_type_name(value)} where text is expected (read the column as text)")


_WHAT = {"int": "a whole number", "yuan": "an amount in yuan", "date": "a date",
         "text": "text", "json": "a list"}


def _type_name(value: Any) -> str:
    if isinstance(value, float | Decimal):
        return "a number"
    if isinstance(value, date):
        return "a date"
    return f"a {type(value).__name__}"


def _whole(value: Any) -> str:
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal) and _finite(value) and value == int(value):
        return str(int(value))
    if isinstance(value, float | Decimal):
        raise CellError("not a whole number")
    raise CellError(f"{_type_name(value)} where a whole number is expected")


def _finite(value: float | Decimal) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def _money(value: Any) -> str:
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError("not a finite amount")
        value = Decimal(repr(value))  # the shortest repr: 0.1 is 0.1, not 0.1000000000000000055…
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise CellError("not a finite amount")
        return format(value, "f")
    raise CellError(f"{_type_name(value)} where an amount in yuan is expected")


def _date(value: Any) -> str:
    if isinstance(value, datetime):
        if not _midnight(value):
            raise CellError("a timestamp with a time of day or a time zone, not a date")
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise CellError(f"{_type_name(value)} where a date YYYY-MM-DD is expected")


def _midnight(value: datetime) -> bool:
    return value.tzinfo is None and value.time() == datetime.min.time()


def _json_cell(value: Any) -> str:
    value = jsonable(value)
    if not isinstance(value, list):
        raise CellError(f"{_type_name(value)} where a list (JSON array) is expected")
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def jsonable(value: Any) -> Any:
    """A nested cell (lists, records, numpy arrays, Arrow lists) in the model's JSON shape.

    Missing values become null; dates ISO text; Decimals their text (a model amount); other
    scalars stay what they are (a float keeps its shortest repr through JSON), so the model
    rejects a wrong one with its path.
    """
    value = plain(value)
    if is_missing(value):
        return None
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple) or type(value).__name__ == "ndarray":
        return [jsonable(v) for v in value]
    if isinstance(value, datetime):  # a time of day is kept, for the model to refuse
        return _date(value) if _midnight(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return value  # a float keeps its shortest repr through JSON; the model checks it


def row_cells(
    columns: Mapping[str, Any], row: int
) -> tuple[dict[str, str | None], list[FieldProblem]]:
    """One frame row (column -> cell) as CSV cell texts, and a problem per unreadable cell.

    The cell kinds come from the row's ``kind`` (person, household, organisation); a problem
    names the column, the row (0-based, as the frame's position) and the value.
    """
    raw_kind = plain(columns.get("kind"))
    kinds = column_kinds(raw_kind if raw_kind in APPLICANT_MODELS else None)
    every = column_kinds(None)  # a column of another kind: typed as there (the model refuses it)
    texts: dict[str, str | None] = {}
    problems: list[FieldProblem] = []
    for column, value in columns.items():
        try:
            texts[column] = cell_text(value, kinds.get(column) or every.get(column, "text"))
        except CellError as exc:
            problems.append(FieldProblem(
                problem_path(column),
                f"column '{column}', row {row}: {exc}: {_shown(value)}",
                _shown(value),
            ))
    return texts, problems


def _shown(value: Any) -> str:
    """The value as a person reads it, with its type when that matters (``2.5``, ``True``)."""
    value = plain(value)
    text = repr(value)
    return text if len(text) <= 200 else text[:200] + "…"
