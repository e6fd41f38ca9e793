"""``screen(..., backend="columnar")`` gives the scalar screen's results, in order, in batches."""

from __future__ import annotations

import json
from datetime import date

import pytest

from zyjob_rules.screening import screen
from zyjob_rules.screening.synth import synth_rows


def summary(results):  # type: ignore[no-untyped-def]
    out = []
    for r in results:
        if not r.ok:
            out.append((r.index, r.case_id, [p.path for p in r.problems]))
            continue
        out.append(
            (
                r.index,
                r.case_id,
                [
                    (d.rule_id, d.subject, d.outcome, d.amount, d.eligible_from, tuple(d.missing),
                     d.amount_reason_zh, tuple(d.notes))
                    for d in r.decisions
                ],
            )
        )
    return out


def test_columnar_screen_equals_the_scalar_screen() -> None:
    rows: list[object] = [*synth_rows("person", 30, seed=5), *synth_rows("enterprise", 30, seed=5)]
    rows.insert(7, {"applicant": {"kind": "person", "birth_date": "not a date"}})
    rows.insert(30, "{not json")
    rows.insert(31, json.dumps(rows[0]))
    scalar = summary(screen(rows, "2018-06-30"))
    columnar = list(screen(rows, "2018-06-30", backend="columnar"))
    assert summary(columnar) == scalar
    assert [r.index for r in columnar] == list(range(len(rows)))
    assert columnar[0].report is not None and columnar[0].report.stamp.backend == "columnar"
    assert not columnar[7].ok and not columnar[30].ok


def test_each_case_its_own_date() -> None:
    rows = list(synth_rows("enterprise", 24, seed=9))
    for i, r in enumerate(rows):
        r["as_of"] = ["2018-03-01", "2019-07-15", "2020-12-31"][i % 3]
    assert summary(screen(rows, None, backend="columnar")) == summary(screen(rows, None))


def test_small_batches_keep_input_order() -> None:
    from zyjob_rules.engine.columnar.screen import screen_columnar
    from zyjob_rules.screening.core import Screener

    rows = list(synth_rows("person", 15, seed=2))
    results = list(screen_columnar(Screener(None), rows, date(2018, 6, 30), batch_size=7))
    assert [r.index for r in results] == list(range(15))
    assert summary(results) == summary(screen(rows, "2018-06-30"))


def test_unknown_backend_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown backend"):
        screen([], "2018-06-30", backend="spark")
