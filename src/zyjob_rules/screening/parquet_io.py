"""Parquet registries and result files (pyarrow, the ``analytics`` or ``columnar`` extra).

Reading: a Parquet registry has the CSV layout's columns (docs/screening.md), typed; it is
read one record batch at a time (bounded memory) and each row goes through ``frame_cells`` as a
frame row does. A record's ``line`` is the row's 1-based position in the file.

Writing: ``ParquetResultWriter`` takes the JSON-lines text the screening pipeline produces and
writes the same result rows as Parquet, row groups of ``ROW_GROUP`` rows, with exact types:
``amount`` decimal128(18, 2), ``eligible_from`` date32, ``missing`` a list of strings, ``trace``
(with ``--trace``) the JSON text of the trace.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

from ..errors import CaseInputError
from .frames import frame_records
from .optional import require
from .output import RESULT_COLUMNS, TRACE_COLUMN
from .records import Record, Source

BATCH_ROWS = 4096
ROW_GROUP = 65536


class ParquetInputError(CaseInputError):
    """A Parquet input that cannot be read at all (not Parquet, standard input, no pyarrow)."""

    code: ClassVar[str] = "parquet_input"


def _pyarrow() -> Any:
    try:
        require("pyarrow.parquet")
    except ImportError as exc:
        raise ParquetInputError(str(exc)) from exc
    return require("pyarrow")


def read_parquet(source: Source) -> Iterator[Record]:
    """One record per row of a Parquet file, read a batch at a time.

    Raises UnknownColumnsError (before any row) for a column of no applicant kind, and
    ParquetInputError when the input is not a Parquet file (standard input cannot be one).
    """
    pa = _pyarrow()
    if source.size is None:
        raise ParquetInputError(
            "a Parquet registry must be a file (it cannot be read from standard input)")
    try:
        parquet = pa.parquet.ParquetFile(source.stream)
    except pa.ArrowException as exc:
        raise ParquetInputError(f"not a Parquet file: {exc}") from exc
    total = max(parquet.metadata.num_rows, 1)
    done = 0
    for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
        yield from frame_records(pa.Table.from_batches([batch]), first_line=done + 1)
        done += batch.num_rows
        source.consumed = source.size * done // total


def result_arrow_schema(trace: bool) -> Any:
    """The Arrow schema of result rows as the CLI writes them (``line``, 1-based)."""
    pa = _pyarrow()
    fields = [
        ("line", pa.int64()), ("case_id", pa.string()), ("rule_id", pa.string()),
        ("clause", pa.string()), ("subject", pa.string()), ("outcome", pa.string()),
        ("amount", pa.decimal128(18, 2)), ("eligible_from", pa.date32()),
        ("missing", pa.list_(pa.string())),
    ]
    if trace:
        fields.append((TRACE_COLUMN, pa.string()))
    return pa.schema(fields)


class ParquetResultWriter(io.TextIOBase):
    """A text sink for the pipeline's JSON-lines result rows that writes them as Parquet.

    Call ``close()`` (or use it as a context manager) to write the last row group and the
    footer; a file left unclosed is not a valid Parquet file (nothing passes for complete).
    """

    def __init__(self, path: str | Path, trace: bool = False) -> None:
        pq = _pyarrow().parquet
        super().__init__()
        self.trace = trace
        self.schema = result_arrow_schema(trace)
        self.columns = [*RESULT_COLUMNS, TRACE_COLUMN] if trace else list(RESULT_COLUMNS)
        self._writer = pq.ParquetWriter(str(path), self.schema)
        self._rows: list[dict[str, Any]] = []
        self._pending = ""
        self.rows_written = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        lines = (self._pending + text).split("\n")
        self._pending = lines.pop()
        for line in lines:
            if line:
                self._rows.append(_typed(json.loads(line), self.trace))
        if len(self._rows) >= ROW_GROUP:
            self._flush()
        return len(text)

    def _flush(self) -> None:
        pa = _pyarrow()
        if not self._rows:
            return
        data = {c: [r.get(c) for r in self._rows] for c in self.columns}
        self._writer.write_table(pa.table(data, schema=self.schema))
        self.rows_written += len(self._rows)
        self._rows = []

    def close(self) -> None:
        if self.closed:
            return
        if self._pending.strip():
            self.write("\n")
        self._flush()
        self._writer.close()
        super().close()


def _typed(row: dict[str, Any], trace: bool) -> dict[str, Any]:
    amount = row.get("amount")
    row["amount"] = None if amount is None else Decimal(amount)
    since = row.get("eligible_from")
    row["eligible_from"] = None if since is None else date.fromisoformat(since)
    if trace and row.get(TRACE_COLUMN) is not None:
        row[TRACE_COLUMN] = json.dumps(row[TRACE_COLUMN], ensure_ascii=False)
    return row
