"""Screen a registry without anyone applying (免申即享): generate one, decide every case, summarise.

    python examples/screen_registry.py [--kind person|enterprise] [--rows 2000] [--seed 1]
                                       [--as-of 2018-06-30]

Uses the public API only: ``synth_rows`` makes a synthetic registry (dicts in the Case shape,
as a registry export would give after parsing), ``screen`` decides it lazily one case at a time,
and ``Summary`` counts the outcomes. The same run on a file is
``zyjob-rules screen registry.jsonl --as-of 2018-06-30 --out results.csv``.
"""

from __future__ import annotations

import argparse
from datetime import date

from zyjob_rules import screen
from zyjob_rules.screening import Summary, synth_rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="screen a synthetic registry")
    parser.add_argument("--kind", choices=["person", "enterprise"], default="enterprise")
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2018, 6, 30))
    args = parser.parse_args(argv)

    registry = synth_rows(args.kind, args.rows, seed=args.seed, reference=args.as_of)
    summary = Summary()
    first_eligible = []
    for result in screen(registry, as_of=args.as_of):
        summary.add(result)
        for d in result.decisions:
            if d.outcome == "eligible" and len(first_eligible) < 5:
                amount = "" if d.amount is None else f" ¥{d.amount:,.2f}"
                first_eligible.append(f"  {result.case_id}: {d.rule_id} {d.clause}{amount}")

    print(f"{args.rows:,} {args.kind} cases screened as of {args.as_of}\n")
    print(summary.render())
    print("first eligible decisions:")
    print("\n".join(first_eligible) or "  (none)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
