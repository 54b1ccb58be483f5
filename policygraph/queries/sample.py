"""An in-memory store of documents, for example answers (docs/queries.md), tests and benchmarks.

Goes through the same extraction and mapping as ``policygraph ingest``: one named
graph per source plus the reference graph.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Union

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_CORPUS = ROOT / "examples" / "corpus"


def sample_paths() -> list[Path]:
    return sorted(p for p in SAMPLE_CORPUS.iterdir() if p.is_file() and not p.name.startswith((".", "README")))


def memory_store(paths: Iterable[Union[str, os.PathLike[str]]] | None = None):
    """A LocalStore in memory holding ``paths`` (default: the sample corpus) and the reference data."""
    from ..extract import extract_document, read_source
    from ..graph.iris import REFERENCE_GRAPH
    from ..graph.mapping import graph_of, record_quads
    from ..graph.store import open_store
    from ..ontology import REFERENCE_TTL

    store = open_store(None)
    reference = ox.parse(path=str(REFERENCE_TTL), format=ox.RdfFormat.TURTLE)
    store.replace_source(REFERENCE_GRAPH, [ox.Quad(t.subject, t.predicate, t.object, REFERENCE_GRAPH) for t in reference])
    for path in paths if paths is not None else sample_paths():
        src = read_source(path)
        record = extract_document(src)
        store.replace_source(graph_of(record), record_quads(record, src.text))
    return store
