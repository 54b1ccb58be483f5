"""Fixtures for the graph tests: the sample corpus ingested once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from policygraph.graph import ingest_paths, open_store

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"


@pytest.fixture(scope="session")
def corpus_store_dir(tmp_path_factory) -> Path:
    """An on-disk store holding the four sample documents (closed; open it read-only)."""
    location = tmp_path_factory.mktemp("graph") / "store"
    with open_store(str(location)) as store:
        report = ingest_paths(store, [str(CORPUS)])
    assert report.ok and len(report.loaded) == 4, report.failed
    return location


@pytest.fixture(scope="session")
def corpus_store(corpus_store_dir):
    """The sample corpus store, opened read-only for the whole session."""
    store = open_store(str(corpus_store_dir), read_only=True)
    yield store
    store.close()


def quads_by_graph(store) -> dict[str, set]:
    """Graph IRI → set of (s, p, o) triples, for comparing stores."""
    out: dict[str, set] = {}
    for q in store.raw:
        out.setdefault(q.graph_name.value, set()).add((q.subject, q.predicate, q.object))
    return out


@pytest.fixture(scope="session")
def small_store_dir(tmp_path_factory) -> Path:
    """Two sample documents (科协 2023 budget with tables, the 2019 forms) on disk: for slow consumers (rdflib, pyshacl)."""
    location = tmp_path_factory.mktemp("graph-small") / "store"
    paths = [str(CORPUS / "001_8945e10e70820498.txt"), str(CORPUS / "002_3aa9dca3e14d72fe.txt")]
    with open_store(str(location)) as store:
        report = ingest_paths(store, paths)
    assert report.ok and len(report.loaded) == 2, report.failed
    return location


@pytest.fixture(scope="session")
def small_store(small_store_dir):
    store = open_store(str(small_store_dir), read_only=True)
    yield store
    store.close()
