"""Project sections "XXX项目经费情况说明" with the seven headings, and their ground truth.

A project is written as a heading and sections (一、项目概述 … 七、绩效目标). Each section body
is a list of paragraphs; a paragraph is a list of segments whose Marks carry tagged payloads:

* a :class:`~.cite.CiteGold` for a citation;
* ``("amount", AmountInfo)`` the year's amount (or a sub-project's);
* ``("sub", index)`` a sub-project's name;
* ``("unit", name)`` the implementing unit.

:func:`write_project` writes them through the layout and returns the ground truth.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Optional

from policygraph.extract.models import Amount, Project, Section, Span

from . import cite, data, money
from .text import Mark, Segment, TextBuilder
from .world import CatalogDoc, Department, ProjectSpec

SECTION_TITLES = (
    ("overview", "一、项目概述"), ("basis", "二、立项依据"), ("implementer", "三、实施主体"), ("plan", "四、实施方案"),
    ("period", "五、实施周期"), ("budget", "六、年度预算安排"), ("performance", "七、绩效目标"),
)
SUFFIX = "项目经费情况说明"
DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals: 一, 十, 十一, 二十三."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[ones] if ones else "") if n else DIGITS[0]


@dataclass
class AmountInfo:
    yuan: int
    quarterly: Optional[tuple[float, float, float, float]] = None
    approximate: bool = False
    sub: Optional[int] = None  # index of the sub-project this amount belongs to


@dataclass
class Layout:
    """How the current document writes projects."""

    name: str  # "markdown" | "plain" | "indented"
    indent: str = ""  # leading spaces of body paragraphs (indented layout)

    @property
    def blank_between(self) -> bool:
        return self.name != "indented"


@dataclass
class ProjectGold:
    projects: list[Project] = field(default_factory=list)
    citations: list[tuple[cite.CiteGold, Span, Optional[str], Optional[str]]] = field(default_factory=list)
    extras: list[dict[str, Any]] = field(default_factory=list)  # one per project: how its amount is written


# ---------------------------------------------------------------------------
# filling templates


def _fill(rng: random.Random, template: str, spec: ProjectSpec, dept: Department, year: int, unit: str) -> str:
    if "{" not in template:
        return template
    slots = {"topic": spec.topic, "topic2": spec.topic2, "unit": unit, "dept": dept.name, "dept_short": dept.short,
             "city": dept.region.full, "region": dept.region.full, "year": year, "prev": year - 1}
    if "{amount}" in template:
        slots["amount"] = f"{rng.randint(10, 3000)}{'余' if rng.random() < 0.3 else ''}万元"
    for name, lo, hi in (("n", 2, 60), ("m", 1, 50)):
        if "{" + name + "}" in template:
            slots[name] = rng.randint(lo, hi)
    if "{pct}" in template:
        slots["pct"] = rng.choice((85, 90, 95, 98))
    return template.format(**slots)


def _sentences(rng: random.Random, key: str, k: int, spec: ProjectSpec, dept: Department, year: int, unit: str) -> str:
    pool = data.js("prose.json")[key]
    return "".join(_fill(rng, t, spec, dept, year, unit) for t in rng.sample(pool, min(k, len(pool))))


# ---------------------------------------------------------------------------
# amounts


def _wan_amount(rng: random.Random, yuan: int) -> int:
    """Round to what a 万元 figure can show: whole 万 (often) or 0.01 万 (100 yuan)."""
    quantum = 10000 if rng.random() < 0.55 else 100
    return money.round_to(yuan, quantum)


def _wan_text(rng: random.Random, yuan: int) -> str:
    return money.wan(yuan, min_decimals=2 if rng.random() < 0.15 else 0)


def _quarter_text(q: tuple[int, ...]) -> str:
    names = ("第一季度", "第二季度", "第三季度", "第四季度")
    return "，".join(f"{n}{p}%" for n, p in zip(names, q))


def budget_paragraphs(rng: random.Random, spec: ProjectSpec, year: int, yuan: int) -> tuple[list[list[Segment]], int]:
    """Paragraphs of 六、年度预算安排 for a project without sub-projects, and the amount actually written."""
    style = spec.amount_style
    q = spec.quarterly
    name = spec.name
    if style == "yi" and yuan < 100_000_000:
        style = "plan_wan"
    if style in ("apply_yuan", "bare_yuan", "fiscal_total_yuan"):
        yuan = money.round_to(yuan, rng.choice((1, 10, 100, 1000)))
        if style == "apply_yuan":
            return [["申请年度预算", Mark(f"{yuan:,}.00元", ("amount", AmountInfo(yuan)))]], yuan
        if style == "bare_yuan":
            return [[Mark(f"{yuan:,}元", ("amount", AmountInfo(yuan)))]], yuan
        return [[f"{year}年度财政资金预算总额", Mark(f"{yuan}.00元", ("amount", AmountInfo(yuan)))]], yuan
    if style == "yi":
        yuan = money.round_to(yuan, 1_000_000)
        return [["本年度预算", Mark(f"{money.yi(yuan)}亿元", ("amount", AmountInfo(yuan))), "。"]], yuan
    yuan = _wan_amount(rng, yuan)
    w = _wan_text(rng, yuan)
    quarterly = tuple(float(p) for p in q) if q else None
    if style == "plan_wan":
        info = AmountInfo(yuan, quarterly=quarterly)
        lead = rng.choice((f"该项目{year}年计划投入", f"{year}年计划投入", "本项目年度计划投入"))
        tail = f"。其中：{_quarter_text(q)}。" if q else "。"
        return [[lead, Mark(f"{w}万元", ("amount", info)), tail]], yuan
    if style == "approx_quarters":
        info = AmountInfo(yuan, quarterly=quarterly, approximate=True)
        paras: list[list[Segment]] = [["预算人民币", Mark(f"约{w}万元", ("amount", info)), "，支出计划进度："]]
        for i, p in enumerate(q or (25, 25, 25, 25), 1):
            part = money.wan(money.round_to(yuan * p // 100, 1000))
            paras.append([f"- （{i}）{year}年{i}季度，执行{p}%，约{part}万元"])
        paras.append(["使用内容：" + rng.choice(("专家咨询费、劳务费、日常办公及学术交流等。", "委托业务费、印刷费等。"))])
        return paras, yuan
    if style == "total_fiscal":
        return [["本项目预算总金额为", Mark(f"{w}万元", ("amount", AmountInfo(yuan))), f"，其中财政资金{w}万元。"]], yuan
    if style == "arranged_wan":
        if rng.random() < 0.5:
            return [[f"{year}年{name}经费安排", Mark(f"{w}万元", ("amount", AmountInfo(yuan))), "。"]], yuan
        return [["本年度安排项目预算资金", Mark(f"{w}万元", ("amount", AmountInfo(yuan))), "，主要用于", spec.topic, "相关工作。"]], yuan
    if style == "bare_wan":
        return [[Mark(f"{w}万元", ("amount", AmountInfo(yuan))), rng.choice(("", "。"))]], yuan
    if style == "items_wan":
        parts = money.allocate(yuan, [rng.uniform(1, 4), rng.uniform(1, 4)], 100)
        items = rng.sample(data.js("prose.json")["subprojects"], 2)
        rest = "；".join(f"{n}：{money.wan(p, min_decimals=1)}万元" for n, p in zip(items, parts))
        return [["项目预算金额：", Mark(f"{w}万元", ("amount", AmountInfo(yuan))), f"，其中{rest}。"]], yuan
    if style == "self_raised":
        fiscal = money.round_to(yuan * rng.randint(30, 90) // 100, 100)
        return [["本年度预算", Mark(f"{w}万元", ("amount", AmountInfo(yuan))),
                 f"，其中：财政拨款{money.wan(fiscal)}万元，自筹资金{money.wan(yuan - fiscal)}万元。"]], yuan
    if style == "named_wan":
        return [[f"{name}项目 ", Mark(f"{w}万元", ("amount", AmountInfo(yuan))), "。"]], yuan
    if style == "space_wan":
        return [["预算金额", Mark(f"{w} 万元", ("amount", AmountInfo(yuan)))]], yuan
    if style == "fullwidth_wan":
        return [["本年度预算", Mark(f"{money.fullwidth(w)}万元", ("amount", AmountInfo(yuan))), "。"]], yuan
    if style == "wan_only":
        return [["预计总项目经费", Mark(f"{w}万", ("amount", AmountInfo(yuan))), "。"]], yuan
    raise ValueError(f"unknown amount style {style}")


def _sub_amounts(rng: random.Random, spec: ProjectSpec, yuan: int) -> list[int]:
    parts = money.allocate(money.round_to(yuan, 100), [s.weight for s in spec.subprojects], 100)
    return [max(100, p) for p in parts]


# ---------------------------------------------------------------------------
# sections


def _basis(rng: random.Random, spec: ProjectSpec, dept: Department, year: int, unit: str, layout: Layout) -> list[list[Segment]]:
    docs = list(spec.docs_for(year))
    style = spec.basis_style
    if style == "no_citation" or (not docs and style not in ("instruction",)):
        return [[_sentences(rng, "basis_prose", rng.randint(1, 2), spec, dept, year, unit)]]
    if style == "instruction":
        segs = cite.cite_instruction(rng, dept, spec.topic)
        purpose = segs[0].text.startswith("为")  # type: ignore[union-attr]
        return [[*segs, "，特设立本项目。" if purpose else rng.choice(("为依据。", "，结合本单位工作实际设立本项目。"))]]
    if style == "number_only":
        return [[*cite.cite_number_only(rng, docs[0]), _sentences(rng, "basis_prose", 1, spec, dept, year, unit)]]
    if style == "meta_lines":
        paras: list[list[Segment]] = []
        for doc in docs:
            segs = cite.cite_meta_line(rng, doc)
            if paras and rng.random() < 0.12:
                paras[-1] += [" ", *segs]  # two entries on one line, as extracted from a PDF
            else:
                paras.append(segs)
        return paras
    if style == "prose":
        segs: list[Segment] = [rng.choice(("本项目依据", "根据", "依据"))]
        for i, doc in enumerate(docs):
            if i:
                segs.append("以及" if i == len(docs) - 1 and rng.random() < 0.5 else "、")
            segs += cite.cite_document(rng, doc)
        segs.append(rng.choice(("等有关政策要求执行。", "的要求，", "等文件精神，")))
        if segs[-1] != "等有关政策要求执行。":
            segs.append(_sentences(rng, "basis_prose", 1, spec, dept, year, unit))
        return [segs]
    # numbered / bullets
    marker = rng.choice(("{i}、", "{i}.", "（{i}）", "{i}、"))
    end = rng.choice(("。", "；", "", "。"))
    paras = []
    if rng.random() < 0.15:
        paras.append(["依据："])
    i = 0
    pairs = _number_pairs(docs) if rng.random() < 0.3 else []
    if pairs:
        first, second = pairs[0]
        docs = [d for d in docs if d not in (first, second)]
        who = cite.alias(rng, first)
        paras.append([marker.format(i=1) if style == "numbered" else "- ", who, *cite.cite_number_list(rng, first, second, who), end])
        i = 1
    for doc in docs:
        i += 1
        lead = marker.format(i=i) if style == "numbered" else "- "
        if style == "numbered" and layout.name == "markdown" and rng.random() < 0.2:
            lead = "- " + lead
        paras.append([lead, *cite.cite_document(rng, doc), end])
    if rng.random() < 0.3:
        paras.append([_sentences(rng, "basis_prose", 1, spec, dept, year, unit)])
    return paras


def _number_pairs(docs: list[CatalogDoc]) -> list[tuple[CatalogDoc, CatalogDoc]]:
    by_code: dict[str, CatalogDoc] = {}
    for doc in docs:
        if doc.number is None or doc.kind != "document":
            continue
        code = doc.number[0]
        if code in by_code and by_code[code].number != doc.number:
            return [(by_code[code], doc)]
        by_code[code] = doc
    return []


def _implementer(rng: random.Random, spec: ProjectSpec, dept: Department) -> list[list[Segment]]:
    divisions = rng.sample(data.js("prose.json")["divisions"], 3)
    if spec.unit is None:
        return [[f"{divisions[0]}、{divisions[1]}组织现场调查，了解具体需求，由{divisions[2]}牵头沟通协调并监督项目实施情况。"]]
    unit = Mark(spec.unit, ("unit", spec.unit))
    style = spec.implementer_style
    if style == "sentence":
        return [["1、该项目由", unit, "负责组织实施。", f"单位具有稳定的运行经费来源，可为{spec.topic}工作提供资源保障。"]]
    if style == "lead":
        return [[unit, f"牵头，具体实施{divisions[0]}及{divisions[1]}。"]]
    if style == "describe":
        return [[unit, f"是{dept.name}直属事业单位，主要承担{spec.topic}相关工作。"]]
    return [[unit]]


def _period(rng: random.Random, spec: ProjectSpec, year: int) -> tuple[str, Optional[str], Optional[str]]:
    style = spec.period_style
    full = (f"{year}-01-01", f"{year}-12-31")
    if style == "dots":
        if spec.end > year and rng.random() < 0.2:
            return f"{year}.01.01至{spec.end}.12.31", full[0], f"{spec.end}-12-31"
        return f"{year}.01.01至{year}.12.31", *full
    if style == "cn_range":
        return f"{year}年1月1日—12月31日", *full
    if style == "cn_full":
        return f"{year}年1月1日-{year}年12月31日", *full
    if style == "year":
        return f"{year}年", None, None
    if style == "whole_year":
        return f"{year}全年", None, None
    if style == "months":
        return f"{year}年1月至12月", None, None
    month, day, last = rng.randint(1, 3), rng.randint(1, 28), rng.choice((20, 31))
    return f"{year}年{month}月{day}日-{year}年12月{last}日", f"{year}-{month:02d}-{day:02d}", f"{year}-12-{last}"


# ---------------------------------------------------------------------------
# writing a project


def _section_heading(rng: random.Random, layout: Layout, marker: str, title: str) -> list[Segment]:
    if layout.name == "district":
        return [Mark(title, ("heading", title))]
    if layout.name == "markdown":
        m = marker if rng.random() < 0.9 else rng.choice(("## ", "#### ", ""))
        return [m, Mark(title, ("heading", title))]
    return [Mark(title, ("heading", title))]


class _Writer:
    """Writes paragraphs of one project and collects the marks by tag."""

    def __init__(self, b: TextBuilder, layout: Layout) -> None:
        self.b = b
        self.layout = layout
        self.marks: list[tuple[Any, Span]] = []
        self.last_end = 0  # end offset of the last paragraph's text (no line break)

    def para(self, segs: list[Segment], *, indent: bool = True) -> list[tuple[Any, Span]]:
        if indent and self.layout.indent:
            segs = [self.layout.indent, *segs]
        gap = 1 if self.layout.blank_between else 0
        spans = self.b.para(*segs, flow=indent, gap=gap)
        self.last_end = self.b.pos - len(self.b.newline) * (1 + gap)
        self.marks += spans
        return spans


def write_project(rng: random.Random, b: TextBuilder, layout: Layout, spec: ProjectSpec, dept: Department, year: int,
                  yuan: int, gold: ProjectGold, number: int = 1) -> None:
    """Write one project section and add its ground truth (project, sub-projects, citations) to ``gold``.

    ``number`` is the project's place in the document (district layout headings: 一、X项目).
    """
    w = _Writer(b, layout)
    heading = spec.name + SUFFIX
    if layout.name == "markdown":
        lead: list[Segment] = ["## "]
    elif layout.name == "indented":
        lead = [" " * rng.choice((35, 39, 39, 40))]
    elif layout.name == "district":
        lead, heading = [f"{cn_number(number)}、"], spec.name
    else:
        lead = []
    (_, head_span), = w.para([*lead, Mark(heading, ("project", spec.name))], indent=False)
    marker = "### " if rng.random() < 0.85 else rng.choice(("#### ", "## "))
    unit_name = spec.unit or dept.name
    has_subs = bool(spec.subprojects)
    sub_amounts = _sub_amounts(rng, spec, yuan) if has_subs else []
    sections: list[Section] = []
    sub_spans: dict[int, Span] = {}
    amount_marks: list[tuple[AmountInfo, Span]] = []
    project_amount: Optional[tuple[AmountInfo, Span]] = None
    unit_span: Optional[Span] = None
    period = (None, None, None)
    written = 0
    for key, title in SECTION_TITLES:
        if key in spec.missing or (layout.name == "district" and key in ("plan", "performance") and rng.random() < 0.6):
            continue
        if key == "overview" and rng.random() < 0.1:
            title = "一、项目概况"
        written += 1
        if layout.name == "district":  # sections numbered in order of appearance: （一）项目概述 （二）立项依据 …
            title = f"（{cn_number(written)}）{title.split('、', 1)[1]}"
        paras = _section_body(rng, key, spec, dept, year, unit_name, layout, yuan, sub_amounts)
        if key == "period":
            period = paras[1]  # type: ignore[assignment]
            paras = paras[0]  # type: ignore[assignment]
        (_, h_span), = w.para(_section_heading(rng, layout, marker, title), indent=False)
        body_start = Span(b.pos, b.pos, b.line)
        first = len(w.marks)
        for para in paras:
            w.para(para)
        body = Span(body_start.start, max(body_start.start, w.last_end), body_start.line)
        sections.append(Section(key=key, heading=title, span=h_span, body=body))
        for payload, span in w.marks[first:]:
            if isinstance(payload, cite.CiteGold):
                gold.citations.append((payload, span, spec.name, key))
                continue
            tag, value = payload
            if tag == "amount":
                if value.sub is None:
                    project_amount = (value, span)
                else:
                    amount_marks.append((value, span))
            elif tag == "sub":
                sub_spans[value] = span
            elif tag == "unit" and unit_span is None:
                unit_span = span
    extent = Span(head_span.start, w.last_end, head_span.line)
    if layout.name == "indented":
        b.blank(3)
    flags: tuple[str, ...] = ()
    amount = None
    if project_amount is not None:
        info, span = project_amount
        amount = Amount(yuan=info.yuan, text="", span=span, approximate=info.approximate, quarterly=info.quarterly)
    elif has_subs and amount_marks and "budget" not in spec.missing:
        start, end = amount_marks[0][1], amount_marks[-1][1]
        amount = Amount(yuan=sum(sub_amounts), text="", span=Span(start.start, end.end, start.line), derived=True)
    else:
        flags = ("amount_missing",)
    text, start, end = period
    gold.projects.append(Project(
        name=spec.name, span=head_span, extent=extent, unit=spec.unit, unit_span=unit_span, amount=amount,
        period=text, period_start=start, period_end=end,
        sections=tuple(sections), flags=flags,
    ))
    amount_form = "missing" if amount is None else ("derived_" + spec.sub_style if amount.derived else
                                                   ("subprojects_" + spec.sub_style if has_subs else spec.amount_style))
    gold.extras.append({"amount_form": amount_form, "implementer_form": spec.implementer_style if spec.unit else "division",
                        "heading_marker": marker.strip() if layout.name == "markdown" else ""})
    by_sub = {info.sub: (info, span) for info, span in amount_marks}
    for i, sub in enumerate(spec.subprojects):
        if i not in sub_spans or i not in by_sub:
            continue
        info, span = by_sub[i]
        gold.projects.append(Project(
            name=sub.name, span=sub_spans[i], extent=Span(sub_spans[i].start, span.end, sub_spans[i].line), parent=spec.name,
            unit=spec.unit, amount=Amount(yuan=info.yuan, text="", span=span),
        ))
        gold.extras.append({"amount_form": "subproject_" + spec.sub_style})


def _section_body(rng: random.Random, key: str, spec: ProjectSpec, dept: Department, year: int, unit: str, layout: Layout,
                  yuan: int, sub_amounts: list[int]) -> Any:
    if key == "overview":
        paras: list[list[Segment]] = [[_sentences(rng, "overview", rng.randint(1, 3), spec, dept, year, unit)]]
        docs = spec.docs_for(year)
        if docs and rng.random() < 0.12:
            paras.append(["围绕", *cite.cite_document(rng, docs[0], allow_issuer=False), "提出的目标，",
                          _sentences(rng, "overview", 1, spec, dept, year, unit)])
        if rng.random() < 0.12:
            paras.append([*cite.cite_mention(rng, spec.topic, dept.region.city_stem, year),
                          "，为相关工作提供参考。"])
        if spec.sub_style == "list":
            paras.append([f"本项目包括{len(spec.subprojects)}个子项目，主要内容如下："])
            paras += [[f"{i}.{s.name}"] for i, s in enumerate(spec.subprojects, 1)]
        elif rng.random() < 0.4:
            paras.append([_sentences(rng, "overview", rng.randint(1, 2), spec, dept, year, unit)])
        return paras
    if key == "basis":
        return _basis(rng, spec, dept, year, unit, layout)
    if key == "implementer":
        return _implementer(rng, spec, dept)
    if key == "plan":
        items = data.js("prose.json")["plan"]
        chosen = rng.sample(items, rng.randint(1, 4))
        paras = [[f"{i}、" + _fill(rng, t, spec, dept, year, unit)] for i, t in enumerate(chosen, 1)]
        if rng.random() < 0.06:
            paras.append([*cite.cite_mention(rng, spec.topic, dept.region.city_stem, year), "，按计划推进相关工作。"])
        return paras
    if key == "period":
        text, start, end = _period(rng, spec, year)
        paras = [[text]]
        docs = [d for d in spec.docs_for(year) if d.kind == "document"]
        if docs and rng.random() < 0.04:
            paras = [[f"该项目实施周期为{text}，依据", *cite.cite_document(rng, docs[0], allow_issuer=False), "，具体安排如下："]]
        return paras, (text, start, end)
    if key == "budget":
        if not spec.subprojects:
            paras, _ = budget_paragraphs(rng, spec, year, yuan)
            return paras
        return _sub_budget(rng, spec, year, layout, sub_amounts)
    if key == "performance":
        return [[_sentences(rng, "performance", 1, spec, dept, year, unit)]]
    raise ValueError(key)


def _sub_budget(rng: random.Random, spec: ProjectSpec, year: int, layout: Layout, amounts: list[int]) -> list[list[Segment]]:
    total = sum(amounts)
    if spec.sub_style == "stated":
        segs: list[Segment] = ["根据项目的实际情况安排项目执行，该项目总资金为", Mark(f"{money.wan(total)}万元", ("amount", AmountInfo(total))), "。"]
        for i, (sub, a) in enumerate(zip(spec.subprojects, amounts)):
            segs += [f"子项目{i + 1}、", Mark(sub.name, ("sub", i)), Mark(f"{money.wan(a)}万元", ("amount", AmountInfo(a, sub=i))),
                     rng.choice(("，根据要求按时间节点执行", "，根据服务时间节点支付款项", "")), "；" if i < len(amounts) - 1 else "。"]
        return [segs]
    if spec.sub_style == "list":
        paras: list[list[Segment]] = []
        if rng.random() < 0.5:
            paras.append(["项目合计", Mark(f"{money.wan(total)}万元", ("amount", AmountInfo(total))), "，其中："])
        for i, (sub, a) in enumerate(zip(spec.subprojects, amounts)):
            space = " " if rng.random() < 0.5 else ""
            paras.append([f"{i + 1}、", Mark(sub.name, ("sub", i)), "（", Mark(f"{money.wan(a)}{space}万", ("amount", AmountInfo(a, sub=i))), "）"])
        return paras
    # headings: one small heading per sub-project, amounts without a stated total
    paras = []
    for i, (sub, a) in enumerate(zip(spec.subprojects, amounts)):
        lead = "#### " if layout.name == "markdown" else ""
        paras.append([lead, f"{i + 1}、", Mark(sub.name, ("sub", i))])
        paras.append([rng.choice(("预计支出", "本子项目拟投入")), Mark(f"{money.wan(a)}万元", ("amount", AmountInfo(a, sub=i))),
                      "，资金来源为财政拨款。"])
    return paras


def write_brief_project(rng: random.Random, b: TextBuilder, spec: ProjectSpec, year: int, yuan: int, gold: ProjectGold,
                        number: int) -> None:
    """A project of the district layout's 重点项目说明: "（一）X项目" and one paragraph, no sections."""
    (_, head_span), = b.para(f"（{cn_number(number)}）", Mark(spec.name, "project"))
    yuan = _wan_amount(rng, yuan)
    amount = Mark(f"{money.wan(yuan)}万元", "amount")
    if spec.unit and rng.random() < 0.6:
        segs: list[Segment] = ["该项目预算安排", amount, f"，主要用于{spec.topic}相关工作，由", Mark(spec.unit, "unit"), "负责实施。"]
    else:
        segs = ["预算安排", amount, f"，用于{spec.topic}。"]
    spans = dict(b.para(*segs, flow=True, gap=1))
    unit_span = spans.get("unit")
    gold.projects.append(Project(
        name=spec.name, span=head_span, extent=Span(head_span.start, spans["amount"].end, head_span.line),
        unit=spec.unit if unit_span else None, unit_span=unit_span,
        amount=Amount(yuan=yuan, text="", span=spans["amount"]),
    ))
    gold.extras.append({"amount_form": "brief", "implementer_form": "brief" if unit_span else "none", "heading_marker": ""})
