"""Compacting a store (`policygraph optimize`, graph.optimize_store): the same graph, one-line errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from policygraph.errors import PolicygraphError
from policygraph.graph import open_store, optimize_store
from policygraph.queries import get_query, run_named

from .conftest import CORPUS, quads_by_graph


def _answer(location: str, name: str) -> list:
    with open_store(location, read_only=True) as store:
        return run_named(store, get_query(name), {}).rows


def test_optimizing_keeps_every_quad_and_every_answer(corpus_store_dir, tmp_path):
    location = str(tmp_path / "store")
    shutil.copytree(corpus_store_dir, location)
    with open_store(location, read_only=True) as store:
        before = quads_by_graph(store)
    answer_before = _answer(location, "top-documents")

    report = optimize_store(location)

    with open_store(location, read_only=True) as store:
        assert quads_by_graph(store) == before
    assert _answer(location, "top-documents") == answer_before
    assert report.quads == sum(len(triples) for triples in before.values())
    assert report.bytes_before > 0 and report.bytes_after > 0


@pytest.mark.parametrize("make, message", [
    (lambda tmp: str(tmp / "missing"), "no store here yet"),
    (lambda tmp: str(tmp), "not an Oxigraph store directory"),            # a directory of something else
    (lambda tmp: "http://localhost:7878/sparql", "a SPARQL server manages its own storage"),
])
def test_what_is_not_a_local_store_is_refused(tmp_path, make, message):
    (tmp_path / "notes.txt").write_text("not a store", encoding="utf-8")
    location = make(tmp_path)
    with pytest.raises(PolicygraphError, match=message):
        optimize_store(location)
    assert sorted(os.listdir(tmp_path)) == ["notes.txt"]  # no store was made on the way


def test_a_store_in_use_is_refused(corpus_store_dir, tmp_path):
    location = str(tmp_path / "store")
    shutil.copytree(corpus_store_dir, location)
    with open_store(location):  # another writer holds it
        with pytest.raises(PolicygraphError, match="in use"):
            optimize_store(location)


def test_cli_reports_the_store_and_errors_in_one_line(corpus_store_dir, tmp_path):
    location = str(tmp_path / "store")
    shutil.copytree(corpus_store_dir, location)
    done = subprocess.run([sys.executable, "-m", "policygraph.cli", "optimize", "--store", location],
                          capture_output=True, text=True, cwd=CORPUS.parents[1])
    assert done.returncode == 0, done.stderr
    assert f"optimized {location}" in done.stdout and "quads" in done.stdout

    missing = str(tmp_path / "nowhere")
    failed = subprocess.run([sys.executable, "-m", "policygraph.cli", "optimize", "--store", missing],
                            capture_output=True, text=True, cwd=CORPUS.parents[1])
    assert failed.returncode == 1
    assert failed.stderr.strip().splitlines() == [f"Error: {missing}: no store here yet; run `policygraph ingest` first"]


def test_a_large_bulk_build_ends_with_the_hint_to_optimize(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from policygraph import cli

    monkeypatch.setattr(cli, "OPTIMIZE_HINT_DOCUMENTS", 2)  # "large": two documents here, 1,000 for users
    paths = [str(CORPUS / "001_8945e10e70820498.txt"), str(CORPUS / "002_3aa9dca3e14d72fe.txt")]
    location = str(tmp_path / "store")
    built = CliRunner().invoke(cli.cli, ["ingest", *paths, "--store", location, "--bulk", "--jobs", "1"])
    assert built.exit_code == 0, built.output
    assert f"`policygraph optimize --store {location}`" in built.output
    again = CliRunner().invoke(cli.cli, ["ingest", *paths, "--store", location, "--bulk", "--jobs", "1"])
    assert again.exit_code == 0, again.output
    assert "policygraph optimize" not in again.output  # the store existed: nothing was bulk-built
