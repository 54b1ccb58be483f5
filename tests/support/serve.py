"""`policygraph serve` in the background for tests that talk to it over HTTP (one helper for
tests/queries and tests/reliability)."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start_serve(store, *extra: str) -> tuple[subprocess.Popen, str]:
    """`policygraph serve --store STORE --port 0` in the background; returns (process, base URL)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "policygraph", "serve", "--store", str(store), "--port", "0", "--quiet", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", cwd=ROOT,
    )
    line = proc.stdout.readline()
    m = re.search(r"serving (http://[^ ]+/) ", line)
    if not m:
        proc.kill()
        raise AssertionError(f"server did not start: {line!r} {proc.stderr.read()!r}")
    return proc, m.group(1)


def stop_serve(proc: subprocess.Popen) -> str:
    """Stop the server; returns what it wrote on stderr."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate(timeout=10)
    return err or ""
