"""The real thing: the sample corpus ingested into each server, the same answers as the embedded store.

The corpus is extracted once; the same ingest (policygraph.graph.ingest) then
loads it into an in-memory LocalStore and into each server, and every named
query runs against both.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from policygraph.extract import extract_document
from policygraph.extract.reader import read_source
from policygraph.graph import iris
from policygraph.graph.ingest import ingest_paths, ingest_records, source_hashes
from policygraph.graph.remote import RemoteStore
from policygraph.graph.store import LocalStore
from policygraph.queries import named_queries, run_query

from .conftest import SLOW_MACHINE_TIMEOUT_S

pytestmark = [pytest.mark.server, pytest.mark.slow]

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMBERS = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long")}

# Named queries Virtuoso 7.2 (Debian's virtuoso-opensource) cannot answer like
# Oxigraph, with what it does instead. Its SPARQL 1.1 support is partial; the
# store layer cannot repair these (docs/scale-out.md). If one of them starts to
# give the local answer, strict xfail fails: take it off this list.
VIRTUOSO_DIFFERS = {
    "top-documents": "refused: SP031 Variable ?backed_yuan is used in the result set outside aggregate",
    "money-by-issuer": "refused: SP031 Internal error: ssg_print_scalar_expn(): unsupported mode for 'not(X)'",
    "projects-without-basis": "fails: SR128 Numeric value out of range",
    "budget-by-function": "fails: SQ156 Internal Optimized compiler error (Bad dfe in sqlo_place_exp)",
    "recurring-projects": "refused: SP031 Internal error: ssg_print_bop_bool_expn(): unsupported mode",
    "cross-cutting-documents": "answers no rows (38 locally)",
    "co-citation": "answers as many rows, with other document pairs and labels",
    "stale-bases": "MIN over Chinese labels picks another label (it does not order strings by code point)",
}


@pytest.fixture(scope="session")
def corpus_records():
    """(record, text) of every sample document, extracted once."""
    pairs = []
    for path in sorted(p for p in CORPUS.iterdir() if p.is_file() and not p.name.startswith((".", "README"))):
        src = read_source(path)
        pairs.append((extract_document(src), src.text))
    return pairs


@pytest.fixture(scope="session")
def local_corpus(corpus_records):
    store = LocalStore(None)
    ingest_records(store, corpus_records)
    yield store
    store.close()


@pytest.fixture(scope="module", params=("oxigraph", "virtuoso"))
def remote_corpus(request, corpus_records):
    """A server holding the sample corpus, loaded by the same ingest as the local store."""
    server = request.getfixturevalue(f"{request.param}_server")
    store = RemoteStore(server.url, timeout=SLOW_MACHINE_TIMEOUT_S)
    written = ingest_records(store, corpus_records)
    yield store, written
    for graph in store.named_graphs():
        if graph.value.startswith(iris.SOURCE_GRAPH_PREFIX) or graph == iris.REFERENCE_GRAPH:
            store.drop_source(graph)
    store.close()


def canonical(term):
    """Compare values, not spellings (Virtuoso writes 1.50 as 1.5); blank node ids are per answer."""
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return "_:"
    if isinstance(term, ox.Literal):
        if term.datatype.value in NUMBERS:
            return ("number", Decimal(term.value))
        if "; " in term.value:  # GROUP_CONCAT(…; separator="; "): SPARQL leaves the order open
            return ("concat", tuple(sorted(term.value.split("; "))), term.language)
    return str(term)


def answer(result):
    if result.kind == "ask":
        return result.boolean
    if result.kind == "graph":
        return Counter(tuple(canonical(x) for x in (t.subject, t.predicate, t.object)) for t in result.triples)
    return (result.columns, Counter(tuple(canonical(v) for v in row) for row in result.rows))


def our_quads(store) -> Counter:
    rows = store.query(
        "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER(STRSTARTS(STR(?g), '{iris.SOURCE_GRAPH_PREFIX}') || ?g = <{iris.REFERENCE_GRAPH.value}>) }}"
    )
    return Counter(tuple(canonical(row[i]) for i in range(4)) for row in rows)


def test_the_server_holds_the_same_quads(remote_corpus, local_corpus):
    remote, written = remote_corpus
    expected = our_quads(local_corpus)
    assert sum(expected.values()) > written > 50_000  # the documents' quads, plus the reference graph
    assert our_quads(remote) == expected


def test_ingest_again_skips_every_document_by_its_stored_hash(remote_corpus, local_corpus):
    remote, _ = remote_corpus
    assert source_hashes(remote) == source_hashes(local_corpus)
    assert len(source_hashes(remote)) == 4
    report = ingest_paths(remote, [str(CORPUS)])
    assert (len(report.loaded), len(report.skipped), report.failed) == (0, 4, [])


NAMED = [q.name for q in named_queries()]


@pytest.mark.parametrize("name", NAMED)
def test_every_named_query_gives_the_local_answer(remote_corpus, local_corpus, name, request):
    remote, _ = remote_corpus
    if remote.server == "virtuoso" and name in VIRTUOSO_DIFFERS:
        request.applymarker(pytest.mark.xfail(reason=f"Virtuoso 7.2: {VIRTUOSO_DIFFERS[name]}", strict=True))
    query = next(q for q in named_queries() if q.name == name)
    params = dict(query.example)
    expected = answer(run_query(local_corpus, name, params))
    got = answer(run_query(remote, name, params))
    assert got == expected
