"""The graph of the real sample corpus: SHACL, provenance back to the line, merging across sources.

Expected facts were read in the documents (line numbers as shown by ``sed -n 'Np'``):

* 000 (科委 2023), lines 529-556: the project 保障长三角高分遥感数据中心运行维护及对外服务能力
  lists its 立项依据; line 540 cites 《国务院关于加强数字政府建设的指导意见》国发〔2022〕14号,
  line 550 国发〔2005〕44号, line 554 沪府〔2012〕101号;
* 001 (科协 2023) and 004 (科协 2025) both have 预算主管部门：上海市科学技术协会 and both cite
  《中华人民共和国科学技术普及法》;
* 000 line 524: 2023年计划投入450万元 (a project's yearly amount).
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from policygraph.extract import extract_path
from policygraph.graph import iris, open_store, validate_store
from policygraph.graph.ingest import ingest_records
from policygraph.ontology.terms import ELI, OA, PG, PROV, RDF, RDFS, XSD

from .conftest import CORPUS

PREFIXES = f"PREFIX pg: <{PG.NS}> PREFIX eli: <{ELI.NS}> PREFIX rdfs: <{RDFS.NS}> PREFIX oa: <{OA.NS}> PREFIX prov: <{PROV.NS}>\n"
KW2023 = CORPUS / "000_54c0a28505620ce4.txt"
KX2023 = CORPUS / "001_8945e10e70820498.txt"
KX2025 = CORPUS / "004_3b9f046d1a272fe1.txt"


def select(store, query: str) -> list:
    return list(store.query(PREFIXES + query))


def line_of(path, n: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[n - 1]


def test_the_corpus_graph_conforms_to_the_shapes(corpus_store):
    result = validate_store(corpus_store)
    assert result.conforms, "\n".join(result.lines(20))


def test_a_broken_graph_fails_with_readable_messages():
    """Remove a project's line and make a mention pretend to cite a document: both are named."""
    store = open_store(None)  # one real document's graph, then broken
    ingest_records(store, [(extract_path(KX2023), KX2023.read_text(encoding="utf-8"))])
    src = store.raw
    project = next(q.subject for q in src.quads_for_pattern(None, RDFS.label, ox.Literal("学会改革与发展", language="zh"), None))
    graph = next(q.graph_name for q in src.quads_for_pattern(project, PG.line, None, None))
    for q in list(src.quads_for_pattern(project, PG.line, None, None)):
        src.remove(q)
    mention = next(q.subject for q in src.quads_for_pattern(None, RDF.type, PG.Mention, None))
    src.add(ox.Quad(mention, PG.citedDocument, iris.cited_document_iri("num:国发〔2022〕14号"), graph))
    result = validate_store(store)
    assert not result.conforms
    lines = result.lines()
    assert any("(学会改革与发展)" in line and "pg:line" in line and "1-based" in line for line in lines), lines
    assert any(mention.value.rsplit("/", 1)[-1] in line and "must not point to a cited document" in line for line in lines), lines
    assert all("\n" not in line for line in lines)


def test_citations_go_back_to_the_line_of_the_document(corpus_store):
    rows = select(corpus_store, """SELECT ?number ?line ?exact ?path WHERE {
        ?c a pg:Citation ; pg:citingProject ?p ; pg:citedDocument ?d ; pg:line ?line ;
           pg:evidence/oa:hasSelector/oa:exact ?exact ; prov:wasDerivedFrom/pg:sourcePath ?path .
        ?p rdfs:label ?name . ?d eli:id_local ?number
        FILTER(CONTAINS(?name, "保障长三角高分遥感数据中心运行维护")) }""")
    by_number = {r["number"].value: r for r in rows}
    for number, line in (("国发〔2022〕14号", 540), ("国发〔2005〕44号", 550), ("沪府〔2012〕101号", 554)):
        row = by_number[number]
        assert int(row["line"].value) == line
        assert row["path"].value == str(KW2023)
        assert row["exact"].value in line_of(KW2023, line)
        assert number in line_of(KW2023, line)


def test_the_project_links_straight_to_what_it_cites(corpus_store):
    rows = select(corpus_store, """SELECT DISTINCT ?number WHERE { ?p rdfs:label ?name ; pg:citesDocument/eli:id_local ?number
        FILTER(CONTAINS(?name, "保障长三角高分遥感数据中心运行维护")) }""")
    assert {"国发〔2022〕14号", "国发〔2005〕44号", "沪府〔2012〕101号"} <= {r["number"].value for r in rows}


def test_departments_and_cited_documents_merge_across_sources(corpus_store):
    graphs = {iris.source_graph(iris.source_key(str(p))).value for p in (KX2023, KX2025)}
    dept = select(corpus_store, """SELECT DISTINCT ?d ?g WHERE { GRAPH ?g { ?d a pg:Department ; rdfs:label "上海市科学技术协会"@zh } }""")
    assert len({r["d"] for r in dept}) == 1 and {r["g"].value for r in dept} == graphs
    law = select(corpus_store, """SELECT DISTINCT ?d ?g WHERE { GRAPH ?g { ?d a pg:CitedDocument ; eli:title "中华人民共和国科学技术普及法"@zh } }""")
    assert len({r["d"] for r in law}) == 1 and {r["g"].value for r in law} >= graphs


def test_the_yearly_amount_is_integer_yuan_with_its_line(corpus_store):
    rows = select(corpus_store, """SELECT ?yuan ?line ?text WHERE { ?p pg:hasAllocation ?a . ?a pg:line ?line ; pg:amountText ?text ;
        <http://data.openbudgets.eu/ontology/dsd/measure/amount> ?yuan ; prov:wasDerivedFrom/pg:fileName "000_54c0a28505620ce4.txt" FILTER(?line = 524) }""")
    assert rows and rows[0]["yuan"] == ox.Literal("4500000", datatype=XSD.integer)
    assert "450万元" in rows[0]["text"].value and "450万元" in line_of(KW2023, 524)


@pytest.fixture(scope="module")
def records():
    return {p.name: extract_path(p) for p in sorted(CORPUS.iterdir())}


def test_every_policy_citation_and_mention_of_the_records_is_in_the_graph(corpus_store, records):
    """Nothing is lost on the way, and mentions never become cited documents."""
    for name, record in records.items():
        graph = iris.source_graph(iris.source_key(str(CORPUS / name)))
        counts = select(corpus_store, f"""SELECT (COUNT(DISTINCT ?c) AS ?citations) (COUNT(DISTINCT ?m) AS ?mentions) WHERE {{
            GRAPH <{graph.value}> {{ {{ ?c a pg:Citation }} UNION {{ ?m a pg:Mention }} }} }}""")[0]
        policy = {(c.span.start, c.span.end) for c in record.citations if c.is_policy}
        mentions = {(c.span.start, c.span.end) for c in record.citations if not c.is_policy}
        assert int(counts["citations"].value) == len(policy), name
        assert int(counts["mentions"].value) == len(mentions), name
    assert not select(corpus_store, "SELECT ?m WHERE { ?m a pg:Mention . { ?m pg:citedDocument ?d } UNION { ?p pg:citesDocument ?m } }")


def test_warnings_and_flags_are_visible(corpus_store, records):
    n_warnings = sum(len(r.warnings) for r in records.values())
    rows = select(corpus_store, "SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { ?doc pg:hasWarning ?w . ?w pg:warningCode ?code }")
    assert int(rows[0]["n"].value) == n_warnings
    flagged = {(name, p.name, f) for name, r in records.items() for p in r.projects for f in p.flags}
    rows = select(corpus_store, "SELECT DISTINCT ?file ?name ?flag WHERE { ?p a pg:Project ; pg:flag ?flag ; rdfs:label ?name ; prov:wasDerivedFrom/pg:fileName ?file }")
    assert {(r["file"].value, r["name"].value, r["flag"].value) for r in rows} == flagged
