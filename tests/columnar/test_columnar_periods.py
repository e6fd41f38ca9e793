"""Month arithmetic and money on columns equal calendar.py and money.py exactly."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import polars as pl

from zyjob_rules.calendar import add_months, whole_days_between, whole_months_between
from zyjob_rules.engine.columnar import periods
from zyjob_rules.engine.columnar.expressions import Val
from zyjob_rules.engine.columnar.rules import fen
from zyjob_rules.money import round_fen


def test_whole_months_and_add_months_equal_the_calendar() -> None:
    rng = random.Random(11)
    base = date(1900, 1, 1)
    starts, ends, shifts = [], [], []
    # Month ends and leap days on purpose, then random pairs 1900–2100.
    fixed = [date(2017, 8, 31), date(2019, 8, 31), date(2000, 2, 29), date(2018, 1, 31)]
    for _ in range(4000):
        a = rng.choice(fixed) if rng.random() < 0.2 else base + timedelta(rng.randrange(73000))
        starts.append(a)
        ends.append(a + timedelta(rng.randrange(-60, 3000)))
        shifts.append(rng.randrange(-30, 130))
    df = pl.DataFrame({"a": starts, "b": ends, "n": shifts})
    got = df.select(
        periods.whole_months_between(pl.col("a"), pl.col("b")).alias("m"),
        periods.whole_years_between(pl.col("a"), pl.col("b")).alias("y"),
        periods.whole_days_between(pl.col("a"), pl.col("b")).alias("d"),
        periods.add_months(pl.col("a"), pl.col("n")).alias("s"),
    )
    for (a, b, n), (m, y, d, s) in zip(df.iter_rows(), got.iter_rows(), strict=True):
        assert m == whole_months_between(a, b), (a, b)
        assert y == whole_months_between(a, b) // 12
        assert d == whole_days_between(a, b)
        assert s == add_months(a, n), (a, n)


def test_fen_rounds_half_up_like_round_fen() -> None:
    values = [7000035, -7000035, 7000034, 5, -5, 15, 0, 123456789]
    scale = 3
    got = pl.DataFrame({"v": values}).select(fen(Val(pl.col("v"), scale)).alias("f"))["f"]
    for v, f in zip(values, got, strict=True):
        assert f == int(round_fen(Decimal(v).scaleb(-scale)) * 100), v
