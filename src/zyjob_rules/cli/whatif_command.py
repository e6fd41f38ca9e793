"""``zyjob-rules whatif``: what a change of rules costs over a registry (docs/whatif.md).

Exit codes: 0 done; 2 the input or a ``--set`` cannot be used (missing file, unknown column,
unknown parameter, a value its unit or maximum refuses); 1 a rules directory is invalid; 4 an
output could not be written. Errors are reported by ``cli.error_report``.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from ..screening.encodings import ENCODINGS
from ..screening.outfiles import OutputPathError, OutputWriteError
from ..screening.param_changes import ParameterChangeError, parse_assignment


def _whatif(args: argparse.Namespace) -> int:
    from ..screening.whatif import whatif  # the chart needs matplotlib: imported when run

    changes = [parse_assignment(s) for s in args.set] if args.set else None
    if (changes is None) == (args.rules is None):
        raise ParameterChangeError("give --set PARAM=VALUE (repeatable) or --rules DIR")
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputPathError(str(out), f"cannot create {out}: {exc.strerror or exc}") from exc
    report = whatif(args.registry, args.as_of, changes=changes, rules=args.rules,
                    base_rules=args.base_rules, encoding=args.encoding,
                    changed_out=out / "changed.csv")
    from ..screening.whatif_report import chart_png, write_html

    png = chart_png(report)
    summary = json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    for name, write in (
        ("chart.png", lambda p: p.write_bytes(png)),
        ("summary.html", lambda p: write_html(report, p, png)),
        ("summary.json", lambda p: p.write_text(summary, encoding="utf-8")),
    ):
        try:
            write(out / name)
        except OSError as exc:
            raise OutputWriteError(out / name, exc) from exc
    print(report.render(), end="")
    print(f"\ncash difference: {report.cash_difference():+,.2f} yuan "
          f"({report.cash_before():,.2f} -> {report.cash_after():,.2f})")
    print(f"written: {out / 'changed.csv'} ({report.changed_rows:,} changed decisions), "
          f"{out / 'chart.png'}, {out / 'summary.html'}, {out / 'summary.json'}")
    return 0


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from exc


def register(sub: Any) -> None:
    p = sub.add_parser(
        "whatif", help="what a rule change costs over a registry / 政策调整测算",
        description="Screen a registry under the current rules and changed ones; compare "
        "qualifying subjects, cash per rule, outcome transitions; write the changed cases, "
        "a chart and an HTML summary.")
    p.add_argument("registry", help="registry: *.jsonl, *.csv or *.parquet")
    p.add_argument("--as-of", type=_iso_date, required=True, help="assessment date YYYY-MM-DD")
    p.add_argument("--set", action="append", metavar="PARAM[=KEY]=VALUE",
                   help="a changed parameter value (repeatable), e.g. "
                   "poverty_hire_award.min_months=3 or skills_upgrade.amount_by_level=level5=800")
    p.add_argument("--rules", help="a changed rules directory (instead of --set)")
    p.add_argument("--base-rules", help="the current rules (default: the bundled rules)")
    p.add_argument("--out", default="whatif-out",
                   help="directory for changed.csv, chart.png, summary.html, summary.json "
                   "(default whatif-out)")
    p.add_argument("--encoding", choices=ENCODINGS, default="utf-8",
                   help="encoding of a CSV or JSON-lines registry (default utf-8)")
    p.set_defaults(handler=_whatif)
