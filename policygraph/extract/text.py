"""Text helpers shared by the structure stages: a same-length folded view, lines, headings.

Every stage searches a *folded* copy of the text (full-width digits/letters and a
few punctuation marks mapped to ASCII, ideographic spaces to spaces) that has
exactly the same length as the original, so an offset found in the view is an
offset into ``SourceText.text``: provenance never needs a mapping table.
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple, Optional

# Full-width forms that fold to one ASCII character each (length preserving).
_FOLD = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}  # ０-９
_FOLD.update({code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FOLD.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_PUNCT_FROM, _PUNCT_TO = "．％（）：／－＊＝＋　\u00a0\u2002\u2003\u2009", ".%():/-*=+     "
assert len(_PUNCT_FROM) == len(_PUNCT_TO)
_FOLD.update({ord(a): ord(b) for a, b in zip(_PUNCT_FROM, _PUNCT_TO)})
_FOLD.update({ord(a): ord(b) for a, b in zip("—–～〜", "--~~")})  # dashes and tildes in ranges


#: the characters _FOLD maps, found by one regex scan: str.translate looks up every character of a
#: document in the table (1.9 ms for 16,000 characters), the scan replaces only the ~150 there are (0.5 ms)
_FOLDED_CHARS = re.compile("[" + re.escape("".join(sorted(map(chr, _FOLD)))) + "]")
_FOLD_CHAR = {chr(k): chr(v) for k, v in _FOLD.items()}


def _fold_char(m: re.Match) -> str:
    return _FOLD_CHAR[m.group()]


def fold(text: str) -> str:
    """Same-length ASCII-folded view of ``text`` (see module docstring): ``text.translate(_FOLD)``."""
    folded = _FOLDED_CHARS.sub(_fold_char, text)
    if "\uff0c" in folded:  # "１，２００万元": a full-width comma between digit groups is a separator
        folded = _WIDE_THOUSANDS.sub(",", folded)
    return folded


# a full-width comma with a digit before it and exactly three digits after (then no digit): in text
# written in full-width digits it separates thousands; as punctuation a clause follows it, not 3 digits
_WIDE_THOUSANDS = re.compile(r"(?<=\d)\uff0c(?=\d{3}(?!\d))")


_EMPHASIS = re.compile(r"\*\*|__")


def blank_emphasis(text: str) -> str:
    """Markdown bold markers ("**（一）项目概述**") as spaces (same length): headings and names
    written in bold read like plain ones."""
    return _EMPHASIS.sub("  ", text) if "**" in text or "__" in text else text


#: a page saved with its HTML markup: block and cell tags, whose contents are the text
_HTML_BLOCK = re.compile(r"</?(?:html|body|div|p|table|tbody|thead|tr|td|th|h[1-6]|span|strong|b)\b[^<>\n]{0,300}>", re.I)
#: markup whose contents are no part of the page's text (the browser tab's title, scripts, styles)
_HTML_HIDDEN = re.compile(r"<(head|script|style)\b[^<>]*>.*?</\1\s*>", re.I | re.S)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*\b[^<>\n]{0,300}>|<!DOCTYPE[^<>\n]*>|<!--.*?-->", re.S)
_HTML_ENTITY = re.compile(r"&(?:nbsp|amp|lt|gt|quot|ensp|emsp|#\d{2,5});")


def blank_markup(text: str) -> str:
    """A web page saved as text with its raw HTML (<p>, <table><tr><td>, <br/>, &nbsp;): every tag
    and entity as spaces (same length; a line break stays one), the <head>'s, scripts' and styles'
    contents too, so paragraphs, headings and table cells read like plain text lines and cells
    set apart by spaces. Only when the text has block or cell tags (a Markdown cell's lone <br> stays)."""
    if "<" not in text or len(_HTML_BLOCK.findall(text)) < 3:
        return text

    def spaces(m: re.Match) -> str:
        return "".join(c if c == "\n" else " " for c in m.group(0))

    text = _HTML_HIDDEN.sub(spaces, text)
    text = _HTML_TAG.sub(spaces, text)
    return _HTML_ENTITY.sub(spaces, text)


#: an English gloss between a line's leading Chinese label and its colon, in bilingual forms
#: ("申报单位 Applicant：…", "项目一 Project 1：…", "主管部门 Competent Department：…"); only at the
#: start of a line, so a code inside a value ("达到 ISO 9001：2015") is never touched
_LABEL_GLOSS = re.compile(
    r"(?m)^([ \t\u3000]*[\u4e00-\u9fff][\u4e00-\u9fff0-9０-９、.（）()]{0,19})"
    r"([ \t\u3000]+[A-Za-z][A-Za-z0-9 .,'&/\-]{0,40}?)(?=[ \t\u3000]*[:：])"
)


def blank_label_glosses(text: str) -> str:
    """English glosses of bilingual labels as spaces (same length): "项目一 Project 1：名称" reads
    as the Chinese label does, so the label, heading and name rules need no English."""
    if not _ASCII_LETTER.search(text):
        return text
    return _LABEL_GLOSS.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)


_ASCII_LETTER = re.compile(r"[A-Za-z]")


#: a field label in square brackets at the start of a line: "【项目名称】家庭医生签约服务", "【立项依据】"
_BRACKET_LABEL = re.compile(r"(?m)^([ \t\u3000\f]*)【([\u4e00-\u9fff]{2,12})】")


def bracket_labels_as_fields(text: str) -> str:
    """Field labels written in square brackets at a line's start ("【项目名称】X", "【立项依据】") as
    "label：" fields (same length: the 【 a space, the 】 a colon), so they read like "项目名称：X"."""
    if "【" not in text:
        return text
    return _BRACKET_LABEL.sub(lambda m: m.group(1) + " " + m.group(2) + "：", text)


_HTML_BREAK = re.compile(r"<br\s*/?>", re.I)


def html_breaks_as_newlines(text: str) -> str:
    """"<br>" inside a Markdown table cell (HTML converted to Markdown) as a line break, same
    length: "《A》<br>2.《B》" reads as a list of one item a line."""
    if "<" not in text:
        return text
    return _HTML_BREAK.sub(lambda m: " " * (len(m.group()) - 1) + "\n", text)


# (label, value) tables, as Markdown pipes or box-drawing characters: "| 项目名称 | 公园绿地养护 |",
# "│ 立项依据     │ 国务院办公厅转发…   │" and its wrapped value "│              │ 《…》的通知（国办发 │",
# "| 主管部门 | 某局 | 实施单位 | 某中心 |" (two pairs a row)
_TABLE_ROW = re.compile(r"(?m)^[ \t]*[|│┃](?:[^|│┃\n]*[|│┃])+[ \t]*$")
_BORDER = re.compile(r"[|│┃]")
_BOX_RULE = re.compile(r"(?m)^[ \t]*[┌├└┏┣┗╔╠╚][─━═┬┼┴┳╋┻╦╬╩┐┤┘┓┫┛╗╣╝ \t]*$")
_MD_RULE = re.compile(r"[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*:?-*:?[ \t]*")
# a field label: a few Chinese words, maybe a note in brackets ("项目资金（万元）") or a part of the field before ("其中：财政拨款")
_KV_LABEL = re.compile(r"[\u4e00-\u9fff]{2,12}(?:[:：][\u4e00-\u9fff]{2,12})?(?:[(（][^()（）]{1,8}[)）])?[:：]?")  # 其中：财政拨款
_KV_NUMBER = re.compile(r"[\d,.]+")


def blank_kv_table_borders(view: str, is_column_word=lambda text: False, colon: str = "：",
                           is_field_label=lambda text: False) -> str:
    """Rows of a (label, value) table read as "label：value" lines (same length): the outer
    borders as spaces, the one after each label as ``colon``, the one between a value and the
    next label as a space; the value's continuation rows (empty label cells) and the table's rules
    as spaces. The label and heading rules then read a 绩效目标表 set as a Markdown or
    box-drawing table like the typed "项目名称：X" forms. Rows of an odd number of cells, rows
    whose label is no field label, and rows whose value is a number or a column header
    ("| 项目名称 | 预算（万元） |", ``is_column_word``) stay as they are: tables of projects — except
    a row whose first label is a known field label (``is_field_label``: "| 项目资金（万元） | 120.00 |",
    "| 项目资金（万元） | 年度资金总额：256.80 | 其中：财政拨款 | 256.80 |")."""
    if "|" not in view and "│" not in view and "┃" not in view:
        return view
    out = list(view)
    previous = (-2, 0)  # (end, number of cells) of the last row read as fields: its continuation rows follow it
    for m in _TABLE_ROW.finditer(view):
        borders = [b.start() for b in _BORDER.finditer(view, m.start(), m.end())]
        cells = [view[x + 1 : y].strip() for x, y in zip(borders, borders[1:])]
        if len(cells) % 2:
            continue
        labels, values = cells[0::2], cells[1::2]
        if any(labels):
            numbers_ok = is_field_label(labels[0])  # "| 项目资金（万元） | 120.00 |"
            if not all(_KV_LABEL.fullmatch(lb) and v and (numbers_ok or not _KV_NUMBER.fullmatch(v)) and not is_column_word(v)
                       for lb, v in zip(labels, values)):
                continue
        elif m.start() != previous[0] + 1 or len(cells) != previous[1]:
            continue
        for k, pos in enumerate(borders):
            out[pos] = colon if k % 2 and labels[k // 2] else " "
        previous = (m.end(), len(cells))
        # the rule under the first row of a Markdown table, and box rules between rows
        nxt = view.find("\n", m.end() + 1)
        line = view[m.end() + 1 : nxt if nxt != -1 else len(view)]
        if _MD_RULE.fullmatch(line) or _BOX_RULE.fullmatch(line):
            for k in range(m.end() + 1, m.end() + 1 + len(line)):
                out[k] = " "
            previous = (m.end() + len(line) + 1, len(cells))
    for m in _BOX_RULE.finditer(view):
        for k in range(m.start(), m.end()):
            out[k] = " "
    return "".join(out)


def compact(text: str) -> str:
    """Remove all whitespace (line-wrap joins; spaces inside CJK names).

    str.split() splits on exactly the characters ``\\s`` matches (str.isspace), and is 3-5x
    faster than ``re.sub(r"\\s+", "", text)`` on the short strings this is called with
    (hundreds of thousands of times per corpus: every line, heading and cell)."""
    return "".join(text.split())


class Line(NamedTuple):
    """One line of the source: ``text[start:end]`` without its line ending.

    A named tuple (immutable, compared by value, as the frozen dataclass it was): a document
    has about a thousand lines and is split three times, and a tuple is made several times faster."""

    no: int  # 1-based
    start: int
    end: int

    def text(self, src: str) -> str:
        return src[self.start : self.end]


def split_lines(text: str) -> list[Line]:
    """The lines of ``text`` (split at "\\n"; a "\\r" before it is no part of the line); a text
    ending in a line break ends with an empty line, an empty text is one empty line."""
    out = []
    pos = 0
    new = tuple.__new__
    for no, part in enumerate(text.split("\n"), 1):
        end = pos + len(part)
        out.append(new(Line, (no, pos, end - 1 if part.endswith("\r") else end)))
        pos = end + 1
    return out


def strip_span(view: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past whitespace on both sides."""
    while start < end and view[start].isspace():
        start += 1
    while end > start and view[end - 1].isspace():
        end -= 1
    return start, end


# Heading numbering: markdown hashes, list bullets, 一、 （一） 1、 1. (1) 1.1 ① 第一部分 项目一： …
_CN_NUM = "一二三四五六七八九十百零〇"
NUMBERING = re.compile(
    r"[ \t]*(?:#{1,6}[ \t]*)?(?:[-*•·][ \t]+)?"
    r"(?:"
    rf"第[{_CN_NUM}\d]+(?:部分|[部分章节条项])?[、.:\s]*"
    rf"|项目[{_CN_NUM}\d]+(?:[ \t]*[、.:]\s*|[ \t]+)"  # "项目一：高新技术企业培育奖励", "项目二 科普基地" number projects
    rf"|[{_CN_NUM}]+[、.]\s*"
    rf"|\([{_CN_NUM}\d]+\)[、.]?\s*"
    r"|\d+(?:\.\d+)+[、.)]?\s*(?=\D)"  # 1.1 / 1.2.3 (no punctuation needed)
    r"|\d{1,2}[、.)]\s*(?=\D)"  # 1、 2. 3)  (never a year: "2023年")
    r"|[\u2460-\u2473\u2776-\u277f]\s*"
    r")?"
)


def strip_numbering(view: str, start: int, end: int) -> int:
    """Offset where a line's text starts after markdown hashes, bullets and numbering."""
    m = NUMBERING.match(view, start, end)
    return m.end() if m else start


def has_numbering(view: str, start: int, end: int) -> bool:
    m = NUMBERING.match(view, start, end)
    if not m:
        return False
    body = view[m.start() : m.end()].strip().lstrip("#").strip()
    return bool(body)


_SENTENCE_END = re.compile(r"[。；;，,]$")


def looks_like_heading(text: str, max_len: int = 60) -> bool:
    """A short line that does not end like a sentence."""
    t = compact(text).lstrip("#")
    return 1 < len(t) <= max_len and not _SENTENCE_END.search(t)


def iter_paragraphs(lines: list[Line], view: str, first: int, last: int) -> Iterator[tuple[int, int]]:
    """(index of first line, index of last line) of blank-line separated blocks in lines[first:last]."""
    i = first
    while i < last:
        if not view[lines[i].start : lines[i].end].strip():
            i += 1
            continue
        j = i
        while j + 1 < last and view[lines[j + 1].start : lines[j + 1].end].strip():
            j += 1
        yield i, j
        i = j + 1


def find_line(lines: list[Line], offset: int) -> int:
    """Index into ``lines`` of the line holding ``offset`` (binary search)."""
    lo, hi = 0, len(lines) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if lines[mid].start <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


def first_match(pattern: re.Pattern[str], view: str, start: int, end: int) -> Optional[re.Match[str]]:
    return pattern.search(view, start, end)


def locate_compact(view: str, start: int, end: int, name: str) -> tuple[int, int]:
    """Offsets of ``name`` (whitespace removed) inside ``view[start:end]``, whitespace allowed between its characters."""
    if not name:
        return start, start
    pos = start
    while pos < end:
        pos = view.find(name[0], pos, end)
        if pos == -1:
            break
        i, k = pos, 0
        while i < end and k < len(name):
            ch = view[i]
            if ch == name[k]:
                k += 1
            elif not ch.isspace():
                break
            i += 1
        if k == len(name):
            return pos, i
        pos += 1
    return start, end


_LINE_FIELD = re.compile(r"[ \t\u3000]*(?P<label>[\u3400-\u9fff（）()]{2,12})[:：]")
_INLINE_FIELD = re.compile(r"(?<=\S)[ \t\u3000]+(?=(?P<label>[\u3400-\u9fff（）()]{2,12})[:：])")


def split_run_together_fields(view: str, is_field_label=lambda text: False) -> str:
    """Fields a web page (or a form copied from one) runs together on one line read one a line
    (same length: the blank before each further label becomes a line break):
    "项目名称：X 项目类别：Y 项目金额：120.5万元 实施单位：Z" -> four "label：value" lines.
    Only a line that starts with a known field label (``is_field_label``) and holds at least two
    more fields, one of them a known field label, is split (a form row of two fields,
    "项目总预算：180万元    当年预算：60万元", is read as a row); there every blank-preceded "label：" starts a
    field (项目类别, 联系电话 need not be known)."""
    out: Optional[list[str]] = None
    pos = 0
    for line in view.split("\n"):
        first = _LINE_FIELD.match(line)
        if first and is_field_label(first.group("label")):
            gaps = list(_INLINE_FIELD.finditer(line, first.end()))
            if len(gaps) >= 2 and any(is_field_label(g.group("label")) for g in gaps):
                out = out if out is not None else list(view)
                for g in gaps:
                    out[pos + g.start()] = "\n"
        pos += len(line) + 1
    return "".join(out) if out is not None else view
