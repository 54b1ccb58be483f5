"""Stores of the sample corpus for the query tests (built once per session)."""

from __future__ import annotations


import pytest

from tests.support.serve import start_serve as start_server, stop_serve as stop_server  # noqa: F401 - test_server imports them

from policygraph.queries.sample import disk_store, memory_store


@pytest.fixture(scope="session")
def sample_store():
    """The four sample documents and the reference data, in memory."""
    return memory_store()


@pytest.fixture(scope="session")
def sample_store_dir(tmp_path_factory):
    """The same, as an on-disk Oxigraph store (for the CLI and `policygraph serve`)."""
    return disk_store(tmp_path_factory.mktemp("store") / "policygraph-store")


@pytest.fixture(scope="session")
def server(sample_store_dir):
    """`policygraph serve` on the sample store (one per session: it owns the store while it runs)."""
    proc, url = start_server(sample_store_dir, "--timeout-s", "5")
    try:
        yield url
    finally:
        stop_server(proc)
