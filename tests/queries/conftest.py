"""Stores of the sample corpus for the query tests (built once per session)."""

from __future__ import annotations

import pytest

from policygraph.queries.sample import disk_store, memory_store


@pytest.fixture(scope="session")
def sample_store():
    """The four sample documents and the reference data, in memory."""
    return memory_store()


@pytest.fixture(scope="session")
def sample_store_dir(tmp_path_factory):
    """The same, as an on-disk Oxigraph store (for the CLI and `policygraph serve`)."""
    return disk_store(tmp_path_factory.mktemp("store") / "policygraph-store")
