"""Synthetic corpus: generation speed and memory, and extraction scored against the ground truth (issue 7).

    python -m benchmarks.bench_synthetic            # prints the section (full: 1,000 and 10,000 documents)
    python -m benchmarks.bench_synthetic --quick    # 100 documents
    python -m benchmarks.run synthetic              # and writes docs/benchmarks.md

Targets: 10,000 documents generated in well under two minutes with flat memory; the ground
truth recovered by `policygraph extract` with F1 >= 0.99 on the headline metrics.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time

from .common import Section, peak_rss_mb

SEED = 7
TARGET_10K_S = 120.0
TARGET_F1 = 0.99


def _cpu_s() -> float:
    self_, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return self_.ru_utime + self_.ru_stime + children.ru_utime + children.ru_stime


def _generation(section: Section, n_docs: int, jobs: int) -> None:
    from .synth.corpus import generate_corpus

    with tempfile.TemporaryDirectory(prefix="pg-synth-") as tmp:
        out = os.path.join(tmp, "corpus")
        cpu0, t0 = _cpu_s(), time.perf_counter()
        manifest = generate_corpus(out, n_docs, SEED, jobs=jobs)
        wall, cpu = time.perf_counter() - t0, _cpu_s() - cpu0
        truth_mb = os.path.getsize(os.path.join(out, "truth.jsonl")) / 1e6
    mb = manifest["totals"]["bytes"] / 1e6
    target = met = None
    if n_docs == 10_000:
        target, met = f"< {TARGET_10K_S:.0f} s", wall < TARGET_10K_S
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    section.add(f"generate {n_docs:,} documents ({jobs} processes)", wall, "s", target=target or "", met=met,
                note=f"{cpu:.1f} s CPU ({cpu / n_docs * 1000:.1f} ms per document); load average {load:.1f}")
    section.add(f"  throughput at {n_docs:,}", n_docs / wall, "documents/s",
                note=f"{mb:,.1f} MB of documents ({mb / wall:.1f} MB/s), {truth_mb:,.0f} MB of ground truth")
    section.add(f"  totals at {n_docs:,}", f"{manifest['totals']['projects']:,} projects, {manifest['totals']['citations']:,} citations, "
                f"{manifest['totals']['budget_lines']:,} budget lines", note=", ".join(f"{k} {v}" for k, v in manifest["layouts"].items()))


def _extraction_scores(section: Section, n_docs: int, every: int) -> None:
    from policygraph.extract import iter_extract
    from policygraph.extract.jsonl import record_lines

    from .synth.corpus import generate_corpus
    from .synth.score import HEADLINE, score

    with tempfile.TemporaryDirectory(prefix="pg-synth-score-") as tmp:
        out = os.path.join(tmp, "corpus")
        manifest = generate_corpus(out, n_docs, SEED, jobs=os.cpu_count() or 1, every=every)
        pred = os.path.join(tmp, "extracted.jsonl")
        failed = 0
        cpu0, t0 = time.process_time(), time.perf_counter()
        with open(pred, "w", encoding="utf-8") as fh:
            for rec in iter_extract([os.path.join(out, "corpus")]):
                if isinstance(rec, Exception):
                    failed += 1
                    continue
                for line in record_lines(rec):
                    fh.write(line + "\n")
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        report = score(out, pred)
    mb = manifest["totals"]["bytes"] / 1e6
    section.add(f"extract {n_docs} synthetic documents (every {every}th; one process)", cpu, "s CPU",
                note=f"{mb / cpu:.2f} MB/s of CPU time, {wall:.1f} s wall; {failed} unreadable")
    for name, tally in report.metrics.items():
        headline = name in HEADLINE
        section.add(f"F1 {name}", f"{tally.f1:.4f}", "", target=f">= {TARGET_F1}" if headline else "",
                    met=tally.f1 >= TARGET_F1 if headline else None,
                    note=f"P {tally.precision:.4f} R {tally.recall:.4f} ({tally.tp + tally.fn:,} in the ground truth)")
    worst = sorted(report.form_recall.items(), key=lambda kv: kv[1].recall)[:4]
    worst_amounts = sorted(report.amount_recall.items(), key=lambda kv: kv[1].recall)[:3]
    section.notes += ("\n\nLowest citation recall by written form: " + ", ".join(f"{f} {t.recall:.2f}" for f, t in worst)
                      + ". Lowest project-amount recall by written form: " + ", ".join(f"{f} {t.recall:.2f}" for f, t in worst_amounts)
                      + f". Full report: `python -m benchmarks.synthetic score DIR extracted.jsonl --misses 10`.")


def run(quick: bool = False) -> Section:
    section = Section("Synthetic corpus (benchmarks/synthetic.py)")
    section.notes = (f"Seed {SEED}; documents recombined from the sample structures with ground truth beside them "
                     "(docs/synthetic.md). Generation uses all cores; its output is the same for any number of processes. "
                     "Extraction is scored on every 50th document of the 10,000-document corpus (quick: every 500th).")
    jobs = os.cpu_count() or 1
    for n in ((100,) if quick else (1_000, 10_000)):
        _generation(section, n, jobs)
    section.add("peak RSS, benchmark process", peak_rss_mb(), "MB")
    section.add("peak RSS, largest generator worker", peak_rss_mb(children=True), "MB")
    try:
        # a sample spread over the 10,000-document corpus: every region kind and layout, not only the first departments
        _extraction_scores(section, 20 if quick else 200, 500 if quick else 50)
    except ImportError as exc:  # extraction not there yet
        section.add("extraction scores", "not measured", note=f"policygraph.extract incomplete: {exc}")
    return section


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv[1:]).markdown())
