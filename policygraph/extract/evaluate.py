"""Score citation extraction against hand-labelled citations (JSONL).

    python -m policygraph.extract.evaluate tests/golden/citations_000.jsonl tests/golden/citations_004.jsonl
    python -m policygraph.extract.evaluate GOLD.jsonl DOCUMENT_OR_DIR...      # extract these now
    python -m policygraph.extract.evaluate GOLD.jsonl --predicted out.jsonl   # output of `policygraph extract`

Arguments ending in .jsonl are gold files; other arguments are documents or directories
to extract (default: the documents named in the gold ``source`` keys). Extraction is
exactly what ``policygraph extract`` does (``extract_path`` then the JSONL contract of
``extract.jsonl``). Gold and predicted records are paired by ``source``; when a gold
source is not among the extracted paths, it is paired by file name.

Matching, per source file: a predicted citation matches a gold one when their
character spans overlap (gold written without a span: same start line and the same
normalised title or number). Pairs are taken greedily, largest overlap first, one to
one. Reported:

* precision = matched / predicted, recall = matched / gold;
* doc_number accuracy: over matched pairs where either side has a number, the share
  where the normalised numbers and their parts (code, year, serial) agree;
* issuer accuracy: over matched pairs where either side names an issuer, the share
  naming the same organisations (each name mapped to its full form through
  ``data/issuers.tsv``, so 上海市科协 = 上海市科学技术协会; order does not matter);
* title accuracy: over matched pairs where either side has a title, the share whose title
  keys agree (``identity.title_key_of``: line wraps, spaces, widths, bracket styles and the
  issuer names before 关于 do not
  count; page furniture or a lost part of the title does);
* kind and is_policy accuracy over all matched pairs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from . import docnumbers, identity, normalize


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    number_total: int = 0
    number_ok: int = 0
    issuer_total: int = 0
    issuer_ok: int = 0
    title_total: int = 0
    title_ok: int = 0
    kind_ok: int = 0
    policy_ok: int = 0
    misses: list = field(default_factory=list)  # gold not found
    extras: list = field(default_factory=list)  # predicted not in gold
    wrong: list = field(default_factory=list)  # (field, gold, predicted)

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def precision(self) -> float:
        return self._ratio(self.matched, self.predicted)

    @property
    def recall(self) -> float:
        return self._ratio(self.matched, self.gold)

    @property
    def number_accuracy(self) -> float:
        return self._ratio(self.number_ok, self.number_total)

    @property
    def issuer_accuracy(self) -> float:
        return self._ratio(self.issuer_ok, self.issuer_total)

    @property
    def title_accuracy(self) -> float:
        return self._ratio(self.title_ok, self.title_total)

    @property
    def kind_accuracy(self) -> float:
        return self._ratio(self.kind_ok, self.matched)

    @property
    def policy_accuracy(self) -> float:
        return self._ratio(self.policy_ok, self.matched)

    def summary(self) -> dict:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "doc_number_accuracy": round(self.number_accuracy, 4),
            "doc_numbers_compared": self.number_total,
            "issuer_accuracy": round(self.issuer_accuracy, 4),
            "issuers_compared": self.issuer_total,
            "title_accuracy": round(self.title_accuracy, 4),
            "titles_compared": self.title_total,
            "kind_accuracy": round(self.kind_accuracy, 4),
            "is_policy_accuracy": round(self.policy_accuracy, 4),
        }


def read_jsonl(paths: Iterable[str]) -> list[dict]:
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise SystemExit(f"{path}:{n}: not JSON ({exc.msg})") from None
                if obj.get("type", "citation") == "citation":
                    rows.append(obj)
    return rows


def extract_citations(paths: Iterable[str]) -> list[dict]:
    """Citation objects exactly as `policygraph extract --format jsonl` prints them."""
    from . import extract_path
    from .jsonl import record_dicts

    rows = []
    for path in paths:
        record = extract_path(path)
        rows.extend(obj for obj in record_dicts(record) if obj["type"] == "citation")
    return rows


_NUMBER = re.compile(r"^(?P<code>.*?)〔(?P<year>\d{4})〕(?P<serial>[0-9]+)号$")


def number_parts(number: Optional[str]) -> Optional[tuple]:
    if not number:
        return None
    text = docnumbers.normalize_number_text(number)
    m = _NUMBER.match(text)
    if m:
        return (m.group("code") or None, int(m.group("year")), m.group("serial"))
    m = re.match(r"^(?P<code>.*?)(?P<serial>[0-9]+)号$", text)
    if m:
        return (m.group("code") or None, None, m.group("serial"))
    return (text, None, None)


def _pred_number_parts(obj: dict) -> Optional[tuple]:
    parts = obj.get("doc_number_parts")
    if parts:
        return (parts.get("issuer_code"), parts.get("year"), parts.get("serial"))
    return number_parts(obj.get("doc_number"))


def issuer_set(issuer: Optional[str]) -> frozenset:
    if not issuer:
        return frozenset()
    return frozenset(n for n in normalize.canonical_issuer(issuer).split("、") if n)


def _span(obj: dict) -> Optional[tuple[int, int]]:
    s = obj.get("span")
    return (s["start"], s["end"]) if s else None


def _same_mention(g: dict, p: dict) -> int:
    gs, ps = _span(g), _span(p)
    if gs and ps:
        return max(0, min(gs[1], ps[1]) - max(gs[0], ps[0]))
    if g.get("line") != p.get("line"):
        return 0
    if g.get("title") and p.get("title") and normalize.title_key(g["title"]) == normalize.title_key(p["title"]):
        return 1
    if g.get("doc_number") and p.get("doc_number") and number_parts(g["doc_number"]) == _pred_number_parts(p):
        return 1
    return 0


def score(gold: list[dict], predicted: list[dict]) -> Score:
    result = Score(gold=len(gold), predicted=len(predicted))
    sources = sorted({g["source"] for g in gold} | {p["source"] for p in predicted})
    for source in sources:
        gs = [g for g in gold if g["source"] == source]
        ps = [p for p in predicted if p["source"] == source]
        pairs = sorted(
            ((_same_mention(g, p), i, j) for i, g in enumerate(gs) for j, p in enumerate(ps) if abs(g.get("line", 0) - p.get("line", 0)) <= 3),
            reverse=True,
        )
        used_g, used_p = set(), set()
        for overlap, i, j in pairs:
            if overlap <= 0 or i in used_g or j in used_p:
                continue
            used_g.add(i)
            used_p.add(j)
            _compare(gs[i], ps[j], result)
        result.misses += [gs[i] for i in range(len(gs)) if i not in used_g]
        result.extras += [ps[j] for j in range(len(ps)) if j not in used_p]
    return result


def _compare(g: dict, p: dict, result: Score) -> None:
    result.matched += 1
    if g.get("doc_number") or p.get("doc_number"):
        result.number_total += 1
        if number_parts(g.get("doc_number")) == _pred_number_parts(p):
            result.number_ok += 1
        else:
            result.wrong.append(("doc_number", g, p))
    if g.get("issuer") or p.get("issuer"):
        result.issuer_total += 1
        if issuer_set(g.get("issuer")) == issuer_set(p.get("issuer")):
            result.issuer_ok += 1
        else:
            result.wrong.append(("issuer", g, p))
    if g.get("title") or p.get("title"):
        result.title_total += 1
        if identity.title_key_of(g.get("title")) == identity.title_key_of(p.get("title")):
            result.title_ok += 1
        else:
            result.wrong.append(("title", g, p))
    if g.get("kind") == p.get("kind"):
        result.kind_ok += 1
    else:
        result.wrong.append(("kind", g, p))
    if bool(g.get("is_policy")) == bool(p.get("is_policy")):
        result.policy_ok += 1


def _pair_sources(gold: list[dict], predicted: list[dict]) -> list[dict]:
    """Keep predictions of the gold sources; match by path, else by file name."""
    sources = {g["source"] for g in gold}
    by_name = {Path(s).name: s for s in sources}
    out = []
    for p in predicted:
        if p["source"] in sources:
            out.append(p)
        elif Path(p["source"]).name in by_name:
            out.append({**p, "source": by_name[Path(p["source"]).name]})
    return out


def _show(obj: dict) -> str:
    return f"{obj.get('source')}:{obj.get('line')} {obj.get('kind')} {obj.get('text')!r}".replace("\n", "⏎")


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m policygraph.extract.evaluate", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", metavar="GOLD.jsonl|DOCUMENT", help="golden citation JSONL files, then documents or directories to extract")
    ap.add_argument("--predicted", nargs="*", default=None, help="JSONL written by `policygraph extract` (default: extract the gold sources now)")
    ap.add_argument("--docs", nargs="*", default=None, help="documents to extract instead of the gold `source` paths")
    ap.add_argument("--errors", action="store_true", help="list misses, extras and wrong fields")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = ap.parse_args(argv)
    gold_files = [p for p in args.paths if p.endswith(".jsonl")]
    doc_args = [p for p in args.paths if not p.endswith(".jsonl")] + (args.docs or [])
    if not gold_files:
        ap.error("give at least one golden .jsonl file")
    missing = [p for p in gold_files + doc_args if not Path(p).exists()]
    if missing:
        ap.error(f"not found: {missing[0]}")
    gold = read_jsonl(gold_files)
    if args.predicted:
        predicted = read_jsonl(args.predicted)
    else:
        if doc_args:
            from .reader import iter_document_paths

            docs = [str(path) for path, problem in iter_document_paths(doc_args) if problem is None]
        else:
            docs = sorted({g["source"] for g in gold})
            absent = [d for d in docs if not Path(d).exists()]
            if absent:
                ap.error(f"document not found: {absent[0]} (run from the repository root or give the documents)")
        predicted = extract_citations(docs)
    predicted = _pair_sources(gold, predicted)
    result = score(gold, predicted)
    if args.json:
        print(json.dumps(result.summary(), ensure_ascii=False))
    else:
        for key, value in result.summary().items():
            print(f"{key:22} {value}")
    if args.errors:
        for g in result.misses:
            print("MISS ", _show(g))
        for p in result.extras:
            print("EXTRA", _show(p))
        for what, g, p in result.wrong:
            print(f"WRONG {what}: gold={g.get(what)!r} predicted={p.get(what)!r} at {_show(g)}")
    return 0


def _cli() -> int:
    from ..errors import PolicygraphError

    try:
        return main()
    except PolicygraphError as exc:
        print(f"evaluate: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(_cli())
