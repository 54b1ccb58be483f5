"""Export round trips, every format readable by rdflib, atomic files; the ingest/export/stats/validate commands."""

from __future__ import annotations

import json
import shutil

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from policygraph.cli import RDF_EXPORT_FORMATS, cli
from policygraph.graph import RDF_FORMATS, export_rdf, open_store
from policygraph.graph import export as export_module

from .conftest import CORPUS


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_and_library_offer_the_same_rdf_formats():
    assert set(RDF_EXPORT_FORMATS) == set(RDF_FORMATS)


def test_trig_export_loads_into_a_fresh_store_with_the_same_quads(corpus_store, tmp_path):
    out = tmp_path / "graph.trig"
    export_rdf(corpus_store, "trig", str(out))
    fresh = ox.Store()
    fresh.load(path=str(out), format=ox.RdfFormat.TRIG)
    assert set(fresh) == set(corpus_store.raw)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("fmt, rdflib_format, keeps_graphs", [
    ("ttl", "turtle", False), ("nt", "nt", False), ("nq", "nquads", True), ("trig", "trig", True), ("jsonld", "json-ld", True),
])
def test_rdflib_parses_every_export_format(small_store, tmp_path, fmt, rdflib_format, keeps_graphs):
    corpus_store = small_store  # rdflib needs ~15 s per format for the whole corpus; two documents show the same
    out = tmp_path / f"graph.{fmt}"
    export_rdf(corpus_store, fmt, str(out))
    if keeps_graphs:
        data = rdflib.Dataset()
        data.parse(out, format=rdflib_format)
        quads = {(s, p, o, g) for s, p, o, g in data.quads((None, None, None, None)) if g is not None and g != rdflib.Dataset().default_graph.identifier}
        assert len(quads) == len(corpus_store)
        assert len({g for *_, g in quads}) == len(corpus_store.named_graphs())
    else:
        graph = rdflib.Graph()
        graph.parse(out, format=rdflib_format)
        union = {(q.subject, q.predicate, q.object) for q in corpus_store.raw}
        assert len(graph) == len(union)


def test_an_interrupted_export_leaves_no_file_and_keeps_the_old_one(corpus_store, tmp_path, monkeypatch):
    out = tmp_path / "graph.nq"
    out.write_text("old export\n", encoding="utf-8")

    def broken(store, fmt, output):
        output.write(b"<http://x> <http://y> ")
        raise OSError("disk full")

    monkeypatch.setattr(export_module, "write_rdf", broken)
    with pytest.raises(Exception, match="disk full"):
        export_rdf(corpus_store, "nq", str(out))
    assert out.read_text(encoding="utf-8") == "old export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nq"]


# ---------------------------------------------------------------------------
# commands


def test_export_command_writes_stdout_and_files(small_store_dir, tmp_path):
    result = run("export", "--format", "nt", "--store", str(small_store_dir))
    assert result.exit_code == 0
    fresh = ox.Store()
    fresh.load(result.stdout_bytes, format=ox.RdfFormat.N_TRIPLES)
    with open_store(str(small_store_dir), read_only=True) as store:
        assert set(fresh) == {ox.Quad(q.subject, q.predicate, q.object) for q in store.raw}
        out = tmp_path / "g.trig"
        assert run("export", "--format", "trig", "--out", str(out), "--store", str(small_store_dir)).exit_code == 0
        fresh = ox.Store()
        fresh.load(path=str(out), format=ox.RdfFormat.TRIG)
        assert set(fresh) == set(store.raw)


def test_export_to_a_missing_directory_is_one_line(corpus_store_dir, tmp_path):
    result = run("export", "--format", "nq", "--out", str(tmp_path / "no" / "such" / "g.nq"), "--store", str(corpus_store_dir))
    assert result.exit_code != 0
    assert "g.nq" in result.stderr and "Traceback" not in result.output + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_stats_command(corpus_store_dir):
    result = run("stats", "--format", "json", "--store", str(corpus_store_dir))
    numbers = json.loads(result.stdout)
    assert numbers["documents"] == 4 and numbers["graphs"] == 6 and numbers["incomplete"] == 0
    assert numbers["projects"] > 50 and numbers["citations"] > numbers["cited_documents"] > 100
    assert numbers["money_yuan"] > 0
    table = run("stats", "--store", str(corpus_store_dir)).stdout
    assert "money_yuan" in table and "万元" in table


def test_commands_on_a_missing_store_say_so(tmp_path):
    for command in ("stats", "export", "validate"):
        result = run(command, "--store", str(tmp_path / "nowhere"))
        assert result.exit_code == 1
        assert "no store here yet" in result.stderr and "Traceback" not in result.stderr


def test_a_file_where_the_store_should_be_is_refused(tmp_path):
    (tmp_path / "store").write_text("not a store", encoding="utf-8")
    result = run("ingest", str(CORPUS / "002_3aa9dca3e14d72fe.txt"), "--store", str(tmp_path / "store"))
    assert result.exit_code == 1 and "not a store directory" in result.stderr


def test_ingest_command_reports_failures_and_goes_on(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(CORPUS / "002_3aa9dca3e14d72fe.txt", folder / "forms.txt")
    (folder / "scan.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = run("ingest", str(folder), "--store", str(tmp_path / "store"), "--quiet")
    assert result.exit_code == 1
    assert "scan.txt" in result.stderr and "forms.txt" not in result.stderr
    result = run("ingest", str(folder), "--store", str(tmp_path / "store"))
    assert result.exit_code == 1 and "0 loaded, 1 unchanged" in result.stdout


def test_validate_command_exit_codes(small_store_dir, tmp_path):
    ok = run("validate", "--store", str(small_store_dir))
    assert ok.exit_code == 0 and "conforms" in ok.stdout
    broken = tmp_path / "broken"
    with open_store(str(broken)) as store:
        store.add_quads([ox.Quad(ox.NamedNode("https://w3id.org/policygraph/id/project/x"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                 ox.NamedNode("https://w3id.org/policygraph/ontology#Project"), ox.NamedNode("https://w3id.org/policygraph/id/graph/source/x"))])
    result = run("validate", "--store", str(broken), "--max", "2")
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 3 and lines[-1].startswith("… and") and all("project/x" in line for line in lines[:2])
    assert "SHACL violation" in result.stderr


def test_every_graph_command_has_an_example_in_its_help():
    for command in ("ingest", "export", "stats", "validate"):
        assert "Example" in run(command, "--help").stdout


def test_ingest_bulk_builds_a_new_store_and_falls_back_on_an_existing_one(tmp_path):
    location = tmp_path / "store"
    doc = str(CORPUS / "002_3aa9dca3e14d72fe.txt")
    first = run("ingest", doc, "--bulk", "--store", str(location))
    assert first.exit_code == 0 and "1 loaded" in first.stdout
    again = run("ingest", doc, "--bulk", "--store", str(location))
    assert again.exit_code == 0 and "1 unchanged" in again.stdout and "--bulk only builds new local stores" in again.stderr


def test_ingest_bulk_of_a_mistyped_path_makes_no_store_so_the_corrected_run_builds_it(tmp_path):
    location = tmp_path / "store"
    typo = run("ingest", str(tmp_path / "corpsu"), "--bulk", "--store", str(location))
    assert typo.exit_code == 1 and "corpsu: no such file or directory" in typo.stderr
    assert f"no store made at {location}" in typo.stdout and not location.exists()
    fixed = run("ingest", str(CORPUS / "002_3aa9dca3e14d72fe.txt"), "--bulk", "--store", str(location))
    assert fixed.exit_code == 0 and "1 loaded" in fixed.stdout and "--bulk only" not in fixed.stderr
