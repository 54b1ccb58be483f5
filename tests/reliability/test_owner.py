"""The store's owner lock (graph/owner.py), in one process: who holds it, what a second comer is told."""

from __future__ import annotations

import os
import stat

import pytest

from policygraph.errors import StoreError
from policygraph.graph.owner import LOCK_NAME, Owner, StoreLock, current_owner, open_writer


def test_one_owner_at_a_time_and_the_second_is_told_who(tmp_path):
    location = str(tmp_path / "store")
    first = StoreLock(location, Owner(pid=4242, role="ingest")).acquire()
    try:
        assert current_owner(location).pid == 4242
        with pytest.raises(StoreError) as info:
            StoreLock(location, Owner(pid=os.getpid(), role="ingest")).acquire()
        message = str(info.value)
        assert message.startswith(f"{location}: store is in use: being written by another policygraph process (pid 4242, since ")
        assert "\n" not in message and "wait for it to finish or use another --store" in message
        assert stat.S_IMODE(os.stat(os.path.join(location, LOCK_NAME)).st_mode) == 0o600
    finally:
        first.release()
    assert current_owner(location) is None
    with StoreLock(location, Owner(pid=os.getpid(), role="ingest")):
        assert current_owner(location).pid == os.getpid()


@pytest.mark.parametrize("owner, says", [
    (Owner(pid=7, role="serve", url="http://127.0.0.1:7878/"),
     "served by `policygraph serve` (pid 7, read-only, http://127.0.0.1:7878/); stop it, or restart it with `policygraph serve --writable`"),
    (Owner(pid=8, role="ingest"), "being written by another policygraph process (pid 8"),
])
def test_an_ingest_on_an_owned_store_is_refused_with_the_owner(tmp_path, owner, says):
    location = str(tmp_path / "store")
    with StoreLock(location, owner):
        with pytest.raises(StoreError, match="store is in use") as info:
            open_writer(location)
        assert says in str(info.value)


def test_the_owner_record_follows_the_server_once_it_listens(tmp_path):
    location = str(tmp_path / "store")
    lock = StoreLock(location, Owner(pid=9, role="serve", writable=True, token="t" * 20)).acquire()
    try:
        assert current_owner(location).url is None
        lock.update(Owner(pid=9, role="serve", writable=True, token="t" * 20, url="http://127.0.0.1:1/"))
        assert current_owner(location).url == "http://127.0.0.1:1/"
    finally:
        lock.release()


def test_an_unwritable_place_is_one_clear_line(tmp_path):
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(StoreError, match="cannot open store"):
        StoreLock(str(a_file / "store"), Owner(pid=1, role="ingest")).acquire()
