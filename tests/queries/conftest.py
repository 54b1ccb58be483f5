"""Stores of the sample corpus for the query tests (built once per session)."""

from __future__ import annotations

import re
import signal
import subprocess
import sys

import pytest

from policygraph.queries.sample import disk_store, memory_store


@pytest.fixture(scope="session")
def sample_store():
    """The four sample documents and the reference data, in memory."""
    return memory_store()


@pytest.fixture(scope="session")
def sample_store_dir(tmp_path_factory):
    """The same, as an on-disk Oxigraph store (for the CLI and `policygraph serve`)."""
    return disk_store(tmp_path_factory.mktemp("store") / "policygraph-store")


def start_server(store_dir, *extra):
    proc = subprocess.Popen(
        [sys.executable, "-m", "policygraph", "serve", "--store", store_dir, "--port", "0", "--quiet", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )
    line = proc.stdout.readline()
    m = re.search(r"serving (http://127\.0\.0\.1:\d+/)", line)
    if not m:
        proc.kill()
        raise AssertionError(f"server did not start: {line!r} {proc.stderr.read()!r}")
    return proc, m.group(1)


def stop_server(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise


@pytest.fixture(scope="session")
def server(sample_store_dir):
    """`policygraph serve` on the sample store (one per session: it owns the store while it runs)."""
    proc, url = start_server(sample_store_dir, "--timeout-s", "5")
    try:
        yield url
    finally:
        stop_server(proc)
