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
from .models import Span, Unit
from .text import Line, compact, looks_like_heading

# "1. 上海科学技术交流中心", "　　1．上海市科普事业中心", "（1）…", "- 2、…"
_UNIT_ITEM = re.compile(r"^[ \t]*(?:[-*•][ \t]+)?(?:\d+[ \t]*[.、)]|\(\d+\))[ \t]*(?P<name>[^\s。；;，,].*?)[ \t]*[；;。,，]?[ \t]*$")
_UNIT_KIND_WORDS = {"行政单位": "administrative", "事业单位": "public_institution", "参公事业单位": "public_institution"}
_KIND_MARK = re.compile(r"\((?P<kind>行政单位|事业单位|参公事业单位)\)\s*$")
_KIND_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|\(\w+\))?\s*(?P<kind>行政单位|事业单位|参公事业单位)\s*(?:\d+\s*家)?\s*[:：]?\s*$")
_ALIAS = re.compile(r"\(以下简称[:：]?\s*[“\"「『]?(?P<alias>[^”\"」』)]{1,12})[”\"」』]?\)")
_SPLIT_CLAUSE = re.compile(r"[，,。；;\n]")
_PAREN = re.compile(r"\(([^()]{2,40})\)")


def parse_units(view: str, lines: list[Line], span_of) -> tuple[Unit, ...]:
    """Units listed (numbered) after a 机构设置 heading."""
    out: list[Unit] = []
    for i, line in enumerate(lines):
        text = view[line.start : line.end]
        if "机构设置" not in text or not looks_like_heading(text, 40):
            continue
        items = _units_after(view, lines, i + 1, span_of)
        if items:
            out.extend(items)
            break  # the first 机构设置 with a list (the table of contents has none)
    return tuple(out)


def _units_after(view: str, lines: list[Line], first: int, span_of) -> list[Unit]:
    units: list[Unit] = []
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
            units.append(Unit(name=compact(name_text), span=span_of(start, end), kind=this_kind))
            continue
        if units:
            break  # the list is over
        if re.match(r"^\s*(?:[-*•]\s*)?[一二三四五六七八九十]+、", text):
            break  # the next heading of a table of contents: no list here
        seen_prose += 1
        if seen_prose > 3:
            break
    return units


# ---------------------------------------------------------------------------
# organisation names


@dataclass(frozen=True)
class OrgMention:
    name: str  # the organisation, as written (or the full name an alias stands for)
    start: int
    end: int


class OrgIndex:
    """Known organisation names of one document and a finder for organisation mentions."""

    def __init__(self, names: Iterable[str], aliases: dict[str, str]):
        known: dict[str, str] = {}
        for name in names:
            if not name:
                continue
            known[name] = name
            main = _PAREN.sub("", name)
            if main and main != name:
                known.setdefault(main, name)
            for inner in _PAREN.findall(name):
                if _ends_with_org_suffix(inner):
                    known.setdefault(inner, name)
        for alias, full in aliases.items():
            known.setdefault(alias, known.get(full, full))
        self.known = known
        self._known_re = re.compile("|".join(re.escape(k) for k in sorted(known, key=len, reverse=True))) if known else None

    def mentions(self, view: str, start: int, end: int) -> list[OrgMention]:
        """Organisation mentions in ``view[start:end]``, left to right, not overlapping."""
        found: list[OrgMention] = []
        taken: list[tuple[int, int]] = []
        if self._known_re is not None:
            for m in self._known_re.finditer(view, start, end):
                found.append(OrgMention(self.known[m.group()], m.start(), m.end()))
                taken.append((m.start(), m.end()))
        for s, e in _generic_orgs(view, start, end):
            if any(s < te and ts < e for ts, te in taken):
                continue
            name = compact(view[s:e])
            prefix = self._known_prefix(name)
            found.append(OrgMention(prefix or name, s, e))
        found.sort(key=lambda m: m.start)
        return found

    def _known_prefix(self, name: str) -> Optional[str]:
        for k in sorted(self.known, key=len, reverse=True):
            if name.startswith(k):
                return self.known[k]
        return None


def find_aliases(view: str, known: Iterable[str]) -> dict[str, str]:
    """``X（以下简称“Y”）`` where X is an organisation: Y -> X."""
    known = sorted(set(known), key=len, reverse=True)
    out: dict[str, str] = {}
    for m in _ALIAS.finditer(view):
        before = view[max(0, m.start() - 40) : m.start()]
        full = next((k for k in known if before.endswith(k)), None)
        if full is None:
            spans = list(_generic_orgs(before, 0, len(before)))
            if spans and spans[-1][1] == len(before):
                full = compact(before[spans[-1][0] :])
        alias = compact(m.group("alias"))
        # "（以下简称“中心”）" names a generic word, not a usable alias
        if full and len(alias) >= 2 and alias not in vocab.org_suffixes() and not re.fullmatch(r"(本|我|该)?(中心|单位|部门|机构|协会|学会)", alias):
            out.setdefault(alias, full)
    return out


_CJK = "\u4e00-\u9fff"
# Where an organisation name can start: a place or a national prefix.
_ORG_START = re.compile(r"(上海市|上海|中国|中共|中华|国家|全国|长三角|北京市|北京|浙江省|江苏省|安徽省)")
_STOP_CHARS = set("由是为和与及的在将于对向把被从、，,。；;：:\n “”\"'《》")


def _ends_with_org_suffix(name: str) -> bool:
    return any(name.endswith(s) for s in vocab.org_suffixes())


def _generic_orgs(view: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """Spans of names that end in an organisation suffix and start at a place/national prefix."""
    for m in _ORG_START.finditer(view, start, end):
        s = m.start()
        if s > start and view[s - 1] in _CJK_SET_CACHE:
            # a prefix inside a longer word ("驻上海"): only accept when preceded by a stop char
            if view[s - 1] not in _STOP_CHARS:
                continue
        # extend right over name characters up to a stop
        e = s
        limit = min(end, s + 40)
        while e < limit and view[e] not in _STOP_CHARS_RIGHT:
            if view[e] in "和及与" and _ORG_START.match(view, e + 1):
                break  # "上海自然博物馆和上海天文馆": two organisations
            e += 1
        chunk = view[s:e]
        best = None
        for i in range(len(chunk), 1, -1):
            piece = chunk[:i]
            if _ends_with_org_suffix(piece) and not _ends_with_division(piece):
                best = i
                break
        if best:
            yield s, s + best


_CJK_SET_CACHE = frozenset(chr(c) for c in range(0x4E00, 0xA000))
_STOP_CHARS_RIGHT = set("、，,。；;：:\n “”\"'《》")


def _ends_with_division(name: str) -> bool:
    return any(name.endswith(s) for s in vocab.division_suffixes())


_STRONG = ("具体实施", "负责实施", "组织实施", "实施主体", "实施单位", "承担单位", "负责项目具体实施", "实施")
_MEDIUM = ("负责", "牵头", "承担", "承办", "依托", "主办", "由")
_WEAK_NEGATIVE = ("指导", "主管", "领导", "监管", "决策主体", "合作", "委托", "协办", "支持")


def implementing_unit(view: str, start: int, end: int, orgs: OrgIndex) -> Optional[OrgMention]:
    """The organisation that implements a project, read from its 实施主体 text."""
    mentions = orgs.mentions(view, start, end)
    if not mentions:
        return None
    # A long narrative without any word saying who implements names organisations
    # in passing (partners, supervisors): better no unit than a wrong one.
    long_text = len(compact(view[start:end])) > 80
    best, best_score = None, -99
    for rank, m in enumerate(mentions):
        clause_start = max(start, _clause_start(view, start, m.start))
        clause_end = _clause_end(view, m.end, end)
        clause = view[clause_start:clause_end]
        after = view[m.end : clause_end]
        score = 0
        if any(w in clause for w in _STRONG):
            score += 3
        elif any(w in clause for w in _MEDIUM):
            score += 2
        if any(w in after for w in _WEAK_NEGATIVE) and not any(w in after for w in _STRONG):
            score -= 4
        score -= rank * 0.01  # earlier wins ties
        if long_text and score < 1:
            continue
        if score > best_score:
            best, best_score = m, score
    return best


def _clause_start(view: str, lo: int, pos: int) -> int:
    i = pos
    while i > lo and view[i - 1] not in "，,。；;\n":
        i -= 1
    return i


def _clause_end(view: str, pos: int, hi: int) -> int:
    m = _SPLIT_CLAUSE.search(view, pos, hi)
    return m.start() if m else hi
