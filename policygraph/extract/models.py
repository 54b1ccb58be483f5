"""Records that extraction produces: frozen dataclasses carrying provenance.

These records are the contract between ``extract`` and everything downstream
(``graph`` maps them to RDF, the CLI prints them as JSONL). They know nothing
of RDF. Every fact carries a :class:`Span`: character offsets into the text as
read (after decoding, BOM removed, line endings untouched) and the 1-based line
where it starts, so a researcher can go back to the exact place in the file.

Conventions
-----------
* Offsets are ``[start, end)`` Python string indices into ``SourceText.text``.
* Amounts are integers in yuan (元). ``None`` means "not stated", never 0.
* Names are kept as written (whitespace/line-wrap joins removed), not normalised;
  normalisation for identity (IRIs) happens in ``graph``.
* Tuples, not lists, so records are hashable and immutable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

# ---------------------------------------------------------------------------
# provenance


@dataclass(frozen=True)
class Span:
    """Where a fact sits in the source text: ``text[start:end]``, starting on ``line`` (1-based)."""

    start: int
    end: int
    line: int

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end):
            raise ValueError(f"bad span {self.start}..{self.end}")
        if self.line < 1:
            raise ValueError(f"bad line {self.line}")


# ---------------------------------------------------------------------------
# document kinds, section keys, citation kinds: closed vocabularies

DOCUMENT_KINDS = (
    "department_budget",  # 部门预算 (市级/区级部门预算, 含项目经费情况说明)
    "performance_target_declaration",  # 财政支出项目绩效目标申报表
    "project_declaration",  # 项目申报书/申报表 without performance targets
    "unknown",
)

#: canonical section keys -> the headings that introduce them (see structure extraction)
SECTION_KEYS = (
    "overview",  # 项目概述 / 项目概况
    "basis",  # 立项依据
    "implementer",  # 实施主体
    "plan",  # 实施方案 / 项目实施计划
    "period",  # 实施周期 / 开始时间 结束时间
    "budget",  # 年度预算安排 / 项目当年投入资金构成
    "performance",  # 绩效目标 / 年度绩效目标
    "necessity",  # 项目设立的必要性 (forms)
    "measures",  # 保证项目实施的制度、措施 (forms)
    "purpose",  # 资金用途 (forms)
    "other",
)

CITATION_KINDS = (
    "document",  # a titled and/or numbered document: 《…》, 国发〔2022〕14号
    "law",  # a law or regulation named (with or without 《》): …法, …条例
    "instruction",  # a basis without a title: 根据…相关文件精神, a leader's 批示 (low confidence)
    "mention",  # something in 《》 that is not a policy: magazine, report, meeting, book (is_policy False)
)

POLICY_LEVELS = ("national", "ministry", "municipal", "district", "party", "mass_organisation", "unknown")


# ---------------------------------------------------------------------------
# amounts


@dataclass(frozen=True)
class Amount:
    """A money amount as stated, converted to yuan.

    ``derived`` is True when no total was stated and ``yuan`` is the sum of the
    stated parts (sub-projects); then ``span`` covers the parts.
    ``quarterly`` holds stated quarterly shares in percent (Q1..Q4) when given.
    """

    yuan: Optional[int]
    text: str
    span: Span
    approximate: bool = False  # 约 / 左右 / 余
    derived: bool = False
    quarterly: Optional[tuple[float, float, float, float]] = None


# ---------------------------------------------------------------------------
# organisation units


@dataclass(frozen=True)
class Unit:
    """A budget unit listed under 机构设置 (or the declaring unit of a form)."""

    name: str
    span: Span
    kind: Optional[str] = None  # "administrative" (行政单位) | "public_institution" (事业单位) | None


# ---------------------------------------------------------------------------
# projects


@dataclass(frozen=True)
class Section:
    """One section of a project description: heading plus body."""

    key: str  # one of SECTION_KEYS
    heading: str  # as written, e.g. "二、立项依据"
    span: Span  # the heading
    body: Span  # the body text, up to the next section/project heading


@dataclass(frozen=True)
class Project:
    """A project (or sub-project, with ``parent`` set) and what the document says about it."""

    name: str
    span: Span  # the heading / name as written
    extent: Span  # the whole project block, heading to end of its last section
    parent: Optional[str] = None  # name of the parent project for sub-projects
    unit: Optional[str] = None  # implementing unit: an organisation, not an internal division
    unit_span: Optional[Span] = None
    amount: Optional[Amount] = None  # the year's amount
    total_amount: Optional[Amount] = None  # 项目总预算 when it differs from the year's amount
    period: Optional[str] = None  # as written, e.g. "2023.01.01至2023.12.31"
    period_start: Optional[str] = None  # ISO date when it can be read
    period_end: Optional[str] = None
    sections: tuple[Section, ...] = ()
    flags: tuple[str, ...] = ()  # e.g. "implausible_amount", "amount_missing"


# ---------------------------------------------------------------------------
# budget tables


@dataclass(frozen=True)
class BudgetLine:
    """One classified row of a budget table, amounts in yuan keyed by column name."""

    table: str  # the table title as written, e.g. "2023年部门支出预算总表"
    classification: str  # "function" (功能分类) | "economic" (经济分类)
    code: str  # "206", "20602", "2060206" (economic: "301", "30101")
    name: Optional[str]  # 科目名称 when the table gives it
    amounts: tuple[tuple[str, int], ...]  # (("合计", 54272883), ("基本支出", 36119289), ...)
    span: Span

    def amount(self, column: str) -> Optional[int]:
        return dict(self.amounts).get(column)


@dataclass(frozen=True)
class Figure:
    """A named department-level figure: totals, 三公 经费, 机关运行经费 …"""

    name: str  # e.g. "三公经费合计", "因公出国(境)费", "机关运行经费", "收入总计"
    yuan: int
    span: Span
    table: Optional[str] = None


# ---------------------------------------------------------------------------
# citations


@dataclass(frozen=True)
class DocNumber:
    """A document number (发文字号) parsed: 沪府办规〔2021〕5号 -> (沪府办规, 2021, "5")."""

    text: str  # as written
    issuer_code: Optional[str]  # 沪府办规, 国科发火字 …
    year: Optional[int]
    serial: Optional[str]  # as written, leading zeros kept: "034"

    @property
    def normalized(self) -> str:
        """Canonical form: 〔〕 brackets, no spaces, no 第: ``沪府办规〔2021〕5号``."""
        code = self.issuer_code or ""
        year = f"〔{self.year}〕" if self.year is not None else ""
        serial = f"{self.serial}号" if self.serial is not None else ""
        return f"{code}{year}{serial}" or self.text


@dataclass(frozen=True)
class Citation:
    """A mention of a document (or an untitled basis) in the text."""

    text: str  # surface text, == source_text[span.start:span.end]
    span: Span
    kind: str  # one of CITATION_KINDS
    is_policy: bool
    rule: str  # id of the pattern rule that found it
    doc_id: Optional[str]  # canonical document id (by number, else normalised title); None for instructions
    project: Optional[str] = None  # project name; None for department-level text
    section: Optional[str] = None  # section key the mention sits in
    title: Optional[str] = None
    doc_number: Optional[DocNumber] = None
    issuer: Optional[str] = None
    issuer_from: Optional[str] = None  # "text" | "code" | None
    doc_type: Optional[str] = None  # 法, 条例, 规定, 办法, 意见, 通知, 规划, 纲要, 方案 …
    level: Optional[str] = None  # one of POLICY_LEVELS
    year: Optional[int] = None  # the cited document's year when known (from number or title)
    confidence: float = 1.0
    cites: tuple[str, ...] = ()  # titles referenced inside this title (关于贯彻落实《A》… cites A)
    #: the issuer's full name(s) in the citing document's context, joint issuers joined by 、
    #: (市政府 in a Shanghai document -> 上海市人民政府); the graph's issuer IRIs come from it
    issuer_canonical: Optional[str] = None


# ---------------------------------------------------------------------------
# the whole document


@dataclass(frozen=True)
class Warning_:
    """Something the extractor noticed and did not silently fix (sum mismatch, implausible amount …)."""

    code: str  # e.g. "sum_mismatch", "implausible_amount", "unparsed_amount"
    message: str
    span: Optional[Span] = None


@dataclass(frozen=True)
class DocumentRecord:
    """Everything read out of one source document."""

    source: str  # the path as given (relative paths stay relative)
    sha256: str  # of the raw bytes
    encoding: str  # "utf-8", "utf-8-sig", "gb18030", "pdf"
    n_chars: int
    kind: str  # one of DOCUMENT_KINDS
    title: Optional[str] = None
    department: Optional[str] = None
    department_span: Optional[Span] = None
    year: Optional[int] = None
    units: tuple[Unit, ...] = ()
    projects: tuple[Project, ...] = ()
    budget_lines: tuple[BudgetLine, ...] = ()
    figures: tuple[Figure, ...] = ()
    citations: tuple[Citation, ...] = ()
    warnings: tuple[Warning_, ...] = field(default=())
