"""Legal period arithmetic (民法典 §§200–203) on polars date columns, equal to calendar.py.

``whole_months_between(a, b)`` is the month-index difference, less one when the corresponding
date in b's month (a's day, clamped to the month's last day) lies after b: the largest n with
``add_months(a, n) <= b``, as calendar.py computes by stepping back.
``add_months`` clamps to the month's last day, as ``dateutil.relativedelta`` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl


def _month_index(d: pl.Expr) -> pl.Expr:
    return d.dt.year().cast(int) * 12 + d.dt.month().cast(int) - 1


def whole_months_between(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    import polars as pl

    months = _month_index(end) - _month_index(start)
    # The corresponding day in end's month, clamped to its last day, falls after end.
    corresponding = pl.min_horizontal(start.dt.day(), end.dt.month_end().dt.day())
    short = (corresponding > end.dt.day()).cast(int)
    return pl.when(end <= start).then(pl.lit(0, pl.Int64)).otherwise(months - short)


def whole_years_between(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    return whole_months_between(start, end) // 12


def whole_days_between(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    return (end - start).dt.total_days().cast(int)


def add_months(day: pl.Expr, months: pl.Expr) -> pl.Expr:
    """The corresponding date ``months`` later, clamped to the last day of its month."""
    import polars as pl

    index = _month_index(day) + months
    first = pl.date(index // 12, index % 12 + 1, 1)
    last_day = first.dt.month_end().dt.day().cast(int)
    day_of_month = pl.min_horizontal(day.dt.day().cast(int), last_day)
    return first + pl.duration(days=day_of_month - 1)


def add_years(day: pl.Expr, years: pl.Expr) -> pl.Expr:
    return add_months(day, years * 12)


def add_days(day: pl.Expr, days: pl.Expr) -> pl.Expr:
    import polars as pl

    return day + pl.duration(days=days)
