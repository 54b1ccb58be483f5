"""Run a command and measure its whole process tree: wall and CPU time, peak memory (workers included).

    m = run_measured(["policygraph", "ingest", "corpus", "--bulk"])
    m.wall_s, m.cpu_s, m.peak_tree_mb

Peak memory is sampled from /proc every ``interval`` seconds over the process and all
its descendants (the ingest workers, the server they fork from): the sum of their
proportional set sizes (PSS, shared pages split between the processes sharing them;
what the tree really occupies) and of their resident set sizes (RSS, counts pages the
forked workers share once per worker: an upper bound). CPU time is user + system of
the whole tree: the rusage of the reaped tree, or the per-process times sampled from
/proc when larger (the worker server outlives the command and is not reaped by it).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass, field
from typing import Optional, Sequence

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass
class Measurement:
    returncode: int
    wall_s: float
    cpu_s: float  # user + system of the whole tree
    peak_tree_mb: float  # sum of PSS over the tree at its largest
    peak_tree_rss_mb: float  # sum of RSS over the tree at its largest (counts shared pages per process)
    peak_root_mb: float  # the command's own process (the writer)
    peak_processes: int
    load_before: float
    stderr: str = ""
    samples: list[tuple[float, float]] = field(default_factory=list)  # (seconds, tree MB)


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    return children


def _tree(root: int) -> list[int]:
    children = _children_map()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


def _cpu_ticks(pid: int) -> int:
    """User + system clock ticks a process has used itself (not its reaped children)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
    except OSError:
        return 0
    fields = stat[stat.rindex(b")") + 2 :].split()
    return int(fields[11]) + int(fields[12])


TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) in KiB; (0, 0) when the process is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            pss = rss = 0
            for line in fh:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
            return pss, rss
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            rss = int(fh.read().split()[1]) * PAGE // 1024
            return rss, rss
    except OSError:
        return 0, 0


def run_measured(cmd: Sequence[str], *, env: Optional[dict] = None, cwd: Optional[str] = None,
                 interval: float = 0.25, timeout: Optional[float] = None) -> Measurement:
    """Run ``cmd`` to completion while sampling its process tree."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = {"pss": 0, "rss": 0, "root": 0, "n": 0}
    samples: list[tuple[float, float]] = []
    ticks: dict[int, int] = {}  # pid -> CPU ticks last seen (processes the command does not reap count too)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            pids = _tree(proc.pid)
            for pid in pids:
                ticks[pid] = max(ticks.get(pid, 0), _cpu_ticks(pid))
            sizes = [_memory_kb(pid) for pid in pids]
            pss, rss = sum(s[0] for s in sizes), sum(s[1] for s in sizes)
            peak["pss"], peak["rss"] = max(peak["pss"], pss), max(peak["rss"], rss)
            peak["root"] = max(peak["root"], sizes[0][1] if sizes else 0)
            peak["n"] = max(peak["n"], sum(1 for s in sizes if s[1]))
            samples.append((time.perf_counter() - start, pss / 1024))
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: stderr_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if deadline is not None and time.monotonic() > deadline:
            proc.kill()
        time.sleep(0.05)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    reader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Measurement(
        returncode=proc.returncode, wall_s=wall, cpu_s=max(usage.ru_utime + usage.ru_stime, sum(ticks.values()) / TICKS),
        peak_tree_mb=peak["pss"] / 1024, peak_tree_rss_mb=peak["rss"] / 1024, peak_root_mb=peak["root"] / 1024,
        peak_processes=peak["n"], load_before=load,
        stderr=b"".join(stderr_chunks).decode("utf-8", "replace"), samples=samples,
    )
