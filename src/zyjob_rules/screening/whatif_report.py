"""The what-if's chart (PNG, matplotlib's Agg backend) and HTML summary (the chart embedded).

The chart shows the cash cost per rule before and after the change (loans apart: a loan
ceiling is not a cost), one pair of horizontal bars per rule whose cost is not zero on either
side, each labelled with its difference. The HTML page is standalone (no network, no script):
the figures, the loans, the transition matrix, and the chart as a ``data:`` URI.
"""

from __future__ import annotations

import base64
import html
import io
from decimal import Decimal
from pathlib import Path

from .optional import require
from .whatif import WhatIf


def chart_png(report: WhatIf) -> bytes:
    """The PNG of cost by rule before/after (yuan)."""
    matplotlib = require("matplotlib")
    matplotlib.use("Agg")  # no display: a server, CI, a worker
    plt = require("matplotlib.pyplot")
    rules = [r for r in report.cash() if r.amount_before or r.amount_after]
    rules.sort(key=lambda r: max(r.amount_before, r.amount_after))
    labels = [r.rule_id for r in rules] or ["(no cash paid on either side)"]
    before = [float(r.amount_before) for r in rules] or [0.0]
    after = [float(r.amount_after) for r in rules] or [0.0]
    height = 1.2 + 0.55 * len(labels)
    fig, ax = plt.subplots(figsize=(9.5, height), dpi=110)
    try:
        ys = range(len(labels))
        ax.barh([y + 0.2 for y in ys], before, height=0.38, label="current rules",
                color="#7f8c9a")
        ax.barh([y - 0.2 for y in ys], after, height=0.38, label="changed rules",
                color="#d3593b")
        ax.set_yticks(list(ys), labels)
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(5))
        ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(
            lambda x, _pos: f"{x:,.0f}"))
        ax.set_xlabel("cash paid, yuan")
        top = max([*before, *after, 1.0])
        ax.set_xlim(0, top * 1.32)
        for y, r in zip(ys, rules, strict=False):
            ax.text(max(float(r.amount_before), float(r.amount_after)) + top * 0.015, y,
                    f"{r.difference:+,.0f}", va="center", fontsize=8.5)
        ax.set_title(_title(report), fontsize=10)
        ax.legend(loc="lower right", fontsize=8.5)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
    finally:
        plt.close(fig)
    return buf.getvalue()


def _title(report: WhatIf) -> str:
    change = "; ".join(report.changes)
    if len(change) > 70:
        change = change[:69] + "…"
    total = report.cash_difference()
    return f"Cost by rule as of {report.as_of}: {change}\ntotal {total:+,.2f} yuan"


def write_chart(report: WhatIf, path: str | Path) -> Path:
    out = Path(path)
    out.write_bytes(chart_png(report))
    return out


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def summary_html(report: WhatIf, png: bytes | None = None) -> str:
    """A standalone HTML page of the what-if, embedding the chart as a data URI."""
    png = chart_png(report) if png is None else png
    e = html.escape
    cash_rows = "".join(
        f"<tr><td>{e(r.rule_id)}</td><td>{r.qualifying_before:,}</td>"
        f"<td>{r.qualifying_after:,}</td><td>{_money(r.amount_before)}</td>"
        f"<td>{_money(r.amount_after)}</td><td class=d>{r.difference:+,.2f}</td></tr>"
        for r in report.cash())
    loan_rows = "".join(
        f"<tr><td>{e(r.rule_id)}</td><td>{r.qualifying_before:,}</td>"
        f"<td>{r.qualifying_after:,}</td><td>{_money(r.amount_before)}</td>"
        f"<td>{_money(r.amount_after)}</td><td class=d>{r.difference:+,.2f}</td></tr>"
        for r in report.loans())
    outcomes = report.outcomes()
    matrix = "".join(
        f"<tr><th>{e(b)}</th>" + "".join(
            f"<td>{report.transitions.get((b, a), 0):,}</td>" for a in outcomes) + "</tr>"
        for b in outcomes)
    data = base64.b64encode(png).decode("ascii")
    changed = (f" — written to <code>{e(report.changed_path)}</code>"
               if report.changed_path else "")
    head = ("<tr><th>rule</th><th>qualifying before</th><th>after</th><th>{0} before (yuan)"
            "</th><th>after</th><th>difference</th></tr>")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>What-if: {e('; '.join(report.changes))}</title>
<style>
body {{ font: 15px/1.45 system-ui, "Noto Sans CJK SC", sans-serif; margin: 2em auto;
       max-width: 62em; color: #222; padding: 0 1em; }}
table {{ border-collapse: collapse; margin: .6em 0 1.4em; }}
th, td {{ border: 1px solid #ccc; padding: .25em .6em; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
tfoot td {{ font-weight: bold; }}
td.d {{ font-weight: 600; }}
img {{ max-width: 100%; border: 1px solid #ddd; }}
.meta {{ color: #555; font-size: 90%; }}
</style></head><body>
<h1>What-if over a registry / 政策调整测算</h1>
<p><strong>Change:</strong> {e('; '.join(report.changes))}<br>
<strong>As of:</strong> {e(str(report.as_of))} &nbsp; <strong>Cases:</strong> {report.cases:,}
&nbsp; <strong>Rejected rows:</strong> {report.rejected:,}
&nbsp; <strong>Changed decisions:</strong> {report.changed_rows:,}{changed}</p>
<p class=meta>rules {e(report.base_version)} → {e(report.changed_version)}</p>
<h2>Cash by rule</h2>
<table id="cash"><thead>{head.format("cash")}</thead><tbody>{cash_rows}</tbody>
<tfoot><tr><td>total</td><td></td><td></td><td>{_money(report.cash_before())}</td>
<td>{_money(report.cash_after())}</td><td class=d>{report.cash_difference():+,.2f}</td></tr>
</tfoot></table>
<img id="chart" alt="cost by rule before and after" src="data:image/png;base64,{data}">
<h2>Loans (ceilings, not a cost)</h2>
<table id="loans"><thead>{head.format("ceilings")}</thead><tbody>{loan_rows}</tbody></table>
<h2>Outcome transitions</h2>
<p class=meta>rows: outcome under the current rules; columns: under the changed rules
(— : no decision, e.g. a rule not in force)</p>
<table id="transitions"><thead><tr><th>before \\ after</th>{"".join(
    f"<th>{e(a)}</th>" for a in outcomes)}</tr></thead><tbody>{matrix}</tbody></table>
</body></html>
"""


def write_html(report: WhatIf, path: str | Path, png: bytes | None = None) -> Path:
    out = Path(path)
    out.write_text(summary_html(report, png), encoding="utf-8")
    return out
