"""Extract documents and load them into a store, one named graph per source.

    >>> from policygraph.graph import ingest_paths, open_store
    >>> with open_store("policygraph-store") as store:
    ...     report = ingest_paths(store, ["examples/corpus"])
    >>> report.loaded, report.skipped, report.failed

* ``jobs`` worker processes read, extract and map documents in parallel and hand
  back N-Quads bytes (graph/pipeline.py); this process is the single writer;
* unchanged files (same path, same SHA-256, same mapping version) are skipped
  before extraction;
* each document is written in one transaction (``replace_source``): an ingest
  killed at any moment leaves every document fully in or fully out, and a
  rerun finishes the job;
* unreadable files are reported (``report.failed``) and the batch goes on;
* :func:`ingest_new_store` builds a new embedded store with Oxigraph's bulk
  loader (faster, not transactional; the workers' N-Quads stream into it) in a
  temporary directory that is renamed into place when complete;
* graphs without their ``pg:contentHash`` (written by other tools, or an older
  interrupted load) are removed before loading;
* the summary graph (graph/summary.py: the parameter-free part of the aggregate
  queries) is dropped before the first document changes and computed again at
  the end, in one write; an ingest that changes nothing computes it only when it
  is missing or stale.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import resources
from typing import Callable, Iterable, Iterator, Optional

import pyoxigraph as ox

from ..errors import StoreError
from . import iris
from .mapping import MAPPING_VERSION, record_quads
from .pipeline import FAILED, SKIPPED, Outcome, Task, auto_jobs, run_tasks, start_worker_server
from .reference import reference_quads
from .store import GraphStore, LocalStore
from .summary import compute_summary, drop_summary, ensure_summary

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
    summary_quads: int = 0  # quads of the summary graph written (0: it was current)
    summary_seconds: float = 0.0  # wall time spent checking and computing the summary graph
    documents_seconds: float = 0.0  # wall time reading, extracting and writing the documents
    #: (a new store, --bulk, or an ingest that wrote SETTLE_FROM_QUADS or more; else None) wall time waiting for
    #: the store to merge its files: before the summary could start (--bulk), and after it (LocalStore.settle)
    merge_seconds: Optional[float] = None
    #: (a path loaded now, other files of the store with the same content): a moved or copied file is held twice
    same_content: list[tuple[str, list[str]]] = field(default_factory=list)

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

    def timings(self) -> str:
        """Where the wall time went: documents, the store's merging (a new store), summary."""
        parts = [f"documents {self.documents_seconds:,.1f} s"]
        if self.merge_seconds is not None:
            parts.append(f"store merging its files {self.merge_seconds:,.1f} s")
        parts.append(f"summary {self.summary_seconds:,.1f} s")
        total = self.documents_seconds + (self.merge_seconds or 0.0) + self.summary_seconds
        return f"{total:,.1f} s: " + ", ".join(parts)


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


def ensure_reference(store: GraphStore, *, before_write: Optional[Callable[[], None]] = None) -> bool:
    """Write the reference graph when it differs from the store's; True when written.

    ``before_write()`` is called first when it is about to be written.
    """
    wanted = reference_quads()
    have = {(t.subject, t.predicate, t.object) for t in store.query(sparql("reference_triples"))}
    if have == {(q.subject, q.predicate, q.object) for q in wanted}:
        return False
    if before_write is not None:
        before_write()
    store.replace_source(iris.REFERENCE_GRAPH, wanted)
    return True


# ---------------------------------------------------------------------------


class _Run:
    """One ingest run: walks the paths, has workers extract what changed, tallies the report."""

    def __init__(self, report: IngestReport, on_error: Optional[Callable[[str, str], None]], *, jobs: Optional[int], progress: bool) -> None:
        self.report = report
        self.on_error = on_error
        self.jobs = jobs
        self.progress = progress
        self._paths_by_hash: dict[str, set[str]] = {}  # content hash -> stored files (absolute paths)

    def fail(self, path: str, message: str) -> None:
        self.report.failed.append((path, message))
        if self.on_error:
            self.on_error(path, message)

    def tasks(self, paths: Iterable[str], state: dict[str, LoadedSource], force: bool) -> list[Task]:
        """One task per document file (each source once), with what the store holds for it."""
        from ..extract.reader import iter_document_paths

        for source in state.values():
            self._paths_by_hash.setdefault(source.sha256, set()).add(source.path)
        tasks: list[Task] = []
        seen: set[str] = set()
        for path, problem in iter_document_paths(paths):
            if problem is not None:
                self.fail(path, str(problem))
                continue
            graph = iris.source_graph(iris.source_key(path)).value
            if graph in seen:  # the same file named twice
                continue
            seen.add(graph)
            have = state.get(graph)
            current = have is not None and not force and have.mapping_version == MAPPING_VERSION
            tasks.append(Task(path, have.sha256 if current else None))
        if self.jobs is None:
            self.jobs = auto_jobs(tasks)
        return tasks

    def changed(self, tasks: list[Task]) -> Iterator[Outcome]:
        """Extracted documents to write, in task order; skips and failures go straight to the report."""
        bar = _progress_bar(len(tasks), self.progress)
        try:
            for outcome in run_tasks(tasks, self.jobs):
                if bar is not None:
                    bar.update()
                if outcome.status == FAILED:
                    self.fail(outcome.path, outcome.message)
                elif outcome.status == SKIPPED:
                    self.report.skipped.append(outcome.path)
                else:
                    yield outcome
        finally:
            if bar is not None:
                bar.close()

    def phase(self, text: str) -> None:
        """Say on a terminal what the ingest does after the documents (the bar is gone; at 10,000 documents the
        summary and the store's merging take ~3 minutes, which would otherwise pass in silence)."""
        if self.progress and sys.stderr.isatty():
            print(f"policygraph: {text} …", file=sys.stderr, flush=True)

    def written(self, outcome: Outcome) -> None:
        self.report.loaded.append(outcome.path)
        self.report.quads_written += outcome.n_quads
        path = os.path.normpath(os.path.abspath(outcome.path))
        same = self._paths_by_hash.setdefault(outcome.sha256, set())
        others = sorted(same - {path})
        if others:
            self.report.same_content.append((outcome.path, others))
        same.add(path)


def _progress_bar(total: int, enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    # disable=None: no bar when stderr is not a terminal (logs, CI)
    return tqdm(total=total, desc="ingest", unit="doc", file=sys.stderr, disable=None, leave=False)


def _graph_of(outcome: Outcome) -> ox.NamedNode:
    return iris.source_graph(iris.source_key(outcome.path))


def ingest_paths(
    store: GraphStore,
    paths: Iterable[str],
    *,
    force: bool = False,
    progress: bool = False,
    on_error: Optional[Callable[[str, str], None]] = None,
    jobs: Optional[int] = 1,
) -> IngestReport:
    """Extract every document under ``paths`` and load it into ``store``, one transaction per document.

    ``force`` re-ingests unchanged files; ``progress`` shows a tqdm bar on a
    terminal; ``on_error(path, message)`` is called for each failure as it happens;
    ``jobs`` worker processes extract in parallel (graph/pipeline.py) while this
    process writes, one document at a time, in path order (``None``: every core, or this
    process alone for less than a megabyte of documents). Like any use of
    multiprocessing, a script calling this with ``jobs`` > 1 must guard its top
    level with ``if __name__ == "__main__":``.
    """
    report = IngestReport()
    changed = False  # the summary is dropped before the store first changes: never stale, at worst missing

    def changing() -> None:
        nonlocal changed
        if not changed:
            drop_summary(store)
            changed = True

    for graph in incomplete_sources(store):
        changing()
        store.drop_source(graph)
        report.removed_incomplete += 1
    if ensure_reference(store, before_write=changing):
        changed = True
    run = _Run(report, on_error, jobs=jobs, progress=progress)
    started = time.perf_counter()
    try:
        for outcome in run.changed(run.tasks(paths, loaded_sources(store), force)):
            quads = list(ox.parse(outcome.nquads, format=ox.RdfFormat.N_QUADS, lenient=True))
            changing()
            store.replace_source(_graph_of(outcome), quads)
            run.written(outcome)
        report.documents_seconds = time.perf_counter() - started
        # an interrupted ingest (an exception) leaves no summary: the next ingest computes it
        started = time.perf_counter()
        if changed:
            run.phase("computing the summary")
        report.summary_quads = ensure_summary(store, force=changed)
        report.summary_seconds = time.perf_counter() - started
        if report.quads_written >= SETTLE_FROM_QUADS and isinstance(store, LocalStore) and store.writes_files:
            # as after a bulk build: RocksDB merges the transactions' files in the background, and a store closed
            # before it has finished keeps them unmerged (read-only opens never merge). 1,000 documents without
            # --bulk: 4.4 s of merging left at the end; top-documents 0.15 -> 0.11 s and document-projects
            # 0.47-0.61 -> 0.38-0.41 s once merged. Below the threshold the second of idling would be most of it.
            started = time.perf_counter()
            run.phase("waiting for the store to merge its files")
            store.flush()
            store.settle()
            report.merge_seconds = time.perf_counter() - started
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
    jobs: Optional[int] = 1,
) -> IngestReport:
    """Build a new on-disk store at ``location`` with Oxigraph's bulk loader.

    The workers' N-Quads stream into one ``bulk_load`` as they arrive (memory stays
    flat however large the corpus). The store is built in a temporary directory
    beside ``location`` and renamed into place only when complete: an interrupted
    run leaves no store (and its temporary directory is removed by the next run),
    never a partial one; when every path failed, no store is made. Refuses when
    ``location`` already exists: use :func:`ingest_paths` then. ``jobs`` as for :func:`ingest_paths`.
    """
    target = os.path.abspath(location)
    if os.path.exists(target):
        raise StoreError("exists already; bulk loading only builds a new store (ingest without --bulk adds to it)", path=location)
    parent, name = os.path.split(target)
    made = _make_parents(parent, location)  # as ingest without --bulk does (Oxigraph creates them)
    _remove_abandoned_builds(parent, name)
    try:
        building = tempfile.mkdtemp(dir=parent, prefix=f".{name}.building-{os.getpid()}-")
    except OSError as exc:  # read-only file system, no permission, disk full: one line, not a traceback
        _remove_made(made)
        raise StoreError(f"cannot create the store here ({exc.strerror or exc})", path=location) from None
    report = IngestReport()
    run = _Run(report, on_error, jobs=jobs, progress=progress)
    try:
        tasks = run.tasks(paths, {}, False)
        started = time.perf_counter()
        # the workers' server imports spaCy (~0.5 s) while this process creates the store
        start_worker_server(len(tasks), run.jobs)
        store = LocalStore(building)
        try:
            # the reference graph goes first in the documents' first load: each bulk load has a fixed
            # cost (~0.1 s of waiting for the disk), a fifth of a four-document ingest
            reference = ox.serialize(reference_quads(), format=ox.RdfFormat.N_QUADS)
            stream = NQuadsStream(run.changed(tasks), run.written, first=reference)
            reader = io.BufferedReader(stream, STREAM_BUFFER)
            loads = 0
            try:
                while not stream.exhausted:  # one bulk load per chunk of documents: bounded memory
                    # lenient: the N-Quads were written by the workers' mapping, not by a user
                    store.raw.bulk_load(reader, format=ox.RdfFormat.N_QUADS, lenient=True)
                    stream.next_chunk()
                    loads += 1
            finally:
                reader.close()  # and the stream: stops the workers when the load ends early
            report.documents_seconds = time.perf_counter() - started
            # RocksDB merges the loads' files in the background, with one thread; a flush waits until merging
            # would not stall writes (docs/architecture.md: 41 s at 10,000 documents). Merging beside the
            # summary's queries instead made them as much slower (top_documents 22 -> 42 s): no sooner done.
            started = time.perf_counter()
            if loads > 1:
                run.phase("waiting for the store to merge the loads' files")
            store.flush()
            report.merge_seconds = time.perf_counter() - started
            if report.loaded:
                started = time.perf_counter()
                run.phase("computing the summary")
                report.summary_quads = compute_summary(store, bulk=True)
                store.flush()
                report.summary_seconds = time.perf_counter() - started
            if loads > 1:
                # Closed now, the store would keep the files still to merge for good (read-only opens never
                # merge) and lookups would probe them all: at 10,000 documents the queries that look facts up
                # ran twice as slow (top-documents 1.5 -> 0.8 s) for ~40 s of merging left after the summary.
                # One load's files need no merging.
                run.phase("waiting for the store to finish merging")
                report.merge_seconds += store.settle()
        finally:
            store.close()
        if report.failed and not report.loaded:
            # every path failed (a typo, a missing mount): a store with no document would only
            # make the corrected rerun refuse with "exists already"
            shutil.rmtree(building, ignore_errors=True)
            _remove_made(made)
            return report
        os.rename(building, target)  # atomic: the store appears complete or not at all
    except OSError as exc:
        shutil.rmtree(building, ignore_errors=True)
        if os.path.exists(target):
            raise StoreError("another ingest created this store meanwhile; run ingest again to add documents", path=location) from exc
        _remove_made(made)
        raise StoreError(f"cannot build the store ({exc.strerror or exc})", path=location) from exc
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        _remove_made(made)
        raise
    return report


def _make_parents(parent: str, location: str) -> list[str]:
    """Create the store's missing parent directories; returns those created, deepest first."""
    missing = []
    at = parent
    while not os.path.isdir(at):
        if os.path.lexists(at):
            raise StoreError(f"{at} is a file, not a directory", path=location)
        missing.append(at)
        at = os.path.dirname(at)
    try:
        os.makedirs(parent, exist_ok=True)
    except OSError as exc:
        _remove_made(missing)
        raise StoreError(f"cannot create the store here ({exc.strerror or exc})", path=location) from None
    return missing


def _remove_made(made: list[str]) -> None:
    """Remove the parent directories a build created, when nothing else was put in them: no store, no trace."""
    for directory in made:
        try:
            os.rmdir(directory)
        except OSError:
            return


#: read-ahead buffer between the workers' N-Quads and Oxigraph's parser
STREAM_BUFFER = 1 << 20

#: quads per bulk load: Oxigraph sorts a whole load's batch in memory (1M quads per thread by
#: default, ~1.7 GB for the writer); 250k-quad loads keep it near 0.5 GB and cost less CPU.
#: Each load adds its own sorted files to the store (RocksDB merges them in the background).
BULK_CHUNK_QUADS = 250_000
#: an ingest into an existing store that wrote this many quads waits for RocksDB's merging before it ends
#: (about 200 documents of the synthetic corpus; the four sample documents are 26,655 quads)
SETTLE_FROM_QUADS = 1_000_000


class NQuadsStream(io.RawIOBase):
    """A binary file over the N-Quads of a stream of outcomes, for ``Store.bulk_load``, chunk by chunk.

    ``first`` (N-Quads bytes) is read before the first outcome. It reports end of file at
    the first document boundary after ``chunk_quads`` quads;
    ``next_chunk()`` then opens the next chunk, until ``exhausted``. ``written(outcome)``
    is called when a document's bytes have all been handed over. Errors (a worker
    died, Ctrl-C) propagate out of ``bulk_load``.
    """

    def __init__(self, outcomes: Iterator[Outcome], written: Callable[[Outcome], None], chunk_quads: Optional[int] = None,
                 *, first: bytes = b"") -> None:
        super().__init__()
        self._outcomes = outcomes
        self._written = written
        self._chunk_quads = chunk_quads or BULK_CHUNK_QUADS
        self._in_chunk = 0
        self._current: Optional[Outcome] = None
        self._view = memoryview(first)  # N-Quads read before the first outcome's
        self.exhausted = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._view:
            if self._current is not None:
                self._written(self._current)
                self._current = None
            if self.exhausted or self._in_chunk >= self._chunk_quads:
                return 0
            outcome = next(self._outcomes, None)
            if outcome is None:
                self.exhausted = True
                return 0
            self._current, self._view = outcome, memoryview(outcome.nquads)
            self._in_chunk += outcome.n_quads
        n = min(len(buffer), len(self._view))
        buffer[:n] = self._view[:n]
        self._view = self._view[n:]
        return n

    def next_chunk(self) -> None:
        self._in_chunk = 0

    def close(self) -> None:
        close = getattr(self._outcomes, "close", None)
        if close is not None:
            close()  # stops the workers when the load ends early
        super().close()


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
    """Load already-extracted ``(DocumentRecord, text)`` pairs (tests, notebooks); returns quads written.

    The summary graph is computed again at the end, as by :func:`ingest_paths`.
    """
    drop_summary(store)
    ensure_reference(store)
    written = 0
    for record, text in pairs:
        quads = record_quads(record, text)
        store.replace_source(iris.source_graph(iris.source_key(record.source)), quads)
        written += len(quads)
    compute_summary(store)
    return written
