"""Fixtures of the viz tests: a hand-written two-source store and the sample corpus ingested."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from policygraph.graph import ingest_paths, open_store
from policygraph.viz import read_facts

DATA = Path(__file__).resolve().parent / "data"
TWO_SOURCES = DATA / "two_sources.trig"
PG = "https://w3id.org/policygraph/id/"


def node(key: str) -> str:
    """IRI of a node of two_sources.trig: node("doc/A")."""
    return PG + key


@pytest.fixture(scope="session")
def two_sources_store():
    store = open_store(None)
    store.raw.load(path=str(TWO_SOURCES), format=ox.RdfFormat.TRIG)
    yield store
    store.close()


@pytest.fixture(scope="session")
def two_sources(two_sources_store):
    return read_facts(two_sources_store)


@pytest.fixture(scope="session")
def corpus_store(corpus_dir):
    store = open_store(None)
    report = ingest_paths(store, [str(corpus_dir)])
    assert report.ok, report.failed
    yield store
    store.close()


@pytest.fixture(scope="session")
def corpus_facts(corpus_store):
    return read_facts(corpus_store)


@pytest.fixture(scope="session")
def corpus_with_duplicate(corpus_dir, sample_paths, tmp_path_factory):
    """The corpus plus a second copy of one document at another path: every fact of that
    document is then stated by two source graphs, as when two sources agree."""
    extra = tmp_path_factory.mktemp("dup") / "copy_of_kx2025.txt"
    shutil.copyfile(sample_paths["kx2025"], extra)
    store = open_store(None)
    report = ingest_paths(store, [str(corpus_dir), str(extra)])
    assert report.ok, report.failed
    facts = read_facts(store)
    store.close()
    return facts
