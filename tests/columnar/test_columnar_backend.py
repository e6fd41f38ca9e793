"""The columnar engine in the engine registry: ``evaluate(..., backend="columnar")``, the audit
stamp of traced decisions (the scalar engine's, stamped so), and the abstract visitor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from zyjob_rules import evaluate
from zyjob_rules.engine.columnar import TRACED_STAMP, ColumnarBackend, columnar_engine
from zyjob_rules.engine.columnar.expressions import ExpressionCompiler, Unsupported
from zyjob_rules.engine.registry import ENGINES
from zyjob_rules.lang.visitor import NodeVisitor
from zyjob_rules.ruleset.loader import bundled_ruleset
from zyjob_rules.screening import screen
from zyjob_rules.screening.synth import synth_rows

DAY = date(2018, 6, 30)


def rows(decisions):  # type: ignore[no-untyped-def]
    return [(d.rule_id, d.subject, d.outcome, d.amount, d.eligible_from, tuple(d.missing))
            for d in decisions]


def test_the_registry_builds_the_columnar_backend_once_per_rule_set() -> None:
    rules = bundled_ruleset()
    engine = ENGINES.engine(rules, "columnar")
    assert isinstance(engine, ColumnarBackend)
    assert ENGINES.engine(rules, "columnar") is engine
    assert columnar_engine(rules) is engine.columnar


@pytest.mark.parametrize("kind", ["person", "enterprise"])
def test_evaluate_with_the_columnar_backend_equals_the_scalar_engine(kind: str) -> None:
    for case in synth_rows(kind, 12, seed=4):
        scalar = evaluate(case, DAY, trace=False)
        columnar = evaluate(case, DAY, trace=False, backend="columnar")
        assert rows(columnar.decisions) == rows(scalar.decisions)
        assert columnar.stamp.backend == "columnar"


def test_a_traced_columnar_evaluation_is_the_scalar_engines_and_says_so() -> None:
    case = next(iter(synth_rows("enterprise", 1, seed=4)))
    traced = evaluate(case, DAY, trace=True, backend="columnar")
    assert traced.stamp.backend == TRACED_STAMP == "scalar (traced)"
    assert any(d.trace for d in traced.decisions)  # real condition traces
    assert rows(traced.decisions) == rows(evaluate(case, DAY, trace=True).decisions)


def test_traced_columnar_screening_is_stamped_scalar() -> None:
    cases = list(synth_rows("person", 3, seed=4))
    results = list(screen(cases, DAY, trace=True, backend="columnar"))
    assert all(r.report is not None and r.report.stamp.backend == TRACED_STAMP for r in results)
    untraced = list(screen(cases, DAY, backend="columnar"))
    assert all(r.report is not None and r.report.stamp.backend == "columnar" for r in untraced)


def test_the_compiler_is_a_node_visitor_and_unknown_nodes_fall_back() -> None:
    from zyjob_rules.engine.columnar.levels import Level
    from zyjob_rules.lang.nodes import Node
    from zyjob_rules.lang.types import Type

    assert issubclass(ExpressionCompiler, NodeVisitor)
    compiler = ExpressionCompiler({}, {}, {}, Level(0))

    @dataclass(frozen=True)
    class Novel(Node):
        pass

    node = Novel(Type("bool"), "novel()")
    with pytest.raises(Unsupported, match="Novel"):
        compiler.value(node, Level(0))
