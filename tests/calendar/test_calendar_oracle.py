"""The calendar agrees with ``dateutil.relativedelta`` (the oracle DESIGN names, 民法典 §§200–203).

Every start date from 1900-01-01 to 2100-12-31 is checked, each with a seeded random offset of
0…600 months; every offset 0…600 is checked from every day 29, 30, 31 and Feb 28 of three
years whose 50-year spans hold every kind of February (1900, 2000, 2060: targets up to 2110,
with the common century years 1900 and 2100 and the leap century 2000); every offset 0…12
from every day of a common and a leap year. ``whole_months_between`` and ``covered_months``
are checked against oracles built on relativedelta. The checks are stratified so the file runs
in a few seconds: the cases that differ (days 29–31, February, century years) are covered
exhaustively, the plain days by sampling — a day ≤ 28 exists in every month, so its result
cannot depend on clamping.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from zyjob_rules.calendar import (
    add_months,
    add_years,
    covered_months,
    days_in_month,
    whole_months_between,
    whole_years_between,
)

FIRST, LAST = date(1900, 1, 1), date(2100, 12, 31)
MAX_OFFSET = 600
OFFSETS = [relativedelta(months=n) for n in range(MAX_OFFSET + 1)]
# Start years whose 0…600-month spans reach every kind of February (see the module docstring).
CLAMP_YEARS = (1900, 2000, 2060)


def every_day(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def month_ends_and_leap_days(years: tuple[int, ...]) -> list[date]:
    """Every day 29…31 of ``years``, and Feb 28: the starts whose day can be clamped."""
    return [
        date(y, m, d)
        for y in years
        for m in range(1, 13)
        for d in range(28 if m == 2 else 29, days_in_month(y, m) + 1)
    ]


def oracle_months_between(start: date, end: date) -> int:
    """relativedelta's own difference: the largest n with start + n months <= end."""
    if end <= start:
        return 0
    rd = relativedelta(end, start)
    return rd.years * 12 + rd.months


def oracle_covered(periods: list[tuple[date, date | None]], until: date) -> int:
    """Month by month: merge the periods' days, then count each merged span with relativedelta."""
    spans = sorted(
        (first, min(last if last is not None else until, until) + timedelta(days=1))
        for first, last in periods
    )
    merged: list[list[date]] = []
    for first, stop in spans:
        if stop <= first:
            continue
        if merged and first <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], stop)
        else:
            merged.append([first, stop])
    return sum(oracle_months_between(a, b) for a, b in merged)


def test_days_in_month_matches_the_date_type() -> None:
    for year in range(FIRST.year, LAST.year + 1):
        for month in range(1, 13):
            nxt = date(year + (month == 12), month % 12 + 1, 1)
            assert days_in_month(year, month) == (nxt - timedelta(days=1)).day


def test_every_start_date_with_sampled_offsets() -> None:
    """All 73,414 start dates 1900–2100, a seeded offset 0…600 each."""
    rng = random.Random(20171212)
    days = every_day(FIRST, LAST)
    assert len(days) == 73414
    for day in days:
        n = rng.randrange(MAX_OFFSET + 1)
        assert add_months(day, n) == day + OFFSETS[n], (day, n)


def test_every_offset_from_month_ends_and_leap_days() -> None:
    starts = month_ends_and_leap_days(CLAMP_YEARS)
    assert date(2000, 2, 29) in starts and date(1900, 2, 28) in starts
    assert date(2060, 2, 29) in starts and date(2060, 1, 28) not in starts  # 2060 is a leap year
    for day in starts:
        for n, rd in enumerate(OFFSETS):
            assert add_months(day, n) == day + rd, (day, n)


def test_every_day_of_a_common_and_a_leap_year_for_a_year_of_offsets() -> None:
    for day in every_day(date(2019, 1, 1), date(2020, 12, 31)):
        for n in range(13):
            assert add_months(day, n) == day + OFFSETS[n], (day, n)


def test_negative_offsets_and_years() -> None:
    rng = random.Random(5)
    for _ in range(2000):
        day = FIRST + timedelta(days=rng.randrange((LAST - FIRST).days + 1))
        n = rng.randrange(-600, 601)
        if date(1900, 1, 1) <= day + relativedelta(months=n) <= LAST:
            assert add_months(day, n) == day + relativedelta(months=n), (day, n)
        y = rng.randrange(0, 51)
        assert add_years(day, y) == day + relativedelta(years=y), (day, y)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2017, 8, 31), date(2018, 2, 27), 5),
        (date(2017, 8, 31), date(2018, 2, 28), 6),  # Aug 31 + 6 months = Feb 28
        (date(2019, 8, 31), date(2020, 2, 28), 5),  # a leap year: Feb 29
        (date(2019, 8, 31), date(2020, 2, 29), 6),
        (date(2018, 1, 31), date(2018, 2, 28), 1),
        (date(2018, 3, 15), date(2018, 3, 1), 0),
        (date(2018, 3, 15), date(2018, 3, 15), 0),
    ],
)
def test_whole_months_legal_examples(start: date, end: date, months: int) -> None:
    assert whole_months_between(start, end) == months == oracle_months_between(start, end)


def test_whole_months_between_against_relativedelta() -> None:
    """Month ends and leap days to every day of a four-year window; random pairs 1900–2100."""
    ends = every_day(date(2019, 1, 1), date(2021, 3, 31))
    for start in month_ends_and_leap_days((2019,)):
        for end in ends[::5]:
            assert whole_months_between(start, end) == oracle_months_between(start, end)
    rng = random.Random(1259)
    span = (LAST - FIRST).days + 1
    for _ in range(8000):
        start = FIRST + timedelta(days=rng.randrange(span))
        end = start + timedelta(days=rng.randrange(-40, 18300))
        expected = oracle_months_between(start, end)
        assert whole_months_between(start, end) == expected, (start, end)
        assert whole_years_between(start, end) == expected // 12
        # the defining property: the largest n with add_months(start, n) <= end
        if end > start:
            assert add_months(start, expected) <= end < add_months(start, expected + 1)


def test_covered_months_against_relativedelta() -> None:
    rng = random.Random(200)
    base = date(2010, 1, 1)
    for _ in range(2000):
        periods: list[tuple[date, date | None]] = []
        for _ in range(rng.randrange(0, 5)):
            first = base + timedelta(days=rng.randrange(3650))
            last = None if rng.random() < 0.2 else first + timedelta(days=rng.randrange(-5, 1500))
            periods.append((first, last))
        until = base + timedelta(days=rng.randrange(4000))
        assert covered_months(periods, until) == oracle_covered(periods, until), (periods, until)
