"""Removing documents (graph/remove.py, `policygraph remove`): by path, directory or graph; all or nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from policygraph.errors import PolicygraphError
from policygraph.graph import ingest_paths, loaded_sources, open_store, remove_documents, store_stats
from policygraph.graph.ingest import LoadedSource
from policygraph.graph.remove import matching_sources
from policygraph.graph.summary import summary_problem
from policygraph.queries.formats import render
from policygraph.queries.runner import run_query

from .conftest import CORPUS

ROOT = CORPUS.parents[1]
G = "https://w3id.org/policygraph/id/graph/source/"
STORED = {
    G + "a": LoadedSource(G + "a", "/data/corpus/a.txt", "h1", None),
    G + "b": LoadedSource(G + "b", "/data/corpus/sub/b.txt", "h2", None),
    G + "c": LoadedSource(G + "c", "/data/corpus2/c.txt", "h3", None),
}


@pytest.mark.parametrize("target, expected", [
    ("/data/corpus/a.txt", ["a"]),                  # a file
    ("/data/corpus", ["a", "b"]),                   # a directory: every file under it, not corpus2's
    ("/data/corpus/", ["a", "b"]),
    ("/data/corpus/sub/../a.txt", ["a"]),           # normalised
    ("/data/corp", []),                              # a prefix of a name is not a directory
    ("/", ["a", "b", "c"]),
    (G + "c", ["c"]),                                # a graph IRI
    (G + "zz", []),
])
def test_which_stored_documents_a_target_names(target, expected):
    found = sorted(source.graph[len(G):] for source in matching_sources(STORED, target))
    assert found == expected


def _store_of(paths):
    store = open_store(None)
    report = ingest_paths(store, [str(p) for p in paths])
    assert report.ok, report.failed
    return store


def _answers(store) -> dict[str, str]:
    return {name: render(run_query(store, name), "csv") for name in ("top-documents", "co-citation", "money-by-level")}


def test_removing_a_document_gives_the_store_of_the_others(tmp_path):
    files = sorted(CORPUS.glob("*.txt"))
    store = _store_of(files)
    report = remove_documents(store, [str(files[0])])
    assert [path for _, path in report.removed] == [str(files[0])]
    assert report.summary_quads > 0
    assert sorted(s.path for s in loaded_sources(store).values()) == [str(f) for f in files[1:]]
    assert summary_problem(store) is None  # the summary was computed again, from the three documents left
    assert _answers(store) == _answers(_store_of(files[1:]))


def test_a_moved_corpus_is_held_twice_until_the_old_directory_is_removed(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    files = sorted(CORPUS.glob("*.txt"))[:2]
    for f in files:
        shutil.copy(f, old / f.name)
    store = _store_of([old])
    once = store_stats(store)
    shutil.move(str(old), str(new))
    moved = ingest_paths(store, [str(new)])
    # ingest says which files it now holds twice
    assert moved.same_content == [(str(new / f.name), [str(old / f.name)]) for f in files]
    twice = store_stats(store)
    # projects are the same resources (identity by content), their citations and budget cells are two sets
    assert twice["documents"] == 4 and twice["citations"] == 2 * once["citations"]
    assert twice["money_yuan"] == once["money_yuan"]
    report = remove_documents(store, [str(old)])  # the files are gone: their stored paths still match
    assert len(report.removed) == 2
    assert store_stats(store) == once


def test_a_target_matching_nothing_removes_nothing(tmp_path):
    files = sorted(CORPUS.glob("*.txt"))[:2]
    store = _store_of(files)
    before = len(store)
    with pytest.raises(PolicygraphError, match="no-such-file.txt: no document"):
        remove_documents(store, [str(files[0]), str(tmp_path / "no-such-file.txt")])
    assert len(store) == before and summary_problem(store) is None


def test_a_dry_run_changes_nothing(tmp_path):
    files = sorted(CORPUS.glob("*.txt"))[:2]
    store = _store_of(files)
    before = len(store)
    report = remove_documents(store, [str(CORPUS)], dry_run=True)
    assert sorted(path for _, path in report.removed) == [str(f) for f in files]
    assert len(store) == before


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "policygraph", *args], capture_output=True, text=True, cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))


def test_cli_remove_by_graph_iri_and_a_one_line_error(tmp_path):
    store = str(tmp_path / "store")
    files = sorted(CORPUS.glob("*.txt"))[:2]
    copy = tmp_path / "copy.txt"
    shutil.copy(files[0], copy)
    built = _cli("ingest", *map(str, files), str(copy), "--store", store, "--bulk", "--quiet")
    assert built.returncode == 0, built.stderr
    assert built.stderr.strip() == f"policygraph: note: {copy} has the same content as {files[0]}, also in the store " \
                                   "(moved? `policygraph remove OLD-PATH`)"
    assert _cli("remove", str(copy), "--store", store).returncode == 0
    listed = _cli("remove", "/", "--dry-run", "--store", store)
    assert listed.returncode == 0, listed.stderr
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    assert [row[1] for row in rows] == [str(f) for f in files] and all(row[0] == "would remove" for row in rows)
    gone = _cli("remove", rows[0][2], "--store", store)
    assert gone.returncode == 0 and gone.stdout.split("\t")[:2] == ["removed", str(files[0])]
    bad = _cli("remove", "nowhere.txt", "--store", store)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1 and "nowhere.txt" in bad.stderr
    with open_store(store, read_only=True) as st:
        assert [s.path for s in loaded_sources(st).values()] == [str(files[1])]
