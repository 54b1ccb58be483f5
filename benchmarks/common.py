"""Shared plumbing for benchmarks (not part of the test suite).

Each ``benchmarks/bench_<area>.py`` module defines ``run(quick: bool = False) -> Section``
and, when run as a script, prints its section. ``python -m benchmarks.run`` runs them all
and writes docs/benchmarks.md with a description of the machine.
"""

from __future__ import annotations

import os
import platform
import resource
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator, Optional

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "examples", "corpus")


@dataclass
class Row:
    metric: str
    value: float | int | str
    unit: str = ""
    target: str = ""  # e.g. "< 0.5 s"
    met: Optional[bool] = None  # None when there is no target
    note: str = ""


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)
    notes: str = ""

    def add(self, *args, **kwargs) -> Row:
        row = Row(*args, **kwargs)
        self.rows.append(row)
        return row

    def markdown(self) -> str:
        out = [f"## {self.title}", ""]
        if self.notes:
            out += [self.notes.strip(), ""]
        out += ["| metric | value | unit | target | met | note |", "|---|---|---|---|---|---|"]
        for r in self.rows:
            value = f"{r.value:,.3f}" if isinstance(r.value, float) else (f"{r.value:,}" if isinstance(r.value, int) else str(r.value))
            met = "" if r.met is None else ("yes" if r.met else "**no**")
            out.append(f"| {r.metric} | {value} | {r.unit} | {r.target} | {met} | {r.note} |")
        return "\n".join(out) + "\n"


@contextmanager
def timer() -> Iterator[dict]:
    """``with timer() as t: ...``; then ``t["s"]`` holds wall seconds."""
    box: dict = {}
    start = time.perf_counter()
    try:
        yield box
    finally:
        box["s"] = time.perf_counter() - start


def best_of(fn, repeat: int = 5, clock=time.perf_counter) -> float:
    """Best time of ``repeat`` calls (seconds): wall clock, or CPU with ``clock=time.process_time``."""
    best = float("inf")
    for _ in range(repeat):
        start = clock()
        fn()
        best = min(best, clock() - start)
    return best


def best_cpu_of(fn, repeat: int = 5) -> float:
    """Best CPU time (user + system of this process) of ``repeat`` calls: what the machine's load does not change."""
    return best_of(fn, repeat, clock=time.process_time)


def pin_to_one_core() -> None:
    """Run this process on one core, as the single-core targets say (where the OS lets us)."""
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):
        pass


def peak_rss_mb(children: bool = False) -> float:
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024.0  # Linux reports KiB


def corpus_files() -> list[str]:
    return sorted(os.path.join(CORPUS, f) for f in os.listdir(CORPUS) if not f.startswith("."))


def machine_description() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            kb = int(fh.readline().split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}; Python {platform.python_version()} on {platform.system()} {platform.release()}"
