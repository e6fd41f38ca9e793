"""Timing shared by the benchmarks: best of several runs, and interleaved rounds with ratios."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def best_of(fn: Callable[[], Any], repeat: int) -> float:
    """Seconds taken by the fastest of ``repeat`` calls of ``fn``."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def interleaved(variants: dict[str, Callable[[], Any]], rounds: int) -> dict[str, list[float]]:
    """CPU seconds of each variant in each of ``rounds`` rounds, the variants run one after
    another within a round, so a burst of load from other jobs hits them all alike.

    CPU time of this process (``time.process_time``), not wall time: on a machine shared with
    other jobs, the time this process waits for a core is not the code's cost.
    """
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, fn in variants.items():
            t0 = time.process_time()
            fn()
            times[name].append(time.process_time() - t0)
    return times


def ratios(times: list[float], baseline: list[float]) -> tuple[float, float]:
    """(min, median) of the per-round ratios ``times[i] / baseline[i]``."""
    per_round = [t / b for t, b in zip(times, baseline, strict=True)]
    return min(per_round), statistics.median(per_round)
