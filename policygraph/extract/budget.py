"""A project's money: the year's amount, its sub-projects, its period.

Read from the 年度预算安排 section (the whole block when there is none):

* the **total** is the first amount that is not a sub-project's, not a funding
  source's (其中财政…，自筹…) and not a comparison (比上年增加…) or a rate (15万/项);
* **sub-projects** are parts with their own amount, introduced explicitly
  ("子项目1、物业管理服务448.3万元"), numbered ("1、手机信号检测（10 万）"),
  named as a project ("学会组织管理项目26.5万元"), named like a numbered sub-heading
  of the project's own sections ("研发机构支撑预算安排5995万元" when 实施方案 has
  "1、研发机构支撑"), or sub-headings inside the budget section followed by an amount.
  Cost items (专家咨询费2.5万) and funding sources are not sub-projects;
* with no stated total, the total is the sum of the sub-projects (``derived=True``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Callable, Optional

from . import vocab
from .amounts import AMOUNT_RE, FoundAmount, find_amounts, find_quarterly, to_yuan
from .models import Amount, Span
from .text import compact, locate_compact, strip_span

SpanOf = Callable[[int, int], Span]

# comparisons and last year's figures: "比上年增加50万元", "2023年决算数3,520.60万元", "上年执行数…"
_COMPARISON = re.compile(r"(比|较|同比|增加|减少|上年|去年|增长|下降|决算|执行数|实际支出|实际执行)[^，,。；;]{0,10}$")
_SEPARATORS = "，,。；;\n、:："
_LEAD_WORDS = re.compile(r"^(其中|包括|包含|分别为|分别是|主要|用于|含|及|和|以及|另|其余)+[:：]?")
_TRAIL_WORDS = re.compile(r"(预算安排为|预算安排|预算金额|预算资金|预算为|预算|安排资金|安排经费|安排|经费|资金|投入|共计|合计|计|约为|约|为|是|:|：|\s)+$")
_EXPLICIT = re.compile(r"子\s*项\s*目\s*\d*\s*[、.:：]?\s*")  # wrapped lines may split it: "子项\n目2、"
_NUMBERED = re.compile(r"(?:(?<=^)|(?<=[\n，,；;。:：\s]))(?:\d{1,2}\s*[、.)](?!\d)|\(\d{1,2}\))\s*")
_PROJECT_NAME_END = re.compile(r"(项目|工程|专项)$")
_TIME_LIKE = re.compile(r"(\d{4}\s*年|季度|月|%|执行)")
# Words that make a "name" the total, not a part: 预计总项目经费, 本项目预算金额, 本年度安排项目
# (全年 not in 年报/年鉴: "交通安全年报撰写" is a part)
_TOTAL_WORDS = re.compile(r"(总|合计|共计|全年(?![报鉴])|本项目|该项目|此项目|本年度|年度安排|项目预算|申请|计划投入|拟投入)|^(项目|本年|今年)$")


@dataclass(frozen=True)
class SubProject:
    name: str
    start: int
    end: int
    amount: Amount


@dataclass(frozen=True)
class ProjectMoney:
    amount: Optional[Amount]  # the year's amount
    subprojects: tuple[SubProject, ...]
    total: Optional[Amount] = None  # a multi-year total (项目总预算) stated beside or instead of it


def project_money(view: str, src: str, start: int, end: int, span_of: SpanOf, subheadings: frozenset[str] = frozenset(),
                  project_name: str = "", heading: str = "", unit_hint: Optional[str] = None) -> ProjectMoney:
    """Total and sub-projects stated in ``view[start:end]`` (the budget section, ``heading`` its
    heading: "项目总预算" makes the amount right after it a multi-year total). ``unit_hint`` is
    the money unit the table the section sits in states ("项目资金（万元）", "单位：万元"): then a
    bare number in a cell ("年度资金总额：<TAB>4,860.00") is an amount."""
    table = _table_items(view, src, start, end, span_of)
    if table is not None:
        return table
    found = [f for f in find_amounts(view, start, end, src=src, span_of=span_of) if not _is_comparison(view, start, f)]
    if not found and unit_hint:
        found = _bare_cells(view, src, start, end, span_of, unit_hint)[:1]
    paragraphs = _paragraph_items(view, src, start, end, found)
    if paragraphs:
        return _with_quarters(_derived_total(src, paragraphs), view, start, end, paragraphs)
    subs = _subprojects(view, src, start, end, found, span_of, subheadings, project_name)
    sub_starts = {s.amount.span.start for s in subs}
    inside_parts = _parenthesised_parts(view, found, sub_starts)
    candidates = [f for f in found if f.start not in sub_starts and f.start not in inside_parts and f.amount.yuan is not None
                  and not _is_funding_part(view, start, f)]
    total: Optional[Amount] = candidates[0].amount if candidates else None
    year, multi_year = _year_and_total(view, start, end, candidates, heading)
    if multi_year is not None:
        total = year
    if total is None and subs:
        total = _derived_total(src, subs)
    if total is None and not subs:
        # "资金性质：事业收入1,150.00万元" / "财政拨款185.60万元，事业收入64.40万元" with no 合计: the sources
        # are the whole of the money (one source is the amount, several add up to it)
        parts = [f for f in found if f.amount.yuan is not None and f.start not in inside_parts and _is_funding_part(view, start, f)]
        if len(parts) == 1:
            total = parts[0].amount
        elif parts:
            total = _derived_total(src, [SubProject("", p.start, p.start, p.amount) for p in parts])
    money = _with_quarters(total, view, start, end, subs)
    return ProjectMoney(money.amount, money.subprojects, multi_year) if multi_year is not None else money


# The year's amount and a multi-year total told apart by their labels: "项目总预算：180,000万元
# 当年预算：60,000万元", "项目总投资1,200万元，其中2024年安排400万元", "项目总预算900万元，分三年实施".
_YEAR_LABEL = re.compile(r"当年|本年|今年|年度|\d{4}\s*年度?\s*(?:预算|安排|拟|计划|申请|资金|经费|财政|投入)")
_MULTI_LABEL = re.compile(r"总预算|预算总额|总投资|计划总投入|资金总额|项目总额|累计|全周期|\d{4}\s*[-~至到]\s*\d{4}\s*年")
# words that say the project runs over several years (then a bare 总预算 is not the year's amount)
MULTI_YEAR = re.compile(r"\d{4}\s*[-~至到]\s*\d{4}\s*年|分[两二三四五六七八九十\d]+(?:个)?年|[两二三四五六七八九十]年(?:内|合计|共|实施|完成|建设|总)|跨年度|多年")
_LABEL_STOPS = "，,。；;\n\t"


def _label_of(view: str, lo: int, f: FoundAmount, heading: str = "") -> str:
    return amount_label(view, lo, f.start, heading)


def amount_label(view: str, lo: int, pos: int, heading: str = "") -> str:
    """What the text says the amount at ``pos`` is: the words before it back to the clause start
    or a gap of two spaces ("项目总预算：180,000万元    当年预算：60,000万元"), with the
    section's heading when nothing stands between them."""
    i = pos
    while i > lo and view[i - 1] not in _LABEL_STOPS and view[i - 2 : i] != "  ":
        i -= 1
    label = compact(view[i:pos])
    return heading + label if i == lo and not view[lo:pos].strip() else label


def is_multi_year_label(text: str) -> bool:
    """"项目总预算", "2024-2026年总投资" (not "年度总预算")."""
    return bool(_MULTI_LABEL.search(text)) and not _YEAR_LABEL.search(_MULTI_LABEL.sub("", text))


def _year_and_total(view: str, lo: int, hi: int, candidates: list[FoundAmount], heading: str = "") -> tuple[Optional[Amount], Optional[Amount]]:
    """(the year's amount, the multi-year total) when a multi-year total is stated; (None, None) otherwise.

    A total labelled as the project's (总预算, 总投资 …) is taken for a multi-year total only when
    the text also states the year's amount or says the project runs over several years: a
    bare "预计总项目经费42.78万" in a year's budget section is the year's amount."""
    labels = [_label_of(view, lo, f, heading) for f in candidates]
    multi = next((f for f, lab in zip(candidates, labels) if is_multi_year_label(lab)), None)
    if multi is None:
        return None, None
    year = next((f for f, lab in zip(candidates, labels) if f is not multi and _YEAR_LABEL.search(lab)), None)
    if year is not None:
        return year.amount, multi.amount
    if MULTI_YEAR.search(view, lo, hi):
        return None, multi.amount
    return None, None


# A small table in the budget section: a header naming the unit ("序号 子项目名称 金额（万元）"),
# then rows "1 NAME 30.5" (the number without its unit), maybe a 合计 row.
_TABLE_HEADER = re.compile(r"^[^\n]*(?:金额|预算|资金|经费|预算数)[^\n]{0,6}\((?P<unit>亿元|万元|元)\)[^\n]*$", re.M)
_TABLE_ROW = re.compile(
    r"[ \t]*(?:\d{1,2}[ \t.、]+)?(?P<name>[^\s\d][^\t\n]*?)[ \t]+(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)[ \t]*$"
)
_TABLE_TOTAL = re.compile(r"^(合计|总计|小计|共计)$")


#: what a header line of _TABLE_HEADER must hold: searched for first (a literal scan), not tried at every line's end
_TABLE_HEADER_CORE = re.compile(r"(?:金额|预算|资金|经费|预算数)[^\n]{0,6}\((?P<unit>亿元|万元|元)\)")


def _table_header(view: str, lo: int, hi: int) -> Optional[tuple[int, int, str]]:
    """(start, end, unit) of ``_TABLE_HEADER.search(view, lo, hi)``, or None.

    The same match found faster: the first whole line from ``lo`` on (a line starting before
    ``lo`` is no candidate, as for "^") holding the header's core; the unit is that of the core's
    last start in the line (the greedy "^[^\n]*" before it). _TABLE_HEADER itself tried every
    line's end back to its start: a project's text was read seven times over."""
    pos = lo
    while True:
        m = _TABLE_HEADER_CORE.search(view, pos, hi)
        if m is None:
            return None
        line_start = view.rfind("\n", 0, m.start()) + 1
        line_end = view.find("\n", m.start(), hi)
        if line_end == -1:
            line_end = hi
        if line_start >= lo:
            last = m
            while True:
                m = _TABLE_HEADER_CORE.search(view, last.start() + 1, line_end)
                if m is None:
                    return line_start, line_end, last.group("unit")
                last = m
        if line_end >= hi:
            return None
        pos = line_end + 1


def _table_items(view: str, src: str, lo: int, hi: int, span_of: SpanOf) -> Optional[ProjectMoney]:
    header = _table_header(view, lo, hi)
    if header is None or AMOUNT_RE.search(view, header[0], header[1]):
        return None
    unit = header[2]
    items: list[SubProject] = []
    total: Optional[Amount] = None
    pos = header[1] + 1
    while pos < hi:
        nl = view.find("\n", pos, hi)
        stop = hi if nl == -1 else nl
        line = view[pos:stop]
        if line.strip():
            m = _TABLE_ROW.fullmatch(line)
            if m is None:
                break  # the table is over
            ns, ne = pos + m.start("name"), pos + m.end("name")
            s, e = pos + m.start("num"), pos + m.end("num")
            amount = Amount(to_yuan(m.group("num"), unit), src[s:e], span_of(s, e))
            name = compact(src[ns:ne])
            if _TABLE_TOTAL.match(name):
                total = amount
            else:
                items.append(SubProject(name, ns, ne, amount))
        pos = stop + 1
    if len(items) < 2 and total is None:
        return None
    if total is None:
        total = _derived_total(src, items)
    return _with_quarters(total, view, lo, hi, items if len(items) >= 2 else [])


# a number alone in a table cell: after a tab, colon, space or line start, before a tab or the line's end;
# PDF text may group thousands with a space ("1 280.00": only with decimals, where "100 200" may be two cells)
_BARE_CELL = re.compile(r"(?<![^\t: \n])(?P<num>-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d{1,3}(?: \d{3})+\.\d+|-?\d+(?:\.\d+)?)(?=[ \t]*(?:\t|\n|$))")


def _bare_cells(view: str, src: str, lo: int, hi: int, span_of: SpanOf, unit: str) -> list[FoundAmount]:
    out = []
    for m in _BARE_CELL.finditer(view, lo, hi):
        s, e = m.start("num"), m.end("num")
        found = FoundAmount(Amount(to_yuan(m.group("num"), unit), src[s:e], span_of(s, e)), s, e)
        if not _is_funding_part(view, lo, found):
            out.append(found)
    return out


def _derived_total(src: str, subs: list[SubProject]) -> Optional[Amount]:
    parts = [s.amount for s in subs if s.amount.yuan is not None]
    if not parts:
        return None
    first, last = parts[0].span, parts[-1].span
    span = Span(first.start, last.end, first.line)
    return Amount(sum(p.yuan for p in parts), src[first.start : last.end], span,  # type: ignore[misc]
                  approximate=any(p.approximate for p in parts), derived=True)


def _with_quarters(total: Optional[Amount], view: str, start: int, end: int, subs) -> ProjectMoney:
    if total is not None:
        quarters = find_quarterly(view, start, end)
        if quarters:
            total = Amount(total.yuan, total.text, total.span, total.approximate, total.derived, quarters)
    return ProjectMoney(total, tuple(subs))


# A paragraph that opens with what it pays for: "院士建议咨询项目：…", "院士沙龙为四类会议，…"
_PARAGRAPH_NAME = re.compile(r"[ \t]*(?:[#*-]+[ \t]*)?(?:\d{1,2}[、.)][ \t]*)?(?P<name>[^\s，,。；;:：()\d][^\s，,。；;:：()]{1,19}?)(?:[:：]|为|是)")
_RESTATED = re.compile(r"(合计|共计|总计|小计|=)\s*$")


def _paragraph_items(view: str, src: str, lo: int, hi: int, found: list[FoundAmount]) -> list[SubProject]:
    """Blank-line separated paragraphs, each opening with an activity's name and costing several
    items, with no stated total: each paragraph is a part worth the sum of its amounts.

    Amounts in parentheses (what an item includes) and an amount restating the running sum
    ("…=60万元，合计60万元") are not added again.
    """
    if sum(1 for f in found if f.amount.yuan is not None) < 2:
        return []  # two paragraphs with an amount each, at least (the paragraphs below need not be cut)
    paragraphs = []
    starts = [f.start for f in found]  # found is in text order: each paragraph's amounts by bisection
    for m in re.finditer(r"(?:[^\n]|\n(?![ \t\r]*\n))+", view[lo:hi]):
        ps, pe = strip_span(view, lo + m.start(), lo + m.end())
        amounts = [f for f in found[bisect_left(starts, ps) : bisect_left(starts, pe)] if f.amount.yuan is not None]
        if amounts:
            paragraphs.append((ps, pe, amounts))
    if len(paragraphs) < 2:
        return []
    inside = _inside_parentheses(view, lo, hi)
    items = []
    for ps, pe, amounts in paragraphs:
        m = _PARAGRAPH_NAME.match(view, ps, pe)
        if not m:
            return []
        name = compact(m.group("name"))
        if _TOTAL_WORDS.search(name) or _TIME_LIKE.search(name) or name in vocab.funding_sources():
            return []
        total, used = 0, []
        for f in amounts:
            if f.start in inside:
                continue
            if _RESTATED.search(view[max(ps, f.start - 4) : f.start]) and f.amount.yuan == total and used:
                continue
            total += f.amount.yuan  # type: ignore[operator]
            used.append(f)
        if not used:
            return []
        first, last = used[0].amount.span, used[-1].amount.span
        amount = used[0].amount if len(used) == 1 else Amount(
            total, src[first.start : last.end], Span(first.start, last.end, first.line),
            approximate=any(f.amount.approximate for f in used), derived=True)
        ns, ne = m.start("name"), m.end("name")
        items.append(SubProject(name, ns, ne, amount))
    return items


def _is_comparison(view: str, lo: int, f: FoundAmount) -> bool:
    return bool(_COMPARISON.search(view[max(lo, f.start - 12) : f.start]))


def _clause_before(view: str, lo: int, pos: int) -> tuple[int, str]:
    i = pos
    while i > lo and view[i - 1] not in _SEPARATORS:
        i -= 1
    return i, view[i:pos]


def _is_funding_part(view: str, lo: int, f: FoundAmount) -> bool:
    _, clause = _clause_before(view, lo, f.start)
    name = _clean_name(clause)
    return name in vocab.funding_sources()


def _clean_name(text: str) -> str:
    name = compact(text)
    name = _LEAD_WORDS.sub("", name)
    name = _TRAIL_WORDS.sub("", name)
    return name.strip("“”\"'()（）[]【】")


def _parenthesised_parts(view: str, found: list[FoundAmount], item_starts: set[int]) -> set[int]:
    """Amounts inside the parentheses right after a sub-project's amount (its own breakdown)."""
    out: set[int] = set()
    for f in found:
        if f.start not in item_starts:
            continue
        after = view[f.end : f.end + 2]
        if "(" not in after:
            continue
        close = view.find(")", f.end)
        if close == -1:
            continue
        out.update(g.start for g in found if f.end < g.start < close)
    return out


def _subprojects(view: str, src: str, lo: int, hi: int, found: list[FoundAmount], span_of: SpanOf,
                 subheadings: frozenset[str], project_name: str = "") -> list[SubProject]:
    subs: list[SubProject] = []
    used: set[int] = set()
    # sub-headings inside the budget section, each followed by text with an amount
    subs.extend(_heading_items(view, src, lo, hi, found, span_of, used))
    # several lines that are each "NAME AMOUNT" ("国际科技组织对接交流与合作30万元")
    subs.extend(_line_items(view, lo, hi, found, used, project_name))
    paren_depth_inside = _inside_parentheses(view, lo, hi)
    for f in found:
        if f.start in used or f.amount.yuan is None or f.start in paren_depth_inside and not _paren_amount(view, f):
            continue
        item = _item_before(view, lo, f, subheadings, project_name)
        if item is None:
            continue
        ns, ne, name = item
        subs.append(SubProject(name, ns, ne, f.amount))
        used.add(f.start)
    subs.sort(key=lambda s: s.start)
    return subs


def _inside_parentheses(view: str, lo: int, hi: int) -> set[int]:
    """Offsets in ``view[lo:hi]`` inside parentheses (nesting counted; a stray ")" closes nothing),
    the parentheses themselves left out. Read from one parenthesis to the next, not character by character."""
    inside: set[int] = set()
    if view.find("(", lo, hi) == -1:
        return inside
    depth = 0
    previous = lo
    for m in _PARENTHESIS.finditer(view, lo, hi):
        if depth:
            inside.update(range(previous, m.start()))
        depth = depth + 1 if m.group() == "(" else max(0, depth - 1)
        previous = m.end()
    if depth:
        inside.update(range(previous, hi))
    return inside


_PARENTHESIS = re.compile(r"[()]")


def _paren_amount(view: str, f: FoundAmount) -> bool:
    """"手机信号检测（10 万）": the amount is the whole parenthesis."""
    return view[f.start - 1 : f.start] == "(" and view[f.end : f.end + 1] == ")"


def _item_before(view: str, lo: int, f: FoundAmount, subheadings: frozenset[str], project_name: str = "") -> Optional[tuple[int, int, str]]:
    """(start, end, name) of the sub-project an amount belongs to, if it is one."""
    amount_start = f.start - 1 if _paren_amount(view, f) else f.start
    cstart, clause = _clause_before(view, lo, amount_start)
    # a numbered or explicit item may have its marker before a "：" or "、" inside the clause
    seg_start = cstart
    explicit = False
    window_start = max(lo, amount_start - 60)
    window = view[window_start:amount_start]
    for m in _EXPLICIT.finditer(window):
        seg_start, explicit = window_start + m.end(), True
    numbered = False
    if not explicit:
        nl = view.rfind("\n", lo, amount_start)
        line_start = lo if nl == -1 else nl + 1
        marker = None
        for m in _NUMBERED.finditer(view, max(lo, line_start, cstart - 40), amount_start):
            marker = m
        if marker is not None and not re.search(r"[，,。；;]", view[marker.end() : amount_start]):
            seg_start, numbered = marker.end(), True
    raw = view[seg_start:amount_start]
    if re.search(r"[，,。；;]", raw):
        return None
    name = _clean_name(raw.rstrip("(").rstrip())
    if not (2 <= len(name) <= 40) or _TIME_LIKE.search(name) or not re.search(r"[\u4e00-\u9fff]", name):
        return None
    if name in vocab.funding_sources() or (not explicit and _TOTAL_WORDS.search(name)):
        return None
    if project_name and name.rstrip("项目") == project_name.rstrip("项目"):
        return None  # "上海科技宣传工作项目 645.55万元" is the project's own total
    if not (explicit or numbered or _PROJECT_NAME_END.search(name) or _matches_subheading(name, subheadings)):
        return None
    if not explicit and not _PROJECT_NAME_END.search(name) and name.endswith(("费", "费用")) and not numbered:
        return None
    s, e = locate_compact(view, seg_start, amount_start, name)
    return s, e, name


def _matches_subheading(name: str, subheadings: frozenset[str]) -> bool:
    return any(name == h or (len(h) >= 2 and name.startswith(h)) for h in subheadings)


_HEADING_LINE = re.compile(r"^[ \t]*(?:#{1,6}[ \t]*)?(?:\d{1,2}(?:\.\d)?[、.)]|\(\d{1,2}\)|[一二三四五六七八九十]+、)[ \t]*(?P<name>[^\n]{2,40}?)[ \t]*[:：]?[ \t]*$", re.M)


def _heading_items(view: str, src: str, lo: int, hi: int, found: list[FoundAmount], span_of: SpanOf, used: set[int]) -> list[SubProject]:
    # from the start of lo's line: the section body starts after the first heading's indent,
    # where "^" does not match, and that first sub-project must not be lost
    line_start = view.rfind("\n", 0, lo) + 1
    heads = [m for m in _HEADING_LINE.finditer(view, line_start, hi)
             if m.start("name") >= lo and not AMOUNT_RE.search(m.group("name")) and not _TIME_LIKE.search(m.group("name"))]
    out = []
    starts = [f.start for f in found]
    for k, m in enumerate(heads):
        stop = heads[k + 1].start() if k + 1 < len(heads) else hi
        below = found[bisect_left(starts, m.end()) : bisect_left(starts, stop)]
        first = next((f for f in below if f.amount.yuan is not None and f.start not in used), None)
        if first is None:
            continue
        name = compact(m.group("name")).rstrip(":：")
        ns, ne = locate_compact(view, m.start("name"), m.end("name"), name)
        out.append(SubProject(name, ns, ne, first.amount))
        used.add(first.start)
    return out if len(out) >= 2 else _release(out, used)


def _release(items: list[SubProject], used: set[int]) -> list[SubProject]:
    for it in items:
        used.discard(it.amount.span.start)
    return []


# one sub-project per line, "传承人补贴：30万元"; a list bullet ("- ", "* ", "• ") or a number ("(1) ", "1. ")
# is no part of the name
_LINE_ITEM = re.compile(r"^[ \t]*(?:[-*•·][ \t]+|(?:\(\d{1,2}\)|\d{1,2}[、.)](?!\d))[ \t]*)?(?P<name>[^\n，,。；;:：]{2,40}?)[ \t]*(?:[:：][ \t]*)?$")


def _line_items(view: str, lo: int, hi: int, found: list[FoundAmount], used: set[int], project_name: str) -> list[SubProject]:
    """Two or more lines consisting of a name and an amount and nothing else are parts."""
    items = []
    for f in found:
        if f.start in used or f.amount.yuan is None:
            continue
        nl = view.rfind("\n", lo, f.start)
        line_start = lo if nl == -1 else nl + 1
        line_end = view.find("\n", f.end, hi)
        line_end = hi if line_end == -1 else line_end
        if view[f.end:line_end].strip(" \t\r。."):
            continue
        m = _LINE_ITEM.match(view[line_start:f.start])
        if not m:
            continue
        name = _clean_name(m.group("name"))
        if not (2 <= len(name) <= 40) or name in vocab.funding_sources() or _TOTAL_WORDS.search(name) or _TIME_LIKE.search(name):
            continue
        ns, ne = locate_compact(view, line_start + m.start("name"), line_start + m.end("name"), name)
        items.append(SubProject(name, ns, ne, f.amount))
    if len(items) < 2:
        return []
    used.update(it.amount.span.start for it in items)
    return items


def numbered_subheadings(view: str, start: int, end: int) -> frozenset[str]:
    """Names of numbered sub-headings in a project block ("1、研发机构支撑：" -> 研发机构支撑)."""
    out = set()
    for m in _HEADING_LINE.finditer(view, start, end):
        name = compact(m.group("name")).rstrip(":：")
        if 2 <= len(name) <= 30:
            out.add(name)
    return frozenset(out)


# ---------------------------------------------------------------------------
# period

_DATE = r"(?P<{p}y>\d{{4}})\s*(?:年|\.|/|-)\s*(?P<{p}m>\d{{1,2}})\s*(?:(?:月|\.|/|-)\s*(?:(?P<{p}d>\d{{1,2}})\s*日?)?)?"
_DATE_END = r"(?:(?P<ey>\d{4})\s*(?:年|\.|/|-)\s*)?(?P<em>\d{1,2})\s*(?:(?:月|\.|/|-)\s*(?:(?P<ed>\d{1,2})\s*日?)?)?"
_RANGE_SEP = r"\s*(?:至|到|--?|~|—|－|–|结束时间\s*[:：]?)\s*"
PERIOD_RE = re.compile(_DATE.format(p="s") + _RANGE_SEP + _DATE_END)
# "2023年1-12月"
_MONTHS_RE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m1>\d{1,2})\s*(?:-|至|到|~)\s*(?P<m2>\d{1,2})\s*月")
_YEAR_ONLY = re.compile(r"^\s*(?:(?:本项目|该项目)?实施周期[为:：]?)?\s*(?P<y>\d{4})\s*(?:年度|年全年|年|全年)\s*[。.]?\s*$")
_MONTH_DAYS = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


@dataclass(frozen=True)
class Period:
    text: str
    span: Span
    start: Optional[str]
    end: Optional[str]


def _iso(y: int, m: int, d: Optional[int], *, end: bool) -> Optional[str]:
    if not (1 <= m <= 12):
        return None
    last = _MONTH_DAYS[m] + (1 if m == 2 and (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 0)
    if d is None:
        d = last if end else 1
    if not (1 <= d <= last):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def find_period(view: str, src: str, start: int, end: int, span_of: SpanOf) -> Optional[Period]:
    m = PERIOD_RE.search(view, start, end)
    if m:
        y1, m1 = int(m.group("sy")), int(m.group("sm"))
        d1 = int(m.group("sd")) if m.group("sd") else None
        y2 = int(m.group("ey")) if m.group("ey") else y1
        m2 = int(m.group("em"))
        d2 = int(m.group("ed")) if m.group("ed") else None
        s, e = strip_span(view, m.start(), m.end())
        return Period(src[s:e], span_of(s, e), _iso(y1, m1, d1, end=False), _iso(y2, m2, d2, end=True))
    m = _MONTHS_RE.search(view, start, end)
    if m:
        y = int(m.group("y"))
        s, e = m.start(), m.end()
        return Period(src[s:e], span_of(s, e), _iso(y, int(m.group("m1")), None, end=False), _iso(y, int(m.group("m2")), None, end=True))
    s, e = strip_span(view, start, end)
    if s < e and "\n" not in view[s:e]:
        text = view[s:e]
        y = _YEAR_ONLY.match(text)
        if y:
            year = int(y.group("y"))
            return Period(src[s:e], span_of(s, e), f"{year:04d}-01-01", f"{year:04d}-12-31")
        if len(compact(text)) <= 40:
            return Period(src[s:e], span_of(s, e), None, None)
    return None
