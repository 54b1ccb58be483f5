"""Project blocks and their sections in running text (not the flattened forms).

Four ways a project block starts, tried in this order:

1. a title line ending like "XXX项目经费情况说明" (``project_title_suffixes.txt``),
   possibly wrapped over two lines, with or without Markdown hashes or numbering;
2. a run of section headings (一、项目概述 二、立项依据 …) with no title line above
   it recognised by (1): the nearest short line before the first heading is the title
   ("（一）道路养护项目" in district layouts); a repeated section key starts the next one;
3. a numbered heading ending in 项目/专项/工程 ("一、城市网格化管理项目") followed by
   text with an amount, where neither (1) nor (2) applies;
4. a numbered paragraph outside those blocks that opens "NAME，预算N万元" (projects written as
   prose only: its money, 由…实施 and its 依据《…》 sentence are its sections).

A section heading is a line whose text, after numbering, is a known heading
(``section_headings.tsv``), optionally followed by "：" and body text on the same line.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Optional

from . import vocab
from .amounts import AMOUNT_RE
from .project_tables import is_header as is_project_table_header, vertical_table_lines
from .text import Line, compact, has_numbering, looks_like_heading, strip_numbering, strip_span

# Department-level parts that end a project block (the last project runs to the end otherwise).
_DOC_LEVEL = re.compile(r"(主要职能|机构设置|名词解释|预算编制说明|其他相关情况说明|预算表|决算表|总表|申报表)\s*$")
_DOC_TITLE_END = re.compile(r"(预算|决算|申报表|申报书|目录)$")
_PROJECT_WORD = re.compile(r"(项目|专项|工程)(经费|资金)?[:：]?$")
_PROJECT_WORD_ENDS = tuple("目项程费金:：")  # the last characters _PROJECT_WORD allows


@dataclass
class SectionBlock:
    key: str
    heading_start: int
    heading_end: int
    body_start: int
    body_end: int = -1


@dataclass
class ProjectBlock:
    name: str
    name_start: int
    name_end: int
    start: int  # first character of the title line
    end: int = -1  # end of the block (exclusive, trailing whitespace removed)
    sections: list[SectionBlock] = field(default_factory=list)
    how: str = "title"  # "title" | "sections" | "numbered"
    body_start: int = -1  # numbered projects without sections: where their text starts


@functools.lru_cache(maxsize=None)
def _heading_start() -> re.Pattern[str]:
    """Any known heading at the start of a line's text (a cheap first test)."""
    words = sorted(vocab.section_headings(), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


def section_heading(view: str, line: Line, has_word: Optional[bool] = None) -> Optional[SectionBlock]:
    """The section a line opens, if it is a section heading. ``has_word``: whether the line holds
    a heading word at all, when the caller has read that for every line at once (_matching_lines)."""
    if not (_heading_start().search(view, line.start, line.end) if has_word is None else has_word):
        return None  # no heading word in the line at all (the test below needs one after the numbering)
    s = strip_numbering(view, line.start, line.end)
    while s < line.end and view[s] in " \t":
        s += 1
    if not _heading_start().match(view, s, line.end):
        return None
    s, e = strip_span(view, s, line.end)
    if s >= e:
        return None
    text = view[s:e]
    headings = vocab.section_headings()
    # "三、实施主体（列举具体实施项目的各个责任主体及其职责等）": the template's note is no part of the heading
    key = headings.get(compact(text).rstrip(":：")) or headings.get(_NOTE.sub("", compact(text)).rstrip(":："))
    if key:
        hs, _ = strip_span(view, line.start, e)
        hs = _after_hashes(view, hs, e)
        return SectionBlock(key, hs, e, e)
    # "一、项目概述：本项目……" (heading and body on one line); "立项依据<TAB>《…》" (a table row);
    # "立项依据 《…》" (a row of PDF text, one space between the cells)
    for sep in _INLINE_SEP.finditer(text, 0, 20):
        label = compact(text[: sep.start()])
        key = headings.get(label) or headings.get(_NOTE.sub("", label))
        if key:
            hs, _ = strip_span(view, line.start, e)
            hs = _after_hashes(view, hs, e)
            return SectionBlock(key, hs, s + sep.start(), s + sep.end())
        if sep.group() in ":：":
            break  # the first colon ends the label
    return None


_INLINE_SEP = re.compile(r"[ \t]*[:：][ \t]*|[ \t]+")


_NOTE = re.compile(r"\([^()]{2,40}\)[:：]?$")
# where a table cell ends: a tab or a run of spaces
_CELL_END = re.compile(r"\t| {2,}")


def _after_hashes(view: str, s: int, e: int) -> int:
    while s < e and view[s] in "#-* \t":
        s += 1
    return s


def _title_name(view: str, s: int, e: int) -> Optional[tuple[int, int]]:
    """(start, end) of the project name in a title ``view[s:e]`` ending in a title suffix."""
    text = compact(view[s:e])
    if is_part_heading(text):
        return None  # "六、重点项目说明" heads a list of projects, it is none itself
    for suffix in vocab.project_title_suffixes():
        if text.endswith(suffix) and len(text) - len(suffix) >= 2 and len(text) <= 90:
            # walk back over the suffix characters (whitespace may sit inside)
            k = e
            remaining = len(suffix)
            while remaining and k > s:
                k -= 1
                if not view[k].isspace():
                    remaining -= 1
            ns, ne = strip_span(view, s, k)
            if ns < ne:
                return ns, ne
    return None


@functools.lru_cache(maxsize=None)
def _suffix_ends() -> tuple[str, ...]:
    return tuple({s[-2:] for s in vocab.project_title_suffixes()})


@functools.lru_cache(maxsize=None)
def _suffix_end_of_line() -> re.Pattern[str]:
    """One of _suffix_ends with nothing but whitespace after it up to the line break or the end of
    the text (``\\s`` is str.isspace's whitespace; "\\r" is whitespace, as rstrip takes it)."""
    return re.compile("(?:" + "|".join(map(re.escape, sorted(_suffix_ends()))) + r")[^\S\n]*(?=\n|\Z)")


@functools.lru_cache(maxsize=None)
def _part_end_of_line() -> re.Pattern[str]:
    """The last two characters of a part heading over projects, then colons, then whitespace up to
    the line break: the lines ``text.rstrip().rstrip(":：").endswith(ends)`` holds for."""
    ends = sorted({h[-2:] for h in vocab.project_part_headings()})
    return re.compile("(?:" + "|".join(map(re.escape, ends)) + r")[:：]*[^\S\n]*(?=\n|\Z)")


def _matching_lines(pattern: re.Pattern[str], view: str, lines: list[Line], *, past_line_end: bool = False) -> list[int]:
    """Indexes (ascending) of the lines in which ``pattern`` finds something, by one scan of the text
    instead of a search per line: the pattern holds no line break, so a match lies inside one line,
    and a line holding one holds the first match the scan makes from where its last match ended.
    A match must end inside its line (not over a "\r" ending it) unless ``past_line_end``: the
    line-end patterns (_suffix_end_of_line, _part_end_of_line) take trailing whitespace, "\r"
    included, as ``rstrip`` does."""
    found: list[int] = []
    if not lines:
        return found
    starts = [ln.start for ln in lines]
    for m in pattern.finditer(view, lines[0].start, lines[-1].end):
        k = bisect_right(starts, m.start()) - 1
        if (past_line_end or m.end() <= lines[k].end) and (not found or found[-1] != k):
            found.append(k)
    return found


def _title(view: str, lines: list[Line], i: int, has_label: Optional[bool] = None,
           has_heading: Optional[bool] = None, ending: Optional[set[int]] = None) -> Optional[tuple[int, int, int]]:
    """(name_start, name_end, last line index) when lines[i] (maybe with i+1) is a project title.
    ``has_label``/``has_heading``: whether the line holds a name-label/heading word, ``ending``: the
    lines ending like a title suffix (_matching_lines), when the caller has read them for every line at once."""
    line = lines[i]
    labelled = _label_title(view, line, has_label)
    if labelled:
        return labelled[0], labelled[1], i
    # cheap test first: this line or the next must end like a title suffix
    if ending is not None:
        if i not in ending and i + 1 not in ending:
            return None
    else:
        ends = _suffix_ends()
        if not view[line.start : line.end].rstrip().endswith(ends) and not (
            i + 1 < len(lines) and view[lines[i + 1].start : lines[i + 1].end].rstrip().endswith(ends)
        ):
            return None
    s = strip_numbering(view, line.start, line.end)
    s, e = strip_span(view, s, line.end)
    if s >= e or not looks_like_heading(view[s:e], 90):
        return None
    found = _title_name(view, s, e)
    if found:
        return found[0], found[1], i
    # wrapped title: this line plus the next one
    if i + 1 < len(lines):
        nxt = lines[i + 1]
        ns, ne = strip_span(view, nxt.start, nxt.end)
        continuation = ns < ne and not has_numbering(view, nxt.start, nxt.end) and view[ns] not in "-*•#" \
            and not _DOC_TITLE_END.search(compact(view[s:e]))  # "…2020年部门预算" is the document's title
        if continuation and len(compact(view[s:e])) >= 8 and looks_like_heading(view[ns:ne], 40) and not section_heading(view, line, has_heading):
            found = _title_name(view, s, ne)
            alone = _title_name(view, ns, ne)
            # "…全体大会 暨全球工程\n大会项目经费情况说明": the second line alone would name
            # a project "大会"; a name that short is the tail of a wrapped title
            if found and (alone is None or len(compact(view[alone[0] : alone[1]])) < 6):
                return found[0], found[1], i + 1
    return None


@functools.lru_cache(maxsize=None)
def _name_label() -> re.Pattern[str]:
    labels = "|".join(re.escape(w) for w in sorted(vocab.project_name_labels(), key=len, reverse=True))
    return re.compile(rf"(?:{labels})(?:[ \t]*[:：][ \t]*|\t+[ \t]*| {{2,}}| (?=\S+[ \t]*$))")


@functools.lru_cache(maxsize=None)
def _name_label_word() -> re.Pattern[str]:
    """Any project-name label (what _name_label starts with)."""
    return re.compile("|".join(re.escape(w) for w in sorted(vocab.project_name_labels(), key=len, reverse=True)))


def _label_title(view: str, line: Line, has_label: Optional[bool] = None) -> Optional[tuple[int, int]]:
    """(start, end) of the name in a label-form title: "（一）项目名称：城市网格化管理", or a
    table row "项目名称<TAB>城市网格化管理" (the name is the next cell; after a single space
    only when it is the line's last word, as PDF text gives "项目名称 城市网格化管理")."""
    if not (_name_label_word().search(view, line.start, line.end) if has_label is None else has_label):
        return None  # no name label in the line at all
    s = strip_numbering(view, line.start, line.end)
    m = _name_label().match(view, s, line.end)
    if not m:
        return None
    if is_project_table_header(view, line):
        return None  # "项目名称<TAB>功能分类科目编码<TAB>…<TAB>合计": the header of a table of projects
    cell = _CELL_END.search(view, m.end(), line.end)
    ns, ne = strip_span(view, m.end(), cell.start() if cell else line.end)
    name = view[ns:ne]
    if not (2 <= len(compact(name)) <= 60) or not looks_like_heading(name, 60) or AMOUNT_RE.search(name):
        return None
    if _header_word(compact(name)):
        return None  # "项目名称<TAB>立项依据<TAB>预算（万元）" heads a table of projects
    return ns, ne


def _header_word(text: str) -> bool:
    text = _NOTE.sub("", text).rstrip(":：")
    return text in vocab.section_headings() or any(text in words.split() for _, words in vocab.project_table_columns())


def find_project_blocks(view: str, lines: list[Line], skip_final_accounts: bool = False) -> list[ProjectBlock]:
    """Project blocks in text order. ``skip_final_accounts``: the document is a budget, so its
    parts on the last year's final accounts ("四、2017年部门决算情况说明") hold no project of it."""
    blocks: list[ProjectBlock] = []
    current: Optional[ProjectBlock] = None
    seen_keys: set[str] = set()
    part_heads = _part_heads(view, lines)
    skipped = _final_account_lines(view, lines) if skip_final_accounts else set()
    vertical = vertical_table_lines(view, lines)
    skipped |= vertical  # a table of projects set one cell a line: its rows are the projects
    labelled = set(_matching_lines(_name_label_word(), view, lines))
    headed = set(_matching_lines(_heading_start(), view, lines))
    ending = set(_matching_lines(_suffix_end_of_line(), view, lines, past_line_end=True))
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        raw = view[line.start : line.end]
        if not raw.strip():
            i += 1
            continue
        if i in skipped:
            _close(current, view, line.start)
            current = None
            i += 1
            continue
        # (_title and section_heading are None for a line without a name label, a heading word or a title's end)
        title = _title(view, lines, i, i in labelled, i in headed, ending) \
            if i in labelled or i in ending or i + 1 in ending else None
        if title:
            ns, ne, last = title
            start = line.start
            heading = _heading_naming(view, lines, i, compact(view[ns:ne])) if _label_title(view, line, i in labelled) else None
            if heading is not None and (current is None or current.start < lines[heading].start):
                # "## 一、公园绿地养护" over "| 项目名称 | 公园绿地养护 |": the heading is the title, the label row repeats it
                start = lines[heading].start
                ns, ne = strip_span(view, strip_numbering(view, start, lines[heading].end), lines[heading].end)
            _close(current, view, start)
            current = ProjectBlock(compact(view[ns:ne]), ns, ne, start)
            blocks.append(current)
            seen_keys = set()
            i = last + 1
            continue
        sec = section_heading(view, line, True) if i in headed else None
        if sec and _unit_note_below(view, lines, i):
            sec = None  # "年度预算⏎（万元）": a column header of a table set one cell a line, no section
        if sec and any(k in vertical for k in range(i + 1, i + 4)):
            sec = None  # "三、项目绩效目标" right over such a table heads its rows, it is no section of a project
        if sec and current is not None and current.sections and current.sections[-1].key == sec.key \
                and not view[current.sections[-1].body_start : line.start].strip():
            sec = None  # "五、实施周期" then "项目实施周期：2023年…": the label opens the body, no new section
        if sec:
            if current is None or (current.how == "sections" and sec.key in seen_keys):
                implicit = _implicit_title(view, lines, i, blocks)
                _close(current, view, line.start if implicit is None else implicit.start)
                current = implicit
                if current is not None:
                    blocks.append(current)
                seen_keys = set()
            if current is not None:
                if current.sections:
                    current.sections[-1].body_end = line.start
                current.sections.append(sec)
                seen_keys.add(sec.key)
            i += 1
            continue
        if current is not None and (i in part_heads or _ends_project(view, raw)):
            _close(current, view, line.start)
            current = None
        i += 1
    _close(current, view, len(view))
    # A title without sections ("五、重点项目说明") may be a part heading over numbered projects
    # ("（一）道路设施养护项目"): those projects replace it.
    containers = [b for b in blocks if not b.sections]
    kept = [b for b in blocks if b.sections]
    numbered = _numbered_projects(view, lines, kept, _part_regions(view, lines, part_heads), skipped)
    for c in containers:
        if not any(c.start <= n.start < c.end for n in numbered):
            kept.append(c)
    blocks = kept + numbered
    blocks += _run_in_projects(view, lines, blocks, skipped)
    blocks.sort(key=lambda b: b.start)
    starts = [ln.start for ln in lines]
    for b in blocks:
        _basis_paragraph(view, lines, starts, b)
    return blocks


# "依据《中华人民共和国大气污染防治法》和…，设立本项目。", "为贯彻落实《…》，设立本项目。": a paragraph that
# opens with the documents it rests on
_BASIS_PARAGRAPH = re.compile(r"[ \t]*(?P<cue>依据|根据|依照|按照|为贯彻落实|为贯彻|为落实)(?=[^\n。]{0,40}《|中华人民共和国)")
_PARAGRAPH_END = re.compile(r"[。；;:：]\s*$")


def _basis_paragraph(view: str, lines: list[Line], starts: list[int], block: ProjectBlock) -> None:
    """A project with labelled sections but none for its 立项依据, whose basis is an unlabelled
    paragraph starting 依据《…》/根据《…》 (provincial budgets number their projects "1. NAME" and
    write 项目资金：/资金来源：/项目内容： and then the basis as prose): that paragraph is its basis
    section, the cue word its heading."""
    if not block.sections or any(s.key == "basis" for s in block.sections):
        return
    previous = ""
    for line in lines[max(0, bisect_right(starts, block.sections[0].body_start) - 1):]:
        if line.end <= block.sections[0].body_start:
            continue
        if line.start >= block.end:
            break
        raw = view[line.start : line.end]
        m = _BASIS_PARAGRAPH.match(view, line.start, line.end)
        if m and (not previous.strip() or _PARAGRAPH_END.search(previous) or section_heading(view, lines[line.no - 2]) is not None):
            host = next((s for s in reversed(block.sections) if s.body_start <= line.start), None)
            if host is None or not view[host.body_start : line.start].strip():
                return  # the paragraph is the whole body of a labelled section: that label says what it is
            end = host.body_end
            host.body_end = line.start
            basis = SectionBlock("basis", m.start("cue"), m.end("cue"), m.start("cue"), end)
            block.sections.insert(block.sections.index(host) + 1, basis)
            return
        if raw.strip():
            previous = raw


def _inside_any(spans: list[tuple[int, int]]):
    """A test ``pos -> bool``: whether some ``start <= pos < end`` of ``spans`` (sorted by start) holds pos.

    Tested for every line of a document against every project block found so far, a plain
    ``any(...)`` over the blocks is quadratic; this is a bisection over the starts and the
    running maximum of the ends (spans may overlap or nest)."""
    starts = [a for a, _ in spans]
    reach: list[int] = []  # reach[k]: the furthest end of spans[0..k]
    for _, b in spans:
        reach.append(max(b, reach[-1]) if reach else b)

    def inside(pos: int) -> bool:
        k = bisect_right(starts, pos) - 1
        return k >= 0 and reach[k] > pos

    return inside


# "（一）国土绿化项目，预算12,600万元，其中……，主要用于……。依据《…》……": a numbered paragraph that names its
# project, then its money, then (in a later sentence) the documents it rests on — projects in prose only
_RUN_IN = re.compile(r"(?P<name>[^，,。；;：:\s][^，,。；;：:\n]{1,39}?)[，,][ \t]*(?:年度|全年|当年|本年)?(?P<label>预算安排|预算|安排资金|安排)"
                     r"(?:资金|经费)?[ \t]*(?P<amount>[0-9０-９][0-9０-９,，.．]*[ \t]*(?:亿元|万元|元))")
_RUN_IN_UNIT = re.compile(r"由(?P<unit>[^，,。；;、\n]{4,40}?)(?:具体|组织|负责|牵头)?(?:实施|承担|承办|执行)")
_RUN_IN_BASIS = re.compile(r"(?<=[。；;])[ \t]*(?P<cue>依据|根据|依照|按照|为贯彻落实|为落实)(?=[^\n。]{0,40}《|中华人民共和国)")


def _run_in_projects(view: str, lines: list[Line], blocks: list[ProjectBlock], skipped: set[int]) -> list[ProjectBlock]:
    """Rule 4: numbered paragraphs outside other blocks that open "NAME，预算N万元" (or 元, 安排N万元): one
    project each, running to the next such paragraph or department-level heading (over page breaks);
    the money after the label is its budget section, the first sentence opening 依据/根据《…》 its basis."""
    covered = sorted((b.start, b.end) for b in blocks)
    is_covered = _inside_any(covered)
    found: list[tuple[int, re.Match]] = []
    for idx, line in enumerate(lines):
        if idx in skipped or view.find("元", line.start, line.end) == -1 or is_covered(line.start):
            continue  # (_RUN_IN's amount ends in 元)
        s = strip_numbering(view, line.start, line.end)
        if s == line.start:
            continue
        m = _RUN_IN.match(view, s, line.end)
        if m and not is_part_heading(compact(m.group("name"))):
            found.append((idx, m))
    out = []
    for k, (idx, m) in enumerate(found):
        stop = lines[found[k + 1][0]].start if k + 1 < len(found) else _next_boundary(view, lines, idx)
        if any(lines[idx].start < a < stop for a, _ in covered):
            stop = min(a for a, _ in covered if lines[idx].start < a < stop)
        block = ProjectBlock(compact(view[m.start("name") : m.end("name")]), m.start("name"), m.end("name"), lines[idx].start, how="run_in")
        block.body_start = m.end("name")
        block.sections.append(SectionBlock("budget", m.start("label"), m.end("label"), m.start("amount"), m.end("amount")))
        b = _RUN_IN_BASIS.search(view, m.end(), stop)
        u = _RUN_IN_UNIT.search(view, m.end(), b.start() if b else stop)
        if u:  # "由江西省湿地保护中心实施": the paragraph's implementer
            block.sections.append(SectionBlock("implementer", u.start(), u.start("unit"), u.start("unit"), u.end("unit")))
        if b:
            block.sections.append(SectionBlock("basis", b.start("cue"), b.end("cue"), b.start("cue"), stop))
        block.end = -1
        _close(block, view, stop)
        block.sections[0].body_end = m.end("amount")
        for sec in block.sections:
            if sec.key == "implementer":
                sec.body_end = sec.body_end if sec.body_end <= stop else stop
        out.append(block)
    return out


_UNIT_NOTE_LINE = re.compile(r"[ \t]*[(（](?:亿元|万元|千元|元)[)）][ \t]*$")


def _unit_note_below(view: str, lines: list[Line], i: int) -> bool:
    """Whether the line after a bare heading word is only a money unit in brackets ("（万元）")."""
    if i + 1 >= len(lines) or view[lines[i].start : lines[i].end].strip().endswith((":", "：")):
        return False
    return bool(_UNIT_NOTE_LINE.fullmatch(view, lines[i + 1].start, lines[i + 1].end))


def _heading_naming(view: str, lines: list[Line], i: int, name: str) -> Optional[int]:
    """Index of the numbered heading right above line ``i`` (blank lines between) that reads ``name``."""
    j = i - 1
    while j >= 0 and not view[lines[j].start : lines[j].end].strip():
        j -= 1
    if j < 0 or not has_numbering(view, lines[j].start, lines[j].end):
        return None
    s = strip_numbering(view, lines[j].start, lines[j].end)
    return j if compact(view[s : lines[j].end]) == name else None


#: the last characters of _DOC_LEVEL's words: a line ending otherwise is no department-level part
_DOC_LEVEL_ENDS = tuple("能置释明表")


def _ends_project(view: str, raw: str) -> bool:
    if not raw.rstrip().endswith(_DOC_LEVEL_ENDS):
        return False  # _DOC_LEVEL cannot match the line with its whitespace removed
    t = compact(raw).lstrip("#")
    return looks_like_heading(raw, 40) and bool(_DOC_LEVEL.search(t)) and not any(t.endswith(s) for s in vocab.project_title_suffixes())


def _close(block: Optional[ProjectBlock], view: str, end: int) -> None:
    if block is None or block.end != -1:
        return
    _, end = strip_span(view, block.start, end)
    block.end = end
    if block.sections:
        last = block.sections[-1]
        if last.body_end == -1 or last.body_end > end:
            last.body_end = end
    for sec in block.sections:
        sec.body_start, sec.body_end = strip_span(view, sec.body_start, max(sec.body_start, sec.body_end))


_NUMBER_CELL = re.compile(r"-?[\d,，]+(?:[.．]\d+)?(?:万元|元)?")


def _implicit_title(view: str, lines: list[Line], i: int, blocks: list[ProjectBlock]) -> Optional[ProjectBlock]:
    """A title-less run of sections: its title is the nearest short line above it."""
    j = i - 1
    while j >= 0 and not view[lines[j].start : lines[j].end].strip():
        j -= 1
    if j < 0:
        return None
    line = lines[j]
    if blocks and blocks[-1].end != -1 and line.start < blocks[-1].end and blocks[-1].how != "sections":
        return None
    if section_heading(view, line):
        return None
    cells = [c for c in view[line.start : line.end].split("\t") if c.strip()]
    if len(cells) >= 3 or (len(cells) == 2 and _NUMBER_CELL.fullmatch(cells[-1].strip())):
        return None  # a row of a table ("⇥学前教育⇥保障公办幼儿园正常运转⇥642.80" over "年度总体目标⇥…") is no title
    s = strip_numbering(view, line.start, line.end)
    s, e = strip_span(view, s, line.end)
    text = view[s:e].rstrip(":：")
    if not looks_like_heading(text, 60) or _DOC_LEVEL.search(compact(text)):
        return None
    if not re.search(r"[\u3400-\u9fff]", text):
        return None  # a cell's value set one a line ("1,710.00", "≥95%") over the next heading is no title
    if compact(text) in ("项目", "科目", "名称", "收入", "支出") or _header_word(compact(text)):
        return None  # a table set one cell a line: the column "项目" over the column "预算数" is no title over a budget section
    e = s + len(text.rstrip())
    return ProjectBlock(compact(view[s:e]), s, e, line.start, how="sections")


def _numbered_projects(view: str, lines: list[Line], blocks: list[ProjectBlock],
                       parts: list[tuple[int, int]] = (), skipped: set[int] = frozenset()) -> list[ProjectBlock]:
    """Rule 3: "一、XXX项目" headings with an amount below, outside other project blocks;
    inside a part over projects ("六、重点项目说明", ``parts``: line index ranges), every
    numbered heading of the part's first kind of numbering with an amount below."""
    covered = sorted((b.start, b.end) for b in blocks)
    out: list[ProjectBlock] = []
    in_part = set()
    for first, last in parts:
        in_part.update(range(first, last))
        out.extend(_part_projects(view, lines, first, last, covered))
    candidates: list[tuple[int, int, int]] = []  # (line index, name start, name end)
    k = 0
    for idx, line in enumerate(lines):
        while k < len(covered) and covered[k][1] <= line.start:
            k += 1
        if k < len(covered) and covered[k][0] <= line.start < covered[k][1] or idx in in_part or idx in skipped:
            continue
        raw = view[line.start : line.end]
        if not raw.strip() or len(raw) > 200 or not raw.rstrip().endswith(_PROJECT_WORD_ENDS):
            continue  # (a line ending otherwise cannot end in _PROJECT_WORD)
        s = strip_numbering(view, line.start, line.end)
        if s == line.start or not raw.strip():
            continue  # must be numbered
        s, e = strip_span(view, s, line.end)
        text = view[s:e]
        if not looks_like_heading(text, 40) or not _PROJECT_WORD.search(compact(text)) or is_part_heading(compact(text)):
            continue  # "三、重点项目" heads the projects below it
        e = s + len(text.rstrip(":：").rstrip())
        candidates.append((idx, s, e))
    for k, (idx, s, e) in enumerate(candidates):
        stop = lines[candidates[k + 1][0]].start if k + 1 < len(candidates) else _next_boundary(view, lines, idx)
        body = view[lines[idx].end : stop]
        if not AMOUNT_RE.search(body):
            continue
        block = ProjectBlock(compact(view[s:e]), s, e, lines[idx].start, how="numbered")
        block.body_start = lines[idx].end  # no section headings: the text below the heading
        _close(block, view, stop)
        out.append(block)
    return out


# ---------------------------------------------------------------------------
# parts over projects ("六、重点项目说明" and its "（一）技术市场信息化建设" …)

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_NUMBER_KINDS = (  # kind of numbering -> pattern of its number (first group)
    ("cn", re.compile(r"[ \t]*(?:#{1,6}[ \t]*)?([一二三四五六七八九十]+)[、.]")),
    ("cn_paren", re.compile(r"[ \t]*(?:#{1,6}[ \t]*)?\(([一二三四五六七八九十]+)\)")),
    ("digit_paren", re.compile(r"[ \t]*(?:#{1,6}[ \t]*)?\((\d{1,2})\)")),
    ("digit", re.compile(r"[ \t]*(?:#{1,6}[ \t]*)?(\d{1,2})[、.)](?!\d)")),
)


def _numbering(view: str, line: Line) -> Optional[tuple[str, int]]:
    """(kind, number) of a line's heading numbering: "六、" -> ("cn", 6), "（二）" -> ("cn_paren", 2)."""
    for kind, pattern in _NUMBER_KINDS:
        m = pattern.match(view, line.start, line.end)
        if m:
            return kind, _cn_int(m.group(1))
    return None


def _cn_int(numeral: str) -> int:
    if numeral.isdigit():
        return int(numeral)
    if "十" not in numeral:
        return _CN_DIGITS.get(numeral, 0)
    tens, _, ones = numeral.partition("十")
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + _CN_DIGITS.get(ones, 0)


# what may stand before a project-title suffix in a part heading: a year and words that qualify
# the department's projects as a whole ("三、部门项目情况说明", "2025年重点项目支出说明"), never a name
_PART_QUALIFIER = re.compile(r"(?:(?:19|20)\d{2}年度?)?(?:本部门|部门|本单位|单位|区级|市级|本级|重点|主要|重大|年度|各)*")


def is_part_heading(text: str) -> bool:
    """Whether a heading (numbering and whitespace removed) heads a list of projects rather than
    naming one: listed in project_part_headings.txt, or a project-title suffix after only a year
    and qualifying words ("部门项目情况说明" is no project named 部门)."""
    text = text.rstrip(":：")
    if text in vocab.project_part_headings():
        return True
    for suffix in vocab.project_title_suffixes():
        if text.endswith(suffix):
            return _PART_QUALIFIER.fullmatch(text[: -len(suffix)]) is not None
    return False


def _part_heads(view: str, lines: list[Line]) -> list[int]:
    """Indices of the lines that are part headings over projects."""
    heads = []
    for idx in _matching_lines(_part_end_of_line(), view, lines, past_line_end=True):
        line = lines[idx]
        if line.end - line.start > 60:
            continue
        s = strip_numbering(view, line.start, line.end)
        if is_part_heading(compact(view[s : line.end])):
            heads.append(idx)
    return heads


def _part_regions(view: str, lines: list[Line], heads: list[int]) -> list[tuple[int, int]]:
    """Line index ranges [first, last) under part headings over projects: from the line after
    the heading to the next part of the document (the heading numbered next, a department-level
    heading, another part over projects) or the end."""
    regions = []
    for n, idx in enumerate(heads):
        number = _numbering(view, lines[idx])
        stop = heads[n + 1] if n + 1 < len(heads) else len(lines)
        for j in range(idx + 1, stop):
            raw = view[lines[j].start : lines[j].end]
            if not raw.strip():
                continue
            if _ends_project(view, raw) or (number and _numbering(view, lines[j]) == (number[0], number[1] + 1)
                                            and looks_like_heading(raw, 40)):
                stop = j
                break
        regions.append((idx + 1, stop))
    return regions


def _part_projects(view: str, lines: list[Line], first: int, last: int, covered: list[tuple[int, int]]) -> list[ProjectBlock]:
    """Projects under a part heading: its numbered headings (of one kind, the first kind seen)
    with an amount in the text below them, outside project blocks with sections."""
    heads: list[tuple[int, int, int]] = []  # (line index, name start, name end)
    kind = None
    is_covered = _inside_any(covered)
    for idx in range(first, last):
        line = lines[idx]
        if is_covered(line.start):
            continue
        number = _numbering(view, line)
        if number is None or (kind is not None and number[0] != kind) or section_heading(view, line):
            continue
        s = strip_numbering(view, line.start, line.end)
        s, e = strip_span(view, s, line.end)
        text = view[s:e]
        if not looks_like_heading(text, 40) or AMOUNT_RE.search(text):
            continue
        kind = number[0]
        heads.append((idx, s, s + len(text.rstrip(":：").rstrip())))
    out = []
    for k, (idx, s, e) in enumerate(heads):
        stop = lines[heads[k + 1][0]].start if k + 1 < len(heads) else (lines[last].start if last < len(lines) else len(view))
        nxt = next((cs for cs, _ in covered if lines[idx].end <= cs < stop), None)
        stop = nxt if nxt is not None else stop
        if not AMOUNT_RE.search(view, lines[idx].end, stop):
            continue
        block = ProjectBlock(compact(view[s:e]), s, e, lines[idx].start, how="numbered")
        block.body_start = lines[idx].end
        _close(block, view, stop)
        out.append(block)
    return out


# "四、2017年部门决算情况说明", "第三部分 2022年度部门决算" (not a project's own "（五）上年项目决算情况")
_FINAL_ACCOUNTS = re.compile(r"(?<!项目)(?:(?:部门|单位|年度?)决算|决算(?:情况)?(?:说明|公开|报告))")


def _final_account_lines(view: str, lines: list[Line]) -> set[int]:
    """Lines of the parts of a budget on last year's final accounts: from a heading that speaks
    of 决算 (not of 预算 too, as "预算决算" notes may) to the next heading numbered like it, a
    project title, or a department-level heading."""
    out: set[int] = set()
    if "决" not in view:
        return out  # every heading it looks for says 决算
    i, n = 0, len(lines)
    while i < n:
        raw = view[lines[i].start : lines[i].end]
        if "决" not in raw or "算" not in raw:  # _FINAL_ACCOUNTS needs 决算 (compact only removes whitespace)
            i += 1
            continue
        text = compact(raw).lstrip("#")
        if not (_FINAL_ACCOUNTS.search(text) and "预算" not in text and looks_like_heading(raw, 40)
                and (has_numbering(view, lines[i].start, lines[i].end) or raw.lstrip().startswith("#"))):
            i += 1
            continue
        number = _numbering(view, lines[i])
        j = i + 1
        while j < n:
            line = lines[j]
            other = view[line.start : line.end]
            if other.strip() and looks_like_heading(other, 60) and (
                    (number is not None and (_numbering(view, line) or ("", 0))[0] == number[0])
                    or _title(view, lines, j) or (_ends_project(view, other) and "决算" not in other)):
                break
            j += 1
        out.update(range(i, j))
        i = j
    return out


def _next_boundary(view: str, lines: list[Line], idx: int) -> int:
    """End of a numbered project: the next heading with numbering of the same or higher level, or the end."""
    for line in lines[idx + 1 :]:
        raw = view[line.start : line.end]
        if raw.strip() and _ends_project(view, raw):
            return line.start
        if raw.strip() and re.match(r"^\s*(#{1,6}\s*)?[一二三四五六七八九十]+、", raw) and looks_like_heading(raw, 40):
            return line.start
    return len(view)
