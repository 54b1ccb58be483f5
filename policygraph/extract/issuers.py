"""Issuers: recognising organisation names around a citation and their level.

Three places name an issuer in the text (all give ``issuer_from="text"``):

* inside the title: 《国务院办公厅关于改革完善博士后制度的意见》 (names before 关于);
* before the title or number: 人力资源社会保障部 财政部《…》, 国务院办公厅下发《…》,
  经国家人事部（国人部发[2006]53号）批准;
* after the title in reference lists: 《…》，中共中央，国务院，2022年6月.

Names come from ``data/issuers.tsv`` (known names, longest first) or a generic
organisation shape (a short run of characters ending in 部/委/局/办公厅/政府/协会 …)
for names not listed. Several issuers are joined with "、" in the order written.
Levels come from the table or, for unlisted names, from ``data/issuer_levels.tsv``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple, Optional

from .cite_data import read_table

JOIN = "、"

_GENERIC_SUFFIX = (
    r"(?:人民政府办公厅|人民政府办公室|人民政府|政府办公厅|政府办公室|政府|办公厅|办公室|常务委员会|委员会|管委会|"
    r"街道办事处|办事处|领导小组|工作小组|协调小组|推进委员会|总局|中心|科协|协会|学会|联合会|总工会|工会|妇联|残联|团委|中央|国务院|部|委|局|厅|署|院|(?<=[委府区市县])办)"
)
#: an organisation name not in the table: a short run ending in an organisation suffix;
#: list words (以及, 及, 与, 等) and particles never occur inside one
_GENERIC_NAME = rf"(?:(?!以及|及|与|等|的|了)[\u3400-\u9fff]){{1,16}}?{_GENERIC_SUFFIX}"
#: separators between joint issuers
_SEP = r"[、,，\s　]*(?:和|与|及|以及|会同|协同|联合)?[、\s　]*"
#: "and others" after the named issuers: 教育部等十八部门《…》, 国家卫生健康委等六部门，… (not an issuer)
_OTHERS = r"(?:等[一二三四五六七八九十两0-9]{0,3}个?(?:部门|部委|单位|委办局|家单位))"
#: verbs and connectors between an issuer and the title it issued
_VERB = r"(?:每年|先后|近年来|近年|陆续|多次|第[一二三四五六七八九十]+轮|新一轮)?(?:联合|共同)?(?:印发|下发|发布|出台|制订|制定|颁布|发文通知|发文|审议通过|表决通过|通过|批准|同意)?(?:了|的)?(?:关于)?"
#: prose that may precede an issuer inside the window (removed from generic names)
_PROSE_WORDS = (
    r"根据|依据|按照|依照|参照|遵照|贯彻落实|贯彻|落实|执行|结合|推动|围绕|基于|通过|经过|其中|同时|先后|"
    r"要求|提出|认真|进一步|是|为|在|由|对|向|将|即|见|并|又|已|均|也"
)
#: inside a title, a verb before a second name ends the issuers (…办公厅转发市发展改革委关于…)
_PROSE = re.compile(rf"^.*(?:{_PROSE_WORDS}|转发|批转|印发)")
_PROSE_ANYWHERE = re.compile(_PROSE_WORDS + r"|借鉴|参考|参阅|学习|对标|比照|仿照|援引|引用")
#: prose inside a generic name (并按照区委, 借鉴天津市人民政府): not an organisation name
_PROSE_IN_NAME = re.compile(
    r"根据|依据|按照|依照|参照|遵照|贯彻|落实|执行|结合|推动|围绕|基于|通过|经过|其中|同时|要求|提出|借鉴|参考|学习|对标|比照|^[并和及与或]"
)
_BOUNDARY = re.compile(r"[，,。；;：:\r\n（）()“”\"《》〈〉<>【】\[\]a-zA-Z\-—_·•…!！?？]|[0-9０-９]+[年月日号]?")


@lru_cache(maxsize=1)
def _known() -> dict[str, str]:
    return {row[0]: (row[1] if len(row) > 1 else "unknown") for row in read_table("issuers.tsv")}


@lru_cache(maxsize=1)
def _level_rules() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(row[0]), row[1]) for row in read_table("issuer_levels.tsv"))


@lru_cache(maxsize=1)
def _org_regex() -> re.Pattern:
    known = "|".join(re.escape(n) for n in sorted(_known(), key=len, reverse=True))
    one = rf"(?:{known}|{_GENERIC_NAME})"
    return re.compile(rf"(?P<orgs>{one}(?:{_SEP}{one})*)")


@lru_cache(maxsize=1)
def _org_at_end() -> re.Pattern:
    return re.compile(_org_regex().pattern + rf"\s*{_OTHERS}?\s*{_VERB}\s*$")


@lru_cache(maxsize=1)
def _one_org() -> re.Pattern:
    known = "|".join(re.escape(n) for n in sorted(_known(), key=len, reverse=True))
    return re.compile(rf"{known}|{_GENERIC_NAME}")


def known_prefix(text: str) -> Optional[str]:
    """The longest known issuer name ``text`` starts with."""
    by_first, empty = _known_by_first_char()
    for name in by_first.get(text[:1], empty):
        if text.startswith(name):
            return name
    return None


@lru_cache(maxsize=1)
def _known_by_first_char() -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """The known names (longest first) by their first character, so a text is tried only against
    the names it can start with; and the empty name if one is known (it starts every text: last in every list)."""
    names = _known_longest_first()
    empty = tuple(n for n in names if not n)
    by_first: dict[str, list[str]] = {}
    for name in names:
        if name:
            by_first.setdefault(name[0], []).append(name)
    return {first: tuple(group) + empty for first, group in by_first.items()}, empty


def level_of(name: Optional[str]) -> Optional[str]:
    """Level of an issuer (the first of joint issuers decides)."""
    if not name:
        return None
    first = name.split(JOIN)[0]
    known = _known().get(first)
    if known:
        return known
    for pattern, level in _level_rules():
        if pattern.search(first):
            return level
    return "unknown"


def split_orgs(text: str) -> list[str]:
    """Split a run of joint issuer names into names (known names first, then the generic shape)."""
    return _split_orgs(text)[0]


def orgs_only(text: str) -> Optional[list[str]]:
    """The names when ``text`` is nothing but issuer names and separators, else None."""
    names, complete = _split_orgs(text)
    return names if names and complete else None


def _split_orgs(text: str) -> tuple[list[str], bool]:
    text = re.sub(r"[\s　]+", " ", text).strip()
    names: list[str] = []
    pos = 0
    one = _one_org()
    sep = re.compile(_SEP)
    while pos < len(text):
        m = sep.match(text, pos)
        if m and m.end() > pos:
            pos = m.end()
            continue
        m = one.match(text, pos)
        if not m:
            break
        name = m.group(0)
        attached = bool(names) and text[pos - 1:pos] not in "、,， 　和与及"
        if attached and (name in _SUFFIX_WORDS or _sub_organ(names[-1], name)):
            names[-1] += name  # 中国科协 + 办公厅, 中央军委 + 国防动员部 written together: one office
        else:
            names.append(name)
        pos = m.end()
        others = _OTHERS_RE.match(text, pos)
        if others:
            pos = others.end()  # 教育部等十八部门: the others are not named
    return names, pos >= len(text)


_OTHERS_RE = re.compile(rf"\s*{_OTHERS}")
_PLACE_START = re.compile(r"[\u3400-\u9fff]{1,6}?[省市区县]|中共|中国|中华|全国|国家|国务院")


def _sub_organ(parent: str, name: str) -> bool:
    """A generic name written right after a known one is its sub-organ (中央军委国防动员部),
    unless it starts like an organisation of its own (上海市…, 国家…, 中共…)."""
    return (
        parent in _known()
        and name not in _known()
        and not _PLACE_START.match(name)
        and _clean_generic(name) == name
        and _plausible(name)
    )


@lru_cache(maxsize=1)
def _known_longest_first() -> tuple[str, ...]:
    return tuple(sorted(_known(), key=len, reverse=True))


#: 经 before a name is the verb (经杭州市政府批准, 经区政府同意), never the name's first
#: character when a place or a national organ follows (经济和信息化委员会, 经信委 keep it)
_JING = re.compile(r"^经(?!济|费|营|贸|信)(?=中共|国家|国务院|中央|全国|[\u3400-\u9fff]{0,6}?[省市区县])")


def _clean_generic(name: str) -> str:
    """A generic match without the prose before it: 根据国家科技部 -> 国家科技部, 经国家人事部 -> 国家人事部."""
    if name in _known():
        return name
    m = _PROSE.match(name)
    if m:
        name = name[m.end():]
    name = _JING.sub("", name)
    if name in _known():
        return name
    for known in _known_longest_first():
        if name.endswith(known) and 0 < len(name) - len(known) <= 2:
            if known[0] in "市区县省州" and len(name) - len(known) == 2:
                return name  # 广州市政府 is not 市政府 (Shanghai's): the two characters name the place
            return known
    return name


class Issuers(NamedTuple):
    """Issuers found in the text: where the first name starts, the names joined with "、",
    and whether they stand right next to the title/number (else a date sits between)."""

    start: int
    names: str
    adjacent: bool = True


_DATE_VERB_AT_END = re.compile(
    r"(?:于)?[0-9０-９]{4}[ \t\u3000]*年(?:[0-9０-９]{1,2}月)?(?:[0-9０-９]{1,2}日)?(?:审批通过|批准|发布|印发|出台|下发|颁布|制定|制订)[的了]?[ \t\u3000]*$"
)
_PASSED_AT_END = re.compile(r"(?:审议通过|表决通过|通过|批准)[的了]?[ \t\u3000]*$")
_SUFFIX_WORDS = ("办公厅", "办公室", "党组", "党委", "常委会", "常务委员会", "组织部", "宣传部")


_LINE_BREAK_CHAR = re.compile(r"[\r\n]")


def _joined_window(text: str, lo: int, pos: int) -> tuple[str, list[int]]:
    """text[lo:pos] with line wraps removed (a break after a long line is a wrap, not an
    end of paragraph), and the original offset of every kept character. The kept text is
    gathered as runs (a run of characters up to a break is kept whole), not character by character."""
    if "\n" not in text[lo:pos] and "\r" not in text[lo:pos]:
        return text[lo:pos], list(range(lo, pos))
    parts: list[str] = []
    offsets: list[int] = []
    i = lo
    search = _LINE_BREAK_CHAR.search
    while i < pos:
        brk = search(text, i, pos)
        stop = brk.start() if brk else pos
        if stop > i:  # the characters up to the next line break, kept as they are
            parts.append(text[i:stop])
            offsets.extend(range(i, stop))
            i = stop
            continue
        ch = text[i]
        line_start = text.rfind("\n", 0, i) + 1
        nxt = i + 1
        while nxt < pos and text[nxt] in "\r\n":
            nxt += 1
        blank = text.count("\n", i, nxt) > 1
        if not blank and (i - line_start) >= 30:
            while parts:  # the blanks before the wrap go with it
                last = parts[-1]
                kept = last.rstrip(" \t\u3000")
                if len(kept) < len(last):
                    del offsets[len(offsets) - (len(last) - len(kept)) :]
                if kept:
                    parts[-1] = kept
                    break
                parts.pop()
            i = nxt
            while i < pos and text[i] in " \t\u3000":
                i += 1
            continue
        parts.append(ch)
        offsets.append(i)
        i += 1
    return "".join(parts), offsets


def orgs_before(text: str, pos: int, *, window: int = 48) -> Optional[Issuers]:
    """Issuers written right before ``pos`` (a 《, a number's bracket, a 关于)."""
    lo = max(0, pos - window)
    left, offsets = _joined_window(text, lo, pos)
    adjacent = True
    m = _DATE_VERB_AT_END.search(left)
    if m:
        left, offsets, adjacent = left[: m.start()], offsets[: m.start()], False
    else:
        m = _PASSED_AT_END.search(left)
        if m:  # 市人民代表大会常务委员会通过的《…条例》: 通过 is the issuing verb here, not prose
            left, offsets = left[: m.start()], offsets[: m.start()]
    cut = 0
    for b in _BOUNDARY.finditer(left):
        cut = b.end()
    for b in _PROSE_ANYWHERE.finditer(left, cut):
        cut = b.end()
    left = left[cut:]
    if len(left) < 2:
        return None
    m = _org_at_end().search(left)
    if not m:
        return None
    names = [_clean_generic(n) for n in split_orgs(m.group("orgs"))]
    names = [n for n in names if len(n) >= 2 and _plausible(n)]
    if not names:
        return None
    first = left.find(names[0], m.start())
    start = offsets[cut + first]
    if _ends_previous_item(text, start, offsets[cut + m.end("orgs") - 1] + 1, pos):
        return None
    return Issuers(start, JOIN.join(names), adjacent)


#: a reference-list item's issuers after its title (or bracketed number): 《…》，中共中央，
_AFTER_ITEM = re.compile(r"[》）)][ \t　]*[，,](?:[^，,。；;\r\n《》]{1,30}[，,、])*[ \t　]*$")


def _ends_previous_item(text: str, start: int, end: int, pos: int) -> bool:
    """Reference lists: 《A》，国务院⏎《B》 — names that end their line after an item's title and
    a comma (nothing but the line break between them and ``pos``) are A's issuers, not B's."""
    between = text[end:pos]
    if "\n" not in between or between.strip(" \t　\r\n"):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_AFTER_ITEM.search(text, line_start, start))


_NOT_ORG_ENDINGS = ("干部", "内部", "外部", "全部", "局部", "各部", "总部", "俱乐部", "主办", "承办", "协办", "督办", "举办", "创办", "开办", "会议", "学院", "医院", "剧院", "法院")


def _plausible(name: str) -> bool:
    """Reject generic matches that are prose ending in a suffix character (本部, 该局, 干部)."""
    if name in _known():
        return True
    if _PROSE_IN_NAME.search(name):
        return False
    if name.endswith(_NOT_ORG_ENDINGS) and not name.endswith(("人民法院", "科学院", "工程院", "研究院", "设计院")):
        return False
    return len(name) >= 3 and not name.startswith(("本", "该", "各", "我", "其", "此", "全", "总", "等"))


def orgs_in_title(title: str) -> Optional[str]:
    """Issuers named at the start of a title before 关于: 国务院办公厅关于… -> 国务院办公厅.

    The names must start the title; prose after them (上海市人民政府贯彻国务院关于…)
    ends the list.
    """
    i = title.find("关于")
    if i < 2:
        return None
    names = []
    for name in split_orgs(title[:i]):
        if _clean_generic(name) != name or not _plausible(name):
            break
        names.append(name)
    if not names or not title.startswith(names[0]):
        return None
    return JOIN.join(names)


#: a suffix character and the next one forming a word: the name was cut inside that word
_WORDS_ACROSS_SUFFIX = frozenset(
    ("部门", "部分", "部署", "部件", "部位", "局面", "局部", "会议", "会员", "会展", "会计", "会同", "院校", "院所", "委托", "委员", "厅堂", "署名", "办法", "办理", "中心")
)
_STRONG_SUFFIX = re.compile(r"(?:委员会|人民政府|办公厅|办公室|协会|科协|局|部)$")


def org_at_title_start(title: str) -> Optional[str]:
    """The organisation a title without 关于 starts with: 《上海市科学技术协会星级学会管理办法》
    -> 上海市科学技术协会 (its own rules). Known names, or a generic name with a strong
    organisation suffix; a place (上海市…) is not an organisation."""
    name = known_prefix(title)
    if name is None:
        m = re.match(_GENERIC_NAME, title)
        if not m or not _STRONG_SUFFIX.search(m.group(0)) or not _plausible(m.group(0)):
            return None
        name = m.group(0)
        if "关于" in name or _clean_generic(name) != name or name.startswith(("关于", "加强", "推进", "进一步", "贯彻", "落实", "实施", "促进")):
            return None
    rest = title[len(name):]
    if len(rest) < 2 or rest.startswith(("关于", "、", "，", " ")):
        return None  # 关于 titles and joint issuers are read by orgs_in_title
    if rest[0] in "部局委厅办":
        return None  # 中国科协办… : the name goes on, it was cut short
    if name[-1] + rest[0] in _WORDS_ACROSS_SUFFIX:
        return None  # 《闵行区区级部门预算管理办法》: 部门 is a word, 闵行区区级部 no organisation
    return name


_REFERENCE_COMMA = re.compile(r"[ \t　]*[，,][ \t　]*(?:\r?\n[ \t　]*)?")
_WRAP = re.compile(r"\r?\n(?![ \t　]*\r?\n)[ \t　]*")


#: the next item of a list starts on the next line: 《…, （3）, 3., 三、
_NEXT_ITEM = re.compile(r"\r?\n[ \t　]*(?=[《〈]|[（(]?\d{1,2}[)）.．、]|[一二三四五六七八九十]+、)")
#: what may follow the issuers of a reference-list item: its end, a date, a number
_ITEM_TAIL = re.compile(r"[ \t　]*(?:$|[；;。]|(?:19|20)\d\d[ \t　]*年|[^，,；;。《》]{0,24}?号)")
#: an English translation in brackets after a title (bilingual documents)
ENGLISH_NOTE = re.compile(r"[ \t　]*[（(][ \t　]*[A-Za-z][^（）()\r\n]{0,200}[)）]")


def orgs_after(text: str, pos: int) -> Optional[str]:
    """Reference-list style: 《…》，上海市政府，2022年7月 / 《…》，中共中央，国务院，国发〔2005〕44号.

    Takes the comma-separated segments after ``pos`` while each one is wholly made of
    issuer names; needs at least one, and the names must end the item (its end, a date or
    a number follow them: 《…》，市科委、市财政局负责实施 names no issuer). An English
    translation in brackets may stand between the title and the comma.
    """
    note = ENGLISH_NOTE.match(text, pos)
    if note:
        pos = note.end()
    m = _REFERENCE_COMMA.match(text, pos)
    if not m:
        return None
    # the item goes on across line wraps (…，人社部、\n财政部，人社部发…), never across a blank
    # line or into the next item (…，四川省人民政府办公厅\n《…》)
    window = text[m.end(): m.end() + 120]
    nxt = _NEXT_ITEM.search(window)
    rest = _WRAP.sub("", window[: nxt.start()] if nxt else window).split("\n", 1)[0]
    names: list[str] = []
    tail = rest
    for k, segment in enumerate(re.finditer(r"[^，,、]+", rest)):
        found = orgs_only(segment.group(0))
        if k >= 6 or not found or not all(_plausible(n) for n in found):
            break
        names.extend(found)
        tail = rest[segment.end():].lstrip("，,、")
    if not names or not _ITEM_TAIL.match(tail):
        return None
    return JOIN.join(names)
