"""The 绩效目标申报表 forms, flattened from PDF to text with fields out of order.

A form is cut at each bare "项目名称" label line (the first field of every form),
or at each form title when there are no such lines. Within a form:

* 申报单位: "申报单位名称：X（盖章）";
* 项目名称: "项目名称：X" when the value sits beside its label, else the first plain
  line after the 申报单位名称 line (where the flattening puts the name's value);
* 项目总预算（元）/项目当年预算（元）: the numbers after the labels;
* sub-projects: lines "NAME NUMBER" anywhere in the form (子项目名称 预算金额 rows and
  项目当年投入资金构成 rows drift away from their labels), chosen as the subset that adds
  up to the year's budget, which also keeps contact phone numbers out; when no subset
  adds up, the rows after a 子项目/资金构成 label are kept and a ``sum_mismatch`` warning says so;
* sections: field labels (``form_labels.tsv``, wrapped labels joined) with the value
  blocks that follow them; values that the flattening moved away from a run of labels
  are given to the run's unanswered prose fields in order.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from . import vocab
from .amounts import to_yuan
from .budget import PERIOD_RE, _iso
from .models import Amount, Project, Section, Span, Unit, Warning_
from .text import Line, compact, iter_paragraphs, strip_span

SpanOf = Callable[[int, int], Span]

_NAME_LABEL = "项目名称"
# "项目名称：X", typed forms; "项目名称    X" / "项目名称<TAB>X", the value beside its label in a flattened row
_INLINE_NAME = re.compile(r"^[ \t]*(?:\(?[一二三四五六七八九十\d]{1,3}[)、.]\s*)?项目名称(?:[ \t]*[:：][ \t]*|[ \t]+)(?P<v>\S[^\n]*?)[ \t]*$", re.M)
_UNIT_RE = re.compile(r"申报单位(?:名称)?\s*(?:[(（]\s*盖章\s*[)）])?\s*[:：]\s*(?P<name>[^\n]+?)\s*$", re.M)
# "项目实施单位：X" in a typed form: the unit that runs the project (the 申报单位 declares it)
_IMPLEMENTER_RE = re.compile(r"^[ \t]*(?:项目)?(?:实施|承担|执行)单位\s*[:：]\s*(?P<name>[^\n]+?)\s*$", re.M)
# "二、项目立项依据及必要性": a typed form's numbered part heading
_PART_HEADING = re.compile(r"[ \t]*[一二三四五六七八九十]{1,3}[、.．][ \t]*(?P<label>[^\n]{2,24}?)[ \t]*$")
_YEAR_CELL = re.compile(r"((?:19|20)\d{2})年度?")
_TABLE_UNIT = re.compile(r"(?:单位|金额单位)\s*[:：]\s*(?P<unit>亿元|万元|元)|[(（](?P<unit2>亿元|万元|元)[)）]")
_TOTAL_CELL = re.compile(r"(合计|总计|小计|共计)")
_SUB_NAME_CELLS = ("子项目名称", "子项目", "二级项目名称", "明细项目名称")
_SEAL = re.compile(r"\s*[(（]\s*盖章\s*[)）]\s*$")
# "项目总预算（元） 412000000", typed: "项目总预算：180,000万元    当年预算：60,000万元"; a 科技计划项目申报书's
# "项目总经费  120.00万元（大写：壹佰贰拾万元整）"
_BUDGET_RE = re.compile(
    r"(?:(?:项目)?(?P<which>总|当年|本年度?)(?:预算|经费)|(?P<year_funds>(?:\d{4}年度?|当年|本年度?)(?:申请|申报|安排)(?:财政)?(?:资金|经费)))"
    r"\s*(?:\(\s*(?P<unit>万元|元)\s*\))?\s*[:：]?\s*"
    r"(?P<num>\d[\d,]*(?:\.\d+)?)(?(unit)|\s*(?P<unit2>万元|元))"
)
# the unit of the 子项目 rows below a header such as "子项目名称 预算金额（万元）"
_ROW_UNIT = re.compile(r"金额\s*\(\s*(?P<unit>万元|元)\s*\)")
_ROW_RE = re.compile(r"^[ \t]*(?P<name>\S.*?\S)[ \t]+(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)[ \t]*$")
_ROW_EXCLUDE = re.compile(r"(预算|执行数|上年|联系电话|电话|结束时间|开始时间|指标|目标值|得分|权重|\d{4}[-/年])")
_SUB_LABEL = re.compile(r"(子项目名称|资金构成)")
_CHECKBOX = re.compile(r"[□■√☑☐✓]")
_DOC_REF = re.compile(r"《[^》]{2,}》|[〔【\[(（]\s*(?:19|20)\d{2}\s*[〕】\])）]\s*第?\s*\d+\s*号")
_MAX_ROWS_FOR_SUBSET = 18


@dataclass
class FormResult:
    projects: tuple[Project, ...] = ()
    units: tuple[Unit, ...] = ()
    warnings: tuple[Warning_, ...] = ()


@dataclass
class _Label:
    key: Optional[str]
    start: int
    end: int
    first_line: int
    last_line: int
    values: list[tuple[int, int]] = field(default_factory=list)
    body: Optional[tuple[int, int]] = None  # a "立项依据：…" label's own value (offsets), read in place


def looks_like_forms(view: str, lines: list[Line]) -> bool:
    head = compact(view[:20000])
    return ("申报表" in head or "申报书" in head) and "申报单位" in head and bool(_BUDGET_RE.search(view) or "子项目名称" in head)


def _form_starts(view: str, lines: list[Line]) -> list[int]:
    """First line of each form. The bare 项目名称 label opens a form when the flattening put it
    first (002: label, title, 申报单位名称 …); when it comes after the form's 申报单位名称 line
    (label after its value), the form titles open the forms."""
    labels = [i for i, ln in enumerate(lines) if compact(view[ln.start : ln.end]) == _NAME_LABEL]
    titles = [i for i, ln in enumerate(lines) if re.search(r"(申报表|申报书)$", compact(view[ln.start : ln.end]))]
    units = [i for i, ln in enumerate(lines) if _UNIT_RE.search(view, ln.start, ln.end + 1)]
    labels_first = bool(labels) and (not units or labels[0] < units[0])
    if labels and (labels_first or len(titles) < 2):
        starts = labels
    elif titles:
        starts = _one_per_run(titles, units)
    else:
        starts = [0]
    starts[0] = 0  # text before the first form belongs to it
    return starts


def _one_per_run(titles: list[int], units: list[int]) -> list[int]:
    """Titles repeated on every page of one form ("…申报表" above each page) open it once:
    a title opens a new form only after a 申报单位 line since the previous one."""
    out = [titles[0]]
    for t in titles[1:]:
        if any(out[-1] < u < t for u in units) or not units:
            out.append(t)
    return out


def extract_forms(view: str, src: str, lines: list[Line], span_of: SpanOf, year: Optional[int] = None) -> FormResult:
    starts = _form_starts(view, lines)
    projects: list[Project] = []
    units: list[Unit] = []
    warnings: list[Warning_] = []
    for k, first in enumerate(starts):
        last = starts[k + 1] if k + 1 < len(starts) else len(lines)
        form = _Form(view, src, lines, first, last, span_of, year)
        result = form.read()
        if result is None:
            continue
        project, subs, unit, form_warnings = result
        projects.append(project)
        projects.extend(subs)
        if unit is not None and unit.name not in {u.name for u in units}:
            units.append(unit)
        warnings.extend(form_warnings)
    return FormResult(tuple(projects), tuple(units), tuple(warnings))


class _Form:
    def __init__(self, view: str, src: str, lines: list[Line], first: int, last: int, span_of: SpanOf, year: Optional[int] = None):
        self.view, self.src, self.lines = view, src, lines
        self.year = year
        self.first, self.last = first, last
        self.start = lines[first].start
        self.end = lines[last - 1].end if last > first else self.start
        self.span_of = span_of

    # -- fields ---------------------------------------------------------------

    def read(self):
        unit = self._unit()
        name = self._name()
        if name is None:
            return None
        name_start, name_end = name
        budgets = self._budgets()
        amount = budgets.get("当年") or self._year_column_amount() or budgets.get("总")
        total = budgets.get("总")
        warnings: list[Warning_] = []
        subs = self._table_subprojects()
        if not subs:
            subs = self._subprojects(amount, warnings, compact(self.src[name_start:name_end]))
        if amount is None and subs:
            parts = [s.amount for s in subs]
            amount = Amount(sum(p.yuan or 0 for p in parts), parts[0].text, parts[0].span, derived=True)
        period = self._period()
        start, end = strip_span(self.view, self.start, self.end)
        project_name = compact(self.src[name_start:name_end])
        runs = self._implementer() or unit  # "项目实施单位：X" runs it; else the declaring unit
        project = Project(
            name=project_name,
            span=self.span_of(name_start, name_end),
            extent=self.span_of(start, end),
            unit=runs.name if runs else None,
            unit_span=runs.span if runs else None,
            amount=amount,
            total_amount=total if total is not None and amount is not None and total.yuan != amount.yuan else None,
            period=period[0] if period else None,
            period_start=period[1] if period else None,
            period_end=period[2] if period else None,
            sections=tuple(self._sections()),
            flags=() if amount is not None else ("amount_missing",),
        )
        sub_projects = [
            Project(name=s.name, span=s.span, extent=Span(s.span.start, s.amount.span.end, s.span.line), parent=project_name,
                    unit=project.unit, unit_span=project.unit_span, amount=s.amount,
                    period=project.period, period_start=project.period_start, period_end=project.period_end)
            for s in subs
        ]
        return project, sub_projects, unit, warnings

    def _unit(self) -> Optional[Unit]:
        m = _UNIT_RE.search(self.view, self.start, self.end)
        if not m:
            return None
        s, e = m.start("name"), m.end("name")
        seal = _SEAL.search(self.view, s, e)
        if seal:
            e = seal.start()
        s, e = strip_span(self.view, s, e)
        if s >= e:
            return None
        return Unit(compact(self.src[s:e]), self.span_of(s, e), None)

    def _implementer(self) -> Optional[Unit]:
        m = _IMPLEMENTER_RE.search(self.view, self.start, self.end)
        if not m:
            return None
        s, e = strip_span(self.view, m.start("name"), m.end("name"))
        return Unit(compact(self.src[s:e]), self.span_of(s, e), None) if s < e else None

    # -- tables of a typed form ("四、项目预算": years in columns, sub-projects in rows) -----------

    def _cells(self, i: int) -> list[tuple[int, int]]:
        ln = self.lines[i]
        text = self.view[ln.start : ln.end]
        if "\t" in text:
            out, pos = [], ln.start
            for part in text.split("\t"):
                out.append(strip_span(self.view, pos, pos + len(part)))
                pos += len(part) + 1
            return out
        return [(ln.start + m.start(), ln.start + m.end()) for m in re.finditer(r"\S+(?: \S+)*", text)] if "  " in text.strip() else []

    def _table_unit(self, i: int) -> Optional[str]:
        for k in range(i, max(self.first - 1, i - 3), -1):
            ln = self.lines[k]
            m = _TABLE_UNIT.search(self.view, ln.start, ln.end)
            if m:
                return m.group("unit") or m.group("unit2")
        return None

    def _table_rows(self, i: int):
        """(line index, cells) of the rows under the header at line ``i``, to a blank line or a line without cells."""
        width = len(self._cells(i))
        j = i + 1
        while j < self.last:
            cells = self._cells(j)
            if len(cells) < 2 or abs(len(cells) - width) > 1:
                return
            yield j, cells
            j += 1

    def _amount_cell(self, cell: tuple[int, int], unit: Optional[str]) -> Optional[Amount]:
        text = self.view[cell[0] : cell[1]].replace(" ", "")
        if unit is None or not re.fullmatch(r"\d[\d,]*(?:\.\d+)?", text):
            return None
        yuan = to_yuan(text, unit)
        return Amount(yuan, self.src[cell[0] : cell[1]], self.span_of(*cell)) if yuan is not None else None

    def _year_column_amount(self) -> Optional[Amount]:
        """The year's amount of a multi-year budget table (资金来源 | 合计 | 2020年 | 2021年 | 2022年):
        the form year's column in the 合计 row."""
        if self.year is None:
            return None
        for i in range(self.first, self.last):
            header = self._cells(i)
            years = [k for k, c in enumerate(header) if _YEAR_CELL.fullmatch(compact(self.view[c[0] : c[1]]))]
            if len(years) < 2:
                continue
            col = next((k for k in years if _YEAR_CELL.fullmatch(compact(self.view[header[k][0] : header[k][1]])).group(1) == str(self.year)), None)
            if col is None:
                continue
            rows = list(self._table_rows(i))
            total = [cells for _, cells in rows if _TOTAL_CELL.fullmatch(compact(self.view[cells[0][0] : cells[0][1]]))]
            if total and len(total[-1]) == len(header):
                return self._amount_cell(total[-1][col], self._table_unit(i))
        return None

    def _table_subprojects(self) -> list["_Sub"]:
        """Rows of a sub-project table (序号 | 子项目名称 | … | 2020年安排): the name cell and the
        form year's amount column (else the last amount column)."""
        for i in range(self.first, self.last):
            header = self._cells(i)
            words = [compact(self.view[a:b]) for a, b in header]
            name_col = next((k for k, w in enumerate(words) if w in _SUB_NAME_CELLS), None)
            if name_col is None:
                continue
            unit = self._table_unit(i)
            year_cols = [k for k, w in enumerate(words) if self.year and w.startswith(f"{self.year}年")]
            subs = []
            for _, cells in self._table_rows(i):
                if len(cells) != len(header):
                    continue
                name = compact(self.src[cells[name_col][0] : cells[name_col][1]])
                if not name or _TOTAL_CELL.fullmatch(name) or not re.search(r"[\u4e00-\u9fff]", name):
                    continue
                cols = year_cols or [k for k in range(len(cells) - 1, name_col, -1)]
                amount = next((a for a in (self._amount_cell(cells[k], unit) for k in cols) if a is not None), None)
                if amount is None:
                    continue
                subs.append(_Sub(name, self.span_of(*cells[name_col]), amount))
            if subs:
                return subs
        return []

    def _name(self) -> Optional[tuple[int, int]]:
        for inline in _INLINE_NAME.finditer(self.view, self.start, self.end):
            if not self._is_label(compact(inline.group("v"))):  # "项目名称 项目类型": two bare labels, no value
                return inline.start("v"), inline.end("v")
        m = _UNIT_RE.search(self.view, self.start, self.end)
        if not m:
            return None
        idx = next(i for i in range(self.first, self.last) if self.lines[i].start <= m.start() <= self.lines[i].end)
        for ln in self.lines[idx + 1 : self.last]:
            s, e = strip_span(self.view, ln.start, ln.end)
            if s >= e:
                continue
            text = compact(self.view[s:e])
            if self._is_label(text) or _CHECKBOX.search(text) or text in ("项目类型",) or len(text) > 60:
                continue
            return s, e
        return None

    def _is_label(self, text: str) -> bool:
        return text in vocab.form_labels()

    def _budgets(self) -> dict[str, Amount]:
        out: dict[str, Amount] = {}
        for m in _BUDGET_RE.finditer(self.view, self.start, self.end):
            which = "总" if m.group("which") == "总" else "当年"
            if which in out:
                continue
            s, e = m.start("num"), m.end("unit2") if m.group("unit2") else m.end("num")
            out[which] = Amount(to_yuan(m.group("num"), m.group("unit") or m.group("unit2")), self.src[s:e], self.span_of(s, e))
        return out

    def _period(self) -> Optional[tuple[str, Optional[str], Optional[str]]]:
        for m in PERIOD_RE.finditer(self.view, self.start, self.end):
            if "结束时间" not in m.group() and "至" not in m.group():
                continue
            y1, m1 = int(m.group("sy")), int(m.group("sm"))
            d1 = int(m.group("sd")) if m.group("sd") else None
            y2 = int(m.group("ey")) if m.group("ey") else y1
            m2 = int(m.group("em"))
            d2 = int(m.group("ed")) if m.group("ed") else None
            s, e = strip_span(self.view, m.start(), m.end())
            return self.src[s:e], _iso(y1, m1, d1, end=False), _iso(y2, m2, d2, end=True)
        return None

    # -- sub-projects ---------------------------------------------------------

    def _rows(self) -> list[tuple[int, int, str, Amount, bool]]:
        """(name start, name end, name, amount, after a 子项目/资金构成 label) for each 'NAME NUMBER' line."""
        rows = []
        after_label = False
        unit = "元"
        for ln in self.lines[self.first : self.last]:
            text = self.view[ln.start : ln.end]
            if _SUB_LABEL.search(text):
                after_label = True
            stated = _ROW_UNIT.search(text)
            if stated:
                unit = stated.group("unit")
            m = _ROW_RE.match(text)
            if not m or _ROW_EXCLUDE.search(m.group("name")) or _CHECKBOX.search(text):
                continue
            ns, ne = ln.start + m.start("name"), ln.start + m.end("name")
            name = compact(self.src[ns:ne])
            if not re.search(r"[\u4e00-\u9fff]", name):
                continue
            s, e = ln.start + m.start("num"), ln.start + m.end("num")
            amount = Amount(to_yuan(m.group("num"), unit), self.src[s:e], self.span_of(s, e))
            rows.append((ns, ne, name, amount, after_label))
        return rows

    def _subprojects(self, amount: Optional[Amount], warnings: list[Warning_], project_name: str):
        rows = [r for r in self._rows() if r[3].yuan]
        chosen: list = []
        if amount is not None and amount.yuan and rows:
            chosen = _subset_summing_to([r[3].yuan for r in rows], amount.yuan)
            chosen = [rows[i] for i in chosen] if chosen is not None else []
            if not chosen:
                chosen = [r for r in rows if r[4] and not _phone_like(r[2], r[3].text)]
                if chosen:
                    total = sum(r[3].yuan for r in chosen)
                    warnings.append(Warning_(
                        "sum_mismatch",
                        f"form {project_name}: sub-projects add up to {total} yuan, the year's budget is {amount.yuan} yuan",
                        amount.span,
                    ))
        elif rows:
            chosen = [r for r in rows if r[4] and not _phone_like(r[2], r[3].text)]
        return [_Sub(name, self.span_of(ns, ne), amt) for ns, ne, name, amt, _ in chosen]

    # -- sections -------------------------------------------------------------

    def _labels(self) -> list[_Label]:
        labels: dict[str, Optional[str]] = {k: (None if v == "-" else v) for k, v in vocab.form_labels().items()}
        out: list[_Label] = []
        i = self.first
        while i < self.last:
            ln = self.lines[i]
            one = compact(self.view[ln.start : ln.end])
            part = self._part_label(i, labels)
            if part is not None:
                out.append(part)
                i = part.last_line + 1
                continue
            colon = self._colon_label(i, labels)
            if colon is not None:
                out.append(colon)
                i = colon.last_line + 1
                continue
            if one in labels:
                s, e = strip_span(self.view, ln.start, ln.end)
                out.append(_Label(labels[one], s, e, i, i))
                i += 1
                continue
            if i + 1 < self.last and one:
                nxt = self.lines[i + 1]
                two = one + compact(self.view[nxt.start : nxt.end])
                if two in labels and len(one) < len(two):
                    s, _ = strip_span(self.view, ln.start, ln.end)
                    _, e = strip_span(self.view, nxt.start, nxt.end)
                    out.append(_Label(labels[two], s, e, i, i + 1))
                    i += 2
                    continue
            i += 1
        return out

    def _part_label(self, i: int, labels: dict[str, Optional[str]]) -> Optional[_Label]:
        """A typed form's numbered part heading that names a field ("二、项目立项依据及必要性"):
        its value is the text below, to the next part heading."""
        ln = self.lines[i]
        m = _PART_HEADING.fullmatch(self.view, ln.start, ln.end)
        if not m:
            return None
        words = compact(m.group("label"))
        key = labels.get(words) if words in labels else vocab.section_headings().get(words)
        if key is None:
            return None
        last = i
        j = i + 1
        while j < self.last and not _PART_HEADING.fullmatch(self.view, self.lines[j].start, self.lines[j].end):
            if self.view[self.lines[j].start : self.lines[j].end].strip():
                last = j
            j += 1
        if last == i:
            return None
        s, e = m.start("label"), m.end("label")
        vs, ve = strip_span(self.view, self.lines[i + 1].start, self.lines[last].end)
        return _Label(key, s, e, i, last, body=(vs, max(vs, ve)))

    def _colon_label(self, i: int, labels: dict[str, Optional[str]]) -> Optional[_Label]:
        """A label written with its value, as forms typed (not flattened) give it: "立项依据：《…》"
        or "立项依据：" with the value on the lines below, up to a blank line or the next label."""
        ln = self.lines[i]
        m = re.match(r"[ \t]*(?P<label>[^:：\n]{2,16}?)[ \t]*[:：]", self.view[ln.start : ln.end])
        if not m or compact(m.group("label")) not in labels:
            return None
        key = labels[compact(m.group("label"))]
        s, e = ln.start + m.start("label"), ln.start + m.end("label")
        value_start, last = ln.start + m.end(), i
        j = i + 1
        while j < self.last:
            text = self.view[self.lines[j].start : self.lines[j].end]
            head = compact(text)
            if not head or head in labels or _FIELD_LINE.match(text):
                break  # a blank line, a bare label, or the next "field：value" line ends the value
            last = j
            j += 1
        vs, ve = strip_span(self.view, value_start, self.lines[last].end)
        return _Label(key, s, e, i, last, body=(vs, max(vs, ve)))

    def _sections(self) -> list[Section]:
        labels = self._labels()
        if not labels:
            return []
        typed = [lb for lb in labels if lb.body is not None]
        labels = [lb for lb in labels if lb.body is None]  # flattened labels: values paired below
        label_lines = {j for lb in labels + typed for j in range(lb.first_line, lb.last_line + 1)}
        blocks: list[tuple[int, int]] = []  # (first line, last line) of value blocks between labels
        for a, b in iter_paragraphs(self.lines, self.view, self.first, self.last):
            j = a
            while j <= b:
                if j in label_lines:
                    j += 1
                    continue
                k = j
                while k + 1 <= b and k + 1 not in label_lines:
                    k += 1
                blocks.append((j, k))
                j = k + 1
        events = sorted([(lb.first_line, 0, lb) for lb in labels] + [(blk[0], 1, blk) for blk in blocks], key=lambda t: (t[0], t[1]))
        pending: list[_Label] = []  # prose fields still without an answer, in form order
        run: list[_Label] = []
        answers: list[tuple[int, int]] = []

        def settle() -> None:
            fields = [lb for lb in run if lb.key in _PROSE_KEYS]
            if answers and fields:
                answered = fields[-len(answers):]
                for lb, blk in zip(answered, answers[-len(answered):]):
                    lb.values.append(blk)
                _swap_basis(self, answered)
            pending.extend(lb for lb in fields if not lb.values)

        for _, kind, item in events:
            if kind == 0:
                if answers or not run:
                    settle()
                    run, answers = [], []
                run.append(item)
            elif self._is_prose(item):
                if run:
                    answers.append(item)
                elif self._is_orphan_answer(item):
                    # a value the flattening moved away from its label
                    target = next((lb for lb in pending if not lb.values and lb.key != "performance"), None)
                    if target is not None:
                        target.values.append(item)
                        pending.remove(target)
            else:
                settle()  # a short field value (checkboxes, names, numbers) ends the run's answers
                run, answers = [], []
        settle()
        out = []
        for lb in sorted(labels + typed, key=lambda lb: lb.start):
            if lb.key is None:
                continue
            if lb.body is not None:
                body = lb.body
            elif lb.values:
                a, b = lb.values[0]
                body = strip_span(self.view, self.lines[a].start, self.lines[b].end)
            else:
                body = (lb.end, lb.end)
            out.append(Section(lb.key, compact(self.src[lb.start : lb.end]), self.span_of(lb.start, lb.end), self.span_of(*body)))
        return out

    def _block_text(self, blk: tuple[int, int]) -> str:
        return self.view[self.lines[blk[0]].start : self.lines[blk[1]].end]

    def _is_orphan_answer(self, blk: tuple[int, int]) -> bool:
        text = compact(self._block_text(blk))
        return len(text) >= 60 and not _METRIC.search(text[:40])

    def _is_prose(self, blk: tuple[int, int]) -> bool:
        text = compact(self._block_text(blk))
        return (len(text) >= 30 and not _CHECKBOX.search(text) and "申报表" not in text[:20] and "申报单位" not in text[:10]
                and not _BUDGET_RE.search(self._block_text(blk)))


# "项目当年预算（万元）：970.00", "联系电话：…": a short field name and a colon open a line
_FIELD_LINE = re.compile(r"[ \t]*[^:：，,。；;\n]{2,14}[:：]")
_PROSE_KEYS = {"overview", "basis", "necessity", "measures", "plan", "performance"}
# A performance-table cell ("100%合规（…）", "≥90%") is never a moved prose answer.
_METRIC = re.compile(r"(%|≥|≤|>=|<=|合规|达标|满意度|完成率|合格率)")


def _swap_basis(form: _Form, answered: list[_Label]) -> None:
    """Within one run, the block full of 《…》 and document numbers is the 立项依据 answer."""
    basis = next((lb for lb in answered if lb.key == "basis" and lb.values), None)
    if basis is None:
        return

    def refs(lb: _Label) -> int:
        return len(_DOC_REF.findall(form._block_text(lb.values[0]))) if lb.values else 0

    best = max(answered, key=lambda lb: (refs(lb) / max(1, len(compact(form._block_text(lb.values[0])))) if lb.values else -1))
    if best is not basis and refs(best) > refs(basis):
        basis.values, best.values = best.values, basis.values


@dataclass(frozen=True)
class _Sub:
    name: str
    span: Span
    amount: Amount


def _phone_like(name: str, number: str) -> bool:
    """'胡国知 64839009': a person's name and a phone number, not a budget row."""
    digits = re.sub(r"\D", "", number)
    return len(name) <= 4 and len(digits) in (7, 8, 11) and "," not in number


def _subset_summing_to(values: list[int], target: int) -> Optional[list[int]]:
    """Indices of the largest subset of ``values`` adding up to ``target`` (None if there is none)."""
    n = len(values)
    if n > _MAX_ROWS_FOR_SUBSET:
        return None
    for size in range(n, 0, -1):
        for combo in itertools.combinations(range(n), size):
            if sum(values[i] for i in combo) == target:
                return list(combo)
    return None
