"""Extract documents and load them into a store, one named graph per source.

    >>> from policygraph.graph import ingest_paths, open_store
    >>> with open_store("policygraph-store") as store:
    ...     report = ingest_paths(store, ["examples/corpus"])
    >>> report.loaded, report.skipped, report.failed

* unchanged files (same path, same SHA-256, same mapping version) are skipped
  before extraction;
* each document is written in one transaction (``replace_source``): an ingest
  killed at any moment leaves every document fully in or fully out, and a
  rerun finishes the job;
* unreadable files are reported (``report.failed``) and the batch goes on;
* ``bulk=True`` loads documents that are new to an embedded store with
  Oxigraph's bulk loader (faster, not transactional; see graph/store.py); a
  document's ``pg:contentHash`` is written only after its quads are in, and a
  later ingest removes graphs that lack it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from importlib import resources
from typing import Callable, Iterable, Optional

import pyoxigraph as ox

from ..errors import PolicygraphError, UnreadableDocument
from ..ontology.terms import PG
from . import iris
from .mapping import MAPPING_VERSION, record_quads
from .reference import reference_quads
from .store import GraphStore, LocalStore

#: documents per bulk-load batch: bounds memory, and what an interruption can cost
BULK_BATCH = 64


def sparql(name: str) -> str:
    """Text of graph/sparql/<name>.rq."""
    return resources.files(__package__).joinpath("sparql", f"{name}.rq").read_text(encoding="utf-8")


@dataclass
class IngestReport:
    """What one ingest did: paths loaded, skipped as unchanged, and failures with reasons."""

    loaded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    removed_incomplete: int = 0
    quads_written: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        parts = [f"{len(self.loaded)} loaded", f"{len(self.skipped)} unchanged"]
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        if self.removed_incomplete:
            parts.append(f"{self.removed_incomplete} incomplete document(s) from an interrupted load removed")
        return ", ".join(parts) + f" ({self.quads_written:,} quads written)"


@dataclass(frozen=True)
class LoadedSource:
    graph: str
    path: str
    sha256: str
    mapping_version: Optional[str]


def loaded_sources(store: GraphStore) -> dict[str, LoadedSource]:
    """Source graph IRI → what the store holds for it (complete documents only)."""
    out: dict[str, LoadedSource] = {}
    for row in store.query(sparql("source_state")):
        version = row["version"]
        out[row["graph"].value] = LoadedSource(row["graph"].value, row["path"].value, row["hash"].value, version.value if version else None)
    return out


def source_hashes(store: GraphStore) -> dict[str, str]:
    """Absolute source path → SHA-256 of the stored version (docs/architecture.md)."""
    return {s.path: s.sha256 for s in loaded_sources(store).values()}


def incomplete_sources(store: GraphStore) -> list[ox.NamedNode]:
    """Source graphs without their pg:contentHash: left by an interrupted bulk load."""
    complete = set(loaded_sources(store))
    return [g for g in store.named_graphs() if g.value.startswith(iris.SOURCE_GRAPH_PREFIX) and g.value not in complete]


def ensure_reference(store: GraphStore) -> bool:
    """Write the reference graph when it differs from the store's; True when written."""
    wanted = reference_quads()
    have = {(t.subject, t.predicate, t.object) for t in store.query(sparql("reference_triples"))}
    if have == {(q.subject, q.predicate, q.object) for q in wanted}:
        return False
    store.replace_source(iris.REFERENCE_GRAPH, wanted)
    return True


# ---------------------------------------------------------------------------


class _Bulk:
    """Batches new documents for the bulk loader; hashes are committed after the data."""

    def __init__(self, store: LocalStore) -> None:
        self.store = store
        self.data: list[ox.Quad] = []
        self.hashes: list[ox.Quad] = []
        self.docs = 0

    def add(self, quads: list[ox.Quad]) -> None:
        for q in quads:
            (self.hashes if q.predicate == PG.contentHash else self.data).append(q)
        self.docs += 1
        if self.docs >= BULK_BATCH:
            self.flush()

    def flush(self) -> None:
        if self.data:
            self.store.bulk_add(self.data)
        if self.hashes:
            self.store.add_quads(self.hashes)  # the commit marker: one transaction
        self.data, self.hashes, self.docs = [], [], 0


def _progress(items: list, enabled: bool):
    if not enabled:
        return items
    from tqdm import tqdm

    # disable=None: no bar when stderr is not a terminal (logs, CI)
    return tqdm(items, desc="ingest", unit="doc", file=sys.stderr, disable=None, leave=False)


def _document_paths(paths: Iterable[str], report: IngestReport) -> list[str]:
    from ..extract.reader import iter_document_paths

    found: list[str] = []
    for path, problem in iter_document_paths(paths):
        if problem is not None:
            report.failed.append((path, str(problem)))
        else:
            found.append(path)
    return found


def ingest_paths(
    store: GraphStore,
    paths: Iterable[str],
    *,
    force: bool = False,
    bulk: bool = False,
    progress: bool = False,
    on_error: Optional[Callable[[str, str], None]] = None,
) -> IngestReport:
    """Extract every document under ``paths`` and load it into ``store``.

    ``force`` re-ingests unchanged files; ``progress`` shows a tqdm bar on a
    terminal; ``on_error(path, message)`` is called for each failure as it happens.
    """
    from ..extract import extract_document
    from ..extract.reader import read_source

    report = IngestReport()
    for graph in incomplete_sources(store):
        store.drop_source(graph)
        report.removed_incomplete += 1
    ensure_reference(store)
    state = loaded_sources(store)
    bulk_loader = _Bulk(store) if bulk and isinstance(store, LocalStore) else None

    def fail(path: str, message: str) -> None:
        report.failed.append((path, message))
        if on_error:
            on_error(path, message)

    walk_report = IngestReport()
    doc_paths = _document_paths(paths, walk_report)
    for path, message in walk_report.failed:
        fail(path, message)
    try:
        for path in _progress(doc_paths, progress):
            graph = iris.source_graph(iris.source_key(path))
            try:
                src = read_source(path)
            except UnreadableDocument as exc:
                fail(path, str(exc))
                continue
            have = state.get(graph.value)
            if not force and have and have.sha256 == src.sha256 and have.mapping_version == MAPPING_VERSION:
                report.skipped.append(path)
                continue
            try:
                quads = record_quads(extract_document(src), src.text)
            except PolicygraphError as exc:
                fail(path, str(exc))
                continue
            except Exception as exc:  # noqa: BLE001 - an extractor bug on one file must not stop the batch
                fail(path, f"{path}: internal error while extracting ({type(exc).__name__}: {exc})")
                continue
            if bulk_loader is not None and have is None:
                bulk_loader.add(quads)
            else:
                store.replace_source(graph, quads)
            state[graph.value] = LoadedSource(graph.value, path, src.sha256, MAPPING_VERSION)
            report.loaded.append(path)
            report.quads_written += len(quads)
    finally:
        if bulk_loader is not None:
            bulk_loader.flush()
        flush = getattr(store, "flush", None)
        if flush is not None:
            flush()
    return report


def ingest_records(store: GraphStore, pairs: Iterable[tuple]) -> int:
    """Load already-extracted ``(DocumentRecord, text)`` pairs (tests, notebooks); returns quads written."""
    ensure_reference(store)
    written = 0
    for record, text in pairs:
        quads = record_quads(record, text)
        store.replace_source(iris.source_graph(iris.source_key(record.source)), quads)
        written += len(quads)
    return written
