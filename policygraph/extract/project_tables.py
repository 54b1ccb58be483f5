"""Tables that list projects: one row a project ("项目名称 立项依据 预算（万元）",
"序号 项目名称 项目单位 预算金额").

District budgets of the 2016-2020 templates state their projects in such a table, and many
documents repeat their project list in a summary table before the detailed sections. Each
row gives a name and what the columns say of it: the year's amount, a multi-year total, the
implementing unit, the 立项依据 (cell spans kept, so citations in a row can be placed).
The structure stage merges a row into the project block of the same name (a summary before
the detailed sections counts once) or makes the row a project of its own.

A table is found by its header: a 项目名称 cell (never a bare "项目", which heads the budget
tables' classification column) and at least one amount column (``project_table_columns.tsv``).
Cells are separated by tabs, by Markdown pipes, or by runs of two or more spaces. The money
unit comes from the amount column's header ("预算（万元）") or a "单位：万元" line just above
the table; without one the amounts are left out (``unparsed_amount`` warning), not guessed.
Rows end at a blank line or a line that does not split into cells; 合计/小计 rows are no projects,
nor is any table inside a project block (a budget section's breakdown).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable, Optional

from . import vocab
from .amounts import find_amounts, to_yuan
from .models import Amount, Span, Warning_
from .text import Line, compact, strip_span

SpanOf = Callable[[int, int], Span]

_NUMBER = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?")
_UNIT_IN_HEADER = re.compile(r"\((?P<unit>亿元|万元|千元|元)\)")
_UNIT_LINE = re.compile(r"(?:单位|金额单位)\s*[:：]\s*(?P<unit>亿元|万元|千元|元)")
_TOTAL_ROW = re.compile(r"^(合计|总计|小计|共计|总额)$")
_RULE = re.compile(r":?-{3,}:?")
_SEQ = re.compile(r"^\d{1,3}$|^[一二三四五六七八九十]+$")


@dataclass(frozen=True)
class Cell:
    start: int
    end: int


@dataclass(frozen=True)
class ProjectRow:
    """One row of a project table (offsets into the text; cells are None when the table has no such column)."""

    name: str
    name_cell: Cell
    row: Cell  # the whole line
    amount: Optional[Amount] = None  # the year's amount
    total: Optional[Amount] = None  # a multi-year total column (项目总预算)
    unit: Optional[str] = None
    unit_cell: Optional[Cell] = None
    basis_heading: Optional[Cell] = None  # the header cell of the 立项依据 column
    basis: Optional[Cell] = None


@functools.lru_cache(maxsize=None)
def _columns() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """role -> header words (whitespace and the unit's brackets removed), from project_table_columns.tsv."""
    out: dict[str, list[str]] = {}
    for role, words in vocab.project_table_columns():
        out.setdefault(role, []).extend(words.split())
    return tuple((role, tuple(sorted(ws, key=len, reverse=True))) for role, ws in out.items())


def _role(header: str) -> Optional[str]:
    text = _UNIT_IN_HEADER.sub("", compact(header)).rstrip(":：")
    for role, words in _columns():
        if text in words:
            return role
    return None


@functools.lru_cache(maxsize=None)
def _name_word_chars() -> frozenset[str]:
    """The characters every 项目名称 header word holds (项, 目, 名): a line lacking one cannot be
    that header (_role reads the line's own characters, whitespace and unit notes taken out)."""
    words = [w for role, ws in _columns() if role == "name" for w in ws]
    return frozenset.intersection(*map(frozenset, words)) if words else frozenset()


def _cells(view: str, line: Line) -> list[Cell]:
    """The cells of a line: tab-separated (empty cells kept), pipe-separated, split at runs of 2+
    spaces, or, in a line with single spaces only (PDF text without layout), at every space."""
    s, e = line.start, line.end
    text = view[s:e]
    if "\t" in text:
        out, pos = [], s
        for part in text.split("\t"):
            out.append(Cell(*strip_span(view, pos, pos + len(part))))
            pos += len(part) + 1
        return out
    stripped = text.strip()
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
        first = s + text.index("|")
        last = s + text.rindex("|")
        out, pos = [], first + 1
        for part in view[first + 1 : last].split("|"):
            out.append(Cell(*strip_span(view, pos, pos + len(part))))
            pos += len(part) + 1
        return out
    if "  " in stripped:
        return [Cell(s + m.start(), s + m.end()) for m in re.finditer(r"\S+(?: \S+)*", text)]
    return [Cell(s + m.start(), s + m.end()) for m in re.finditer(r"\S+", text)]  # one space between cells


def is_header(view: str, line: Line) -> bool:
    """A line that heads a table of projects (a 项目名称 cell and an amount cell)."""
    roles = {_role(view[c.start : c.end]) for c in _cells(view, line)}
    return "name" in roles and bool({"amount", "total"} & roles)


def find_project_rows(view: str, src: str, lines: list[Line], span_of: SpanOf,
                      inside: Callable[[int], bool] = lambda pos: False) -> tuple[list[ProjectRow], list[Warning_]]:
    """Every row of every project table outside project blocks (``inside(offset)`` says where those are)."""
    rows: list[ProjectRow] = []
    warnings: list[Warning_] = []
    need = _name_word_chars()  # a line lacking one holds no 项目名称 header, set one cell a line or in cells
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        text = view[line.start : line.end]
        if "项目" not in text or inside(line.start) or not all(c in text for c in need):
            i += 1
            continue
        vertical = _vertical_table(view, src, lines, i, span_of)
        if vertical is not None:
            found, i = vertical
            rows.extend(found)
            continue
        header = _cells(view, line)
        roles = [_role(view[c.start : c.end]) for c in header]
        if "name" not in roles or not ({"amount", "total"} & set(roles)) or len(header) < 2:
            i += 1
            continue
        units = {k: _unit_of(view, lines, i, header[k]) for k, r in enumerate(roles) if r in ("amount", "total")}
        if any(u is None for u in units.values()):
            warnings.append(Warning_("unparsed_amount", "project table without a money unit: amounts left out",
                                     span_of(line.start, line.end)))
        j = i + 1
        while j < n:
            row = _row(view, src, lines[j], header, roles, units, span_of)
            if row is None:
                break
            if row is not False:
                rows.append(row)
            j += 1
        i = j
    return rows, warnings


# where a wrapped 立项依据 cell of a one-cell-a-line table still runs: a line with a title, a number or its end
_BASIS_LINE = re.compile(r"[《》〔〕]|号|[）)]\s*[；;。]?\s*$")
_UNIT_NOTE_LINE = re.compile(r"^[(（](?:亿元|万元|千元|元)[)）]$")


def _line_text(view: str, line: Line) -> str:
    return compact(view[line.start : line.end])


def vertical_header(view: str, lines: list[Line], i: int) -> Optional[tuple[list[Optional[str]], int]]:
    """A header of a table set one cell a line (pdftotext without -layout: "项目名称⏎项目金额⏎立项依据⏎年度绩效目标"):
    (the columns' roles, index of the line after the header), when line ``i`` is the 项目名称 column alone,
    the next one an amount column, and every following header line a known column (a unit note
    "（万元）" under a header word belongs to it)."""
    if _role(_line_text(view, lines[i])) != "name" or i + 1 >= len(lines):
        return None
    roles: list[Optional[str]] = ["name"]
    j = i + 1
    while j < len(lines) and len(roles) < 8:
        text = _line_text(view, lines[j])
        if _UNIT_NOTE_LINE.match(text):
            j += 1
            continue
        role = _role(text)
        if role is None and text not in ("年度绩效目标", "绩效目标", "项目内容", "主要内容", "备注", "项目概述"):
            break
        roles.append(role)
        j += 1
    if len(roles) < 3 or roles[1] not in ("amount", "total"):
        return None
    return roles, j


def _vertical_table(view: str, src: str, lines: list[Line], i: int, span_of: SpanOf):
    """Rows of a table set one cell a line under a header found by ``vertical_header``: a row is its
    name line and its amount line (a bare number), then the other columns' cells wrapped over the
    lines up to the next row (a line followed by a bare number); of those, a 立项依据 cell runs to the
    last line with a title, a document number or a closing bracket, the next column's text after it."""
    found = vertical_header(view, lines, i)
    if found is None:
        return None
    roles, j = found
    unit = _unit_of(view, lines, i, Cell(lines[i].start, lines[i].end))
    basis_header = next((lines[k] for k in range(i, j) if _role(_line_text(view, lines[k])) == "basis"), None)
    has_basis = "basis" in roles and roles.index("basis") == 2
    starts = []
    k = j
    while k + 1 < len(lines):
        name, number = _line_text(view, lines[k]), _line_text(view, lines[k + 1])
        if not name and not number:
            if starts:
                break
            k += 1
            continue
        if name and _NUMBER.fullmatch(number.replace(",", "")) and not _NUMBER.fullmatch(name.replace(",", "")):
            starts.append(k)
            k += 2
            continue
        k += 1
    rows: list[ProjectRow] = []
    for n, k in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else k + 2
        if n + 1 == len(starts):
            while stop < len(lines) and _line_text(view, lines[stop]):
                stop += 1
        name_line, amount_line = lines[k], lines[k + 1]
        name = compact(src[name_line.start : name_line.end])
        if _TOTAL_ROW.match(name):
            continue
        ns, ne = strip_span(view, name_line.start, name_line.end)
        amount = _amount(view, src, Cell(*strip_span(view, amount_line.start, amount_line.end)), unit, span_of)
        rest = lines[k + 2 : stop]
        basis = None
        if has_basis and rest:
            last = max((q for q, ln in enumerate(rest) if _BASIS_LINE.search(view[ln.start : ln.end])), default=None)
            if last is not None:
                basis = Cell(*strip_span(view, rest[0].start, rest[last].end))
        end = rest[-1].end if rest else amount_line.end
        rows.append(ProjectRow(name=name, name_cell=Cell(ns, ne), row=Cell(*strip_span(view, name_line.start, end)),
                               amount=amount, basis_heading=Cell(*strip_span(view, basis_header.start, basis_header.end)) if basis and basis_header else None,
                               basis=basis))
    end_line = starts[-1] + 2 if starts else j
    while end_line < len(lines) and _line_text(view, lines[end_line]):
        end_line += 1
    return rows, max(end_line, i + 1)


def vertical_table_lines(view: str, lines: list[Line]) -> set[int]:
    """Indices of the lines of every table of projects set one cell a line (header and rows): they
    read as rows of that table, never as section headings ("项目金额", "立项依据") of running text."""
    out: set[int] = set()
    need = _name_word_chars()
    i = 0
    while i < len(lines):
        text = view[lines[i].start : lines[i].end]
        if "项目" in text and all(c in text for c in need):
            found = _vertical_table(view, view, lines, i, lambda a, b: Span(a, b, 1))
            if found is not None and found[0]:
                out.update(range(i, found[1]))
                i = found[1]
                continue
        i += 1
    return out


def _unit_of(view: str, lines: list[Line], i: int, cell: Cell) -> Optional[str]:
    m = _UNIT_IN_HEADER.search(view, cell.start, cell.end) or _UNIT_LINE.search(view, lines[i].start, lines[i].end)
    if m:
        return m.group("unit")
    for k in range(i - 1, max(-1, i - 4), -1):
        m = _UNIT_LINE.search(view, lines[k].start, lines[k].end)
        if m:
            return m.group("unit")
    return None


def _row(view: str, src: str, line: Line, header: list[Cell], roles: list[Optional[str]], units: dict[int, Optional[str]],
         span_of: SpanOf):
    """A ProjectRow, False for a row that is no project (合计), None where the table ends."""
    cells = _cells(view, line)
    if cells and all(_RULE.fullmatch(view[c.start : c.end]) for c in cells):
        return False  # "|---|---|" under a Markdown header
    if len([c for c in cells if c.start < c.end]) < 2:
        return None
    words = [compact(view[c.start : c.end]) for c in cells]
    if _TOTAL_ROW.match("".join(w for w in words if not _NUMBER.fullmatch(w))):
        return False  # "合    计    20,476,500.00": a letter-spaced total (pdftotext -layout) splits into cells
    if len(cells) != len(header):
        cells = _align(view, cells, roles)
        if cells is None:
            return None
    by_role: dict[str, tuple[int, Cell]] = {}
    for k, (cell, role) in enumerate(zip(cells, roles)):
        if role and role not in by_role:
            by_role[role] = (k, cell)
    if "name" not in by_role:
        return None
    _, name_cell = by_role["name"]
    name = compact(src[name_cell.start : name_cell.end])
    if not name or _NUMBER.fullmatch(name):
        return None
    if _TOTAL_ROW.match(name):
        return False
    amounts = {}
    for role in ("amount", "total"):
        if role in by_role:
            k, cell = by_role[role]
            amounts[role] = _amount(view, src, cell, units.get(k), span_of)
    unit_cell = by_role.get("unit", (0, None))[1]
    unit = compact(src[unit_cell.start : unit_cell.end]) if unit_cell and unit_cell.start < unit_cell.end else None
    basis_k, basis_cell = by_role.get("basis", (None, None))
    return ProjectRow(
        name=name, name_cell=name_cell, row=Cell(*strip_span(view, line.start, line.end)),
        amount=amounts.get("amount"), total=amounts.get("total"),
        unit=unit, unit_cell=unit_cell if unit else None,
        basis_heading=header[basis_k] if basis_k is not None else None,
        basis=basis_cell if basis_cell is not None and basis_cell.start < basis_cell.end else None,
    )


def _align(view: str, cells: list[Cell], roles: list[Optional[str]]) -> Optional[list[Cell]]:
    """Cells of a row whose empty cells collapsed (text split at spaces), placed under the header:
    the name is the first cell that is not a sequence number, the trailing numbers are the money
    columns from the right, a cell between them the unit."""
    texts = [compact(view[c.start : c.end]) for c in cells]
    first = 1 if len(cells) > 1 and _SEQ.match(texts[0]) and roles[0] != "name" else 0
    n_numbers = 0
    while first + 1 + n_numbers < len(cells) and _NUMBER.fullmatch(texts[len(cells) - 1 - n_numbers]):
        n_numbers += 1
    if n_numbers == 0:
        return None
    empty = Cell(cells[0].start, cells[0].start)
    out = [empty] * len(roles)
    out[roles.index("name")] = cells[first]
    middle = cells[first + 1 : len(cells) - n_numbers]
    if "unit" in roles and middle:
        out[roles.index("unit")] = middle[0]
    money_cols = [i for i, r in enumerate(roles) if r in ("amount", "total")]
    numbers = cells[len(cells) - n_numbers :]
    for col, cell in zip(reversed(money_cols), reversed(numbers)):
        out[col] = cell
    return out


def _amount(view: str, src: str, cell: Cell, unit: Optional[str], span_of: SpanOf) -> Optional[Amount]:
    own = find_amounts(view, cell.start, cell.end, src=src, span_of=span_of)
    if len(own) == 1:
        return own[0].amount  # "300.00（万元）": the cell states its unit
    text = view[cell.start : cell.end].replace(" ", "")
    m = _NUMBER.fullmatch(text)
    if not m or unit is None:
        return None
    yuan = to_yuan(text, unit)
    return Amount(yuan, src[cell.start : cell.end], span_of(cell.start, cell.end)) if yuan is not None else None
