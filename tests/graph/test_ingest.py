"""Ingest: identical graphs on re-ingest, per-document replacement, kill -9 safety, bulk recovery, one writer."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from policygraph.cli import cli
from policygraph.errors import StoreError
from policygraph.graph import ingest_new_store, ingest_paths, iris, open_store
from policygraph.graph.ingest import incomplete_sources, loaded_sources
from policygraph.graph.mapping import MAPPING_VERSION, record_quads
from policygraph.graph.summary import SUMMARY_GRAPH
from policygraph.ontology.terms import PG

from .conftest import CORPUS, quads_by_graph


def _copy_corpus(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


def test_ingest_twice_gives_the_same_triples(corpus_store_dir, tmp_path):
    """Across runs (a fresh store vs the session store) and on the same store with --force."""
    store = open_store(None)
    ingest_paths(store, [str(CORPUS)])
    first = quads_by_graph(store)
    report = ingest_paths(store, [str(CORPUS)], force=True)
    assert len(report.loaded) == 4
    assert quads_by_graph(store) == first
    with open_store(str(corpus_store_dir), read_only=True) as session:
        assert quads_by_graph(session) == first


def test_unchanged_files_are_skipped_before_extraction(tmp_path, monkeypatch):
    corpus = _copy_corpus(tmp_path)
    store = open_store(None)
    assert len(ingest_paths(store, [str(corpus)]).loaded) == 4

    def no_extraction(src):
        raise AssertionError(f"{src.path} was extracted again")

    monkeypatch.setattr("policygraph.extract.extract_document", no_extraction)
    report = ingest_paths(store, [str(corpus)])
    assert (len(report.loaded), len(report.skipped)) == (0, 4)


def test_editing_one_document_replaces_exactly_its_graph(tmp_path):
    corpus = _copy_corpus(tmp_path)
    store = open_store(None)
    ingest_paths(store, [str(corpus)])
    before = quads_by_graph(store)
    edited = corpus / "001_8945e10e70820498.txt"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("预算主管部门：上海市科学技术协会", "预算主管部门：上海市科学技术协会（测试）", 1), encoding="utf-8")

    report = ingest_paths(store, [str(corpus)])
    assert (report.loaded, len(report.skipped)) == ([str(edited)], 3)
    after = quads_by_graph(store)
    changed = {g for g in before.keys() | after.keys() if before.get(g) != after.get(g)}
    # its graph, and the summary graph computed from all of them (graph/summary.py)
    assert changed == {iris.source_graph(iris.source_key(str(edited))).value, SUMMARY_GRAPH.value}
    # the old version is gone, not merged: one content hash, the new department only
    graph = after[iris.source_graph(iris.source_key(str(edited))).value]
    assert len([t for t in graph if t[1] == PG.contentHash]) == 1
    assert len([t for t in graph if t[1] == PG.department]) >= 1
    assert {t[2] for t in graph if t[1] == PG.department and t[0].value.startswith(iris.PGID_NS + "source/")} == {
        iris.org_iri("上海市科学技术协会（测试）")
    }


def test_a_new_mapping_version_reingests_unchanged_files(tmp_path, monkeypatch):
    corpus = _copy_corpus(tmp_path)
    store = open_store(None)
    ingest_paths(store, [str(corpus / "002_3aa9dca3e14d72fe.txt")])
    monkeypatch.setattr("policygraph.graph.ingest.MAPPING_VERSION", MAPPING_VERSION + "-next")
    assert len(ingest_paths(store, [str(corpus / "002_3aa9dca3e14d72fe.txt")]).loaded) == 1


def test_unreadable_files_are_reported_and_the_rest_is_loaded(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(CORPUS / "002_3aa9dca3e14d72fe.txt", folder / "good.txt")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (folder / "empty.txt").write_bytes(b"")
    seen = []
    store = open_store(None)
    report = ingest_paths(store, [str(folder), str(tmp_path / "missing.txt")], on_error=lambda p, m: seen.append(m))
    assert report.loaded == [str(folder / "good.txt")]
    assert sorted(Path(p).name for p, _ in report.failed) == ["empty.txt", "image.txt", "missing.txt"]
    assert all("\n" not in m and Path(p).name in m for p, m in report.failed)
    assert len(seen) == 3 and not report.ok


def test_bulk_built_store_has_the_same_graph(tmp_path, corpus_store_dir):
    location = tmp_path / "bulk"
    report = ingest_new_store(str(location), [str(CORPUS)])
    assert len(report.loaded) == 4 and report.ok
    with open_store(str(location)) as store, open_store(str(corpus_store_dir), read_only=True) as session:
        assert quads_by_graph(store) == quads_by_graph(session)
        assert len(ingest_paths(store, [str(CORPUS)]).skipped) == 4  # and it is a normal store afterwards
    assert [p.name for p in tmp_path.iterdir()] == ["bulk"]


def test_an_interrupted_bulk_build_leaves_no_store(tmp_path, monkeypatch):
    location = tmp_path / "store"

    def killed(self, quads):
        raise KeyboardInterrupt

    monkeypatch.setattr("policygraph.graph.store.LocalStore.bulk_add", killed)
    with pytest.raises(KeyboardInterrupt):
        ingest_new_store(str(location), [str(CORPUS / "002_3aa9dca3e14d72fe.txt")])
    assert list(tmp_path.iterdir()) == []


def test_a_killed_bulk_build_is_cleaned_up_by_the_next(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    abandoned = tmp_path / f".store.building-{dead}-x1"
    abandoned.mkdir()
    (abandoned / "CURRENT").write_text("half", encoding="utf-8")
    ingest_new_store(str(tmp_path / "store"), [str(CORPUS / "002_3aa9dca3e14d72fe.txt")])
    assert [p.name for p in tmp_path.iterdir()] == ["store"]


def test_a_bulk_build_of_nothing_readable_makes_no_store(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    report = ingest_new_store(str(tmp_path / "store"), [str(tmp_path / "missing"), str(tmp_path / "empty.txt")])
    assert sorted(Path(p).name for p, _ in report.failed) == ["empty.txt", "missing"] and not report.loaded
    assert [p.name for p in tmp_path.iterdir()] == ["empty.txt"]  # a corrected rerun is not refused


def test_a_bulk_build_creates_missing_parent_directories_as_ingest_does(tmp_path):
    location = tmp_path / "stores" / "2023" / "store"
    report = ingest_new_store(str(location), [str(CORPUS / "002_3aa9dca3e14d72fe.txt")])
    assert report.ok and len(report.loaded) == 1 and (location / "CURRENT").exists()
    with open_store(str(location), read_only=True) as store:
        assert len(loaded_sources(store)) == 1


def test_a_bulk_build_that_makes_no_store_leaves_no_parent_directories(tmp_path):
    report = ingest_new_store(str(tmp_path / "stores" / "2023" / "store"), [str(tmp_path / "missing")])
    assert report.failed and not report.loaded
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(StoreError, match="a-file is a file, not a directory"):
        ingest_new_store(str(tmp_path / "a-file" / "store"), [str(CORPUS / "002_3aa9dca3e14d72fe.txt")])


def test_bulk_build_refuses_an_existing_store(tmp_path):
    (tmp_path / "store").mkdir()
    with pytest.raises(StoreError, match="exists already"):
        ingest_new_store(str(tmp_path / "store"), [str(CORPUS)])


def test_graphs_without_their_content_hash_are_removed_and_reloaded(tmp_path):
    """A graph lacking its commit marker (pg:contentHash) was not written by a completed ingest."""
    corpus = _copy_corpus(tmp_path)
    path = str(corpus / "002_3aa9dca3e14d72fe.txt")
    from policygraph.extract import extract_path

    record = extract_path(path)
    text = Path(path).read_text(encoding="utf-8")
    partial = [q for q in record_quads(record, text) if q.predicate != PG.contentHash]
    with open_store(str(tmp_path / "store")) as store:
        store.bulk_add(partial[: len(partial) // 2])
        assert len(incomplete_sources(store)) == 1 and not loaded_sources(store)
        report = ingest_paths(store, [path])
        assert report.removed_incomplete == 1 and report.loaded == [path]
        assert not incomplete_sources(store)
        graph = quads_by_graph(store)[iris.source_graph(iris.source_key(path)).value]
        assert graph == {(q.subject, q.predicate, q.object) for q in record_quads(record, text)}


def test_a_second_writer_is_refused_with_a_clear_message(tmp_path):
    location = tmp_path / "store"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time, pyoxigraph as ox; s = ox.Store(sys.argv[1]); print('ready', flush=True); time.sleep(60)", str(location)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="in use by another policygraph process") as info:
            open_store(str(location))
        assert str(location) in str(info.value) and "\n" not in str(info.value)
        with open_store(str(location), read_only=True) as reader:  # readers are not blocked
            assert len(reader) == 0
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.slow
def test_kill_9_mid_ingest_leaves_each_document_fully_in_or_out(tmp_path):
    """A real SIGKILL while ingesting ten documents; then the store opens, and a rerun completes."""
    corpus = tmp_path / "many"
    corpus.mkdir()
    for i in range(10):
        shutil.copy(CORPUS / "001_8945e10e70820498.txt", corpus / f"kx{i:02d}.txt")
    # Ten small documents can all be written between two polls on a fast machine (CI saw it):
    # kx05 carries ~2 MB of prose, so the writer waits seconds on it with kx00..kx04 already in.
    slow = corpus / "kx05.txt"
    slow.write_text(slow.read_text(encoding="utf-8") + "\n" + "本项目的实施将进一步提升公共服务水平。\n" * 60000, encoding="utf-8")
    location = tmp_path / "store"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "policygraph", "ingest", str(corpus), "--store", str(location), "--quiet"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if _sources_on_disk(location) >= 2:
                break
            time.sleep(0.1)
        assert proc.poll() is None, "ingest finished before it could be killed: " + proc.stderr.read().decode()
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()

    with open_store(str(location)) as store:  # opens after the kill
        survived = quads_by_graph(store)
        loaded = loaded_sources(store)
        sources = {g for g in survived if g.startswith(iris.SOURCE_GRAPH_PREFIX)}
        assert 2 <= len(sources) < 10
        assert set(loaded) == sources  # every graph there has its content hash: nothing half-written
        report = ingest_paths(store, [str(corpus)])
        assert len(report.skipped) == len(sources) and len(report.loaded) == 10 - len(sources)
        final = quads_by_graph(store)
    for graph in sources:  # what survived the kill is exactly what a complete ingest writes
        assert survived[graph] == final[graph]
    expected = record_quads_for(corpus / "kx09.txt")
    assert final[iris.source_graph(iris.source_key(str(corpus / "kx09.txt"))).value] == expected


def record_quads_for(path: Path) -> set:
    from policygraph.extract import extract_path

    return {(q.subject, q.predicate, q.object) for q in record_quads(extract_path(path), path.read_text(encoding="utf-8"))}


def _sources_on_disk(location: Path) -> int:
    if not (location / "CURRENT").exists():
        return 0
    try:
        store = ox.Store.read_only(str(location))
    except (OSError, RuntimeError):  # still being created by the ingest
        return 0
    return sum(1 for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(iris.SOURCE_GRAPH_PREFIX))


@pytest.mark.parametrize("bulk", [True, False])
def test_ingest_says_where_its_time_went(tmp_path, bulk):
    """`policygraph ingest` prints the wall time of its phases, before its summary line; they add up to the total."""
    args = ["ingest", str(CORPUS), "--store", str(tmp_path / "store"), "--jobs", "1"] + (["--bulk"] if bulk else [])
    started = time.perf_counter()
    result = CliRunner().invoke(cli, args)
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    took, summary = result.output.strip().splitlines()[-2:]
    assert summary.startswith("policygraph: 4 loaded, 0 unchanged")
    found = re.fullmatch(r"policygraph: took ([\d.,]+) s: documents ([\d.,]+) s(?:, store merging its files ([\d.,]+) s)?, "
                         r"summary ([\d.,]+) s", took)
    assert found, took
    assert (found.group(3) is not None) == bulk  # only a new store waits for its merging
    total, documents, merging, summary_s = (float((v or "0").replace(",", "")) for v in found.groups())
    assert documents > 0 and summary_s > 0
    assert abs(total - (documents + merging + summary_s)) <= 0.15  # each figure rounded to 0.1 s
    assert total <= elapsed + 0.05  # (rounded to 0.1 s)
    quiet = CliRunner().invoke(cli, args[:2] + ["--store", str(tmp_path / "quiet"), "--quiet"] + args[4:])
    assert quiet.exit_code == 0 and quiet.output == "", quiet.output


def _interrupted_inside_python(*args, **kwargs):
    """What Python raises when a SIGTERM (a KeyboardInterrupt here) lands in a lazy import's dataclass set-up."""
    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt as exc:
        raise RuntimeError("Error calling __set_name__ on 'Field' instance 'since' in 'Owner'") from exc


def _a_bug(*args, **kwargs):
    raise RuntimeError("a bug")


@pytest.mark.parametrize("failure, interrupted", [(_interrupted_inside_python, True), (_a_bug, False)])
def test_an_interrupt_python_wraps_is_still_an_interrupt(tmp_path, monkeypatch, failure, interrupted):
    """The CLI says "interrupted" (exit 130) for a Ctrl+C or SIGTERM however Python re-raised it; a bug stays a bug.
    Either way a bulk build leaves nothing behind."""
    monkeypatch.setattr("policygraph.graph.ingest.start_worker_server", failure)
    result = CliRunner().invoke(cli, ["ingest", str(CORPUS), "--store", str(tmp_path / "store"), "--bulk", "--jobs", "1"])
    if interrupted:
        assert result.exit_code == 130 and "policygraph: interrupted" in result.output, result.output
    else:
        assert result.exit_code != 130 and isinstance(result.exception, RuntimeError)
    assert list(tmp_path.iterdir()) == []
