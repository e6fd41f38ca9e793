"""Synthetic registries, the example script, and the benchmarks' hand-written baseline."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from screen_helpers import AS_OF

from zyjob_rules import Case, screen
from zyjob_rules.cli import main
from zyjob_rules.screening import synth_rows

ROOT = Path(__file__).resolve().parents[2]


def test_same_seed_same_rows_other_seed_other_rows() -> None:
    for kind in ("person", "enterprise"):
        a = list(synth_rows(kind, 50, seed=1))  # type: ignore[arg-type]
        assert a == list(synth_rows(kind, 50, seed=1))  # type: ignore[arg-type]
        assert a != list(synth_rows(kind, 50, seed=2))  # type: ignore[arg-type]


def test_rows_validate_and_give_every_headline_outcome() -> None:
    outcomes: Counter[tuple[str, str]] = Counter()
    for kind in ("person", "enterprise"):
        rows = list(synth_rows(kind, 400, seed=3))  # type: ignore[arg-type]
        for result in screen(rows, AS_OF):
            assert result.ok, result.problems
            outcomes.update((d.rule_id, d.outcome.value) for d in result.decisions)
    for rule in ("poverty_hire_award", "poverty_startup_loan",
                 "decapacity_stabilization_subsidy", "skills_upgrade_subsidy"):
        for outcome in ("eligible", "not_eligible", "unknown"):
            assert outcomes[(rule, outcome)] > 0, (rule, outcome)


def test_rows_are_relative_to_the_reference_date() -> None:
    row = next(iter(synth_rows("person", 1, seed=0, reference=date(2021, 3, 1))))
    case = Case.model_validate(row)
    assert case.applicant.kind == "person"
    assert all(c.issued_on <= date(2021, 3, 1) for c in case.applicant.certificates)


def test_synth_command_writes_jsonl_and_csv(tmp_path: Path) -> None:
    jsonl, table = tmp_path / "r.jsonl", tmp_path / "r.csv"
    assert main(["synth", "--kind", "enterprise", "--rows", "25", "--seed", "4",
                 "--out", str(jsonl)]) == 0
    assert main(["synth", "--kind", "enterprise", "--rows", "25", "--seed", "4",
                 "--out", str(table)]) == 0
    assert len(jsonl.read_text(encoding="utf-8").splitlines()) == 25
    outs = []
    for path in (jsonl, table):
        out = tmp_path / f"{path.name}.out.jsonl"
        assert main(["screen", str(path), "--as-of", "2018-06-30", "--out", str(out),
                     "--quiet"]) == 0
        outs.append([line.split('"line":')[1].split(",", 1)[1]
                     for line in out.read_text(encoding="utf-8").splitlines()])
    assert outs[0] == outs[1]  # same decisions from the JSON lines and from the CSV


def test_the_example_screens_a_small_registry() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "screen_registry.py"), "--rows", "60"],
        capture_output=True, text=True, timeout=120, check=True,
    )
    assert "60 enterprise cases screened as of 2018-06-30" in run.stdout
    assert "cases screened: 60   rows rejected: 0" in run.stdout
    assert "poverty_hire_award" in run.stdout


def test_the_benchmark_baseline_agrees_with_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """benchmarks/handwritten.py must give the engine's answers, or its ratios mean nothing."""
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    import bench_headline
    import handwritten

    from zyjob_rules.engine.program import compile_ruleset
    from zyjob_rules.engine.scalar.evaluator import RuleEvaluator

    cases = bench_headline.make_cases(600, seed=21)
    evaluator = RuleEvaluator(compile_ruleset(bench_headline.headline_ruleset()), AS_OF)
    for trace in (False, True):
        assert handwritten.disagreements(
            cases, AS_OF, lambda c, t=trace: evaluator.decide_case(c, t)) == []
