"""Registry files for the columnar engine, read and written batch by batch.

- Parquet and Arrow IPC files in the registry layout (layout.py) are read column-wise, one record
  batch at a time, with no Python per row;
- JSON lines and the flat CSV layout are parsed in batches: each line is validated into a Case
  (as the scalar screen does) and each batch goes to Arrow in one pass.

Memory is bounded by the batch size: one batch of input and its decisions at a time.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...model import Case
from .layout import arrow, cases_table, registry_schema

if TYPE_CHECKING:
    import polars as pl

    from .engine import ColumnarEngine

DEFAULT_BATCH = 50_000


def write_parquet(cases: Iterable[Case | Mapping[str, Any]], path: Path,
                  batch_size: int = DEFAULT_BATCH) -> int:
    """Write cases (or dicts in the Case shape) as a registry Parquet file; returns the count."""
    pq = _parquet()
    count = 0
    with pq.ParquetWriter(str(path), registry_schema()) as writer:
        for batch in _batched(cases, batch_size):
            table = cases_table(
                c if isinstance(c, Case) else Case.model_validate(c) for c in batch
            )
            writer.write_table(table)
            count += table.num_rows
    return count


def _parquet() -> Any:
    arrow()
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    return pq


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def read_batches(path: Path, batch_size: int = DEFAULT_BATCH) -> Iterator[Any]:
    """Arrow tables of at most ``batch_size`` cases from a registry file (by suffix:
    .parquet, .arrow/.ipc/.feather, .jsonl/.ndjson, .csv)."""
    pa = arrow()
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        pq = _parquet()
        for record_batch in pq.ParquetFile(str(path)).iter_batches(batch_size=batch_size):
            yield pa.Table.from_batches([record_batch])
    elif suffix in (".arrow", ".ipc", ".feather"):
        import pyarrow.ipc as ipc  # type: ignore[import-untyped]

        with pa.memory_map(str(path)) as source:
            reader = ipc.open_file(source)
            for i in range(reader.num_record_batches):
                yield pa.Table.from_batches([reader.get_batch(i)]).combine_chunks()
    elif suffix in (".jsonl", ".ndjson"):
        with path.open(encoding="utf-8") as lines:
            cases = (Case.model_validate_json(line) for line in lines if line.strip())
            for batch in _batched(cases, batch_size):
                yield cases_table(batch)
    elif suffix == ".csv":
        from ...screening.csv_layout import row_to_case

        with path.open(encoding="utf-8", newline="") as handle:
            rows = (row_to_case(row) for row in csv.DictReader(handle))
            cases_iter = (Case.model_validate(data) for data, problems in rows if not problems)
            for batch in _batched(cases_iter, batch_size):
                yield cases_table(batch)
    else:
        raise ValueError(f"{path}: unknown registry format {suffix!r}")


def decide_file(
    engine: ColumnarEngine,
    path: Path,
    as_of: date | None = None,
    batch_size: int = DEFAULT_BATCH,
    details: bool = True,
) -> Iterator[pl.DataFrame]:
    """The decisions of a registry file, one frame per batch (case_index counts from the start
    of the file)."""
    import polars as pl

    offset = 0
    for table in read_batches(path, batch_size):
        frame = engine.decide(table, as_of, details=details)
        yield frame.with_columns(pl.col("case_index") + offset)
        offset += table.num_rows


def dumps_jsonl(cases: Iterable[Case]) -> str:
    """JSON lines of cases (for tests and benchmarks)."""
    return "".join(json.dumps(c.model_dump(mode="json")) + "\n" for c in cases)
