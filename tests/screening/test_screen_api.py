"""``zyjob_rules.screen``: lazy, in input order, agrees with ``evaluate``, survives bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from screen_helpers import AS_OF

from zyjob_rules import Case, evaluate, load_ruleset, screen
from zyjob_rules.screening import Screener, Summary, synth_rows


def test_a_generator_input_is_consumed_lazily() -> None:
    read: list[int] = []

    def source() -> Iterator[dict[str, Any]]:
        for i, row in enumerate(synth_rows("person", 50, seed=3)):
            read.append(i)
            yield row

    results = screen(source(), AS_OF)
    assert read == []  # nothing is read before the first result is asked for
    first = next(results)
    assert first.index == 0 and first.ok
    assert read == [0]  # the first result comes before the second case is read
    second = next(results)
    assert second.index == 1 and read == [0, 1]
    assert len(list(results)) == 48 and len(read) == 50


def test_results_are_in_input_order_and_agree_with_evaluate() -> None:
    rows = list(synth_rows("enterprise", 30, seed=9)) + list(synth_rows("person", 30, seed=9))
    results = list(screen(rows, "2018-06-30"))
    assert [r.index for r in results] == list(range(60))
    for row, result in zip(rows, results, strict=True):
        assert result.case_id == row["id"]
        expected = evaluate(row, AS_OF, trace=False)
        got = [(d.rule_id, d.outcome, d.amount, d.eligible_from, d.missing)
               for d in result.decisions]
        assert got == [(d.rule_id, d.outcome, d.amount, d.eligible_from, d.missing)
                       for d in expected.decisions]
        assert result.report is not None
        assert result.report.stamp.as_of == AS_OF
        assert result.report.stamp.ruleset_version == expected.stamp.ruleset_version


def test_invalid_cases_are_yielded_with_their_paths_and_do_not_stop_the_run() -> None:
    good = next(iter(synth_rows("person", 1, seed=1)))
    bad_dict = {"id": "bad-1", "applicant": {"kind": "person", "birth_date": "2018-02-30"}}
    bad_json = '{"id": "bad-2", "applicant": {"kind": "organisation"}}'
    results = list(screen([good, bad_dict, "not json", bad_json, 42, good], AS_OF))
    assert [r.ok for r in results] == [True, False, False, False, False, True]
    assert results[1].case_id == "bad-1"
    assert [p.path for p in results[1].problems] == ["applicant.birth_date"]
    assert results[2].problems[0].path == "$"
    assert results[3].case_id == "bad-2"
    assert [p.path for p in results[3].problems] == ["applicant.org_kind"]
    assert results[4].problems[0].message == "a case must be a JSON object"
    assert results[1].decisions == [] and results[1].report is None


def test_trace_is_kept_only_when_asked() -> None:
    rows = list(synth_rows("enterprise", 5, seed=2))
    plain = [d for r in screen(rows, AS_OF) for d in r.decisions]
    traced = [d for r in screen(rows, AS_OF, trace=True) for d in r.decisions]
    assert all(not d.trace for d in plain)
    assert all(d.trace for d in traced if d.rule_id == "decapacity_stabilization_subsidy")
    assert [d.outcome for d in plain] == [d.outcome for d in traced]


def test_rules_are_compiled_once_and_one_evaluator_serves_each_date() -> None:
    rows = list(synth_rows("person", 6, seed=4))
    for i, row in enumerate(rows):
        row["as_of"] = "2018-03-01" if i % 2 else "2018-09-01"
    screener = Screener(load_ruleset())
    results = [screener.screen_one(row, i, None) for i, row in enumerate(rows)]
    assert sorted(screener._evaluators) == [date(2018, 3, 1), date(2018, 9, 1)]
    assert [r.report.stamp.as_of for r in results if r.report] == [
        date(2018, 9, 1), date(2018, 3, 1)] * 3
    # an explicit as_of wins over the case's own date
    forced = list(screen(rows, "2018-06-30"))
    assert {r.report.stamp.as_of for r in forced if r.report} == {AS_OF}


def test_case_objects_and_json_bytes_are_accepted() -> None:
    row = next(iter(synth_rows("enterprise", 1, seed=8)))
    as_case = Case.model_validate(row)
    as_bytes = json.dumps(row).encode()
    a, b = screen([as_case, as_bytes], AS_OF)
    assert [d.outcome for d in a.decisions] == [d.outcome for d in b.decisions]


def test_a_broken_rules_directory_raises_before_any_case_is_read(tmp_path: Any) -> None:
    (tmp_path / "bad.yaml").write_text("rules: [", encoding="utf-8")
    read: list[int] = []

    def source() -> Iterator[dict[str, Any]]:
        read.append(1)
        yield {}

    with pytest.raises(Exception, match="YAML"):
        screen(source(), AS_OF, rules=tmp_path)
    assert read == []


def test_summary_counts_results() -> None:
    rows = [*synth_rows("person", 20, seed=6), {"applicant": {"kind": "nobody"}}]
    summary = Summary()
    decisions = []
    for result in screen(rows, AS_OF):
        summary.add(result)
        decisions += result.decisions
    assert summary.cases == 20 and summary.rejected == 1
    assert sum(summary.outcomes.values()) == len(decisions)
    for d in decisions:
        assert summary.count(d.rule_id, d.outcome.value) >= 1
    eligible_loans = [d.amount for d in decisions
                      if d.rule_id == "poverty_startup_loan" and d.outcome == "eligible"]
    assert summary.total_amount("poverty_startup_loan") == sum(a for a in eligible_loans if a)
