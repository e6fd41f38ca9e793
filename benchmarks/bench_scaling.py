"""Benchmark: how the engine's time grows with the items of a case and with the number of rules.

    .venv/bin/python benchmarks/bench_scaling.py [--rounds 5] [--max-hires 10000] [--work 10000]

1. One enterprise (a family farm, so the hiring rules apply) with 1, 10, 100, 1,000 and
   10,000 hires, every rule in force, traced and untraced. A third of the workers are poor and
   six months in (both （十三） and （十九） reward them: ``mark_non_cumulative`` runs), a third
   are not yet six months in (eligible_from is looked for), a third have an unknown poverty
   status (the outcome is ``unknown`` and the missing facts are collected). The time per hire
   must stay flat (linear growth); the ratio of each size's per-hire time to the 1,000-hire one
   is printed. Each size is evaluated often enough to do about ``--work`` hires of work per
   round. The hire award's ``once_per_worker`` condition compares each hire with every other
   one (``not any(h.worker.id == hire.worker.id and … for h in organisation.hires)``), so
   that rule is quadratic in the hires by its text: untraced, the lazy ``and`` stops at the
   worker ids, so the quadratic part is small; traced, every comparison is in the trace, so
   the trace itself grows with the square of the hires (use ``--max-hires 100 --work 1000``
   on a shared machine).
2. 1× against 5× the rules (each rule of the bundled set five times over) on 1,000 generated
   cases: the time should grow about 5×.

Times are CPU seconds of this process (``time.process_time``), min and median of interleaved
rounds, so load from other jobs on the machine disturbs them less than wall time would.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_headline import make_cases
from timing import interleaved

from zyjob_rules import evaluate, load_ruleset
from zyjob_rules.model import Case
from zyjob_rules.ruleset.checked import RuleSet

AS_OF = date(2018, 6, 30)


def enterprise(hires: int) -> Case:
    """A family farm with ``hires`` workers, in three kinds (see the module docstring)."""
    out: list[dict[str, Any]] = []
    for i in range(hires):
        kind = i % 3
        start = AS_OF - timedelta(days=300 if kind == 0 else 60 if kind == 1 else 250)
        worker: dict[str, Any] = {"kind": "person", "id": f"W{i}"}
        if kind != 2:  # kind 2: poverty status unknown
            worker["poor_household_labor"] = True
            worker["poverty_registered"] = True
        out.append({"worker": worker, "start_date": start.isoformat(),
                    "contract_type": "labor_contract"})
    return Case.model_validate({
        "id": f"farm-{hires}",
        "applicant": {"kind": "organisation", "id": "ORG", "org_kind": "family_farm",
                      "size_class": "micro", "business_registered": True, "hires": out},
    })


def scaling_by_hires(rules: RuleSet, sizes: list[int], rounds: int, work: int) -> None:
    print("one enterprise, every rule in force: CPU µs per hire (min / median of rounds)")
    for trace in (False, True):
        cases = {n: enterprise(n) for n in sizes}
        for n, case in cases.items():  # warm-up, and the outcome is what the docstring says
            report = evaluate(case, AS_OF, rules=rules, trace=trace)
            if n >= 3:
                assert report.decision("poverty_hire_award").outcome.value == "eligible"

        def run(case: Case, repeat: int, traced: bool) -> Callable[[], None]:
            def go() -> None:
                for _ in range(repeat):
                    evaluate(case, AS_OF, rules=rules, trace=traced)
            return go

        # each size evaluated often enough to do about ``work`` hires of work per round
        repeats = {n: max(1, work // n) for n in sizes}
        times = interleaved({str(n): run(cases[n], repeats[n], trace) for n in sizes}, rounds)
        per_hire = {n: [t / (repeats[n] * n) * 1e6 for t in times[str(n)]] for n in sizes}
        ref_n = max(sizes)
        ref = statistics.median(per_hire[ref_n])
        print(f"  {'traced' if trace else 'untraced'}:")
        for n in sizes:
            lo, mid = min(per_hire[n]), statistics.median(per_hire[n])
            rel = f"{mid / ref:6.2f}× the {ref_n:,}-hire cost per hire"
            print(f"    {n:>6,} hires {lo:10.2f} {mid:10.2f}   {rel}")


def scaling_by_rules(rules: RuleSet, rounds: int) -> None:
    five = replace(rules, rules=rules.rules * 5, _cache={})
    cases = make_cases(1000, 3)
    for rs in (rules, five):
        for c in cases[:10]:
            evaluate(c, AS_OF, rules=rs, trace=False)

    def run(rs: RuleSet, trace: bool) -> Callable[[], None]:
        def go() -> None:
            for c in cases:
                evaluate(c, AS_OF, rules=rs, trace=trace)
        return go

    times = interleaved({"1x": run(rules, False), "5x": run(five, False),
                        "1x traced": run(rules, True), "5x traced": run(five, True)}, rounds)
    print(f"1,000 generated cases, {len(rules.rules)} rules vs {len(five.rules)}: "
          "CPU ms (median of rounds) and growth")
    for label in ("", " traced"):
        one, five_t = statistics.median(times["1x" + label]), statistics.median(times["5x" + label])
        print(f"  {label.strip() or 'untraced':<9} 1× {one * 1e3:9.1f}  5× {five_t * 1e3:9.1f}  "
              f"growth {five_t / one:5.2f}×")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--max-hires", type=int, default=10000)
    ap.add_argument("--work", type=int, default=10000, help="hires of work per size and round")
    args = ap.parse_args(argv)
    rules = load_ruleset()
    sizes = [n for n in (1, 10, 100, 1000, 10000) if n <= args.max_hires]
    scaling_by_hires(rules, sizes, args.rounds, args.work)
    scaling_by_rules(rules, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
