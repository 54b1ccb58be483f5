"""A store written in transactions is closed without RocksDB's spent write-ahead logs (store._drop_recycled_logs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policygraph.graph import ingest_new_store, ingest_paths, open_store
from policygraph.graph import store as store_module

from .conftest import CORPUS


def _log_bytes(location: Path) -> int:
    """Bytes in the store's write-ahead logs (RocksDB's NNNNNN.log; its own messages are in LOG)."""
    return sum(f.stat().st_size for f in location.glob("*.log"))


def test_an_ingest_in_transactions_leaves_no_spent_logs(corpus_store_dir, corpus_store):
    # the four sample documents, one transaction each, then the summary: ~40 MB of logs kept for reuse before
    assert _log_bytes(corpus_store_dir) == 0
    assert len(corpus_store) > 20_000  # and every quad is in the store's files


def test_the_logs_stay_while_another_handle_holds_the_store(tmp_path, corpus_store):
    location = tmp_path / "store"
    quads = list(corpus_store.raw.quads_for_pattern(None, None, None, None))
    store = open_store(str(location))
    store.add_quads(quads)
    raw = store.raw  # this process still holds the store: it cannot be opened again to drop them
    store.close()  # and closing does not fail
    assert _log_bytes(location) > 0
    del raw
    with open_store(str(location), read_only=True) as reader:
        assert len(reader) == len(quads)
    open_store(str(location)).close()  # the next writer's open drops them
    assert _log_bytes(location) == 0


def test_closing_a_memory_store_opens_nothing_on_disk(tmp_path, monkeypatch, corpus_store):
    monkeypatch.chdir(tmp_path)  # where a store named after the memory location would appear
    store = open_store(None)
    store.add_quads(list(corpus_store.raw.quads_for_pattern(None, None, None, None))[:100])
    store.close()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("bulk, reopened", [(True, 0), (False, 1)])
def test_only_a_store_written_in_transactions_is_opened_again(tmp_path, monkeypatch, bulk, reopened):
    """The bulk loader, its flushes and compaction write no log: a bulk build is closed once, as before."""
    calls = []
    monkeypatch.setattr(store_module, "_drop_recycled_logs", calls.append)
    location = str(tmp_path / "store")
    if bulk:
        ingest_new_store(location, [str(CORPUS)], jobs=1)
    else:
        with open_store(location) as store:
            ingest_paths(store, [str(CORPUS)], jobs=1)
    assert calls == [location] * reopened
