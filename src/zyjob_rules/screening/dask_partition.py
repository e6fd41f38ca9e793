"""Screening partitioned registries: a partition function for Dask (and Spark), and an entry point.

``screen_partition(batch, as_of)`` screens one pandas DataFrame or Arrow table/batch of
registry rows (the CSV layout's columns) and returns the result rows as the same kind (pandas
in, pandas out), with ``row`` set to the input's index labels (pandas) so rows stay identifiable
across partitions. It keeps one compiled screener per process and rule selection, so a worker
compiles the rules once, not once per partition. Rows are decided by the columnar (polars)
backend by default where its extra is installed, else by the scalar engine (``backend_choice``).

``screen_parquet_dask(source, target, as_of)`` reads a (partitioned) Parquet registry with
``dask.dataframe``, maps ``screen_partition`` over its partitions on whatever scheduler is active
(a ``distributed.Client`` if one is connected) and writes the results as partitioned Parquet with
the exact result schema. docs/screening.md shows the same function under Spark's
``mapInPandas``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from .backend_choice import resolve_backend
from .core import Screener
from .frames import RESULT_FRAME_COLUMNS, frame_kind, frame_records, result_schema, screen_records
from .optional import require

_SCREENERS: dict[tuple[str | None, tuple[str, ...] | None, str], Screener] = {}


def _screener(rules: str | None, rule_ids: tuple[str, ...] | None, backend: str) -> Screener:
    key = (rules, rule_ids, backend)
    screener = _SCREENERS.get(key)
    if screener is None:
        screener = _SCREENERS[key] = Screener(rules, False, rule_ids)
    return screener


def screen_partition(
    batch: Any,
    as_of: date | str | None,
    rules: str | None = None,
    rule_ids: tuple[str, ...] | None = None,
    backend: str | None = None,
) -> Any:
    """The result rows of one partition (see the module docstring). ``rules`` is a rules
    directory (a path travels to workers; a RuleSet would be pickled with every task)."""
    engine = resolve_backend(backend)
    day = date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    if type(batch).__name__ == "RecordBatch":
        batch = require("pyarrow").Table.from_batches([batch])
    kind = frame_kind(batch)
    results = screen_records(_screener(rules, rule_ids, engine), frame_records(batch), day, engine)
    out = results.to_frame(kind)
    if kind == "pandas":
        labels = batch.index
        out["row"] = [labels[i] for i in out["row"]] if len(out) else out["row"]
        out["row"] = out["row"].astype("int64")
    return out


def empty_result_frame() -> Any:
    """An empty pandas result frame with the result columns (Dask's ``meta``)."""
    pd = require("pandas")
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in RESULT_FRAME_COLUMNS})
    frame["row"] = frame["row"].astype("int64")
    return frame


def screen_parquet_dask(
    source: str | Path,
    target: str | Path,
    as_of: date | str,
    rules: str | None = None,
    rule_ids: tuple[str, ...] | None = None,
    backend: str | None = None,
) -> int:
    """Screen the Parquet registry ``source`` (a file or a directory of parts) partition by
    partition with dask.dataframe, writing result parts under ``target``; the number of
    partitions written. Runs on the current Dask scheduler (a connected distributed Client).
    """
    dask = require("dask", "dask")
    dd = require("dask.dataframe", "dask")
    day = as_of.isoformat() if isinstance(as_of, date) else as_of
    resolve_backend(backend)
    # object columns hold Decimals and lists: never let Dask turn them into pyarrow strings
    with dask.config.set({"dataframe.convert-string": False}):
        registry = dd.read_parquet(str(source))
        results = registry.map_partitions(
            screen_partition, day, rules, rule_ids, backend, meta=empty_result_frame())
        results.to_parquet(str(target), schema=result_schema(), write_index=False)
    return int(registry.npartitions)
