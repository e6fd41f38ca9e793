"""The straight-line rule functions (engine/scalar/straight.py) give the walk's decisions, skip
no operand whose evaluation could raise, and fall back to the walk if they cannot compile."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_semantics import AS_OF, person, rule, rules

from zyjob_rules import evaluate, load_ruleset
from zyjob_rules.engine.program import compile_ruleset
from zyjob_rules.engine.scalar.codegen import Deferred, ModuleBuilder
from zyjob_rules.engine.scalar.context import rule_statics, subjects_of
from zyjob_rules.engine.scalar.evaluator import RuleEvaluator
from zyjob_rules.engine.scalar.runtime import EvaluationError, kand, kor
from zyjob_rules.model import Case
from zyjob_rules.screening import synth_rows
from zyjob_rules.testing import cases


@pytest.mark.parametrize("day", [date(2018, 6, 30), date(2020, 3, 1)])
def test_the_straight_functions_decide_as_the_walk_on_generated_cases(day: date) -> None:
    program = compile_ruleset(load_ruleset())
    ev = RuleEvaluator(program, day)
    rows = [*synth_rows("person", 150, 3), *synth_rows("enterprise", 150, 3)]
    compared = fast_answers = 0
    for row in rows:
        case = Case.model_validate(row)
        for subject in subjects_of(case):
            for cr in program.in_force(day):
                if cr.rule.spec.beneficiary != subject.kind:
                    continue
                st = rule_statics(program, cr)
                fast = ev.fast(cr, st, subject, False, True)
                walked = ev.walk(cr, st, subject, False, True)
                assert asdict(fast) == asdict(walked), (cr.rule.id, row)
                assert cr.straight is not None
                answer = cr.straight.functions()["fast"](subject.obj, ev.plain_ctx)
                fast_answers += answer is not None
                assert ev.verdict(cr, subject) == _reference_verdict(ev, cr, subject)
                compared += 1
    assert compared > 1000
    assert fast_answers > compared * 0.5  # most answers come from one call, not the walk


def _reference_verdict(ev: RuleEvaluator, cr: Any, subject: Any) -> bool | None:
    """The verdict from the per-condition functions, every condition evaluated (the walk's)."""
    x, root, path = ev.plain_ctx, subject.obj, subject.path
    if cr.scope and kand([c.plain(root, path, x) for c in cr.scope]) is not True:
        return False  # not applicable, or unknown whether: not positive either way
    overall = kand([c.plain(root, path, x) for c in cr.conditions])
    if cr.items is not None and overall is not False:
        items = [
            kand([c.plain(root, path, item, None, x) for c in cr.item_conditions])
            for item in cr.items(root, path, x)
        ]
        overall = kand((overall, kor(items)))
    return overall


def test_a_division_after_a_failed_condition_still_raises_untraced(tmp_path: Path) -> None:
    # The traced code evaluates every condition, so it raises; the untraced code must not
    # answer "not eligible" by skipping the condition that divides by zero.
    rs = rules(tmp_path, rule(["person.graduate", 'param("t.amount") / 0 > 1']))
    for trace in (True, False):
        with pytest.raises(EvaluationError, match="division by zero"):
            evaluate(person(graduate=False), AS_OF, rs, trace=trace)


def test_straight_code_that_cannot_compile_falls_back_to_the_walk_with_a_warning() -> None:
    builder = ModuleBuilder()
    builder.compile()

    def broken(into: list[str]) -> None:
        into.append("def fast(root, X):\n    return (")

    deferred = Deferred(builder, broken)
    with pytest.warns(RuntimeWarning, match="walked instead"):
        assert deferred.functions() == {}
    assert deferred.error is not None and deferred.error.startswith("SyntaxError")
    assert deferred.functions() == {}  # compiled (and warned) once


ALL_NODES = Path(__file__).resolve().parents[1] / "durable" / "all_nodes"


def _rows(report: Any) -> list[tuple[Any, ...]]:
    return [(d.rule_id, d.subject, d.outcome, d.amount, d.eligible_from, d.missing,
             d.amount_reason_en) for d in report.decisions]


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(cases(), min_size=20, max_size=20))
def test_plain_code_agrees_with_traced_code_on_every_node_type(batch: list[Case]) -> None:
    # The plain code is lazy, the traced code evaluates everything: same answers (e.g. an item
    # whose filter is unknown counts as unknown in any/all, whatever its element).
    for rs in (load_ruleset(ALL_NODES), load_ruleset()):
        for case in batch:
            traced = evaluate(case, rules=rs, trace=True)
            plain = evaluate(case, rules=rs, trace=False)
            assert _rows(plain) == _rows(traced), case


def test_any_and_all_with_an_unknown_filter_are_unknown_untraced_too() -> None:
    rs = load_ruleset(ALL_NODES)
    case = {"as_of": "2017-12-12", "applicant": {"kind": "person", "trainings": [
        {"course": "电工", "passed_appraisal": True}]}}
    for trace in (True, False):
        d = evaluate(case, rules=rs, trace=trace).decision("t_all_agg")
        assert d.outcome.value == "unknown"
        assert d.missing == ["applicant.trainings[0].in_catalogue"]
