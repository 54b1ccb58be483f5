"""Stable IRIs across sources and runs: the same cited document and the same issuer get one
IRI whichever sources are ingested together and in which order (extract/identity.py).

From the documents (``sed -n 'Np'``): 000 lines 1857/1892 and 004 lines 645/866 cite
《上海市科学技术普及条例》 (004 line 866 with "上海市人民政府办公室印发"); 001 line 443
"中共上海市委办公厅 市政府办公厅印发《关于进一步深化人才发展体制机制改革…的实施意见》", 002
line 562 the same title bare; the corpus writes Shanghai's government as 市政府, 上海市政府
and 上海市人民政府, and 001's department 上海市科学技术协会 is also the issuer 上海市科协.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from policygraph.graph import ingest_paths, iris, open_store
from policygraph.ontology.terms import ELI, ORG, PG, RDFS

from .conftest import CORPUS, quads_by_graph

PREFIXES = f"PREFIX pg: <{PG.NS}> PREFIX eli: <{ELI.NS}> PREFIX rdfs: <{RDFS.NS}> PREFIX org: <{ORG.NS}>\n"
KW2023 = CORPUS / "000_54c0a28505620ce4.txt"
KX2023 = CORPUS / "001_8945e10e70820498.txt"
FORMS2019 = CORPUS / "002_3aa9dca3e14d72fe.txt"
KX2025 = CORPUS / "004_3b9f046d1a272fe1.txt"


def store_of(*paths):
    store = open_store(None)
    report = ingest_paths(store, [str(p) for p in paths])
    assert report.ok, report.failed
    return store


def documents_titled(store, title: str) -> set[str]:
    rows = store.query(PREFIXES + "SELECT DISTINCT ?d ?want WHERE { ?d a pg:CitedDocument ; eli:title ?t . FILTER(REPLACE(STR(?t), \"\\\\s\", \"\") = ?want) }",
                       {"want": ox.Literal(title)})
    return {row["d"].value for row in rows}


@pytest.fixture(scope="module")
def one_by_one():
    """Each of 000, 002 and 004 ingested alone into a store of its own."""
    stores = {p.name[:3]: store_of(p) for p in (KW2023, FORMS2019, KX2025)}
    yield stores
    for s in stores.values():
        s.close()


def test_a_document_cited_by_sources_ingested_apart_has_one_iri(one_by_one, corpus_store):
    title = "上海市科学技术普及条例"
    apart = documents_titled(one_by_one["000"], title) | documents_titled(one_by_one["004"], title)
    assert apart == documents_titled(corpus_store, title)
    assert len(apart) == 1


def test_a_document_named_with_its_issuers_in_one_source_and_bare_in_another_has_one_iri(one_by_one, corpus_store):
    title = "关于进一步深化人才发展体制机制改革加快推进具有全球影响力的科技创新中心建设的实施意见"
    bare = documents_titled(one_by_one["002"], title)
    assert len(bare) == 1 and bare == documents_titled(one_by_one["004"], title) == documents_titled(corpus_store, title)


def test_ingest_order_does_not_change_any_graph():
    forward, backward = store_of(KX2023, FORMS2019), store_of(FORMS2019, KX2023)
    try:
        assert quads_by_graph(forward) == quads_by_graph(backward)
    finally:
        forward.close()
        backward.close()


def issuer_labels(store) -> dict[str, set[str]]:
    rows = store.query(PREFIXES + "SELECT DISTINCT ?i ?label WHERE { ?d eli:passed_by ?i . ?i rdfs:label ?label }")
    out: dict[str, set[str]] = {}
    for row in rows:
        out.setdefault(row["label"].value, set()).add(row["i"].value)
    return out


def test_one_issuer_iri_per_organisation(corpus_store):
    labels = issuer_labels(corpus_store)
    assert labels["上海市人民政府"] == {iris.org_iri("上海市人民政府").value}
    # the short names the documents write are no organisations of their own
    for written in ("市政府", "上海市政府", "市政府办公厅", "上海市委", "市委", "上海市科协", "市科协", "科技部", "国家科技部", "中国科协"):
        assert written not in labels, written


def test_an_issuer_is_the_same_organisation_as_the_department_of_that_name(corpus_store):
    rows = corpus_store.query(PREFIXES + "ASK { ?doc eli:passed_by ?org . ?src pg:department ?org }")
    assert bool(rows)
    assert issuer_labels(corpus_store)["上海市科学技术协会"] == {iris.org_iri("上海市科学技术协会").value}
