"""CPU and peak memory of the summary step (graph/summary.py) on an existing store, writing nothing.

    python -m benchmarks.summary_step /tmp/s10k_v6b                 # every summary, a fresh process each
    python -m benchmarks.summary_step /tmp/s10k_v6b co_citation --runs 2

Each summary runs in its own process (peak RSS is per process) on the store opened read-only, and is
consumed as compute_summary does (summary_chunks: rows named by content hash, chunk by chunk), the
quads counted instead of written. Prints one JSON line per summary: CPU seconds (best of --runs),
peak RSS and quads. Not part of benchmarks.run (minutes per summary at 10,000 documents).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time


def _one(location: str, name: str) -> dict:
    from policygraph.graph.store import open_store
    from policygraph.graph.summary import summary_chunks

    store = open_store(location, read_only=True)
    started = time.process_time()
    quads = sum(len(chunk) for chunk in summary_chunks(store, name))
    return {"summary": name, "cpu_s": round(time.process_time() - started, 2), "quads": quads,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


def main(argv=None) -> None:
    from policygraph.graph.summary import SUMMARIES

    parser = argparse.ArgumentParser(prog="python -m benchmarks.summary_step")
    parser.add_argument("store")
    parser.add_argument("names", nargs="*", help=f"summaries (default: all of {', '.join(SUMMARIES)})")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_one(args.store, args.names[0])), flush=True)
        return
    for name in args.names or SUMMARIES:
        runs = []
        for _ in range(args.runs):
            out = subprocess.run([sys.executable, "-m", "benchmarks.summary_step", args.store, name, "--child"],
                                 check=True, capture_output=True, text=True, env=dict(os.environ))
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        best = min(runs, key=lambda r: r["cpu_s"])
        best["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
        best["load"] = round(os.getloadavg()[0], 1)
        print(json.dumps(best), flush=True)


if __name__ == "__main__":
    main()
