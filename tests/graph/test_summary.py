"""The summary graph (graph/summary.py): computed at ingest, recomputed when the store changes, never read stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from policygraph.graph import ingest_new_store, ingest_paths, open_store
from policygraph.graph.summary import (
    SUMMARIES,
    SUMMARY_GRAPH,
    SUMMARY_RECORD,
    drop_summary,
    ensure_summary,
    summary_problem,
    summary_state,
    summary_version,
)
from policygraph.graph.validate import validate_store
from policygraph.ontology.terms import PG, RDFS, sparql_prefixes
from policygraph.queries.catalog import named_queries
from policygraph.queries.formats import render
from policygraph.queries.runner import run_query

from tests.support.rows import only

from .conftest import CORPUS

SUMMARY_QUERIES = [q.name for q in named_queries() if q.summaries]
#: parameter sets per query: defaults and a non-default one
PARAMS = {
    "top-documents": [{}, {"year": "2023", "split": "true", "include_flagged": "true"}],
    "money-by-issuer": [{}, {"year": "2023", "include_flagged": "true"}],
    "money-by-level": [{}, {"year": "2019", "include_flagged": "true"}],
    "stale-bases": [{}, {"min_years": "3", "include_flagged": "true"}],
    "cross-cutting-documents": [{}, {"min_organisations": "1", "include_flagged": "true"}],
    "co-citation": [{}, {"min_projects": "1", "include_flagged": "true"}],
}


def _answers(store) -> dict[tuple[str, str], str]:
    return {(name, repr(params)): render(run_query(store, name, params), "csv")
            for name in SUMMARY_QUERIES for params in PARAMS.get(name, [{}])}


def _summary_triples(store) -> set:
    return {(q.subject, q.predicate, q.object) for q in store.raw.quads_for_pattern(None, None, None, SUMMARY_GRAPH)}


def test_every_summary_is_read_by_a_named_query_and_every_query_names_known_ones():
    read = {s for q in named_queries() for s in q.summaries}
    assert read == set(SUMMARIES)
    assert set(SUMMARY_QUERIES) == set(PARAMS)


def test_ingest_writes_a_current_summary_with_its_record(corpus_store):
    assert summary_problem(corpus_store) is None
    state = summary_state(corpus_store)
    assert state.current and state.version == summary_version() and state.sources == 4
    kinds = {row["k"].value for row in corpus_store.query(
        f"SELECT DISTINCT ?k WHERE {{ GRAPH <{SUMMARY_GRAPH.value}> {{ ?s a ?k }} }}")}
    assert kinds == {PG.Summary.value, PG.DocumentYearSummary.value, PG.LevelYearSummary.value, PG.IssuerYearSummary.value,
                     PG.DatedDocumentYearSummary.value, PG.CitingOrganisationsSummary.value, PG.CoCitationSummary.value}


def test_the_summary_graph_is_not_a_source_document(corpus_store):
    from policygraph.graph.ingest import loaded_sources
    from policygraph.graph.stats import store_stats

    assert SUMMARY_GRAPH.value not in loaded_sources(corpus_store)
    numbers = store_stats(corpus_store)
    assert numbers["documents"] == 4 and numbers["graphs"] == 6 and numbers["incomplete"] == 0


def test_a_store_without_summary_gives_the_same_answers_computed_per_query(tmp_path, corpus_store_dir):
    """A store written by an older policygraph: queries compute the summary they need in memory."""
    copy = tmp_path / "old-store"
    shutil.copytree(corpus_store_dir, copy)
    with open_store(str(corpus_store_dir), read_only=True) as current:
        expected = _answers(current)
    with open_store(str(copy)) as store:
        drop_summary(store)
        assert summary_state(store).version is None and not summary_state(store).current
        assert "no summary graph" in summary_problem(store)
        assert _answers(store) == expected
        # any ingest, even of unchanged files, computes it
        report = ingest_paths(store, [str(CORPUS)])
        assert (len(report.loaded), report.summary_quads > 0) == (0, True)
        assert summary_problem(store) is None
        assert _answers(store) == expected


def _first_documents_ingested(tmp_path, n: int):
    """A corpus directory with the first ``n`` sample documents, ingested into a memory store."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    files = sorted(CORPUS.glob("*.txt"))
    for f in files[:n]:
        shutil.copy(f, corpus / f.name)
    store = open_store(None)
    ingest_paths(store, [str(corpus)])
    return corpus, files, store


def test_an_unchanged_ingest_keeps_the_summary_and_a_changed_file_changes_the_answer(tmp_path):
    corpus, files, store = _first_documents_ingested(tmp_path, 3)
    before = _answers(store)
    triples = _summary_triples(store)
    again = ingest_paths(store, [str(corpus)])
    assert (len(again.loaded), again.summary_quads) == (0, 0)  # nothing changed: summary kept as it was
    assert _summary_triples(store) == triples

    # one file's content changes (the fourth sample document under the first one's name)
    shutil.copy(files[3], corpus / files[0].name)
    changed = ingest_paths(store, [str(corpus)])
    assert len(changed.loaded) == 1 and changed.summary_quads > 0
    assert summary_problem(store) is None
    after = _answers(store)
    assert after != before
    # the same answers as a store built from scratch with those files
    fresh = open_store(None)
    ingest_paths(fresh, [str(corpus)])
    assert after == _answers(fresh)
    assert _summary_triples(store) == _summary_triples(fresh)


def test_an_interrupted_ingest_leaves_no_summary_and_queries_stay_right(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    store = open_store(None)
    ingest_paths(store, [str(corpus)])
    before = _answers(store)
    first = sorted(CORPUS.glob("*.txt"))[0]
    (corpus / "extra.txt").write_text(first.read_text(encoding="utf-8"), encoding="utf-8")

    calls = []
    original = type(store).replace_source

    def interrupted(self, graph, quads):
        if graph != SUMMARY_GRAPH:
            calls.append(graph)
            raise KeyboardInterrupt
        return original(self, graph, quads)

    monkeypatch.setattr(type(store), "replace_source", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths(store, [str(corpus)])
    monkeypatch.undo()
    assert calls and summary_state(store).version is None  # dropped before the first write, not recomputed
    assert _answers(store) == before  # from summaries computed for each answer
    report = ingest_paths(store, [str(corpus)])
    assert [Path(p).name for p in report.loaded] == ["extra.txt"] and report.summary_quads > 0
    assert summary_problem(store) is None


def test_a_stale_summary_is_not_read(tmp_path):
    """A document added by another tool (no ingest): the source count differs, the query recomputes."""
    corpus, files, store = _first_documents_ingested(tmp_path, 2)
    full = open_store(None)
    ingest_paths(full, [str(CORPUS)])
    # copy the other two documents' graphs in by hand, keeping the 2-document summary
    have = {g.value for g in store.named_graphs()}
    store.add_quads([q for q in full.raw if q.graph_name.value not in have])
    assert not summary_state(store).current and "other source documents" in summary_problem(store)
    assert render(run_query(store, "top-documents"), "csv") == render(run_query(full, "top-documents"), "csv")


def test_bulk_build_computes_the_summary(tmp_path, corpus_store_dir):
    location = tmp_path / "bulk"
    report = ingest_new_store(str(location), [str(CORPUS)])
    assert report.summary_quads > 0
    with open_store(str(location), read_only=True) as bulk, open_store(str(corpus_store_dir), read_only=True) as session:
        assert summary_problem(bulk) is None
        assert _summary_triples(bulk) == _summary_triples(session)


def test_validate_reports_a_missing_summary(tmp_path, small_store_dir):
    copy = tmp_path / "store"
    shutil.copytree(small_store_dir, copy)
    with open_store(str(copy)) as store:
        assert validate_store(store).summary_problem is None
        drop_summary(store)
        result = validate_store(store)
    assert result.conforms and "no summary graph" in result.summary_problem


def test_the_summary_record_names_what_it_was_computed_from(corpus_store):
    rows = list(corpus_store.query(
        f"SELECT ?p ?o WHERE {{ GRAPH <{SUMMARY_GRAPH.value}> {{ <{SUMMARY_RECORD.value}> ?p ?o }} }}"))
    props = {r["p"].value: r["o"] for r in rows}
    assert props[PG.summaryVersion.value].value == summary_version()
    assert props[PG.summarySources.value] == ox.Literal("4", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    assert len(props[PG.summarySourcesHash.value].value) == 64


def test_a_summary_the_server_cannot_compute_is_left_out_and_its_query_says_so(tmp_path):
    """Like Virtuoso 7.2 with the cross-cutting-documents CONSTRUCT: the other summaries are kept and read."""
    from policygraph.errors import QueryError, StoreError
    from policygraph.graph.summary import compute_summary, summary_sparql

    store = open_store(None)
    ingest_paths(store, [str(CORPUS)])
    expected = render(run_query(store, "top-documents"), "csv")
    refused = summary_sparql("cross_cutting_documents")

    class Server:
        location = "http://example.invalid/sparql"

        def query(self, sparql, bindings=None):
            if sparql == refused:
                raise StoreError("HTTP 500 for the query: Unsupported case in CONVERT", path=self.location)
            return store.query(sparql, bindings)

        def __getattr__(self, name):
            return getattr(store, name)

    server = Server()
    compute_summary(server)
    state = summary_state(server)
    assert state.current and state.included == set(SUMMARIES) - {"cross_cutting_documents"}
    assert "lacks cross_cutting_documents" in summary_problem(server)
    assert render(run_query(server, "top-documents"), "csv") == expected
    with pytest.raises(QueryError, match=r"Unsupported case in CONVERT.*run `policygraph ingest`"):
        run_query(server, "cross-cutting-documents")


def test_the_streamed_summary_is_the_collected_one(corpus_store, monkeypatch):
    """Rows streamed in chunks (each named when its blank node ends) are the rows collected whole."""
    from policygraph.graph import summary

    for name in SUMMARIES:
        collected = summary.summary_quads(corpus_store, [name])
        chunks = list(summary.summary_chunks(corpus_store, name, size=7))
        assert len(chunks) > 1 and all(len(c) >= 7 for c in chunks[:-1])
        streamed = [q for chunk in chunks for q in chunk]
        assert len(streamed) == len(collected) and set(streamed) == set(collected)


def test_a_store_giving_a_rows_triples_apart_gets_the_same_summary_graph(corpus_store, monkeypatch):
    """Triples of a row not together (another store's order): the rows written so far are replaced by collected ones."""
    from policygraph.graph import summary
    from policygraph.graph.summary import compute_summary

    store = open_store(None)
    store.add_quads([q for q in corpus_store.raw if q.graph_name != SUMMARY_GRAPH])
    constructs = {summary.summary_sparql(name) for name in SUMMARIES}

    class Shuffling:
        """The store, giving CONSTRUCT triples ordered by predicate: every row's triples apart."""

        def query(self, sparql, bindings=None):
            result = store.query(sparql, bindings)
            return sorted(result, key=lambda t: t.predicate.value) if sparql in constructs else result

        def __getattr__(self, name):
            return getattr(store, name)

    monkeypatch.setattr(summary, "CHUNK_QUADS", 5)  # rows written before the first reappears
    with pytest.raises(summary._RowInterleaved):
        list(summary.summary_chunks(Shuffling(), "co_citation"))
    compute_summary(Shuffling(), bulk=True)
    assert _summary_triples(store) == _summary_triples(corpus_store)
    assert summary_problem(store) is None


def test_a_small_summary_is_written_in_one_load_with_its_record(corpus_store):
    """Each bulk load or transaction has a fixed cost: the six summaries of four documents go in one, the record last."""
    from policygraph.graph.summary import compute_summary

    store = open_store(None)
    store.add_quads([q for q in corpus_store.raw if q.graph_name != SUMMARY_GRAPH])
    loads = []

    class Counting:
        def bulk_add(self, quads):
            loads.append(list(quads))
            store.bulk_add(loads[-1])

        def __getattr__(self, name):
            return getattr(store, name)

    written = compute_summary(Counting(), bulk=True)
    assert len(loads) == 1 and len(loads[0]) == written
    assert loads[0][-1].subject == SUMMARY_RECORD  # the record is in, last
    assert _summary_triples(store) == _summary_triples(corpus_store)


def test_a_project_named_two_ways_by_its_graph_counts_once_under_the_least_of_each(corpus_store):
    """cross_cutting_documents takes a project's unit, department and name as they are when its graph gives one
    of each, and the least of each (as MIN over all) when it gives several: here a second implementing unit."""
    shuang = "国发〔2018〕32号"
    # “创·在上海”国际创新创业大赛 (000 line 1216, unit 上海市科技创业中心) cites it
    found = corpus_store.query(f"""{sparql_prefixes("pg", "eli", "rdfs")}
        SELECT ?project ?g WHERE {{ GRAPH ?g {{ ?doc eli:id_local "{shuang}" . ?project pg:citesDocument ?doc ;
            pg:implementingUnit ?unit . ?unit rdfs:label ?name FILTER(STR(?name) = "上海市科技创业中心") }} }}""")
    (project, graph), = [(row["project"], row["g"]) for row in found]
    second = ox.NamedNode("https://w3id.org/policygraph/id/org/0000-second-unit")  # (sorts before every org IRI)
    store = open_store(None)
    store.add_quads([q for q in corpus_store.raw if q.graph_name != SUMMARY_GRAPH])
    before = only(run_query(store, "cross-cutting-documents").values(), doc_number=shuang)
    store.add_quads([ox.Quad(project, PG.implementingUnit, second, graph),
                     ox.Quad(second, RDFS.label, ox.Literal("一号单位", language="zh"), graph)])  # (一 sorts before 上)

    assert ensure_summary(store, force=True) > 0 and summary_problem(store) is None
    after = only(run_query(store, "cross-cutting-documents").values(), doc_number=shuang)
    assert set(before["organisation_names"].split("; ")) == {
        "上海市科技创业中心", "上海市科学技术协会", "上海市科普教育展示技术中心（上海市国际科技交流中心）"}
    assert set(after["organisation_names"].split("; ")) == {
        "一号单位", "上海市科学技术协会", "上海市科普教育展示技术中心（上海市国际科技交流中心）"}
    keep = ("organisations", "departments", "projects", "backed_yuan")
    assert [after[k] for k in keep] == [before[k] for k in keep] == [3, 2, 4, 6_380_000]
