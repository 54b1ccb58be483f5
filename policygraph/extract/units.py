"""Budget units (机构设置) and organisation names (实施主体 → implementing unit).

An implementing unit is an *organisation*: a unit listed under 机构设置, the
department, a name the document introduced with 以下简称, or a name ending in an
organisation suffix (中心, 研究所, 报社 …, see ``structure_data/org_suffixes.txt``).
Internal divisions (综合活动部, 创新服务处) are never returned; when a division is
named after its organisation ("上海科技馆信息中心") the organisation is.
Nothing is invented: every name returned is read from the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from . import vocab
from .models import Unit
from .text import Line, compact, fold, locate_compact, looks_like_heading, strip_span

# "1. 上海科学技术交流中心", "　　1．上海市科普事业中心", "（1）…", "- 2、…"
_UNIT_ITEM = re.compile(r"^[ \t]*(?:[-*•][ \t]+)?(?:\d+[ \t]*[.、)]|\(\d+\))[ \t]*(?P<name>[^\s。；;，,].*?)[ \t]*[；;。,，]?[ \t]*$")
_UNIT_KIND_WORDS = {"行政单位": "administrative", "事业单位": "public_institution", "参公事业单位": "public_institution"}
_KIND_MARK = re.compile(r"\((?P<kind>行政单位|事业单位|参公事业单位)\)\s*$")
_KIND_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|\(\w+\))?\s*(?P<kind>行政单位|事业单位|参公事业单位)\s*(?:\d+\s*家)?\s*[:：]?\s*$")
_ALIAS = re.compile(r"\(以下简称[:：]?\s*[“\"「『]?(?P<alias>[^”\"」』)]{1,12})[”\"」』]?\)")
_PAREN = re.compile(r"\(([^()]{2,40})\)")


# "二、部门机构设置", "二、部门预算单位构成", "（二）预算单位构成"
_UNITS_HEADING = re.compile(r"机构设置|单位构成|部门构成|预算单位(?:情况|范围)?\s*$")


def parse_units(view: str, src: str, lines: list[Line], span_of) -> tuple[Unit, ...]:
    """Units listed (numbered, or in a sentence) after a 机构设置 / 预算单位构成 heading (names as written in ``src``)."""
    out: list[Unit] = []
    for i, line in enumerate(lines):
        text = view[line.start : line.end]
        if not _UNITS_HEADING.search(text) or not looks_like_heading(text, 40):
            continue
        items = _units_after(view, src, lines, i + 1, span_of)
        if items:
            out.extend(items)
            break  # the first 机构设置 with a list (the table of contents has none)
    return tuple(out)


def _units_after(view: str, src: str, lines: list[Line], first: int, span_of) -> list[Unit]:
    units: list[Unit] = []
    inline: list[Unit] = []
    kind: Optional[str] = None
    seen_prose = 0
    for line in lines[first:]:
        text = view[line.start : line.end]
        if not text.strip():
            continue
        heading = _KIND_HEADING.match(text)
        if heading:
            kind = _UNIT_KIND_WORDS[heading.group("kind")]
            continue
        m = _UNIT_ITEM.match(text)
        if m and len(compact(m.group("name"))) <= 60 and not compact(m.group("name")).endswith("表"):
            start, end = line.start + m.start("name"), line.start + m.end("name")
            name_text = view[start:end]
            this_kind = kind
            mark = _KIND_MARK.search(name_text)
            if mark:
                this_kind = _UNIT_KIND_WORDS[mark.group("kind")]
                end = start + mark.start()
                name_text = view[start:end].rstrip()
                end = start + len(name_text)
            units.append(Unit(name=compact(src[start:end]), span=span_of(start, end), kind=this_kind))
            continue
        if units:
            break  # the list is over
        if re.match(r"^\s*(?:[-*•]\s*)?[一二三四五六七八九十]+、", text):
            break  # the next heading of a table of contents: no list here
        if not inline:
            inline = _inline_units(view, src, line.start, span_of, kind)
        seen_prose += 1
        if seen_prose > 3:
            break
    return units or inline


# "具体包括：上海市某某局本部、上海市某某中心和上海市某某所。" (a list in the sentence, not numbered);
# "包括本部及所属4家预算单位：A、B、C。" (the list after the colon); "由局本级和A、B2家单位组成。"
_INLINE_LIST = re.compile(
    r"(?:包括(?:[^:：。;；\n]{0,20}[:：])?|由)\s*(?P<list>[^。;；]{4,2000}?)"
    r"(?:等?(?:共)?(?:\d+|[一二三四五六七八九十]+)(?:家|个)[^。;；]{0,12}?组成|。|$)"
)
_ITEM_SPLIT = re.compile(r"[、，,]")
_JOIN = re.compile(r"以及|和|及|与")
# "…中心等事业单位", "…中心等12家预算单位": the list's tail is no part of the last name
_LIST_TAIL = re.compile(r"等(?:\d+|[一二三四五六七八九十]+)?(?:家|个)?[^、，,]{0,8}?单位$")
_OWN_PARTS = ("本部", "机关", "本级")
# "上海市嘉定区科学技术委员会（本级）": the department's own part, marked in brackets
_OWN_PART_NOTE = re.compile(r"[(（](?:本部|机关|本级)[)）]$")


def _inline_units(view: str, src: str, start: int, span_of, kind: Optional[str]) -> list[Unit]:
    stop = min(len(view), start + 2000)
    for k in re.finditer("包括|由", view[start:stop]):  # each cue (lists may follow a later one)
        m = _INLINE_LIST.match(view, start + k.start(), stop)
        units = _list_units(view, src, m, span_of, kind) if m else []
        if units:
            return units
    return []


def _list_pieces(view: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """(start, end) of the items of a list: split at 、 and commas, and at 和/及/与 only where the
    part before ends like an organisation ("人力资源和社会保障局" keeps its 和)."""
    pieces = []
    pos = lo
    for m in list(_ITEM_SPLIT.finditer(view, lo, hi)) + [None]:
        end = m.start() if m else hi
        s = pos
        for j in _JOIN.finditer(view, s, end):
            left = compact(view[s:j.start()])
            if left.endswith(vocab.org_suffixes()) or left.endswith(_OWN_PARTS):
                pieces.append((s, j.start()))
                s = j.end()
        pieces.append((s, end))
        pos = m.end() if m else hi
    return pieces


def _list_units(view: str, src: str, m: re.Match[str], span_of, kind: Optional[str]) -> list[Unit]:
    units: list[Unit] = []
    for s, e in _list_pieces(view, m.start("list"), m.end("list")):
        s, e = strip_span(view, s, e)
        tail = _LIST_TAIL.search(compact(view[s:e]))
        if tail:
            e = locate_compact(view, s, e, compact(view[s:e])[: tail.start()])[1]
        if compact(view[s:e]).startswith("所属"):
            s = locate_compact(view, s, e, "所属")[1]
        s, e = strip_span(view, s, e)
        name = compact(src[s:e])
        own = (name.endswith(_OWN_PARTS) or bool(_OWN_PART_NOTE.search(name))) and len(name) >= 3
        if not (3 <= len(name) <= 40) or not (own or len(name) >= 4 and _ends_with_org_suffix(name)):
            return []  # every item must be an organisation, or this is no list of units
        units.append(Unit(name=name, span=span_of(s, e), kind=kind))
    return units if len(units) >= 2 else []


# ---------------------------------------------------------------------------
# organisation names


@dataclass(frozen=True)
class OrgMention:
    name: str  # the organisation, as written (or the full name an alias stands for)
    start: int
    end: int


class OrgIndex:
    """Known organisation names of one document and a finder for organisation mentions."""

    def __init__(self, names: Iterable[str], aliases: dict[str, str], src: str = ""):
        self.src = src
        known: dict[str, str] = {}  # folded spelling -> the name as written
        for name in names:
            if not name:
                continue
            folded = fold(name)
            known[folded] = name
            main = _PAREN.sub("", folded)
            if main and main != folded:
                known.setdefault(main, name)  # "上海市科技创新服务中心" for "…中心（…资料馆）"
            for inner in _PAREN.findall(folded):
                if _ends_with_org_suffix(inner):
                    known.setdefault(inner, name)
        for alias, full in aliases.items():
            known.setdefault(fold(alias), known.get(fold(full), full))
        self.known = known
        self._starts = _start_pattern(places_of(known))
        self._by_length = sorted(known, key=len, reverse=True)
        self._known_re = re.compile("|".join(re.escape(k) for k in sorted(known, key=len, reverse=True))) if known else None

    def mentions(self, view: str, start: int, end: int) -> list[OrgMention]:
        """Organisation mentions in ``view[start:end]``, left to right, not overlapping."""
        found: list[OrgMention] = []
        taken: list[tuple[int, int]] = []
        generic = list(_generic_orgs(view, start, end, self._starts))
        longer = {s: e for s, e in generic}
        if self._known_re is not None:
            for m in self._known_re.finditer(view, start, end):
                if view[m.start() - 1 : m.start()] == "各":
                    continue  # "各社区卫生服务中心": every one of a kind, not the one listed
                e = longer.get(m.start(), m.end())
                if e > m.end() and self._known_prefix(compact(view[m.start():e])) is None:
                    continue  # "浙江省教育厅教师教育院": the institution, not the 厅 its name starts with
                found.append(OrgMention(self.known[m.group()], m.start(), m.end()))
                taken.append((m.start(), m.end()))
        for s, e in generic:
            if any(s < te and ts < e for ts, te in taken):
                continue
            name = compact(view[s:e])
            prefix = self._known_prefix(name)
            found.append(OrgMention(prefix or compact((self.src or view)[s:e]), s, e))
        found.sort(key=lambda m: m.start)
        return found

    def _known_prefix(self, name: str) -> Optional[str]:
        """The known organisation a longer name starts with ("上海科技馆运维中心" is run by
        上海科技馆) — except an administrative organ's own institution: "浙江省教育厅教师教育院",
        "北京市文化和旅游局信息中心" are budget units of their own beside the 厅/局."""
        for k in self._by_length:
            if name.startswith(k):
                rest = name[len(k):]
                if k.endswith(_ORGANS) and len(rest) >= 3 and _ends_with_org_suffix(rest) and not _ends_with_division(rest):
                    return None
                return self.known[k]
        return None


#: endings of administrative organs (a department, not an institution under it)
_ORGANS = ("局", "厅", "委员会", "委", "办公室", "人民政府")


def find_aliases(view: str, src: str, known: Iterable[str]) -> dict[str, str]:
    """``X（以下简称“Y”）`` where X is an organisation: Y -> X (names as written)."""
    by_view = {fold(k): k for k in known}
    known = sorted(by_view, key=len, reverse=True)
    out: dict[str, str] = {}
    for m in _ALIAS.finditer(view):
        before = view[max(0, m.start() - 40) : m.start()]
        full = next((by_view[k] for k in known if before.endswith(k)), None)
        if full is None:
            spans = list(_generic_orgs(before, 0, len(before)))
            if spans and spans[-1][1] == len(before):
                offset = max(0, m.start() - 40)
                full = compact(src[offset + spans[-1][0] : m.start()])
        alias = compact(src[m.start("alias") : m.end("alias")])
        # "（以下简称“中心”）" names a generic word, not a usable alias
        if full and len(alias) >= 2 and alias not in vocab.org_suffixes() and not re.fullmatch(r"(本|我|该)?(中心|单位|部门|机构|协会|学会)", alias):
            out.setdefault(alias, full)
    return out


_CJK = "\u4e00-\u9fff"


def _start_pattern(places: Iterable[str] = ()) -> re.Pattern[str]:
    """Where an organisation name can start: a place (``place_prefixes.txt`` and the document's
    own places) or a national prefix; a bare 区/市/县 before three more characters."""
    words = sorted(set(vocab.place_prefixes()) | set(places), key=len, reverse=True)
    return re.compile("(" + "|".join(re.escape(w) for w in words) + r"|[区市县](?=[\u4e00-\u9fff]{3}))")


_ORG_START = _start_pattern()
# "南京市江宁区科学技术局" -> 南京市, 南京市江宁区, 江宁区: the places a document's own names start with
_PLACE = re.compile(r"^(?P<city>[\u4e00-\u9fff]{2,3}?[省市])(?P<district>[\u4e00-\u9fff]{2,4}?[区县])?")


def places_of(names: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for name in names:
        m = _PLACE.match(name or "")
        if not m:
            continue
        out.add(m.group("city"))
        if m.group("district"):
            out.update((m.group("city") + m.group("district"), m.group("district")))
    return out
_STOP_CHARS = set("由是为和与及的在将于对向把被从、，,。；;：:\n “”\"'《》")


def _ends_with_org_suffix(name: str) -> bool:
    return name.endswith(vocab.org_suffixes()) or bool(_NATIONAL_OFFICE.match(name))


#: a national office is an organisation (国家科学技术奖励工作办公室, 全国哲学社会科学工作办公室), where
#: "办公室" alone is an internal division (局办公室)
_NATIONAL_OFFICE = re.compile(r"^(?:国家|全国|中国|中央)[\u4e00-\u9fff]{3,20}办公室$")


def _generic_orgs(view: str, start: int, end: int, starts: Optional[re.Pattern[str]] = None) -> Iterable[tuple[int, int]]:
    """Spans of names that end in an organisation suffix and start at a place/national prefix.

    "上海市各区卫生健康委员会", "浦东新区各社区卫生服务中心" name a kind of body (各…), not
    one organisation: never returned."""
    starts = starts or _ORG_START
    for m in starts.finditer(view, start, end):
        s = m.start()
        if s > start and view[s - 1] in _CJK_SET_CACHE:
            # a prefix inside a longer word ("驻上海"): only accept when preceded by a stop char
            if view[s - 1] not in _STOP_CHARS:
                continue
        # extend right over name characters up to a stop
        e = s
        limit = min(end, s + 40)
        short_prefix = len(m.group()) == 1  # "区…", "市…": a bare prefix, names stay simple
        while e < limit and view[e] not in _STOP_CHARS_RIGHT:
            if view[e] in "和及与" and (short_prefix or view[e + 1 : e + 2] == "各" or starts.match(view, e + 1)):
                break  # "上海自然博物馆和上海天文馆", "上海市体育局及各区体育局": two organisations
            e += 1
        chunk = view[s:e]
        best = None
        for i in range(len(chunk), 1, -1):
            piece = chunk[:i]
            if _ends_with_org_suffix(piece) and not _ends_with_division(piece):
                best = i
                break
        # "市协会" is too little of a name for an organisation; "浙江大学" after a place is enough
        if best and best >= (5 if short_prefix else 4) and "各" not in chunk[:best]:
            yield s, s + best


_CJK_SET_CACHE = frozenset(chr(c) for c in range(0x4E00, 0xA000))
_STOP_CHARS_RIGHT = set("、，,。；;：:\n “”\"'《》")


def _ends_with_division(name: str) -> bool:
    return name.endswith(vocab.division_suffixes()) and not _NATIONAL_OFFICE.match(name)


# "综合服务部、技术部组织现场调查…由宣传推广部牵头…": an internal division acting on the project
# (every name of the list before the verb must end like a division; a list is joined by 、/及/和/与)
_DIVISION_ACTOR = re.compile(
    r"(?:^|(?<=[由，,。；;\s]))(?P<names>[\u4e00-\u9fff]{2,12}?(?:[、及和与][\u4e00-\u9fff]{2,12}?)*)"
    r"(?=牵头|负责|组织|具体|实施|承担|共同|协调|配合)"
)


def names_divisions(view: str, start: int, end: int) -> bool:
    """True when the text names an internal division (综合服务部, 创新服务处 …) as an actor.

    When a 实施主体 section names divisions and no organisation, the project is run inside the
    department by those divisions: there is no implementing unit to report, and the
    organisations other sections happen to mention are not it.
    """
    for m in _DIVISION_ACTOR.finditer(view, start, end):
        names = re.split(r"[、及和与]", m.group("names"))
        if all(len(n) >= 3 and _ends_with_division(n) and not _ends_with_org_suffix(n) for n in names):
            return True
    return False


# "上海市各区卫生健康委员会、社区卫生服务中心", "各区县民政局": several bodies or a kind of body
_LIST_OR_KIND = re.compile(r"[、，,;；]|各")
_STRONG = ("具体实施", "负责实施", "组织实施", "实施主体", "实施单位", "承担单位", "实施")
_MEDIUM = ("负责", "牵头", "承担", "承办", "承接", "依托", "主办")
_TITLE_MARKS = re.compile(r"《[^《》]*》")
_NEGATIVE = ("关于", "印发", "指导", "主管", "领导", "监管", "监督", "决策主体", "合作", "委托", "协办", "支持", "合并", "分管")
# Wrapped lines split sentences anywhere: clauses end at punctuation only.
_CLAUSE_END = "，,。；;：:"


def implementing_unit(view: str, start: int, end: int, orgs: OrgIndex, *, known_only: bool = False) -> Optional[OrgMention]:
    """The organisation that implements a project, read from its 实施主体 text.

    Each organisation mentioned scores by the clause it sits in: "具体实施"/"实施" beats
    "负责"/"牵头"/"承接", an organisation that opens a paragraph ("上海市科学技术协会是…")
    is what the paragraph is about, and one followed by "指导"/"合作"/"委托" is not the
    implementer. A one-line body that is itself an organisation name is taken as written.
    In a long text where no organisation scores, there is no answer.
    """
    whole = compact(view[start:end]).rstrip("。.")
    if not known_only and 2 <= len(whole) <= 30 and "\n" not in view[start:end].strip() and _ends_with_org_suffix(whole) \
            and not _ends_with_division(whole) and not _LIST_OR_KIND.search(whole):
        found = orgs.mentions(view, start, end)
        if len(found) == 1 and compact(view[found[0].start:found[0].end]) == whole or not found:
            s, e = _strip(view, start, end)
            return OrgMention(found[0].name if found else whole, s, e)
    mentions = orgs.mentions(view, start, end)
    if known_only:
        mentions = [m for m in mentions if compact(view[m.start:m.end]) in orgs.known]
    if not mentions:
        return None
    long_text = len(whole) > 80
    best, best_score = None, -99.0
    for rank, m in enumerate(mentions):
        clause_start = _clause_start(view, start, m.start)
        clause_end = _clause_end(view, m.end, end)
        if _inside_title(view, clause_start, m.start):
            continue  # "《上海市科学技术协会星级学会管理办法》" names a document, not an implementer
        # "项目总负责人" is a person's role, not the verb 负责; "《…实施方案》" is a title, not the verb 实施
        clause = _TITLE_MARKS.sub("", compact(view[clause_start:clause_end]).replace("负责人", ""))
        # what directly follows the name ("…创新服务处指导", "…分管部门"), parentheses dropped
        after = re.sub(r"\([^()]*\)", "", compact(view[m.end:clause_end]).replace("负责人", ""))[:8]
        score = 0.0
        if any(w in clause for w in _STRONG):
            score += 3
        elif any(w in clause for w in _MEDIUM):
            score += 2
        elif known_only:
            continue  # outside 实施主体 a name counts only in a clause that says it does the work
        if _opens_paragraph(view, start, m.start):
            score += 1.5
        if not after.startswith(("是", "为")) and any(w in after for w in _NEGATIVE) and not any(w in after for w in _STRONG):
            score -= 4
        if long_text and score < 1:
            continue
        score -= rank * 0.01  # earlier wins ties
        if score > best_score:
            best, best_score = m, score
    # an organisation that only supervises, guides or commissions ("…负责监督管理") implements nothing
    return best if best_score > -1 else None


def _inside_title(view: str, clause_start: int, pos: int) -> bool:
    lo = max(0, min(clause_start, pos - 60))
    before = view[lo:pos]
    return before.rfind("《") > before.rfind("》")


def _strip(view: str, s: int, e: int) -> tuple[int, int]:
    while s < e and view[s].isspace():
        s += 1
    while e > s and (view[e - 1].isspace() or view[e - 1] in "。."):
        e -= 1
    return s, e


def _opens_paragraph(view: str, lo: int, pos: int) -> bool:
    """Only numbering/whitespace between the previous paragraph break (or body start) and pos."""
    i = pos
    while i > lo and view[i - 1] != "\n":
        i -= 1
    head = view[i:pos]
    return bool(re.fullmatch(r"[\s#]*(?:\d{1,2}[、.)]|[一二三四五六七八九十]+、|\(\d+\))?\s*", head)) and (i == lo or _blank_before(view, i))


def _blank_before(view: str, i: int) -> bool:
    j = i - 1
    while j > 0 and view[j - 1] in " \t\r":
        j -= 1
    return j > 0 and view[j - 1] == "\n"


def _clause_start(view: str, lo: int, pos: int) -> int:
    i = pos
    while i > lo and view[i - 1] not in _CLAUSE_END:
        i -= 1
    return i


def _clause_end(view: str, pos: int, hi: int) -> int:
    i = pos
    while i < hi and view[i] not in _CLAUSE_END:
        i += 1
    return i
