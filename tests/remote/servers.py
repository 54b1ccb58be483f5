"""Real SPARQL servers for the remote-store tests, on loopback, in temporary directories.

* Oxigraph server from the PyPI ``oxigraph`` package:
  ``oxigraph serve --location DIR --bind 127.0.0.1:PORT --union-default-graph``
* Virtuoso from Debian's ``virtuoso-opensource``: ``virtuoso-t +foreground``
  with a minimal generated virtuoso.ini (fresh database, default account
  dba/dba, writes through its Digest-protected endpoints).

Each server is started once per test session (see conftest.py) and stopped at
the end; a missing binary is a skip with the reason, anything else a failure
with the tail of the server's log.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import httpx
import pytest

READY_TIMEOUT_S = 90.0  # Virtuoso builds a fresh database on first start (~5 s idle, more on a busy machine)
STOP_TIMEOUT_S = 30.0

VIRTUOSO_INI = """\
; minimal Virtuoso for tests: one temporary directory, loopback only
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile    = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort        = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
DirsAllowed       = ., {dir}
NumberOfBuffers   = 10000
MaxDirtyBuffers   = 6000
ThreadsPerQuery   = 2
MaxQueryMem       = 500M

[HTTPServer]
ServerPort    = 127.0.0.1:{http_port}
ServerRoot    = {dir}
ServerThreads = 4
Charset       = UTF-8

[SPARQL]
; the Debian default (10000) silently truncates results; RemoteStore refuses truncated answers
ResultSetMaxRows      = 1000000
MaxQueryExecutionTime = 300
"""


@dataclass
class RunningServer:
    kind: str  # "oxigraph" | "virtuoso"
    url: str  # query endpoint, with credentials in the userinfo where writes need them
    base: str  # http://127.0.0.1:PORT
    process: subprocess.Popen
    workdir: Path
    log: Path

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def require_binary(name: str, package: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.skip(f"{name} not installed ({package}; .ci/run installs it)")
    return path


def start_oxigraph(workdir: Path) -> RunningServer:
    binary = require_binary("oxigraph", "pip install oxigraph")

    def launch(port: int) -> tuple[list[str], Path]:
        return [binary, "serve", "--location", str(workdir / "data"), "--bind", f"127.0.0.1:{port}",
                "--union-default-graph"], workdir

    return _start("oxigraph", launch, workdir, query_path="/query", userinfo="")


def start_virtuoso(workdir: Path) -> RunningServer:
    binary = require_binary("virtuoso-t", "apt-get install virtuoso-opensource")

    def launch(port: int) -> tuple[list[str], Path]:
        ini = workdir / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(dir=workdir, sql_port=free_port(), http_port=port), encoding="utf-8")
        return [binary, "+foreground", "+configfile", str(ini)], workdir

    return _start("virtuoso", launch, workdir, query_path="/sparql", userinfo="dba:dba@")


def _start(kind: str, launch: Callable[[int], tuple[list[str], Path]], workdir: Path, *, query_path: str,
           userinfo: str) -> RunningServer:
    """Start the server on a free port; retry on another port if that one was taken meanwhile."""
    workdir.mkdir(parents=True, exist_ok=True)
    last = None
    for attempt in range(3):
        port = free_port()
        argv, cwd = launch(port)
        log = workdir / f"{kind}-{attempt}.out"
        with open(log, "wb") as out:
            process = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        server = RunningServer(kind, f"http://{userinfo}127.0.0.1:{port}{query_path}", base, process, workdir, log)
        if _wait_ready(server, base + query_path):
            return server
        server.stop()
        last = server
        for stale in workdir.glob("*.lck"):
            stale.unlink()
    pytest.fail(f"{kind} server did not start; last log:\n{last.log_tail() if last else ''}")


def _wait_ready(server: RunningServer, query_url: str) -> bool:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        try:
            response = httpx.post(query_url, data={"query": "ASK {}"}, timeout=2.0,
                                  headers={"Accept": "application/sparql-results+json"})
            if response.status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    return False
