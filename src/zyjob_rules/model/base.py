"""Shared building blocks of the case model: strict base class, money and date types.

Nothing is coerced silently: booleans must be JSON booleans, integers JSON integers, strings JSON
strings. Dates are ISO ``YYYY-MM-DD`` strings (or ``date`` objects) between 1900-01-01 and
2100-12-31; money is a decimal string (ASCII digits, no blanks, at most 15 before the point), an
integer or a ``Decimal`` of yuan with at most two decimal places (fen), never negative.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictInt,
    WithJsonSchema,
)

from ..assessment_date import EARLIEST_DATE, LATEST_DATE, to_date

# ASCII digits only ([0-9], not \d: full-width "１０００" and Arabic-Indic digits are refused),
# no surrounding blanks (" 80000 " is refused, not trimmed), and \Z, not $ (no trailing newline).
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_DECIMAL = re.compile(r"^[0-9]{1,15}(\.[0-9]{1,2})?\Z")
_ISO_DATE_SCHEMA = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"  # JSON Schema regexes (ECMA) have no \Z
_DECIMAL_SCHEMA = "^[0-9]{1,15}(\\.[0-9]{1,2})?$"


def _parse_date(value: Any) -> date:
    if isinstance(value, date):
        day = to_date(value)
    elif isinstance(value, str) and _ISO_DATE.match(value):
        try:
            day = date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"not a calendar date: {value!r}") from exc
    else:
        raise ValueError(f"expected an ISO date YYYY-MM-DD, got {value!r}")
    if not EARLIEST_DATE <= day <= LATEST_DATE:  # a person born in 9999 gets no loan
        raise ValueError(
            f"implausible date {day.isoformat()}: outside {EARLIEST_DATE.isoformat()}"
            f"..{LATEST_DATE.isoformat()}")
    return day


def _parse_money(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"expected an amount in yuan, got {value!r}")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, str) and _DECIMAL.match(value):
        try:
            amount = Decimal(value)
        except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
            raise ValueError(f"not a decimal amount: {value!r}") from exc
    else:
        raise ValueError(f"expected a non-negative amount in yuan like '1000.00', got {value!r}")
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"amount must be a finite number >= 0, got {value!r}")
    try:
        in_fen = amount.quantize(Decimal("0.01"))
    except InvalidOperation as exc:  # more digits than the decimal context holds
        raise ValueError(f"amount is too large: {value!r}") from exc
    if amount != in_fen:
        raise ValueError(f"amount has more than two decimal places (fen): {value!r}")
    return amount.copy_abs()  # -0.0 -> 0.0, whose text "0.0" parses back


IsoDate = Annotated[
    date,
    BeforeValidator(_parse_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _ISO_DATE_SCHEMA}),
]
"""A calendar date, ISO 8601 ``YYYY-MM-DD``."""

Money = Annotated[
    Decimal,
    BeforeValidator(_parse_money),
    PlainSerializer(lambda d: format(d, "f"), return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": _DECIMAL_SCHEMA},
                {"type": "integer", "minimum": 0},
                # No "multipleOf": 0.01 here: binary floats make validators reject 0.07 or 0.29,
                # which the model accepts. The fen rule for numbers is the model's to enforce.
                {"type": "number", "minimum": 0},
            ],
            "description": "Yuan, at most two decimal places (fen), never negative.",
        }
    ),
]
"""Yuan as an exact Decimal, >= 0, at most two decimal places."""

Count = Annotated[StrictInt, Field(ge=0)]
"""A whole number >= 0 given as a JSON integer (``"9"``, ``9.0`` and ``true`` are rejected).

pydantic's ``NonNegativeInt`` is lax and would coerce all three.
"""


def described(zh: str, en: str, **kwargs: Any) -> Any:
    """A pydantic Field whose description carries the Chinese and the English meaning.

    The two halves are kept apart in ``json_schema_extra`` so explanations can pick a language.
    """
    return Field(description=f"{zh} / {en}", json_schema_extra={"zh": zh, "en": en}, **kwargs)


class Strict(BaseModel):
    """Base of every model class: unknown fields are errors.

    Scalars are declared with pydantic's Strict* types (``StrictBool``, ``StrictInt``,
    ``StrictStr``) so ``"yes"`` never becomes ``True`` nor ``"9"`` becomes ``9``; enums accept
    exactly their values.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
