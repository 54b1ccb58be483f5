"""Budget tables → ``BudgetLine`` (classified rows) and ``Figure`` (totals, 三公, 机关运行经费).

A table starts at a title line ending in 表 that mentions 预算/决算/经费 and is followed
within a few lines by "单位：元|万元" (which also gives the money unit). Its header
names the amount columns (合计, 基本支出, 项目支出, 财政拨款收入 …; cells wrapped over
lines are joined back using the column vocabulary in ``structure_data/table_columns.tsv``).

Rows come in two layouts:

* **tab-separated** (empty cells kept): amounts are the last N cells, N = number of
  amount columns, so every value sits in its column;
* **space-separated with empty cells collapsed** (PDF text): a row with fewer numbers
  than columns is ambiguous. Column positions are then decided with arithmetic: a
  parent row (206) equals the sum of its children (20601, 20607 …) in every column, the
  合计 row equals the sum of the top-level rows, and the 合计 row of a column equals the
  department summary (收支总表) figure of the same name. Positions still ambiguous after
  that are left out and reported (``ambiguous_columns``) rather than guessed.

Then every parent row is checked against its children; mismatches become ``sum_mismatch``
warnings. Header lines repeated after page breaks are skipped, and a row repeated
verbatim is kept once.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from operator import add, le
from typing import Callable, Optional

from . import vocab
from .amounts import to_yuan
from .models import BudgetLine, Figure, Span, Warning_
from .text import Line, compact, looks_like_heading, strip_span

SpanOf = Callable[[int, int], Span]

_TITLE = re.compile(r"(预算|决算|经费|收支|收入|支出)[^，。；]*表$")  # "部门收入总表" too
_UNIT = re.compile(r"单位\s*[:：]\s*(?P<unit>万元|千元|元)")
_NUM = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^-?\d+(?:\.\d+)?$")
_CODE3 = re.compile(r"^\d{3}$")
_CODE2 = re.compile(r"^\d{2}$")
_CODE_JOINED = re.compile(r"^\d{5}$|^\d{7}$")  # 20602 / 2060206 written in one cell
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]|\d+[、.]|\(\d+\)|（\d+）)\s*")
_STRUCTURAL = {"项目", "类", "款", "项", "单位"}
_MAX_ENUM = 20000
_UNITS = {"元": 1, "千元": 1000, "万元": 10000}

# The 三公 table has a fixed shape; its leaves, in order, and how they add up.
SANGONG_LEAVES = ("三公经费合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费", "机关运行经费")
_SANGONG_SUMS = ((0, (1, 2, 3)), (3, (4, 5)))


@dataclass
class _Row:
    code: str  # "" for the 合计 row
    name: Optional[str]
    values: list[int]  # yuan, in order of appearance
    texts: list[str]
    start: int
    end: int
    options: list[tuple[int, ...]] = field(default_factory=list)  # column index of each value, per option
    is_total: bool = False

    def column_values(self, option: tuple[int, ...], ncols: int) -> list[int]:
        out = [0] * ncols
        for v, c in zip(self.values, option):
            out[c] = v
        return out


@dataclass
class _Table:
    title: str
    title_start: int
    title_end: int
    unit: int
    first_line: int  # index of the line after the unit line
    last_line: int  # exclusive
    columns: list[str] = field(default_factory=list)
    classification: Optional[str] = None
    n_code_columns: int = 3


def extract_tables(view: str, src: str, lines: list[Line], span_of: SpanOf) -> tuple[list[BudgetLine], list[Figure], list[Warning_]]:
    view, src = _pipe_rows(view, lines), _pipe_rows(src, lines)
    tables = _find_tables(view, src, lines)
    budget_lines: list[BudgetLine] = []
    figures: list[Figure] = []
    warnings: list[Warning_] = []
    summary: dict[str, Optional[int]] = {}
    for t in tables:
        if "三公" in t.title:
            figs, warns = _sangong(view, src, lines, t, span_of)
            figures.extend(figs)
            warnings.extend(warns)
            continue
        _read_header(view, lines, t)
        rows = _rows(view, src, lines, t)
        if not rows and _lists_projects(view, lines, t):
            continue  # "项目名称 立项依据 当年预算" without classification codes: its rows are projects, not figures
        if rows:
            bl, figs, warns = _classified(view, src, t, rows, summary, span_of)
            budget_lines.extend(bl)
            figures.extend(figs)
            warnings.extend(warns)
        else:
            figs = _summary_figures(view, src, lines, t, span_of, summary)
            figures.extend(figs)
    return budget_lines, figures, warnings


# ---------------------------------------------------------------------------
# finding tables


def _lists_projects(view: str, lines: list[Line], t: _Table) -> bool:
    """The table's first line heads a table of projects (a 项目名称 column and a money column)."""
    from .project_tables import is_header

    for i in range(t.first_line, min(t.last_line, t.first_line + 3)):
        if view[lines[i].start : lines[i].end].strip():
            return is_header(view, lines[i])
    return False


def _find_tables(view: str, src: str, lines: list[Line]) -> list[_Table]:
    found: list[_Table] = []
    for i, line in enumerate(lines):
        if not view[line.start : line.end].rstrip().endswith("表"):
            continue
        s, e = strip_span(view, line.start, line.end)
        while s < e and view[s] in "#":
            s += 1
        s, e = strip_span(view, s, e)
        text = view[s:e]
        if not text or not looks_like_heading(text, 50) or not _TITLE.search(compact(text)) or text.lstrip().startswith("-"):
            continue
        numbering = _NUMBERING.match(text)
        if numbering:
            s += numbering.end()
        unit = None
        for j in range(i + 1, min(len(lines), i + 8)):
            m = _UNIT.search(view, lines[j].start, lines[j].end)
            if m:
                unit = (_UNITS[m.group("unit")], j)
                break
        if unit is None:
            continue
        found.append(_Table(compact(src[s:e]), s, e, unit[0], unit[1] + 1, len(lines)))
    for a, b in zip(found, found[1:]):
        a.last_line = _line_index(lines, b.title_start)
    for t in found:
        t.last_line = _table_end(view, lines, t)
    return found


def _pipe_rows(text: str, lines: list[Line]) -> str:
    """Markdown pipe tables ("| 201 | 一般公共服务支出 | 21,020,479 |") read as tab rows: inner
    pipes become tabs, the outer ones spaces (same length, so offsets stay offsets)."""
    if "|" not in text:
        return text
    parts, pos = [], 0
    for ln in lines:
        if text.find("|", ln.start, ln.end) == -1:
            continue
        first, last = text.find("|", ln.start, ln.end), text.rfind("|", ln.start, ln.end)
        if first == last or text[ln.start : first].strip() or text[last + 1 : ln.end].strip():
            continue
        parts.append(text[pos:first])
        parts.append(" " + text[first + 1 : last].replace("|", "\t") + " ")
        pos = last + 1
    parts.append(text[pos:])
    return "".join(parts)


def _line_index(lines: list[Line], offset: int) -> int:
    """Index of the line holding ``offset`` (its end included), else len(lines): a bisection, the
    lines being in order and apart."""
    k = bisect_right(lines, offset, key=_line_start) - 1
    if k >= 0 and lines[k].start <= offset <= lines[k].end:
        return k
    return len(lines)


def _line_start(line: Line) -> int:
    return line.start


def _table_end(view: str, lines: list[Line], t: _Table) -> int:
    """The table ends at the first prose line or part heading after its rows (or at the next table).

    Header lines repeated after a page break (short cells, no sentence) stay inside.
    """
    seen_rows = False
    for i in range(t.first_line, t.last_line):
        text = view[lines[i].start : lines[i].end]
        if not text.strip():
            continue
        tokens = _tokens(text)
        if any(_NUM.match(tok) for tok in tokens):
            seen_rows = True
            continue
        if not seen_rows:
            continue
        flat = compact(text)
        if "。" in text or len(flat) > 40 or _PART_HEADING.search(flat):
            return i
    return t.last_line


_PART_HEADING = re.compile(r"(情况说明|说明|名词解释|主要职能|机构设置)$")


def _is_header_token(tok: str) -> bool:
    return tok in _STRUCTURAL or tok in vocab.table_columns() or "科目" in tok or tok.endswith(("预算", "支出", "收入", "经费"))


def _tokens(text: str) -> list[str]:
    if "\t" in text:
        return [c.strip() for c in text.split("\t")]
    return text.split()


# ---------------------------------------------------------------------------
# header


def _read_header(view: str, lines: list[Line], t: _Table) -> None:
    header_tokens: list[str] = []
    for i in range(t.first_line, t.last_line):
        text = view[lines[i].start : lines[i].end]
        if not text.strip():
            continue
        cells = [c for c in _tokens(text) if c]
        if cells and (_CODE3.match(cells[0]) or _CODE_JOINED.match(cells[0]) or cells[0] == "合计" and any(_NUM.match(c) for c in cells[1:])):
            break
        header_tokens.extend(compact(c) for c in cells if not re.fullmatch(r"[-:：]+", c.strip()))  # not a |---| rule
    joined = " ".join(header_tokens)
    t.classification = "economic" if "经济分类" in joined else "function"
    t.n_code_columns = 2 if ("类" in header_tokens and "款" in header_tokens and "项" not in header_tokens) else 3
    t.columns = _columns(header_tokens)


def _columns(tokens: list[str]) -> list[str]:
    """Amount columns from the header tokens: from 合计 on, wrapped cells joined back."""
    known = vocab.table_columns()
    try:
        first = tokens.index("合计")
    except ValueError:
        return []
    cols: list[str] = []
    i = first
    while i < len(tokens):
        tok = tokens[i]
        if tok in _STRUCTURAL or not tok:
            i += 1
            continue
        if tok not in known:
            # "事业单位" + "经营收入" -> "事业单位经营收入"
            for k in range(i + 1, min(len(tokens), i + 3)):
                cand = "".join(tokens[i : k + 1])
                if cand in known:
                    tok, i = cand, k
                    break
        if tok not in cols:
            cols.append(tok)
        i += 1
    return cols


# ---------------------------------------------------------------------------
# rows


def _to_yuan(text: str, unit: int) -> Optional[int]:
    digits = text.replace(",", "")
    plain = _PLAIN_NUMBER.fullmatch(digits) if len(digits) <= 20 else None
    if plain is not None and type(unit) is int:
        # "1234.56" in integers: the Decimal product is exact at this length, and to_integral_value
        # rounds half to even
        whole, fraction = plain.groups()
        if not fraction:
            return int(whole) * unit
        scale = 10 ** len(fraction)
        q, r = divmod(int(whole + fraction) * unit, scale)
        return q + 1 if 2 * r > scale or (2 * r == scale and q & 1) else q
    try:
        return int((Decimal(digits) * unit).to_integral_value())
    except InvalidOperation:
        return None


_PLAIN_NUMBER = re.compile(r"([0-9]+)(?:\.([0-9]+))?")


def _rows(view: str, src: str, lines: list[Line], t: _Table) -> list[_Row]:
    rows: list[_Row] = []
    seen: set[tuple[str, tuple[int, ...]]] = set()
    ncols = len(t.columns)
    if not ncols:
        return rows
    for i in range(t.first_line, t.last_line):
        line = lines[i]
        text = view[line.start : line.end]
        if not text.strip():
            continue
        row = _parse_row(text, t, ncols)
        if row is None:
            continue
        code, name, texts, option = row
        written = src[line.start : line.end]
        as_written = _parse_row(written, t, ncols) if written != text else row  # the same line parses the same
        if as_written is not None and as_written[0] == code:
            name = as_written[1]  # the name as written (the view folds full-width brackets)
        values = [_to_yuan(x, t.unit) for x in texts]
        if any(v is None for v in values):
            continue
        key = (code, tuple(values))  # type: ignore[arg-type]
        if key in seen:
            continue  # a row repeated after a page break
        seen.add(key)
        s, e = strip_span(view, line.start, line.end)
        r = _Row(code, name, values, texts, s, e, is_total=(code == ""))  # type: ignore[arg-type]
        r.options = [option] if option is not None else _placements(len(values), ncols, t.columns)
        rows.append(r)
    return rows


def _parse_row(text: str, t: _Table, ncols: int):
    """(code, name, amount texts, fixed placement or None) of a data row, or None."""
    if "\t" in text:
        cells = [c.strip() for c in text.split("\t")]
        if not cells:
            return None
        if cells[0] == "合计":
            code, rest = "", cells[1:]
        elif _CODE_JOINED.match(cells[0]) and (len(cells) < 2 or not _CODE2.match(cells[1])):
            code, rest = cells[0], cells[1:]  # "2060206" in one cell
            while rest and rest[0] == "" and len(rest) > ncols:
                rest = rest[1:]
        elif _CODE3.match(cells[0]):
            parts = [cells[0]]
            k = 1
            while k < len(cells) and k < t.n_code_columns and _CODE2.match(cells[k]):
                parts.append(cells[k])
                k += 1
            while k < t.n_code_columns and k < len(cells) and cells[k] == "":
                k += 1
            code, rest = "".join(parts), cells[k:]
        else:
            return None
        name = None
        if rest and rest[0] and not _NUM.match(rest[0]):
            name = compact(rest[0])
            rest = rest[1:]
        if len(rest) >= ncols:
            amounts = rest[len(rest) - ncols :]
        else:
            amounts = rest + [""] * (ncols - len(rest))
        if any(a and not _NUM.match(a) for a in amounts):
            return None
        texts = [a for a in amounts if a]
        option = tuple(j for j, a in enumerate(amounts) if a)
        if not texts and code:
            return None
        return code, name, texts, option
    tokens = text.split()
    if not tokens:
        return None
    if tokens[0] == "合计":
        code, k = "", 1
    elif _CODE_JOINED.match(tokens[0]) and not (len(tokens) > 1 and _CODE2.match(tokens[1])):
        code, k = tokens[0], 1  # "2060206" in one cell
    elif _CODE3.match(tokens[0]):
        parts = [tokens[0]]
        k = 1
        while k < len(tokens) and len(parts) < t.n_code_columns and _CODE2.match(tokens[k]):
            parts.append(tokens[k])
            k += 1
        code = "".join(parts)
    else:
        return None
    name_tokens = []
    while k < len(tokens) and not _NUM.match(tokens[k]):
        name_tokens.append(tokens[k])
        k += 1
    texts = tokens[k:]
    if not texts or any(not _NUM.match(x) for x in texts) or len(texts) > ncols:
        return None if code else (code, None, [], ()) if not texts else None
    name = "".join(name_tokens) or None
    option = tuple(range(ncols)) if len(texts) == ncols else None
    return code, name, texts, option


def _placements(k: int, ncols: int, columns: list[str]) -> list[tuple[int, ...]]:
    """Order-preserving placements of k values into the columns; 合计 is always filled."""
    total_first = bool(columns) and columns[0] == "合计"
    out = []
    for combo in itertools.combinations(range(ncols), k):
        if total_first and k and combo[0] != 0:
            continue
        out.append(combo)
    return out


# ---------------------------------------------------------------------------
# column positions by arithmetic


def _groups(rows: list[_Row]) -> list[tuple[_Row, list[_Row]]]:
    """(parent, children): 206 -> 20601, 20607 …; the 合计 row -> the top-level rows."""
    children_of: dict[str, list[_Row]] = {}
    for r in rows:
        if r.is_total:
            continue
        parent_code = "" if len(r.code) == 3 else r.code[:-2]
        children_of.setdefault(parent_code, []).append(r)
    groups = []
    for r in rows:
        key = "" if r.is_total else r.code
        kids = children_of.get(key)
        if kids and (r.is_total or len(key) >= 3):
            groups.append((r, kids))
    return groups


def _vector(row: _Row, option: tuple[int, ...], ncols: int) -> tuple[int, ...]:
    return tuple(row.column_values(option, ncols))


def _tolerance(n_children: int, quantum: int) -> int:
    """How far a parent may be from the sum of its children: a yuan or two per row where cells are
    whole yuan; half the rounding step per cell where they are rounded (万元 with two decimals: 50 yuan)."""
    return n_children if quantum <= 1 else (n_children + 1) * quantum // 2


def _quantum(t: _Table, rows: list[_Row]) -> int:
    """The rounding step of the table's cells in yuan: 1 for whole yuan, 100 for 万元 with two decimals."""
    decimals = max((len(x.split(".")[1]) for r in rows for x in r.texts if "." in x), default=0)
    return max(1, int(t.unit // 10**decimals))


def _group_ok_options(parent: _Row, children: list[_Row], ncols: int, tolerance: int) -> Optional[list[set]]:
    """For each member (parent first), the options that take part in some consistent combination.

    Members with a single option are summed once; only the ambiguous ones are enumerated.
    Documents round each cell, so a parent may differ from its children by a yuan or two;
    that must not stop the arithmetic from placing columns (the check still reports it).
    """
    members = [parent] + children
    size = 1
    for m in members:
        size *= len(m.options)
    if size == 1 or size > _MAX_ENUM:
        return None
    fixed_sum = [0] * ncols
    ambiguous: list[int] = []
    for k, child in enumerate(children, start=1):
        if len(child.options) == 1:
            for c, v in enumerate(_vector(child, child.options[0], ncols)):
                fixed_sum[c] += v
        else:
            ambiguous.append(k)
    vectors = {k: [_vector(members[k], o, ncols) for o in members[k].options] for k in ambiguous}
    parent_vectors = [_vector(parent, o, ncols) for o in parent.options]
    ok: list[set] = [set() for _ in members]
    any_ok = False
    levels = [vectors[k] for k in ambiguous]
    for pi, pv in enumerate(parent_vectors):
        need = [pv[c] - fixed_sum[c] for c in range(ncols)]
        if any(n < -tolerance for n in need):
            continue
        # depth-first over the ambiguous children; amounts are never negative, so a partial
        # sum above what the parent needs in any column ends the branch (sums and bounds
        # column by column through map: the same tests as index loops, fewer steps)
        chosen: list[int] = []
        limit = tuple(n + tolerance for n in need)
        low = tuple(n - tolerance for n in need)

        def dfs(depth: int, sums: tuple[int, ...]) -> bool:
            if depth == len(ambiguous):
                # |need - sum| <= tolerance in every column (sum <= need + tolerance holds already
                # for a partial sum that got here, and for all zeros when no child is ambiguous)
                if all(map(le, low, sums)) and all(map(le, sums, limit)):
                    for k, oi in zip(ambiguous, chosen):
                        ok[k].add(members[k].options[oi])
                    return True
                return False
            found = False
            for oi, vec in enumerate(levels[depth]):
                nxt = tuple(map(add, sums, vec))
                if not all(map(le, nxt, limit)):
                    continue
                chosen.append(oi)
                if dfs(depth + 1, nxt):
                    found = True
                chosen.pop()
            return found

        if dfs(0, (0,) * ncols):
            any_ok = True
            ok[0].add(parent.options[pi])
    if not any_ok:
        return None  # the document's own sums do not hold: reported by the check
    for k, m in enumerate(members):
        if len(m.options) == 1:
            ok[k] = set(m.options)
    return ok


_MAX_STATES = 5_000  # partial sums kept per column when pruning column by column


def _column_feasible(members: list[_Row], signs: list[int], ncols: int, tolerance: int) -> Optional[list[set]]:
    """For each member, the options whose value in *every* column can take part in that column's sum.

    Each column alone must add up (parent = sum of its children, within ``tolerance``); a member
    contributes one of few values to a column (one of its amounts or nothing), so the partial sums
    of one column stay few even when the placements of a whole group are too many to enumerate.
    Returns None when a column has too many partial sums to tell (nothing is pruned then).
    """
    feasible: list[set] = [set(m.options) for m in members]
    for c in range(ncols):
        values = [sorted({sign * m.column_values(o, ncols)[c] for o in m.options}) for m, sign in zip(members, signs)]
        if all(len(v) == 1 for v in values):
            continue
        n = len(members)
        forward = [{0}]
        for i in range(n):
            # a partial sum the remaining members cannot bring back to zero is dead
            rest_min = sum(min(v) for v in values[i + 1 :])
            rest_max = sum(max(v) for v in values[i + 1 :])
            nxt = {a + v for a in forward[-1] for v in values[i] if a + v + rest_min <= tolerance and a + v + rest_max >= -tolerance}
            if len(nxt) > _MAX_STATES:
                return None
            forward.append(nxt)
        backward = [set() for _ in range(n + 1)]
        backward[n] = {0}
        for i in range(n - 1, -1, -1):
            nxt = {a + v for a in backward[i + 1] for v in values[i]}
            if len(nxt) > _MAX_STATES:
                return None
            backward[i] = nxt
        for i, (m, sign) in enumerate(zip(members, signs)):
            if len(values[i]) == 1:
                continue
            good = {v for v in values[i] if _meets(forward[i], v, backward[i + 1], tolerance)}
            feasible[i] = {o for o in feasible[i] if sign * m.column_values(o, ncols)[c] in good}
    return feasible


def _meets(before: set[int], value: int, after: set[int], tolerance: int) -> bool:
    """Some a in before and b in after with |a + value + b| <= tolerance."""
    small, large = (before, after) if len(before) <= len(after) else (after, before)
    ordered = sorted(large)
    for a in small:
        target = -(a + value)
        k = bisect_left(ordered, target - tolerance)
        if k < len(ordered) and ordered[k] <= target + tolerance:
            return True
    return False


def _solve(rows: list[_Row], ncols: int, total_constraints: dict[int, int], quantum: int = 1) -> None:
    """Narrow each row's placement options until the arithmetic holds (in place)."""
    for r in rows:
        if r.is_total and total_constraints:
            kept = [o for o in r.options if all(r.column_values(o, ncols)[c] == v for c, v in total_constraints.items())]
            if kept:
                r.options = kept
    groups = [g for g in _groups(rows) if any(len(m.options) > 1 for m in [g[0]] + g[1])]
    # the options a group's members had when reading the group changed nothing: reading it again
    # with the same options would change nothing either (it is a function of them), so it is skipped
    settled: dict[int, list] = {}
    changed = True
    rounds = 0
    while changed and rounds < 10:
        changed = False
        rounds += 1
        for g, (parent, children) in enumerate(groups):
            before = [m.options for m in [parent] + children]
            if settled.get(g) == before:
                continue
            changed_before = changed
            changed = False
            # a column empty in every option of the parent is empty in the children
            empty = [c for c in range(ncols) if all(parent.column_values(o, ncols)[c] == 0 for o in parent.options)]
            for child in children:
                kept = [o for o in child.options if not any(c in empty for c in o)]
                if kept and len(kept) < len(child.options):
                    child.options, changed = kept, True
            members = [parent] + children
            size = 1
            for m in members:
                size *= len(m.options)
            # too many placements to enumerate: narrow them column by column first
            tolerance = _tolerance(len(children), quantum)
            by_column = _column_feasible(members, [-1] + [1] * len(children), ncols, tolerance) if size > _MAX_ENUM else None
            if by_column is not None:
                for m, good in zip(members, by_column):
                    kept = [o for o in m.options if o in good]
                    if kept and len(kept) < len(m.options):
                        m.options, changed = kept, True
            ok = _group_ok_options(parent, children, ncols, tolerance)
            if ok is not None:
                for m, good in zip([parent] + children, ok):
                    kept = [o for o in m.options if o in good]
                    if kept and len(kept) < len(m.options):
                        m.options, changed = kept, True
            if not changed:
                settled[g] = before
            changed = changed or changed_before


# ---------------------------------------------------------------------------
# classified tables


def _classified(view: str, src: str, t: _Table, rows: list[_Row], summary: dict[str, Optional[int]], span_of: SpanOf):
    ncols = len(t.columns)
    total_constraints = {}
    for c, col in enumerate(t.columns):
        if col in summary:
            total_constraints[c] = summary[col] or 0
    _solve(rows, ncols, total_constraints, _quantum(t, rows))
    warnings: list[Warning_] = []
    out: list[BudgetLine] = []
    figures: list[Figure] = []
    placed: dict[int, dict[int, int]] = {}  # id(row) -> {column: yuan}
    for r in rows:
        cols: dict[int, int] = {}
        if len(r.options) == 1:
            for v, c in zip(r.values, r.options[0]):
                cols[c] = v
        else:
            for k, v in enumerate(r.values):
                where = {o[k] for o in r.options}
                if len(where) == 1:
                    cols[where.pop()] = v
            warnings.append(Warning_(
                "ambiguous_columns",
                f"{t.title}: cannot tell which columns the amounts of row {r.code or '合计'} belong to "
                f"({', '.join(r.texts)}); only the certain ones are kept",
                span_of(r.start, r.end),
            ))
        placed[id(r)] = cols
        amounts = tuple((t.columns[c], v) for c, v in sorted(cols.items()))
        if r.is_total:
            for col, v in amounts:
                figures.append(Figure(col if col == "合计" else f"{col}合计", v, span_of(r.start, r.end), t.title))
            continue
        out.append(BudgetLine(t.title, t.classification or "function", r.code, r.name, amounts, span_of(r.start, r.end)))
    warnings.extend(_check_sums(t, rows, placed, span_of))
    return out, figures, warnings


def _check_sums(t: _Table, rows: list[_Row], placed: dict[int, dict[int, int]], span_of: SpanOf) -> list[Warning_]:
    out = []
    for parent, children in _groups(rows):
        if any(len(r.options) != 1 for r in [parent] + children):
            continue
        for c, col in enumerate(t.columns):
            pv = placed[id(parent)].get(c, 0)
            cv = sum(placed[id(ch)].get(c, 0) for ch in children)
            if pv != cv:
                who = parent.code or "合计"
                out.append(Warning_(
                    "sum_mismatch",
                    f"{t.title}: row {who} {col} is {pv} yuan but its rows "
                    f"{', '.join(ch.code for ch in children)} add up to {cv} yuan (difference {cv - pv})",
                    span_of(parent.start, parent.end),
                ))
    # a row's 合计 against its own parts
    parts_of = vocab.table_columns().get("合计", ())
    if t.columns and t.columns[0] == "合计":
        others = set(t.columns[1:])
        if any(set(p) >= others for p in parts_of):
            for r in rows:
                cols = placed[id(r)]
                if 0 in cols and len(r.options) == 1 and cols[0] != sum(v for c, v in cols.items() if c != 0) and len(cols) > 1:
                    out.append(Warning_(
                        "sum_mismatch",
                        f"{t.title}: row {r.code or '合计'} 合计 is {cols[0]} yuan but its columns add up to "
                        f"{sum(v for c, v in cols.items() if c != 0)} yuan",
                        span_of(r.start, r.end),
                    ))
    return out


# ---------------------------------------------------------------------------
# summary tables (收支总表) and 三公


def _summary_figures(view: str, src: str, lines: list[Line], t: _Table, span_of: SpanOf, summary: dict[str, Optional[int]]) -> list[Figure]:
    figures: list[Figure] = []
    # the first summary table stating 收入总计 is the department's summary: its items constrain
    # the column totals of the classified tables
    region = compact(view[lines[t.first_line].start : lines[t.last_line - 1].end]) if t.first_line < t.last_line else ""
    record = not summary and "收入总计" in region
    for i in range(t.first_line, t.last_line):
        line = lines[i]
        text = view[line.start : line.end]
        tokens = [(m.group(), m.start() + line.start, m.end() + line.start) for m in re.finditer(r"[^\t ]+", text)]
        label: list[tuple[str, int, int]] = []
        j = 0
        while j < len(tokens):
            tok, s, e = tokens[j]
            if _NUM.match(tok) and label:
                name = _NUMBERING.sub("", compact(src[label[0][1] : label[-1][2]]))
                value = _to_yuan(tok, t.unit)
                if name and value is not None and name not in ("项目", "预算数"):
                    figures.append(Figure(name, value, span_of(label[0][1], e), t.title))
                    if record:
                        summary.setdefault(name, value)
                label = []
                # further numbers on the row belong to sub-columns of the same item
                while j + 1 < len(tokens) and _NUM.match(tokens[j + 1][0]):
                    j += 1
            elif not _NUM.match(tok):
                if label and _NUMBERING.match(tok):
                    _stated_empty(label, summary, record)
                    label = []
                label.append((tok, s, e))
            j += 1
        if label:
            _stated_empty(label, summary, record)
    return figures


def _stated_empty(label: list[tuple[str, int, int]], summary: dict[str, Optional[int]], record: bool) -> None:
    """A summary line with a label and no amount ("三、事业单位经营收入"): that item is empty."""
    if record:
        name = _NUMBERING.sub("", compact("".join(x[0] for x in label)))
        if name:
            summary.setdefault(name, None)


def _sangong(view: str, src: str, lines: list[Line], t: _Table, span_of: SpanOf) -> tuple[list[Figure], list[Warning_]]:
    header = compact(view[lines[t.first_line].start : lines[min(t.last_line, len(lines)) - 1].end]) if t.first_line < t.last_line else ""
    for i in range(t.first_line, t.last_line):
        line = lines[i]
        text = view[line.start : line.end]
        if "\t" in text:
            cells = [c.strip() for c in text.split("\t")]
            while cells and not cells[-1]:
                cells.pop()
        else:
            cells = text.split()
        if not cells or not all(_NUM.match(c) or c == "" for c in cells) or not any(cells):
            continue
        spans = [(m.start() + line.start, m.end() + line.start) for m in re.finditer(r"[^\t ]+", text)]
        values = [_to_yuan(c, t.unit) for c in cells if c]
        if "\t" in text and len(cells) == len(SANGONG_LEAVES):
            options = [tuple(k for k, c in enumerate(cells) if c)]
        else:
            options = [o for o in itertools.combinations(range(len(SANGONG_LEAVES)), len(values)) if _sangong_ok(values, o)]
            if len(options) > 1:
                # "其中：公务用车购置费0.00万元" in the text tells an empty cell from a collapsed one
                stated = _sangong_stated(view)
                told = [o for o in options if _agrees(values, o, stated)]
                options = told or options
        warnings = []
        if len(options) != 1:
            warnings.append(Warning_("ambiguous_columns", f"{t.title}: cannot tell which columns {', '.join(c for c in cells if c)} belong to", span_of(*strip_span(view, line.start, line.end))))
            if not options:
                return [], warnings
        certain = {}
        for k, v in enumerate(values):
            where = {o[k] for o in options}
            if len(where) == 1:
                certain[where.pop()] = (v, spans[k] if k < len(spans) else (line.start, line.end))
        figures = [Figure(SANGONG_LEAVES[c], v, span_of(*sp), t.title) for c, (v, sp) in sorted(certain.items())]
        if len(options) == 1 and not _sangong_ok(values, options[0]):
            warnings.append(Warning_("sum_mismatch", f"{t.title}: 三公 parts do not add up to their totals", span_of(*strip_span(view, line.start, line.end))))
        del header
        return figures, warnings
    return [], []


def _sangong_stated(view: str) -> dict[int, int]:
    """三公 figures stated in the text ("公务用车购置费0.00万元"): leaf index -> yuan (first statement)."""
    out: dict[int, int] = {}
    for k, leaf in enumerate(SANGONG_LEAVES):
        if leaf in ("三公经费合计", "机关运行经费"):
            continue
        name = r"\s*".join(re.escape(ch) for ch in leaf)
        m = re.search(rf"(?<!及){name}\s*(?:预算数?为|为)?\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|元)", view)
        if m:
            value = to_yuan(m.group("num"), m.group("unit"))
            if value is not None:
                out[k] = value
    return out


def _agrees(values: list[Optional[int]], option: tuple[int, ...], stated: dict[int, int]) -> bool:
    cols = [0] * len(SANGONG_LEAVES)
    for v, c in zip(values, option):
        cols[c] = v or 0
    return all(cols[k] == v for k, v in stated.items())


def _sangong_ok(values: list[Optional[int]], option: tuple[int, ...]) -> bool:
    cols = [0] * len(SANGONG_LEAVES)
    for v, c in zip(values, option):
        cols[c] = v or 0
    return all(cols[total] == sum(cols[p] for p in parts) for total, parts in _SANGONG_SUMS)
