"""How values reach durable_rules: typed JSON scalars only, built by us, never coerced by it.

durable_rules compares whatever JSON it is given and coerces silently (``"9" >= 10`` is true,
``"1" == 1``), rejects ``Decimal`` and ``date``, and misreads floats printed as ``1e-05``. So
every value of a fact is encoded here, by the type the *rule* gives it:

- dates: whole days since 1970-01-01 (``int``);
- whole numbers: ``int``; true/false: JSON booleans;
- decimals (money, rates, ratios): fixed-point integers in ten-thousandths (:data:`SCALE`), so a
  rate is in basis points and a yuan is 10,000 (a fen is 100). A value that is not exact at that
  scale (1/3) is sent as its floor and ceiling (``lo``, ``hi``); an exact one has ``lo == hi``.
  Comparisons are written on those bounds so that they stay exact unless *both* sides are inexact
  and fall in the same ten-thousandth, in which case neither answer can be proven and the
  comparison is left undecided (see docs/durable-backend.md);
- enum values: their identifier (``"labor_contract"``); free text: the hex of its UTF-8 bytes,
  which keeps equality and order (UTF-8 byte order is code-point order) and keeps quotes,
  backslashes and NULs away from durable's C parser;
- a missing value (``None``) is no key at all: durable then fails every comparison on it,
  ``$neq`` included, which is what three-valued logic needs.

>>> epoch_days(date(1970, 1, 2))
1
>>> scaled(Decimal("0.7"))
(7000, 7000)
>>> scaled(Decimal(1) / Decimal(3))
(3333, 3334)
>>> hex_text("ab") < hex_text("abc") < hex_text("b")
True
>>> fnv1a_32("all") == 321211332  # HASH_ALL in durable's rete.c
True
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Literal

from .errors import FactEncodingError

Encoding = Literal["bool", "int", "date", "dec", "enum", "str", "object", "present"]
JsonScalar = bool | int | str

SCALE = 10_000
EPOCH = date(1970, 1, 1)
# durable parses integers with atol (a 64-bit long); stay well inside it so sums cannot wrap.
INT_LIMIT = 2**62

_SAFE_IDENTIFIER = re.compile(r"^[A-Za-z0-9_.-]*$")


def epoch_days(day: date) -> int:
    return (day - EPOCH).days


def checked_int(value: int) -> int:
    if not -INT_LIMIT < value < INT_LIMIT:
        raise FactEncodingError(f"integer {value} is out of durable_rules' range")
    return value


def scaled(value: int | Decimal) -> tuple[int, int]:
    """(floor, ceiling) of ``value * SCALE``; equal when the value is exact at the scale."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise FactEncodingError(f"expected a number, got {type(value).__name__} {value!r}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise FactEncodingError(f"{value} is not a finite number")
    x = Decimal(value) * SCALE
    lo, hi = math.floor(x), math.ceil(x)
    return checked_int(lo), checked_int(hi)


def hex_text(text: str) -> str:
    return text.encode("utf-8").hex()


def enum_text(value: str) -> str:
    """An enum value as a durable string: itself when it is a plain identifier, else ``~hex``."""
    return value if _SAFE_IDENTIFIER.match(value) else "~" + hex_text(value)


def encode_scalar(encoding: Encoding, value: object) -> JsonScalar:
    """One value in a single-property encoding (everything but ``dec`` and ``object``)."""
    if encoding == "present":
        return 1
    if encoding == "bool":
        if isinstance(value, bool):
            return value
    elif encoding == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return checked_int(value)
    elif encoding == "date":
        if isinstance(value, date):
            return epoch_days(value)
    elif encoding == "enum":
        if isinstance(value, Enum):
            value = value.value
        if isinstance(value, str):
            return enum_text(value)
    elif encoding == "str" and isinstance(value, str):
        return hex_text(value)
    raise FactEncodingError(f"cannot encode {type(value).__name__} {value!r} as {encoding}")


def fnv1a_32(name: str) -> int:
    """durable_rules' hash of a property or alias name (FNV-1a over C ``char``, i.e. signed)."""
    h = 0x811C9DC5
    for byte in name.encode("utf-8"):
        h ^= byte if byte < 0x80 else (byte | 0xFFFFFF00)
        h = (h * 16777619) & 0xFFFFFFFF
    return h
