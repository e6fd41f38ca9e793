"""Benchmark: the columnar backend against a hand-written polars baseline and the scalar screen.

    PYTHONPATH=src python benchmarks/bench_columnar.py [--rows 100000] [--scalar-rows 5000]
        [--rounds 3] [--whatif-rows 1000000] [--rss-rows 0] [--batch 50000]

One run, one machine, figures as ratios measured in the same run (CPU seconds of this process,
interleaved rounds: ``timing.interleaved``; min and median of the per-round ratios):

1. a synthetic registry (persons and enterprises, ``screening.synth``) is written to Parquet in
   the columnar registry layout (``engine/columnar/layout.py``);
2. **columnar vs hand-written polars** (``handwritten_polars.py``): the four headline rules
   (poverty_hire_award, poverty_startup_loan, decapacity_stabilization_subsidy,
   skills_upgrade_subsidy), outcomes and amounts, on the same in-memory Arrow batches; first
   checked equal row for row (any difference stops the benchmark); target: within 2x;
3. **columnar vs the scalar screen from Parquet**: ``--scalar-rows`` cases spread evenly over the
   registry (persons and enterprises), read from
   the Parquet file by both (the scalar side turns each row back into a case dict and runs
   ``screen``), with the same output (missing facts, eligible_from: columnar ``details=True``),
   checked equal decision by decision first; target: >= 50x;
4. **what-if on ``--whatif-rows`` rows**: the registry tiled to a Parquet file of that size,
   decided under the rules as written and with one parameter changed
   (poverty_hire_award.amount_per_worker + 500), outcomes and amounts, batch by batch; seconds
   and peak RSS, in a child process (so the RSS is the what-if's alone). ``--rss-rows`` (e.g.
   10,000,000) runs one more child deciding that many rows once, for its peak RSS.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from itertools import chain
from pathlib import Path
from typing import Any

import handwritten_polars
import polars as pl
from timing import interleaved, ratios

from zyjob_rules.engine.columnar import ColumnarEngine
from zyjob_rules.engine.columnar.differential import assert_agree
from zyjob_rules.engine.columnar.layout import APPLICANT_MODELS, model_input
from zyjob_rules.engine.columnar.registry_io import decide_file, read_batches, write_parquet
from zyjob_rules.model import Case
from zyjob_rules.ruleset.checked import RuleSet
from zyjob_rules.ruleset.loader import bundled_ruleset
from zyjob_rules.ruleset.parameters import ParamValue
from zyjob_rules.screening import screen
from zyjob_rules.screening.core import select_rules
from zyjob_rules.screening.synth import synth_rows

HEADLINE = [
    "poverty_hire_award",
    "poverty_startup_loan",
    "decapacity_stabilization_subsidy",
    "skills_upgrade_subsidy",
]
AS_OF = date(2018, 6, 30)
CHANGE = ("poverty_hire_award.amount_per_worker", Decimal(500))
POSITIVE = ["eligible", "may_consider", "met"]


def registry_rows(n: int) -> list[dict[str, object]]:
    half = n // 2
    persons = synth_rows("person", half, seed=1)
    return list(chain(persons, synth_rows("enterprise", n - half, seed=1)))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scalar_inputs(path: Path, limit: int) -> list[dict[str, object]]:
    """The first ``limit`` cases of the Parquet file as Case dicts (the scalar screen's input)."""
    out: list[dict[str, object]] = []
    for table in read_batches(path, limit):
        for row in table.to_pylist():
            kind = row["kind"]
            applicant = model_input(row[kind], APPLICANT_MODELS[kind])
            out.append({"id": row["id"], "applicant": applicant})
            if len(out) >= limit:
                return out
    return out


def changed(ruleset: RuleSet, pid: str, delta: Decimal) -> RuleSet:
    """The rule set with one parameter's values raised by ``delta`` (a what-if)."""
    p = ruleset.parameters[pid]
    values = tuple(
        dataclasses.replace(v, value=None if v.value is None else v.value + delta)
        for v in p.values
    )
    assert all(isinstance(v, ParamValue) for v in values)
    params = {**ruleset.parameters, pid: dataclasses.replace(p, values=values)}
    return dataclasses.replace(ruleset, parameters=params, _cache={})


def engine_rows(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(pl.col("case_index").cast(pl.Int64), "rule_id", "outcome",
                        "amount_fen").sort("case_index", "rule_id")


def check_handwritten(engine: ColumnarEngine, tables: list[Any]) -> int:
    """Rows compared; stops the benchmark on the first difference."""
    compared = 0
    for t in tables:
        mine = handwritten_polars.decide(pl.from_arrow(t), AS_OF)  # type: ignore[arg-type]
        theirs = engine_rows(engine.decide(t, AS_OF, details=False))
        if not mine.equals(theirs):
            diff = mine.join(theirs, on=["case_index", "rule_id"], how="full", suffix="_engine")
            bad = diff.filter(pl.col("outcome").ne_missing(pl.col("outcome_engine"))
                              | pl.col("amount_fen").ne_missing(pl.col("amount_fen_engine")))
            raise SystemExit(f"hand-written polars and the engine differ:\n{bad.head(10)}")
        compared += mine.height
    return compared


def whatif_child(path: Path, batch: int, both: bool) -> None:
    """Decide the file under the rules (and, with ``both``, the changed rules); print JSON."""
    rules = select_rules(bundled_ruleset(), HEADLINE)
    sides = [("as written", rules)]
    if both:
        sides.append(("changed", changed(rules, *CHANGE)))
    out: dict[str, Any] = {}
    t_all = time.perf_counter()
    for label, rs in sides:
        engine = ColumnarEngine(rs)
        n = count = fen = 0
        t = time.perf_counter()
        for frame in decide_file(engine, path, AS_OF, batch, details=False):
            positive = frame.filter(pl.col("outcome").is_in(POSITIVE))
            count += positive.height
            fen += int(positive["amount_fen"].fill_null(0).sum())
            n = int(frame["case_index"].max()) + 1
        out[label] = {"cases": n, "seconds": time.perf_counter() - t, "positive": count,
                      "fen": fen}
    out["seconds"] = time.perf_counter() - t_all
    out["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(out))


def tiled(source: Path, target: Path, rows: int) -> int:
    """``source`` repeated into ``target`` (Parquet) up to ``rows`` rows, written part by part."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    table = pq.read_table(str(source))
    written = 0
    with pq.ParquetWriter(str(target), table.schema) as writer:
        while written < rows:
            part = table.slice(0, min(table.num_rows, rows - written))
            writer.write_table(part, row_group_size=50_000)
            written += part.num_rows
    return written


def run_child(path: Path, batch: int, both: bool) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", str(path), "--batch", str(batch)]
    if both:
        cmd.append("--both")
    done = subprocess.run(cmd, check=True, capture_output=True, text=True, env=os.environ.copy())
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def report_rss(path: Path, big: Path, rows: int, batch: int) -> None:
    rows = tiled(path, big, rows)
    result = run_child(big, batch, both=False)
    print(f"{rows:,} rows decided once: {result['seconds']:.1f} s, peak RSS "
          f"{result['peak_rss_mb']:,.0f} MB (batch {batch:,})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--scalar-rows", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--whatif-rows", type=int, default=1_000_000)
    parser.add_argument("--rss-rows", type=int, default=0)
    parser.add_argument("--batch", type=int, default=50_000)
    parser.add_argument("--only-rss", action="store_true",
                        help="skip 2-4: write the registry and run the --rss-rows child only")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--both", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        whatif_child(args.child, args.batch, args.both)
        return

    print(f"load average at start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores, shared)")
    rules = select_rules(bundled_ruleset(), HEADLINE)
    engine = ColumnarEngine(rules)
    print(f"fallbacks (rules decided by the scalar engine): {engine.fallbacks or 'none'}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "registry.parquet"
        t = time.perf_counter()
        write_parquet(registry_rows(args.rows), path, args.batch)
        secs = time.perf_counter() - t
        print(f"registry: {args.rows:,} cases written to Parquet in {secs:.1f} s")

        if args.only_rss:
            report_rss(path, Path(tmp) / "big.parquet", args.rss_rows, args.batch)
            return
        # 2. columnar vs hand-written polars, outcomes and amounts, same in-memory batches
        tables = list(read_batches(path, args.batch))
        compared = check_handwritten(engine, tables)
        print(f"hand-written polars == columnar engine on {compared:,} rows (outcome, amount)")
        frames = [pl.from_arrow(t) for t in tables]
        times = interleaved({
            "handwritten": lambda: [handwritten_polars.decide(f, AS_OF) for f in frames],
            "columnar": lambda: [engine.decide(t, AS_OF, details=False) for t in tables],
            "columnar_details": lambda: list(decide_file(engine, path, AS_OF, args.batch)),
        }, args.rounds)
        lo, med = ratios(times["columnar"], times["handwritten"])
        print(f"columnar / hand-written polars (CPU s, {args.rounds} interleaved rounds): "
              f"min {lo:.2f}x, median {med:.2f}x (target <= 2x)")
        for name, ts in times.items():
            print(f"  {name}: min {min(ts):.2f} s = {args.rows / min(ts):,.0f} rows/s "
                  f"(CPU), rounds {[round(x, 2) for x in ts]}")

        # 3. columnar (same output as screen) vs the scalar screen, both from Parquet
        small = Path(tmp) / "small.parquet"
        registry = pl.read_parquet(path)  # persons then enterprises: take both, evenly spread
        registry.gather_every(max(1, registry.height // args.scalar_rows)).head(
            args.scalar_rows).write_parquet(small)
        del registry
        inputs = scalar_inputs(small, args.scalar_rows)
        cases = [Case.model_validate(i) for i in inputs]
        assert_agree(engine, cases, AS_OF)
        print(f"columnar (details) == scalar engine on {len(cases):,} cases, every decision")

        def scalar() -> None:
            results = list(screen(scalar_inputs(small, args.scalar_rows), AS_OF, rules=rules))
            assert all(r.ok for r in results)

        times = interleaved({
            "scalar_screen": scalar,
            "columnar_details": lambda: list(decide_file(engine, small, AS_OF, args.batch)),
            "columnar": lambda: list(decide_file(engine, small, AS_OF, args.batch,
                                                 details=False)),
        }, args.rounds)
        n = args.scalar_rows
        for name in ("columnar_details", "columnar"):
            lo, med = ratios(times["scalar_screen"], times[name])
            print(f"scalar screen / {name} from Parquet on {n:,} cases: min {lo:.1f}x, "
                  f"median {med:.1f}x (target >= 50x)")
        for name, ts in times.items():
            print(f"  {name}: min {min(ts):.3f} s = {n / min(ts):,.0f} rows/s (CPU)")

        # 4. what-if on a large registry, and peak RSS, in child processes
        big = Path(tmp) / "big.parquet"
        rows = tiled(path, big, args.whatif_rows)
        t = time.perf_counter()
        result = run_child(big, args.batch, both=True)
        wall = time.perf_counter() - t
        a, b = result["as written"], result["changed"]
        print(f"what-if on {rows:,} rows (two rule sets, {CHANGE[0]} +{CHANGE[1]}): "
              f"{result['seconds']:.1f} s of decisions ({wall:.1f} s with start-up), "
              f"peak RSS {result['peak_rss_mb']:,.0f} MB (batch {args.batch:,})")
        print(f"  as written: {a['positive']:,} positive, {a['fen'] / 100:,.2f} yuan "
              f"({a['seconds']:.1f} s); changed: {b['positive']:,} positive, "
              f"{b['fen'] / 100:,.2f} yuan ({b['seconds']:.1f} s); difference "
              f"{(b['fen'] - a['fen']) / 100:+,.2f} yuan")
        big.unlink()
        if args.rss_rows:
            report_rss(path, big, args.rss_rows, args.batch)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
