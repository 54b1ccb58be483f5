"""Where the graph lives: embedded Oxigraph on disk, in memory, or (scale-out) a remote SPARQL server.

All readers (queries, viz, the endpoint) go through :class:`GraphStore`; they
never see whether the store is local or remote. Queries run over the union of
all named graphs (see docs/architecture.md, "Duplicates under union").

Safety of the embedded store (LocalStore):

* one writer: Oxigraph (RocksDB) locks the directory, so a second ingest on the
  same store is refused with a one-line message while the first runs; before
  that, policygraph's lock file (graph/owner.py) refuses it naming the owner's
  pid, and also keeps writers out of a store that `serve` reads;
* ``replace_source`` is one transaction (``Store.extend`` for a new graph, one
  SPARQL update DROP+INSERT for an existing one): readers and a ``kill -9`` see the
  old graph or the new one, never a mix;
* ``bulk_add`` (Oxigraph's bulk loader) is not transactional: ingest uses it only
  to build a new store in a temporary directory that is renamed into place when
  complete (graph/ingest.py, ``ingest_new_store``).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import BinaryIO, Iterable, Mapping, Optional, Protocol, Union

import pyoxigraph as ox

from ..errors import StoreError

MEMORY = ":memory:"

#: LocalStore.settle: merging counts as finished after this long without CPU in RocksDB's background
#: threads (a merge job computes without pause; the next job starts at once), polled this often
SETTLE_IDLE_S = 1.0
SETTLE_POLL_S = 0.25
#: ... and is not waited for longer than this (a full merge of a 10,000-document store is ~140 s)
SETTLE_LIMIT_S = 600.0
#: RocksDB names its background threads after their pool: rocksdb:low (merging), rocksdb:high (flushes), rocksdb:bottom
ROCKSDB_THREAD_PREFIX = "rocksdb:"

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal]


class GraphStore(Protocol):
    """What the rest of the project may ask of a store."""

    location: str

    def query(self, sparql: str, bindings: Optional[Mapping[str, Term]] = None):
        """Run a SPARQL query over the union default graph with variables bound as RDF terms."""

    def replace_source(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        """Atomically replace the content of one named graph."""

    def drop_source(self, graph: ox.NamedNode) -> None:
        """Remove one named graph (no error when it does not exist)."""

    def named_graphs(self) -> list[ox.NamedNode]: ...

    def __len__(self) -> int: ...

    def close(self) -> None: ...


class LocalStore:
    """Embedded pyoxigraph store (a directory on disk, or in memory)."""

    def __init__(self, location: Optional[str] = None, *, read_only: bool = False) -> None:
        self.location = location or MEMORY
        self.read_only = read_only
        self._lock = None
        #: a transaction was written (on disk they go through RocksDB's write-ahead log: close() then reopens once)
        self._logged = False
        if self.location != MEMORY and not read_only:
            # graph/owner.py: one writer or server per store, refused with the owner's pid; a served
            # store's child opens it read-only, which RocksDB's own lock does not keep writers out of
            from .owner import Owner, StoreLock

            self._lock = StoreLock(self.location, Owner(pid=os.getpid(), role="ingest")).acquire()
        try:
            if self.location == MEMORY:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(self.location)
            else:
                self._store = ox.Store(self.location)
        except OSError as exc:
            self._release_lock()
            raise StoreError(_explain_open_error(exc), path=self.location) from exc

    @property
    def writes_files(self) -> bool:
        """On disk and opened for writing: the one kind of store that flushes, merges files and keeps logs."""
        return self.location != MEMORY and not self.read_only

    @property
    def raw(self) -> ox.Store:
        """The underlying pyoxigraph Store (for bulk loading, dumps and SHACL validation)."""
        return self._store

    def query(self, sparql: str, bindings: Optional[Mapping[str, Term]] = None):
        # Bindings use pyoxigraph's pre-binding (SEP-0007): a bound variable must be
        # visible at the top of the query (projected, or a GROUP BY key).
        subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        return self._store.query(sparql, use_default_graph_as_union=True, substitutions=subs or None)

    def replace_source(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        """Replace one named graph in one transaction: readers and a crash see the old graph or the new one."""
        self._writable()
        if not self._store.contains_named_graph(graph):
            # a new graph: Store.extend is one transaction, and twice as fast as the update below
            self._write(lambda: self._store.extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads))
            return
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8") if triples else ""
        update = f"DROP SILENT GRAPH <{graph.value}>"
        if body:
            update += f" ;\nINSERT DATA {{ GRAPH <{graph.value}> {{\n{body}}} }}"
        self._write(lambda: self._store.update(update))  # one SPARQL update is one transaction

    def drop_source(self, graph: ox.NamedNode) -> None:
        self._writable()
        self._write(lambda: self._store.update(f"DROP SILENT GRAPH <{graph.value}>"))

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads in one transaction (all or nothing)."""
        self._writable()
        self._write(lambda: self._store.extend(quads))

    def update(self, sparql: str) -> None:
        """Run a SPARQL update (one transaction) over the store's named graphs."""
        self._writable()
        self._write(lambda: self._store.update(sparql))

    def bulk_add(self, quads: Iterable[ox.Quad]) -> None:
        """Fast, NOT transactional load (Oxigraph's bulk loader); see the module docstring."""
        self._writable()
        self._write(lambda: self._store.bulk_extend(quads), logged=False)

    def optimize(self) -> None:
        """Compact the store on disk (RocksDB's full compaction): the same quads, cheaper lookups."""
        self._writable()
        self._write(self._store.optimize, logged=False)

    def settle(self, *, idle: float = SETTLE_IDLE_S, limit: float = SETTLE_LIMIT_S) -> float:
        """Wait until RocksDB has finished merging the store's files in the background; seconds waited.

        A bulk-built store is left with files still to merge (each bulk load adds files that span the
        whole key range, and one background thread merges them). A store closed before that stays so
        (read-only opens never merge) and every lookup probes the unmerged files: at 10,000 documents
        the lookup-bound queries ran twice as slow (docs/architecture.md). pyoxigraph has no call that
        waits for merging, so this watches the CPU time of this process's RocksDB background threads
        (Linux /proc: ``rocksdb:*``; the pool is the process's, so every store open in it counts) and
        returns once they have been idle for ``idle`` seconds, or after ``limit``; where /proc shows no
        such thread it returns at once.
        """
        if not self.writes_files:
            return 0.0
        started = time.monotonic()
        busy = background_cpu_ticks()
        if busy is None:
            return 0.0
        quiet_since = started
        while time.monotonic() - started < limit:
            time.sleep(SETTLE_POLL_S)
            now = background_cpu_ticks()
            if now != busy:
                busy, quiet_since = now, time.monotonic()
            elif time.monotonic() - quiet_since >= idle:
                break
        return time.monotonic() - started

    def named_graphs(self) -> list[ox.NamedNode]:
        return sorted((g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)

    def dump(self, output: BinaryIO, fmt: ox.RdfFormat, *, prefixes: Optional[dict[str, str]] = None) -> None:
        """Write the whole dataset (every named graph) in a quad format."""
        try:
            self._store.dump(output, fmt, prefixes=prefixes)
        except OSError as exc:
            raise StoreError(f"cannot export ({_first_line(exc)})", path=self.location) from exc

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        if self.writes_files:
            self._write(self._store.flush, logged=False)

    def close(self) -> None:
        if not hasattr(self, "_store"):
            return
        try:
            if self.writes_files:
                self._store.flush()
        except OSError:
            pass
        del self._store
        if self._logged and self.writes_files:
            _drop_recycled_logs(self.location)
        self._release_lock()

    def _release_lock(self) -> None:
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.release()

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("the store was opened read-only", path=self.location)

    def _write(self, action, *, logged: bool = True) -> None:
        """Run a write; ``logged``: a transaction, which goes through RocksDB's write-ahead log (not so the bulk
        loader's files, a flush or a compaction)."""
        self._logged = self._logged or logged
        try:
            action()
        except OSError as exc:
            raise StoreError(_explain_write_error(exc), path=self.location) from exc

    def __enter__(self) -> "LocalStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"LocalStore({self.location!r}{', read_only=True' if self.read_only else ''})"


def _first_line(exc: BaseException) -> str:
    text = str(exc)
    return text.splitlines()[0] if text else type(exc).__name__


def _drop_recycled_logs(location: str) -> None:
    """Open the closed store once more and close it, so that RocksDB deletes its spent write-ahead logs.

    Oxigraph keeps up to ten spent logs for reuse (``recycle_log_file_num=10``): closed after
    transactions, a store keeps them on disk, and only the next writable open deletes them. Measured:
    the four sample documents ingested 58 MB on disk, 18 MB after this (0.03 s); 100 synthetic documents
    602 MB, 184 MB (0.14 s). Read-only opens (queries, the server) never delete them. Best effort:
    where the store cannot be opened again (another handle of this process still holds it), the logs
    stay until the next writer.
    """
    try:
        reopened = ox.Store(location)
    except OSError:
        return
    del reopened


def _explain_open_error(exc: OSError) -> str:
    text = str(exc)
    if "lock" in text.lower():
        return "store is in use by another policygraph process (ingest or serve); wait for it or use another --store"
    if "Permission denied" in text or "Read-only" in text:
        return "cannot write the store directory (permission denied or read-only file system)"
    return f"cannot open store ({_first_line(exc)})"


def _explain_write_error(exc: OSError) -> str:
    text = str(exc)
    if "No space" in text:
        return "disk full while writing the store; the document being written was not stored"
    return f"cannot write the store ({_first_line(exc)})"


@dataclass(frozen=True)
class OptimizeReport:
    """Bytes on disk before and after :func:`optimize_store`, and the quads (unchanged)."""

    location: str
    bytes_before: int
    bytes_after: int
    quads: int


def optimize_store(location: str) -> OptimizeReport:
    """Compact an embedded store in place: the same quads, lookups 15–40 % cheaper after a bulk build.

    A store built by ``ingest --bulk`` holds its indexes in many overlapping files
    (one set per bulk load) that RocksDB merges in the background; each lookup then
    reads several of them. Compacting merges them all at once (at 10,000 documents:
    ~2.5 min; docs/benchmarks.md). Nothing is rewritten in the RDF sense: an
    interrupted compaction leaves the store as it was. Only for a local store
    directory (a SPARQL server manages its own storage), and only when no other
    policygraph process uses it.
    """
    if location.startswith(("http://", "https://")):
        raise StoreError("optimize works on a local store directory; a SPARQL server manages its own storage", path=location)
    if not os.path.isdir(location):
        raise StoreError("no store here yet; run `policygraph ingest` first", path=location)
    if not os.path.exists(os.path.join(location, "CURRENT")):  # RocksDB's marker: do not make a new store here
        raise StoreError("not an Oxigraph store directory", path=location)
    before = _bytes_on_disk(location)
    with LocalStore(location) as store:
        store.optimize()
        quads = len(store)
    return OptimizeReport(location, before, _bytes_on_disk(location), quads)


def _bytes_on_disk(directory: str) -> int:
    total = 0
    for root, _dirs, files in os.walk(directory):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:  # a file RocksDB removed meanwhile
                pass
    return total


def open_store(location: Optional[str] = None, *, read_only: bool = False) -> GraphStore:
    """Open a store: a directory path, None/':memory:' (in memory), or an http(s) SPARQL endpoint URL."""
    if location and location.startswith(("http://", "https://")):
        from .remote import RemoteStore  # scale-out backend

        return RemoteStore(location, read_only=read_only)
    if location and location != MEMORY:
        if os.path.exists(location) and not os.path.isdir(location):
            raise StoreError("is a file, not a store directory", path=location)
        if read_only and not os.path.isdir(location):
            raise StoreError("no store here yet; run `policygraph ingest` first", path=location)
    return LocalStore(location, read_only=read_only)


def background_cpu_ticks(task_dir: str = "/proc/self/task") -> Optional[int]:
    """CPU clock ticks used so far by this process's RocksDB background threads; None where /proc does
    not show any (not Linux, or no store opened for writing yet)."""
    total, seen = 0, False
    try:
        tasks = os.listdir(task_dir)
    except OSError:
        return None
    for tid in tasks:
        try:
            with open(f"{task_dir}/{tid}/comm", encoding="utf-8") as f:
                if not f.read().startswith(ROCKSDB_THREAD_PREFIX):
                    continue
            with open(f"{task_dir}/{tid}/stat", encoding="utf-8") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the thread ended meanwhile
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat(5))
        seen = True
    return total if seen else None
