"""Who owns a store directory: one writer (an ingest) or one server (`policygraph serve`) at a time.

RocksDB's own lock keeps a second read-write process out, but `serve` runs its
Oxigraph child read-only (``serve-read-only`` takes no lock), and a read-only
open while another process writes is undefined behaviour in Oxigraph. So every
policygraph process that writes or serves a store first takes an exclusive
``flock`` on ``<store>/policygraph.lock`` and writes into it who it is (pid,
role, and for a server its URL). The kernel releases the lock when the process
ends, ``kill -9`` included, so a stale file never blocks anyone.

A second writer or server is refused with a message naming the owner. An ingest
on a store served with ``serve --writable`` is not refused: :func:`open_writer`
finds the server in the lock file and sends each document through it as one
SPARQL update (the file is readable by its owner only, and holds the server's
write token).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from typing import Optional

from ..errors import StoreError

try:  # POSIX; elsewhere only RocksDB's lock protects the store
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = "policygraph.lock"
#: the user name a writable server expects with its token (HTTP Basic), for RemoteStore's credentials
TOKEN_USER = "policygraph"


@dataclass(frozen=True)
class Owner:
    """What the owner of a store wrote into its lock file."""

    pid: int
    role: str  # "ingest" (any read-write open) | "serve"
    since: float = field(default_factory=time.time)
    url: Optional[str] = None  # serve: the front server's base URL
    writable: bool = False  # serve: accepts updates with the token
    token: Optional[str] = None  # serve --writable: the write token

    def describe(self) -> str:
        when = time.strftime("%H:%M:%S", time.localtime(self.since))
        if self.role == "serve":
            mode = "writable" if self.writable else "read-only"
            return f"served by `policygraph serve` (pid {self.pid}, {mode}, {self.url or 'starting'})"
        return f"being written by another policygraph process (pid {self.pid}, since {when})"


class StoreLock:
    """The exclusive lock on one store directory; ``acquire`` raises StoreError naming the current owner."""

    def __init__(self, location: str, owner: Owner) -> None:
        self.location = location
        self.owner = owner
        self._fd: Optional[int] = None

    @property
    def path(self) -> str:
        return os.path.join(self.location, LOCK_NAME)

    def acquire(self) -> "StoreLock":
        if fcntl is None:  # pragma: no cover
            return self
        try:
            os.makedirs(self.location, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StoreError(_explain(exc), path=self.location) from None
        try:
            _lock_exclusive(fd)
        except BlockingIOError:
            holder = _read(fd)
            os.close(fd)
            what = holder.describe() if holder else "in use by another policygraph process"
            raise StoreError(f"store is in use: {what}; {_advice(holder)}", path=self.location) from None
        except OSError as exc:  # a file system without locks: say so rather than risk two writers
            os.close(fd)
            raise StoreError(f"cannot lock the store ({exc.strerror or exc})", path=self.location) from None
        self._fd = fd
        self.update(self.owner)
        return self

    def update(self, owner: Owner) -> None:
        """Rewrite who holds the lock (a server adds its URL once it listens)."""
        self.owner = owner
        if self._fd is None:
            return
        data = json.dumps(asdict(owner)).encode("utf-8")
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, data, 0)

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            os.ftruncate(fd, 0)  # nobody owns it now
        except OSError:
            pass
        os.close(fd)  # closing releases the flock

    def __enter__(self) -> "StoreLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def current_owner(location: str) -> Optional[Owner]:
    """The live owner of a store directory, or None when nobody holds its lock."""
    if fcntl is None or not os.path.isdir(location):
        return None
    try:
        fd = os.open(os.path.join(location, LOCK_NAME), os.O_RDONLY)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read(fd) or Owner(pid=0, role="unknown")
        fcntl.flock(fd, fcntl.LOCK_UN)  # we got it: nobody holds it
        return None
    finally:
        os.close(fd)


def open_writer(location: str):
    """A store to ingest into: the store itself, or the writable server that owns it.

    A local store served by ``serve --writable`` is written through that server
    (one SPARQL update per document, so its readers see each document whole);
    served read-only, or written by another ingest, it is refused with the owner's
    pid. Remote URLs and ``:memory:`` open as usual.
    """
    from .store import MEMORY, open_store

    if location.startswith(("http://", "https://")) or location == MEMORY:
        return open_store(location)
    owner = current_owner(location)
    if owner is not None and owner.role == "serve" and owner.writable and owner.url and owner.token:
        from .remote import RemoteStore

        return RemoteStore(owner.url + "sparql", server="generic", username=TOKEN_USER, password=owner.token)
    if owner is not None:
        raise StoreError(f"store is in use: {owner.describe()}; {_advice(owner)}", path=location)
    return open_store(location)


def _lock_exclusive(fd: int, tries: int = 10) -> None:
    """flock(LOCK_EX | LOCK_NB), retried briefly while the holder has not said who it is.

    An empty lock file under a held lock is a moment, not an owner: a process that
    has just locked and not yet written, or :func:`current_owner` probing with a
    shared lock. A real owner is refused at once (BlockingIOError).
    """
    for attempt in range(tries):
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if attempt == tries - 1 or _read(fd) is not None:
                raise
            time.sleep(0.02)


def _read(fd: int) -> Optional[Owner]:
    try:
        data = os.pread(fd, 1 << 16, 0)
        fields = json.loads(data.decode("utf-8")) if data else None
        return Owner(**fields) if isinstance(fields, dict) else None
    except (OSError, ValueError, TypeError):
        return None


def _advice(owner: Optional[Owner]) -> str:
    if owner is not None and owner.role == "serve" and not owner.writable:
        return "stop it, or restart it with `policygraph serve --writable` to ingest through it"
    if owner is not None and owner.role == "serve":
        return "stop it first"
    return "wait for it to finish or use another --store"


def _explain(exc: OSError) -> str:
    import errno

    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "cannot write the store directory (permission denied or read-only file system)"
    if exc.errno == errno.ENOSPC:
        return "disk full: cannot create the store's lock file"
    return f"cannot open store ({exc.strerror or exc})"
