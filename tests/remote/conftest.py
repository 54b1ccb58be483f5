"""Fixtures for the remote-store tests: real servers started once per session."""

from __future__ import annotations

from typing import Iterator

import pyoxigraph as ox
import pytest

from policygraph.graph.remote import RemoteStore

from .servers import RunningServer

#: graphs written by the small tests live here, and are dropped after each test
TEST_NS = "http://example.org/policygraph-test/"
SERVERS = ("oxigraph", "virtuoso")
#: requests wait this long: the test machine is shared, and Virtuoso stalls under load
SLOW_MACHINE_TIMEOUT_S = 180.0


# oxigraph_server and virtuoso_server (session-scoped) are in tests/conftest.py: viz shares them.


@pytest.fixture(params=SERVERS)
def server(request) -> RunningServer:
    return request.getfixturevalue(f"{request.param}_server")


@pytest.fixture
def remote(server) -> Iterator[RemoteStore]:
    """A RemoteStore on the server; graphs under TEST_NS are dropped afterwards."""
    store = RemoteStore(server.url, timeout=SLOW_MACHINE_TIMEOUT_S)
    try:
        yield store
    finally:
        for graph in store.named_graphs():
            if graph.value.startswith(TEST_NS):
                store.drop_source(graph)
        store.close()


def ex(local: str) -> ox.NamedNode:
    return ox.NamedNode(TEST_NS + local)
