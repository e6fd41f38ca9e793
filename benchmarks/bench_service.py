"""Load test of the HTTP service: POST /v1/evaluate at 1, 8 and 32 concurrent clients.

Starts ``zyjob-rules serve`` on a free port of 127.0.0.1 (never another address), sends the
bundled example cases round-robin from N client threads (one keep-alive connection each), and
reports requests/s and the p50 / p99 latency per concurrency level. Every response is compared
with the library's own report for the same case (``report_json(evaluate(case))``): one difference
fails the run. Bounded: at most ``--requests`` requests and ``--seconds`` seconds per level.

The baseline, measured in the same run on the same cases: the library called in-process on one
thread (``evaluate`` + ``report_json`` + JSON encoding, i.e. the work without HTTP). The ratio says
what HTTP, validation of the body and the framework cost per request.

    .venv/bin/python benchmarks/bench_service.py [--requests 400] [--seconds 20] [--workers 1]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from zyjob_rules import evaluate, parse_case
from zyjob_rules.explain.convert import report_json

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
LEVELS = (1, 8, 32)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZYJOB_RULES_TOKEN")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "zyjob_rules", "serve", "--host", HOST, "--port", str(port),
         "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "") from None
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the service did not start within 60 s")


def load_cases() -> list[tuple[bytes, dict[str, Any]]]:
    """(body, the library's report as JSON data) for every bundled example case."""
    out = []
    for path in sorted((ROOT / "examples" / "cases").glob("*.json")):
        body = path.read_bytes()
        expected = json.loads(json.dumps(report_json(evaluate(parse_case(body)))))
        out.append((body, expected))
    return out


def baseline(cases: list[tuple[bytes, dict[str, Any]]], seconds: float) -> float:
    """Library calls per second, in-process, one thread: validate, decide, serialise."""
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        body = cases[done % len(cases)][0]
        json.dumps(report_json(evaluate(parse_case(body))), ensure_ascii=False)
        done += 1
    return done / (time.perf_counter() - start)


class Level:
    """One concurrency level: ``clients`` threads share a request budget and a deadline."""

    def __init__(self, port: int, cases: list[tuple[bytes, dict[str, Any]]], clients: int,
                 requests: int, seconds: float) -> None:
        self.port, self.cases, self.clients = port, cases, clients
        self.budget, self.seconds = requests, seconds
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.mismatches: list[str] = []
        self.issued = 0

    def _next(self) -> int | None:
        with self.lock:
            if self.issued >= self.budget or time.perf_counter() > self.deadline:
                return None
            self.issued += 1
            return self.issued

    def _client(self) -> None:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            while (n := self._next()) is not None:
                body, expected = self.cases[n % len(self.cases)]
                t0 = time.perf_counter()
                conn.request("POST", "/v1/evaluate", body=body,
                             headers={"Content-Type": "application/json"})
                response = conn.getresponse()
                data = response.read()
                elapsed = time.perf_counter() - t0
                ok = response.status == 200 and json.loads(data) == expected
                with self.lock:
                    self.latencies.append(elapsed)
                    if not ok:
                        self.mismatches.append(f"request {n}: status {response.status}")
        finally:
            conn.close()

    def run(self) -> dict[str, float]:
        self.deadline = time.perf_counter() + self.seconds
        threads = [threading.Thread(target=self._client) for _ in range(self.clients)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        lat = sorted(self.latencies)
        return {
            "requests": len(lat),
            "req_per_s": len(lat) / wall,
            "p50_ms": 1000 * statistics.median(lat),
            "p99_ms": 1000 * lat[min(len(lat) - 1, int(0.99 * len(lat)))],
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400, help="per level (default 400)")
    parser.add_argument("--seconds", type=float, default=20.0, help="per level (default 20)")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    args = parser.parse_args()
    cases = load_cases()
    lib = baseline(cases, min(5.0, args.seconds))
    port = free_port()
    server = start_server(port, args.workers)
    try:
        Level(port, cases, 1, 20, 10).run()  # warm-up: imports, caches of each date
        print(f"service on {HOST}:{port}, {args.workers} worker(s); {len(cases)} example cases, "
              "every response compared with the library's report")
        print(f"baseline: library in-process, one thread: {lib:,.1f} cases/s "
              f"({1000 / lib:.2f} ms per case)")
        print(f"{'clients':>7}  {'requests':>8}  {'req/s':>8}  {'p50 ms':>8}  {'p99 ms':>8}  "
              f"{'req/s ÷ baseline':>16}")
        failed = False
        for clients in LEVELS:
            level = Level(port, cases, clients, args.requests, args.seconds)
            r = level.run()
            print(f"{clients:>7}  {r['requests']:>8.0f}  {r['req_per_s']:>8.1f}  "
                  f"{r['p50_ms']:>8.2f}  {r['p99_ms']:>8.2f}  {r['req_per_s'] / lib:>16.2f}")
            if level.mismatches:
                failed = True
                print(f"  {len(level.mismatches)} response(s) differ from the library, e.g. "
                      f"{level.mismatches[0]}")
        print("all responses equal the library's reports" if not failed else "MISMATCHES")
        return 1 if failed else 0
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    raise SystemExit(main())
