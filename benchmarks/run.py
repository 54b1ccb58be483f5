"""Run every benchmark and write docs/benchmarks.md.

    python -m benchmarks.run            # full run (hours on 2 cores: 10,000 synthetic documents)
    python -m benchmarks.run --quick    # small sizes, minutes: a smoke check of every benchmark
    python -m benchmarks.run scale ingest --out /tmp/b.md   # only bench_scale.py and bench_ingest.py
    python -m benchmarks.run --update scale queries         # re-run two, keep the other sections of docs/benchmarks.md

The report starts with the machine, its load while the benchmarks ran, and a summary of every
figure that has a target; then one section per benchmark module, in pipeline order
(extraction, citations, synthetic corpus, ingest, store, scale, queries, serving load, viz).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import pkgutil
import resource
import sys
import time
import traceback

from .common import ROOT, Section, machine_description

OUT = os.path.join(ROOT, "docs", "benchmarks.md")

#: pipeline order of the sections; modules not listed run after these, by name
ORDER = ("extract", "citations", "synthetic", "ingest", "store", "scale", "queries", "load", "viz")


def bench_modules(only: list[str]) -> list[str]:
    here = os.path.dirname(os.path.abspath(__file__))
    names = [m.name[len("bench_"):] for m in pkgutil.iter_modules([here]) if m.name.startswith("bench_")]
    rank = {name: i for i, name in enumerate(ORDER)}
    names.sort(key=lambda n: (rank.get(n, len(ORDER)), n))
    if only:
        unknown = sorted(set(only) - set(names))
        if unknown:
            raise SystemExit(f"python -m benchmarks.run: error: no benchmark named {', '.join(unknown)} (known: {', '.join(names)})")
        names = [n for n in names if n in only]
    return [f"bench_{n}" for n in names]


def _cpu_s() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _load() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def _cores():
    try:
        return os.sched_getaffinity(0)
    except AttributeError:
        return None


def _restore_cores(cores) -> None:
    """Give the next benchmark every core again: a one-core pin left behind made later benchmarks,
    their worker processes and `policygraph ingest` (all cores by default) run on one core."""
    if cores is not None:
        try:
            os.sched_setaffinity(0, cores)
        except OSError:
            pass


def target_rows(section: Section) -> list[tuple[str, str, str, str, str]]:
    """(section, metric, value with unit, target, met) of each row of ``section`` that has a target."""
    rows = []
    for r in section.rows:
        if r.target:
            value = f"{r.value:,.3f} {r.unit}" if isinstance(r.value, float) else f"{r.value} {r.unit}"
            met = "" if r.met is None else ("yes" if r.met else "**no**")
            rows.append((section.title.split(" (")[0], r.metric.strip(), value.strip(), r.target, met))
    return rows


def summary(rows: list[tuple[str, str, str, str, str]]) -> str:
    """Every row with a target, in one table: where the project stands."""
    if not rows:
        return ""
    out = ["## Targets at a glance", "", "| section | metric | value | target | met |", "|---|---|---|---|---|"]
    out += [f"| {section} | {metric} | {value} | {target} | {met} |" for section, metric, value, target, met in rows]
    met = sum(1 for row in rows if row[4] == "yes")
    out += ["", f"{met} of {len(rows)} figures with a target meet it.", ""]
    return "\n".join(out)


SUMMARY_TITLE = "Targets at a glance"


def report_blocks(text: str) -> list[tuple[str, str]]:
    """The ``## `` sections of a written report as (title, markdown), the summary left out."""
    blocks: list[tuple[str, str]] = []
    for chunk in text.split("\n## ")[1:]:
        title = chunk.split("\n", 1)[0].strip()
        if title != SUMMARY_TITLE:
            blocks.append((title, "## " + chunk.rstrip("\n") + "\n"))
    return blocks


UPDATED = "Updated on "


def current_updates(header: str, titles: list[str], rerun: list[str]) -> str:
    """The earlier report's header without the "Updated on" lines that no longer describe any section.

    Each --update adds a line naming the sections it re-ran. A line whose sections were all re-run
    later (by a later line, or by this run: ``rerun``) describes nothing left in the report, and goes.
    ``titles``: the short titles of every section (a line names them joined with ", ", and titles
    hold commas themselves, so they are found, not split).
    """
    paragraphs = header.rstrip("\n").split("\n\n")
    covered = set(rerun)
    kept: list[str] = []
    for paragraph in reversed(paragraphs):
        if paragraph.startswith(UPDATED) and " were re-run" in paragraph:
            named = {t for t in titles if t in paragraph.split(" were re-run", 1)[0]}
            if named and named <= covered:
                continue
            covered |= named
        kept.append(paragraph)
    return "\n\n".join(reversed(kept))


def block_target_rows(title: str, block: str) -> list[tuple[str, str, str, str, str]]:
    """The rows with a target of a section kept from an earlier report, read back from its table."""
    rows = []
    for line in block.splitlines():
        if not line.startswith("| ") or line.startswith("| metric |"):
            continue
        cells = [c.strip() for c in line.strip()[1:-1].split("|", 5)]
        if len(cells) == 6 and cells[3]:
            rows.append((title.split(" (")[0], cells[0], f"{cells[1]} {cells[2]}".strip(), cells[3], cells[4]))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("only", nargs="*", help="benchmark names (bench_<name>.py); default all")
    ap.add_argument("--quick", action="store_true", help="small sizes only")
    ap.add_argument("--out", default=OUT, help="markdown file to write (default docs/benchmarks.md)")
    ap.add_argument("--update", action="store_true",
                    help="re-run only the named benchmarks and replace their sections in --out, keeping the others "
                         "(and the summary of their targets) as an earlier run wrote them")
    args = ap.parse_args(argv)
    if args.update and not args.only:
        ap.error("--update needs the names of the benchmarks to re-run (e.g. --update scale queries)")
    kept: list[tuple[str, str]] = []
    earlier_header = ""
    if args.update:
        try:
            with open(args.out, encoding="utf-8") as fh:
                earlier = fh.read()
        except OSError as exc:
            ap.error(f"--update: cannot read {args.out} ({exc.strerror or exc})")
        earlier_header = earlier.split("\n## ", 1)[0]
        kept = report_blocks(earlier)
    sections: list[Section] = []
    failed = 0
    loads: list[float] = [_load()]
    started, cpu0 = time.perf_counter(), _cpu_s()
    for name in bench_modules(args.only):
        print(f"== {name}", flush=True)
        t0 = time.perf_counter()
        cores = _cores()
        try:
            section = importlib.import_module(f"benchmarks.{name}").run(quick=args.quick)
        except Exception:  # a broken benchmark must not hide the others
            failed += 1
            traceback.print_exc()
            section = Section(title=name, notes="**failed** — see the console output of the run.")
        finally:
            _restore_cores(cores)  # bench_extract/bench_citations pin the process to one core for their figures
        loads.append(_load())
        section.notes = (section.notes + "\n\n" if section.notes else "") + (
            f"_Ran {time.perf_counter() - t0:,.0f} s; load average {loads[-1]:.1f} at its end._")
        print(section.markdown(), flush=True)
        sections.append(section)
    total_s, total_cpu = time.perf_counter() - started, _cpu_s() - cpu0
    command = "python -m benchmarks.run" + (" --quick" if args.quick else "") + (" --update" if args.update else "") + (
        " " + " ".join(args.only) if args.only else "")
    today = dt.date.today().isoformat()
    load_line = (f"Load: the 1-minute load average was {min(loads):.1f} to {max(loads):.1f} while the benchmarks ran "
                 f"({os.cpu_count()} cores; above {os.cpu_count()} other work competed for the CPU and wall-clock figures are slower "
                 f"than on a quiet machine). The run took {total_s / 60:,.0f} min wall, {total_cpu / 60:,.0f} min CPU in its own processes.")
    if args.update:
        for section in sections:
            section.notes = section.notes.replace("_Ran ", f"_Re-run on {today} (`{command}`); ran ", 1)
        fresh = {section.title: section.markdown() for section in sections}
        blocks = [(title, fresh.pop(title, block)) for title, block in kept] + list(fresh.items())
        by_title = {section.title: section for section in sections}
        rows = [row for title, block in blocks
                for row in (target_rows(by_title[title]) if title in by_title else block_target_rows(title, block))]
        short = [title.split(" (")[0] for title, _ in blocks]
        rerun = [s.title.split(" (")[0] for s in sections]
        header = [current_updates(earlier_header, short, rerun), "",
                  f"{UPDATED}{today} by `{command}`: the sections {', '.join(rerun)} "
                  f"were re-run, the others are as the runs above wrote them. {load_line}", ""]
        body = "\n".join(block for _, block in blocks)
    else:
        rows = [row for section in sections for row in target_rows(section)]
        header = [
            "# Benchmarks",
            "",
            f"Generated by `{command}` on {today} (not part of the test suite; "
            "`python -m benchmarks.run --quick` for a smoke run of every benchmark).",
            "",
            f"Machine: {machine_description()}.",
            "",
            load_line,
            "",
            "Figures are wall-clock unless stated; CPU time (user + system) is given beside them where the machine's load "
            "matters. Targets come from the issues.",
            "",
        ]
        body = "\n".join(s.markdown() for s in sections)
    text = "\n".join(header) + "\n" + summary(rows) + "\n" + body
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:  # a failed write leaves the earlier report whole
        fh.write(text)
    os.replace(tmp, args.out)
    print(f"wrote {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
