"""Benchmark: the columnar backend on a registry read from Parquet, against the scalar screen.

    .venv/bin/python benchmarks/bench_columnar.py [--rows 20000] [--scalar-rows 2000]
                                                  [--whatif-rows 1000000] [--batch 50000]

One run, one machine, figures as ratios measured in the same run:

1. a synthetic registry (persons and enterprises, ``screening.synth``) is written to Parquet in
   the columnar registry layout;
2. the four headline rules (poverty_hire_award, poverty_startup_loan,
   decapacity_stabilization_subsidy, skills_upgrade_subsidy) are decided over the whole file by
   the columnar engine (column-wise Parquet batches, no Python per row) — with details
   (missing facts, eligible_from, finished by the scalar engine where needed) and without;
3. the scalar ``screen`` decides the first ``--scalar-rows`` cases of the same file (read with
   pyarrow, each row back to a Case dict), and its rows/s is the baseline of the ratio;
4. every columnar decision of those cases is checked equal to the scalar one (outcome, amount,
   eligible_from, missing facts): any disagreement stops the benchmark, naming rule and case;
5. what-if: the registry tiled to ``--whatif-rows`` rows, decided with the policy as written and
   with one parameter changed (poverty_hire_award.amount_per_worker + 500), totals compared;
   seconds for the whole registry and the peak RSS of that process.

Not yet here (see the final report): the hand-written polars baseline of the four rules.
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from itertools import chain
from pathlib import Path

import polars as pl

from zyjob_rules.engine.columnar import ColumnarEngine
from zyjob_rules.engine.columnar.differential import assert_agree
from zyjob_rules.engine.columnar.layout import arrow, model_input
from zyjob_rules.engine.columnar.registry_io import decide_file, read_batches, write_parquet
from zyjob_rules.model import Case
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
KINDS = {"person": "person", "organisation": "organisation", "household": "household"}


def registry_rows(n: int) -> list[dict[str, object]]:
    half = n // 2
    persons = synth_rows("person", half, seed=1)
    return list(chain(persons, synth_rows("enterprise", n - half, seed=1)))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scalar_inputs(path: Path, limit: int) -> list[dict[str, object]]:
    """The first ``limit`` cases of the Parquet file as Case dicts (the scalar screen's input)."""
    from zyjob_rules.engine.columnar.layout import APPLICANT_MODELS

    out: list[dict[str, object]] = []
    for table in read_batches(path, limit):
        for row in table.to_pylist():
            kind = row["kind"]
            applicant = model_input(row[kind], APPLICANT_MODELS[kind])
            out.append({"id": row["id"], "applicant": applicant})
            if len(out) >= limit:
                return out
    return out


def changed(ruleset, pid: str, delta: Decimal):  # type: ignore[no-untyped-def]
    """The rule set with one parameter's values raised by ``delta`` (a what-if)."""
    p = ruleset.parameters[pid]
    values = tuple(
        dataclasses.replace(v, value=None if v.value is None else v.value + delta)
        for v in p.values
    )
    assert all(isinstance(v, ParamValue) for v in values)
    params = {**ruleset.parameters, pid: dataclasses.replace(p, values=values)}
    return dataclasses.replace(ruleset, parameters=params, _cache={})


def totals(frames: list[pl.DataFrame]) -> tuple[int, int]:
    frame = pl.concat(frames)
    positive_outcomes = pl.Series(["eligible", "may_consider", "met"]).implode()
    positive = frame.filter(pl.col("outcome").is_in(positive_outcomes).fill_null(False))
    return positive.height, int(positive["amount_fen"].fill_null(0).sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--scalar-rows", type=int, default=2_000)
    parser.add_argument("--whatif-rows", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=50_000)
    args = parser.parse_args()

    rules = select_rules(bundled_ruleset(), HEADLINE)
    engine = ColumnarEngine(rules)
    print(f"fallbacks (rules decided by the scalar engine): {engine.fallbacks or 'none'}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "registry.parquet"
        t = time.perf_counter()
        write_parquet(registry_rows(args.rows), path, args.batch)
        print(f"registry: {args.rows} cases written to Parquet in {time.perf_counter() - t:.1f} s")

        for details in (True, False):
            t = time.perf_counter()
            frames = list(decide_file(engine, path, AS_OF, args.batch, details=details))
            secs = time.perf_counter() - t
            rate = args.rows / secs
            label = "with details" if details else "outcomes+amounts"
            scalar_share = pl.concat(frames)["engine"].eq("scalar").mean()
            print(
                f"columnar ({label}): {secs:.2f} s, {rate:,.0f} cases/s "
                f"(rows finished by the scalar engine: {scalar_share:.1%})"
            )
            if details:
                columnar_rate = rate
            else:
                fast_rate = rate

        inputs = scalar_inputs(path, args.scalar_rows)
        t = time.perf_counter()
        results = list(screen(inputs, AS_OF, rules=rules))
        secs = time.perf_counter() - t
        scalar_rate = len(inputs) / secs
        assert all(r.ok for r in results)
        print(f"scalar screen from Parquet: {len(inputs)} cases in {secs:.2f} s, "
              f"{scalar_rate:,.0f} cases/s")
        print(f"ratio columnar/scalar: {columnar_rate / scalar_rate:.1f}x with details, "
              f"{fast_rate / scalar_rate:.1f}x outcomes+amounts (target >= 50x)")

        cases = [Case.model_validate(i) for i in inputs]
        t = time.perf_counter()
        assert_agree(engine, cases, AS_OF)
        print(f"checked equal to the scalar engine on {len(cases)} cases "
              f"({time.perf_counter() - t:.1f} s)")

        # What-if on a large registry: the file tiled to --whatif-rows rows.
        big = Path(tmp) / "big.parquet"
        pq_table = pl.read_parquet(path)
        reps = max(1, args.whatif_rows // pq_table.height)
        pl.concat([pq_table] * reps).write_parquet(big, row_group_size=args.batch)
        n = pq_table.height * reps
        arrow()
        for label, rs in (
            ("as written", rules),
            ("amount_per_worker +500", changed(rules, "poverty_hire_award.amount_per_worker",
                                               Decimal(500))),
        ):
            eng = ColumnarEngine(rs)
            t = time.perf_counter()
            frames = list(decide_file(eng, big, AS_OF, args.batch, details=False))
            secs = time.perf_counter() - t
            count, fen = totals(frames)
            print(f"what-if {label}: {n:,} cases in {secs:.1f} s ({n / secs:,.0f} cases/s); "
                  f"{count:,} positive decisions, total {fen / 100:,.2f} yuan")
            del frames
        print(f"peak RSS of this process: {peak_rss_mb():,.0f} MB (batch {args.batch:,})")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
