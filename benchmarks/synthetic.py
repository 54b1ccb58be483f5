"""Synthetic corpus generator and scorer (issue 7). Not part of the test suite.

    python -m benchmarks.synthetic --docs 1000 --seed 7 --out /tmp/synth1k
    python -m benchmarks.synthetic generate --docs 1000 --seed 7 --out /tmp/synth1k --jobs 2
    policygraph extract /tmp/synth1k/corpus --format jsonl > /tmp/synth1k.jsonl
    python -m benchmarks.synthetic score /tmp/synth1k /tmp/synth1k.jsonl --misses 5

Same seed and size give byte-identical corpora and ground truth. See docs/synthetic.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from .synth.corpus import GenerateError, generate_corpus
from .synth.score import ScoreError, format_report, score
from .synth.world import capacity


def _generate_parser(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--docs", type=int, required=True, help=f"number of documents (1..{capacity():,})")
    ap.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    ap.add_argument("--out", required=True, help="output directory (created; must be empty unless --force)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="worker processes (default: all cores; the output is identical for any number)")
    ap.add_argument("--every", type=int, default=1,
                    help="take every K-th document of the corpus order (a sample spread over regions and layouts)")
    ap.add_argument("--force", action="store_true", help="replace a synthetic corpus already written at --out")
    ap.add_argument("--quiet", action="store_true", help="no progress line")


def _generate(args: argparse.Namespace) -> int:
    start = time.perf_counter()

    def progress(n: int) -> None:
        if not args.quiet and (n % 500 == 0 or n == args.docs):
            print(f"\r{n:,}/{args.docs:,} documents", end="", file=sys.stderr, flush=True)

    manifest = generate_corpus(args.out, args.docs, args.seed, jobs=args.jobs, force=args.force, every=args.every,
                               progress=progress)
    if not args.quiet:
        print(file=sys.stderr)
    seconds = time.perf_counter() - start
    totals = manifest["totals"]
    print(f"wrote {args.docs:,} documents ({totals['bytes'] / 1e6:,.1f} MB; {totals['projects']:,} projects, "
          f"{totals['citations']:,} citations, {totals['budget_lines']:,} budget lines) to {args.out} in {seconds:.1f} s")
    return 0


def _score(args: argparse.Namespace) -> int:
    report = score(args.truth, args.extraction)
    if args.json:
        json.dump(report.as_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        sys.stdout.write(format_report(report, misses=args.misses))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(prog="python -m benchmarks.synthetic", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command")
    _generate_parser(sub.add_parser("generate", help="write a corpus and its ground truth (the default command)"))
    sc = sub.add_parser("score", help="precision/recall/F1 of an extraction JSONL against a corpus's ground truth")
    sc.add_argument("truth", help="corpus directory (or its truth.jsonl)")
    sc.add_argument("extraction", help="output of `policygraph extract --format jsonl` (- for stdin)")
    sc.add_argument("--misses", type=int, default=0, help="print up to N examples of misses per metric")
    sc.add_argument("--json", action="store_true", help="machine-readable report")
    if not argv or argv[0] not in ("generate", "score", "-h", "--help"):
        argv = ["generate", *argv]
    args = ap.parse_args(argv)
    try:
        return _generate(args) if args.command == "generate" else _score(args)
    except (GenerateError, ScoreError, ValueError) as exc:
        print(f"{ap.prog}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{ap.prog}: interrupted; nothing written under {getattr(args, 'out', '')}", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"{ap.prog}: error: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
