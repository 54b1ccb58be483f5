"""Crash safety: kill -9 in the middle of an ingest, a disk that fills up, a store on a read-only file system.

Afterwards the store opens, every document in it is complete (its graph carries
its content hash and equals what a clean ingest writes), and a rerun finishes the job.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from policygraph.errors import StoreError
from policygraph.graph import ingest_paths, iris, open_store
from policygraph.graph.ingest import incomplete_sources, loaded_sources

from .conftest import CORPUS, ROOT, SMALL_DOC, assert_one_line_messages, cli, start_serve, stop_serve


def _graphs(store) -> dict[str, set]:
    out: dict[str, set] = {}
    for row in store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"):
        out.setdefault(row["g"].value, set()).add((row["s"], row["p"], row["o"]))
    return out


def _sources(graphs: dict) -> set[str]:
    return {g for g in graphs if g.startswith(iris.SOURCE_GRAPH_PREFIX)}


def _copies(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        shutil.copy(SMALL_DOC, folder / f"kx{i:02d}.txt")
    return folder


def _assert_whole_then_rerun(location: str, folder: Path, n: int) -> None:
    """Every surviving document complete and equal to a clean ingest's; the rerun loads exactly the rest."""
    with open_store(location) as store:
        survived = _graphs(store)
        sources = _sources(survived)
        assert set(loaded_sources(store)) == sources and not incomplete_sources(store)
        report = ingest_paths(store, [str(folder)])
        assert len(report.skipped) == len(sources) and len(report.loaded) == n - len(sources) and not report.failed
        final = _graphs(store)
    assert len(_sources(final)) == n
    for graph in sources:
        assert survived[graph] == final[graph]
    return sources


# -- kill -9 -------------------------------------------------------------------------------


@pytest.mark.slow
def test_kill_9_of_a_parallel_ingest(tmp_path):
    """G's parallel ingest (--jobs 2: worker processes extract, one writer): killed after two documents."""
    n = 24  # enough that the writer is still busy when the kill lands, even on a quiet machine
    folder = _copies(tmp_path / "many", n)
    location = str(tmp_path / "store")
    proc = subprocess.Popen([sys.executable, "-m", "policygraph", "ingest", str(folder), "--store", location, "--jobs", "2", "-q"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_until(lambda: _sources_on_disk(location) >= 2, proc)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.communicate(timeout=30)
    _wait_workers_gone(proc.pid)
    sources = _assert_whole_then_rerun(location, folder, n)
    assert 2 <= len(sources) < n


@pytest.mark.slow
@pytest.mark.server
def test_kill_9_of_an_ingest_through_a_writable_server(tmp_path):
    folder = _copies(tmp_path / "many", 6)
    location = str(tmp_path / "store")
    assert cli("ingest", str(CORPUS / "002_3aa9dca3e14d72fe.txt"), "--store", location, "-j", "1", "-q").returncode == 0
    token = tmp_path / "token"
    token.write_text("kill-test-token-0123456789abcdef")
    server, url = start_serve(location, "--writable", "--token-file", str(token))
    try:
        from policygraph.graph.remote import RemoteStore

        remote = RemoteStore(url + "sparql", server="generic")
        proc = subprocess.Popen([sys.executable, "-m", "policygraph", "ingest", str(folder), "--store", location, "-j", "1", "-q"],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _wait_until(lambda: _complete_count(remote) >= 3, proc)
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.kill()
            proc.communicate(timeout=30)
        graphs = _settled(remote)  # an update the killed client had sent whole may still be committing
        assert 3 <= len(_sources(graphs)) < 7
        assert set(loaded_sources(remote)) == _sources(graphs)  # no half document, even mid-request
        remote.close()
        rerun = cli("ingest", str(folder), "--store", location, "-j", "1")
        assert rerun.returncode == 0 and f"{7 - len(_sources(graphs))} loaded" in rerun.stdout, rerun.stderr
    finally:
        stop_serve(server)


def _complete_count(store) -> int:
    """Source graphs carrying their content hash (a cheap poll: no triples fetched)."""
    query = ("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s <https://w3id.org/policygraph/ontology#contentHash> ?h } }")
    return int(next(iter(store.query(query)))["n"].value)


def _settled(store, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    before = _graphs(store)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = _graphs(store)
        if now == before:
            return now
        before = now
    raise AssertionError("the store kept changing after the ingest was killed")


def _wait_until(condition, proc: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the ingest finished before it could be killed: " + proc.stderr.read().decode()
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("the ingest made no progress")


def _sources_on_disk(location: str) -> int:
    if not os.path.exists(os.path.join(location, "CURRENT")):
        return 0
    try:
        store = ox.Store.read_only(location)
    except (OSError, RuntimeError):
        return 0
    return sum(1 for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(iris.SOURCE_GRAPH_PREFIX))


def _wait_workers_gone(parent: int, timeout: float = 20) -> None:
    """The workers exit with their parent (they watch it); none may keep writing or holding files."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = [p for p in os.listdir("/proc") if p.isdigit() and _ppid(p) == parent]
        if not children:
            return
        time.sleep(0.1)
    raise AssertionError(f"workers of the killed ingest still run: {children}")


def _ppid(pid: str) -> int:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as fh:
            return int(fh.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


# -- disk full and read-only file systems ----------------------------------------------------------


@contextlib.contextmanager
def tmpfs(path: Path, size: str):
    """A small tmpfs mounted at ``path`` (root only)."""
    if os.geteuid() != 0 or not sys.platform.startswith("linux"):
        pytest.skip("mounting a small file system needs root on Linux (the simulated ENOSPC test still runs)")
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}); the simulated ENOSPC test still runs")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def remount(path: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(path)], check=True, capture_output=True)


@pytest.mark.slow
def test_disk_full_mid_ingest_is_one_clear_line_and_nothing_half_written(tmp_path):
    folder = _copies(tmp_path / "corpus", 6)
    with tmpfs(tmp_path / "small", "16m") as disk:  # room for about two of the six documents
        location = str(disk / "store")
        run = cli("ingest", str(folder), "--store", location, "-j", "1")
        assert_one_line_messages(run)
        assert run.returncode == 1
        assert f"{location}: disk full while writing the store" in run.stderr
        remount(disk, "size=128m")  # space freed: the store opens, whole documents only, and the rerun completes
        sources = _assert_whole_then_rerun(location, folder, 6)
        assert 1 <= len(sources) < 6  # the disk filled up in the middle of the batch


def test_disk_full_simulated(monkeypatch):
    """Where no small file system can be mounted: Oxigraph's ENOSPC becomes the same message, the batch stops."""
    store = open_store(None)

    class Full:
        def __init__(self, real):
            self.real = real

        def __getattr__(self, name):
            if name in ("extend", "update", "bulk_extend", "flush"):
                def fail(*args, **kwargs):
                    raise OSError(errno.ENOSPC, "No space left on device")
                return fail
            return getattr(self.real, name)

    store._store = Full(store._store)
    with pytest.raises(StoreError, match="disk full while writing the store; the document being written was not stored"):
        ingest_paths(store, [str(SMALL_DOC)])


@pytest.mark.slow
def test_read_only_file_system(tmp_path):
    with tmpfs(tmp_path / "media", "64m") as disk:
        location = str(disk / "store")
        assert cli("ingest", str(SMALL_DOC), "--store", location, "-j", "1", "-q").returncode == 0
        remount(disk, "ro")
        message = "cannot write the store directory (permission denied or read-only file system)"
        for args in ([location], [str(disk / "new")], [str(disk / "bulk"), "--bulk"]):
            run = cli("ingest", str(CORPUS / "002_3aa9dca3e14d72fe.txt"), "--store", *args, "-j", "1")
            assert_one_line_messages(run)
            assert run.returncode == 1 and args[0] in run.stderr, run.stderr
            assert message in run.stderr or "cannot create the store here (Read-only file system)" in run.stderr
        stats = cli("stats", "--store", location)  # reading still works
        assert stats.returncode == 0 and "documents" in stats.stdout


def test_store_path_that_is_a_file_or_unwritable(tmp_path):
    a_file = tmp_path / "file"
    a_file.write_text("not a store")
    run = cli("ingest", str(SMALL_DOC), "--store", str(a_file), "-j", "1")
    assert run.returncode == 1 and f"{a_file}: is a file, not a store directory" in run.stderr
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    run = cli("ingest", str(SMALL_DOC), "--store", str(locked / "store"), "-j", "1", drop_dac=True)
    assert_one_line_messages(run)
    assert run.returncode == 1 and "cannot write the store directory (permission denied" in run.stderr
