"""Benchmark: cold start — what a CLI user or a service start pays before the first decision.

    .venv/bin/python benchmarks/bench_cold_start.py [--runs 5]

Each run is a fresh interpreter. Parts, timed inside it in CPU time (on a shared machine the
wall time mostly measures the other jobs): ``import zyjob_rules`` (pydantic
models built), the first ``load_ruleset()`` (YAML read, schema validated, expressions parsed
and checked), the first ``evaluate`` of the bundled family-farm example (the rules compiled to
Python, then decided, traced); and, from outside, the wall time of ``zyjob-rules evaluate``
on the same example (interpreter start to exit). Min and median of ``--runs`` runs; the CPU
time of the CLI process is printed too (less disturbed by other jobs on a shared machine).

``--baseline-src DIR`` times another source tree (e.g. ``git archive`` of an earlier commit
unpacked in /tmp, its ``src``) in the same rounds, interleaved with this one, and prints the
ratios: before/after figures measured under the same load.

Python compiles every module it imports unless a cached ``.pyc`` exists; an installed package
has them (pip writes them), so one untimed warm-up run per tree writes them first. With
``PYTHONDONTWRITEBYTECODE`` set (as on this project's shared machine) nothing is cached and
every run compiles the whole library again: the benchmark says so, and such figures measure
the compiler as much as the library.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "cases" / "family_farm_poor_hires.json"

PARTS = f"""
import json, time
t0 = time.process_time()
import zyjob_rules
t1 = time.process_time()
rules = zyjob_rules.load_ruleset()
t2 = time.process_time()
case = zyjob_rules.parse_case(open({str(EXAMPLE)!r}, encoding="utf-8").read())
zyjob_rules.evaluate(case, rules=rules)
t3 = time.process_time()
print(json.dumps({{"import": t1 - t0, "load_ruleset": t2 - t1, "first evaluate": t3 - t2}}))
"""


def environment(src: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(src)}


def cli_run(src: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one ``zyjob-rules evaluate`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "zyjob_rules", "evaluate", str(EXAMPLE)],
                   check=True, stdout=subprocess.DEVNULL, env=environment(src))
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def one_round(src: Path, parts: dict[str, list[float]]) -> None:
    out = subprocess.run([sys.executable, "-c", PARTS], check=True, capture_output=True,
                         text=True, env=environment(src)).stdout
    for name, seconds in json.loads(out.strip().splitlines()[-1]).items():
        parts.setdefault(name, []).append(seconds)
    wall, cpu = cli_run(src)
    parts.setdefault("zyjob-rules evaluate (wall)", []).append(wall)
    parts.setdefault("zyjob-rules evaluate (CPU)", []).append(cpu)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--baseline-src", type=Path, default=None,
                    help="another tree's src directory, timed in the same rounds")
    args = ap.parse_args(argv)
    trees = {"this tree": ROOT / "src"}
    if args.baseline_src is not None:
        trees = {"baseline": args.baseline_src.resolve(), **trees}
    results: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
    for src in trees.values():  # warm-up: writes the bytecode caches where allowed
        one_round(src, {})
    for _ in range(args.runs):
        for name, src in trees.items():
            one_round(src, results[name])
    cached = "no: PYTHONDONTWRITEBYTECODE is set" if os.environ.get(
        "PYTHONDONTWRITEBYTECODE") else "yes"
    print(f"cold start, {args.runs} interleaved rounds of fresh interpreters "
          f"(bytecode cached: {cached}): ms min / median (CPU unless wall)")
    for name, parts in results.items():
        print(f" {name} ({trees[name]})")
        for part, times in parts.items():
            print(f"  {part:<28}{min(times) * 1e3:8.0f}{statistics.median(times) * 1e3:8.0f}")
    if args.baseline_src is not None:
        print(" this tree / baseline, per round: min / median")
        for part, times in results["this tree"].items():
            base = results["baseline"][part]
            per_round = [t / b for t, b in zip(times, base, strict=True)]
            print(f"  {part:<28}{min(per_round):8.2f}{statistics.median(per_round):8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
