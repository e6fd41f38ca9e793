"""The columnar layout of cases: pydantic models as Arrow/polars struct and list columns.

Every model field becomes a struct field of the same name: true/false as Boolean, whole numbers
as Int64, money (``Decimal`` yuan with at most two decimals) as Int64 **fen**, dates as Date,
enums and texts as Utf8 (an enum by its value), lists of items as List(Struct), nested models as
Struct. A registry batch has one row per case: ``id``, ``as_of`` and ``kind`` columns and one
struct column per applicant kind (``person``, ``household``, ``organisation``; null unless the
applicant is of that kind). Parquet or Arrow IPC files in this layout are read column-wise,
without Python per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

from pydantic import BaseModel

from ...lang.types import Type, fields_of
from ...model import Case, Household, Organisation, Person

APPLICANT_MODELS: dict[str, type[BaseModel]] = {
    "person": Person,
    "household": Household,
    "organisation": Organisation,
}
FEN_PER_YUAN = 100


def arrow() -> Any:
    """The pyarrow module (imported on first use: the columnar extra is optional)."""
    import pyarrow  # type: ignore[import-untyped]

    return pyarrow


def arrow_type(tp: Type) -> Any:
    """The Arrow type of one language type (money as int64 fen)."""
    pa = arrow()
    if tp.kind == "bool":
        return pa.bool_()
    if tp.kind in ("int", "decimal"):
        return pa.int64()
    if tp.kind == "date":
        return pa.date32()
    if tp.kind in ("str", "enum"):
        return pa.large_string()
    if tp.kind == "list":
        assert tp.item is not None
        return pa.large_list(arrow_type(tp.item))
    if tp.kind == "object":
        assert tp.model is not None
        return model_struct(tp.model)
    raise TypeError(f"no columnar type for {tp.describe()}")


@cache
def model_struct(model: type[BaseModel]) -> Any:
    """The Arrow struct type of a model: one field per readable model field."""
    pa = arrow()
    return pa.struct([pa.field(n, arrow_type(t)) for n, t in fields_of(model).items()])


@cache
def registry_schema() -> Any:
    """The Arrow schema of a registry batch (one row per case)."""
    pa = arrow()
    return pa.schema(
        [
            pa.field("id", pa.large_string()),
            pa.field("as_of", pa.date32()),
            pa.field("kind", pa.large_string()),
            *(pa.field(k, model_struct(m)) for k, m in APPLICANT_MODELS.items()),
        ]
    )


def _plain(value: Any, tp: Type) -> Any:
    """A model value as the Python value of its column (fen for money, enum values)."""
    if value is None:
        return None
    kind = tp.kind
    if kind == "decimal":
        return int(Decimal(value) * FEN_PER_YUAN)
    if kind == "enum":
        return value.value if isinstance(value, Enum) else value
    if kind == "list":
        assert tp.item is not None
        return [_plain(v, tp.item) for v in value]
    if kind == "object":
        assert tp.model is not None
        return model_row(value)
    return value


def model_row(obj: BaseModel) -> dict[str, Any]:
    """One model object as a dict in its struct column's shape."""
    fields = fields_of(type(obj))
    return {name: _plain(getattr(obj, name), tp) for name, tp in fields.items()}


def case_row(case: Case) -> dict[str, Any]:
    """One case as a registry row."""
    kind = case.applicant.kind
    row: dict[str, Any] = {"id": case.id, "as_of": case.as_of, "kind": kind}
    for k in APPLICANT_MODELS:
        row[k] = model_row(case.applicant) if k == kind else None
    return row


def cases_table(cases: Iterable[Case]) -> Any:
    """A batch of cases as one Arrow table in the registry layout (one pass over the batch)."""
    pa = arrow()
    return pa.Table.from_pylist([case_row(c) for c in cases], schema=registry_schema())


def _model_value(value: Any, tp: Type) -> Any:
    """The inverse of ``_plain``: a column value as model input (yuan text for money)."""
    if value is None:
        return None
    if tp.kind == "decimal":
        return str(Decimal(value) / FEN_PER_YUAN)
    if tp.kind == "list":
        assert tp.item is not None
        return [_model_value(v, tp.item) for v in value]
    if tp.kind == "object":
        assert tp.model is not None
        return model_input(value, tp.model)
    if tp.kind == "date" and isinstance(value, date):
        return value.isoformat()
    return value


def model_input(row: Mapping[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """A struct column value as a dict the model validates (drops missing values)."""
    fields = fields_of(model)
    out = {}
    for name, tp in fields.items():
        value = row.get(name)
        if value is not None:
            out[name] = _model_value(value, tp)
    return out
