"""`policygraph remove` on a SPARQL server: the documents' graphs dropped, the summary computed again there."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from policygraph.errors import PolicygraphError
from policygraph.graph import iris, loaded_sources, remove_documents
from policygraph.graph.ingest import ingest_paths
from policygraph.graph.remote import RemoteStore
from policygraph.graph.store import LocalStore
from policygraph.graph.summary import SUMMARIES, SUMMARY_GRAPH, summary_problem, summary_state
from policygraph.queries import get_query, run_named

from .conftest import SLOW_MACHINE_TIMEOUT_S

pytestmark = [pytest.mark.server, pytest.mark.slow]

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
KEPT = str(CORPUS / "001_8945e10e70820498.txt")
REMOVED = str(CORPUS / "002_3aa9dca3e14d72fe.txt")


@pytest.fixture(params=("oxigraph", "virtuoso"))
def remote_pair(request):
    """A server holding two sample documents, ingested as `policygraph ingest URL` does; emptied afterwards."""
    server = request.getfixturevalue(f"{request.param}_server")
    store = RemoteStore(server.url, timeout=SLOW_MACHINE_TIMEOUT_S)
    report = ingest_paths(store, [KEPT, REMOVED])
    assert report.ok and len(report.loaded) == 2, report.failed
    yield request.param, store
    for graph in store.named_graphs():
        if graph.value.startswith(iris.SOURCE_GRAPH_PREFIX) or graph in (iris.REFERENCE_GRAPH, SUMMARY_GRAPH):
            store.drop_source(graph)
    store.close()


def test_removing_a_document_from_a_server_leaves_the_other_and_a_current_summary(remote_pair):
    server, store = remote_pair
    report = remove_documents(store, [REMOVED])

    assert [path for _graph, path in report.removed] == [REMOVED]
    assert [source.path for source in loaded_sources(store).values()] == [KEPT]
    assert str(iris.source_graph(iris.source_key(REMOVED)).value) not in {g.value for g in store.named_graphs()}
    state = summary_state(store)
    assert state.sources == 1
    lacking = set(SUMMARIES) - state.included  # summaries a server cannot compute (Virtuoso 7.2), its only excuse
    problem = summary_problem(store)
    assert problem is None if not lacking else "lacks" in problem
    assert not lacking or server == "virtuoso"
    if server == "oxigraph":  # Virtuoso answers some aggregates its own way (test_remote_corpus.py)
        with LocalStore(None) as local:
            ingest_paths(local, [KEPT])
            for name in ("top-documents", "money-by-issuer"):
                query = get_query(name)
                assert Counter(run_named(store, query, {}).rows) == Counter(run_named(local, query, {}).rows), name


def test_a_target_the_server_does_not_hold_removes_nothing(remote_pair):
    _server, store = remote_pair
    with pytest.raises(PolicygraphError, match="nothing was removed"):
        remove_documents(store, [KEPT, str(CORPUS / "no-such-file.txt")])
    assert sorted(source.path for source in loaded_sources(store).values()) == sorted([KEPT, REMOVED])

