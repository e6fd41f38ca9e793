"""Exact money: Decimal yuan, rounded half-up to the fen only at the end of a formula.

>>> round_fen(Decimal("7000.035"))
Decimal('7000.04')
>>> round_fen(Decimal("0.70") * Decimal("10000.05"))
Decimal('7000.04')
>>> yuan("100000")
Decimal('100000.00')
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


def round_fen(amount: Decimal) -> Decimal:
    """Round half-up to the fen (0.01 yuan)."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def yuan(value: str | int | Decimal) -> Decimal:
    """An exact yuan amount with two decimal places."""
    return round_fen(Decimal(value))


def to_fen(amount: Decimal) -> int:
    """Integer fen of a yuan amount (rounded half-up); used where engines need integers.

    >>> to_fen(Decimal("1000.05"))
    100005
    """
    return int(round_fen(amount) * 100)
