"""Run every benchmark and write docs/benchmarks.md.

    python -m benchmarks.run            # full run (hours on 2 cores: 10,000 synthetic documents)
    python -m benchmarks.run --quick    # small sizes, minutes: a smoke check of every benchmark
    python -m benchmarks.run scale ingest --out /tmp/b.md   # only bench_scale.py and bench_ingest.py

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


def summary(sections: list[Section]) -> str:
    """Every row with a target, in one table: where the project stands."""
    out = ["## Targets at a glance", "", "| section | metric | value | target | met |", "|---|---|---|---|---|"]
    n = 0
    for s in sections:
        for r in s.rows:
            if not r.target:
                continue
            value = f"{r.value:,.3f} {r.unit}" if isinstance(r.value, float) else f"{r.value} {r.unit}"
            met = "" if r.met is None else ("yes" if r.met else "**no**")
            out.append(f"| {s.title.split(' (')[0]} | {r.metric.strip()} | {value.strip()} | {r.target} | {met} |")
            n += 1
    if not n:
        return ""
    met = sum(1 for s in sections for r in s.rows if r.target and r.met)
    out += ["", f"{met} of {n} figures with a target meet it.", ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("only", nargs="*", help="benchmark names (bench_<name>.py); default all")
    ap.add_argument("--quick", action="store_true", help="small sizes only")
    ap.add_argument("--out", default=OUT, help="markdown file to write (default docs/benchmarks.md)")
    args = ap.parse_args(argv)
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
    command = "python -m benchmarks.run" + (" --quick" if args.quick else "") + (" " + " ".join(args.only) if args.only else "")
    header = [
        "# Benchmarks",
        "",
        f"Generated by `{command}` on {dt.date.today().isoformat()} (not part of the test suite; "
        "`python -m benchmarks.run --quick` for a smoke run of every benchmark).",
        "",
        f"Machine: {machine_description()}.",
        "",
        f"Load: the 1-minute load average was {min(loads):.1f} to {max(loads):.1f} while the benchmarks ran "
        f"({os.cpu_count()} cores; above {os.cpu_count()} other work competed for the CPU and wall-clock figures are slower "
        f"than on a quiet machine). The run took {total_s / 60:,.0f} min wall, {total_cpu / 60:,.0f} min CPU in its own processes.",
        "",
        "Figures are wall-clock unless stated; CPU time (user + system) is given beside them where the machine's load "
        "matters. Targets come from the issues.",
        "",
    ]
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write("\n".join(header) + "\n" + summary(sections) + "\n" + "\n".join(s.markdown() for s in sections))
    print(f"wrote {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
