"""Timing shared by the benchmark scripts: the median of repeated runs, after one warm-up."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(operation: Callable[[], object], runs: int) -> float:
    operation()  # warm-up: caches and lazily built validators are reported apart, if at all
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        operation()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)
