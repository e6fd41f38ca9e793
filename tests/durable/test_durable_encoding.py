"""Typed fact values and the pattern algebra: pure Python, no durable_rules needed."""

from __future__ import annotations

import operator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zyjob_rules.engine.durable.conditions import interval_compare
from zyjob_rules.engine.durable.encoding import (
    SCALE,
    encode_scalar,
    enum_text,
    epoch_days,
    fnv1a_32,
    hex_text,
    scaled,
)
from zyjob_rules.engine.durable.errors import FactEncodingError
from zyjob_rules.engine.durable.patterns import (
    ALWAYS,
    NEVER,
    AllOf,
    AnyOf,
    Leaf,
    MRef,
    Pat,
    all_of,
    any_of,
    compare,
    to_json,
)

PY = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
      ">": operator.gt, ">=": operator.ge}


def holds(p: Pat, fact: dict[str, Any]) -> bool:
    """How durable matches a pattern on one fact: a test on a missing property fails."""
    if p is ALWAYS:
        return True
    if p is NEVER:
        return False
    if isinstance(p, AllOf):
        return all(holds(q, fact) for q in p.parts)
    if isinstance(p, AnyOf):
        return any(holds(q, fact) for q in p.parts)
    assert isinstance(p, Leaf)
    if p.op == "exists":
        return p.prop in fact
    if p.op == "missing":
        return p.prop not in fact
    if p.prop not in fact:
        return False
    right = p.value
    if isinstance(right, MRef):
        if right.prop not in fact:
            return False
        right = fact[right.prop]
    return bool(PY[p.op](fact[p.prop], right))


def test_dates_are_epoch_days() -> None:
    assert epoch_days(date(1970, 1, 1)) == 0
    assert epoch_days(date(2017, 12, 12)) == 17512
    assert encode_scalar("date", date(1969, 12, 31)) == -1


def test_decimals_are_scaled_with_floor_and_ceiling() -> None:
    assert SCALE == 10_000
    assert scaled(Decimal("0.70")) == (7000, 7000)  # a rate in basis points
    assert scaled(Decimal("100000.01")) == (1_000_000_100, 1_000_000_100)  # a fen is 100
    assert scaled(Decimal(1) / Decimal(3)) == (3333, 3334)
    assert scaled(Decimal(-1) / Decimal(3)) == (-3334, -3333)
    assert scaled(7) == (70000, 70000)


@pytest.mark.parametrize(
    ("encoding", "value"),
    [("int", True), ("int", Decimal(1)), ("int", 2**63), ("bool", 1), ("date", "2017-01-01"),
     ("str", 3), ("enum", 3)],
)
def test_values_of_the_wrong_type_are_refused(encoding: Any, value: Any) -> None:
    with pytest.raises(FactEncodingError):
        encode_scalar(encoding, value)


def test_dec_refuses_non_numbers_and_infinities() -> None:
    for bad in (True, "1", 1.5, Decimal("Infinity"), Decimal(10) ** 20):
        with pytest.raises(FactEncodingError):
            scaled(bad)  # type: ignore[arg-type]


@given(st.text(), st.text())
def test_hex_text_keeps_equality_and_order(a: str, b: str) -> None:
    ha, hb = hex_text(a), hex_text(b)
    assert (ha == hb) == (a == b)
    assert (ha < hb) == (a < b)
    assert set(ha) <= set("0123456789abcdef")


@given(st.text(), st.text())
def test_enum_text_is_injective(a: str, b: str) -> None:
    assert (enum_text(a) == enum_text(b)) == (a == b)


def test_enum_values_stay_readable() -> None:
    assert encode_scalar("enum", "labor_contract") == "labor_contract"
    assert enum_text("a b") == "~" + b"a b".hex()


def test_fnv1a_is_durables_hash() -> None:
    # Constants from durable_rules 2.0.28: rete.c (HASH_ALL, HASH_LT, HASH_M) and state.h.
    assert fnv1a_32("all") == 321211332
    assert fnv1a_32("$lt") == 542787579
    assert fnv1a_32("$m") == 1690058490
    assert fnv1a_32("sid") == 3593476751
    assert fnv1a_32("id") == 926444256


def test_constant_folding_and_flattening() -> None:
    assert compare(1, "<", 2) is ALWAYS
    assert compare("a", "==", "b") is NEVER
    assert compare(3, "<", MRef("x")) == Leaf(">", "x", 3)
    assert all_of() is ALWAYS and any_of() is NEVER
    assert all_of(ALWAYS, Leaf("==", "a", 1)) == Leaf("==", "a", 1)
    assert any_of(NEVER, ALWAYS) is ALWAYS
    nested = all_of(all_of(Leaf("==", "a", 1), Leaf("==", "b", 2)), Leaf("==", "a", 1))
    assert to_json(nested) == {"$and": [{"a": 1}, {"b": 2}]}


def test_comparing_two_properties_guards_the_right_one() -> None:
    # durable evaluates {"$lt": {"a": {"$m": "b"}}} on garbage when b is missing.
    pat = compare(MRef("a"), "<", MRef("b"))
    assert to_json(pat) == {"$and": [{"$ex": {"b": 1}}, {"$lt": {"a": {"$m": "b"}}}]}


EXACT = st.integers(-10**6, 10**6).map(lambda n: Decimal(n) / 100)
RATIO = st.tuples(st.integers(-10**5, 10**5), st.integers(1, 997)).map(
    lambda t: Decimal(t[0]) / Decimal(t[1])
)
NUMBERS = st.one_of(EXACT, RATIO, st.integers(-1000, 1000).map(Decimal))


@given(NUMBERS, NUMBERS, st.sampled_from(sorted(PY)), st.booleans())
def test_interval_comparisons_are_sound_and_exact_when_one_side_is(
    x: Decimal, y: Decimal, op: str, constant: bool
) -> None:
    xl, xh = scaled(x)
    yl, yh = scaled(y)
    fact: dict[str, Any] = {"xl": xl, "xh": xh}
    left = (MRef("xl"), MRef("xh"))
    right: tuple[Any, ...]
    if constant:
        right = (yl, yh)
    else:
        fact.update(yl=yl, yh=yh)
        right = (MRef("yl"), MRef("yh"))
    t, f = interval_compare(op, left, right)
    truth = PY[op](x, y)
    if holds(t, fact):
        assert truth
    if holds(f, fact):
        assert not truth
    both_inexact = xl != xh and yl != yh
    if not both_inexact:
        assert holds(t, fact) != holds(f, fact)
    assert not (holds(t, {}) or holds(f, {}))  # a missing side decides nothing
