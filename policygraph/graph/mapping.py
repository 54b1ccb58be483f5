"""DocumentRecord → quads of the record's named graph (see docs/ontology.md).

``record_quads(record, text)`` returns every quad one source document
contributes, all in its own named graph ``pgid:graph/source/{key}``, including
what it says about shared entities (departments, units, cited documents, issuers,
classification codes). It is a pure function of the record and the text: the
same input gives the same quads, in the same order (no blank nodes, nothing
time-dependent), so ingesting twice gives identical graphs.

Money is xsd:integer yuan throughout. ``text`` is the decoded source text the
record's offsets index; it supplies the verbatim quotes of the evidence.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from typing import Iterable, Optional

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize

from ..extract.models import Amount, BudgetLine, Citation, DocumentRecord, Figure, Project, Span
from ..ontology.terms import DCTERMS, ELI, EUCURRENCY, FOAF, OA, OBEU_ATTRIBUTE, OBEU_DIMENSION, OBEU_MEASURE, ORG, PG, PROV, QB, RDF, RDFS, SKOS, XSD
from . import iris

#: bump when the mapping changes: unchanged files are re-ingested when their graph was made by another version
MAPPING_VERSION = "3"

#: characters of context kept around a quote (oa:prefix / oa:suffix)
QUOTE_CONTEXT = 16

#: budget-table columns that name an expenditure type (others, e.g. funding sources, only keep pg:amountColumn)
EXPENDITURE_COLUMNS = {"合计": "total", "总计": "total", "小计": "total", "基本支出": "basic", "项目支出": "project"}

#: a line break and the indentation around it: PDF wraps inside titles, not part of an alias
_LINE_WRAP = re.compile(r"[ \t\u3000]*\r?\n[ \t\u3000]*")

_CLASSIFICATION_DIMENSION = {
    "function": OBEU_DIMENSION.functionalClassification,
    "economic": OBEU_DIMENSION.economicClassification,
}
_CLASSIFICATION_LABEL = {
    "function": ("政府支出功能分类科目", "function classification"),
    "economic": ("支出经济分类科目", "economic classification"),
}


def zh(text: str) -> Literal:
    return Literal(text, language="zh")


def en(text: str) -> Literal:
    return Literal(text, language="en")


def integer(value: int) -> Literal:
    return Literal(str(int(value)), datatype=XSD.integer)


def decimal(value: float) -> Literal:
    # Oxigraph's canonical xsd:decimal form ("1", "0.9"): what we write is what the store returns
    return Literal(format(Decimal(str(value)).normalize(), "f"), datatype=XSD.decimal)


def offset(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)  # Oxigraph would store nonNegativeInteger as integer anyway


def boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=XSD.boolean)


def iso_date(text: Optional[str]) -> Optional[Literal]:
    if not text:
        return None
    try:
        return Literal(dt.date.fromisoformat(text).isoformat(), datatype=XSD.date)
    except ValueError:
        return None


class _GraphBuilder:
    """Collects the quads of one source graph; every fact helper adds provenance."""

    def __init__(self, record: DocumentRecord, text: str) -> None:
        self.record = record
        self.text = text
        self.key = iris.source_key(record.source)
        self.graph = iris.source_graph(self.key)
        self.source = iris.source_iri(self.key)
        self.quads: list[Quad] = []
        self._seen: set[tuple] = set()

    def add(self, s: NamedNode, p: NamedNode, o) -> None:
        if o is None:
            return
        triple = (s, p, o)
        if triple in self._seen:  # shared entities are described once per graph
            return
        self._seen.add(triple)
        self.quads.append(Quad(s, p, o, self.graph))

    def evidence(self, span: Span, *, quote: bool = True) -> NamedNode:
        """An oa:SpecificResource for ``text[span.start:span.end]`` with position (+ quote) selectors."""
        if span.end > len(self.text):
            raise ValueError(f"{self.record.source}: span {span.start}..{span.end} beyond the text ({len(self.text)} chars)")
        node = iris.evidence_iri(self.key, span.start, span.end)
        self.add(node, RDF.type, OA.SpecificResource)
        self.add(node, OA.hasSource, self.source)
        pos = iris.selector_iri(node, "position")
        self.add(node, OA.hasSelector, pos)
        self.add(pos, RDF.type, OA.TextPositionSelector)
        self.add(pos, OA.start, offset(span.start))
        self.add(pos, OA.end, offset(span.end))
        if quote:
            q = iris.selector_iri(node, "quote")
            self.add(node, OA.hasSelector, q)
            self.add(q, RDF.type, OA.TextQuoteSelector)
            self.add(q, OA.exact, Literal(self.text[span.start : span.end]))
            self.add(q, OA.prefix, Literal(self.text[max(0, span.start - QUOTE_CONTEXT) : span.start]))
            self.add(q, OA.suffix, Literal(self.text[span.end : span.end + QUOTE_CONTEXT]))
        return node

    def fact(self, node: NamedNode, span: Optional[Span], *, quote: bool = True) -> None:
        """Provenance every extracted fact carries: source, line, evidence."""
        self.add(node, PROV.wasDerivedFrom, self.source)
        if span is not None:
            self.add(node, PG.line, integer(span.line))
            self.add(node, PG.evidence, self.evidence(span, quote=quote))


# ---------------------------------------------------------------------------
# the document, its department and units


def _source_document(b: _GraphBuilder) -> None:
    rec = b.record
    src = b.source
    path = os.path.normpath(os.path.abspath(rec.source))
    b.add(src, RDF.type, PG.SourceDocument)
    b.add(src, RDF.type, FOAF.Document)
    b.add(src, PG.sourcePath, Literal(path))
    b.add(src, PG.fileName, Literal(os.path.basename(path)))
    b.add(src, PG.contentHash, Literal(rec.sha256))
    b.add(src, PG.encoding, Literal(rec.encoding))
    b.add(src, PG.charCount, integer(rec.n_chars))
    b.add(src, PG.documentKind, iris.vocab_iri("document-kind", rec.kind))
    b.add(src, PG.mappingVersion, Literal(MAPPING_VERSION))
    if rec.title:
        b.add(src, DCTERMS.title, zh(rec.title))
    if rec.year is not None:
        b.add(src, PG.fiscalYear, integer(rec.year))
    if rec.department:
        dept = iris.org_iri(rec.department)
        b.add(src, PG.department, dept)
        b.add(dept, RDF.type, PG.Department)
        b.add(dept, RDF.type, ORG.Organization)
        b.add(dept, RDFS.label, zh(rec.department))


def _organisation(b: _GraphBuilder, name: str, cls: NamedNode) -> NamedNode:
    node = iris.org_iri(name)
    b.add(node, RDF.type, cls)
    b.add(node, RDF.type, ORG.Organization)
    b.add(node, RDFS.label, zh(name))
    return node


def _units(b: _GraphBuilder) -> None:
    rec = b.record
    dept = iris.org_iri(rec.department) if rec.department else None
    for unit in rec.units:
        node = _organisation(b, unit.name, PG.BudgetUnit)
        if unit.kind:
            b.add(node, PG.unitKind, iris.vocab_iri("unit-kind", unit.kind))
        if dept is not None and node != dept:
            b.add(node, ORG.subOrganizationOf, dept)
            b.add(dept, ORG.hasSubOrganization, node)
        b.fact(node, unit.span)


# ---------------------------------------------------------------------------
# projects and their amounts


def _project_owner(rec: DocumentRecord, project: Project) -> str:
    """Whose project: the department, else the implementing unit, else this source."""
    return rec.department or project.unit or f"source:{iris.source_key(rec.source)}"


def project_iris(rec: DocumentRecord) -> dict[str, NamedNode]:
    """Project name → IRI for every project of the record (parents resolved by name)."""
    by_name = {p.name: p for p in rec.projects}

    def chain(p: Project) -> tuple[str, ...]:
        parents: list[str] = []
        seen = {p.name}
        parent = p.parent
        while parent and parent not in seen:
            parents.insert(0, parent)
            seen.add(parent)
            parent = by_name[parent].parent if parent in by_name else None
        return tuple(parents)

    return {p.name: iris.project_iri(_project_owner(rec, p), rec.year, p.name, chain(p)) for p in rec.projects}


def _allocation(b: _GraphBuilder, node: NamedNode, yuan: int, role: str, span: Span) -> NamedNode:
    rec = b.record
    b.add(node, RDF.type, PG.BudgetAllocation)
    b.add(node, RDF.type, QB.Observation)
    dataset = iris.dataset_iri(b.key)
    b.add(node, QB.dataSet, dataset)
    b.add(dataset, RDF.type, QB.DataSet)
    b.add(dataset, QB.structure, PG.budgetStructure)
    b.add(dataset, PROV.wasDerivedFrom, b.source)
    b.add(node, OBEU_MEASURE.amount, integer(yuan))
    b.add(node, OBEU_ATTRIBUTE.currency, EUCURRENCY.CNY)
    b.add(node, PG.amountKind, iris.vocab_iri("amount-kind", role))
    if rec.year is not None:
        b.add(node, PG.fiscalYear, integer(rec.year))
    b.fact(node, span)
    return node


def _project_amount(b: _GraphBuilder, project: Project, node: NamedNode, amount: Amount, role: str) -> Optional[NamedNode]:
    if amount.yuan is None:  # stated but not readable: the extractor's warning says so
        return None
    qualifier = node.value.rsplit("/", 1)[-1]  # the project's hash: parent and child amounts may share a start
    alloc = _allocation(b, iris.allocation_iri(b.key, role, amount.span.start, qualifier), amount.yuan, role, amount.span)
    b.add(node, PG.hasAllocation, alloc)
    org = iris.org_iri(project.unit) if project.unit else (iris.org_iri(b.record.department) if b.record.department else None)
    b.add(alloc, OBEU_DIMENSION.organization, org)
    b.add(alloc, PG.amountText, Literal(amount.text))
    if amount.approximate:
        b.add(alloc, PG.approximate, boolean(True))
    if amount.derived:
        b.add(alloc, PG.derived, boolean(True))
    if amount.quarterly:
        for prop, share in zip((PG.shareQ1, PG.shareQ2, PG.shareQ3, PG.shareQ4), amount.quarterly):
            b.add(alloc, prop, decimal(share))
    for flag in project.flags:
        if "amount" in flag:
            b.add(alloc, PG.flag, Literal(flag))
    return alloc


def _projects(b: _GraphBuilder, project_nodes: dict[str, NamedNode]) -> None:
    rec = b.record
    dept = iris.org_iri(rec.department) if rec.department else None
    for p in rec.projects:
        node = project_nodes[p.name]
        b.add(node, RDF.type, PG.Project)
        b.add(node, RDFS.label, zh(p.name))
        b.fact(node, p.span)
        b.add(node, PG.extent, b.evidence(p.extent, quote=False))
        if rec.year is not None:
            b.add(node, PG.fiscalYear, integer(rec.year))
        b.add(node, PG.department, dept)
        if p.parent and p.parent in project_nodes and project_nodes[p.parent] != node:
            b.add(node, PG.subProjectOf, project_nodes[p.parent])
        if p.unit:
            b.add(node, PG.implementingUnit, _organisation(b, p.unit, ORG.Organization) if p.unit != rec.department else dept)
        if p.amount is not None and _project_amount(b, p, node, p.amount, "annual") is not None:
            b.add(node, PG.amountYuan, integer(p.amount.yuan))
        if p.total_amount is not None and _project_amount(b, p, node, p.total_amount, "total") is not None:
            b.add(node, PG.totalAmountYuan, integer(p.total_amount.yuan))
        b.add(node, PG.period, Literal(p.period) if p.period else None)
        b.add(node, PG.periodStart, iso_date(p.period_start))
        b.add(node, PG.periodEnd, iso_date(p.period_end))
        for flag in p.flags:
            b.add(node, PG.flag, Literal(flag))
        for section in p.sections:
            sec = iris.section_iri(b.key, section.span.start)
            b.add(node, PG.hasSection, sec)
            b.add(sec, RDF.type, PG.ProjectSection)
            b.add(sec, PG.sectionKind, iris.vocab_iri("section", section.key))
            b.add(sec, RDFS.label, zh(section.heading))
            b.add(sec, PROV.wasDerivedFrom, b.source)
            b.add(sec, PG.line, integer(section.span.line))
            b.add(sec, PG.evidence, b.evidence(section.body))


# ---------------------------------------------------------------------------
# budget tables and department figures


def _concept(b: _GraphBuilder, classification: str, code: str, name: Optional[str]) -> NamedNode:
    """A classification code as a SKOS concept of its yearly scheme, with its broader chain."""
    year = b.record.year
    scheme = iris.scheme_iri(classification, year)
    zh_label, en_label = _CLASSIFICATION_LABEL.get(classification, (classification, classification))
    b.add(scheme, RDF.type, SKOS.ConceptScheme)
    b.add(scheme, SKOS.prefLabel, zh(f"{year}年{zh_label}" if year is not None else f"{zh_label}（年度未知）"))
    b.add(scheme, SKOS.prefLabel, en(f"{en_label} {year}" if year is not None else f"{en_label} (year unknown)"))
    node = iris.concept_iri(classification, year, code)
    if name:
        b.add(node, SKOS.prefLabel, zh(name))
    child, child_code = node, code
    while True:  # 类 (3 digits) → 款 (5) → 项 (7)
        b.add(child, RDF.type, SKOS.Concept)
        b.add(child, SKOS.notation, Literal(child_code))
        b.add(child, SKOS.inScheme, scheme)
        if len(child_code) <= 3 or not child_code.isdigit():
            b.add(child, SKOS.topConceptOf, scheme)
            return node
        parent_code = child_code[:-2]
        parent = iris.concept_iri(classification, year, parent_code)
        b.add(child, SKOS.broader, parent)
        b.add(parent, SKOS.narrower, child)
        child, child_code = parent, parent_code


def _budget_line(b: _GraphBuilder, line: BudgetLine) -> None:
    concept = _concept(b, line.classification, line.code, line.name)
    dimension = _CLASSIFICATION_DIMENSION.get(line.classification)
    dept = iris.org_iri(b.record.department) if b.record.department else None
    for column, yuan in line.amounts:
        node = iris.allocation_iri(b.key, "table_cell", line.span.start, column)
        _allocation(b, node, yuan, "table_cell", line.span)
        if dimension is not None:
            b.add(node, dimension, concept)
        b.add(node, OBEU_DIMENSION.organization, dept)
        b.add(node, PG.amountColumn, Literal(column))
        etype = EXPENDITURE_COLUMNS.get(iris.normalize_key(column))
        if etype:
            b.add(node, PG.expenditureType, iris.vocab_iri("expenditure-type", etype))
        b.add(node, PG.budgetTable, zh(line.table))


def _figure(b: _GraphBuilder, figure: Figure) -> None:
    node = iris.allocation_iri(b.key, "figure", figure.span.start, figure.name)
    _allocation(b, node, figure.yuan, "figure", figure.span)
    b.add(node, PG.figureName, zh(figure.name))
    if figure.table:
        b.add(node, PG.budgetTable, zh(figure.table))
    if b.record.department:
        b.add(node, OBEU_DIMENSION.organization, iris.org_iri(b.record.department))


# ---------------------------------------------------------------------------
# citations and mentions


def _issuer_names(issuer: Optional[str]) -> list[str]:
    """The organisations of an issuer string; the extractor joins joint issuers with its JOIN mark."""
    if not issuer:
        return []
    try:
        from ..extract.issuers import JOIN
    except ImportError:  # extraction without the citation stage
        JOIN = "、"
    return [name.strip() for name in issuer.split(JOIN) if name.strip()]


def _title_index(rec: DocumentRecord) -> dict[str, NamedNode]:
    """Title doc_id → cited-document IRI within this record, so ``cites`` reaches a numbered document."""
    index: dict[str, NamedNode] = {}
    for c in rec.citations:
        if c.title and c.doc_id and c.is_policy:
            index.setdefault(iris.title_doc_id(c.title), iris.cited_document_iri(c.doc_id))
    return index


def _cited_document(b: _GraphBuilder, c: Citation, titles: dict[str, NamedNode]) -> NamedNode:
    doc = iris.cited_document_iri(c.doc_id)
    b.add(doc, RDF.type, PG.CitedDocument)
    b.add(doc, RDF.type, ELI.LegalResource)
    num = c.doc_number
    b.add(doc, RDFS.label, zh(c.title or (num.normalized if num else c.text)))
    if c.title:
        b.add(doc, ELI.title, zh(c.title))
    b.add(doc, SKOS.altLabel, zh(_LINE_WRAP.sub("", c.text)))  # an alias to show; the verbatim text is pg:surfaceForm
    if num is not None:
        b.add(doc, ELI.id_local, Literal(num.normalized))
        if num.issuer_code:
            b.add(doc, PG.issuerCode, Literal(num.issuer_code))
        if num.serial:
            b.add(doc, PG.serialNumber, Literal(num.serial))
    if c.year is not None:
        b.add(doc, PG.documentYear, integer(c.year))
    if c.level:
        b.add(doc, PG.level, iris.vocab_iri("level", c.level))
    if c.doc_type:
        concept, known = iris.doc_type_iri(c.doc_type)
        b.add(doc, ELI.type_document, concept)
        if not known:  # a 文种 the reference vocabulary lacks: this source states it
            b.add(concept, RDF.type, SKOS.Concept)
            b.add(concept, SKOS.inScheme, iris.vocab_scheme_iri("doc-type"))
            b.add(concept, SKOS.notation, Literal(c.doc_type))
            b.add(concept, SKOS.prefLabel, zh(c.doc_type))
    names = _issuer_names(c.issuer)
    for name in names:  # joint issuers (中共中央、国务院) are each an organisation
        issuer = _organisation(b, name, PG.Issuer)
        b.add(doc, ELI.passed_by, issuer)
        if c.level and len(names) == 1:  # a joint document's level need not be each issuer's
            b.add(issuer, PG.level, iris.vocab_iri("level", c.level))
    for title in c.cites:
        inner_id = iris.title_doc_id(title)
        inner = titles.get(inner_id) or iris.cited_document_iri(inner_id)
        if inner == doc:
            continue
        b.add(doc, ELI.cites, inner)
        b.add(inner, RDF.type, PG.CitedDocument)
        b.add(inner, RDF.type, ELI.LegalResource)
        b.add(inner, RDFS.label, zh(title))
        b.add(inner, ELI.title, zh(title))
    return doc


def _occurrence(b: _GraphBuilder, node: NamedNode, c: Citation) -> None:
    """What citations and mentions share: kind, surface form, rule, confidence, section, provenance."""
    b.add(node, PG.citationKind, iris.vocab_iri("citation-kind", c.kind))
    b.add(node, PG.surfaceForm, Literal(c.text))
    b.add(node, PG.rule, Literal(c.rule))
    b.add(node, PG.confidence, decimal(c.confidence))
    if c.section:
        b.add(node, PG.section, iris.vocab_iri("section", c.section))
    b.fact(node, c.span)


def _citation(b: _GraphBuilder, c: Citation, project_nodes: dict[str, NamedNode], titles: dict[str, NamedNode]) -> None:
    project = project_nodes.get(c.project) if c.project else None
    if not c.is_policy:  # magazines, reports, meetings: kept apart, never a cited document
        node = iris.mention_iri(b.key, c.span.start, c.span.end)
        b.add(node, RDF.type, PG.Mention)
        if c.title:
            b.add(node, RDFS.label, zh(c.title))
        b.add(node, PG.mentioningProject, project)
        _occurrence(b, node, c)
        return
    node = iris.citation_iri(b.key, c.span.start, c.span.end)
    b.add(node, RDF.type, PG.Citation)
    _occurrence(b, node, c)
    b.add(node, PG.citingProject, project)
    if c.issuer_from:
        b.add(node, PG.issuerSource, Literal(c.issuer_from))
    if c.doc_id:
        doc = _cited_document(b, c, titles)
        b.add(node, PG.citedDocument, doc)
        if project is not None:
            b.add(project, PG.citesDocument, doc)


def _warnings(b: _GraphBuilder) -> None:
    for index, w in enumerate(b.record.warnings):
        node = iris.warning_iri(b.key, index)
        b.add(node, RDF.type, PG.ExtractionWarning)
        b.add(node, PG.warningCode, Literal(w.code))
        b.add(node, PG.message, Literal(w.message))
        b.add(b.source, PG.hasWarning, node)
        b.fact(node, w.span)


# ---------------------------------------------------------------------------


def record_quads(record: DocumentRecord, text: str) -> list[Quad]:
    """All quads of one source document's named graph, in a stable order."""
    b = _GraphBuilder(record, text)
    project_nodes = project_iris(record)
    _source_document(b)
    _units(b)
    _projects(b, project_nodes)
    for line in record.budget_lines:
        _budget_line(b, line)
    for figure in record.figures:
        _figure(b, figure)
    titles = _title_index(record)
    for citation in record.citations:
        _citation(b, citation, project_nodes, titles)
    _warnings(b)
    return b.quads


def record_nquads(record: DocumentRecord, text: str) -> tuple[bytes, int]:
    """The record's quads serialised as N-Quads (what ingest workers hand the writer), and their number."""
    quads = record_quads(record, text)
    return serialize(quads, format=RdfFormat.N_QUADS), len(quads)


def graph_of(record: DocumentRecord) -> NamedNode:
    """The named graph a record's quads go to."""
    return iris.source_graph(iris.source_key(record.source))


def iter_records_quads(pairs: Iterable[tuple[DocumentRecord, str]]) -> Iterable[Quad]:
    for record, text in pairs:
        yield from record_quads(record, text)
