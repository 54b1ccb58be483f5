"""The SPARQL server behind `policygraph serve`: Oxigraph's own server as a child process.

``oxigraph serve`` (PyPI package ``oxigraph``, the same on-disk format as
pyoxigraph 0.5) does the SPARQL work: parsing, evaluation, timeouts, result
serialisation and content negotiation. The front server (server.py) is the only
thing meant to talk to it and decides what may reach it; the child is hardened
for the case where something else reaches it anyway:

* it runs ``oxigraph serve-read-only`` unless the server was started writable,
  so a request that bypasses the front cannot change the store;
* it listens on a random port of a random 127.x.y.z address: a web page in a
  local browser cannot guess it (2^24 addresses x 2^15 ports);
* it runs under a seccomp filter that refuses ``connect()`` (sandbox.py), so
  ``SERVICE``/``LOAD`` sent straight to it cannot fetch any URL.

With ``--store http(s)://…`` there is no child: the front server sits in front
of that remote endpoint instead.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from typing import Mapping, Optional

import pyoxigraph as ox

from ..errors import QueryError, StoreError
from ..graph import sparqltext
from . import sandbox

JSON_RESULTS = "application/sparql-results+json"


def oxigraph_executable() -> str:
    """The ``oxigraph`` CLI from the PyPI package, next to this Python first."""
    here = os.path.join(os.path.dirname(sys.executable), "oxigraph")
    found = here if os.path.exists(here) else shutil.which("oxigraph")
    if not found:
        raise StoreError("the Oxigraph server is not installed (pip install 'oxigraph>=0.5,<0.6')")
    return found


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def private_loopback_address() -> tuple[str, int]:
    """A free port on a random 127.x.y.z address (Linux routes all of 127/8 to loopback; else 127.0.0.1)."""
    import secrets

    candidates = [f"127.{secrets.randbelow(254) + 1}.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}" for _ in range(3)]
    for host in candidates + ["127.0.0.1"]:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind((host, 0))
            except OSError:
                continue
            return host, s.getsockname()[1]
    raise StoreError("no free loopback port for the Oxigraph server")


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the child gets SIGTERM if `policygraph serve` dies, so it never keeps the store locked."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _child_setup(sandboxed: bool):
    """What runs in the child between fork and exec: die with the parent, and (sandboxed) never connect out."""
    if not sys.platform.startswith("linux"):
        return None

    def setup() -> None:  # pragma: no cover - runs in the child
        _die_with_parent()
        if sandboxed:
            sandbox.forbid_connections()  # an OSError here aborts the start: never run unsandboxed by surprise

    return setup


class OxigraphChild:
    """``oxigraph serve-read-only --location DIR --bind 127.x.y.z:PORT --union-default-graph --timeout-s N``.

    ``writable``: ``oxigraph serve`` (read-write) instead, for ``policygraph serve --writable``.
    ``sandboxed``: refuse outgoing connections (no SERVICE/LOAD fetches); off only for ``--allow-service``.
    """

    def __init__(self, location: str, *, timeout_s: float, writable: bool = False, sandboxed: bool = True) -> None:
        if not os.path.isdir(location) or not os.path.exists(os.path.join(location, "CURRENT")):
            raise StoreError("no store here yet; run `policygraph ingest` first", path=location)
        self.location = location
        self.timeout_s = timeout_s
        self.writable = writable
        self.sandboxed = sandboxed and sandbox.supported()
        self.host = "127.0.0.1"
        self.port: Optional[int] = None
        self.process: Optional[subprocess.Popen] = None
        self._log = None

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.base}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base}/update"

    def start(self, wait_s: float = 30.0) -> str:
        exe = oxigraph_executable()
        self.host, self.port = private_loopback_address()
        self._log = tempfile.TemporaryFile(prefix="pg-oxigraph-")
        args = [exe, "serve" if self.writable else "serve-read-only", "--location", self.location,
                "--bind", f"{self.host}:{self.port}",
                "--union-default-graph", "--timeout-s", str(max(1, int(round(self.timeout_s))))]
        self.process = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
            preexec_fn=_child_setup(self.sandboxed),
        )
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StoreError(self._explain_exit(), path=self.location)
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5):
                    return self.url
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise StoreError(f"the Oxigraph server did not start within {wait_s:.0f} s", path=self.location)

    def _explain_exit(self) -> str:
        text = ""
        if self._log is not None:
            self._log.seek(0)
            text = self._log.read().decode("utf-8", "replace")
        if "lock" in text.lower():
            return "store is in use by another policygraph process (ingest or serve); stop it or use another --store"
        last = [line.strip() for line in text.splitlines() if line.strip()]
        return "the Oxigraph server failed to start" + (f": {last[-1][:200]}" if last else "")

    def stop(self) -> None:
        proc, self.process = self.process, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        if self._log is not None:
            self._log.close()
            self._log = None


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes


class QueryTimeout(QueryError):
    """The child stopped the query at serve's --timeout-s (the front answers 504, as for /sparql)."""


def timeout_message(timeout_s: float) -> str:
    return f"the query took longer than the server's timeout ({timeout_s:g} s; `policygraph serve --timeout-s` sets it)"


class AnswerTooLarge(QueryError):
    """The child's answer was over serve's --max-result-mb."""


class ResultTooLarge(Exception):
    pass


#: what Oxigraph writes in place of the rest of an answer it stopped at its timeout
_CANCELLED = b"The SPARQL operation has been cancelled"


class Upstream:
    """HTTP client for the SPARQL query endpoint behind the front server.

    Also a minimal read-only GraphStore (``query(sparql, bindings)``) so the
    named-query runner works unchanged: parameters travel as a VALUES block of
    serialised terms at the top of the WHERE group (sparqltext.with_values).
    """

    def __init__(self, url: str, *, timeout_s: float, max_bytes: int, update_url: Optional[str] = None) -> None:
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise StoreError("not an http(s) SPARQL endpoint URL", path=url)
        self.url = url
        self._parsed = parsed
        self.update_url = update_url
        self.timeout_s = timeout_s
        self.max_bytes = max_bytes
        self.location = url

    def post_query(self, sparql: str, accept: str, extra: Optional[Mapping[str, list[str]]] = None) -> Reply:
        """POST the query (SPARQL 1.1 Protocol, direct body); the answer is read up to ``max_bytes``."""
        path = self._parsed.path or "/"
        if extra:
            path += "?" + urllib.parse.urlencode([(k, v) for k, vs in extra.items() for v in vs])
        return self._post(self._parsed, path, sparql.encode("utf-8"), "application/sparql-query; charset=utf-8",
                          accept, timeout=self.timeout_s + 5)

    def post_update(self, body: bytes) -> Reply:
        """POST one SPARQL update (one transaction in Oxigraph); only for a writable server."""
        if not self.update_url:
            raise StoreError("this server is read-only", path=self.url)
        parsed = urllib.parse.urlsplit(self.update_url)
        # a large document takes a while to write; the query timeout is not meant for it
        return self._post(parsed, parsed.path or "/", body, "application/sparql-update; charset=utf-8", "*/*",
                          timeout=max(300.0, self.timeout_s + 5))

    def _post(self, parsed, path: str, body: bytes, ctype: str, accept: str, *, timeout: float) -> Reply:
        cls = http.client.HTTPSConnection if parsed.scheme == "https" else http.client.HTTPConnection
        conn = cls(parsed.hostname, parsed.port, timeout=timeout)
        try:
            conn.request("POST", path, body=body, headers={"Content-Type": ctype, "Accept": accept})
            resp = conn.getresponse()
            data = resp.read(self.max_bytes + 1)
            if len(data) > self.max_bytes:
                raise ResultTooLarge()
            if resp.status == 200 and data.endswith(_CANCELLED):
                # Oxigraph streams the 200 and the results' head before evaluating; a query its
                # --timeout-s cancels then ends with this message instead of the rest of the answer
                raise TimeoutError("the SPARQL server cancelled the query (timeout)")
            return Reply(resp.status, resp.getheader("Content-Type", "application/octet-stream"), data)
        finally:
            conn.close()

    # GraphStore protocol (read-only) ------------------------------------------------

    def query(self, sparql: str, bindings: Optional[Mapping[str, object]] = None):
        text = sparqltext.with_values(sparql, bindings) if bindings else sparql
        try:
            reply = self.post_query(text, JSON_RESULTS)
        except ResultTooLarge:
            raise AnswerTooLarge(f"answer larger than {self.max_bytes // (1024 * 1024)} MB; narrow the query") from None
        except TimeoutError:
            raise QueryTimeout(timeout_message(self.timeout_s)) from None
        except (OSError, http.client.HTTPException) as exc:
            raise QueryError(f"SPARQL server unreachable ({exc.__class__.__name__})") from None
        if reply.status != 200:
            raise QueryError(f"SPARQL server said {reply.status}: {reply.body[:300].decode('utf-8', 'replace')}")
        return ox.parse_query_results(reply.body, format=ox.QueryResultsFormat.JSON)

    def close(self) -> None:
        pass
