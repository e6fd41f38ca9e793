"""Benchmark (a): the four headline rules per case — engine with trace, without, and by hand.

    .venv/bin/python benchmarks/bench_headline.py [--cases 10000] [--rounds 7]

Generates person and enterprise cases (half each) with the synthetic registry generator,
validates them once, checks that the engine (traced and untraced) and the fair baseline
``handwritten.decide`` give the very same rows (outcome, amount, eligible_from, missing facts)
on every case, then times on the very same Case objects, in ``--rounds`` interleaved rounds
(every variant once per round, so load from other jobs hits them alike; CPU time of the
process, see ``timing.interleaved``):

- ``handwritten.decide(case, as_of)``: the fastest straightforward Python (the baseline);
- ``evaluate(case, as_of, rules=HEADLINE, trace=True)``: the public per-request call;
- the same with ``trace=False``;
- the same two through one reused evaluator (what ``screen`` does).

Each variant's ratio to the baseline is taken per round; the min and the median of those are
printed with the targets: ≤ 3× with trace, ≤ 1.5× without.

``--all-rules`` adds every rule in force (one reused evaluator, with and without trace) to the
same rounds. There is no hand-written baseline of all the rules, so those two are compared per
decision: the engine's time per decision of all rules against the baseline's time per decision
of the four (a rough guide: the other rules are mostly simpler than the hire award).

The engine is restricted to the four rules by filtering the loaded RuleSet by rule id
(``select_rules``, as ``zyjob-rules screen --rule`` does; the bundled categories and parameters
stay), which keeps working however the rule files are split.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import handwritten
from timing import interleaved, ratios

from zyjob_rules import evaluate, load_ruleset
from zyjob_rules.engine.program import compile_ruleset
from zyjob_rules.engine.scalar.evaluator import RuleEvaluator
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
    ap.add_argument("--cases", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--all-rules", action="store_true",
                    help="also time every rule in force, compared per decision")
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
    variants = {
        "hand-written Python": run_hand,
        "evaluate(), trace": run_api(True),
        "evaluate(), no trace": run_api(False),
        "reused evaluator, trace": run_reused(True),
        "reused evaluator, no trace": run_reused(False),
    }
    decisions = {"hand-written Python": sum(len(handwritten.decide(c, AS_OF)) for c in cases)}
    if args.all_rules:
        every = RuleEvaluator(compile_ruleset(load_ruleset()), AS_OF)
        decisions["all rules"] = sum(len(every.decide_case(c, False)) for c in cases)

        def run_every(trace: bool) -> Callable[[], None]:
            def run() -> None:
                for c in cases:
                    every.decide_case(c, trace)
            return run

        variants["all rules, reused, trace"] = run_every(True)
        variants["all rules, reused, no trace"] = run_every(False)
    targets = {name: TARGET_TRACE if "no trace" not in name else TARGET_PLAIN
               for name in variants}
    times = interleaved(variants, args.rounds)
    hand = times["hand-written Python"]
    n = len(cases)
    print(f"four headline rules, {n:,} validated cases (half persons, half enterprises), "
          f"as of {AS_OF}; engine and baseline gave identical rows on every case; "
          f"{args.rounds} interleaved rounds")
    print(f"{'variant (CPU time)':<30}{'µs/case min':>12}{'median':>9}"
          f"{'ratio min':>11}{'median':>9}  target")
    for name, ts in times.items():
        per_case = min(ts) / n * 1e6, statistics.median(ts) / n * 1e6
        if ts is hand:
            print(f"{name:<30}{per_case[0]:>12.2f}{per_case[1]:>9.2f}{1.0:>10.2f}×{1.0:>8.2f}×")
            continue
        if name.startswith("all rules"):  # per decision, against the baseline's per decision
            scale = decisions["hand-written Python"] / decisions["all rules"]
            lo, mid = ratios([t * scale for t in ts], hand)
            note = (f"per decision ({decisions['all rules']:,} against "
                    f"{decisions['hand-written Python']:,})")
        else:
            lo, mid = ratios(ts, hand)
            note = "met" if mid <= targets[name] else "MISSED"
            note = f"≤ {targets[name]}× {note} (median)"
        print(f"{name:<30}{per_case[0]:>12.2f}{per_case[1]:>9.2f}{lo:>10.2f}×{mid:>8.2f}×"
              f"  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
