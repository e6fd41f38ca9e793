"""Helpers called by generated rule code: three-valued logic where a value may be missing.

``None`` stands for a missing fact. Kleene logic: ``False and missing`` is False, ``True or
missing`` is True; anything else that touches a missing value is missing. Arithmetic errors
(division by zero) raise EvaluationError: a rule that cannot compute never answers "no".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal
from enum import Enum
from typing import Any

from ...calendar import (
    add_months,
    add_years,
    covered_months,
    whole_days_between,
    whole_months_between,
    whole_years_between,
)
from ...errors import EvaluationError as EvaluationError
from ...money import FEN


def kand(values: Sequence[bool | None]) -> bool | None:
    if False in values:
        return False
    return None if None in values else True


def kor(values: Sequence[bool | None]) -> bool | None:
    if True in values:
        return True
    return None if None in values else False


def knot(v: bool | None) -> bool | None:
    return None if v is None else not v


def eq(a: Any, b: Any) -> bool | None:
    return None if a is None or b is None else a == b


def ne(a: Any, b: Any) -> bool | None:
    return None if a is None or b is None else a != b


def lt(a: Any, b: Any) -> bool | None:
    return None if a is None or b is None else a < b


def le(a: Any, b: Any) -> bool | None:
    return None if a is None or b is None else a <= b


def gt(a: Any, b: Any) -> bool | None:
    return None if a is None or b is None else a > b


def ge(a: Any, b: Any) -> bool | None:
    return None if a is None or b is None else a >= b


COMPARE = {"==": eq, "!=": ne, "<": lt, "<=": le, ">": gt, ">=": ge}


def count_compare(op: str, conds: Iterable[bool | None], n: Any) -> bool | None:
    """``count(… if cond) <op> n`` on the interval of possible counts.

    ``lo`` items surely pass, ``lo + unknown`` at most; the comparison is decided when it comes
    out the same at both ends (e.g. ``>= 3`` with three sure items holds whatever the unknown
    ones are), and is unknown otherwise.
    """
    if n is None:
        return None
    lo = unknown = 0
    for c in conds:
        if c is None:
            unknown += 1
        elif c:
            lo += 1
    hi = lo + unknown
    if op in ("==", "!="):
        equal = True if lo == hi == n else (False if n < lo or n > hi else None)
        return equal if op == "==" else knot(equal)
    # <, <=, >, >= are monotone in the count: the same answer at both ends holds in between.
    at_lo, at_hi = COMPARE[op](lo, n), COMPARE[op](hi, n)
    return at_lo if at_lo == at_hi else None


def isin(a: Any, options: frozenset[Any]) -> bool | None:
    return None if a is None else a in options


def notin(a: Any, options: frozenset[Any]) -> bool | None:
    return None if a is None else a not in options


def add(a: Any, b: Any) -> Any:
    return None if a is None or b is None else a + b


def sub(a: Any, b: Any) -> Any:
    return None if a is None or b is None else a - b


def mul(a: Any, b: Any) -> Any:
    return None if a is None or b is None else a * b


def div(a: Any, b: Any) -> Decimal | None:
    if a is None or b is None:
        return None
    if b == 0:
        raise EvaluationError(f"division by zero ({a} / {b})")
    return Decimal(a) / Decimal(b)


def neg(a: Any) -> Any:
    return None if a is None else -a


def attr(obj: Any, name: str) -> Any:
    return None if obj is None else getattr(obj, name)


def months(a: date | None, b: date | None) -> int | None:
    return None if a is None or b is None else whole_months_between(a, b)


def years(a: date | None, b: date | None) -> int | None:
    return None if a is None or b is None else whole_years_between(a, b)


def days(a: date | None, b: date | None) -> int | None:
    return None if a is None or b is None else whole_days_between(a, b)


DURATION = {"months_between": months, "years_between": years, "days_between": days}


def plus_days(d: date, n: int) -> date:
    return d + timedelta(days=n)


# The date a duration of n units from d is complete, per duration function.
SHIFT: dict[str, Callable[[date, int], date]] = {
    "months_between": add_months,
    "years_between": add_years,
    "days_between": plus_days,
}


def plus_months(d: date | None, n: int | None) -> date | None:
    return None if d is None or n is None else add_months(d, n)


def plus_years(d: date | None, n: int | None) -> date | None:
    return None if d is None or n is None else add_years(d, n)


def plus_days_k(d: date | None, n: int | None) -> date | None:
    """``add_days``: the date ``n`` days after ``d`` (missing when either is missing).

    Clamped to the calendar's ends: the day after 9999-12-31 (a period that never ends) is
    still later than any assessment date.
    """
    if d is None or n is None:
        return None
    try:
        return d + timedelta(days=n)
    except OverflowError:
        return date.max if n > 0 else date.min


def floor_fen(x: Any) -> Decimal | None:
    """``floor_fen``: round down to the fen, for ceilings (不超过) that must not be exceeded."""
    return None if x is None else Decimal(x).quantize(FEN, rounding=ROUND_FLOOR)


def year(d: date | None) -> int | None:
    return None if d is None else d.year


def coalesce(a: Any, b: Any) -> Any:
    return b if a is None else a


def kmin(values: Sequence[Any]) -> Any:
    return None if None in values or not values else min(values)


def kmax(values: Sequence[Any]) -> Any:
    return None if None in values or not values else max(values)


def covered(periods: Iterable[Any], until: date | None) -> int | None:
    if until is None:
        return None
    return covered_months([(p.start, p.end) for p in periods], until)


def category_of(fn: Callable[..., bool | None], subject: Any, path: Any, x: Any) -> bool | None:
    """A derived category of a subject that may be missing: unknown without a subject."""
    return None if subject is None else fn(subject, path, x)


def pkey(value: Any, key: Any) -> Any:
    """A keyed parameter's value for ``key`` (None: unset or missing key)."""
    if value is None or key is None:
        return None
    return value.get(key.value if isinstance(key, Enum) else key)


# -- aggregates over (condition, element) pairs; condition True when there is no filter ----
def agg_count(conds: Iterable[bool | None]) -> int | None:
    total = 0
    for c in conds:
        if c is None:
            return None
        total += c
    return total


def agg_sum(pairs: Iterable[tuple[bool | None, Any]]) -> Any:
    total: Any = 0
    for c, v in pairs:
        if c is None or (c and v is None):
            return None
        if c:
            total += v
    return total


def agg_any(pairs: Iterable[tuple[bool | None, bool | None]]) -> bool | None:
    return kor([kand((c, v)) for c, v in pairs])


def agg_all(pairs: Iterable[tuple[bool | None, bool | None]]) -> bool | None:
    return kand([kor((knot(c), v)) for c, v in pairs])


def agg_first(pairs: Iterable[tuple[bool | None, Any]]) -> Any:
    for c, v in pairs:
        if c is None:
            return None
        if c:
            return v
    return None


def _chosen(pairs: Iterable[tuple[bool | None, Any]]) -> list[Any] | None:
    """The elements whose filter holds; None when a filter is unknown."""
    chosen = []
    for c, v in pairs:
        if c is None:
            return None
        if c:
            chosen.append(v)
    return chosen


def agg_min(pairs: Iterable[tuple[bool | None, Any]]) -> Any:
    chosen = _chosen(pairs)
    return None if chosen is None else kmin(chosen)


def agg_max(pairs: Iterable[tuple[bool | None, Any]]) -> Any:
    chosen = _chosen(pairs)
    return None if chosen is None else kmax(chosen)


AGGREGATE = {
    "count": agg_count,
    "sum": agg_sum,
    "any": agg_any,
    "all": agg_all,
    "first": agg_first,
    "min": agg_min,
    "max": agg_max,
}


def kany(values: Iterable[bool | None]) -> bool | None:
    """Three-valued ``any``, stopping at the first True (generated code passes a generator)."""
    unknown = False
    for v in values:
        if v:
            return True
        if v is None:
            unknown = True
    return None if unknown else False


def kall(values: Iterable[bool | None]) -> bool | None:
    """Three-valued ``all``, stopping at the first False."""
    unknown = False
    for v in values:
        if v is False:
            return False
        if v is None:
            unknown = True
    return None if unknown else True


ZERO = Decimal(0)


class _NotApplicable:
    """What a straight-line rule function returns when the rule's scope surely does not hold."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NOT_APPLICABLE"


NOT_APPLICABLE = _NotApplicable()

NOT_KNOWN = object()  # Tracer.known_category: this category is not yet traced for the subject
