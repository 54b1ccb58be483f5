"""One whole department budget (部门预算) and the ground-truth record of everything in it.

The document follows the samples' order: title, 预算主管部门, 目录, 主要职能, 机构设置, 名词解释,
编制说明, the nine tables, 其他相关情况说明, then the project sections. Layouts:

* ``markdown`` – Markdown headings (#, ##, ###), tab-separated tables (the 2023 科委 sample);
* ``plain``    – the same without heading marks (the 2023 科协 sample);
* ``indented`` – no marks, centred project titles, ideographic-space indents, running text
  wrapped mid-word at a fixed width, space-separated tables (the 2025 科协 sample).

Encodings and line endings vary too (UTF-8, UTF-8 with BOM, GB18030; LF or CRLF): spans and
lines in the ground truth index the decoded text, as the reader contract says.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from typing import Any, Optional

from policygraph.extract.models import Amount, Citation, DocumentRecord, Project, Span, Unit

from . import GENERATOR_VERSION, cite, data, money, tables
from .project import Layout, ProjectGold, write_brief_project, write_project
from .text import Mark, Segment, TextBuilder
from .world import Department, ProjectSpec, dept_world, law_pool, rng_for

ENCODINGS = (("utf-8", 92), ("utf-8-sig", 4), ("gb18030", 4))
# the district layout numbers the parts of the document (tests/fixtures/district_2024.txt)
DISTRICT_PARTS = {"duties": "一、部门主要职能", "organisation": "二、部门机构设置", "explanation": "三、{y}年部门预算编制说明",
                  "tables": "四、部门预算表", "projects": "五、项目支出情况说明", "key": "六、重点项目说明", "glossary": "七、名词解释"}
CN_NUM = "一二三四五六七八九十"


@dataclass
class GeneratedDocument:
    name: str  # file name, unique in the corpus
    raw: bytes
    record: DocumentRecord
    extra: dict[str, Any]  # facts about the layout, for per-layout scores
    citation_extra: list[dict[str, Any]]  # one per record.citations
    project_extra: list[dict[str, Any]]  # one per record.projects


def file_name(index: int, dept: Department, year: int) -> str:
    digest = hashlib.sha256(f"{dept.key}/{year}".encode()).hexdigest()[:12]
    return f"{index:05d}_{digest}.txt"


class _Doc:
    """State while writing one document."""

    def __init__(self, seed: int, dept: Department, year: int) -> None:
        self.seed = seed
        self.rng = rng_for(seed, "document", dept.key, year)
        self.dept = dept
        self.year = year
        self.world = dept_world(seed, dept)
        self.layout = self.world.layout(year)
        rng = self.rng
        self.newline = "\r\n" if rng.random() < 0.03 else "\n"
        self.wrap = rng.randint(60, 76) if self.layout == "indented" and rng.random() < 0.85 else 0
        self.b = TextBuilder(self.newline, self.wrap)
        self.units: list[Unit] = []
        self.citations: list[tuple[cite.CiteGold, Span, Optional[str], Optional[str]]] = []
        self.indent = "　　" if self.layout == "indented" else ""

    # -- writing helpers -------------------------------------------------------

    def heading(self, level: int, text: str) -> Span:
        lead = "#" * level + " " if self.layout == "markdown" else (" " if self.layout == "indented" and level == 1 else "")
        (_, span), = self.b.para(lead, Mark(text, "heading"))
        self.gap()
        return span

    def part(self, key: str, level: int, text: str) -> Span:
        """A part heading: the district layout numbers its parts (一、部门主要职能 …)."""
        if self.layout == "district":
            return self.heading(2, DISTRICT_PARTS[key].format(y=self.year))
        return self.heading(level, text)

    def gap(self) -> None:
        if self.layout != "indented":
            self.b.blank()

    def text(self, *segments: Segment, gap: bool = True) -> list[tuple[Any, Span]]:
        blank = 1 if gap and self.layout != "indented" else 0
        segs = (self.indent, *segments) if self.indent else segments
        spans = self.b.para(*segs, flow=True, gap=blank)
        for payload, span in spans:
            if isinstance(payload, cite.CiteGold):
                self.citations.append((payload, span, None, None))
        return spans

    # -- parts -----------------------------------------------------------------

    def front(self) -> tuple[str, Span]:
        b, y, dept = self.b, self.year, self.dept
        b.blank(self.rng.choice((1, 2)))
        title = f"{dept.region.full}{y}年{dept.region.level_word}部门预算"
        self.heading(1, title)
        (_, dept_span), = b.para("预算主管部门：", Mark(dept.name, "department"))
        self.gap()
        if self.layout in ("markdown", "plain"):
            self.heading(1, "目 录")
            sub = "  - " if self.layout == "markdown" else " - "
            items = ["一、部门主要职能", "二、部门机构设置", "三、名词解释", "四、部门预算编制说明", "五、部门预算表"]
            for item in items:
                b.para("- " + item)
            for i, t in enumerate(self.table_titles(), 1):
                b.para(f"{sub}{i}. {t}")
            b.para("- 六、其他相关情况说明")
            b.para("- 七、项目经费情况说明")
            self.gap()
        return title, dept_span

    def table_titles(self) -> list[str]:
        y = self.year
        return [f"{y}年部门财务收支预算总表", f"{y}年部门收入预算总表", f"{y}年部门支出预算总表", f"{y}年部门财政拨款收支预算总表",
                f"{y}年部门一般公共预算支出功能分类预算表", f"{y}年部门政府性基金预算支出功能分类预算表",
                f"{y}年部门国有资本经营预算支出功能分类预算表", f"{y}年部门一般公共预算基本支出部门预算经济分类预算表",
                f"{y}年部门“三公”经费和机关运行经费预算表"]

    def duties(self) -> None:
        rng, dept = self.rng, self.dept
        dom = data.js("domains.json")[dept.domain]
        self.part("duties", 1, f"{dept.name}（部门）主要职能")
        self.text(f"{dept.name}是{dept.region.full}负责{rng.choice(dom['topics'])}等工作的{'人民团体' if dept.domain == 'massorg' else '政府工作部门'}。")
        self.text("主要职能包括：")
        items: list[list[Segment]] = []
        for t in rng.sample(dom["duties"], min(len(dom["duties"]), rng.randint(2, 4))):
            items.append([t.format(topic=rng.choice(dom["topics"]), topic2=rng.choice(dom["topics"]))])
        if rng.random() < 0.45:
            law = law_pool(dept.region.city, dept.domain).draw(rng)
            items.insert(rng.randint(0, len(items)), ["依照", *cite.cite_law(rng, law), "，履行相关法定职责，推动相关事业健康发展。"])
        items.append([data.js("prose.json")["duties_common"][0].format(level="市" if dept.region.kind == "city" else "区")])
        for i, segs in enumerate(items, 1):
            lead = {"markdown": f"{i}. ", "plain": f"- （{i}）", "indented": f"（{i}）", "district": f"{i}．"}[self.layout]
            self.text(lead, *segs, gap=self.layout == "markdown")
        self.gap()

    def organisation(self) -> None:
        world, dept = self.world, self.dept
        self.part("organisation", 2, f"{dept.name}（部门）机构设置")
        n = len(world.units)
        admin = world.n_admin
        if self.layout == "district":
            self.text(f"本部门预算包括本部及所属{n - 1}家预算单位，其中行政单位{admin}家，事业单位{n - admin}家，具体包括：", gap=False)
        else:
            self.text(f"{dept.name}部门预算是包括{world.units[0]}以及下属{n - 1}家预算单位的综合收支计划。本部门中，"
                      f"行政单位{admin}家, 事业单位{n - admin}家，具体包括：")
        for i, name in enumerate(world.units, 1):
            lead = {"markdown": f"{i}. ", "plain": f"{i}. ", "indented": f"　　{i}．", "district": f"{i}．"}[self.layout]
            kind = None
            tail = ""
            if self.layout == "district":  # the district layout says which units are administrative
                kind = "administrative" if i <= admin else "public_institution"
                tail = "（行政单位）" if kind == "administrative" else "（事业单位）"
            (_, span), = self.b.para(lead, Mark(name, "unit"), tail)
            self.units.append(Unit(name=name, span=span, kind=kind))
        self.gap()

    def glossary(self) -> None:
        self.part("glossary", 2, "名词解释")
        for line in data.js("prose.json")["glossary"]:
            self.text(line)

    def explanation(self, budget: tables.Budget) -> None:
        y, dept = self.year, self.dept
        w = lambda v: f"{round(v / 10000):,}"  # noqa: E731
        fiscal, prev = budget.fiscal, budget.previous_fiscal
        change = "增加" if fiscal >= prev else "减少"
        business = sum(leaf.business for leaf in budget.leaves.values())
        operating = sum(leaf.operating for leaf in budget.leaves.values())
        other = sum(leaf.other for leaf in budget.leaves.values())
        self.part("explanation", 2, f"{y}年部门预算编制说明")
        self.text(f"{y}年，{dept.name}收入预算{w(budget.total)}万元，其中：财政拨款收入{w(fiscal)}万元，比{y - 1}年预算{change}"
                  f"{w(abs(fiscal - prev))}万元；事业收入{w(business)}万元；事业单位经营收入{w(operating)}万元；其他收入{w(other)}万元。")
        self.text(f"支出预算{w(budget.total)}万元，其中：财政拨款支出预算{w(fiscal)}万元，比{y - 1}年预算{change}{w(abs(fiscal - prev))}万元。"
                  "财政拨款支出主要内容如下：")
        names = tables.function_codes()
        for i, c in enumerate(budget.classes(), 1):
            amount = budget.sum(c, "fiscal")
            if amount:
                self.text(f"{i}. “{names[c].name}”科目{w(amount)}万元，主要用于部门机构运转及各类业务活动等支出。", gap=self.layout == "markdown")
        self.gap()

    def other_info(self, budget: tables.Budget) -> None:
        y, dept, rng = self.year, self.dept, self.rng
        s = budget.sangong
        total = sum(s.values())
        self.heading(2, "其他相关情况说明")
        sub = 3
        self.heading(sub, f"一、{y}年“三公”经费预算情况说明")
        self.text(f"{y}年“三公”经费预算数为{money.wan(total, min_decimals=2)}万元，与{y - 1}年预算持平。其中："
                  f"因公出国（境）费{money.wan(s['因公出国(境)费'], min_decimals=2)}万元；"
                  f"公务用车购置及运行费{money.wan(s['公务用车购置费'] + s['公务用车运行费'], min_decimals=2)}万元；"
                  f"公务接待费{money.wan(s['公务接待费'], min_decimals=2)}万元。")
        self.heading(sub, "二、机关运行经费预算")
        self.text(f"{y}年{dept.name}（部门）下属{self.world.n_admin}家机关和0家参公事业单位财政拨款的机关运行经费预算为"
                  f"{money.wan(budget.running_cost, min_decimals=2)}万元。")
        self.heading(sub, "三、政府采购预算情况")
        buy = money.round_to(int(budget.total * rng.uniform(0.01, 0.08)), 100)
        self.text(f"{y}年度本部门政府采购预算{money.wan(buy, min_decimals=2, sep=True)}万元。")
        self.heading(sub, "四、绩效目标设置情况")
        self.text(f"按照预算绩效管理工作的总体要求，本部门{len(self.world.units)}个预算单位开展了{y}年项目预算绩效目标编报工作。")

    # -- the whole document ----------------------------------------------------

    def build(self, index: int) -> GeneratedDocument:
        rng, world, year = self.rng, self.world, self.year
        active = [p for p in world.projects if p.active(year)]
        amounts = {p.pid: self.project_yuan(p) for p in active}
        budget = tables.make_budget(rng, world, year, sum(amounts.values()))
        title, dept_span = self.front()
        self.duties()
        self.organisation()
        if world.glossary and self.layout != "district":
            self.glossary()
        self.explanation(budget)
        style = self.table_style()
        if self.layout == "district":
            self.part("tables", 2, "")
        figures = tables.write_money_summary(self.b, style, budget, self.dept.name)
        lines = tables.write_function_tables(self.b, style, budget, self.dept.name)
        sangong_title = self.table_titles()[-1] if rng.random() < 0.5 else "部门“三公”经费和机关运行经费预算表"
        figures += tables.write_sangong(self.b, style, budget, self.dept.name, sangong_title)
        gold = ProjectGold()
        layout = Layout(self.layout, indent=rng.choice(("", "", " ", "      ")) if self.layout == "indented" else "")
        if self.layout == "district":
            brief = active[len(active) - rng.randint(0, 3):] if len(active) > 4 else []
            self.part("projects", 2, "")
            for i, spec in enumerate(active[: len(active) - len(brief)], 1):
                write_project(rng, self.b, layout, spec, self.dept, year, amounts[spec.pid], gold, number=i)
            if brief:
                self.part("key", 2, "")
                for i, spec in enumerate(brief, 1):
                    write_brief_project(rng, self.b, spec, year, amounts[spec.pid], gold, i)
            if world.glossary:
                self.glossary()
        else:
            self.other_info(budget)
            for spec in active:
                write_project(rng, self.b, layout, spec, self.dept, year, amounts[spec.pid], gold)
        text = self.b.value()
        return self.finish(index, text, title, dept_span, gold, lines, figures, style)

    def project_yuan(self, spec: ProjectSpec) -> int:
        value = spec.base_yuan * (1 + spec.growth) ** (self.year - spec.start) * self.rng.uniform(0.85, 1.15)
        return max(10_000, int(value))

    def table_style(self) -> tables.TableStyle:
        rng = self.rng
        number = rng.choices(("sep", "plain", "decimals"), (88, 6, 6))[0]
        names = rng.random() < 0.97
        if self.layout == "indented":
            return tables.TableStyle("space", "", number, rng.randint(12, 16), True, names)
        return tables.TableStyle("tab", "## " if self.layout == "markdown" else "", number, rng.randint(22, 34), rng.random() < 0.5, names)

    def finish(self, index: int, text: str, title: str, dept_span: Span, gold: ProjectGold, lines, figures, style) -> GeneratedDocument:
        name = file_name(index, self.dept, self.year)
        encoding = self.rng.choices(*zip(*ENCODINGS))[0]
        raw = text.encode(encoding)
        projects = [_with_amount_text(p, text) for p in gold.projects]
        cites = sorted(self.citations + gold.citations, key=lambda c: c[1].start)
        citations = [_citation(g, span, project, section, text) for g, span, project, section in cites]
        record = DocumentRecord(
            source=name, sha256=hashlib.sha256(raw).hexdigest(), encoding=encoding, n_chars=len(text), kind="department_budget",
            title=title, department=self.dept.name, department_span=dept_span, year=self.year, units=tuple(self.units),
            projects=tuple(projects), budget_lines=tuple(lines), figures=tuple(figures), citations=tuple(citations),
        )
        extra = {"generator": GENERATOR_VERSION, "layout": self.layout, "table_layout": style.layout, "table_unit": self.world.table_unit,
                 "wrap": self.wrap, "newline": "crlf" if self.newline == "\r\n" else "lf", "region": self.dept.region.full,
                 "region_kind": self.dept.region.kind, "domain": self.dept.domain}
        citation_extra = [{"form": g.form.split("!")[0], "catalog": g.catalog_key, "issuer_canonical": g.issuer_canonical}
                          for g, _, _, _ in cites]
        return GeneratedDocument(name, raw, record, extra, citation_extra, gold.extras)


def _with_amount_text(project: Project, text: str) -> Project:
    if project.amount is None:
        return project
    amount: Amount = project.amount
    return dataclasses.replace(project, amount=dataclasses.replace(amount, text=text[amount.span.start:amount.span.end]))


def _citation(g: cite.CiteGold, span: Span, project: Optional[str], section: Optional[str], text: str) -> Citation:
    return Citation(
        text=text[span.start:span.end], span=span, kind=g.kind, is_policy=g.is_policy, rule="synthetic:" + g.form.split("!")[0],
        doc_id=g.doc_id, project=project, section=section, title=g.title, doc_number=g.doc_number, issuer=g.issuer,
        issuer_from=g.issuer_from, doc_type=g.doc_type, level=g.level, year=g.year, confidence=g.confidence, cites=g.cites,
    )


def generate_document(seed: int, index: int, dept: Department, year: int) -> GeneratedDocument:
    """The document of ``dept`` for ``year`` (``index`` only names the file)."""
    return _Doc(seed, dept, year).build(index)


__all__ = ["GeneratedDocument", "generate_document", "file_name"]
