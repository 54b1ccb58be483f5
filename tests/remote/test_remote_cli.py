"""The command line against a real SPARQL server: credentials in the URL never reach the output."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from policygraph.cli import cli
from policygraph.graph import iris
from policygraph.graph.remote import RemoteStore

from .conftest import SLOW_MACHINE_TIMEOUT_S

pytestmark = pytest.mark.server


def test_ingest_into_virtuoso_prints_the_store_without_its_password(virtuoso_server, sample_paths, monkeypatch):
    monkeypatch.setenv("POLICYGRAPH_SPARQL_TIMEOUT", str(SLOW_MACHINE_TIMEOUT_S))
    url = virtuoso_server.url
    assert "dba:dba@" in url  # the test server's account: user dba, password dba
    document = str(sample_paths["forms2019"])  # the smallest sample document
    try:
        result = CliRunner().invoke(cli, ["ingest", document, "--store", url, "--quiet"])
        assert result.exit_code == 0, result.output
        result = CliRunner().invoke(cli, ["ingest", document, "--store", url])  # again: unchanged, skipped
        assert result.exit_code == 0, result.output
        summary = result.output.strip().splitlines()[-1]
        assert summary == f"policygraph: 0 loaded, 1 unchanged (0 quads written) into {virtuoso_server.base}/sparql"
        assert "dba" not in result.output
    finally:
        with RemoteStore(url, timeout=SLOW_MACHINE_TIMEOUT_S) as store:
            for graph in store.named_graphs():
                if graph.value.startswith(iris.SOURCE_GRAPH_PREFIX) or graph == iris.REFERENCE_GRAPH:
                    store.drop_source(graph)
