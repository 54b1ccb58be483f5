"""PDF page furniture in the text the citation rules read: ``without_furniture(text)``.

A title or number broken by a page break (…管理改革的⏎- 21 -⏎科学技术部2018年部门预算⏎方案》)
must read as one. The structure stage ``pages`` finds page numbers and running headers
(``furniture_lines``); those lines are blanked here, same length, so offsets stay the
source's and a citation's surface text (sliced from the source) keeps what is written.

``pages`` wants a running header three times before it believes it (its lines also decide
names and amounts). A short document has fewer page breaks, and a header left in a title
makes a wrong title or a wrong number, so here a line next to a page number is also a
header when

* it is written, the same, next to another page number too (twice is enough), or
* it repeats the document's title (one of its first three non-empty lines) — a header
  printed on the document's first page is its title;

always right by it (the next or previous non-empty line), never a numbered line, a section
heading, a line ending like a sentence, or one holding title marks or a number's brackets.
"""

from __future__ import annotations

import re
from collections import defaultdict

from . import vocab
from .pages import blank_lines, furniture_lines
from .text import Line, blank_emphasis, compact, fold, has_numbering, split_lines

#: a line that may be a page number (``pages`` decides): 3, - 3 -, 第 3 页 (共 30 页), 3/30, Page 3 of 30
_PAGE_NUMBER_LINE = re.compile(
    r"^[ \t\u3000]*(?:\d{1,4}|[-—－–]+[ \t\u3000]*\d{1,4}[ \t\u3000]*[-—－–]+|第[ \t\u3000]*\d{1,4}[ \t\u3000]*页.*"
    r"|\d{1,4}[ \t\u3000]*[/／][ \t\u3000]*\d{1,4}|[PpＰｐ]age.*)[ \t\u3000]*\r?$",
    re.M,
)
#: a page number as ``pages`` prints it after folding and compacting
_NUMBER = re.compile(r"^(?:-+\d{1,4}-+|第\d{1,4}页(?:[,，/]?共\d{1,4}页)?|\d{1,4}/\d{1,4}|[Pp]age\d{1,4}(?:of\d{1,4})?|\d{1,4})$")
_SENTENCE_END = re.compile(r"[。；;，,：:]$")
_MAX_HEADER = 40
_NEAR = 1  # a header seen fewer than three times must stand right by its page number
#: what running headers do not hold and citations do: title marks, number brackets
_CITATION_MARKS = re.compile(r"[《》〈〉〔〕【】]|\d号")


def without_furniture(text: str) -> str:
    """``text`` with page numbers and running headers blanked (same length)."""
    if not _PAGE_NUMBER_LINE.search(text):
        return text  # no line looks like a page number: no furniture (one regex pass, not the full analysis)
    lines = split_lines(text)
    view = blank_emphasis(fold(text))
    furniture = set(furniture_lines(view, lines))
    if not furniture:
        return text
    furniture |= _headers_by_page_numbers(view, lines, furniture)
    return blank_lines(text, lines, sorted(furniture))


def _headers_by_page_numbers(view: str, lines: list[Line], furniture: set[int]) -> set[int]:
    texts = {i: compact(view[ln.start:ln.end]) for i, ln in enumerate(lines)}
    nonempty = [i for i in range(len(lines)) if texts[i]]
    numbers = [k for k, i in enumerate(nonempty) if i in furniture and _NUMBER.match(texts[i])]
    title = {texts[i] for i in nonempty[:3]}
    beside: dict[str, set[int]] = defaultdict(set)  # candidate text -> page numbers (ranks) it stands by
    where: dict[str, list[int]] = defaultdict(list)
    for k in numbers:
        for r in range(max(0, k - _NEAR), min(len(nonempty), k + _NEAR + 1)):
            i = nonempty[r]
            if i in furniture or not _may_be_header(view, lines[i], texts[i]):
                continue
            beside[texts[i]].add(k)
            where[texts[i]].append(i)
    out: set[int] = set()
    for t, pages in beside.items():
        if len(pages) >= 2 or t in title:
            out.update(i for i in where[t] if i not in nonempty[:3])
    return out


def _may_be_header(view: str, line: Line, text: str) -> bool:
    return (
        len(text) <= _MAX_HEADER
        and not _SENTENCE_END.search(text)
        and not _CITATION_MARKS.search(text)
        and not has_numbering(view, line.start, line.end)
        and text.rstrip(":：") not in vocab.section_headings()
    )
