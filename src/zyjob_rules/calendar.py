"""Legal period arithmetic (民法典 §§200–203) and the as-of relative years.

A period of N months starts the day after the start date and ends on the corresponding date N
months later; where that month has no such day, on its last day. So a hire on Aug 31 has worked
6 whole months on Feb 28 (Feb 29 in a leap year):

>>> add_months(date(2017, 8, 31), 6)
datetime.date(2018, 2, 28)
>>> add_months(date(2019, 8, 31), 6)
datetime.date(2020, 2, 29)
>>> whole_months_between(date(2017, 8, 31), date(2018, 2, 27))
5
>>> whole_months_between(date(2017, 8, 31), date(2018, 2, 28))
6
>>> whole_months_between(date(2018, 1, 31), date(2018, 7, 31))
6
>>> whole_years_between(date(2015, 3, 1), date(2018, 3, 1))
3

``whole_months_between(a, b)`` is by construction the largest n with ``add_months(a, n) <= b``,
so the date a duration threshold is first reached is exactly ``add_months(a, n)``.
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

__all__ = [
    "add_months",
    "add_years",
    "covered_months",
    "whole_days_between",
    "whole_months_between",
    "whole_years_between",
]


def add_months(start: date, months: int) -> date:
    """The corresponding date ``months`` later, clamped to the month's last day (民法典 §202)."""
    return start + relativedelta(months=months)


def add_years(start: date, years: int) -> date:
    """The corresponding date ``years`` later; Feb 29 maps to Feb 28 in a common year."""
    return start + relativedelta(years=years)


def whole_months_between(start: date, end: date) -> int:
    """Whole months elapsed from ``start`` to ``end`` (0 if ``end`` is not after ``start``).

    >>> whole_months_between(date(2018, 1, 31), date(2018, 2, 28))
    1
    >>> whole_months_between(date(2018, 3, 15), date(2018, 3, 1))
    0
    """
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + (end.month - start.month)
    # relativedelta clamps to month end, so this is the largest n with add_months(start, n) <= end.
    while months > 0 and add_months(start, months) > end:
        months -= 1
    return months


def whole_years_between(start: date, end: date) -> int:
    """Whole years elapsed from ``start`` to ``end``; an age is ``whole_years_between(birth, day)``.

    >>> whole_years_between(date(2000, 2, 29), date(2018, 2, 28))
    18
    """
    return whole_months_between(start, end) // 12


def whole_days_between(start: date, end: date) -> int:
    """Days from ``start`` to ``end`` (negative if ``end`` precedes ``start``)."""
    return (end - start).days


def covered_months(periods: list[tuple[date, date | None]], until: date) -> int:
    """Cumulative whole months covered by contribution periods, counted up to ``until``.

    Each period is (first day, last day inclusive or None while ongoing). A period's months are
    ``whole_months_between(first day, last day + 1)``: Jan 1 – Dec 31 is 12 months. Overlapping
    periods are merged first so a month is never counted twice.

    >>> covered_months([(date(2015, 1, 1), date(2017, 12, 31))], date(2020, 1, 1))
    36
    >>> covered_months([(date(2015, 1, 1), date(2017, 11, 30))], date(2020, 1, 1))
    35
    >>> covered_months([(date(2015, 1, 1), None)], date(2017, 12, 31))
    36
    >>> overlapping = [(date(2015, 1, 1), date(2015, 12, 31)),
    ...                (date(2015, 7, 1), date(2016, 6, 30))]
    >>> covered_months(overlapping, date(2020, 1, 1))
    18
    """
    spans: list[tuple[date, date]] = []
    for first, last in periods:
        stop = min(last if last is not None else until, until) + timedelta(days=1)
        if stop > first:
            spans.append((first, stop))
    spans.sort()
    merged: list[tuple[date, date]] = []
    for first, stop in spans:
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
        else:
            merged.append((first, stop))
    return sum(whole_months_between(first, stop) for first, stop in merged)
