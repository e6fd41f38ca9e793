"""The assessment date (as-of) of a decision: today in Ziyang, and dates given in other shapes.

The policy is Ziyang's, so "today" is the calendar day in China (Asia/Shanghai, UTC+8 all year):
a server running on UTC must not decide "as of yesterday" before 08:00 Beijing time. Zone data
comes from the system (or the ``tzdata`` package); China has kept UTC+8 without daylight saving
since 1991, so a fixed offset is an exact fallback when neither is installed.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo

POLICY_ZONE_NAME = "Asia/Shanghai"
POLICY_START = date(2017, 12, 12)
"""The day the 2017 implementing opinion took effect: before it no rule of it is in force."""

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
"""Plausibility bounds of every date in a case and of an as-of date (birth dates included)."""

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def policy_zone() -> tzinfo:
    """Asia/Shanghai, or UTC+8 when no zone data is installed."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(POLICY_ZONE_NAME)
    except Exception:
        return timezone(timedelta(hours=8), "CST")


def today() -> date:
    """Today's date in Ziyang (Asia/Shanghai), whatever the server's zone."""
    return datetime.now(policy_zone()).date()


def to_date(value: date | datetime) -> date:
    """A plain date: a datetime with a zone is read in Asia/Shanghai, a naive one as it is."""
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            return value.astimezone(policy_zone()).date()
        return value.date()
    return value


def as_of_date(value: date | datetime | str | None, fallback: date | None = None) -> date:
    """The as-of date of ``value`` (a date, a datetime or ``YYYY-MM-DD``); None gives
    ``fallback``, else today in Ziyang. ValueError for text that is no date, or a date outside
    EARLIEST_DATE..LATEST_DATE.
    """
    if value is None:
        day = fallback if fallback is not None else today()
    elif isinstance(value, str):
        if not ISO_DATE.fullmatch(value):
            raise ValueError(f"not a date YYYY-MM-DD: {value!r}")
        day = date.fromisoformat(value)
    else:
        day = to_date(value)
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(
            f"as-of date {day.isoformat()} is outside {EARLIEST_DATE.isoformat()}"
            f"..{LATEST_DATE.isoformat()}")
    return day
