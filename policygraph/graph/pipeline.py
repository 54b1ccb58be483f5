"""Read, extract and map documents in worker processes; the writer receives N-Quads bytes.

Each document's graph depends on that document alone (graph/mapping.py), so the
expensive part of an ingest — reading, structure and citation extraction (spaCy
rules), mapping — runs in ``jobs`` processes, one document per task. A worker
returns the document's named graph serialised as N-Quads bytes, which the single
writer in the parent hands to Oxigraph (whose parser is native code): no Python
objects per quad cross the process boundary.

* results come back in input order, with at most ``window`` documents in flight,
  so memory does not grow with the corpus (a slow writer slows the workers down);
* unchanged documents are recognised in the worker (the stored SHA-256 travels
  with the task), before any extraction;
* a bad file is an :class:`Outcome` with a one-line message, never an exception,
  so the batch goes on; an extractor bug on one file is reported the same way;
* ``jobs=1`` runs everything in the calling process (no pool; tests, notebooks);
* workers are forked from a server process that imported spaCy and built the
  citation pipeline once (``forkserver`` with a preload), not from the caller,
  which may hold an open store and its threads; they exit when the caller dies
  (``kill -9`` of an ingest leaves no orphans behind).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

from ..errors import PolicygraphError, StoreError, UnreadableDocument

#: documents in flight per worker process (bounds memory; smooths uneven document sizes)
IN_FLIGHT_PER_JOB = 32

LOADED = "loaded"
SKIPPED = "skipped"
FAILED = "failed"


@dataclass(frozen=True)
class Task:
    """One document to ingest; skipped before extraction when its content has this SHA-256."""

    path: str
    unchanged_sha256: Optional[str] = None


@dataclass(frozen=True)
class Outcome:
    """What became of one document: its graph as N-Quads bytes, a skip, or a one-line failure."""

    path: str
    status: str
    sha256: str = ""
    nquads: bytes = b""
    n_quads: int = 0
    message: str = ""


#: below this many bytes of documents in all, workers would not finish sooner than this process alone: the
#: workers' server is a Python of its own that imports spaCy before the first document, about what the four
#: sample documents (0.37 MB) take to extract (measured within noise of each other); 1 MB takes ~0.6 s of CPU
WORKERS_FROM_BYTES = 1_000_000


def default_jobs() -> int:
    """Worker processes to use by default: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def auto_jobs(tasks: Iterable[Task]) -> int:
    """Worker processes for ``tasks`` when the caller did not choose: every core, or 1 under WORKERS_FROM_BYTES of files."""
    total = 0
    for task in tasks:
        try:
            total += os.path.getsize(task.path)
        except OSError:
            continue  # reported when the task runs
        if total >= WORKERS_FROM_BYTES:
            return default_jobs()
    return 1


def process(task: Task) -> Outcome:
    """Read, extract and map one document (in a worker, or in the caller when jobs=1)."""
    from .. import extract  # looked up at call time: tests replace extract.extract_document
    from .mapping import record_nquads

    path = task.path
    try:
        src = extract.read_source(path)
    except UnreadableDocument as exc:
        return Outcome(path, FAILED, message=str(exc))
    if task.unchanged_sha256 == src.sha256:
        return Outcome(path, SKIPPED, sha256=src.sha256)
    try:
        data, count = record_nquads(extract.extract_document(src), src.text)
    except PolicygraphError as exc:
        return Outcome(path, FAILED, message=str(exc))
    except Exception as exc:  # noqa: BLE001 - an extractor bug on one file must not stop the batch
        return Outcome(path, FAILED, message=f"{path}: internal error while extracting ({type(exc).__name__}: {_one_line(exc)})")
    return Outcome(path, LOADED, sha256=src.sha256, nquads=data, n_quads=count)


def run_tasks(tasks: Iterable[Task], jobs: int) -> Iterator[Outcome]:
    """Outcomes of ``tasks`` in their order, computed by ``jobs`` worker processes."""
    tasks = list(tasks)
    jobs = max(1, min(jobs, len(tasks)))
    if not _uses_workers(len(tasks), jobs):
        for task in tasks:
            yield process(task)
        return
    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=_worker_context(), initializer=_worker_init)
    pending: deque[tuple[Task, Future]] = deque()
    todo = iter(tasks)
    try:
        for task in todo:
            pending.append((task, executor.submit(process, task)))
            if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                yield _result(*pending.popleft())
        while pending:
            yield _result(*pending.popleft())
    finally:
        # normal end, an error in the writer, Ctrl-C or a generator closed early: stop the workers now
        executor.shutdown(wait=True, cancel_futures=True)


def start_worker_server(n_tasks: int, jobs: int) -> None:
    """Start the server workers fork from now, when run_tasks will use one (its spaCy import then overlaps the caller's work)."""
    if not _uses_workers(n_tasks, jobs):
        return
    if _worker_context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _result(task: Task, future: Future) -> Outcome:
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise StoreError("a worker process died while extracting this document (out of memory?); "
                         "nothing of it was written — rerun with --jobs 1 to see the cause", path=task.path) from exc


def _one_line(exc: BaseException) -> str:
    text = str(exc)
    return text.splitlines()[0] if text else type(exc).__name__


# ---------------------------------------------------------------------------
# worker processes


def _uses_workers(n_tasks: int, jobs: int) -> bool:
    """Whether run_tasks uses worker processes: more than one task and job, and a main module they can import."""
    return min(jobs, n_tasks) > 1 and _main_importable()


def _main_importable() -> bool:
    """Whether worker processes can import the caller's main module, as multiprocessing makes them do.

    A script read from stdin (``python - <<EOF``) cannot be: such callers get one process.
    Scripts run as files must guard their top level with ``if __name__ == "__main__":``.
    """
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None:
        return True
    path = getattr(main, "__file__", None)
    return path is None or os.path.exists(path)


def _worker_context():
    """forkserver: workers fork from a clean server that imported spaCy once (preload below)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():  # not on Windows/macOS defaults
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    # the preload only takes effect when the server starts (the first pool of this process)
    ctx.set_forkserver_preload(["policygraph.graph._warm"])
    return ctx


def _worker_init() -> None:
    """Exit with the parent: a killed ingest must not leave workers waiting for tasks forever."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()  # returns when the parent process has gone
        os._exit(1)

    threading.Thread(target=watch, name="policygraph-parent-watch", daemon=True).start()
