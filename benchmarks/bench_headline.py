"""Benchmark (a): the four headline rules per case — engine with trace, without, and by hand.

    .venv/bin/python benchmarks/bench_headline.py [--cases 20000] [--repeat 5]

Generates person and enterprise cases (half each) with the synthetic registry generator,
validates them once, then times on the very same Case objects:

- ``evaluate(case, as_of, rules=HEADLINE, trace=True)``: the public per-request call;
- the same with ``trace=False``;
- the same two through one reused evaluator (what ``screen`` does);
- ``handwritten.decide(case, as_of)``: plain Python doing the same checks.

The engine is restricted to the four rules by filtering the loaded RuleSet by rule id
(``select_rules``, as ``zyjob-rules screen --rule`` does; the bundled categories and parameters
stay), which keeps working however the rule files are split. Every variant's best of
``--repeat`` runs is reported with its ratio to the hand-written function; targets: ≤ 3× with
trace, ≤ 1.5× without.
Before timing, the engine and the hand-written function must agree on every case.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import handwritten
from timing import best_of

from zyjob_rules import evaluate, load_ruleset
from zyjob_rules.engine.evaluator import RuleEvaluator
from zyjob_rules.engine.program import compile_ruleset
from zyjob_rules.model import Case
from zyjob_rules.ruleset.checked import RuleSet
from zyjob_rules.screening import synth_rows
from zyjob_rules.screening.core import select_rules

AS_OF = date(2018, 6, 30)
TARGET_TRACE = 3.0
TARGET_PLAIN = 1.5


def headline_ruleset() -> RuleSet:
    """The bundled rules, restricted to the four headline rules (categories, parameters kept)."""
    return select_rules(load_ruleset(), handwritten.HEADLINE)


def make_cases(n: int, seed: int) -> list[Case]:
    half = n // 2
    rows = [*synth_rows("person", half, seed), *synth_rows("enterprise", n - half, seed)]
    return [Case.model_validate(r) for r in rows]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    rules = headline_ruleset()
    cases = make_cases(args.cases, args.seed)
    evaluator = RuleEvaluator(compile_ruleset(rules), AS_OF)
    bad = handwritten.disagreements(cases, AS_OF, lambda c: evaluator.decide_case(c, False))
    bad += handwritten.disagreements(cases, AS_OF, lambda c: evaluator.decide_case(c, True))
    if bad:
        for i, engine, hand in bad[:5]:
            print(f"case {i}:\n  engine: {engine}\n  hand:   {hand}", file=sys.stderr)
        print(f"{len(bad)} disagreement(s): the comparison would not be fair", file=sys.stderr)
        return 1

    def run_hand() -> None:
        for c in cases:
            handwritten.decide(c, AS_OF)

    def run_api(trace: bool) -> Callable[[], None]:
        def run() -> None:
            for c in cases:
                evaluate(c, AS_OF, rules=rules, trace=trace)
        return run

    def run_reused(trace: bool) -> Callable[[], None]:
        def run() -> None:
            for c in cases:
                evaluator.decide_case(c, trace)
        return run

    run_api(True)()  # warm-up: compile, parameter values
    hand = best_of(run_hand, args.repeat)
    results = [
        ("evaluate(), trace", best_of(run_api(True), args.repeat), TARGET_TRACE),
        ("evaluate(), no trace", best_of(run_api(False), args.repeat), TARGET_PLAIN),
        ("reused evaluator, trace", best_of(run_reused(True), args.repeat), TARGET_TRACE),
        ("reused evaluator, no trace", best_of(run_reused(False), args.repeat), TARGET_PLAIN),
    ]
    n = len(cases)
    print(f"four headline rules, {n:,} validated cases (half persons, half enterprises), "
          f"as of {AS_OF}, best of {args.repeat}")
    print(f"{'variant':<30}{'µs/case':>10}{'ratio':>9}  target")
    print(f"{'hand-written Python':<30}{hand / n * 1e6:>10.2f}{1.0:>8.2f}×")
    for name, seconds, target in results:
        ratio = seconds / hand
        verdict = "met" if ratio <= target else "MISSED"
        print(f"{name:<30}{seconds / n * 1e6:>10.2f}{ratio:>8.2f}×  ≤ {target}× {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
