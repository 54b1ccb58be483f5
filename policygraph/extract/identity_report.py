"""Where identity may be wrong across a batch: for curators growing the data tables.

    python -m policygraph.extract.identity_report examples/corpus tests/heldout/docs
    python -m policygraph.extract.identity_report /tmp/syn/corpus --truth /tmp/syn/truth.jsonl

Extracts every document given (as ``policygraph extract`` does) and lists:

* **titles with several ids** — one title key, several ``doc_id``s across the batch. A
  number in one source and none in another: add the document to
  ``data/known_documents.tsv`` (the line to add is printed). Several numbers: different
  documents of one title, or a mistyped number. Several ``@issuer`` ids: a shared title
  (``data/shared_titles.tsv``) — fine when the issuers really are different;
* **titles cited with several issuers** that ``data/shared_titles.tsv`` does not list: one
  document whose issuer is written in different ways (teach ``data/issuers.tsv`` the name)
  or different documents sharing a title (add the title to ``shared_titles.tsv``);
* **numbers cited with several titles** — title variants of one document, or a wrong number;
* **issuers with several names** — the names written in the text that became one
  canonical name (check that they are one organisation);
* **issuer names not in the tables, or left relative** — canonical names no table lists, with the listed
  names they resemble (a duplicate under another spelling?), and relative names (市政府)
  left as written because the document's place is unknown;
* **documents without a place** — where 市政府/区委 cannot be resolved.

With ``--truth`` (JSONL citations that carry the true document and issuer, as the
synthetic corpus's ``truth.jsonl`` does in ``synthetic.catalog`` and
``synthetic.issuer_canonical``), it also scores identity: citations of one true document
that got different ids (split) and citations of different documents that got one id
(merged), as pairwise precision and recall, and the share of issuers whose canonical name
is the true organisation's. Catalogue entries with the same title from the same issuer
count as one document (the generator lists each national law once per city).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Optional

from . import identity
from .cite_data import read_table
from .issuers import JOIN
from .jurisdiction import jurisdiction_of
from .models import Citation, DocumentRecord

__all__ = ["Occurrence", "IdentityReport", "build_report", "format_report", "score_truth", "main"]


@dataclass(frozen=True)
class Occurrence:
    """One citation of a document, where it is and what identity it got."""

    source: str
    line: int
    doc_id: str
    title: Optional[str]
    number: Optional[str]
    issuer: Optional[str]
    issuer_canonical: Optional[str]

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"


@dataclass
class IdentityReport:
    titles_with_several_ids: dict[str, dict[str, list[Occurrence]]] = field(default_factory=dict)
    titles_with_several_issuers: dict[str, dict[str, list[Occurrence]]] = field(default_factory=dict)
    numbers_with_several_titles: dict[str, dict[str, list[Occurrence]]] = field(default_factory=dict)
    issuer_names: dict[str, Counter] = field(default_factory=dict)
    unlisted_issuers: dict[str, Counter] = field(default_factory=dict)
    placeless_sources: list[str] = field(default_factory=list)
    n_documents: int = 0
    n_citations: int = 0


def _occurrences(record: DocumentRecord) -> Iterable[tuple[Citation, Occurrence]]:
    for c in record.citations:
        if c.is_policy and c.doc_id and c.kind != "mention":
            number = c.doc_number.normalized if c.doc_number else None
            yield c, Occurrence(record.source, c.span.line, c.doc_id, c.title, number, c.issuer, c.issuer_canonical)


def _several(groups: dict[str, dict[str, list[Occurrence]]]) -> dict[str, dict[str, list[Occurrence]]]:
    return {k: v for k, v in sorted(groups.items()) if len(v) > 1}


def build_report(records: Iterable[tuple[DocumentRecord, str]]) -> IdentityReport:
    """The report over (record, text) pairs; ``text`` is the document's text (for its place)."""
    report = IdentityReport()
    by_title: dict[str, dict[str, list[Occurrence]]] = defaultdict(lambda: defaultdict(list))
    issuers_of_title: dict[str, dict[str, list[Occurrence]]] = defaultdict(lambda: defaultdict(list))
    titles_of_number: dict[str, dict[str, list[Occurrence]]] = defaultdict(lambda: defaultdict(list))
    names: dict[str, Counter] = defaultdict(Counter)
    for record, text in records:
        report.n_documents += 1
        if not jurisdiction_of(record, text):
            report.placeless_sources.append(record.source)
        for c, occ in _occurrences(record):
            report.n_citations += 1
            key = identity.title_key_of(c.title)
            if key:
                by_title[key][occ.doc_id].append(occ)
                if c.issuer_from == "text" and c.issuer_canonical and not identity.is_shared_title(key):
                    issuers_of_title[key][c.issuer_canonical].append(occ)
                if occ.doc_id.startswith("num:"):
                    titles_of_number[occ.doc_id][key].append(occ)
            if c.issuer and c.issuer_canonical:
                surfaces = [n for n in c.issuer.split(JOIN) if n]
                canon = c.issuer_canonical.split(JOIN)
                for surface, name in zip(surfaces, canon) if len(surfaces) == len(canon) else ():
                    names[name][surface] += 1
    report.titles_with_several_ids = _several(by_title)
    report.titles_with_several_issuers = _several(issuers_of_title)
    report.numbers_with_several_titles = _several(titles_of_number)
    report.issuer_names = {k: v for k, v in sorted(names.items()) if len(v) > 1}
    listed = _listed_names()
    report.unlisted_issuers = {
        k: v for k, v in sorted(names.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])) if k not in listed or _relative(k)
    }
    return report


def _relative(name: str) -> bool:
    """市政府, 区委 …: a name that only the document's place makes whole."""
    return name[:1] in "市区县省" and not name.startswith(("市场", "省级"))


def _listed_names() -> frozenset:
    """Every organisation name the tables know: issuers.tsv (names and canonical forms) and
    the issuers of the code tables."""
    from .docnumbers import _codes

    names = {n for row in read_table("issuers.tsv") for n in row[:1] + row[2:3] if n}
    for issuer, _level in _codes().values():
        names.update(issuer.split(JOIN))
    return frozenset(identity.canonical_name(n) for n in names) | frozenset(names)


# ---------------------------------------------------------------------------
# printing


def _places(occs: list[Occurrence], limit: int = 4) -> str:
    shown = ", ".join(o.where for o in occs[:limit])
    return shown + (f" … (+{len(occs) - limit})" if len(occs) > limit else "")


def _known_row(ids: dict[str, list[Occurrence]]) -> Optional[str]:
    """The known_documents.tsv line that gives a numbered title's number to its bare citations."""
    numbered = [o for doc, occs in ids.items() if doc.startswith("num:") for o in occs]
    if len({o.doc_id for o in numbered}) != 1:
        return None
    issuer = next((x.issuer_canonical for x in numbered if x.issuer_canonical), "")
    others = [d for d in ids if not d.startswith("num:")]
    # a bare title, or one qualified with the number's own issuer or its place: the same document
    if not others or any("@" in d and d.rsplit("@", 1)[1] not in issuer for d in others):
        return None
    o = numbered[0]
    return f"{o.doc_id[4:]}\t{o.title}\t{issuer}"


def format_report(report: IdentityReport) -> str:
    out = [f"{report.n_documents} documents, {report.n_citations} citations of documents", ""]

    out.append(f"## Titles with several ids ({len(report.titles_with_several_ids)})")
    for key, ids in report.titles_with_several_ids.items():
        out.append(f"- {key}" + ("  (shared_titles.tsv: different issuers, different documents)" if identity.is_shared_title(key) else ""))
        for doc, occs in sorted(ids.items()):
            out.append(f"    {doc}  ×{len(occs)}  {_places(occs)}")
        row = _known_row(ids)
        if row:
            out.append(f"    → known_documents.tsv: {row}")
        elif sum(d.startswith("num:") for d in ids) > 1:
            out.append("    → several numbers: different documents of one title, or a mistyped number")
    out.append("")

    out.append(f"## Titles cited with several issuers, not in shared_titles.tsv ({len(report.titles_with_several_issuers)})")
    for key, whos in report.titles_with_several_issuers.items():
        out.append(f"- {key}")
        for who, occs in sorted(whos.items()):
            written = sorted({o.issuer for o in occs if o.issuer})
            out.append(f"    {who} (written {'; '.join(written)})  {_places(occs)}")
        out.append("    → one organisation written differently: issuers.tsv; different documents: shared_titles.tsv")
    out.append("")

    out.append(f"## Numbers cited with several titles ({len(report.numbers_with_several_titles)})")
    for doc, keys in report.numbers_with_several_titles.items():
        out.append(f"- {doc}")
        for key, occs in sorted(keys.items()):
            out.append(f"    {key}  {_places(occs)}")
    out.append("")

    out.append(f"## Issuers with several names ({len(report.issuer_names)})")
    for name, surfaces in report.issuer_names.items():
        out.append(f"- {name} ← " + ", ".join(f"{s} ×{n}" for s, n in surfaces.most_common()))
    out.append("")

    listed = sorted(_listed_names())
    out.append(f"## Issuer names not in the tables, or left relative ({len(report.unlisted_issuers)})")
    for name, surfaces in report.unlisted_issuers.items():
        close = difflib.get_close_matches(name, listed, n=2, cutoff=0.75)
        relative = " (relative name: the document's place is unknown)" if _relative(name) else ""
        hint = f"  like {', '.join(close)}?" if close else ""
        out.append(f"- {name} ×{sum(surfaces.values())}{relative}{hint}")
    out.append("")

    out.append(f"## Documents without a place ({len(report.placeless_sources)})")
    out.extend(f"- {s}" for s in report.placeless_sources)
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------------------
# scoring against true identities


@dataclass
class TruthScore:
    citations: int = 0  # extracted citations paired with a true one that names its document
    pairs_same_true: int = 0  # pairs of paired citations of one true document
    pairs_same_both: int = 0  # … that also share the extracted id
    pairs_same_id: int = 0  # pairs sharing an extracted id
    issuers: int = 0
    issuers_ok: int = 0
    splits: list = field(default_factory=list)  # (true document, {doc_id: n})
    merges: list = field(default_factory=list)  # (doc_id, {true document: n})
    wrong_issuers: Counter = field(default_factory=Counter)  # (predicted, true)

    @property
    def precision(self) -> float:
        return self.pairs_same_both / self.pairs_same_id if self.pairs_same_id else 1.0

    @property
    def recall(self) -> float:
        return self.pairs_same_both / self.pairs_same_true if self.pairs_same_true else 1.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _true_documents(truth: list[dict]) -> dict[str, str]:
    """Catalogue key -> the key of its true document. Entries with the same title from the
    same issuer are one document (a generator may list a national law once per city)."""
    parent: dict[str, str] = {}

    def find(k: str) -> str:
        while parent.setdefault(k, k) != k:
            k = parent[k]
        return k

    first: dict[tuple[str, str], str] = {}
    for t in truth:
        catalog, issuer = t["synthetic"]["catalog"], t["synthetic"].get("issuer_canonical") or ""
        key = (identity.title_key_of(t.get("title")), identity.canonical_issuer(issuer) or "")
        find(catalog)
        if key[0]:
            other = first.setdefault(key, catalog)
            a, b = find(catalog), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {k: find(k) for k in parent}


def score_truth(records: Iterable[DocumentRecord], truth: Iterable[dict]) -> TruthScore:
    """Pairwise identity precision/recall of extracted ids against true documents.

    Extracted and true citations are paired by source (the truth's relative ``source``
    is matched against the end of the record's path) and overlapping spans.
    """
    cited = [t for t in truth if t.get("type") == "citation" and (t.get("synthetic") or {}).get("catalog") and t.get("span")]
    document_of = _true_documents(cited)
    true_by_source: dict[str, list[dict]] = defaultdict(list)
    for t in cited:
        true_by_source[t["source"]].append(t)
    score = TruthScore()
    together: dict[tuple[str, str], int] = Counter()
    by_true: dict[str, Counter] = defaultdict(Counter)
    by_id: dict[str, Counter] = defaultdict(Counter)
    for record in records:
        key = next((s for s in true_by_source if record.source.replace("\\", "/").endswith("/" + s) or record.source == s), None)
        if key is None:
            continue
        trues = true_by_source[key]
        for c in record.citations:
            if not c.doc_id or not c.is_policy:
                continue
            t = next((t for t in trues if t["span"]["start"] < c.span.end and c.span.start < t["span"]["end"]), None)
            if t is None:
                continue
            true_doc = document_of[t["synthetic"]["catalog"]]
            score.citations += 1
            together[(true_doc, c.doc_id)] += 1
            by_true[true_doc][c.doc_id] += 1
            by_id[c.doc_id][true_doc] += 1
            true_issuer = t["synthetic"].get("issuer_canonical")
            if c.issuer_canonical and true_issuer:
                score.issuers += 1
                mine = set(c.issuer_canonical.split(JOIN))
                theirs = set((identity.canonical_issuer(true_issuer) or "").split(JOIN))
                if mine == theirs:
                    score.issuers_ok += 1
                else:
                    score.wrong_issuers[(c.issuer_canonical, true_issuer)] += 1
    score.pairs_same_both = sum(_pairs(n) for n in together.values())
    score.pairs_same_true = sum(_pairs(sum(ids.values())) for ids in by_true.values())
    score.pairs_same_id = sum(_pairs(sum(docs.values())) for docs in by_id.values())
    score.splits = sorted(((d, dict(ids)) for d, ids in by_true.items() if len(ids) > 1), key=lambda x: -sum(x[1].values()))
    score.merges = sorted(((i, dict(docs)) for i, docs in by_id.items() if len(docs) > 1), key=lambda x: -sum(x[1].values()))
    return score


def format_truth(score: TruthScore, limit: int = 30) -> str:
    out = [
        "## Identity against the truth",
        f"citations paired        {score.citations}",
        f"pairwise precision      {score.precision:.4f}  (citations sharing an id are one true document)",
        f"pairwise recall         {score.recall:.4f}  (citations of one true document share an id)",
        f"issuer names            {score.issuers_ok}/{score.issuers} canonical names are the true organisation's",
        f"split documents         {len(score.splits)}",
    ]
    for doc, ids in score.splits[:limit]:
        out.append(f"- {doc}: " + ", ".join(f"{i} ×{n}" for i, n in sorted(ids.items())))
    out.append(f"merged documents        {len(score.merges)}")
    for doc_id, docs in score.merges[:limit]:
        out.append(f"- {doc_id}: " + ", ".join(f"{d} ×{n}" for d, n in sorted(docs.items())))
    out.append(f"wrong issuer names      {sum(score.wrong_issuers.values())}")
    for (mine, true), n in score.wrong_issuers.most_common(limit):
        out.append(f"- {mine} (true: {true}) ×{n}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------
# command line


def _extract(paths: list[str]) -> Iterable[tuple[DocumentRecord, str]]:
    from ..errors import UnreadableDocument
    from . import extract_document
    from .reader import iter_document_paths, read_source

    for path, problem in iter_document_paths(paths):
        if problem is not None:
            print(f"identity_report: skipped {problem}", file=sys.stderr)
            continue
        try:
            src = read_source(path)
        except UnreadableDocument as exc:
            print(f"identity_report: skipped {exc}", file=sys.stderr)
            continue
        yield extract_document(src), src.text


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m policygraph.extract.identity_report", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", metavar="DOCUMENT", help="documents or directories to extract")
    ap.add_argument("--truth", metavar="TRUTH.jsonl", help="true citations with synthetic.catalog and synthetic.issuer_canonical: score identity")
    args = ap.parse_args(argv)
    from pathlib import Path

    missing = [p for p in [*args.paths, *([args.truth] if args.truth else [])] if not Path(p).exists()]
    if missing:
        ap.error(f"not found: {missing[0]}")
    pairs = list(_extract(args.paths))
    print(format_report(build_report(pairs)), end="")
    if args.truth:
        with open(args.truth, encoding="utf-8") as fh:
            truth = [json.loads(line) for line in fh if line.strip()]
        print()
        print(format_truth(score_truth((r for r, _ in pairs), truth)), end="")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(0)
