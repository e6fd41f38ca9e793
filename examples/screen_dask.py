"""Screen a partitioned Parquet registry on a local Dask cluster; results as partitioned Parquet.

    python examples/screen_dask.py [--rows 400] [--workers 2] [--out dask-example]

Writes a synthetic registry as Parquet parts, starts ``distributed.LocalCluster`` with worker
processes, screens every part with ``screen_parquet_dask`` (each worker compiles the rules once)
and reads the results back. On a real cluster, connect a ``distributed.Client`` to its
scheduler instead. Needs the dask extra: pip install 'zyjob-rules[dask]'.
"""

from __future__ import annotations

import argparse
import csv
import io
from datetime import date
from pathlib import Path

import pandas as pd
from distributed import Client, LocalCluster

from zyjob_rules import Case
from zyjob_rules.screening import case_to_row, columns, synth_rows
from zyjob_rules.screening.dask_partition import screen_parquet_dask


def write_registry(directory: Path, rows: int, parts: int) -> None:
    text = io.StringIO()
    writer = csv.DictWriter(text, columns())
    writer.writeheader()
    for kind in ("person", "enterprise"):
        for case in synth_rows(kind, rows // 2, seed=3):
            writer.writerow(case_to_row(Case.model_validate(case)))
    text.seek(0)
    frame = pd.read_csv(text)  # typed as an export would be: NaN gaps, 2.0, floats
    directory.mkdir(parents=True, exist_ok=True)
    size = -(-len(frame) // parts)
    for i in range(parts):
        part = frame.iloc[i * size:(i + 1) * size]
        part.to_parquet(directory / f"part-{i}.parquet", index=True)  # keeps row numbers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="screen a Parquet registry with Dask")
    parser.add_argument("--rows", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2018, 6, 30))
    parser.add_argument("--out", default="dask-example")
    args = parser.parse_args(argv)

    out = Path(args.out)
    write_registry(out / "registry", args.rows, parts=4)
    with LocalCluster(n_workers=args.workers, processes=True, threads_per_worker=1,
                      dashboard_address=None) as cluster, Client(cluster):
        parts = screen_parquet_dask(out / "registry", out / "results", as_of=args.as_of)
    results = pd.read_parquet(out / "results")
    eligible = results[results["outcome"] == "eligible"]
    print(f"{parts} partitions screened on {args.workers} workers: {len(results):,} result rows")
    print(eligible.groupby("rule_id")["amount"].agg(["size", "sum"]).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
