"""Stores of a few documents, for example answers (docs/queries.md), tests and benchmarks.

Goes through the same extraction and mapping as ``policygraph ingest``: one named
graph per source document plus the reference graph. Quads are computed once per
file (content hash) and process, so building both an in-memory and an on-disk
store of the sample corpus extracts it once.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional, Union

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_CORPUS = ROOT / "examples" / "corpus"

PathLike = Union[str, os.PathLike]


def sample_paths() -> list[Path]:
    """The sample corpus files (examples/corpus), sorted."""
    return sorted(p for p in SAMPLE_CORPUS.iterdir() if p.is_file() and not p.name.startswith((".", "README")))


@lru_cache(maxsize=64)
def _document_quads(path: str, digest: str) -> tuple[ox.NamedNode, tuple[ox.Quad, ...]]:
    from ..extract import extract_document, read_source
    from ..graph.mapping import graph_of, record_quads

    src = read_source(path)
    record = extract_document(src)
    return graph_of(record), tuple(record_quads(record, src.text))


def document_quads(path: PathLike) -> tuple[ox.NamedNode, tuple[ox.Quad, ...]]:
    """The named graph and quads of one document (memoised by path and content)."""
    with open(path, "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()
    return _document_quads(os.fspath(path), digest)


def load(store, paths: Optional[Iterable[PathLike]] = None):
    """Put the reference graph and ``paths`` (default: the sample corpus) into ``store``, as ingest does.

    The summary graph (graph/summary.py) is computed at the end, as ingest does.
    """
    from ..graph.ingest import ensure_reference
    from ..graph.summary import compute_summary, drop_summary

    drop_summary(store)
    ensure_reference(store)
    for path in paths if paths is not None else sample_paths():
        graph, quads = document_quads(path)
        store.replace_source(graph, quads)
    compute_summary(store)
    return store


def memory_store(paths: Optional[Iterable[PathLike]] = None):
    """An in-memory LocalStore holding ``paths`` (default: the sample corpus) and the reference data."""
    from ..graph.store import open_store

    return load(open_store(None), paths)


def disk_store(location: PathLike, paths: Optional[Iterable[PathLike]] = None) -> str:
    """Build an on-disk store at ``location`` (closed afterwards, so a server can open it)."""
    from ..graph.store import open_store

    store = open_store(os.fspath(location))
    try:
        load(store, paths)
    finally:
        store.close()
    return os.fspath(location)
