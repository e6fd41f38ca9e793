"""Benchmark (c): screening a generated JSON-lines registry — cases/s, peak RSS, scaling, baseline.

    .venv/bin/python benchmarks/bench_screen.py [--rows 1000000] [--small 100000]
                                                [--workers 2] [--all-rules] [--keep DIR]

Generates one registry of ``--rows`` cases (persons and enterprises interleaved, deterministic)
and takes its first ``--small`` lines as the small registry, so both sizes hold the same kind of
cases. Each variant runs in a fresh process, timed from start to exit (imports, rule loading,
reading, writing: everything a user waits for), with its peak RSS (the largest single process,
from ``wait4``; and, for worker runs, the peak of the whole process tree sampled from /proc):

- ``plain loop``: for each line, ``Case.model_validate_json`` and ``handwritten.decide`` (the
  four headline rules by hand), nothing written;
- ``plain loop + write``: the same, writing each rule's result row as a JSON line;
- ``zyjob-rules screen --rule <the four headline rules>``: the engine on the same rules, writing
  the JSON-lines result rows and the errors file;
- the same with ``--workers N``; with ``--all-rules``, every rule in force as well.

Ratios are against the plain loop of the same size, measured in the same run. Scaling is
linear when the time per case at ``--rows`` is within a few percent of the time per case at
``--small``; memory is bounded when the peak RSS does not grow with the size.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import handwritten

AS_OF = date(2018, 6, 30)
RSS_TARGET_MB = 300.0


# -- the plain loop (run in a child process: ``bench_screen.py --plain FILE [--write OUT]``) -----
def plain_loop(path: str, out: str | None) -> None:
    from zyjob_rules.model import Case

    sink = open(out, "w", encoding="utf-8") if out else None  # noqa: SIM115
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    with open(path, "rb") as f:
        for number, line in enumerate(f, start=1):
            case = Case.model_validate_json(line)
            rows = handwritten.decide(case, AS_OF)
            if sink is not None:
                cid = case.id if case.id is not None else case.applicant.id
                for rule, subject, outcome, amount, eligible_from, missing in rows:
                    sink.write(dumps({
                        "line": number, "case_id": cid, "rule_id": rule, "subject": subject,
                        "outcome": outcome, "amount": None if amount is None else str(amount),
                        "eligible_from": eligible_from and eligible_from.isoformat(),
                        "missing": list(missing)}) + "\n")
    if sink is not None:
        sink.close()


# -- measuring a child process --------------------------------------------------------------
def _tree_rss_kb(pid: int) -> int:
    total = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            with open(f"/proc/{p}/task/{p}/children", encoding="ascii") as f:
                stack += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue
    return total


@dataclass
class Run:
    name: str
    rows: int
    seconds: float
    max_rss_mb: float  # largest single process
    tree_rss_mb: float  # peak of the sum over the process tree (sampled)

    @property
    def per_second(self) -> float:
        return self.rows / self.seconds


def measure(name: str, rows: int, cmd: list[str]) -> Run:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{name} failed with exit code {proc.returncode}: {' '.join(cmd)}")
    return Run(name, rows, seconds, usage.ru_maxrss / 1024, max(peak[0], usage.ru_maxrss) / 1024)


# -- the registry ------------------------------------------------------------------------------
def write_registry(path: Path, rows: int, seed: int) -> None:
    """Persons and enterprises interleaved one to one, as one JSON document per line."""
    from zyjob_rules.screening import synth_rows

    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    persons = synth_rows("person", (rows + 1) // 2, seed)
    enterprises = synth_rows("enterprise", rows // 2, seed)
    with path.open("w", encoding="utf-8") as f:
        for person, enterprise in zip(persons, enterprises, strict=False):
            f.write(dumps(person) + "\n" + dumps(enterprise) + "\n")
        for person in persons:  # an odd count
            f.write(dumps(person) + "\n")


def head(source: Path, target: Path, lines: int) -> None:
    with source.open("rb") as f, target.open("wb") as g:
        g.writelines(islice(f, lines))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--small", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--all-rules", action="store_true", help="also screen every rule in force")
    ap.add_argument("--keep", help="keep the registries and results in this directory")
    ap.add_argument("--plain", help=argparse.SUPPRESS)
    ap.add_argument("--write", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.plain:
        plain_loop(args.plain, args.write)
        return 0

    work = Path(args.keep or tempfile.mkdtemp(prefix="zyjob-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return run(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> int:
    sizes = sorted({min(args.small, args.rows), args.rows})
    big = work / f"registry-{args.rows}.jsonl"
    t0 = time.perf_counter()
    write_registry(big, args.rows, args.seed)
    print(f"generated {args.rows:,} cases ({big.stat().st_size / 1e6:,.0f} MB) "
          f"in {time.perf_counter() - t0:.1f} s", flush=True)
    files = {args.rows: big}
    for n in sizes:
        if n != args.rows:
            files[n] = work / f"registry-{n}.jsonl"
            head(big, files[n], n)

    me = [sys.executable, str(Path(__file__).resolve())]
    screen = [sys.executable, "-m", "zyjob_rules", "screen"]
    headline = [a for rule in handwritten.HEADLINE for a in ("--rule", rule)]
    results: dict[int, list[Run]] = {}
    for n in sizes:
        src, out = str(files[n]), str(work / "out.jsonl")
        common = ["--as-of", AS_OF.isoformat(), "--out", out, "--no-progress", "--quiet"]
        variants = [
            ("plain loop", [*me, "--plain", src]),
            ("plain loop + write", [*me, "--plain", src, "--write", out]),
            ("screen, 4 rules", [*screen, src, *common, *headline]),
            (f"screen, 4 rules, --workers {args.workers}",
             [*screen, src, *common, *headline, "--workers", str(args.workers)]),
        ]
        if args.all_rules:
            variants += [
                ("screen, all rules", [*screen, src, *common]),
                (f"screen, all rules, --workers {args.workers}",
                 [*screen, src, *common, "--workers", str(args.workers)]),
            ]
        results[n] = []
        for name, cmd in variants:
            r = measure(name, n, cmd)
            results[n].append(r)
            print(f"  {n:>9,} {name:<34} {r.seconds:8.1f} s {r.per_second:>9,.0f} cases/s "
                  f"RSS {r.max_rss_mb:6.0f} MB (tree {r.tree_rss_mb:4.0f} MB)", flush=True)

    print()
    print(f"screening {', '.join(f'{n:,}' for n in sizes)} generated JSON-lines cases "
          f"(persons and enterprises 1:1), as of {AS_OF}")
    header = (f"{'rows':>9}  {'variant':<34}{'cases/s':>9}{'µs/case':>9}{'peak RSS':>10}"
              f"{'tree RSS':>10}{'× plain':>9}{'× plain+write':>15}")
    print(header)
    for n in sizes:
        plain, plain_write = results[n][0], results[n][1]
        for r in results[n]:
            print(f"{n:>9,}  {r.name:<34}{r.per_second:>9,.0f}{r.seconds / n * 1e6:>9.1f}"
                  f"{r.max_rss_mb:>8.0f}MB{r.tree_rss_mb:>8.0f}MB"
                  f"{r.seconds / plain.seconds:>8.2f}×{r.seconds / plain_write.seconds:>14.2f}×")
    if len(sizes) == 2:
        small, large = sizes
        print(f"\nscaling {small:,} -> {large:,} rows ({large / small:.0f}× the cases):")
        for a, b in zip(results[small], results[large], strict=True):
            per_case = (b.seconds / large) / (a.seconds / small)
            print(f"  {a.name:<34} time {b.seconds / a.seconds:5.1f}× "
                  f"(per case {per_case:.2f}×: {'linear' if per_case < 1.15 else 'NOT linear'})"
                  f"  peak RSS {a.max_rss_mb:.0f} -> {b.max_rss_mb:.0f} MB, "
                  f"tree {a.tree_rss_mb:.0f} -> {b.tree_rss_mb:.0f} MB")
    worst = max(r.tree_rss_mb for runs in results.values() for r in runs)
    verdict = "met" if worst <= RSS_TARGET_MB else "MISSED"
    print(f"\nlargest peak RSS (process tree): {worst:.0f} MB; target ≤ {RSS_TARGET_MB:.0f} MB "
          f"{verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
