"""Page furniture of text converted from PDF: page numbers, running headers and footers.

PDF text arrives with each page's header and footer in the middle of whatever runs
across the page break ("子项目2\\n- 13 -\\n上海市科学技术协会2023年部门预算\\n、安保管理服务…").
The structure stages must read through them: :func:`blank_lines` turns those lines (and
their line breaks) into spaces in the view and in the text names are read from, same length, so that a
sentence, an amount or a table continues across the break and offsets stay offsets
into the source text. Nothing is removed from the source itself.

Furniture is recognised conservatively:

* a page number: "- 3 -", "— 3 —", "第 3 页", "第3页 共30页", "3/30", or a bare number
  that continues a sequence of bare numbers (n, n+1) at least ``_MIN_PAGE_LINES`` lines apart
  (a lone "3" in a table is not a page number);
* a running header/footer: a short line repeated at least three times, most of its
  occurrences next to a page number, each next to another one (once a page); a numbered
  line or a section heading ("5.年度预算安排", repeated in every project) never is one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from typing import Optional

from . import vocab
from .text import Line, compact, has_numbering

_DECORATED = re.compile(r"^(?:-+\d{1,4}-+|第\d{1,4}页(?:[,，/]?共\d{1,4}页)?|\d{1,4}/\d{1,4}|[Pp]age\d{1,4}(?:of\d{1,4})?)$")
_BARE = re.compile(r"^\d{1,4}$")
_SENTENCE_END = re.compile(r"[。；;，,：:]$")
_MIN_PAGE_LINES = 10  # a page holds more lines than this
_NEAR = 2  # a running header sits this close (in non-empty lines) to a page number
_MAX_HEADER = 40


#: a line that may be a page number: one digit at least, and nothing but what _DECORATED and _BARE
#: allow and whitespace (page numbers are read from the lines with their whitespace removed); matched
#: as the first line, or as a line break and the line after it: a digit after what may come before it,
#: and a scan for "\n" to start at (tests/extract/test_fast_paths.py keeps the one-pattern form,
#: ``^(?=[^\n\d]*\d)(…)*$`` with re.M, as the oracle)
_PAGE_NUMBER_LINE = r"(?:[^\S\n]|[\-第页,，/共Ppageof])*\d(?:[^\S\n]|[\d\-第页,，/共Ppageof])*(?=\n|\Z)"
_FIRST_PAGE_NUMBER_LINE = re.compile(_PAGE_NUMBER_LINE)
_NEXT_PAGE_NUMBER_LINE = re.compile(r"\n" + _PAGE_NUMBER_LINE)


def _maybe_page_number(view: str) -> bool:
    """Whether a line of the text may be a page number (_PAGE_NUMBER_LINE)."""
    return _FIRST_PAGE_NUMBER_LINE.match(view) is not None or _NEXT_PAGE_NUMBER_LINE.search(view) is not None


def furniture_lines(view: str, lines: list[Line]) -> list[int]:
    """Indices (into ``lines``) of page numbers and running headers/footers."""
    if not _maybe_page_number(view):
        return []  # no page number, no furniture: every line need not be compacted to tell
    texts = [compact(view[ln.start : ln.end]) for ln in lines]
    numbers = _page_numbers(texts)
    if not numbers:
        return []
    nonempty = [i for i, t in enumerate(texts) if t]
    rank = {i: k for k, i in enumerate(nonempty)}
    number_ranks = sorted(rank[i] for i in numbers)
    occurrences: dict[str, list[int]] = defaultdict(list)
    for i in nonempty:
        t = texts[i]
        if i not in numbers and len(t) <= _MAX_HEADER and not _SENTENCE_END.search(t) and not _is_section_heading(view, lines[i]):
            occurrences[t].append(i)
    furniture = set(numbers)
    for t, where in occurrences.items():
        if len(where) < 3:
            continue
        near = {i: _nearest(rank[i], number_ranks) for i in where}
        near = {i: page for i, page in near.items() if page is not None}
        # by most of its occurrences, each time by another page number: once a page, not a run of equal lines
        pages = list(near.values())
        if len(near) * 3 >= len(where) * 2 and len(pages) >= 2 and len(set(pages)) == len(pages):
            furniture.update(near)
    return sorted(furniture)


def _is_section_heading(view: str, line: Line) -> bool:
    """"5.年度预算安排" repeats in every project and may happen to sit by a page break; a
    numbered line or a known section heading is document text, never a running header."""
    if has_numbering(view, line.start, line.end):
        return True
    return compact(view[line.start : line.end]).rstrip(":：") in vocab.section_headings()


def _page_numbers(texts: list[str]) -> set[int]:
    out = {i for i, t in enumerate(texts) if _DECORATED.match(t)}
    bare = [(i, int(t)) for i, t in enumerate(texts) if _BARE.match(t)]
    for k, (i, v) in enumerate(bare):
        prev = bare[k - 1] if k else None
        nxt = bare[k + 1] if k + 1 < len(bare) else None
        if (prev and prev[1] == v - 1 and i - prev[0] >= _MIN_PAGE_LINES) or (nxt and nxt[1] == v + 1 and nxt[0] - i >= _MIN_PAGE_LINES):
            out.add(i)
    return out


def _nearest(r: int, sorted_ranks: list[int]) -> Optional[int]:
    """The rank of a page number within ``_NEAR`` non-empty lines of rank ``r``, if any."""
    k = bisect_left(sorted_ranks, r - _NEAR)
    return sorted_ranks[k] if k < len(sorted_ranks) and sorted_ranks[k] <= r + _NEAR else None


def blank_lines(text: str, lines: list[Line], which: list[int]) -> str:
    """``text`` with the given lines and their line breaks replaced by spaces (same length)."""
    if not which:
        return text
    parts = []
    pos = 0
    for i in which:
        ln = lines[i]
        stop = lines[i + 1].start if i + 1 < len(lines) else ln.end  # the line and its line break
        parts.append(text[pos : ln.start])
        parts.append(" " * (stop - ln.start))
        pos = stop
    parts.append(text[pos:])
    return "".join(parts)
