"""Screening a Parquet registry with Dask: rows/s at 1 and 2 worker processes.

    python benchmarks/bench_dask.py [--rows 4000] [--parts 8]

The baseline is the single-process screen of the same frame (``screen_frame``), checked to give
the same result rows as both cluster runs before the figures are printed. Each cluster run
includes Dask's scheduling and Parquet I/O (what a user pays), not the cluster's start-up.
On a 2-core machine shared with other jobs, 2 workers gain less than 2x.
"""

from __future__ import annotations

import argparse
import csv
import io
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from distributed import Client, LocalCluster

from zyjob_rules import Case
from zyjob_rules.screening import case_to_row, columns, synth_rows
from zyjob_rules.screening.dask_partition import screen_parquet_dask
from zyjob_rules.screening.frames import screen_frame

AS_OF = date(2018, 6, 30)


def registry(rows: int) -> Any:
    text = io.StringIO()
    writer = csv.DictWriter(text, columns())
    writer.writeheader()
    for kind in ("person", "enterprise"):
        for case in synth_rows(kind, rows // 2, seed=11):  # type: ignore[arg-type]
            writer.writerow(case_to_row(Case.model_validate(case)))
    text.seek(0)
    return pd.read_csv(text)


def keys(frame: Any) -> list[tuple[Any, ...]]:
    return sorted((r["row"], r["rule_id"], r["subject"], r["outcome"], r["amount"])
                  for r in frame.to_dict("records"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=4000)
    parser.add_argument("--parts", type=int, default=8)
    args = parser.parse_args(argv)
    frame = registry(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        parts = Path(tmp) / "registry"
        parts.mkdir()
        size = -(-len(frame) // args.parts)
        for i in range(args.parts):
            frame.iloc[i * size:(i + 1) * size].to_parquet(parts / f"p{i}.parquet", index=True)
        t0 = time.perf_counter()
        expected = screen_frame(frame, AS_OF)
        base = time.perf_counter() - t0
        print(f"rows: {len(frame):,} in {args.parts} parts, as of {AS_OF}")
        print(f"{'variant':<28}{'seconds':>9}{'rows/s':>10}{'x single':>10}")
        print(f"{'single process (baseline)':<28}{base:>9.2f}{len(frame) / base:>10,.0f}"
              f"{1.0:>10.2f}")
        for workers in (1, 2):
            with LocalCluster(n_workers=workers, processes=True, threads_per_worker=1,
                              dashboard_address=None) as cluster, Client(cluster) as client:
                # warm the workers (imports, rule compilation) on one part, untimed
                client.run(lambda: __import__("zyjob_rules.screening.dask_partition"))
                screen_parquet_dask(parts / "p0.parquet", Path(tmp) / f"warm{workers}", AS_OF)
                t0 = time.perf_counter()
                screen_parquet_dask(parts, Path(tmp) / f"out{workers}", AS_OF)
                took = time.perf_counter() - t0
            got = pd.read_parquet(Path(tmp) / f"out{workers}")
            assert keys(got) == keys(expected), "the cluster's rows differ from the baseline"
            print(f"{f'dask, {workers} worker(s)':<28}{took:>9.2f}{len(frame) / took:>10,.0f}"
                  f"{base / took:>10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
