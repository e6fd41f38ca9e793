"""Screening DataFrames and Arrow tables: ``screen_frame`` (frame in, frame of result rows out).

A frame is a registry in the CSV layout (docs/screening.md): one row per applicant, the same
columns, any order, any subset. pandas and polars DataFrames and pyarrow Tables (or record
batches) are accepted; each row is read through ``frame_cells`` into the CSV's cell text and
then through ``csv_layout.row_to_case``, so a frame row and a CSV row give the same case.

The result has one row per case, rule and subject (as the CLI's result rows), plus one row with
outcome ``rejected`` per input row that could not be decided, so no row is ever lost:

``row, case_id, rule_id, clause, subject, outcome, amount, eligible_from, missing, problems``

``row`` is the input row's 0-based position; ``amount`` is an exact decimal (``Decimal`` in
pandas, ``decimal128(18, 2)`` in Arrow and polars); ``missing`` and ``problems`` are lists of
text. The result is of the input's kind: pandas in, pandas out; polars in, polars out; Arrow in,
Arrow table out. pandas, polars and pyarrow are optional extras imported only when used.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from ..explain.decision import Decision
from ..model import FieldProblem
from ..model.validation import CaseValidationError
from ..ruleset.checked import RuleSet
from .backend_choice import resolve_backend
from .core import Screener, ScreenResult
from .csv_layout import check_header, row_to_case
from .frame_cells import jsonable, row_cells
from .optional import require
from .pipeline import chunked
from .records import Record

COLUMNAR_BATCH = 5000
"""Records decided together by the columnar backend (memory is bounded by this batch)."""

FrameKind = Literal["pandas", "polars", "arrow"]
RESULT_FRAME_COLUMNS = (
    "row", "case_id", "rule_id", "clause", "subject", "outcome", "amount", "eligible_from",
    "missing", "problems",
)
REJECTED = "rejected"
"""The outcome of a result row standing for an input row that could not be decided."""


def frame_kind(frame: Any) -> FrameKind:
    """Which library a frame comes from; TypeError for anything else."""
    module = type(frame).__module__.split(".")[0]
    if module == "pandas" and hasattr(frame, "columns"):
        return "pandas"
    if module == "polars" and hasattr(frame, "get_column"):
        return "polars"
    if module == "pyarrow" and hasattr(frame, "column_names"):
        return "arrow"
    raise TypeError(
        f"expected a pandas or polars DataFrame or a pyarrow Table, got {type(frame).__name__}"
    )


def frame_columns(frame: Any) -> tuple[dict[str, list[Any]], int]:
    """The frame's columns as lists of cells (column name -> cells) and its number of rows.

    Raises UnknownColumnsError for a column of no applicant kind, ValueError for a duplicated
    column name (which one would be read is not for us to guess).
    """
    kind = frame_kind(frame)
    if kind == "pandas":
        names = [str(c) for c in frame.columns]
    else:
        names = [str(c) for c in frame.column_names] if kind == "arrow" else list(frame.columns)
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ValueError(f"duplicate column(s): {', '.join(dupes)}")
    check_header(names)
    if kind == "pandas":
        cells = {str(c): frame[c].tolist() for c in frame.columns}
    elif kind == "polars":
        cells = {c: frame.get_column(c).to_list() for c in names}
    else:
        cells = {n: frame.column(i).to_pylist() for i, n in enumerate(names)}
    return cells, len(frame)


def frame_records(frame: Any, first_line: int = 0) -> Iterator[Record]:
    """One ``Record`` per frame row (its ``line`` is ``first_line`` + the row's position).

    The payload is the Case-shaped dict of the row; its problems name each cell that could not
    be read exactly (column, row and value).
    """
    columns, n_rows = frame_columns(frame)
    names = list(columns)
    for i in range(n_rows):
        line = first_line + i
        row = {name: columns[name][i] for name in names}
        texts, problems = row_cells(row, line)
        payload, json_problems = row_to_case(texts)
        yield Record(line, _raw(row), payload, problems + json_problems)


def _raw(row: dict[str, Any]) -> str:
    """The row as one JSON object (for an errors file: the rejected row kept as it was)."""
    shown = {k: jsonable(v) for k, v in row.items()}
    return json.dumps({k: v for k, v in shown.items() if v is not None},
                      ensure_ascii=False, default=str)


def decide_record(screener: Screener, record: Record, as_of: date | None) -> ScreenResult:
    """Screen one record; a record with cell problems is rejected with the model's problems of
    the rest of the row too (every bad field at once). Never raises for a bad row."""
    if record.problems or record.payload is None:
        problems = list(record.problems)
        if isinstance(record.payload, dict):
            try:
                screener.validate(record.payload)
            except CaseValidationError as exc:
                problems += [p for p in exc.problems if p not in problems]
        return ScreenResult(record.line, None, problems=problems or [
            FieldProblem("$", "unreadable row")])
    try:
        return screener.screen_one(record.payload, record.line, as_of)
    except Exception as exc:  # a bug must not lose the row nor stop the run
        return ScreenResult(record.line, None, problems=[
            FieldProblem("$", f"internal error: {type(exc).__name__}: {exc}")])


def problem_text(problem: FieldProblem) -> str:
    """``path: message``, with the offending value when the message does not already show it."""
    text = f"{problem.path}: {problem.message}"
    if problem.value is not None and repr(problem.value) not in text and str(
            problem.value) not in text:
        shown = repr(problem.value)
        text += f" (value: {shown if len(shown) <= 200 else shown[:200] + '…'})"
    return text


@dataclass
class ResultColumns:
    """Result rows collected column by column (cheap to turn into any frame)."""

    data: dict[str, list[Any]] = field(
        default_factory=lambda: {c: [] for c in RESULT_FRAME_COLUMNS})

    def add(self, result: ScreenResult) -> None:
        if result.report is None:
            self._append(result.index, result.case_id, None, REJECTED,
                         [problem_text(p) for p in result.problems])
            return
        for d in result.report.decisions:
            self._append(result.index, result.case_id, d, d.outcome.value, [])

    def _append(self, row: int, case_id: str | None, d: Decision | None, outcome: str,
                problems: list[str]) -> None:
        data = self.data
        data["row"].append(row)
        data["case_id"].append(case_id)
        data["rule_id"].append(d.rule_id if d else None)
        data["clause"].append(d.clause if d else None)
        data["subject"].append(d.subject if d else None)
        data["outcome"].append(outcome)
        data["amount"].append(d.amount if d else None)
        data["eligible_from"].append(d.eligible_from if d else None)
        data["missing"].append(list(d.missing) if d else [])
        data["problems"].append(problems)

    def __len__(self) -> int:
        return len(self.data["row"])

    def to_arrow(self) -> Any:
        return require("pyarrow").table(self.data, schema=result_schema())

    def to_frame(self, kind: FrameKind) -> Any:
        """The rows as a frame of ``kind`` (pandas keeps Decimals, dates and lists as objects)."""
        if kind == "pandas":
            pd = require("pandas")
            frame = pd.DataFrame(self.data, columns=list(RESULT_FRAME_COLUMNS))
            frame["row"] = frame["row"].astype("int64")
            return frame
        table = self.to_arrow()
        if kind == "polars":
            return require("polars", "columnar").from_arrow(table)
        return table


def result_schema() -> Any:
    """The Arrow schema of result rows (amounts exact: decimal128 with two decimals)."""
    pa = require("pyarrow")
    return pa.schema([
        ("row", pa.int64()), ("case_id", pa.string()), ("rule_id", pa.string()),
        ("clause", pa.string()), ("subject", pa.string()), ("outcome", pa.string()),
        ("amount", pa.decimal128(18, 2)), ("eligible_from", pa.date32()),
        ("missing", pa.list_(pa.string())), ("problems", pa.list_(pa.string())),
    ])


def screen_records(
    screener: Screener, records: Iterable[Record], as_of: date | None, backend: str = "python"
) -> ResultColumns:
    """Decide ``records`` into result columns (rejected rows included)."""
    out = ResultColumns()
    for result in decide_records(screener, records, as_of, backend):
        out.add(result)
    return out


def decide_records(
    screener: Screener,
    records: Iterable[Record],
    as_of: date | None,
    backend: str = "python",
    details: bool = True,
    batch_size: int = COLUMNAR_BATCH,
) -> Iterator[ScreenResult]:
    """``decide_record`` of each record, in order. With ``backend="columnar"`` the readable
    records are decided batch by batch in polars (rejected ones exactly as ``decide_record``
    words them); ``details=False`` leaves out what only outcomes and amounts do not need
    (missing facts, eligible_from: see docs/engines.md)."""
    if backend != "columnar":
        for record in records:
            yield decide_record(screener, record, as_of)
        return
    from ..engine.columnar.screen import screen_columnar

    for chunk in chunked(records, batch_size):
        payloads = [r.payload for r in chunk if not r.problems and r.payload is not None]
        decided = screen_columnar(
            screener, [p for p in payloads if p is not None], as_of, len(payloads) or 1, details
        )
        for record in chunk:
            if record.problems or record.payload is None:
                yield decide_record(screener, record, as_of)
            else:
                result = next(decided)
                result.index = record.line
                yield result


def screen_frame(
    frame: Any,
    as_of: date | str | None,
    rules: RuleSet | str | Path | None = None,
    *,
    rule_ids: Iterable[str] | None = None,
    backend: str | None = None,
) -> Any:
    """Screen every row of a pandas/polars DataFrame or Arrow table; a frame of result rows.

    ``frame`` holds the registry's CSV columns (docs/screening.md), one row per applicant, cells
    typed as the frame library keeps them (NaN/None/NA are missing facts). ``as_of`` is the
    assessment date (a ``date`` or ``YYYY-MM-DD``; None uses each row's ``case_as_of``, else
    today). ``rules`` is a RuleSet, a rules directory or None for the bundled rules;
    ``rule_ids`` restricts the rules screened. ``backend`` names the engine: by default the
    columnar (polars) one where its extra is installed, else "python" (``backend_choice``);
    both give the same rows. A bad cell is a result row with outcome ``rejected`` whose ``problems``
    name the column, the row and the value; an unknown or duplicated column raises before any
    row is read.
    """
    engine = resolve_backend(backend)
    kind = frame_kind(frame)
    day = date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    screener = Screener(rules, False, rule_ids)
    return screen_records(screener, frame_records(frame), day, engine).to_frame(kind)
