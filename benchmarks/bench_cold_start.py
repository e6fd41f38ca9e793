"""Benchmark: cold start — what a CLI user or a service start pays before the first decision.

    .venv/bin/python benchmarks/bench_cold_start.py [--runs 5]

Each run is a fresh interpreter. Parts, timed inside it in CPU time (on a shared machine the
wall time mostly measures the other jobs): ``import zyjob_rules`` (pydantic
models built), the first ``load_ruleset()`` (YAML read, schema validated, expressions parsed
and checked), the first ``evaluate`` of the bundled family-farm example (the rules compiled to
Python, then decided, traced); and, from outside, the wall time of ``zyjob-rules evaluate``
on the same example (interpreter start to exit). Min and median of ``--runs`` runs; the CPU
time of the CLI process is printed too (less disturbed by other jobs on a shared machine).
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


def cli_run() -> tuple[float, float]:
    """(wall, CPU) seconds of one ``zyjob-rules evaluate`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "zyjob_rules", "evaluate", str(EXAMPLE)],
                   check=True, stdout=subprocess.DEVNULL, env=os.environ.copy())
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    parts: dict[str, list[float]] = {}
    walls, cpus = [], []
    for _ in range(args.runs):
        out = subprocess.run([sys.executable, "-c", PARTS], check=True, capture_output=True,
                             text=True).stdout
        for name, seconds in json.loads(out.strip().splitlines()[-1]).items():
            parts.setdefault(name, []).append(seconds)
        wall, cpu = cli_run()
        walls.append(wall)
        cpus.append(cpu)
    print(f"cold start, {args.runs} fresh interpreters: ms min / median (CPU unless wall)")
    for name, times in parts.items():
        print(f"  {name:<28}{min(times) * 1e3:8.0f}{statistics.median(times) * 1e3:8.0f}")
    print(f"  {'zyjob-rules evaluate (wall)':<28}{min(walls) * 1e3:8.0f}"
          f"{statistics.median(walls) * 1e3:8.0f}")
    print(f"  {'zyjob-rules evaluate (CPU)':<28}{min(cpus) * 1e3:8.0f}"
          f"{statistics.median(cpus) * 1e3:8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
