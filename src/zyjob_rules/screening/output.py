"""Result rows (one per case and rule) and rejected rows, as JSON lines or CSV text.

Result columns, in order (docs/screening.md):

``line, case_id, rule_id, clause, subject, outcome, amount, eligible_from, missing``

- ``line``: the case's line in the input file (its 1-based position for ``screen``);
- ``subject``: who the decision is about (``applicant``, ``applicant.members[0]`` …);
- ``amount``: yuan as a decimal string, empty when there is none (not eligible, not a cash
  benefit, or set by other regulations);
- ``eligible_from``: the first date the rule would hold where only a duration is short;
- ``missing``: the model paths of missing facts (JSON: a list; CSV: joined by ``;``).

With ``--trace`` each row also carries ``trace``: the decision's conditions, items and amount
in the report JSON schema (CSV: that object as JSON in one cell).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any, Literal

from ..explain.convert import screening_row
from ..explain.decision import Decision, jsonable
from ..model import FieldProblem

OutputFormat = Literal["jsonl", "csv"]
RESULT_COLUMNS = (
    "line", "case_id", "rule_id", "clause", "subject", "outcome", "amount", "eligible_from",
    "missing",
)
TRACE_COLUMN = "trace"


def output_format_of(path: str, explicit: str | None = None) -> OutputFormat:
    if explicit in ("jsonl", "csv"):
        return explicit  # type: ignore[return-value]
    return "csv" if path.lower().endswith(".csv") else "jsonl"


def result_row(line: int, case_id: str | None, d: Decision, trace: bool) -> dict[str, Any]:
    """One result row; its JSON is defined by ``explain.contract.ScreeningRow``."""
    return screening_row(line, case_id, d, trace)


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=jsonable)
_json = _ENCODER.encode  # one encoder: json.dumps with options builds a new one per call


class RowFormatter:
    """Turns result rows into output text: JSON lines, or CSV with a header written once."""

    def __init__(self, fmt: OutputFormat, trace: bool) -> None:
        self.fmt = fmt
        self.columns = (*RESULT_COLUMNS, TRACE_COLUMN) if trace else RESULT_COLUMNS

    def header(self) -> str:
        return self._csv([list(self.columns)]) if self.fmt == "csv" else ""

    def format(self, rows: Iterable[dict[str, Any]]) -> str:
        if self.fmt == "jsonl":
            return "".join(_json(r) + "\n" for r in rows)
        return self._csv([self._cells(r) for r in rows])

    def _cells(self, row: dict[str, Any]) -> list[str]:
        out = []
        for col in self.columns:
            value = row.get(col)
            if value is None:
                out.append("")
            elif col == "missing":
                out.append(";".join(value))
            elif col == TRACE_COLUMN:
                out.append(_json(value))
            else:
                out.append(str(value))
        return out

    @staticmethod
    def _csv(rows: list[list[str]]) -> str:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        return buf.getvalue()


def parse_result_csv_row(row: dict[str, str]) -> dict[str, Any]:
    """A CSV result row read back into the JSON-lines shape (for tests and downstream tools)."""
    out: dict[str, Any] = {k: (v if v != "" else None) for k, v in row.items()}
    out["line"] = int(row["line"])
    out["missing"] = row["missing"].split(";") if row.get("missing") else []
    if row.get(TRACE_COLUMN):
        out[TRACE_COLUMN] = json.loads(row[TRACE_COLUMN])
    return out


def error_line(line: int, case_id: str | None, problems: list[FieldProblem], raw: str) -> str:
    """One JSON line of the errors file: where the row was, what is wrong, and the row itself."""
    return _json({
        "line": line,
        "case_id": case_id,
        "problems": [{"path": p.path, "message": p.message} for p in problems],
        "raw": raw,
    }) + "\n"
