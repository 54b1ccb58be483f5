"""Helpers of the reliability tests: the CLI in a subprocess, stores of sample documents, a served store."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.serve import start_serve, stop_serve  # noqa: F401 - the tests import them from here

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `pytest` (not `python -m pytest`): benchmarks/ is importable for the load test
    sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "examples" / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
SMALL_DOC = CORPUS / "001_8945e10e70820498.txt"  # 上海市科学技术协会 2023: the smallest sample (47 KB)

#: "policygraph: skipped PATH: REASON" — one line per refused file (cli.py)
SKIPPED = re.compile(r"^policygraph: skipped (?P<path>.+?): (?P<reason>.+)$")


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    def skipped(self) -> dict[str, str]:
        """File name (basename, as printed) -> reason, for every 'skipped' line; duplicates fail."""
        out: dict[str, str] = {}
        for line in self.stderr.splitlines():
            m = SKIPPED.match(line)
            if m:
                name = os.path.basename(m["path"])
                assert name not in out, f"{name} reported twice: {self.stderr}"
                out[name] = m["reason"]
        return out


def cli(*args: str, timeout: float = 300, drop_dac: bool = False, cwd: Path | None = None, env: dict | None = None) -> Run:
    """`python -m policygraph ARGS` with bytes-safe output.

    ``drop_dac``: run without CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH, so file
    permissions apply even to root (tests run as root here, where chmod 000 does
    not stop reads).
    """
    command = [sys.executable, "-m", "policygraph", *args]
    if drop_dac and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if not setpriv:
            pytest.skip("running as root and util-linux setpriv is missing: cannot make a file unreadable")
        caps = "-dac_override,-dac_read_search"
        command = [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}", *command]
    full_env = dict(os.environ, PYTHONUNBUFFERED="1", **(env or {}))
    proc = subprocess.run(command, capture_output=True, timeout=timeout, cwd=cwd or ROOT, env=full_env)
    decode = lambda b: b.decode("utf-8", "backslashreplace")  # noqa: E731 - a bad name must show, not crash the test
    return Run(proc.returncode, decode(proc.stdout), decode(proc.stderr))


def assert_one_line_messages(run: Run) -> None:
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr[-3000:]


@pytest.fixture(scope="session")
def small_served_store(tmp_path_factory) -> str:
    """An on-disk store of one sample document (closed: a server may take it)."""
    from policygraph.queries.sample import disk_store

    return disk_store(tmp_path_factory.mktemp("rel-store") / "store", [SMALL_DOC])


def child_address(serve_pid: int) -> tuple[str, str]:
    """(subcommand, host:port) of the `oxigraph serve…` child of a `policygraph serve` process (Linux /proc)."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                argv = fh.read().decode("utf-8", "replace").split("\0")
        except (OSError, ValueError, IndexError):
            continue
        if ppid == serve_pid and len(argv) > 2 and argv[1].startswith("serve"):
            return argv[1], argv[argv.index("--bind") + 1]
    raise AssertionError(f"no oxigraph child of pid {serve_pid}")


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None,
         timeout: float = 30) -> tuple[int, dict, str]:
    """(status, headers, body text) of one request; HTTP errors are answers, not exceptions."""
    import urllib.error
    import urllib.request

    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, dict(resp.headers), resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode("utf-8", "replace")
