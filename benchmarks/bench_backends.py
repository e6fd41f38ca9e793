"""Benchmark: the default engine and the durable_rules backend on the same generated cases.

    .venv/bin/python benchmarks/bench_backends.py [--cases 2000] [--repeat 3] [--seed 1]

Draws ``--cases`` valid cases of every applicant kind from ``zyjob_rules.testing.cases()``
(deterministic for a seed), drops the few on which a formula raises (both backends raise the same
error), checks once that both backends give identical decisions, then times on the very same
Case objects, each variant's best of ``--repeat`` runs:

- ``evaluate(case, rules=..., backend="python")`` and ``backend="durable"``, with and without
  trace (the durable backend runs the default engine too, for amounts, dates and traces, and
  checks every outcome against it, so it cannot be faster);
- the Rete part alone (facts built and asserted, rules fired, session deleted):
  ``RuleNetwork.verdicts``.

Prints cases per second and the ratio durable / python. Run on demand, not in CI.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from hypothesis import HealthCheck, Phase, given, seed, settings
from timing import best_of

from zyjob_rules import evaluate, load_ruleset
from zyjob_rules.engine.durable import durable_network
from zyjob_rules.engine.scalar.runtime import EvaluationError
from zyjob_rules.model import Case
from zyjob_rules.ruleset.checked import RuleSet
from zyjob_rules.testing import cases as case_strategy


def generate(n: int, seed_value: int) -> list[Case]:
    out: list[Case] = []

    @seed(seed_value)
    @settings(max_examples=n, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=case_strategy())
    def collect(case: Case) -> None:
        out.append(case)

    collect()
    return out


def decidable(cases: list[Case], rules: RuleSet) -> list[Case]:
    kept = []
    for case in cases:
        try:
            evaluate(case, rules=rules, trace=False)
        except EvaluationError:
            continue
        kept.append(case)
    return kept


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)

    rules = load_ruleset()
    t0 = time.perf_counter()
    network = durable_network(rules)  # compiled and registered once
    compile_s = time.perf_counter() - t0
    cases = decidable(generate(args.cases, args.seed), rules)
    kinds = {k: sum(c.applicant.kind == k for c in cases)
             for k in ("person", "household", "organisation")}
    print(f"{len(rules.rules)} rules, {len(network.spec.shards)} durable ruleset(s), "
          f"{sum(len(s.definition) for s in network.spec.shards)} durable rules "
          f"(compiled and registered in {compile_s:.2f} s)")
    print(f"{len(cases)} cases: " + ", ".join(f"{v} {k}" for k, v in kinds.items()))

    for case in cases:  # the same decisions, or the comparison means nothing
        py = evaluate(case, rules=rules, trace=False).decisions
        du = evaluate(case, rules=rules, trace=False, backend="durable").decisions
        assert [(d.outcome, d.amount, d.eligible_from) for d in py] == [
            (d.outcome, d.amount, d.eligible_from) for d in du
        ], case.id

    def run(backend: str, trace: bool) -> Callable[[], None]:
        def go() -> None:
            for case in cases:
                evaluate(case, rules=rules, trace=trace, backend=backend)

        return go

    def rete_only() -> None:
        for case in cases:
            assert case.as_of is not None
            network.verdicts(case, case.as_of)

    n = len(cases)
    rows = []
    for trace in (False, True):
        py = n / best_of(run("python", trace), args.repeat)
        du = n / best_of(run("durable", trace), args.repeat)
        rows.append((f"trace={trace}", py, du))
    rete = n / best_of(rete_only, args.repeat)
    print(f"{'':12} {'python cases/s':>15} {'durable cases/s':>16} {'python/durable':>15}")
    for label, py, du in rows:
        print(f"{label:12} {py:15.0f} {du:16.0f} {py / du:14.1f}x")
    print(f"{'Rete only':12} {'':15} {rete:16.0f}   (facts, assert, fire, delete; "
          "no default engine)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
