"""The viz queries on remote SPARQL servers (scale-out): the same projection as the embedded store.

The servers are the session's shared ones (tests/conftest.py); this test loads its two source
graphs, compares, and drops them again.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
import pytest

from policygraph.graph.remote import RemoteStore
from policygraph.viz import build_graph
from policygraph.viz.select import FocusError
from tests.viz.conftest import TWO_SOURCES

pytestmark = pytest.mark.server

#: requests wait this long: the machine is shared, and Virtuoso stalls under load
TIMEOUT_S = 180.0


def signature(graph) -> tuple:
    nodes = {n: dict(sorted(d.items())) for n, d in graph.nodes(data=True)}
    for data in nodes.values():  # PageRank may differ in the last digits between runs of the solver
        data.pop("pagerank", None)
    return nodes, {(u, v): dict(sorted(d.items())) for u, v, d in graph.edges(data=True)}


@pytest.mark.parametrize("kind", ["oxigraph", "virtuoso"])
def test_remote_projection_equals_local(kind, request, two_sources_store):
    server = request.getfixturevalue(f"{kind}_server")
    by_graph = defaultdict(list)
    for quad in ox.parse(path=str(TWO_SOURCES), format=ox.RdfFormat.TRIG):
        by_graph[quad.graph_name].append(quad)
    with RemoteStore(server.url, timeout=TIMEOUT_S) as remote:
        others = [g for g in remote.named_graphs() if g.value.startswith("https://w3id.org/policygraph/id/graph/")]
        assert not others, f"the shared server holds other tests' graphs: {others[:3]}"
        try:
            for graph, quads in by_graph.items():
                remote.replace_source(graph, quads)
            for graph_kind in ("dependency", "cocitation", "bipartite"):
                for include_flagged in (False, True):
                    got = build_graph(remote, graph_kind, include_flagged=include_flagged)
                    expected = build_graph(two_sources_store, graph_kind, include_flagged=include_flagged)
                    assert signature(got) == signature(expected), (graph_kind, include_flagged)
                    # where each node is written, looked up after the projection (add_places) on the server too
                    assert any("line" in d for _, d in got.nodes(data=True)), graph_kind
            # a focus: checked against the server's names first (viz/queries/focus_names.rq), then cut
            for text in ("单位 乙", "国发〔2020〕1号"):
                got = build_graph(remote, "dependency", focus_on=text, depth=1)
                assert signature(got) == signature(build_graph(two_sources_store, "dependency", focus_on=text, depth=1)), text
            with pytest.raises(FocusError):
                build_graph(remote, "dependency", focus_on="没有这个")
        finally:
            for graph in by_graph:
                remote.drop_source(graph)
