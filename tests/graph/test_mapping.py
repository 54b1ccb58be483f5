"""DocumentRecord → quads, on hand-made records whose spans are marked inline (⟦…⟧)."""

from __future__ import annotations

import dataclasses

import pyoxigraph as ox
import pytest

from policygraph.extract.models import (
    Amount,
    BudgetLine,
    Citation,
    DocNumber,
    DocumentRecord,
    Figure,
    Project,
    Section,
    Unit,
    Warning_,
)
from policygraph.graph import iris
from policygraph.graph.ingest import ingest_records
from policygraph.graph.mapping import graph_of, project_iris, record_quads
from policygraph.graph.store import open_store
from policygraph.ontology.terms import ELI, EUCURRENCY, OBEU_ATTRIBUTE, OBEU_DIMENSION, OBEU_MEASURE, ORG, PG, PROV, QB, RDF, RDFS, SKOS, XSD

from .marks import marked

# Spans, in order of their opening marks:
#  0 department   1 unit A   2 unit B   3 project extent   4 project heading   5 section heading
#  6 section body 7 citation (number)  8 mention  9 instruction  10 amount   11 sub-project extent
# 12 sub-project heading  13 sub amount  14 budget row  15 figure  16 warning
SOURCE = """预算主管部门：⟦上海市科学技术委员会⟧
机构设置：⟦上海市科学技术委员会本部⟧、⟦上海科技馆⟧
⟦## ⟦脑科学平台项目经费情况说明⟧
⟦### 二、立项依据⟧
⟦《国务院关于加强数字政府建设的指导意见》⟦国发〔2022〕14号⟧；见⟦《科学》⟧杂志；⟦根据市领导批示精神⟧。⟧
### 六、年度预算安排
2023年计划投入⟦450万元⟧。⟧
⟦#### 1、⟦子课题甲⟧
本子课题投入⟦50万元⟧。⟧
⟦2060206	其他科学技术支出	100	50⟧
⟦三公经费合计	12.5⟧
⟦金额不合理⟧
"""

TEXT, S = marked(SOURCE)


def _record(source: str = "/data/budgets/kw2023.txt", **changes) -> DocumentRecord:
    citations = (
        Citation(text=TEXT[S[6].start : S[7].end], span=dataclasses.replace(S[7], start=S[6].start), kind="document", is_policy=True,
                 rule="title_number", doc_id="num:国发〔2022〕14号", project="脑科学平台", section="basis",
                 title="国务院关于加强数字政府建设的指导意见", doc_number=DocNumber("国发〔2022〕14号", "国发", 2022, "14"),
                 issuer="国务院", issuer_from="code", doc_type="意见", level="national", year=2022, confidence=0.95,
                 cites=("关于加快建设具有全球影响力的科技创新中心的意见",)),
        Citation(text="《科学》", span=S[8], kind="mention", is_policy=False, rule="mention_cue", doc_id=None,
                 project="脑科学平台", section="basis", title="科学", confidence=0.8),
        Citation(text="根据市领导批示精神", span=S[9], kind="instruction", is_policy=True, rule="instruction", doc_id=None,
                 project="脑科学平台", section="basis", confidence=0.4),
    )
    projects = (
        Project(name="脑科学平台", span=S[4], extent=S[3], unit="上海科技馆",
                amount=Amount(4_500_000, "450万元", S[10], quarterly=(20.0, 30.0, 40.0, 10.0)),
                sections=(Section("basis", "二、立项依据", S[5], S[6]),), flags=("implausible_amount",)),
        Project(name="子课题甲", span=S[12], extent=S[11], parent="脑科学平台", amount=Amount(500_000, "50万元", S[13], approximate=True)),
    )
    record = DocumentRecord(
        source=source, sha256="ab" * 32, encoding="utf-8", n_chars=len(TEXT), kind="department_budget",
        title="上海市2023年市级部门预算", department="上海市科学技术委员会", department_span=S[0], year=2023,
        units=(Unit("上海市科学技术委员会本部", S[1], "administrative"), Unit("上海科技馆", S[2], "public_institution")),
        projects=projects,
        budget_lines=(BudgetLine("2023年部门支出预算总表", "function", "2060206", "其他科学技术支出", (("合计", 100), ("基本支出", 50)), S[14]),),
        figures=(Figure("三公经费合计", 125_000, S[15], table="部门“三公”经费和机关运行经费预算表"),),
        citations=citations,
        warnings=(Warning_("implausible_amount", "450万元 is more than the department total", S[16]),),
    )
    return dataclasses.replace(record, **changes)


@pytest.fixture(scope="module")
def store():
    s = open_store(None)
    ingest_records(s, [(_record(), TEXT)])
    return s


def ask(store, body: str) -> bool:
    return bool(store.query(f"PREFIX pg: <{PG.NS}>\nASK {{ {body} }}"))


def rows(store, select: str, **bindings) -> list:
    return list(store.query(f"PREFIX pg: <{PG.NS}>\n{select}", bindings or None))


# ---------------------------------------------------------------------------
# identity


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("上海市科学技术委员会", "上海市科学技术委员会", True),
        ("上海市科学技术\n委员会", "上海市科学技术委员会", True),  # a PDF line wrap inside the name
        ("上海市（科协）", "上海市(科协)", True),  # full-width and half-width brackets
        ("上海市科学技术委员会", "上海市科学技术协会", False),
    ],
)
def test_organisations_get_the_same_iri_from_the_same_name(a, b, same):
    assert (iris.org_iri(a) == iris.org_iri(b)) is same


def test_iris_do_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    absolute = str(tmp_path / "doc.txt")
    monkeypatch.chdir(tmp_path)
    assert iris.source_key("doc.txt") == iris.source_key(absolute) == iris.source_key(str(tmp_path / "x" / ".." / "doc.txt"))


def test_mapping_is_deterministic_and_has_no_blank_nodes():
    first, second = record_quads(_record(), TEXT), record_quads(_record(), TEXT)
    assert first == second
    assert len(first) == len(set(first))
    assert all(q.graph_name == graph_of(_record()) for q in first)
    assert not any(isinstance(t, ox.BlankNode) for q in first for t in (q.subject, q.object))


def test_shared_entities_merge_across_sources_and_facts_do_not():
    one = {q.subject for q in record_quads(_record("/a/kw2023.txt"), TEXT)}
    two = {q.subject for q in record_quads(_record("/b/kw2023.txt"), TEXT)}
    shared = one & two
    assert iris.org_iri("上海市科学技术委员会") in shared
    assert iris.cited_document_iri("num:国发〔2022〕14号") in shared
    assert all(not s.value.startswith(iris.PGID_NS + p) for s in shared for p in ("citation/", "allocation/", "dataset/", "evidence/", "section/"))


def test_sub_projects_get_their_own_iri_under_their_parent():
    nodes = project_iris(_record())
    assert nodes["子课题甲"] == iris.project_iri("上海市科学技术委员会", 2023, "子课题甲", ("脑科学平台",))
    assert nodes["子课题甲"] != iris.project_iri("上海市科学技术委员会", 2023, "子课题甲")


# ---------------------------------------------------------------------------
# provenance


SOURCE_IRI = iris.source_iri(iris.source_key("/data/budgets/kw2023.txt"))


def test_every_fact_has_source_line_and_evidence_quoting_the_text(store):
    facts = rows(store, """SELECT ?fact ?line ?ev ?quote ?type WHERE { ?fact a ?type ; pg:line ?line ; pg:evidence ?ev .
        ?ev pg:quote ?quote }""")
    assert len(facts) >= 10
    for row in facts:
        source, start, end = iris.parse_evidence_iri(row["ev"])  # the IRI names the source and the characters
        assert source == SOURCE_IRI
        assert row["quote"].value == TEXT[start:end]
        evidence_line = TEXT.count("\n", 0, start) + 1
        if row["type"] == PG.ProjectSection:  # the line of its heading; the evidence quotes its body
            assert int(row["line"].value) < evidence_line
        else:
            assert int(row["line"].value) == evidence_line
    derived = PROV.wasDerivedFrom.value
    for kind in ("Project", "Citation", "Mention", "BudgetAllocation", "BudgetUnit", "ExtractionWarning", "ProjectSection"):
        assert ask(store, f"?f a pg:{kind}"), kind
        assert not ask(store, f"?f a pg:{kind} FILTER NOT EXISTS {{ ?f pg:line ?l ; pg:evidence ?e }}"), kind
        if kind == "BudgetAllocation":  # through its data set: the allocation itself does not repeat the source
            assert not ask(store, f"?f a pg:{kind} ; <{derived}> ?s"), kind
            assert not ask(store, f"?f a pg:{kind} FILTER NOT EXISTS {{ ?f <{QB.dataSet.value}>/<{derived}> <{SOURCE_IRI.value}> }}"), kind
        else:
            assert not ask(store, f"?f a pg:{kind} FILTER NOT EXISTS {{ ?f <{derived}> <{SOURCE_IRI.value}> }}"), kind


def test_evidence_is_the_source_iri_with_the_characters_of_the_span(store):
    """A citation's evidence is source#char=start,end of its span (RFC 5147) and quotes exactly those characters."""
    citation = iris.citation_iri(iris.source_key("/data/budgets/kw2023.txt"), S[6].start, S[7].end)
    evidence = {q.object for q in store.raw.quads_for_pattern(citation, PG.evidence, None, None)}
    assert evidence == {ox.NamedNode(f"{SOURCE_IRI.value}#char={S[6].start},{S[7].end}")}
    (ev,) = evidence
    quotes = [q.object.value for q in store.raw.quads_for_pattern(ev, None, None, None)]
    assert quotes == ["《国务院关于加强数字政府建设的指导意见》国发〔2022〕14号"]  # one quad: the verbatim text, no selector nodes


def test_the_project_extent_is_a_position_without_a_quote(store):
    project = iris.project_iri("上海市科学技术委员会", 2023, "脑科学平台")
    (extent,) = [q.object for q in store.raw.quads_for_pattern(project, PG.extent, None, None)]
    assert iris.parse_evidence_iri(extent) == (SOURCE_IRI, S[3].start, S[3].end)
    assert not list(store.raw.quads_for_pattern(extent, None, None, None))


@pytest.mark.parametrize("start, end", [(0, 0), (7, 19), (123456, 1234567)])
def test_evidence_iris_parse_back_to_their_offsets(start, end):
    iri = iris.evidence_iri("0123456789abcdef", start, end)
    assert iri == iris.evidence_iri("0123456789abcdef", start, end)  # same input, same IRI
    assert iris.parse_evidence_iri(iri) == (iris.source_iri("0123456789abcdef"), start, end)
    assert iris.parse_evidence_iri(iri.value) == (iris.source_iri("0123456789abcdef"), start, end)
    assert isinstance(iris.parse_evidence_iri(iri)[1], int)


@pytest.mark.parametrize("value", [
    "https://w3id.org/policygraph/id/source/0123456789abcdef",  # no fragment
    "https://w3id.org/policygraph/id/source/0123456789abcdef#char=5",  # a position, not a span
    "https://w3id.org/policygraph/id/source/0123456789abcdef#char=9,5",  # end before start
    "https://w3id.org/policygraph/id/source/0123456789abcdef#line=3,4",  # RFC 5147 line scheme: not ours
    "https://w3id.org/policygraph/id/evidence/0123456789abcdef/5-9",  # the old evidence IRIs
    "https://example.org/source/0123456789abcdef#char=5,9",
])
def test_anything_but_an_evidence_iri_is_refused(value):
    with pytest.raises(ValueError):
        iris.parse_evidence_iri(value)


def test_an_evidence_span_ending_before_it_starts_gets_no_iri():
    with pytest.raises(ValueError):
        iris.evidence_iri("0123456789abcdef", 9, 5)


def test_the_section_body_is_quoted_in_full(store):
    body = rows(store, "SELECT ?quote WHERE { ?s a pg:ProjectSection ; pg:evidence/pg:quote ?quote }")
    assert [r["quote"].value for r in body] == [TEXT[S[6].start : S[6].end]]


def test_allocations_are_typed_once_and_found_through_their_data_set(store):
    """a pg:BudgetAllocation only (⊑ qb:Observation, entailed, not stored); qb:dataSet reaches every one of them."""
    allocations = {q.subject for q in store.raw.quads_for_pattern(None, RDF.type, PG.BudgetAllocation, None)}
    assert len(allocations) == 2 + 2 + 1  # two project amounts, two table cells, one figure
    assert not list(store.raw.quads_for_pattern(None, RDF.type, QB.Observation, None))
    assert {q.subject for q in store.raw.quads_for_pattern(None, QB.dataSet, None, None)} == allocations


KEY = iris.source_key("/data/budgets/kw2023.txt")
TABLE = iris.dataset_iri(KEY, "table_cell", "2023年部门支出预算总表")
FIGURES = iris.dataset_iri(KEY, "figure", "部门“三公”经费和机关运行经费预算表")
ANNUAL = iris.dataset_iri(KEY, "annual")


def test_the_currency_is_stated_once_on_each_data_set(store):
    datasets = rows(store, f"SELECT ?d WHERE {{ ?d a <{QB.DataSet.value}> ; <{OBEU_ATTRIBUTE.currency.value}> <{EUCURRENCY.CNY.value}> ; <{PROV.wasDerivedFrom.value}> ?s }}")
    assert {r["d"] for r in datasets} == {TABLE, FIGURES, ANNUAL}  # one per kind and table; no total amount stated
    assert not ask(store, f"?a a pg:BudgetAllocation ; <{OBEU_ATTRIBUTE.currency.value}> ?c")
    currency = [q for q in store.raw if q.predicate == OBEU_ATTRIBUTE.currency]
    assert len(currency) == 3


def test_what_a_table_shares_is_stated_once_on_its_data_set(store):
    """Year, kind, table title and department hang off the data set (qb:componentAttachment qb:DataSet), not each cell."""
    t = _triples(store)
    year, dept = ox.Literal("2023", datatype=XSD.integer), iris.org_iri("上海市科学技术委员会")
    assert (TABLE, PG.budgetTable, ox.Literal("2023年部门支出预算总表", language="zh")) in t
    assert (FIGURES, PG.budgetTable, ox.Literal("部门“三公”经费和机关运行经费预算表", language="zh")) in t
    for dataset, kind, structure in ((TABLE, "table_cell", PG.budgetStructure), (FIGURES, "figure", PG.budgetStructure),
                                     (ANNUAL, "annual", PG.projectAmountStructure)):
        assert (dataset, PG.fiscalYear, year) in t and (dataset, PG.amountKind, iris.vocab_iri("amount-kind", kind)) in t
        assert (dataset, QB.structure, structure) in t
    assert (TABLE, OBEU_DIMENSION.organization, dept) in t and (FIGURES, OBEU_DIMENSION.organization, dept) in t
    assert not any(q.subject == ANNUAL and q.predicate == OBEU_DIMENSION.organization for q in store.raw)
    cells = {q.subject for q in store.raw if q.predicate == QB.dataSet and q.object == TABLE}
    assert len(cells) == 2
    for prop in (PG.fiscalYear, PG.amountKind, PG.budgetTable, OBEU_DIMENSION.organization):  # none of it per cell
        assert not any(q.subject in cells and q.predicate == prop for q in store.raw), prop
    # through the data set, each cell still has them all (what QB normalisation would push down)
    found = rows(store, f"""SELECT ?column ?year ?kind ?table ?org WHERE {{ ?a pg:amountColumn ?column ; <{QB.dataSet.value}> ?d .
        ?d pg:fiscalYear ?year ; pg:amountKind ?kind ; pg:budgetTable ?table ; <{OBEU_DIMENSION.organization.value}> ?org }} ORDER BY ?column""")
    assert [(r["column"].value, r["year"], r["kind"], r["table"].value, r["org"]) for r in found] == [
        (column, year, iris.vocab_iri("amount-kind", "table_cell"), "2023年部门支出预算总表", dept) for column in ("合计", "基本支出")]


# ---------------------------------------------------------------------------
# citations, mentions, instructions


def test_a_citation_is_an_n_ary_node_and_a_materialised_link(store):
    project = iris.project_iri("上海市科学技术委员会", 2023, "脑科学平台")
    doc = iris.cited_document_iri("num:国发〔2022〕14号")
    assert (project, PG.citesDocument, doc) in _triples(store)
    found = rows(store, """SELECT ?c ?form ?rule ?conf ?section WHERE { ?c a pg:Citation ; pg:citingProject ?p ; pg:citedDocument ?d ;
        pg:surfaceForm ?form ; pg:rule ?rule ; pg:confidence ?conf ; pg:section ?section }""")
    assert len(found) == 1
    row = found[0]
    assert row["form"].value == "《国务院关于加强数字政府建设的指导意见》国发〔2022〕14号"
    assert row["rule"].value == "title_number" and row["conf"] == ox.Literal("0.95", datatype=XSD.decimal)
    assert row["section"] == iris.vocab_iri("section", "basis")


def test_the_cited_document_carries_eli_properties(store):
    doc = iris.cited_document_iri("num:国发〔2022〕14号")
    t = _triples(store)
    assert (doc, ELI.id_local, ox.Literal("国发〔2022〕14号")) in t
    assert (doc, ELI.title, ox.Literal("国务院关于加强数字政府建设的指导意见", language="zh")) in t
    assert (doc, ELI.passed_by, iris.org_iri("国务院")) in t and (iris.org_iri("国务院"), RDF.type, PG.Issuer) in t
    assert (doc, ELI.type_document, iris.doc_type_iri("意见")[0]) in t
    assert (doc, PG.level, iris.vocab_iri("level", "national")) in t
    assert (doc, PG.documentYear, ox.Literal("2022", datatype=XSD.integer)) in t
    assert (doc, SKOS.altLabel, ox.Literal("《国务院关于加强数字政府建设的指导意见》国发〔2022〕14号", language="zh")) in t
    inner = iris.cited_document_iri(iris.title_doc_id("关于加快建设具有全球影响力的科技创新中心的意见"))
    assert (doc, ELI.cites, inner) in t and (inner, RDF.type, PG.CitedDocument) in t


def test_non_policy_mentions_stay_out_of_the_policy_graph(store):
    assert ask(store, "?m a pg:Mention ; pg:surfaceForm '《科学》' ; pg:mentioningProject ?p")
    assert not ask(store, "?d a pg:CitedDocument ; <%s> ?t FILTER(CONTAINS(STR(?t), '科学') && !CONTAINS(STR(?t), '数字'))" % ELI.title.value)
    assert not ask(store, "?c a pg:Citation ; pg:surfaceForm '《科学》'")
    assert not ask(store, "?m a pg:Mention ; pg:citedDocument ?d")


def test_an_instruction_is_a_citation_without_a_document(store):
    kind = iris.vocab_iri("citation-kind", "instruction").value
    assert ask(store, f"?c a pg:Citation ; pg:citationKind <{kind}> ; pg:surfaceForm '根据市领导批示精神' FILTER NOT EXISTS {{ ?c pg:citedDocument ?d }}")
    assert not ask(store, "?c a pg:Citation ; pg:surfaceForm '根据市领导批示精神' ; pg:citedDocument ?d")


# ---------------------------------------------------------------------------
# organisations, amounts, tables, flags


def test_units_hang_off_their_department(store):
    t = _triples(store)
    dept, unit = iris.org_iri("上海市科学技术委员会"), iris.org_iri("上海科技馆")
    assert (unit, ORG.subOrganizationOf, dept) in t and (dept, ORG.hasSubOrganization, unit) in t
    assert (unit, PG.unitKind, iris.vocab_iri("unit-kind", "public_institution")) in t
    assert (dept, RDF.type, PG.Department) in t
    assert (iris.project_iri("上海市科学技术委员会", 2023, "脑科学平台"), PG.implementingUnit, unit) in t


def test_project_amounts_are_integer_yuan_allocations_with_flags(store):
    found = rows(store, f"""SELECT ?amount ?text ?q1 ?flag ?org WHERE {{ ?p pg:amountYuan ?y ; pg:hasAllocation ?a .
        ?a <{OBEU_MEASURE.amount.value}> ?amount ; pg:amountText ?text ; pg:shareQ1 ?q1 ; pg:flag ?flag ;
           <{OBEU_DIMENSION.organization.value}> ?org }}""")
    assert len(found) == 1
    row = found[0]
    assert row["amount"] == ox.Literal("4500000", datatype=XSD.integer)
    assert (row["text"].value, row["q1"].value, row["flag"].value) == ("450万元", "20", "implausible_amount")
    assert row["org"] == iris.org_iri("上海科技馆")
    assert ask(store, "?s pg:approximate true ; pg:amountText '50万元'")


def test_parent_and_child_amounts_at_one_place_stay_two_allocations():
    record = _record()
    parent, child = record.projects
    derived = Amount(500_000, "50万元", S[13], derived=True)  # the parent's amount is the sum of its child's
    record = dataclasses.replace(record, projects=(dataclasses.replace(parent, amount=derived), child))
    quads = record_quads(record, TEXT)
    amounts = [q for q in quads if q.predicate == OBEU_MEASURE.amount]
    assert len({q.subject for q in amounts}) == len(amounts) == 2 + 2 + 1  # two projects, two table cells, one figure
    assert any(q.predicate == PG.derived and q.object == ox.Literal("true", datatype=XSD.boolean) for q in quads)


def test_budget_lines_are_cube_observations_on_a_yearly_skos_scheme(store):
    t = _triples(store)
    leaf = iris.concept_iri("function", 2023, "2060206")
    mid, top = iris.concept_iri("function", 2023, "20602"), iris.concept_iri("function", 2023, "206")
    scheme = iris.scheme_iri("function", 2023)
    assert (leaf, SKOS.broader, mid) in t and (mid, SKOS.broader, top) in t and (top, SKOS.narrower, mid) in t
    assert (top, SKOS.topConceptOf, scheme) in t and (leaf, SKOS.inScheme, scheme) in t
    assert (leaf, SKOS.notation, ox.Literal("2060206")) in t
    cells = rows(store, f"""SELECT ?leaf ?column ?amount ?etype WHERE {{ ?a <{OBEU_DIMENSION.functionalClassification.value}> ?leaf ;
        pg:amountColumn ?column ; <{OBEU_MEASURE.amount.value}> ?amount ; pg:expenditureType ?etype }} ORDER BY ?column""", leaf=leaf)
    assert [(r["column"].value, int(r["amount"].value), r["etype"].value.rsplit("/", 1)[1]) for r in cells] == [("合计", 100, "total"), ("基本支出", 50, "basic")]


def test_figures_and_warnings_are_visible(store):
    figure = iris.vocab_iri("amount-kind", "figure").value
    assert ask(store, f"?f pg:figureName '三公经费合计'@zh ; <{QB.dataSet.value}>/pg:amountKind <{figure}> ; <{OBEU_MEASURE.amount.value}> 125000")
    assert ask(store, "?doc pg:hasWarning ?w . ?w pg:warningCode 'implausible_amount' ; pg:message ?m ; pg:line 12")
    assert ask(store, "?p pg:flag 'implausible_amount' ; a pg:Project")


def test_a_span_beyond_the_text_is_refused():
    with pytest.raises(ValueError, match="beyond the text"):
        record_quads(_record(), TEXT[:20])


def _triples(store) -> set:
    return {(q.subject, q.predicate, q.object) for q in store.raw}


def test_labels_are_tagged_chinese(store):
    labels = [q.object for q in store.raw if q.predicate == RDFS.label and q.graph_name != iris.REFERENCE_GRAPH]
    assert labels and all(label.language == "zh" for label in labels)


def test_joint_issuers_are_each_an_organisation():
    record = _record()
    joint = dataclasses.replace(record.citations[0], issuer="中共中央、国务院")
    quads = record_quads(dataclasses.replace(record, citations=(joint,) + record.citations[1:]), TEXT)
    doc = iris.cited_document_iri("num:国发〔2022〕14号")
    assert {q.object for q in quads if q.subject == doc and q.predicate == ELI.passed_by} == {iris.org_iri("中共中央"), iris.org_iri("国务院")}
    assert not [q for q in quads if q.predicate == PG.level and q.subject in (iris.org_iri("中共中央"), iris.org_iri("国务院"))]


def test_a_title_wrapped_over_two_lines_is_an_alias_without_the_wrap():
    text, spans = marked("依据⟦《关于进一步弘扬科学家\n  精神的意见》⟧。\n")
    citation = Citation(text=text[spans[0].start : spans[0].end], span=spans[0], kind="document", is_policy=True, rule="title",
                        doc_id="title:关于进一步弘扬科学家精神的意见", title="关于进一步弘扬科学家精神的意见")
    record = DocumentRecord(source="/x/wrap.txt", sha256="cd" * 32, encoding="utf-8", n_chars=len(text), kind="unknown", citations=(citation,))
    quads = record_quads(record, text)
    aliases = {q.object.value for q in quads if q.predicate == SKOS.altLabel}
    forms = {q.object.value for q in quads if q.predicate == PG.surfaceForm}
    assert aliases == {"《关于进一步弘扬科学家精神的意见》"} and forms == {"《关于进一步弘扬科学家\n  精神的意见》"}


def test_fact_iris_written_as_text_are_the_iris_of_iris_py():
    """mapping.py writes the IRIs of a source's facts as N-Triples text itself: they must be iris.py's."""
    from policygraph.graph.mapping import _GraphBuilder, _escaped, _ESCAPES, node

    record = _record()
    b = _GraphBuilder(record, TEXT)
    key = iris.source_key(record.source)
    assert b.allocation("table_cell", 120, "基本 支出") == node(iris.allocation_iri(key, "table_cell", 120, "基本 支出"))
    assert b.allocation("figure", 7, "figure-A.1") == node(iris.allocation_iri(key, "figure", 7, "figure-A.1"))
    assert b.allocation("annual", 0) == node(iris.allocation_iri(key, "annual", 0))
    assert b.evidence(S[6], quote=False) == node(iris.evidence_iri(key, S[6].start, S[6].end))
    assert f"{b.section_prefix}{42}>" == node(iris.section_iri(key, 42))
    assert f"{b.citation_prefix}{3}-{9}>" == node(iris.citation_iri(key, 3, 9))
    assert f"{b.mention_prefix}{3}-{9}>" == node(iris.mention_iri(key, 3, 9))
    assert f"{b.warning_prefix}{2}>" == node(iris.warning_iri(key, 2))
    for text in ('a\\b"c\nd\re', '\\"', "\\n", '"\\\\\n\r\r\n"', "无需转义"):
        assert _escaped(text) == text.translate(_ESCAPES)


def test_lines_keep_the_place_of_their_first_statement():
    """A triple stated twice stays one line, where it was first stated (the graph's order is stable)."""
    from policygraph.graph.mapping import _GraphBuilder

    b = _GraphBuilder(_record(), TEXT)
    b.add("<s>", "<p>", "<o1>")
    b.add("<s>", "<p>", "<o2>")
    b.add("<s>", "<p>", "<o1>")
    b.add("<s>", "<p>", None)
    graph = b.graph
    assert b.nquads() == f"<s> <p> <o1> {graph} .\n<s> <p> <o2> {graph} .\n".encode("utf-8")
