"""Cited policy documents (立项依据 and elsewhere): ``find_citations(src, record)``.

    >>> from policygraph.extract.reader import SourceText
    >>> from policygraph.extract.models import DocumentRecord
    >>> src = SourceText.from_text("根据《国务院关于加强数字政府建设的指导意见》（国发〔2022〕14号）")
    >>> rec = DocumentRecord(source="<text>", sha256=src.sha256, encoding="str", n_chars=len(src.text), kind="unknown")
    >>> [c.doc_id for c in find_citations(src, rec)]
    ['num:国发〔2022〕14号']

The spaCy pipeline (``cite_pipeline``) finds and assembles the citations in the text with
PDF page furniture blanked (``cite_furniture``: a title or number broken by a page break
reads as one) and so are the borders of two-column tables (``text.blank_kv_table_borders``:
a value wrapped over a box-drawing table's rows reads as one); this module
places each one in its project and section (``cite_place``: the innermost project whose
extent holds it, else the project whose section body holds it — a summary table's
立项依据 cell —, the section whose body holds it, else a flattened form's nearest label;
department-level text gives project None), computes the canonical ``doc_id`` and the
issuer's canonical name in the document's context (``identity``, ``jurisdiction``) and
unifies ids within the document. Ids never depend on other documents: there is no
batch step, so incremental ingest gives the same ids.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Optional, Sequence

from . import docnumbers, identity, issuers
from .cite_assemble import Found
from .cite_furniture import without_furniture
from .cite_pipeline import CITATIONS_KEY, run
from .cite_place import Placer
from .jurisdiction import NOWHERE, Jurisdiction, jurisdiction_of, place_at_start
from .models import Citation, DocumentRecord
from .reader import SourceText
from .text import blank_kv_table_borders, html_breaks_as_newlines

__all__ = ["find_citations", "basis_regions", "title_doc_id", "without_furniture"]

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


def title_doc_id(title: str, issuer: Optional[str] = None, where: Jurisdiction = NOWHERE) -> Optional[str]:
    """The doc_id of a document named by title only (e.g. an entry of ``Citation.cites``):
    the known document's number id when the title is in data/known_documents.tsv, else the
    title id, exactly as find_citations would give it (see ``identity``)."""
    return identity.title_doc_id(title, issuer, where)


def _citation(src: SourceText, f: Found, placer: Placer, where: Jurisdiction) -> Citation:
    project, section = placer.place(f.start)
    number = f.number
    if number is not None and (f.issuer is None or f.issuer_from == "code"):
        own = docnumbers.own_place_issuer(number.issuer_code, where)  # 西府发 in a 西充县 document
        if not own and f.issuer is None and f.title:
            # a code no table knows, after a title that opens with its place: 《湖州市…方案》（湖委办发〔2019〕41号）
            own = docnumbers.own_place_issuer(number.issuer_code, place_at_start(f.title))
        if own:
            f = dataclasses.replace(f, issuer=own[0], issuer_from="code",
                                    level=f.level if f.level not in (None, "unknown") else own[1])
    doc_id = None
    if f.kind != "instruction":
        in_text = f.issuer_from == "text"
        doc_id = identity.citation_doc_id(number, f.title, f.issuer, where, issuer_in_text=in_text, use_known=f.kind != "mention")
        if number is None and f.kind != "mention" and f.level in (None, "unknown"):
            known = identity.known_document(f.title, f.issuer if in_text else None, where)
            if known and known[1]:
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
        issuer_canonical=identity.canonical_issuer(f.issuer, where),
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
    # a value wrapped over rows of a two-column table ("…建立完  │⏎│              │ 善本市…") reads as one
    # line-wrapped text: the borders and the empty label cells are blanked like page furniture; a
    # cell's <br> is a line break
    text = blank_kv_table_borders(html_breaks_as_newlines(without_furniture(src.text)))
    found: list[Found] = []
    for lo, hi in _chunks(text):
        local = [(max(s, lo) - lo, min(e, hi) - lo) for s, e in basis if s < hi and e > lo]
        doc = run(text[lo:hi], basis=local)
        for span in doc.spans[CITATIONS_KEY]:
            f = span._.pg_citation
            found.append(dataclasses.replace(f, start=f.start + lo, end=f.end + lo) if lo else f)
    where = jurisdiction_of(record, src.text)
    placer = Placer(src.text, record.projects)
    citations = [_citation(src, f, placer, where) for f in found]
    return tuple(identity.resolve_within(citations))
