"""Differential tests: the columnar backend against the scalar engine, decision by decision.

Generated registries (hypothesis strategies of zyjob_rules.testing, each case with its own
as-of date) of every applicant kind, the synthetic registries of the benchmarks, on the bundled
rules and on the every-node-type rule set of the durable tests. Any difference in outcome,
amount, eligible_from, missing facts or amount reason fails, naming the rule and the case.
``ZYJOB_COLUMNAR_BATCHES`` sets how many generated batches (of 25 cases) per test; the
benchmark (benchmarks/bench_columnar.py) checks 20,000 more.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zyjob_rules.engine.columnar import ColumnarEngine
from zyjob_rules.engine.columnar.differential import assert_agree, disagreements
from zyjob_rules.engine.columnar.layout import cases_table
from zyjob_rules.lang.nodes import walk
from zyjob_rules.model import Case
from zyjob_rules.screening.synth import synth_rows
from zyjob_rules.testing import cases

BATCHES = int(os.environ.get("ZYJOB_COLUMNAR_BATCHES", "6"))
BATCH = st.lists(cases(), min_size=25, max_size=25)
SETTINGS = settings(
    max_examples=BATCHES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(BATCH)
def test_bundled_rules_agree_on_generated_registries(
    bundled: ColumnarEngine, batch: list[Case]
) -> None:
    assert_agree(bundled, batch)


@SETTINGS
@given(BATCH)
def test_every_node_type_agrees(all_nodes: ColumnarEngine, batch: list[Case]) -> None:
    assert_agree(all_nodes, batch)


def test_the_every_node_rule_set_uses_every_node_type(all_nodes: ColumnarEngine) -> None:
    from zyjob_rules.lang import nodes

    used = set()
    rs = all_nodes.ruleset
    for rule in rs.rules:
        trees = [c.node for c in (*rule.scope, *rule.conditions, *rule.item_conditions)]
        trees += [t for t in (rule.amount, rule.item_amount, rule.item_source) if t is not None]
        for tree in trees:
            used |= {type(n).__name__ for n in walk(tree)}
    for category in rs.categories.values():
        for c in category.conditions:
            used |= {type(n).__name__ for n in walk(c.node)}
    kinds = {
        name for name, obj in vars(nodes).items()
        if isinstance(obj, type) and issubclass(obj, nodes.Node) and obj is not nodes.Node
    }
    assert kinds <= used, kinds - used


@pytest.mark.parametrize("day", [date(2018, 6, 30), date(2021, 1, 1)])
def test_synthetic_registries_agree(bundled: ColumnarEngine, day: date) -> None:
    rows = [*synth_rows("person", 150, seed=7), *synth_rows("enterprise", 150, seed=7)]
    batch = [Case.model_validate(r) for r in rows]
    assert disagreements(bundled, batch, day) == []


def test_a_disagreement_names_the_rule_and_the_case(bundled: ColumnarEngine) -> None:
    """The checker itself can fail: a tampered columnar answer is reported."""
    from zyjob_rules.engine.columnar import differential

    rows = list(synth_rows("enterprise", 30, seed=3))
    batch = [Case.model_validate(r) for r in rows]
    real = differential.decide_cases

    def tampered(engine, cases, as_of):  # type: ignore[no-untyped-def]
        import polars as pl

        frame = real(engine, cases, as_of)
        return frame.with_columns(
            pl.when(pl.col("rule_id") == "poverty_hire_award")
            .then(pl.lit("eligible"))
            .otherwise(pl.col("outcome"))
            .alias("outcome")
        )

    differential.decide_cases = tampered
    try:
        found = disagreements(bundled, batch, date(2018, 6, 30))
    finally:
        differential.decide_cases = real
    assert found
    assert all(f.rule_id == "poverty_hire_award" for f in found)
    assert "poverty_hire_award" in str(found[0]) and "case-E" in str(found[0])


def test_periods_all_after_the_count_date_cover_no_month(bundled: ColumnarEngine) -> None:
    """Found by hypothesis: the only insurance period starts after ``until`` (the certificate's
    date), so covered_months is 0 and the certificate fails, as in the scalar engine — not
    unknown."""
    case = Case.model_validate(
        {
            "as_of": "2017-12-30",
            "applicant": {
                "kind": "person",
                "ui_periods": [{"start": "2017-12-30", "end": "2017-12-30"}],
                "certificates": [
                    {"kind": "vocational_qualification", "issued_on": "2017-01-01"}
                ],
            },
        }
    )
    assert disagreements(bundled, [case]) == []
    frame = bundled.decide(cases_table([case]))
    row = frame.filter(frame["rule_id"] == "skills_upgrade_subsidy").row(0, named=True)
    assert row["outcome"] == "not_eligible"


@SETTINGS
@given(BATCH)
def test_without_details_outcomes_and_amounts_are_the_same(
    bundled: ColumnarEngine, batch: list[Case]
) -> None:
    """``details=False`` (what-if) skips the scalar finishing, never changes a decision."""
    table = cases_table(batch)
    keys = ["case_index", "subject", "rule_id", "outcome", "amount_fen"]
    full = bundled.decide(table).select(keys)
    fast = bundled.decide(table, details=False).select(keys)
    assert fast.equals(full)


def test_periods_that_all_start_after_until_cover_zero_months(bundled: ColumnarEngine) -> None:
    """covered_months(periods, until) is 0, not missing, when every period starts after until:
    insurance from 2024-05-03 and a certificate of 2024-01-01 (found by the differential test;
    the columnar engine said unknown, the scalar engine not_eligible)."""
    case = Case.model_validate({"as_of": "2024-05-04", "applicant": {
        "kind": "person", "ui_periods": [{"start": "2024-05-03"}],
        "certificates": [{"kind": "vocational_qualification", "occupation": "电工",
                          "issued_on": "2024-01-01"}]}})
    assert_agree(bundled, [case])
