"""The viz queries on remote SPARQL servers (scale-out): the same projection as the embedded store."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
import pytest

from policygraph.graph.remote import RemoteStore
from policygraph.viz import build_graph
from tests.remote.servers import start_oxigraph, start_virtuoso
from tests.viz.conftest import TWO_SOURCES

pytestmark = pytest.mark.server


def signature(graph) -> tuple:
    nodes = {n: dict(sorted(d.items())) for n, d in graph.nodes(data=True)}
    for data in nodes.values():  # PageRank may differ in the last digits between runs of the solver
        data.pop("pagerank", None)
    return nodes, {(u, v): dict(sorted(d.items())) for u, v, d in graph.edges(data=True)}


@pytest.mark.parametrize("start", [start_oxigraph, start_virtuoso], ids=["oxigraph", "virtuoso"])
def test_remote_projection_equals_local(start, tmp_path, two_sources_store):
    server = start(tmp_path / "server")
    try:
        remote = RemoteStore(server.url)
        by_graph = defaultdict(list)
        for quad in ox.parse(path=str(TWO_SOURCES), format=ox.RdfFormat.TRIG):
            by_graph[quad.graph_name].append(quad)
        for graph, quads in by_graph.items():
            remote.replace_source(graph, quads)
        for kind in ("dependency", "cocitation", "bipartite"):
            assert signature(build_graph(remote, kind)) == signature(build_graph(two_sources_store, kind)), kind
        remote.close()
    finally:
        server.stop()
