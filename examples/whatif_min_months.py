"""What would it cost to shorten the stable-employment period of （十九） from 6 to 3 months?

    python examples/whatif_min_months.py [--rows 600] [--months 3] [--out whatif-example]

Screens a synthetic enterprise registry under the current rules and with
``poverty_hire_award.min_months`` changed, prints the cost per rule before/after and the
outcome transitions, and writes the changed cases, the chart (PNG) and an HTML summary.
The same from the command line:
``zyjob-rules whatif registry.jsonl --as-of 2018-06-30 --set poverty_hire_award.min_months=3``.
Needs the analytics extra (matplotlib) for the chart.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from zyjob_rules.screening import synth_rows
from zyjob_rules.screening.whatif import whatif
from zyjob_rules.screening.whatif_report import write_chart, write_html


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="what-if of a shorter minimum period")
    parser.add_argument("--rows", type=int, default=600)
    parser.add_argument("--months", type=int, default=3)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2018, 6, 30))
    parser.add_argument("--out", default="whatif-example", help="directory for the files")
    args = parser.parse_args(argv)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    registry = list(synth_rows("enterprise", args.rows, seed=7, reference=args.as_of))
    report = whatif(registry, args.as_of,
                    changes={"poverty_hire_award.min_months": args.months},
                    changed_out=out / "changed.csv")
    print(report.render())
    print(f"cash difference: {report.cash_difference():+,.2f} yuan")
    write_chart(report, out / "chart.png")
    write_html(report, out / "summary.html")
    print(f"written: {out / 'changed.csv'}, {out / 'chart.png'}, {out / 'summary.html'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
