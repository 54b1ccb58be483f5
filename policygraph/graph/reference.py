"""The reference named graph: controlled vocabularies and the issuer table.

Content: ``ontology/reference.ttl`` (SKOS schemes for levels, document types,
section kinds …) plus one ``pg:Issuer`` per canonical issuer of the extractor's
issuer table (``extract/data/issuers.tsv``: name, level, canonical name), with
its aliases as ``skos:altLabel``. It depends only on bundled files, so it is the
same for every ingest; ingest rewrites it only when it differs from the store's.
"""

from __future__ import annotations

from importlib import resources
from typing import Iterator

import pyoxigraph as ox

from ..ontology import REFERENCE_TTL
from ..ontology.terms import ORG, PG, RDF, RDFS, SKOS
from . import iris


def _issuer_rows() -> list[tuple[str, ...]]:
    try:
        text = resources.files("policygraph.extract").joinpath("data", "issuers.tsv").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return []
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return rows


def _issuer_quads() -> Iterator[ox.Quad]:
    g = iris.REFERENCE_GRAPH
    for row in _issuer_rows():
        if len(row) < 2 or not row[0]:
            continue
        name, level = row[0], row[1]
        canonical = row[2] if len(row) > 2 and row[2] else name
        node = iris.org_iri(canonical)
        yield ox.Quad(node, RDF.type, PG.Issuer, g)
        yield ox.Quad(node, RDF.type, ORG.Organization, g)
        yield ox.Quad(node, RDFS.label, ox.Literal(canonical, language="zh"), g)
        if name != canonical:
            yield ox.Quad(node, SKOS.altLabel, ox.Literal(name, language="zh"), g)
        if level and canonical == name:
            yield ox.Quad(node, PG.level, iris.vocab_iri("level", level), g)


def reference_quads() -> list[ox.Quad]:
    """Every quad of the reference graph, deduplicated, in a stable order."""
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, iris.REFERENCE_GRAPH)
        for t in ox.parse(path=str(REFERENCE_TTL), format=ox.RdfFormat.TURTLE)
    ]
    quads.extend(_issuer_quads())
    return list(dict.fromkeys(quads))
