"""Structure extraction speed on the sample corpus (issue 2: < 0.5 s for all four, one core),
and how it scales to a 1 MB document (linear, not quadratic).

    python -m benchmarks.bench_extract          # prints the section
    python -m benchmarks.run extract            # and writes docs/benchmarks.md

Reading (decoding) is timed apart from structure extraction; citations (spaCy) are not
part of this figure. Each document's best of several runs is summed.
"""

from __future__ import annotations

import os

from .common import Section, best_cpu_of, best_of, corpus_files, peak_rss_mb, pin_to_one_core

TARGET_S = 0.5


def run(quick: bool = False) -> Section:
    from policygraph.extract.reader import read_source
    from policygraph.extract.structure import extract_structure

    pin_to_one_core()  # one core, as the target says
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
        cpu = best_cpu_of(lambda src=src: extract_structure(src), repeat)
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
    _scaling(section, sources, 1 if quick else 3)
    section.add("peak RSS of the benchmark process", peak_rss_mb(), "MB")
    section.notes = ("Best of %d runs per document, pinned to one core; `extract_structure` only (no citations). "
                     "CPU time is the figure held against the target; wall clock depends on what else runs." % repeat)
    return section


def _scaling(section: Section, sources, repeat: int) -> None:
    """Time grows with the document, not faster: a 1 MB document against a quarter of it.

    Two shapes: the samples concatenated until ~1 MB (many projects and tables), and one
    project whose budget section alone is ~1 MB (thousands of sub-projects and amounts).
    A ratio near 4 is linear; 16 would be quadratic.
    """
    from policygraph.extract.reader import SourceText
    from policygraph.extract.structure import extract_structure

    samples = "\n\n".join(src.text for src in sources)
    one_section = "科普之窗项目经费情况说明\n一、项目概述\n概述。\n六、年度预算安排\n"
    item = "{n}、活动{i}组织服务（{a}万）\n\n本活动包括会议、印刷等，约{b}万元。\n\n"
    shapes = {
        "samples concatenated": lambda size: (samples * (size // len(samples.encode()) + 1))[: size // 3],
        "one 1 MB budget section": lambda size: one_section + "".join(
            item.format(n=i % 90 + 1, i=i, a=i % 50 + 1, b=i % 7 + 1) for i in range(size // 90)),
    }
    for label, make in shapes.items():
        small, large = SourceText.from_text(make(250_000)), SourceText.from_text(make(1_000_000))
        t_small = best_cpu_of(lambda: extract_structure(small), repeat)
        t_large = best_cpu_of(lambda: extract_structure(large), repeat)
        mb = len(large.text.encode()) / 1e6
        section.add(f"{label}: {mb:.1f} MB document", t_large, "s CPU",
                    target="ratio to 1/4 size < 6", met=t_large / t_small < 6,
                    note=f"{t_large / t_small:.1f}x the time of a quarter of it ({t_small:.2f} s)")


if __name__ == "__main__":
    print(run().markdown())
