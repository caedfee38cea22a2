"""Shared benchmark helpers: thread pinning, interleaved timing, peak memory.

Timings on a shared machine swing 2-10x, so every comparison interleaves
ours and the peer's runs, and reports medians and the ratio of medians.
Peak memory is the peak resident set size during a call minus the RSS when
it started, sampled every 2 ms from a background thread (this sees numba and
C++ allocations, which tracemalloc does not).
"""

import os
import statistics
import threading
import time
from pathlib import Path

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def release_freed_memory():
    """Hand freed heap memory back to the OS (glibc keeps it otherwise), so
    that RSS measured next starts from what is really in use."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:  # not glibc: measurements are then upper-bounded by reuse
        pass


class PeakRSS:
    """Context manager measuring the peak RSS increase inside the block.

    Freed memory is released to the OS first: otherwise a fit can reuse
    heap pages freed earlier (e.g. by data generation) and look free.
    """

    def __enter__(self):
        release_freed_memory()
        self.start = rss_bytes()
        self.peak = self.start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()
        return self

    def _poll(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_bytes())
            time.sleep(0.002)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())
        self.increase = self.peak - self.start


def child_peaks(script, name, extra_args=()):
    """Run ``script --child NAME`` in a fresh interpreter and parse the
    ``PEAKS <json>`` line it prints: memory measured there is not blurred
    by what this process allocated before."""
    import json
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, script, "--child", name, *extra_args],
        capture_output=True, text=True, check=True,
    ).stdout
    line = [ln for ln in out.splitlines() if ln.startswith("PEAKS ")][-1]
    return json.loads(line[len("PEAKS "):])


def interleave(runs, repeats):
    """Run each named callable ``repeats`` times, interleaved.

    ``runs`` maps a name to a zero-argument callable returning anything.
    Returns {name: {"times": [...], "peak_mb": max peak increase, "last": result}}.
    """
    stats = {name: {"times": [], "peak_mb": 0.0, "last": None} for name in runs}
    for _ in range(repeats):
        for name, fn in runs.items():
            with PeakRSS() as mem:
                t0 = time.perf_counter()
                result = fn()
                elapsed = time.perf_counter() - t0
            s = stats[name]
            s["times"].append(elapsed)
            s["peak_mb"] = max(s["peak_mb"], mem.increase / 2**20)
            s["last"] = result
    for s in stats.values():
        s["median"] = statistics.median(s["times"])
    return stats


def print_table(title, rows, columns):
    print(f"\n{title}")
    widths = [max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in columns]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths)))
    for r in rows:
        print("  ".join(str(r.get(c, "")).ljust(w) for c, w in zip(columns, widths)))


def fmt(x, digits=3):
    return f"{x:.{digits}f}"
