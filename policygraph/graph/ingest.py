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
* :func:`ingest_new_store` builds a new embedded store with Oxigraph's bulk
  loader (faster, not transactional) in a temporary directory that is renamed
  into place when complete;
* graphs without their ``pg:contentHash`` (written by other tools, or an older
  interrupted load) are removed before loading.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from typing import Callable, Iterable, Optional

import pyoxigraph as ox

from ..errors import PolicygraphError, StoreError, UnreadableDocument
from . import iris
from .mapping import MAPPING_VERSION, record_quads
from .reference import reference_quads
from .store import GraphStore, LocalStore

#: quads handed to Oxigraph's bulk loader at a time (bounds memory on large corpora)
BULK_BATCH_QUADS = 1_000_000


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
    """Source graphs without their pg:contentHash (not written by a completed ingest)."""
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


def _progress(items: list, enabled: bool):
    if not enabled:
        return items
    from tqdm import tqdm

    # disable=None: no bar when stderr is not a terminal (logs, CI)
    return tqdm(items, desc="ingest", unit="doc", file=sys.stderr, disable=None, leave=False)


class _Run:
    """One ingest run: walks the paths, skips unchanged files, hands each document's quads to ``write``."""

    def __init__(self, report: IngestReport, on_error: Optional[Callable[[str, str], None]]) -> None:
        self.report = report
        self.on_error = on_error

    def fail(self, path: str, message: str) -> None:
        self.report.failed.append((path, message))
        if self.on_error:
            self.on_error(path, message)

    def documents(self, paths: Iterable[str]) -> list[str]:
        from ..extract.reader import iter_document_paths

        found: list[str] = []
        for path, problem in iter_document_paths(paths):
            if problem is not None:
                self.fail(path, str(problem))
            else:
                found.append(path)
        return found

    def load(self, paths: Iterable[str], state: dict[str, LoadedSource], write: Callable[[ox.NamedNode, list[ox.Quad]], None],
             *, force: bool, progress: bool) -> None:
        from ..extract import extract_document
        from ..extract.reader import read_source

        for path in _progress(self.documents(paths), progress):
            graph = iris.source_graph(iris.source_key(path))
            try:
                src = read_source(path)
            except UnreadableDocument as exc:
                self.fail(path, str(exc))
                continue
            have = state.get(graph.value)
            if not force and have and have.sha256 == src.sha256 and have.mapping_version == MAPPING_VERSION:
                self.report.skipped.append(path)
                continue
            try:
                quads = record_quads(extract_document(src), src.text)
            except PolicygraphError as exc:
                self.fail(path, str(exc))
                continue
            except Exception as exc:  # noqa: BLE001 - an extractor bug on one file must not stop the batch
                self.fail(path, f"{path}: internal error while extracting ({type(exc).__name__}: {exc})")
                continue
            write(graph, quads)
            state[graph.value] = LoadedSource(graph.value, path, src.sha256, MAPPING_VERSION)
            self.report.loaded.append(path)
            self.report.quads_written += len(quads)


def ingest_paths(
    store: GraphStore,
    paths: Iterable[str],
    *,
    force: bool = False,
    progress: bool = False,
    on_error: Optional[Callable[[str, str], None]] = None,
) -> IngestReport:
    """Extract every document under ``paths`` and load it into ``store``, one transaction per document.

    ``force`` re-ingests unchanged files; ``progress`` shows a tqdm bar on a
    terminal; ``on_error(path, message)`` is called for each failure as it happens.
    """
    report = IngestReport()
    for graph in incomplete_sources(store):
        store.drop_source(graph)
        report.removed_incomplete += 1
    ensure_reference(store)
    try:
        _Run(report, on_error).load(paths, loaded_sources(store), store.replace_source, force=force, progress=progress)
    finally:
        flush = getattr(store, "flush", None)
        if flush is not None:
            flush()
    return report


def ingest_new_store(
    location: str,
    paths: Iterable[str],
    *,
    progress: bool = False,
    on_error: Optional[Callable[[str, str], None]] = None,
) -> IngestReport:
    """Build a new on-disk store at ``location`` with Oxigraph's bulk loader.

    The store is built in a temporary directory beside ``location`` and renamed
    into place only when complete: an interrupted run leaves no store (and its
    temporary directory is removed by the next run), never a partial one.
    Refuses when ``location`` already exists: use :func:`ingest_paths` then.
    """
    target = os.path.abspath(location)
    if os.path.exists(target):
        raise StoreError("exists already; bulk loading only builds a new store (ingest without --bulk adds to it)", path=location)
    parent, name = os.path.split(target)
    if not os.path.isdir(parent):
        raise StoreError("parent directory does not exist", path=location)
    _remove_abandoned_builds(parent, name)
    building = tempfile.mkdtemp(dir=parent, prefix=f".{name}.building-{os.getpid()}-")
    report = IngestReport()
    batch: list[ox.Quad] = []
    try:
        store = LocalStore(building)
        try:
            batch.extend(reference_quads())

            def write(graph: ox.NamedNode, quads: list[ox.Quad]) -> None:
                batch.extend(quads)
                if len(batch) >= BULK_BATCH_QUADS:
                    store.bulk_add(batch)
                    batch.clear()

            _Run(report, on_error).load(paths, {}, write, force=False, progress=progress)
            store.bulk_add(batch)
            store.flush()
        finally:
            store.close()
        os.rename(building, target)  # atomic: the store appears complete or not at all
    except OSError as exc:
        shutil.rmtree(building, ignore_errors=True)
        if os.path.exists(target):
            raise StoreError("another ingest created this store meanwhile; run ingest again to add documents", path=location) from exc
        raise StoreError(f"cannot build the store ({exc.strerror or exc})", path=location) from exc
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return report


def _remove_abandoned_builds(parent: str, name: str) -> None:
    """Temporary build directories of bulk loads that were killed (their process is gone)."""
    prefix = f".{name}.building-"
    for entry in os.listdir(parent):
        if not entry.startswith(prefix):
            continue
        pid = entry[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(os.path.join(parent, entry), ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def ingest_records(store: GraphStore, pairs: Iterable[tuple]) -> int:
    """Load already-extracted ``(DocumentRecord, text)`` pairs (tests, notebooks); returns quads written."""
    ensure_reference(store)
    written = 0
    for record, text in pairs:
        quads = record_quads(record, text)
        store.replace_source(iris.source_graph(iris.source_key(record.source)), quads)
        written += len(quads)
    return written
