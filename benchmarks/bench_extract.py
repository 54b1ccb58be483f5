"""Structure extraction speed on the sample corpus (issue 2: < 0.5 s for all four, one core).

    python -m benchmarks.bench_extract          # prints the section
    python -m benchmarks.run extract            # and writes docs/benchmarks.md

Reading (decoding) is timed apart from structure extraction; citations (spaCy) are not
part of this figure. Each document's best of several runs is summed.
"""

from __future__ import annotations

import os
import time

from .common import Section, best_of, corpus_files, peak_rss_mb

TARGET_S = 0.5


def run(quick: bool = False) -> Section:
    from policygraph.extract.reader import read_source
    from policygraph.extract.structure import extract_structure

    try:  # one core, as the target says
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):
        pass
    repeat = 2 if quick else 7
    files = corpus_files()
    sources = [read_source(f) for f in files]
    extract_structure(sources[0])  # warm the vocabularies and regex caches
    section = Section("Structure extraction (extract/)")
    total_s = 0.0
    total_chars = 0
    total_bytes = 0
    total_cpu = 0.0
    for f, src in zip(files, sources):
        s = best_of(lambda src=src: extract_structure(src), repeat)
        cpu = _best_cpu(lambda src=src: extract_structure(src), repeat)
        rec = extract_structure(src)
        size = os.path.getsize(f)
        total_s += s
        total_cpu += cpu
        total_chars += len(src.text)
        total_bytes += size
        section.add(f"{os.path.basename(f)}", cpu * 1000, "ms CPU",
                    note=f"{s * 1000:.0f} ms wall; {size / 1024:.0f} KB, {len(rec.projects)} projects, {len(rec.budget_lines)} budget lines, {len(rec.figures)} figures")
    read_s = sum(best_of(lambda f=f: read_source(f), repeat) for f in files)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    section.add("all four documents (CPU time)", total_cpu, "s", target=f"< {TARGET_S} s", met=total_cpu < TARGET_S)
    section.add("all four documents (wall clock)", total_s, "s", target=f"< {TARGET_S} s", met=total_s < TARGET_S,
                note=f"load average {load:.1f} while measuring (shared machine)")
    section.add("throughput", total_bytes / total_cpu / 1e6, "MB/s", note=f"{total_chars / total_cpu / 1e6:.2f} M characters/s of CPU time")
    section.add("reading the four files (decode, line index)", read_s * 1000, "ms")
    section.add("peak RSS of the benchmark process", peak_rss_mb(), "MB")
    section.notes = ("Best of %d runs per document, pinned to one core; `extract_structure` only (no citations). "
                     "CPU time is the figure held against the target; wall clock depends on what else runs." % repeat)
    return section


def _best_cpu(fn, repeat: int) -> float:
    """Best process CPU time of ``repeat`` calls: what one core spends, whatever else runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


if __name__ == "__main__":
    print(run().markdown())
