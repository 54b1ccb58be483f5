"""Waiting for RocksDB's background merging (LocalStore.settle), which a bulk build does before it closes."""

from __future__ import annotations

import io
import re
import sys
import time
from pathlib import Path

import pytest

from policygraph.graph import ingest, ingest_new_store, open_store
from policygraph.graph.store import LocalStore, background_cpu_ticks

from .conftest import CORPUS


def _task(root: Path, tid: int, name: str, utime: int, stime: int) -> None:
    """A /proc/<pid>/task/<tid> entry: comm and a stat line (whose thread name may hold spaces and parentheses)."""
    task = root / str(tid)
    task.mkdir()
    (task / "comm").write_text(name + "\n", encoding="utf-8")
    # stat(5): pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    (task / "stat").write_text(f"{tid} ({name}) S 1 1 1 0 -1 0 0 0 0 0 {utime} {stime} 0 0 20 0 1 0\n", encoding="utf-8")


@pytest.mark.parametrize("threads, expected", [
    # only RocksDB's background pools count, user + system time
    ([(11, "rocksdb:low", 700, 50), (12, "rocksdb:high", 30, 2), (13, "python", 9000, 900)], 782),
    ([(15, "rocksdb:bottom", 4, 1), (16, "pyoxigraph", 8, 8)], 5),  # the third pool, where RocksDB has one
    ([(11, "rocksdb:low", 0, 0)], 0),                       # started, not yet busy: 0, not None
    ([(13, "python", 9000, 900), (14, "a) b (c", 5, 5)], None),  # no RocksDB thread: nothing to wait for
    ([], None),
])
def test_background_ticks_add_up_rocksdbs_threads(tmp_path, threads, expected):
    for tid, name, utime, stime in threads:
        _task(tmp_path, tid, name, utime, stime)
    assert background_cpu_ticks(str(tmp_path)) == expected


def test_a_thread_that_ends_while_read_is_skipped(tmp_path):
    _task(tmp_path, 11, "rocksdb:low", 100, 10)
    (tmp_path / "12").mkdir()  # listed, then gone before its files were read
    assert background_cpu_ticks(str(tmp_path)) == 110
    assert background_cpu_ticks(str(tmp_path / "no-such-dir")) is None


def test_settle_returns_once_merging_is_done(tmp_path, corpus_store):
    """After many bulk loads RocksDB merges in the background; settle waits for it, then the threads stay idle."""
    if not Path("/proc/self/task").is_dir():
        pytest.skip("settle watches Linux /proc")
    quads = list(corpus_store.raw.quads_for_pattern(None, None, None, None))
    store = open_store(str(tmp_path / "store"))
    try:
        for _ in range(6):  # every load's files overlap the others': RocksDB merges them (trigger: 2 files)
            store.bulk_add(quads)
        store.flush()
        waited = store.settle(idle=0.5)
        assert 0.5 <= waited < 60
        quiet = background_cpu_ticks()
        assert quiet is not None  # the store's background threads exist in this process
        time.sleep(1.0)
        assert background_cpu_ticks() == quiet  # nothing left to merge: no CPU in a second
    finally:
        store.close()


def test_settle_does_not_wait_for_stores_that_never_merge(corpus_store_dir):
    with open_store(None) as memory:
        started = time.monotonic()
        assert memory.settle() == 0.0
    with open_store(str(corpus_store_dir), read_only=True) as read_only:
        assert read_only.settle() == 0.0
    assert time.monotonic() - started < 0.5


@pytest.fixture
def settle_calls(monkeypatch) -> list:
    """The stores LocalStore.settle is called on (it still waits)."""
    calls = []
    real_settle = LocalStore.settle

    def recorded(self, **kwargs):
        calls.append(self.location)
        return real_settle(self, **kwargs)

    monkeypatch.setattr(LocalStore, "settle", recorded)
    return calls


@pytest.mark.parametrize("chunk_quads, settles", [(10_000, True), (None, False)])
def test_a_bulk_build_of_several_loads_waits_for_merging_before_closing(tmp_path, monkeypatch, settle_calls,
                                                                      chunk_quads, settles):
    """Several loads leave files to merge: the build waits (and counts the wait as merging); one load does not."""
    if chunk_quads is not None:  # the four sample documents in several loads
        monkeypatch.setattr(ingest, "BULK_CHUNK_QUADS", chunk_quads)
    report = ingest_new_store(str(tmp_path / "store"), [str(CORPUS)], jobs=1)
    assert len(report.loaded) == 4
    assert len(settle_calls) == (1 if settles else 0)
    assert report.merge_seconds is not None and (report.merge_seconds >= 1.0) == settles


@pytest.mark.parametrize("settle_from, settles", [(1_000, True), (None, False)])
def test_an_ingest_into_a_store_that_writes_much_waits_for_merging(tmp_path, monkeypatch, settle_calls,
                                                                  settle_from, settles):
    """Transactions leave files to merge too: an ingest that wrote SETTLE_FROM_QUADS waits; the sample corpus does not."""
    if settle_from is not None:
        monkeypatch.setattr(ingest, "SETTLE_FROM_QUADS", settle_from)
    with open_store(str(tmp_path / "store")) as store:
        report = ingest.ingest_paths(store, [str(CORPUS)], jobs=1)
        again = ingest.ingest_paths(store, [str(CORPUS)], jobs=1)  # nothing changed: nothing written, no wait
    assert len(report.loaded) == 4 and report.quads_written > 20_000 and not again.loaded
    assert len(settle_calls) == (1 if settles else 0)
    assert (report.merge_seconds is not None) == settles and again.merge_seconds is None
    assert ("store merging its files" in report.timings()) == settles


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


BULK_PHASES = ["waiting for the store to merge the loads' files", "computing the summary", "waiting for the store to finish merging"]


@pytest.mark.parametrize("bulk, terminal, progress, expected", [
    (True, True, True, BULK_PHASES),
    (False, True, True, ["computing the summary", "waiting for the store to merge its files"]),
    (True, False, True, []),   # stderr is a log, not a terminal
    (True, True, False, []),   # no progress asked for (the library's default, --quiet)
])
def test_a_terminal_is_told_what_follows_the_documents(tmp_path, monkeypatch, bulk, terminal, progress, expected):
    """After the bar, a large ingest spends minutes on the summary and the store's merging: each is announced."""
    monkeypatch.setattr(ingest, "BULK_CHUNK_QUADS", 10_000)  # several loads: merging to wait for
    monkeypatch.setattr(ingest, "SETTLE_FROM_QUADS", 1_000)
    err = _Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    location = str(tmp_path / "store")
    if bulk:
        ingest_new_store(location, [str(CORPUS)], jobs=1, progress=progress)
    else:
        with open_store(location) as store:
            ingest.ingest_paths(store, [str(CORPUS)], jobs=1, progress=progress)
    assert re.findall(r"policygraph: (.+?) …\n", err.getvalue()) == expected
