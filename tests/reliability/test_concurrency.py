"""Concurrent use: readers during an ingest see each document old or new, never half; writers are one at a time.

The supported way to ingest into a store that is being served is `serve --writable`:
`policygraph ingest --store DIR` finds the server in the store's lock file and
sends each document through it as one SPARQL update (one transaction).
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path

import pytest

from policygraph.graph.owner import current_owner

from .conftest import CORPUS, ROOT, SMALL_DOC, cli, http, start_serve, stop_serve

pytestmark = pytest.mark.server

TOKEN = "concurrency-test-token-0123456789"
SNAPSHOT = """PREFIX pg: <https://w3id.org/policygraph/ontology#>
SELECT ?g ?n ?hash WHERE {
  { SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g }
  OPTIONAL { GRAPH ?g { ?x pg:contentHash ?hash } }
}"""
SOURCE_PREFIX = "https://w3id.org/policygraph/id/graph/source/"
DOC_A, DOC_B = CORPUS / "001_8945e10e70820498.txt", CORPUS / "002_3aa9dca3e14d72fe.txt"


def _edited(target: Path, source: Path, note: str) -> None:
    """A third version of a sample: the same text with a line added (another hash, a few more triples)."""
    target.write_text(source.read_text(encoding="utf-8") + f"\n{note}\n", encoding="utf-8")


def snapshot(url: str) -> dict[str, tuple[int, str | None]]:
    """Source graph -> (triples, content hash), read in ONE query (one snapshot of the store)."""
    status, _, body = http(url + "sparql?" + urllib.parse.urlencode({"query": SNAPSHOT}),
                           headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert status == 200, body
    out = {}
    for row in json.loads(body)["results"]["bindings"]:
        graph = row["g"]["value"]
        if graph.startswith(SOURCE_PREFIX):
            out[graph] = (int(row["n"]["value"]), row.get("hash", {}).get("value"))
    return out


def test_readers_during_an_ingest_through_the_server_see_whole_documents(tmp_path):
    folder = tmp_path / "budgets"
    folder.mkdir()
    shutil.copy(DOC_A, folder / "a.txt")
    shutil.copy(DOC_B, folder / "b.txt")
    store = str(tmp_path / "store")
    first = cli("ingest", str(folder), "--store", store, "-j", "1", "-q")
    assert first.returncode == 0, first.stderr

    proc, url = start_serve(store, "--writable", "--token-file", _token_file(tmp_path))
    try:
        old = snapshot(url)
        assert len(old) == 2 and all(h for _, h in old.values())
        # every document changes: a and b swap contents, c is new
        shutil.copy(DOC_B, folder / "a.txt")
        shutil.copy(DOC_A, folder / "b.txt")
        _edited(folder / "c.txt", DOC_A, "附：根据《上海市科学技术普及条例》实施。")

        seen: list[dict] = []
        errors: list[str] = []
        done = threading.Event()

        def read() -> None:
            while not done.is_set():
                try:
                    seen.append(snapshot(url))
                except AssertionError as exc:  # noqa: PERF203 - collected, the test fails below
                    errors.append(str(exc))
                done.wait(0.02)  # leave the machine's cores to the ingest too

        readers = [threading.Thread(target=read) for _ in range(3)]
        for reader in readers:
            reader.start()
        try:
            ingest = cli("ingest", str(folder), "--store", store, "-j", "1", timeout=300)
        finally:
            done.set()
            for reader in readers:
                reader.join()
        assert ingest.returncode == 0, ingest.stderr
        assert "3 loaded, 0 unchanged" in ingest.stdout
        new = snapshot(url)
    finally:
        stop_serve(proc)

    assert errors == []
    assert len(new) == 3 and all(h for _, h in new.values())
    distinct = {tuple(sorted(state.items())) for state in seen}
    assert len(distinct) >= 2, "the readers did not see the ingest happen"  # typically old, each step, new
    for state in seen:
        for graph in old.keys() | new.keys():
            got = state.get(graph, (0, None))
            assert got in (old.get(graph, (0, None)), new[graph]), f"half a document: {graph} {got} (old {old.get(graph)}, new {new[graph]})"


def test_two_ingests_through_a_writable_server_are_serialised(tmp_path):
    store = str(tmp_path / "store")
    assert cli("ingest", str(SMALL_DOC), "--store", store, "-j", "1", "-q").returncode == 0
    batches = []
    for name in ("one", "two"):
        folder = tmp_path / name
        folder.mkdir()
        _edited(folder / f"{name}.txt", DOC_A, f"附：第{name}批。")
        batches.append(folder)
    proc, url = start_serve(store, "--writable", "--token-file", _token_file(tmp_path))
    try:
        runs = [_popen_ingest(folder, store) for folder in batches]
        outputs = [run.communicate(timeout=300) for run in runs]
        assert [run.returncode for run in runs] == [0, 0], outputs
        final = snapshot(url)
    finally:
        stop_serve(proc)
    assert len(final) == 3 and all(h for _, h in final.values())


def test_a_second_local_writer_is_refused_naming_the_first(tmp_path):
    """A writer holds the store (LocalStore read-write, as `ingest` opens it); an ingest and a serve are refused."""
    store = str(tmp_path / "store")
    assert cli("ingest", str(DOC_B), "--store", store, "-j", "1", "-q").returncode == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from policygraph.graph import open_store; s = open_store(sys.argv[1]); "
         "print('ready', flush=True); time.sleep(120)", store],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        owner = current_owner(store)
        assert owner is not None and owner.role == "ingest" and owner.pid == holder.pid
        second = cli("ingest", str(SMALL_DOC), "--store", store, "-j", "1", timeout=120)
        assert second.returncode == 1 and "Traceback" not in second.stderr
        assert f"{store}: store is in use: being written by another policygraph process (pid {holder.pid}" in second.stderr
        served = cli("serve", "--store", store, "--port", "0", timeout=60)
        assert served.returncode == 1 and f"pid {holder.pid}" in served.stderr
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.communicate(timeout=30)
    assert current_owner(store) is None  # the kernel released the lock with the killed process
    rerun = cli("ingest", str(SMALL_DOC), "--store", store, "-j", "1", timeout=300)
    assert rerun.returncode == 0 and "1 loaded" in rerun.stdout, rerun.stderr


def _token_file(tmp_path: Path) -> str:
    path = tmp_path / "token"
    path.write_text(TOKEN)
    return str(path)


def _popen_ingest(folder: Path, store: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "policygraph", "ingest", str(folder), "--store", store, "-j", "1", "-q"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


