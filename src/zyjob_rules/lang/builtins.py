"""The one table of the language's built-in functions, read by the checker and every backend.

Each entry says what a function takes and returns, which family it belongs to (a duration, a
date shift, an aggregate, ...), whether it reads the evaluation date, and for durations the
calendar unit and the shift that inverts them (``months_between`` ↔ ``add_months``), which
``eligible_from`` uses to find the day a duration is complete. A backend looks its functions up
here instead of keeping its own list, so a new built-in is added in one place.

This module is data only: it imports nothing of the library.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

Family = Literal["duration", "date_shift", "scalar", "aggregate", "special"]
Unit = Literal["months", "years", "days"]


@dataclass(frozen=True)
class Builtin:
    """One built-in function of the rule language."""

    name: str
    family: Family
    signature: str  # as a rule author reads it; "..." marks a repeatable argument
    min_args: int
    max_args: int
    doc_en: str
    doc_zh: str
    # Also usable as ``fn(elem for x in items if cond)`` (count, sum, any, all, first, min, max).
    aggregate: bool = False
    # Index of an optional argument that defaults to the evaluation date: called without it,
    # the function reads as_of (``covered_months(periods)`` counts months up to as_of).
    as_of_default_arg: int | None = None
    unit: Unit | None = None  # durations: the calendar unit counted
    shift: str | None = None  # durations: the calendar shift adding this unit (add_months, ...)

    def reads_as_of(self, arg_count: int) -> bool:
        """Whether a call with ``arg_count`` arguments depends on the evaluation date."""
        return self.as_of_default_arg is not None and arg_count <= self.as_of_default_arg


_TABLE = (
    Builtin(
        "months_between", "duration", "months_between(start: date, end: date) -> int", 2, 2,
        "whole calendar months from start to end", "两日期间的整月数",
        unit="months", shift="add_months",
    ),
    Builtin(
        "years_between", "duration", "years_between(start: date, end: date) -> int", 2, 2,
        "whole years from start to end (age, years of operation)", "两日期间的整年数",
        unit="years", shift="add_years",
    ),
    Builtin(
        "days_between", "duration", "days_between(start: date, end: date) -> int", 2, 2,
        "days from start to end", "两日期间的天数",
        unit="days", shift="add_days",
    ),
    Builtin(
        "add_months", "date_shift", "add_months(day: date, n: int) -> date", 2, 2,
        "the day n calendar months later (Aug 31 + 6 months = Feb 28)", "若干个月后的日期",
    ),
    Builtin(
        "add_years", "date_shift", "add_years(day: date, n: int) -> date", 2, 2,
        "the day n years later (Feb 29 + 1 year = Feb 28)", "若干年后的日期",
    ),
    Builtin(
        "add_days", "date_shift", "add_days(day: date, n: int) -> date", 2, 2,
        "the day n days later", "若干天后的日期",
    ),
    Builtin(
        "floor_fen", "scalar", "floor_fen(amount: number) -> decimal", 1, 1,
        "an amount rounded down to the fen (for ceilings)", "金额向下取整到分（用于上限）",
    ),
    Builtin("year", "scalar", "year(day: date) -> int", 1, 1, "the year of a date", "日期的年份"),
    Builtin(
        "date", "special", 'date("YYYY-MM-DD") -> date', 1, 1,
        "a date written in the rule (a literal)", "规则中写明的日期",
    ),
    Builtin(
        "coalesce", "scalar", "coalesce(value, fallback) -> same type", 2, 2,
        "value, or fallback where value is missing", "缺失时取替代值",
    ),
    Builtin(
        "exists", "scalar", "exists(value) -> bool", 1, 1,
        "whether a fact is known (never unknown itself)", "该事实是否已知",
    ),
    Builtin("len", "scalar", "len(items: list) -> int", 1, 1, "the number of items", "项目数"),
    Builtin(
        "covered_months", "scalar", "covered_months(periods: list[period], until: date = as_of)"
        " -> int", 1, 2,
        "calendar months covered by insurance periods, up to until (default: as_of)",
        "截至某日参保覆盖的月数（默认截至判定日）",
        as_of_default_arg=1,
    ),
    Builtin(
        "param", "special", 'param("id"[, key]) -> the parameter\'s type', 1, 2,
        "the value of a policy parameter in force on as_of", "判定日有效的政策参数值",
    ),
    Builtin(
        "min", "scalar", "min(a, b, ...) -> number or date", 2, 8,
        "the smallest value (missing if any is missing)", "最小值", aggregate=True,
    ),
    Builtin(
        "max", "scalar", "max(a, b, ...) -> number or date", 2, 8,
        "the largest value (missing if any is missing)", "最大值", aggregate=True,
    ),
    Builtin(
        "count", "aggregate", "count(x for x in items if cond) -> int", 1, 1,
        "how many items pass the filter", "满足条件的项目数", aggregate=True,
    ),
    Builtin(
        "sum", "aggregate", "sum(amount for x in items if cond) -> number", 1, 1,
        "the total over the items that pass", "合计", aggregate=True,
    ),
    Builtin(
        "any", "aggregate", "any(cond for x in items) -> bool", 1, 1,
        "whether some item passes", "是否存在满足条件的项目", aggregate=True,
    ),
    Builtin(
        "all", "aggregate", "all(cond for x in items) -> bool", 1, 1,
        "whether every item passes", "是否所有项目均满足条件", aggregate=True,
    ),
    Builtin(
        "first", "aggregate", "first(x for x in items if cond) -> item or missing", 1, 1,
        "the first item that passes, missing if none", "第一个满足条件的项目", aggregate=True,
    ),
)

BUILTINS: Mapping[str, Builtin] = MappingProxyType({b.name: b for b in _TABLE})
"""Every built-in function by name."""

FUNCTION_NAMES: frozenset[str] = frozenset(BUILTINS)
AGGREGATES: frozenset[str] = frozenset(b.name for b in _TABLE if b.aggregate)
DURATIONS: frozenset[str] = frozenset(b.name for b in _TABLE if b.family == "duration")
DATE_SHIFTS: frozenset[str] = frozenset(b.name for b in _TABLE if b.family == "date_shift")


def builtin(name: str) -> Builtin:
    """The entry of ``name``; KeyError if it is no built-in."""
    return BUILTINS[name]


def is_duration(name: str) -> bool:
    return name in DURATIONS


__all__ = [
    "AGGREGATES",
    "BUILTINS",
    "DATE_SHIFTS",
    "DURATIONS",
    "FUNCTION_NAMES",
    "Builtin",
    "builtin",
    "is_duration",
]
