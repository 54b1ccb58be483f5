"""Cited policy documents (立项依据 and elsewhere): ``find_citations(src, record)``.

    >>> from policygraph.extract.reader import SourceText
    >>> from policygraph.extract.models import DocumentRecord
    >>> src = SourceText.from_text("根据《国务院关于加强数字政府建设的指导意见》（国发〔2022〕14号）")
    >>> rec = DocumentRecord(source="<text>", sha256=src.sha256, encoding="str", n_chars=len(src.text), kind="unknown")
    >>> [c.doc_id for c in find_citations(src, rec)]
    ['num:国发〔2022〕14号']

The spaCy pipeline (``cite_pipeline``) finds and assembles the citations; this module
places each one in its project and section (from ``record.projects``: the innermost
project whose extent contains the citation, the section whose body contains it;
department-level text gives project None) and computes the canonical ``doc_id``.
``resolve_doc_ids`` unifies ids across a batch of records (and is applied within each
document here).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Iterable, Optional, Sequence

from functools import lru_cache

from . import issuers, normalize
from .cite_assemble import Found
from .cite_data import read_table
from .cite_pipeline import CITATIONS_KEY, run
from .models import Citation, DocumentRecord, Project, Section
from .reader import SourceText

__all__ = ["find_citations", "resolve_doc_ids", "basis_regions", "title_doc_id"]

#: a heading (or form label) that opens a 立项依据 section, when structure found none
_BASIS_HEADING = re.compile(r"^[ \t\u3000#>*\-]*(?:[（(]?[一二三四五六七八九十\d]+[）)、.．]\s*)?(?:项目)?立项依据[ \t\u3000：:]*", re.M)
_NEXT_HEADING = re.compile(
    r"^[ \t\u3000#>*\-]*(?:[一二三四五六七八九十]+、|#+\s|(?:项目)?(?:实施主体|实施方案|实施周期|实施计划|年度预算安排|绩效目标|项目概述|项目概况|申报单位|项目名称|资金用途))",
    re.M,
)


def basis_regions(src: SourceText, record: DocumentRecord) -> list[tuple[int, int]]:
    """Offsets of the 立项依据 sections: from the record's sections, else found by their headings."""
    regions = [(s.body.start, s.body.end) for p in record.projects for s in p.sections if s.key == "basis"]
    if regions:
        return regions
    text = src.text
    for m in _BASIS_HEADING.finditer(text):
        nxt = _NEXT_HEADING.search(text, m.end() + 1)
        end = nxt.start() if nxt else len(text)
        regions.append((m.end(), min(end, m.end() + 4000)))
    return regions


def _place(start: int, projects: Sequence[Project]) -> tuple[Optional[str], Optional[str]]:
    """(project name, section key) for an offset: the innermost project whose extent holds it."""
    best: Optional[Project] = None
    for p in projects:
        if p.extent.start <= start < p.extent.end:
            if best is None or (p.extent.end - p.extent.start) < (best.extent.end - best.extent.start):
                best = p
    if best is None:
        return None, None
    section = _section_of(start, best.sections)
    if section is None:
        # a sub-project may not repeat its parent's sections: look in the parent
        for p in projects:
            if p.name == best.parent and p.extent.start <= start < p.extent.end:
                section = _section_of(start, p.sections)
    return best.name, section


def _section_of(start: int, sections: Sequence[Section]) -> Optional[str]:
    for s in sections:
        if s.body.start <= start < s.body.end or s.span.start <= start < s.span.end:
            return s.key
    return None


def _issuer_names(issuer: Optional[str]) -> frozenset:
    return frozenset(n for n in normalize.canonical_issuer(issuer).split("、") if n) if issuer else frozenset()


@lru_cache(maxsize=1)
def _known_documents() -> dict[str, tuple[tuple[str, frozenset], ...]]:
    """title key -> ((doc_id, issuer names), …) from data/known_documents.tsv."""
    table: dict[str, list[tuple[str, frozenset]]] = {}
    for row in read_table("known_documents.tsv"):
        number, title = row[0], row[1]
        who = _issuer_names(row[2] if len(row) > 2 else None)
        aliases = [a.strip() for a in row[3].split(" | ")] if len(row) > 3 and row[3] else []
        doc = "num:" + normalize.normalize_number(number)
        for t in [title, *aliases]:
            key = normalize.title_key(normalize.split_issuer_prefix(normalize.clean_title(t))[1])
            table.setdefault(key, []).append((doc, who))
    return {k: tuple(v) for k, v in table.items()}


def known_document(title: Optional[str], issuer: Optional[str]) -> Optional[tuple[str, frozenset]]:
    """(num: id, issuer names) of a known document cited by title only, when the issuer agrees."""
    if not title:
        return None
    named, rest = normalize.split_issuer_prefix(normalize.clean_title(title))
    key = normalize.title_key(rest)
    who = _issuer_names(named or issuer)
    hits = {(doc, known) for doc, known in _known_documents().get(key, ()) if not who or who <= known}
    return next(iter(hits)) if len({doc for doc, _ in hits}) == 1 else None


def known_doc_id(title: Optional[str], issuer: Optional[str]) -> Optional[str]:
    """The number id of a known document cited by title only, when the issuer agrees."""
    hit = known_document(title, issuer)
    return hit[0] if hit else None


def title_doc_id(title: str, issuer: Optional[str] = None) -> Optional[str]:
    """The doc_id of a document named by title only (e.g. an entry of ``Citation.cites``):
    the known document's number id when the title is in data/known_documents.tsv, else the
    title id, exactly as find_citations would give it."""
    return known_doc_id(title, issuer) or normalize.doc_id(None, title, issuer, issuer_in_text=issuer is not None)


def _citation(src: SourceText, f: Found, projects: Sequence[Project]) -> Citation:
    project, section = _place(f.start, projects)
    number = f.number
    doc_id = None
    if f.kind != "instruction":
        doc_id = normalize.doc_id(number.normalized if number else None, f.title, f.issuer, issuer_in_text=f.issuer_from == "text")
        if number is None and f.kind != "mention":
            known = known_document(f.title, f.issuer)
            if known:
                doc_id = known[0]
                if f.level in (None, "unknown") and known[1]:
                    f = dataclasses.replace(f, level=issuers.level_of(sorted(known[1])[0]))
    return Citation(
        text=src.text[f.start:f.end],
        span=src.span(f.start, f.end),
        kind=f.kind,
        is_policy=f.is_policy,
        rule=f.rule,
        doc_id=doc_id,
        project=project,
        section=section,
        title=f.title,
        doc_number=number,
        issuer=f.issuer,
        issuer_from=f.issuer_from,
        doc_type=f.doc_type,
        level=f.level,
        year=f.year,
        confidence=round(f.confidence, 2),
        cites=f.cites,
    )


#: documents longer than this are processed in pieces cut at paragraph breaks, so memory
#: stays flat (a spaCy Doc costs ~150 bytes per character token)
CHUNK_CHARS = 200_000


def _chunks(text: str, size: Optional[int] = None) -> list[tuple[int, int]]:
    """[start, end) pieces of ``text`` no longer than ``size``, cut after a blank line (else a
    line break): no citation spans a blank line."""
    size = size or CHUNK_CHARS
    pieces, start = [], 0
    while len(text) - start > size:
        cut = text.rfind("\n\n", start + size // 2, start + size)
        if cut == -1:
            cut = text.rfind("\n", start + size // 2, start + size)
        cut = (cut + 1) if cut != -1 else start + size
        pieces.append((start, cut))
        start = cut
    pieces.append((start, len(text)))
    return pieces


def find_citations(src: SourceText, record: DocumentRecord) -> tuple[Citation, ...]:
    """Every citation in the document, in text order, with project/section and doc_id."""
    basis = basis_regions(src, record)
    found: list[Found] = []
    for lo, hi in _chunks(src.text):
        local = [(max(s, lo) - lo, min(e, hi) - lo) for s, e in basis if s < hi and e > lo]
        doc = run(src.text[lo:hi], basis=local)
        for span in doc.spans[CITATIONS_KEY]:
            f = span._.pg_citation
            found.append(dataclasses.replace(f, start=f.start + lo, end=f.end + lo) if lo else f)
    citations = [_citation(src, f, record.projects) for f in found]
    return tuple(_resolve(citations))


# ---------------------------------------------------------------------------
# identity across citations and documents


def _title_part(doc_id: str) -> tuple[str, Optional[str]]:
    key = doc_id[len("title:"):]
    if "@" in key:
        key, who = key.rsplit("@", 1)
        return key, who
    return key, None


def _variant_key(key: str) -> Optional[str]:
    """Small title variants of one document of the same years (行动计划纲要 / 行动规划纲要
    (2021-2035年)) share this key; titles without years get none (the 2006 and 2021
    纲要 are different documents)."""
    years = re.findall(r"(?:19|20)\d\d", key)
    if not years:
        return None
    return re.sub(r"[计规]划", "划", key).replace("的", "")


def _title_key_of(c: Citation) -> str:
    return normalize.title_key(normalize.split_issuer_prefix(normalize.clean_title(c.title or ""))[1])


def _resolve(citations: list[Citation]) -> list[Citation]:
    """Within one batch of citations:

    * a title cited without a number takes the number id the same title has elsewhere
      (when exactly one number goes with that title);
    * an issuer-less title takes the issuer-qualified id when exactly one issuer goes with it;
    * small variants of a title with the same years (计划纲要 / 规划纲要) share one id
      (a number id if one of them has it, else the smallest).
    """
    by_title_num: dict[str, set[str]] = {}
    by_title_who: dict[str, set[str]] = {}
    for c in citations:
        if not c.doc_id or not c.title:
            continue
        key = _title_key_of(c)
        if c.doc_id.startswith("num:") and c.doc_number is not None and c.doc_number.year:
            by_title_num.setdefault(key, set()).add(c.doc_id)
        elif c.doc_id.startswith("title:") and _title_part(c.doc_id)[1]:
            by_title_who.setdefault(key, set()).add(c.doc_id)
    out = []
    for c in citations:
        if c.doc_id and c.doc_id.startswith("title:") and c.title:
            key, who = _title_part(c.doc_id)
            nums = by_title_num.get(_title_key_of(c), set())
            whos = by_title_who.get(_title_key_of(c), set())
            if len(nums) == 1 and (who is None or len(whos) <= 1):
                c = dataclasses.replace(c, doc_id=next(iter(nums)))
            elif who is None and len(whos) == 1:
                c = dataclasses.replace(c, doc_id=next(iter(whos)))
        out.append(c)
    return _merge_variants(out)


def _merge_variants(citations: list[Citation]) -> list[Citation]:
    groups: dict[tuple[str, Optional[str]], set[str]] = {}
    for c in citations:
        if c.doc_id and c.title and c.kind != "mention":
            v = _variant_key(_title_key_of(c))
            if v:
                who = _title_part(c.doc_id)[1] if c.doc_id.startswith("title:") else None
                groups.setdefault((v, who), set()).add(c.doc_id)
    canon: dict[str, str] = {}
    for ids in groups.values():
        if len(ids) > 1:
            nums = sorted(i for i in ids if i.startswith("num:"))
            if len(nums) > 1:
                continue  # two numbers: two documents, whatever the titles say
            target = nums[0] if nums else min(ids)
            for i in ids:
                canon[i] = target
    return [dataclasses.replace(c, doc_id=canon[c.doc_id]) if c.doc_id in canon else c for c in citations]


def resolve_doc_ids(records: Iterable[DocumentRecord]) -> list[DocumentRecord]:
    """Unify ``doc_id`` across a batch of records (call before building the graph).

    The same title cited with a number in one document and without it in another gets
    the number's id; an issuer-less title gets the issuer-qualified id when the batch
    knows exactly one issuer for it. Different documents sharing a title (different
    issuers or numbers) stay apart.
    """
    records = list(records)
    flat = [c for r in records for c in r.citations]
    resolved = iter(_resolve(flat))
    out = []
    for r in records:
        cits = tuple(next(resolved) for _ in r.citations)
        out.append(dataclasses.replace(r, citations=cits))
    return out
