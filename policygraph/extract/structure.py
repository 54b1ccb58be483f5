"""Structure extraction: one document's kind, department, year, units, projects, tables.

    >>> from policygraph.extract.reader import read_source
    >>> from policygraph.extract.structure import extract_structure
    >>> rec = extract_structure(read_source("examples/corpus/000_54c0a28505620ce4.txt"))
    >>> rec.department, rec.year, rec.kind
    ('上海市科学技术委员会', 2023, 'department_budget')

Stages (one module each): ``text`` (folded view, lines), ``pages`` (page numbers and
running headers of PDF text, blanked so that everything reads through page breaks), ``units`` (机构设置,
organisation names), ``sections`` (project blocks and sections), ``budget``
(amounts, sub-projects, periods), ``tables`` (budget tables → BudgetLine/Figure),
``forms`` (the flattened 绩效目标申报表). This module only composes them and
runs the document-level checks (implausible amounts).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Optional

from . import forms, project_tables, tables, vocab
from .budget import MULTI_YEAR, _table_header, amount_label, find_period, is_multi_year_label, numbered_subheadings, project_money
from .pages import blank_lines, furniture_lines
from .models import Amount, DocumentRecord, Figure, Project, Section, Span, Unit, Warning_
from .reader import SourceText
from .sections import ProjectBlock, find_project_blocks
from .text import (Line, blank_emphasis, bracket_labels_as_fields, html_breaks_as_newlines, blank_markup, blank_kv_table_borders, blank_label_glosses, compact, fold, looks_like_heading, split_lines,
                   split_run_together_fields, strip_span)
from .units import OrgIndex, find_aliases, implementing_unit, names_divisions, parse_units

_DEPARTMENT = re.compile(
    r"(?P<label>预算主管部门|主管部门|部门名称|编制部门|编制单位|申报单位名称|申报单位|填报单位)(?:\s*[:：]\s*|(?<=主管部门)(?:\t+| {2,}))(?P<name>[^\s:：（(]+(?:[(（][^)）\n]{1,30}[)）])*)"
)
_LABEL_RANK = {"预算主管部门": 0, "主管部门": 0, "部门名称": 1, "编制部门": 2, "编制单位": 2, "申报单位名称": 3, "申报单位": 3, "填报单位": 3}
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_SEAL = re.compile(r"[(（]盖章[)）]$")


@dataclass
class Doc:
    """Everything the stages share about one document."""

    src: SourceText
    view: str  # folded, page furniture blanked (same length as the text)
    lines: list[Line]
    text: str  # the text as written, page furniture blanked: names and amounts are read from it

    def span(self, start: int, end: int) -> Span:
        return self.src.span(start, end)


def extract_structure(src: SourceText) -> DocumentRecord:
    """Read the structure of one document (citations are added by ``extract.citations``)."""
    lines = split_lines(src.text)
    fields = bracket_labels_as_fields(blank_markup(src.text))  # the view's and the text's first steps (pure functions of the text)
    view = blank_kv_table_borders(blank_label_glosses(blank_emphasis(fold(fields))), _column_word, colon=":",  # folded colons
                                  is_field_label=_field_label)
    split = split_run_together_fields(view, _field_label)  # "项目名称：X 项目类别：Y 实施单位：Z" on one line
    if split is not view:
        view, lines = split, split_lines(split)
    if "<" in view:  # "**实施单位**：X<br>**预算金额**：N万元": a Markdown page's <br> ends a line, as a browser shows it
        broken = html_breaks_as_newlines(view)
        if broken != view:
            view, lines = broken, split_lines(broken)
    furniture = furniture_lines(view, lines)  # page numbers, running headers: read through, never read
    text = blank_label_glosses(blank_emphasis(fields))
    doc = Doc(src, blank_lines(view, lines, furniture), lines, blank_lines(text, lines, furniture))
    warnings: list[Warning_] = []
    title, title_span = _title(doc)
    kind = _kind(title, doc)
    year = _year(doc, title, title_span)
    department, department_span = _department(doc)
    units = parse_units(doc.view, doc.text, doc.lines, doc.span)

    budget_lines, figures, table_warnings = tables.extract_tables(doc.view, doc.text, doc.lines, doc.span)
    warnings.extend(table_warnings)

    if forms.looks_like_forms(doc.view, doc.lines):
        form_result = forms.extract_forms(doc.view, doc.text, doc.lines, doc.span, year)
        projects = list(form_result.projects)
        warnings.extend(form_result.warnings)
        if not units:
            units = form_result.units
        if department is None or _LABEL_RANK.get(_department_label(doc) or "", 9) >= 3:
            declaring = {u.name for u in form_result.units}
            if len(declaring) == 1:
                department = form_result.units[0].name
                department_span = form_result.units[0].span
            elif len(declaring) > 1:
                department, department_span = None, None  # several declaring units, no department stated
    else:
        orgs = _org_index(doc, units, department)
        projects = []
        blocks = find_project_blocks(doc.view, doc.lines, skip_final_accounts=_is_budget(title))
        for block in blocks:
            projects.extend(_projects_of_block(doc, block, orgs, warnings))
        starts = [b.start for b in blocks]
        rows, row_warnings = project_tables.find_project_rows(
            doc.view, doc.text, doc.lines, doc.span, inside=lambda pos: _inside_block(blocks, starts, pos))
        warnings.extend(row_warnings)
        projects = _merge_rows(doc, projects, rows, warnings, [u.name for u in units] + ([department] if department else []))
        projects = _applicant_runs_unassigned(doc, projects)

    projects = _check_plausibility(projects, figures, doc, warnings)
    return DocumentRecord(
        source=src.path,
        sha256=src.sha256,
        encoding=src.encoding,
        n_chars=len(src.text),
        kind=kind,
        title=title,
        department=department,
        department_span=department_span,
        year=year,
        units=tuple(units),
        projects=tuple(projects),
        budget_lines=tuple(budget_lines),
        figures=tuple(figures),
        citations=(),
        warnings=tuple(warnings),
    )


# ---------------------------------------------------------------------------
# document level


def _field_label(text: str) -> bool:
    """A label of a declaration form's field: a section heading, a form label, a project-name or department label."""
    words = compact(re.sub(r"[(（][^()（）]*[)）]", "", text)).rstrip(":：")
    return words in vocab.section_headings() or words in vocab.form_labels() or words in vocab.project_name_labels() \
        or words in _LABEL_RANK


def _column_word(text: str) -> bool:
    """A column header of a table of projects ("预算（万元）"): a row "| 项目名称 | 预算（万元） |" heads one."""
    words = compact(re.sub(r"[(（][^()（）]*[)）]", "", text))
    return any(words in ws.split() for _, ws in vocab.project_table_columns())



def _title(doc: Doc) -> tuple[Optional[str], Optional[Span]]:
    previous: Optional[tuple[int, int]] = None  # the last non-empty line before this one
    for line in doc.lines[:60]:
        s, e = strip_span(doc.view, line.start, line.end)
        while s < e and doc.view[s] in "# ":
            s += 1
        text = doc.view[s:e]
        if text and looks_like_heading(text, 50) and _TITLE.search(compact(text)) and "目录" not in text \
                and not _BREADCRUMB.search(text):
            # "上海市奉贤区人力资源和社会保障局\n2022年部门预算": a title set over two lines, the
            # department on the first; the second alone would name no one
            # (or "贵阳市财政局\n关于2024年市级重点项目预算安排情况的说明": an organ's 公文 title)
            if previous and (_YEAR_FIRST.match(text) or text.startswith("关于")) and compact(doc.view[previous[0]:previous[1]]).endswith(vocab.org_suffixes()) \
                    and looks_like_heading(doc.view[previous[0]:previous[1]], 40):
                s = previous[0]
            return compact(doc.text[s:e]), doc.span(s, e)
        if text:
            previous = (s, e)
    return None, None


_YEAR_FIRST = re.compile(r"(?:19|20)\d{2}\s*年")


_TITLE = re.compile(r"(预算|决算|申报表|申报书|绩效目标|绩效目标表)(?:安排情况的?说明)?(?:[(（][^()（）]{1,6}[)）])?$|(部门|单位)(预算|决算|整体绩效目标)")
#: a web page's navigation path ("首页 > 政务公开 > 财政信息 > 部门预算 > 区民政局"), never the document's title
_BREADCRUMB = re.compile(r"[>›»]\s*\S.*[>›»]|^\s*(?:首页|当前位置)")
#: a line under the title that only gives its year ("（2020年度）", "2024年度")
_YEAR_LINE = re.compile(r"[(（]?\s*((?:19|20)\d{2})\s*年度?\s*[)）]?")
# "上海市黄浦区教育局2024年部门预算": the department named in the title when no label names it
# (or after the year: "2024年上海市黄浦区教育局部门预算")
# (matched with Pattern.match at the title's offset: no "^", which would only match at offset 0;
# the name may run over a line break when the title is set over two lines)
_TITLE_DEPARTMENT = re.compile(
    r"(?:(?P<name>[^\n]{2,40}?\s*[^\n]{2,40}?)\s*\d{4}\s*年度?|\d{4}年度?(?P<name2>.{4,40}?))(?:区级|市级|省级)?(?:部门|单位)(?:预算|决算|整体绩效目标)"
)

#: an organ's 公文 title: its name, then 关于… (set over two lines: "贵阳市财政局⏎关于…的说明")
_TITLE_ISSUER = re.compile(r"(?P<name>[^\n关]{2,40}?)\s*关于(?P<name2>)")


def _kind(title: Optional[str], doc: Doc) -> str:
    haystacks = [title or "", compact(doc.view[:3000])]
    for hay in haystacks:
        for word, kind in vocab.document_kinds():
            if word in hay:
                return kind
    return "unknown"


def _is_budget(title: Optional[str]) -> bool:
    """A budget (预算), not a final account (决算): its 决算 parts tell last year's story."""
    return bool(title) and "预算" in title and "决算" not in title  # type: ignore[operator]


def _year(doc: Doc, title: Optional[str], title_span: Optional[Span] = None) -> Optional[int]:
    if title:
        m = _YEAR.search(fold(title))
        if m:
            return int(m.group(1))
    if title:
        # "宁波市市级财政专项资金项目申报书⏎（2020年度）": the year on a line of its own right under the title
        after = [ln for ln in doc.lines if title_span and ln.start > title_span.end and doc.view[ln.start:ln.end].strip()][:1]
        for ln in after:
            m = _YEAR_LINE.fullmatch(doc.view[ln.start:ln.end].strip())
            if m:
                return int(m.group(1))
    head = doc.view[:3000]
    m = re.search(r"[(（]\s*((?:19|20)\d{2})\s*年度?\s*[)）]", head) or _YEAR.search(head)
    return int(m.group(1)) if m else None


def _department_matches(doc: Doc) -> list[re.Match[str]]:
    return list(_DEPARTMENT.finditer(doc.view))


def _department_label(doc: Doc) -> Optional[str]:
    ms = _department_matches(doc)
    if not ms:
        return None
    return min(ms, key=lambda m: (_LABEL_RANK[m.group("label")], m.start())).group("label")


def _department(doc: Doc) -> tuple[Optional[str], Optional[Span]]:
    ms = _department_matches(doc)
    if not ms:
        return _department_from_title(doc)
    best = min(ms, key=lambda m: (_LABEL_RANK[m.group("label")], m.start()))
    s, e = best.start("name"), best.end("name")
    name = doc.view[s:e]
    seal = _SEAL.search(name)
    if seal:
        e = s + seal.start()
    return compact(doc.text[s:e]), doc.span(s, e)


#: endings that name an organisation only in a "<name>2018年部门预算" title (科学技术部, 市政府办公室,
#: 区发展改革委): too loose for organisation names in running text, where 部/委 end many words
_TITLE_ORG_ENDINGS = ("部", "办公室", "委", "政府", "法院", "检察院")


def _department_from_title(doc: Doc) -> tuple[Optional[str], Optional[Span]]:
    _, span = _title(doc)
    if span is None:
        return None, None
    m = _TITLE_DEPARTMENT.match(doc.view, span.start, span.end)
    if not m:  # "贵阳市财政局关于2024年市级重点项目预算安排情况的说明": the organ that writes it
        m = _TITLE_ISSUER.match(doc.view, span.start, span.end)
    group = "name" if m and m.group("name") else "name2"
    if not m or not compact(m.group(group)).endswith(vocab.org_suffixes() + _TITLE_ORG_ENDINGS):
        return None, None
    s, e = strip_span(doc.view, m.start(group), m.end(group))
    return compact(doc.text[s:e]), doc.span(s, e)


# a unit's own budget (单位预算) names the unit in its header: "单位名称：长沙市中心医院"
_OWN_UNIT = re.compile(r"(?m)^[ \t\u3000]*(?P<label>单位名称|预算单位名称|预算单位)[ \t]*[:：][ \t]*(?P<name>[^\s:：]{3,40})[ \t]*$")


def _applicant_runs_unassigned(doc: Doc, projects: list[Project]) -> list[Project]:
    """A project declaration (申报书) by one applicant ("申报单位：深圳市人民医院") that names no
    implementer for a project: the applicant carries it out. So does the unit of a unit's own
    budget (单位预算, "单位名称：长沙市中心医院" in its header, its 主管部门 above it): its projects'
    实施科室 are its own departments."""
    applicants = {compact(doc.text[m.start("name") : m.end("name")]): m for m in _department_matches(doc)
                  if m.group("label") in ("申报单位", "申报单位名称")}
    if not applicants:
        own = list(_OWN_UNIT.finditer(doc.text))
        applicants = {compact(m.group("name")): m for m in own}
    if len(applicants) != 1 or all(p.unit for p in projects):
        return projects
    name, m = next(iter(applicants.items()))
    if not name.endswith(vocab.org_suffixes()):
        return projects
    span = doc.span(m.start("name"), m.end("name"))
    return [p if p.unit else dataclasses.replace(p, unit=name, unit_span=span) for p in projects]


def _org_index(doc: Doc, units: tuple[Unit, ...] | list[Unit], department: Optional[str]) -> OrgIndex:
    names = [u.name for u in units] + ([department] if department else [])
    aliases = find_aliases(doc.view, doc.text, names)
    return OrgIndex(names, aliases, doc.text)


# ---------------------------------------------------------------------------
# projects


def _projects_of_block(doc: Doc, block: ProjectBlock, orgs: OrgIndex, warnings: list[Warning_]) -> list[Project]:
    view, src = doc.view, doc.text
    block.name = compact(src[block.name_start : block.name_end])  # as written (the view is folded)
    sections = tuple(
        Section(key=s.key, heading=compact(src[s.heading_start : s.heading_end]), span=doc.span(s.heading_start, s.heading_end),
                body=doc.span(s.body_start, max(s.body_start, s.body_end)))
        for s in block.sections
    )
    by_key: dict[str, list] = {}
    for s in block.sections:
        by_key.setdefault(s.key, []).append(s)

    unit, unit_span = _unit_of(doc, block, by_key, orgs)

    # the budget section (the year's, when 项目总预算 and 当年预算 are sections of their own);
    # a numbered project without sections states its money in its text
    money_range, heading = None, ""
    budgets = by_key.get("budget", [])
    year_budgets = [s for s in budgets if not is_multi_year_label(_heading_words(src, s))]
    if budgets:
        main = (year_budgets or budgets)[0]
        money_range, heading = (main.body_start, main.body_end), _heading_words(src, main)
    elif block.how == "numbered" and not block.sections:
        money_range = (block.body_start, block.end)
    amount: Optional[Amount] = None
    total: Optional[Amount] = None
    subs = ()
    if money_range:
        heads = numbered_subheadings(view, block.start, block.end)
        unit_hint = _unit_hint(view, block.start, main.heading_start, main.body_start) if budgets else None
        money = project_money(view, src, money_range[0], money_range[1], doc.span, heads, block.name, heading, unit_hint)
        amount, subs, total = money.amount, money.subprojects, money.total
        for sec in budgets:
            if total is None and sec is not main and is_multi_year_label(_heading_words(src, sec)):
                total = project_money(view, src, sec.body_start, sec.body_end, doc.span, heading=_heading_words(src, sec),
                                      unit_hint=_unit_hint(view, block.start, sec.heading_start, sec.body_start)).amount

    if amount is not None and amount.yuan and not subs:
        subs = _parts_in_content(doc, block, amount, heads)

    period = None
    if by_key.get("period"):
        sec = by_key["period"][0]
        period = find_period(view, src, sec.body_start, sec.body_end, doc.span)

    if money_range and total is None and amount is not None and not amount.derived \
            and is_multi_year_label(amount_label(view, money_range[0], amount.span.start, heading)) and _runs_over_years(view, block, period):
        amount, total = None, amount  # only "项目总预算：900万元" of a project over 2024-2026: not the year's

    flags = []
    if amount is None:
        flags.append("amount_missing")
    project = Project(
        name=block.name,
        span=doc.span(block.name_start, block.name_end),
        extent=doc.span(block.start, block.end),
        unit=unit,
        unit_span=unit_span,
        amount=amount,
        total_amount=total if total is not None and (amount is None or total.yuan != amount.yuan) else None,
        period=period.text if period else None,
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        sections=sections,
        flags=tuple(flags),
    )
    out = [project]
    for sub in subs:
        out.append(Project(name=compact(src[sub.start : sub.end]), span=doc.span(sub.start, sub.end), extent=doc.span(sub.start, sub.amount.span.end),
                           parent=block.name, unit=unit, unit_span=unit_span, amount=sub.amount,
                           period=project.period, period_start=project.period_start, period_end=project.period_end))
    _check_subproject_sum(project, subs, warnings)
    return out


def _parts_in_content(doc: Doc, block: ProjectBlock, amount: Amount, heads: Optional[frozenset[str]] = None) -> tuple:
    """Sub-projects listed in a content section rather than the budget's ("**项目内容**：…资金安排如下：⏎
    (1) 新建高标准农田：3,200.00万元⏎　　① …⏎(2) …：1,600.00万元", the amount a "**预算金额**：" field):
    two or more numbered items with amounts that add up to the project's amount, no fewer."""
    view, src = doc.view, doc.text
    if heads is None:  # the block's numbered sub-headings, when the caller has not read them already
        heads = numbered_subheadings(view, block.start, block.end)
    for sec in block.sections:
        if sec.key in ("basis", "budget", "performance"):
            continue
        lo, hi = sec.body_start, sec.body_end
        units = view.count("元", lo, hi) + view.count("万", lo, hi) + view.count("亿", lo, hi)
        if units == 0 or (units == 1 and _table_header(view, lo, hi) is None):
            continue  # two parts need two amounts (each holds 元, 万 or 亿) or a table whose header names the unit
        money = project_money(view, src, sec.body_start, sec.body_end, doc.span, heads, block.name)
        parts = money.subprojects
        if len(parts) >= 2 and all(p.amount.yuan for p in parts) and sum(p.amount.yuan for p in parts) == amount.yuan:
            return parts
    return ()


_UNIT_NOTE = re.compile(r"\((?P<unit>亿元|万元|元)\)")
_UNIT_LINE = re.compile(r"(?:金额)?单位\s*[:：]\s*(?P<unit>亿元|万元|元)")


def _unit_hint(view: str, block_start: int, heading_start: int, body_start: int) -> Optional[str]:
    """The money unit of a budget section set as a table: "项目资金（万元）<TAB>…" (the heading,
    or the start of its body when the heading wraps), else a "单位：万元" line above it in the block."""
    m = _UNIT_NOTE.search(view, heading_start, min(len(view), body_start + 12))
    if m:
        return m.group("unit")
    if view.find("单位", block_start, heading_start) == -1:
        return None  # every match of _UNIT_LINE holds 单位 (the scan tries the pattern at every position)
    lines = list(_UNIT_LINE.finditer(view, block_start, heading_start))
    return lines[-1].group("unit") if lines else None


def _runs_over_years(view: str, block: ProjectBlock, period) -> bool:
    if period is not None and period.start and period.end and period.start[:4] != period.end[:4]:
        return True
    return bool(MULTI_YEAR.search(view, block.start, block.end))


def _inside_block(blocks: list[ProjectBlock], starts: list[int], pos: int) -> bool:
    k = bisect_right(starts, pos) - 1
    return k >= 0 and pos < blocks[k].end


# "公共文化服务体系示范区建设项目" in the details, "公共文化服务体系示范区建设" in the summary table
_NAME_TAIL = re.compile(r"(?:项目)?(?:经费|资金)?$")


def _name_key(name: str) -> str:
    return _NAME_TAIL.sub("", fold(name)) or name


def _merge_rows(doc: Doc, projects: list[Project], rows: list[project_tables.ProjectRow], warnings: list[Warning_],
                known: list[str] = ()) -> list[Project]:
    """Rows of project tables: a row naming a project found in the text adds what the text
    lacks (amount, unit, its 立项依据 cell as a basis section); a summary row is never a second
    project. Other rows are projects of their own, the row their extent."""
    if not rows:
        return projects
    groups: list[list[Project]] = []  # a top-level project and its sub-projects
    for p in projects:
        if p.parent is None or not groups:
            groups.append([p])
        else:
            groups[-1].append(p)
    by_key = {_name_key(g[0].name): g for g in groups}
    from_rows: dict[str, list[project_tables.ProjectRow]] = {}  # projects made of rows: their rows
    for row in rows:
        key = _name_key(row.name)
        group = by_key.get(key)
        if group is None:
            group = [_row_project(doc, row, known)]
            groups.append(group)
            by_key[key] = group
            from_rows[key] = [row]
        elif key in from_rows:
            # "科技创新券 2060299 … 300" and "科技创新券 2069999 … 50": one project over several
            # classification rows of a 项目支出预算表 is worth their sum
            from_rows[key].append(row)
            group[0] = _summed_rows(doc, group[0], from_rows[key])
        else:
            group[0] = _with_row(doc, group[0], row, warnings, known)
    groups.sort(key=lambda g: g[0].span.start)
    return [p for g in groups for p in g]


def _row_sections(doc: Doc, row: project_tables.ProjectRow) -> tuple[Section, ...]:
    if row.basis is None or row.basis_heading is None:
        return ()
    h = row.basis_heading
    return (Section("basis", compact(doc.text[h.start : h.end]), doc.span(h.start, h.end), doc.span(row.basis.start, row.basis.end)),)


def _row_project(doc: Doc, row: project_tables.ProjectRow, known: list[str] = ()) -> Project:
    c = row.name_cell
    return Project(
        name=compact(doc.text[c.start : c.end]), span=doc.span(c.start, c.end), extent=doc.span(row.row.start, row.row.end),
        unit=_listed_name(row.unit, known), unit_span=doc.span(row.unit_cell.start, row.unit_cell.end) if row.unit_cell else None,
        amount=row.amount, total_amount=row.total if row.total is not None and (row.amount is None or row.total.yuan != row.amount.yuan) else None,
        sections=_row_sections(doc, row), flags=() if row.amount is not None else ("amount_missing",),
    )


def _listed_name(name: Optional[str], known: list[str]) -> Optional[str]:
    """A unit cell's short name ("西溪街道社区服务中心") as the one listed unit it ends
    ("杭州市西湖区西溪街道社区服务中心"); as written when none or several do."""
    if not name or name in known:
        return name
    longer = {k for k in known if k.endswith(name) and len(name) >= 4}
    return longer.pop() if len(longer) == 1 else name


def _summed_rows(doc: Doc, p: Project, rows: list[project_tables.ProjectRow]) -> Project:
    parts = [r.amount for r in rows if r.amount is not None and r.amount.yuan is not None]
    if len(parts) < 2:
        return p
    first, last = parts[0].span, parts[-1].span
    amount = Amount(sum(a.yuan for a in parts), doc.text[first.start : last.end], Span(first.start, last.end, first.line), derived=True)  # type: ignore[misc]
    return dataclasses.replace(p, amount=amount, flags=tuple(f for f in p.flags if f != "amount_missing"))


def _with_row(doc: Doc, p: Project, row: project_tables.ProjectRow, warnings: list[Warning_], known: list[str] = ()) -> Project:
    if p.amount is not None and row.amount is not None and p.amount.yuan != row.amount.yuan:
        warnings.append(Warning_("table_mismatch", f"project {p.name}: the project table says {row.amount.text} "
                                 f"({row.amount.yuan} yuan), the text {p.amount.text} ({p.amount.yuan} yuan)", row.amount.span))
    amount = p.amount or row.amount
    total = p.total_amount or row.total
    unit, unit_span = p.unit, p.unit_span
    if unit is None and row.unit_cell is not None:
        unit, unit_span = _listed_name(row.unit, known), doc.span(row.unit_cell.start, row.unit_cell.end)
    flags = tuple(f for f in p.flags if not (f == "amount_missing" and amount is not None))
    return dataclasses.replace(
        p, amount=amount, total_amount=total if total is not None and (amount is None or total.yuan != amount.yuan) else None,
        unit=unit, unit_span=unit_span, sections=p.sections + _row_sections(doc, row), flags=flags)


def _heading_words(src: str, sec) -> str:
    return compact(src[sec.heading_start : sec.heading_end])


def _unit_of(doc: Doc, block: ProjectBlock, by_key: dict, orgs: OrgIndex) -> tuple[Optional[str], Optional[Span]]:
    """Implementing unit: the 实施主体 section, then "…作为项目的实施主体" sentences elsewhere,
    then a sentence anywhere in the block where a *listed* unit 承接/负责/实施 the project."""
    regions = [_field_value(doc.view, s.body_start, s.body_end) for s in by_key.get("implementer", [])]
    # "主管部门及代码<TAB>[211]…局<TAB>实施单位<TAB>上海市…中心": a labelled cell inside a table row;
    # "预算单位：X" inside the block (a label that is no section heading: documents open with it too)
    regions += [m.span("value") if m.group("value") else m.span("value1") for m in _cell_label_matches(doc.view, block.start, block.end)]
    # section bodies only: a heading "三、实施主体" must not lend its words to the text below it
    bodies = [(s.body_start, s.body_end) for s in block.sections if s.key != "implementer"] or [(block.start, block.end)]
    for lo, hi in bodies:
        body = doc.view[lo:hi]
        if "实施主体" not in body and "具体实施单位" not in body and "承担单位" not in body:
            continue  # no sentence of it can say so
        for s, e in _sentences(doc.view, lo, hi):
            sentence = doc.view[s:e]
            if ("实施主体" in sentence or "具体实施单位" in sentence or "承担单位" in sentence) and not section_heading_text(sentence):
                regions.append((s, e))
    for s, e in regions:
        found = implementing_unit(doc.view, s, e, orgs)
        if found:
            return found.name, doc.span(found.start, found.end)
    if any(names_divisions(doc.view, s.body_start, s.body_end) for s in by_key.get("implementer", [])):
        return None, None  # run by the department's own divisions: no implementing unit
    for s, e in _sentences(doc.view, block.start, block.end, stops="。；;\n"):
        sentence = doc.view[s:e]
        if not _CUE.search(_TITLES.sub("", sentence) if "《" in sentence else sentence):
            continue  # "…关于印发《…实施方案》的通知": a title's words are no cue
        found = implementing_unit(doc.view, s, e, orgs, known_only=True)
        if found:
            return found.name, doc.span(found.start, found.end)
    return None, None


_NEXT_FIELD = re.compile(r"\n[ \t\u3000]*(?P<label>[\u3400-\u9fff（）()]{2,12})[:：]")


def _field_value(view: str, start: int, end: int) -> tuple[int, int]:
    """A labelled field's value ("实施单位：X") ends where the next line opens another field
    ("主管部门：Y", "项目负责人：Z"), also when that label opens no section of its own."""
    first = view.find("\n", start, end)
    if first == -1 or not view[start:first].strip():
        return start, end
    m = _NEXT_FIELD.match(view, first)
    return (start, first) if m and m.end() <= end else (start, end)


def _cell_label_word_list() -> list[str]:
    words = {h for h, k in vocab.section_headings().items() if k == "implementer"}
    words |= {w for role, ws in vocab.project_table_columns() if role == "unit" for w in ws.split()}
    return sorted(words, key=len, reverse=True)


@functools.lru_cache(maxsize=None)
def _cell_label_words() -> re.Pattern[str]:
    """Any label word of _cell_labels: every match of it holds one (a quick test first; the
    full pattern may start at any blank and is slow to try at each)."""
    return re.compile("|".join(map(re.escape, _cell_label_word_list())))


@functools.lru_cache(maxsize=None)
def _cell_labels() -> re.Pattern[str]:
    """An implementer's label cell (a line's first or a later one) and the value cell after it:
    "…<TAB>实施单位<TAB>X", "预算单位：X" (implementer headings and the unit columns of
    project tables)."""
    alternatives = "|".join(map(re.escape, _cell_label_word_list()))
    # a cell runs to the next tab or run of spaces; in single-spaced PDF text a single word after the label
    return re.compile(r"(?:^[ \t]*|\t| {2,})(?P<label>" + alternatives + r")[ \t]*(?::[ \t]*|\t+| {2,})(?P<value>[^\t\n]+)"
                      r"|(?<= )(?P<label1>" + alternatives + r") (?P<value1>\S+)[ \t]*$", re.M)


def _cell_label_matches(view: str, start: int, end: int) -> list[re.Match[str]]:
    """``list(_cell_labels().finditer(view, start, end))``, read only in the lines holding a label
    word: every match of _cell_labels lies inside one line (no part of it matches a line break)
    and holds a label word, and where a match may start depends on the line alone (``^`` and
    the look-behind read the whole text, as they do in the scan of the block)."""
    out: list[re.Match[str]] = []
    cells = _cell_labels()
    done = start  # the lines before it have been read
    for w in _cell_label_words().finditer(view, start, end):
        if w.start() < done:
            continue
        ls = view.rfind("\n", start, w.start()) + 1 or start
        le = view.find("\n", w.end(), end)
        if le == -1:
            le = end
        out.extend(cells.finditer(view, ls, le))
        done = le
    return out


_CUE = re.compile(r"承接|承担|负责|实施|牵头")
_TITLES = re.compile(r"《[^《》]*》")


_SENTENCE = {stops: re.compile(f"[^{stops}]+") for stops in ("。；;", "。；;\n")}


def _sentences(view: str, start: int, end: int, stops: str = "。；;"):
    """(start, end) of the sentences of ``view[start:end]``."""
    pattern = _SENTENCE.get(stops) or re.compile(f"[^{re.escape(stops)}]+")
    for m in pattern.finditer(view, start, end):
        yield m.start(), m.end()


def section_heading_text(text: str) -> bool:
    """True for a bare heading such as "三、实施主体" (not a sentence about the implementer)."""
    return compact(text).lstrip("#一二三四五六七八九十、.0123456789()（）") in vocab.section_headings()


def _check_subproject_sum(project: Project, subs, warnings: list[Warning_]) -> None:
    if not subs or project.amount is None or project.amount.derived or project.amount.yuan is None:
        return
    parts = [s.amount.yuan for s in subs if s.amount.yuan is not None]
    total = sum(parts)
    if parts and total != project.amount.yuan:
        warnings.append(Warning_(
            "sum_mismatch",
            f"project {project.name}: sub-projects add up to {total} yuan, the stated total is {project.amount.yuan} yuan",
            project.amount.span,
        ))


# ---------------------------------------------------------------------------
# plausibility

_TOTAL_FIGURES = ("支出总计", "收入总计")
_TEXT_TOTAL = re.compile(r"支出预算\s*(?P<num>[\d,]+(?:\.\d+)?)\s*(?P<unit>万元|亿元|元)")


def _department_total(figures: list[Figure], doc: Doc) -> Optional[int]:
    for name in _TOTAL_FIGURES:
        for f in figures:
            if f.name == name and f.yuan:
                return f.yuan
    m = _TEXT_TOTAL.search(doc.view)
    if m:
        from .amounts import to_yuan

        return to_yuan(m.group("num"), m.group("unit"))
    return None


def _check_plausibility(projects: list[Project], figures: list[Figure], doc: Doc, warnings: list[Warning_]) -> list[Project]:
    total = _department_total(figures, doc)
    if not total:
        return projects
    out = []
    for p in projects:
        if p.amount is not None and p.amount.yuan is not None and p.amount.yuan > total:
            p = dataclasses.replace(p, flags=p.flags + ("implausible_amount",))
            warnings.append(Warning_(
                "implausible_amount",
                f"project {p.name}: {p.amount.text} ({p.amount.yuan} yuan) is more than the department's total expenditure ({total} yuan)",
                p.amount.span,
            ))
        out.append(p)
    return out
