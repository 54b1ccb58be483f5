"""Stable IRIs for everything the graph holds.

Identity rules (docs/architecture.md, "ontology and IRIs"):

* shared entities get IRIs from normalised keys only, so the same organisation,
  cited document or project gets the same IRI from any source and in any run:
  organisations (departments, units, issuers) from their name — issuers from
  ``Citation.issuer_canonical``, the full name in the citing document's context, so
  市政府 and 上海市人民政府 in Shanghai documents are one organisation; cited documents
  from ``Citation.doc_id`` (extract/identity.py: independent of which sources are
  ingested together); projects from department + fiscal year + (parent +) name;
* facts stated by one source (citations, allocations, sections …) get IRIs from
  the source key and their character offsets, which are the same every time the
  same bytes are read; evidence is the source IRI with an RFC 5147 fragment
  (``pgid:source/{key}#char={start},{end}``);
* the source key is a hash of the absolute path, so re-ingesting an edited file
  replaces its graph, and running from another working directory changes nothing;
* non-ASCII keys are hashed to 16 hex digits (64 bits of SHA-256); nothing depends
  on run order or time.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from functools import lru_cache
from typing import Optional

from pyoxigraph import NamedNode

from ..ontology import PGID_NS

REFERENCE_GRAPH = NamedNode(PGID_NS + "graph/reference")
SOURCE_GRAPH_PREFIX = PGID_NS + "graph/source/"

_SPACES = re.compile(r"\s+")
_SAFE_KEY = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def normalize_key(text: str) -> str:
    """Identity form of a name/title/number: NFKC (full-width → half-width), no whitespace.

    Line wraps in PDFs split names at random places, so all whitespace goes.
    """
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def short_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _safe(key: str) -> str:
    """ASCII-safe keys stay readable; anything else is hashed."""
    return key if _SAFE_KEY.match(key) else short_hash(key)


def _iri(path: str) -> NamedNode:
    return NamedNode(PGID_NS + path)


# ---------------------------------------------------------------------------
# sources and their graphs


def source_key(path: str) -> str:
    """Key of a source file: hash of its absolute, normalised path."""
    return short_hash(os.path.normpath(os.path.abspath(path)))


def source_iri(key: str) -> NamedNode:
    return _iri(f"source/{key}")


def source_graph(key: str) -> NamedNode:
    return NamedNode(SOURCE_GRAPH_PREFIX + key)


def dataset_iri(key: str, kind: str, table: Optional[str] = None) -> NamedNode:
    """The data set of a source's amounts of one kind (annual, total, table_cell, figure), and of one table.

    pgid:dataset/{k}/{kind}, or pgid:dataset/{k}/{kind}/{hash of the table's title as written}: two titles
    are two tables (whitespace and width included), so a data set never has two pg:budgetTable values.
    """
    if table is None:
        return _iri(f"dataset/{key}/{_safe(kind)}")
    return _iri(f"dataset/{key}/{_safe(kind)}/{short_hash(table)}")


# ---------------------------------------------------------------------------
# shared entities


def org_iri(name: str) -> NamedNode:
    """Departments, budget units and issuers share one IRI space: same name, same IRI."""
    return _iri(f"org/{short_hash(normalize_key(name))}")


def cited_document_iri(doc_id: str) -> NamedNode:
    return _iri(f"doc/{short_hash(normalize_key(doc_id))}")


def title_doc_id(title: str) -> str:
    """doc_id of a document known only by its title (an entry of ``Citation.cites``).

    The extractor's own rule (``extract.identity.title_doc_id``: the known-documents
    table first, so a title cited inside another title reaches the numbered document),
    so it gets the IRI a direct citation of it would get.
    """
    try:
        from ..extract.identity import title_doc_id as extracted_title_doc_id
    except ImportError:  # extraction without the citation stage
        return "title:" + normalize_key(title)
    return extracted_title_doc_id(title) or "title:" + normalize_key(title)


def project_iri(owner: str, year: Optional[int], name: str, parents: tuple[str, ...] = ()) -> NamedNode:
    """A project of one owner (department, else unit, else source) in one year.

    ``parents`` is the chain of parent project names, outermost first, so equally
    named sub-projects of different projects stay apart.
    """
    path = "/".join(normalize_key(n) for n in (*parents, name))
    return _iri(f"project/{short_hash(f'{normalize_key(owner)}|{year}|{path}')}")


def scheme_iri(classification: str, year: Optional[int]) -> NamedNode:
    """Yearly classification scheme: pgid:classification/function/2023."""
    return _iri(f"classification/{_safe(classification)}/{year if year is not None else 'unknown'}")


def concept_iri(classification: str, year: Optional[int], code: str) -> NamedNode:
    return NamedNode(f"{scheme_iri(classification, year).value}/{_safe(code)}")


# ---------------------------------------------------------------------------
# facts stated by one source


def fact_prefix(kind: str, key: str) -> str:
    """The text every IRI of a ``kind`` of fact stated by source ``key`` starts with (graph/mapping.py
    writes fact IRIs as N-Triples text from it: thousands per document, no NamedNode each)."""
    return f"{PGID_NS}{kind}/{key}/"


def _fact(kind: str, key: str, *parts: object) -> NamedNode:
    return NamedNode(fact_prefix(kind, key) + "/".join(map(str, parts)))


def citation_iri(key: str, start: int, end: int) -> NamedNode:
    return _fact("citation", key, f"{start}-{end}")


def mention_iri(key: str, start: int, end: int) -> NamedNode:
    return _fact("mention", key, f"{start}-{end}")


def section_iri(key: str, start: int) -> NamedNode:
    return _fact("section", key, start)


#: RFC 5147 "char" fragment of a source IRI: ``{source IRI}#char={start},{end}``
_EVIDENCE = re.compile(r"^(" + re.escape(PGID_NS) + r"source/[^#]+)#char=(\d+),(\d+)$")


def evidence_iri(key: str, start: int, end: int) -> NamedNode:
    """The characters ``[start, end)`` of a source: an RFC 5147 text fragment of its IRI.

    The IRI itself says which source and which characters, so the evidence needs no
    selector nodes (11 quads each before; ``parse_evidence_iri`` reads them back).
    Offsets are code points of the decoded text that ``pg:charCount`` counts.
    """
    start, end = int(start), int(end)
    if not 0 <= start <= end:
        raise ValueError(f"evidence span {start}..{end}: offsets must satisfy 0 <= start <= end")
    return NamedNode(f"{evidence_prefix(key)}{start},{end}")


def evidence_prefix(key: str) -> str:
    """The text every evidence IRI of source ``key`` starts with (``{source IRI}#char=``)."""
    return f"{source_iri(key).value}#char="


def parse_evidence_iri(evidence: NamedNode | str) -> tuple[NamedNode, int, int]:
    """(source IRI, start, end) of an evidence IRI made by ``evidence_iri``; ValueError for anything else."""
    value = evidence.value if isinstance(evidence, NamedNode) else str(evidence)
    found = _EVIDENCE.match(value)
    if found is None:
        raise ValueError(f"not an evidence IRI (source IRI#char=start,end): {value!r}")
    start, end = int(found.group(2)), int(found.group(3))
    if start > end:
        raise ValueError(f"evidence IRI with start after end: {value!r}")
    return NamedNode(found.group(1)), start, end


def allocation_iri(key: str, role: str, start: int, qualifier: Optional[str] = None) -> NamedNode:
    """One amount: where it starts + its role (annual/total/table_cell/figure) + what it is of.

    ``qualifier`` tells apart amounts starting at the same place: the table column,
    the figure name, or the project (a derived parent amount starts where its first
    sub-project's amount does).
    """
    parts: list[object] = [f"{start}-{role}"]
    if qualifier is not None:
        parts.append(qualifier_key(qualifier))
    return _fact("allocation", key, *parts)


@lru_cache(maxsize=4096)
def qualifier_key(qualifier: str) -> str:
    """An allocation IRI's qualifier: a table's few column names recur in every cell (NFKC and a SHA-256 each)."""
    return _safe(normalize_key(qualifier))


def warning_iri(key: str, index: int) -> NamedNode:
    return _fact("warning", key, index)


# ---------------------------------------------------------------------------
# controlled vocabularies (policygraph/ontology/reference.ttl)


def vocab_iri(scheme: str, key: str) -> NamedNode:
    """pgid:vocab/{scheme}/{key}, e.g. vocab_iri("section", "basis")."""
    return _iri(f"vocab/{scheme}/{_safe(key)}")


def vocab_scheme_iri(scheme: str) -> NamedNode:
    return _iri(f"vocab/{scheme}")


@lru_cache(maxsize=1)
def doc_type_labels() -> dict[str, NamedNode]:
    """Chinese label (pref or alt) → doc-type concept, read from reference.ttl."""
    import pyoxigraph as ox

    from ..ontology import REFERENCE_TTL

    scheme = vocab_scheme_iri("doc-type")
    labels: dict[str, NamedNode] = {}
    in_scheme = NamedNode("http://www.w3.org/2004/02/skos/core#inScheme")
    label_props = {"http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2004/02/skos/core#altLabel"}
    quads = list(ox.parse(path=str(REFERENCE_TTL), format=ox.RdfFormat.TURTLE))
    members = {q.subject for q in quads if q.predicate == in_scheme and q.object == scheme}
    for q in quads:
        if q.subject in members and q.predicate.value in label_props and getattr(q.object, "language", None) == "zh":
            labels[q.object.value] = q.subject
    return labels


def doc_type_iri(doc_type: str) -> tuple[NamedNode, bool]:
    """Concept for a 文种; second item False when it is not in reference.ttl (hashed IRI)."""
    found = doc_type_labels().get(normalize_key(doc_type))
    if found is not None:
        return found, True
    return _iri(f"vocab/doc-type/x-{short_hash(normalize_key(doc_type))}"), False
