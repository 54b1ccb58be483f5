"""DocumentRecord → quads of the record's named graph (see docs/ontology.md).

``record_quads(record, text)`` returns every quad one source document
contributes, all in its own named graph ``pgid:graph/source/{key}``, including
what it says about shared entities (departments, units, cited documents, issuers,
classification codes). It is a pure function of the record and the text: the
same input gives the same quads, in the same order (no blank nodes, nothing
time-dependent), so ingesting twice gives identical graphs.

Money is xsd:integer yuan throughout. ``text`` is the decoded source text the
record's offsets index; it supplies the verbatim quotes of the evidence.

Terms are built as N-Triples text (``<iri>``, ``"literal"@zh``) and the graph is
serialised by joining lines: ingest workers hand these N-Quads bytes to the
writer (``record_nquads``), and ``record_quads`` parses them into pyoxigraph
quads. Building pyoxigraph objects per term, and hashing them to drop repeated
triples, cost four times as much as the string work here.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from functools import lru_cache
from types import SimpleNamespace
from typing import Iterable, Optional

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from ..extract.version import extractor_fingerprint
from ..extract.models import Amount, BudgetLine, Citation, DocumentRecord, Figure, Project, Span
from ..ontology import terms
from . import iris

#: bump when the mapping changes
MAPPING_REVISION = "6"  # 4: canonical issuer names, doc_ids by identity.py; 5: evidence as source#char=start,end IRIs;
# 6: one qb:DataSet per amount kind and budget table, holding what all its allocations share (fiscal year, kind,
#    table title, the department of table cells and figures) instead of every allocation repeating it
#: stored with each document's graph: an unchanged file is re-ingested when its graph was made by
#: another mapping revision or another extractor (its code or rule data: extract/version.py)
MAPPING_VERSION = f"{MAPPING_REVISION}+{extractor_fingerprint()}"

#: budget-table columns that name an expenditure type (others, e.g. funding sources, only keep pg:amountColumn)
EXPENDITURE_COLUMNS = {"合计": "total", "总计": "total", "小计": "total", "基本支出": "basic", "项目支出": "project"}

#: a line break and the indentation around it: PDF wraps inside titles, not part of an alias
_LINE_WRAP = re.compile(r"[ \t\u3000]*\r?\n[ \t\u3000]*")


def _namespace(ns: type) -> SimpleNamespace:
    """The N-Triples form (``<iri>``) of every term of an ontology namespace class."""
    return SimpleNamespace(**{name: f"<{term.value}>" for name, term in vars(ns).items() if isinstance(term, NamedNode)})


DCTERMS, ELI, EUCURRENCY, FOAF, OBEU_ATTRIBUTE, OBEU_DIMENSION, OBEU_MEASURE, ORG, PG, PROV, QB, RDF, RDFS, SKOS = (
    _namespace(ns) for ns in (terms.DCTERMS, terms.ELI, terms.EUCURRENCY, terms.FOAF, terms.OBEU_ATTRIBUTE,
                              terms.OBEU_DIMENSION, terms.OBEU_MEASURE, terms.ORG, terms.PG, terms.PROV, terms.QB,
                              terms.RDF, terms.RDFS, terms.SKOS)
)
_XSD = terms.XSD.NS
_PG_QUOTE, _PG_LINE, _PG_EVIDENCE, _PROV_DERIVED = PG.quote, PG.line, PG.evidence, PROV.wasDerivedFrom
_RDF_TYPE, _PG_ALLOCATION, _QB_DATASET, _AMOUNT = RDF.type, PG.BudgetAllocation, QB.dataSet, OBEU_MEASURE.amount
_PG_HAS_SECTION, _PG_PROJECT_SECTION, _PG_SECTION_KIND, _RDFS_LABEL = PG.hasSection, PG.ProjectSection, PG.sectionKind, RDFS.label

_CLASSIFICATION_DIMENSION = {
    "function": OBEU_DIMENSION.functionalClassification,
    "economic": OBEU_DIMENSION.economicClassification,
}
_CLASSIFICATION_LABEL = {
    "function": ("政府支出功能分类科目", "function classification"),
    "economic": ("支出经济分类科目", "economic classification"),
}

#: what N-Triples escapes inside a quoted literal (everything else may appear as is)
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NEEDS_ESCAPE = re.compile(r'["\\\n\r]').search  # most literals have nothing to escape


def node(term: NamedNode) -> str:
    """N-Triples form of an IRI made by graph/iris.py."""
    return f"<{term.value}>"


def _escaped(text: str) -> str:
    """``text.translate(_ESCAPES)``, by four str.replace (backslashes first, so no escape is escaped
    again): a quoted section body is thousands of characters, and translate looks each one up."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def string(text: str) -> str:
    return '"' + (_escaped(text) if _NEEDS_ESCAPE(text) else text) + '"'


def zh(text: str) -> str:
    return '"' + (_escaped(text) if _NEEDS_ESCAPE(text) else text) + '"@zh'


def en(text: str) -> str:
    return '"' + (_escaped(text) if _NEEDS_ESCAPE(text) else text) + '"@en'


_INTEGER = f"^^<{_XSD}integer>"


def integer(value: int) -> str:
    return f'"{int(value)}"{_INTEGER}'


@lru_cache(maxsize=1024)
def decimal(value: float) -> str:
    # Oxigraph's canonical xsd:decimal form ("1", "0.9"): what we write is what the store returns
    # (cached: confidences and quarterly shares are a few values repeated over every citation)
    return f'"{format(Decimal(str(value)).normalize(), "f")}"^^<{_XSD}decimal>'


offset = integer  # Oxigraph would store nonNegativeInteger as integer anyway


def boolean(value: bool) -> str:
    return f'"{"true" if value else "false"}"^^<{_XSD}boolean>'


def iso_date(text: Optional[str]) -> Optional[str]:
    if not text:
        return None
    try:
        return f'"{dt.date.fromisoformat(text).isoformat()}"^^<{_XSD}date>'
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def org(name: str) -> str:
    return node(iris.org_iri(name))


@lru_cache(maxsize=4096)
def vocab(scheme: str, key: str) -> str:
    return node(iris.vocab_iri(scheme, key))


@lru_cache(maxsize=4096)
def _concept_node(classification: str, year: Optional[int], code: str) -> str:
    return node(iris.concept_iri(classification, year, code))


@lru_cache(maxsize=256)
def _scheme_node(classification: str, year: Optional[int]) -> str:
    return node(iris.scheme_iri(classification, year))


@lru_cache(maxsize=4096)
def _cited_node(doc_id: str) -> str:
    return node(iris.cited_document_iri(doc_id))


@lru_cache(maxsize=4096)
def _title_doc_id(title: str) -> str:
    return iris.title_doc_id(title)


def _fact_prefix(kind: str, key: str) -> str:
    """iris.fact_prefix as N-Triples text: fact IRIs are written straight from it (a NamedNode, and its
    IRI validation, less per fact; there are thousands per document)."""
    return "<" + iris.fact_prefix(kind, key)


class _GraphBuilder:
    """Collects the N-Triples lines of one source graph; every fact helper adds provenance."""

    def __init__(self, record: DocumentRecord, text: str) -> None:
        self.record = record
        self.text = text
        self.key = iris.source_key(record.source)
        self.graph = node(iris.source_graph(self.key))
        self.source = node(iris.source_iri(self.key))
        self.department = org(record.department) if record.department else None
        self.year = integer(record.year) if record.year is not None else None
        # the graph's lines in the order first added: a dict, whose keys keep their first place
        # when added again (shared entities are described once per graph)
        self.lines: dict[str, None] = {}
        self._evidence: dict[tuple[int, int, bool], str] = {}
        self._concepts: set[tuple[str, str]] = set()
        self._schemes: set[str] = set()  # classifications whose scheme has been described
        self.datasets: dict[tuple[str, Optional[str]], str] = {}
        self.evidence_prefix = "<" + iris.evidence_prefix(self.key)
        self.allocation_prefix = _fact_prefix("allocation", self.key)  # iris.allocation_iri
        self.section_prefix = _fact_prefix("section", self.key)
        self.citation_prefix = _fact_prefix("citation", self.key)
        self.mention_prefix = _fact_prefix("mention", self.key)
        self.warning_prefix = _fact_prefix("warning", self.key)

    def add(self, s: str, p: str, o: Optional[str]) -> None:
        if o is not None:
            self.lines[f"{s} {p} {o}"] = None

    def allocation(self, role: str, start: int, qualifier: Optional[str] = None) -> str:
        """N-Triples form of ``iris.allocation_iri(self.key, role, start, qualifier)``."""
        if qualifier is None:
            return f"{self.allocation_prefix}{start}-{role}>"
        return f"{self.allocation_prefix}{start}-{role}/{iris.qualifier_key(qualifier)}>"

    def evidence(self, span: Span, *, quote: bool = True) -> str:
        """The evidence IRI of ``text[span.start:span.end]`` (``source#char=start,end``), with its verbatim text.

        Source and offsets are in the IRI, so the only quad is ``pg:quote`` (when ``quote``):
        the text as read, which a researcher can trust without opening the file. The
        16 characters of context around it that oa:prefix/oa:suffix used to repeat are
        left out: the file and the offsets give them back.
        """
        memo = (span.start, span.end, quote)
        found = self._evidence.get(memo)
        if found is not None:  # every cell of a table row shares its row's evidence
            return found
        if span.end > len(self.text):
            raise ValueError(f"{self.record.source}: span {span.start}..{span.end} beyond the text ({len(self.text)} chars)")
        start, end = int(span.start), int(span.end)
        if not 0 <= start <= end:  # as iris.evidence_iri
            raise ValueError(f"evidence span {start}..{end}: offsets must satisfy 0 <= start <= end")
        ev = f"{self.evidence_prefix}{start},{end}>"
        if quote:
            self.lines[f"{ev} {_PG_QUOTE} {string(self.text[start:end])}"] = None
        self._evidence[memo] = ev
        return ev

    def fact(self, subject: str, span: Optional[Span], *, quote: bool = True, derived: bool = True) -> None:
        """Provenance every extracted fact carries: source, line, evidence.

        ``derived=False`` leaves out prov:wasDerivedFrom, for budget observations only:
        their named graph and qb:dataSet (whose dataset prov:wasDerivedFrom the source)
        already say where they come from, and they are a third of a document's facts.
        """
        lines = self.lines
        if derived:
            lines[f"{subject} {_PROV_DERIVED} {self.source}"] = None
        if span is not None:
            lines[f'{subject} {_PG_LINE} "{int(span.line)}"{_INTEGER}'] = None
            lines[f"{subject} {_PG_EVIDENCE} {self.evidence(span, quote=quote)}"] = None

    def nquads(self) -> bytes:
        """The graph as UTF-8 N-Quads. Each line is encoded on its own: most lines are ASCII (IRIs,
        numbers), which encode as a copy, where encoding the joined text (Chinese quotes and
        labels make all of it wide) went through every character: 3.0 -> 1.3 ms a document."""
        if not self.lines:
            return b""
        end = f" {self.graph} .\n".encode("utf-8")
        return end.join(map(str.encode, self.lines)) + end  # str.encode's default is UTF-8


# ---------------------------------------------------------------------------
# the document, its department and units


def _source_document(b: _GraphBuilder) -> None:
    rec = b.record
    src = b.source
    path = os.path.normpath(os.path.abspath(rec.source))
    b.add(src, RDF.type, PG.SourceDocument)
    b.add(src, RDF.type, FOAF.Document)
    b.add(src, PG.sourcePath, string(path))
    b.add(src, PG.fileName, string(os.path.basename(path)))
    b.add(src, PG.contentHash, string(rec.sha256))
    b.add(src, PG.encoding, string(rec.encoding))
    b.add(src, PG.charCount, integer(rec.n_chars))
    b.add(src, PG.documentKind, vocab("document-kind", rec.kind))
    b.add(src, PG.mappingVersion, string(MAPPING_VERSION))
    if rec.title:
        b.add(src, DCTERMS.title, zh(rec.title))
    b.add(src, PG.fiscalYear, b.year)
    if rec.department:
        dept = b.department
        b.add(src, PG.department, dept)
        b.add(dept, RDF.type, PG.Department)
        b.add(dept, RDF.type, ORG.Organization)
        b.add(dept, RDFS.label, zh(rec.department))


def _organisation(b: _GraphBuilder, name: str, cls: str) -> str:
    subject = org(name)
    b.add(subject, RDF.type, cls)
    b.add(subject, RDF.type, ORG.Organization)
    b.add(subject, RDFS.label, zh(name))
    return subject


def _units(b: _GraphBuilder) -> None:
    dept = b.department
    for unit in b.record.units:
        subject = _organisation(b, unit.name, PG.BudgetUnit)
        if unit.kind:
            b.add(subject, PG.unitKind, vocab("unit-kind", unit.kind))
        if dept is not None and subject != dept:
            b.add(subject, ORG.subOrganizationOf, dept)
            b.add(dept, ORG.hasSubOrganization, subject)
        b.fact(subject, unit.span)


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


#: amount kinds whose data sets also fix the organisation: the department (a project amount's is its own, per allocation)
_DEPARTMENT_KINDS = {"table_cell", "figure"}


def _dataset(b: _GraphBuilder, kind: str, table: Optional[str] = None) -> str:
    """The qb:DataSet of the record's amounts of one kind (and one table), described once.

    Its structure attaches to the data set what every allocation in it shares
    (qb:componentAttachment qb:DataSet): the currency, the fiscal year, the amount kind,
    the table's title and, for table cells and figures, the department. Each allocation
    then states only its own values: a third fewer quads per table cell, and QB's
    normalisation (push down data-set attachments) gives back exactly the old per-allocation values.
    """
    memo = (kind, table)
    found = b.datasets.get(memo)
    if found is not None:
        return found
    dataset = node(iris.dataset_iri(b.key, kind, table))
    b.datasets[memo] = dataset
    add = b.add
    add(dataset, RDF.type, QB.DataSet)
    add(dataset, QB.structure, PG.budgetStructure if kind in _DEPARTMENT_KINDS else PG.projectAmountStructure)
    add(dataset, PROV.wasDerivedFrom, b.source)
    add(dataset, OBEU_ATTRIBUTE.currency, EUCURRENCY.CNY)  # every amount is yuan
    add(dataset, PG.amountKind, vocab("amount-kind", kind))
    add(dataset, PG.fiscalYear, b.year)
    if kind in _DEPARTMENT_KINDS:
        add(dataset, OBEU_DIMENSION.organization, b.department)
    if table:
        add(dataset, PG.budgetTable, zh(table))
    return dataset


def _allocation(b: _GraphBuilder, subject: str, yuan: int, dataset: str, span: Span) -> str:
    add = b.add
    # no "a qb:Observation": pg:BudgetAllocation ⊑ qb:Observation, and qb:dataSet (rdfs:domain
    # qb:Observation) says it again; QB's normalisation infers it. One quad per allocation saved.
    add(subject, RDF.type, PG.BudgetAllocation)
    add(subject, QB.dataSet, dataset)  # kind, year, currency (and table, department): on the data set
    add(subject, OBEU_MEASURE.amount, integer(yuan))
    b.fact(subject, span, derived=False)  # qb:dataSet → the data set → prov:wasDerivedFrom the source
    return subject


def _project_amount(b: _GraphBuilder, project: Project, subject: str, amount: Amount, role: str) -> Optional[str]:
    if amount.yuan is None:  # stated but not readable: the extractor's warning says so
        return None
    qualifier = subject[:-1].rsplit("/", 1)[-1]  # the project's hash: parent and child amounts may share a start
    alloc = b.allocation(role, amount.span.start, qualifier)
    _allocation(b, alloc, amount.yuan, _dataset(b, role), amount.span)
    b.add(subject, PG.hasAllocation, alloc)
    b.add(alloc, OBEU_DIMENSION.organization, org(project.unit) if project.unit else b.department)
    b.add(alloc, PG.amountText, string(amount.text))
    if amount.approximate:
        b.add(alloc, PG.approximate, boolean(True))
    if amount.derived:
        b.add(alloc, PG.derived, boolean(True))
    if amount.quarterly:
        for prop, share in zip((PG.shareQ1, PG.shareQ2, PG.shareQ3, PG.shareQ4), amount.quarterly):
            b.add(alloc, prop, decimal(share))
    for flag in project.flags:
        if "amount" in flag:
            b.add(alloc, PG.flag, string(flag))
    return alloc


def _projects(b: _GraphBuilder, project_nodes: dict[str, str]) -> None:
    rec = b.record
    dept = b.department
    for p in rec.projects:
        subject = project_nodes[p.name]
        b.add(subject, RDF.type, PG.Project)
        b.add(subject, RDFS.label, zh(p.name))
        b.fact(subject, p.span)
        b.add(subject, PG.extent, b.evidence(p.extent, quote=False))
        b.add(subject, PG.fiscalYear, b.year)
        b.add(subject, PG.department, dept)
        if p.parent and p.parent in project_nodes and project_nodes[p.parent] != subject:
            b.add(subject, PG.subProjectOf, project_nodes[p.parent])
        if p.unit:
            b.add(subject, PG.implementingUnit, _organisation(b, p.unit, ORG.Organization) if p.unit != rec.department else dept)
        if p.amount is not None and _project_amount(b, p, subject, p.amount, "annual") is not None:
            b.add(subject, PG.amountYuan, integer(p.amount.yuan))
        if p.total_amount is not None and _project_amount(b, p, subject, p.total_amount, "total") is not None:
            b.add(subject, PG.totalAmountYuan, integer(p.total_amount.yuan))
        b.add(subject, PG.period, string(p.period) if p.period else None)
        b.add(subject, PG.periodStart, iso_date(p.period_start))
        b.add(subject, PG.periodEnd, iso_date(p.period_end))
        for flag in p.flags:
            b.add(subject, PG.flag, string(flag))
        lines = b.lines  # the sections' lines written out (b.add's, in its order: none of them is None)
        for section in p.sections:
            sec = f"{b.section_prefix}{section.span.start}>"  # iris.section_iri
            lines[f"{subject} {_PG_HAS_SECTION} {sec}"] = None
            lines[f"{sec} {_RDF_TYPE} {_PG_PROJECT_SECTION}"] = None
            lines[f"{sec} {_PG_SECTION_KIND} {vocab('section', section.key)}"] = None
            lines[f"{sec} {_RDFS_LABEL} {zh(section.heading)}"] = None
            lines[f"{sec} {_PROV_DERIVED} {b.source}"] = None
            lines[f'{sec} {_PG_LINE} "{int(section.span.line)}"{_INTEGER}'] = None
            lines[f"{sec} {_PG_EVIDENCE} {b.evidence(section.body)}"] = None


# ---------------------------------------------------------------------------
# budget tables and department figures


def _concept(b: _GraphBuilder, classification: str, code: str, name: Optional[str]) -> str:
    """A classification code as a SKOS concept of its yearly scheme, with its broader chain."""
    year = b.record.year
    concept = _concept_node(classification, year, code)
    if name:
        b.add(concept, SKOS.prefLabel, zh(name))
    if (classification, code) in b._concepts:  # scheme and broader chain already described (as a code or an ancestor)
        return concept
    b._concepts.add((classification, code))
    scheme = _scheme_node(classification, year)
    if classification not in b._schemes:  # its lines are added once (adding them again would add none)
        b._schemes.add(classification)
        zh_label, en_label = _CLASSIFICATION_LABEL.get(classification, (classification, classification))
        b.add(scheme, RDF.type, SKOS.ConceptScheme)
        b.add(scheme, SKOS.prefLabel, zh(f"{year}年{zh_label}" if year is not None else f"{zh_label}（年度未知）"))
        b.add(scheme, SKOS.prefLabel, en(f"{en_label} {year}" if year is not None else f"{en_label} (year unknown)"))
    child, child_code = concept, code
    while True:  # 类 (3 digits) → 款 (5) → 项 (7)
        b.add(child, RDF.type, SKOS.Concept)
        b.add(child, SKOS.notation, string(child_code))
        b.add(child, SKOS.inScheme, scheme)
        if len(child_code) <= 3 or not child_code.isdigit():
            b.add(child, SKOS.topConceptOf, scheme)
            return concept
        parent_code = child_code[:-2]
        parent = _concept_node(classification, year, parent_code)
        b.add(child, SKOS.broader, parent)
        b.add(parent, SKOS.narrower, child)
        if (classification, parent_code) in b._concepts:
            return concept  # the parent's chain is described (walking it again would add no line)
        b._concepts.add((classification, parent_code))
        child, child_code = parent, parent_code


def _budget_line(b: _GraphBuilder, line: BudgetLine) -> None:
    concept = _concept(b, line.classification, line.code, line.name)
    dimension = _CLASSIFICATION_DIMENSION.get(line.classification)
    dataset = _dataset(b, "table_cell", line.table or None)  # the table's title, year and department
    # the cells of a row are a third of a document's quads: _allocation and b.fact written out,
    # adding the same lines in the same order
    lines = b.lines
    span = line.span
    line_no = f'"{int(span.line)}"{_INTEGER}'
    for column, yuan in line.amounts:
        cell = b.allocation("table_cell", span.start, column)
        lines[f"{cell} {_RDF_TYPE} {_PG_ALLOCATION}"] = None
        lines[f"{cell} {_QB_DATASET} {dataset}"] = None
        lines[f'{cell} {_AMOUNT} "{int(yuan)}"{_INTEGER}'] = None
        lines[f"{cell} {_PG_LINE} {line_no}"] = None
        lines[f"{cell} {_PG_EVIDENCE} {b.evidence(span)}"] = None
        if dimension is not None:
            lines[f"{cell} {dimension} {concept}"] = None
        column_terms = _column_terms(column)
        lines[f"{cell} {column_terms[0]}"] = None
        if column_terms[1] is not None:
            lines[f"{cell} {column_terms[1]}"] = None


@lru_cache(maxsize=1024)
def _column_terms(column: str) -> tuple[str, Optional[str]]:
    """Predicate and object of a cell's pg:amountColumn, and of its pg:expenditureType (None if the column names none)."""
    etype = _expenditure_type(column)
    return f"{PG.amountColumn} {string(column)}", f"{PG.expenditureType} {vocab('expenditure-type', etype)}" if etype else None


@lru_cache(maxsize=1024)
def _expenditure_type(column: str) -> Optional[str]:
    """The expenditure type a budget-table column names (the same few columns in every row)."""
    return EXPENDITURE_COLUMNS.get(iris.normalize_key(column))


def _figure(b: _GraphBuilder, figure: Figure) -> None:
    subject = b.allocation("figure", figure.span.start, figure.name)
    _allocation(b, subject, figure.yuan, _dataset(b, "figure", figure.table or None), figure.span)
    b.add(subject, PG.figureName, zh(figure.name))


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


def _title_index(rec: DocumentRecord) -> dict[str, str]:
    """Title doc_id → cited-document IRI within this record, so ``cites`` reaches a numbered document."""
    index: dict[str, str] = {}
    for c in rec.citations:
        if c.title and c.doc_id and c.is_policy:
            index.setdefault(_title_doc_id(c.title), _cited_node(c.doc_id))
    return index


def _cited_document(b: _GraphBuilder, c: Citation, titles: dict[str, str]) -> str:
    doc = _cited_node(c.doc_id)
    b.add(doc, RDF.type, PG.CitedDocument)
    b.add(doc, RDF.type, ELI.LegalResource)
    num = c.doc_number
    b.add(doc, RDFS.label, zh(c.title or (num.normalized if num else c.text)))
    if c.title:
        b.add(doc, ELI.title, zh(c.title))
    b.add(doc, SKOS.altLabel, zh(_LINE_WRAP.sub("", c.text)))  # an alias to show; the verbatim text is pg:surfaceForm
    if num is not None:
        b.add(doc, ELI.id_local, string(num.normalized))
        if num.issuer_code:
            b.add(doc, PG.issuerCode, string(num.issuer_code))
        if num.serial:
            b.add(doc, PG.serialNumber, string(num.serial))
    if c.year is not None:
        b.add(doc, PG.documentYear, integer(c.year))
    if c.level:
        b.add(doc, PG.level, vocab("level", c.level))
    if c.doc_type:
        concept, known = iris.doc_type_iri(c.doc_type)
        concept = node(concept)
        b.add(doc, ELI.type_document, concept)
        if not known:  # a 文种 the reference vocabulary lacks: this source states it
            b.add(concept, RDF.type, SKOS.Concept)
            b.add(concept, SKOS.inScheme, node(iris.vocab_scheme_iri("doc-type")))
            b.add(concept, SKOS.notation, string(c.doc_type))
            b.add(concept, SKOS.prefLabel, zh(c.doc_type))
    # full names in the citing document's context (市政府 in a Shanghai document is 上海市人民政府):
    # one issuer IRI per organisation, whichever short name a source writes
    names = _issuer_names(c.issuer_canonical or c.issuer)
    for name in names:  # joint issuers (中共中央、国务院) are each an organisation
        issuer = _organisation(b, name, PG.Issuer)
        b.add(doc, ELI.passed_by, issuer)
        if c.level and len(names) == 1:  # a joint document's level need not be each issuer's
            b.add(issuer, PG.level, vocab("level", c.level))
    for title in c.cites:
        inner_id = _title_doc_id(title)
        inner = titles.get(inner_id) or _cited_node(inner_id)
        if inner == doc:
            continue
        b.add(doc, ELI.cites, inner)
        b.add(inner, RDF.type, PG.CitedDocument)
        b.add(inner, RDF.type, ELI.LegalResource)
        b.add(inner, RDFS.label, zh(title))
        b.add(inner, ELI.title, zh(title))
    return doc


def _occurrence(b: _GraphBuilder, subject: str, c: Citation) -> None:
    """What citations and mentions share: kind, surface form, rule, confidence, section, provenance."""
    b.add(subject, PG.citationKind, vocab("citation-kind", c.kind))
    b.add(subject, PG.surfaceForm, string(c.text))
    b.add(subject, PG.rule, string(c.rule))
    b.add(subject, PG.confidence, decimal(c.confidence))
    if c.section:
        b.add(subject, PG.section, vocab("section", c.section))
    b.fact(subject, c.span)


def _citation(b: _GraphBuilder, c: Citation, project_nodes: dict[str, str], titles: dict[str, str]) -> None:
    project = project_nodes.get(c.project) if c.project else None
    if not c.is_policy:  # magazines, reports, meetings: kept apart, never a cited document
        subject = f"{b.mention_prefix}{c.span.start}-{c.span.end}>"  # iris.mention_iri
        b.add(subject, RDF.type, PG.Mention)
        if c.title:
            b.add(subject, RDFS.label, zh(c.title))
        b.add(subject, PG.mentioningProject, project)
        _occurrence(b, subject, c)
        return
    subject = f"{b.citation_prefix}{c.span.start}-{c.span.end}>"  # iris.citation_iri
    b.add(subject, RDF.type, PG.Citation)
    _occurrence(b, subject, c)
    b.add(subject, PG.citingProject, project)
    if c.issuer_from:
        b.add(subject, PG.issuerSource, string(c.issuer_from))
    if c.doc_id:
        doc = _cited_document(b, c, titles)
        b.add(subject, PG.citedDocument, doc)
        if project is not None:
            b.add(project, PG.citesDocument, doc)


def _warnings(b: _GraphBuilder) -> None:
    for index, w in enumerate(b.record.warnings):
        subject = f"{b.warning_prefix}{index}>"  # iris.warning_iri
        b.add(subject, RDF.type, PG.ExtractionWarning)
        b.add(subject, PG.warningCode, string(w.code))
        b.add(subject, PG.message, string(w.message))
        b.add(b.source, PG.hasWarning, subject)
        b.fact(subject, w.span)


# ---------------------------------------------------------------------------


def _build(record: DocumentRecord, text: str) -> _GraphBuilder:
    b = _GraphBuilder(record, text)
    project_nodes = {name: node(iri) for name, iri in project_iris(record).items()}
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
    return b


def record_nquads(record: DocumentRecord, text: str) -> tuple[bytes, int]:
    """The record's quads as N-Quads (what ingest workers hand the writer), and their number."""
    b = _build(record, text)
    return b.nquads(), len(b.lines)


def record_quads(record: DocumentRecord, text: str) -> list[Quad]:
    """All quads of one source document's named graph, in a stable order."""
    data, _ = record_nquads(record, text)
    return list(parse(data, format=RdfFormat.N_QUADS))


def graph_of(record: DocumentRecord) -> NamedNode:
    """The named graph a record's quads go to."""
    return iris.source_graph(iris.source_key(record.source))


def iter_records_quads(pairs: Iterable[tuple[DocumentRecord, str]]) -> Iterable[Quad]:
    for record, text in pairs:
        yield from record_quads(record, text)
