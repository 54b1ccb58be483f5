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
from policygraph.extract.reader import read_source
from policygraph.graph import iris, open_store, validate_store
from policygraph.graph.ingest import ingest_records
from policygraph.ontology.terms import ELI, EUCURRENCY, OBEU_ATTRIBUTE, PG, PROV, QB, RDF, RDFS, XSD

from .conftest import CORPUS

PREFIXES = f"PREFIX pg: <{PG.NS}> PREFIX eli: <{ELI.NS}> PREFIX rdfs: <{RDFS.NS}> PREFIX qb: <{QB.NS}> PREFIX prov: <{PROV.NS}>\n"
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
    """Break a project, a mention, a citation's evidence and an allocation's currency and year: each is named."""
    store = open_store(None)  # one real document's graph, then broken
    ingest_records(store, [(extract_path(KX2023), KX2023.read_text(encoding="utf-8"))])
    src = store.raw
    project = next(q.subject for q in src.quads_for_pattern(None, RDFS.label, ox.Literal("学会改革与发展", language="zh"), None))
    graph = next(q.graph_name for q in src.quads_for_pattern(project, PG.line, None, None))
    for q in list(src.quads_for_pattern(project, PG.line, None, None)):
        src.remove(q)
    mention = next(q.subject for q in src.quads_for_pattern(None, RDF.type, PG.Mention, None))
    src.add(ox.Quad(mention, PG.citedDocument, iris.cited_document_iri("num:国发〔2022〕14号"), graph))
    # evidence in the old selector form, and a currency back on one allocation instead of its data set
    citation = next(q.subject for q in src.quads_for_pattern(None, RDF.type, PG.Citation, None))
    for q in list(src.quads_for_pattern(citation, PG.evidence, None, None)):
        src.remove(q)
    old_style = ox.NamedNode(iris.PGID_NS + "evidence/x/1-2")
    src.add(ox.Quad(citation, PG.evidence, old_style, graph))
    src.add(ox.Quad(old_style, PG.quote, ox.Literal("x"), graph))
    allocation = next(q.subject for q in src.quads_for_pattern(None, RDF.type, PG.BudgetAllocation, None))
    src.add(ox.Quad(allocation, OBEU_ATTRIBUTE.currency, EUCURRENCY.CNY, graph))
    src.add(ox.Quad(allocation, PG.fiscalYear, ox.Literal("2023", datatype=XSD.integer), graph))  # mapping 5's place for it
    dataset = next(q.subject for q in src.quads_for_pattern(None, RDF.type, QB.DataSet, None))
    src.remove(next(iter(src.quads_for_pattern(dataset, OBEU_ATTRIBUTE.currency, None, None))))
    result = validate_store(store)
    assert not result.conforms
    lines = result.lines()
    assert any("(学会改革与发展)" in line and "pg:line" in line and "1-based" in line for line in lines), lines
    assert any(mention.value.rsplit("/", 1)[-1] in line and "must not point to a cited document" in line for line in lines), lines
    assert any("pgid:evidence/x/1-2" in line and "source IRI#char=start,end" in line for line in lines), lines
    assert any(citation.value.rsplit("/", 1)[-1] in line and "needs pg:evidence" in line for line in lines), lines
    assert any(allocation.value.rsplit("/", 1)[-1] in line and "stated once on its qb:DataSet" in line for line in lines), lines
    assert any(allocation.value.rsplit("/", 1)[-1] in line and "fiscal year is stated once on its qb:DataSet" in line for line in lines), lines
    assert any(dataset.value.rsplit("/", 1)[-1] in line and "currency" in line and "eucurrency:CNY" in line for line in lines), lines
    assert all("\n" not in line for line in lines)


def test_citations_go_back_to_the_line_of_the_document(corpus_store):
    rows = select(corpus_store, """SELECT ?number ?line ?ev ?quote ?source ?path WHERE {
        ?c a pg:Citation ; pg:citingProject ?p ; pg:citedDocument ?d ; pg:line ?line ;
           pg:evidence ?ev ; prov:wasDerivedFrom ?source . ?ev pg:quote ?quote . ?source pg:sourcePath ?path .
        ?p rdfs:label ?name . ?d eli:id_local ?number
        FILTER(CONTAINS(?name, "保障长三角高分遥感数据中心运行维护")) }""")
    by_number = {r["number"].value: r for r in rows}
    text = KW2023.read_text(encoding="utf-8")
    for number, line in (("国发〔2022〕14号", 540), ("国发〔2005〕44号", 550), ("沪府〔2012〕101号", 554)):
        row = by_number[number]
        assert int(row["line"].value) == line
        assert row["path"].value == str(KW2023)
        source, start, end = iris.parse_evidence_iri(row["ev"])  # the evidence IRI says where: source#char=start,end
        assert source == row["source"]
        assert row["quote"].value == text[start:end]  # the quote is what the document has at those characters
        assert text.count("\n", 0, start) + 1 == line
        assert row["quote"].value in line_of(KW2023, line)
        assert number in line_of(KW2023, line)


def test_every_quote_is_the_text_at_the_offsets_of_its_evidence_iri(corpus_store):
    """All four documents: each evidence IRI names a source of the store, and its pg:quote is that file's text there."""
    paths = {r["s"]: r["path"].value for r in select(corpus_store, "SELECT ?s ?path WHERE { ?s a pg:SourceDocument ; pg:sourcePath ?path }")}
    texts = {s: read_source(path).text for s, path in paths.items()}
    rows = select(corpus_store, "SELECT ?ev ?quote WHERE { ?ev pg:quote ?quote }")
    assert len(rows) > 1000
    seen = set()
    for row in rows:
        source, start, end = iris.parse_evidence_iri(row["ev"])
        assert row["quote"].value == texts[source][start:end], row["ev"]
        seen.add(source)
    assert seen == set(paths)
    # every fact's evidence (quoted or not, e.g. a project's extent) parses and lies inside its document
    for row in select(corpus_store, "SELECT DISTINCT ?ev WHERE { { ?f pg:evidence ?ev } UNION { ?f pg:extent ?ev } }"):
        source, start, end = iris.parse_evidence_iri(row["ev"])
        assert 0 <= start <= end <= len(texts[source])


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
        <http://data.openbudgets.eu/ontology/dsd/measure/amount> ?yuan ;
        qb:dataSet/prov:wasDerivedFrom/pg:fileName "000_54c0a28505620ce4.txt" FILTER(?line = 524) }""")
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
