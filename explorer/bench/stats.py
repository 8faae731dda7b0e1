"""Small helpers shared by the measures (no numpy, torch or Qt at import)."""
from __future__ import annotations

import statistics
import time


def median(values) -> float:
    values = list(values)
    return float(statistics.median(values)) if values else float("nan")


def median_time(fn, repeats: int, warmup: int = 1) -> float:
    """Median seconds of `fn()` over `repeats` calls after `warmup` calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return median(times)


def paired_median_times(a, b, repeats: int, warmup: int = 2) -> tuple[float, float]:
    """Median seconds of `a()` and of `b()`, run alternately so that a change in the machine's load
    during the measurement falls on both alike."""
    for _ in range(warmup):
        a(), b()
    ta, tb = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        a()
        middle = time.perf_counter()
        b()
        ta.append(middle - start)
        tb.append(time.perf_counter() - middle)
    return median(ta), median(tb)
