"""From rule matches ("atoms") to citations: which title goes with which number and issuer.

The rules (``patterns/citations.jsonl``) only say where titles, numbers, laws and
untitled bases are. Here they are put together, in this order:

1. numbers: the issuer code trimmed out of the prose before it, list items
   (国科发火字（1994）304号和（2003）96号) given the code of the item before;
2. titles: outermost 《》 or an outer bare title around one (关于印发《A》的通知); a
   《》 holding only numbers becomes those numbers; unclosed 《 only where nothing closed
   starts; each title takes the number right after it (inside or outside （）, or after a
   reference-list issuer 《…》，国务院，国发〔2005〕44号) or else right before it
   (沪科党组合（2007）第011号文件《…》), and its issuer from the title, the text before
   it, a reference list after it, or the number's code — in that order;
3. numbers no title claimed: a bare title written before the number
   (民政部关于…的通知（民函〔2015〕28号）) or the number alone;
4. laws named without 《》, then untitled bases (instructions), where nothing else is.

Pure Python on (text, atoms); the spaCy component in ``cite_pipeline`` calls it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Optional

from . import docnumbers, issuers, normalize
from .models import DocNumber


@dataclass(frozen=True)
class Atom:
    """One rule match: label, rule id, confidence, offsets, and the named groups' offsets."""

    label: str
    rule: str
    confidence: float
    start: int
    end: int
    groups: dict = field(default_factory=dict, compare=False, hash=False)  # name -> (start, end)


@dataclass
class Found:
    """A citation before it becomes a models.Citation (offsets into the text)."""

    start: int
    end: int
    kind: str
    rule: str
    confidence: float
    is_policy: bool = True
    title: Optional[str] = None
    number: Optional[DocNumber] = None
    issuer: Optional[str] = None
    issuer_from: Optional[str] = None
    issuer_in_title: bool = False
    doc_type: Optional[str] = None
    level: Optional[str] = None
    year: Optional[int] = None
    cites: tuple[str, ...] = ()
    mention_of: Optional[str] = None  # magazine, meeting … for kind "mention"


@dataclass
class _Number:
    start: int
    end: int
    number: DocNumber
    rule: str
    confidence: float
    code_given: bool  # the code was written at this number (not inherited from a list)
    claimed: bool = False


@dataclass
class _Title:
    start: int  # the 《 (or the first character of an outer bare title)
    end: int  # after the 》 (or after the outer title's last character)
    raw: str  # the title as written (without the outer 《》)
    rule: str
    confidence: float
    cites: tuple[str, ...] = ()
    org: Optional[tuple[int, str]] = None  # issuer written inside an outer bare title


_GAP_AFTER = re.compile(r"[ \t\u3000]*(?:\r?\n[ \t\u3000]*)?[（(]?[ \t\u3000]*(?:\r?\n[ \t\u3000]*)?$")
_GAP_BEFORE = re.compile(r"^[ \t\u3000]*(?:文件|文)?[ \t\u3000]*$")
_LIST_GAP = re.compile(r"^[ \t\u3000]*(?:和|、|及|与|以及|,|，)[ \t\u3000]*$")
_NESTED = re.compile(r"[《〈<＜]([^《》〈〉<>＜＞]{1,160})[》〉>＞]")
_PRODUCED = re.compile(
    r"(?:完成|撰写|编写|编印|编撰|编纂|出版|印刷|形成|推出|征订|订阅|编辑|发行|拍摄|制作|创办|举办|召开|主办|播出|开设|参加|出席)"
    r"(?:了|的)?(?:[0-9一二两三四五六七八九十百]+(?:本|期|份|册|篇|部|套|个|集|场|届|次))?[、，\s]*$"
)
#: document types that are policies only when an issuer or number goes with them or they are
#: cited as a basis; otherwise reports a project writes
_REPORT_TYPES = ("白皮书",)
_POLICY_CONTEXT_BEFORE = re.compile(r"(?:根据|依据|按照|依照|遵照|参照|贯彻落实|贯彻|落实|执行|遵循|围绕|对照|基于|结合|推进|实施|印发|下发|发布|出台|制定|制订)[了的]?[ \t\u3000]*$")
_POLICY_CONTEXT_AFTER = re.compile(r"^[^，。；\r\n]{0,12}?(?:等)?(?:相关|有关)?(?:文件|政策|精神|要求|规定|部署)")
#: a source of figures: 据《…白皮书》测算, 《…报告》显示
_DATA_SOURCE_AFTER = re.compile(r"[^，,。；;\r\n]{0,40}?(?:测算|统计|显示|表明|预测|数据)")
#: a standard's code in brackets after its title: GB/T 36470-2018, DG/TJ08-19-2011, DB31/T 1234-2020, T/CAICT 001-2019
_STANDARD_AFTER = re.compile(
    r"[ \t\u3000]*[（(][ \t\u3000]*(?P<code>[A-Z]{1,4}[0-9]{0,2}(?:/[A-Z]{1,6}[0-9]{0,2})?[ \t\u3000]*-?[0-9][0-9.]*(?:[-—–][0-9.]+)*[-—–](?:19|20)[0-9]{2})[ \t\u3000]*[）)]"
)
#: codes of standards no government issues: 团体标准 (T/…), 企业标准 (Q/…)
_PRIVATE_STANDARDS = ("T/", "Q/")
_BARE_TITLE_TYPES = (
    r"(?:有关问题的通知|的通知|通知|实施意见|指导意见|若干意见|意见|批复|决定|复函|函|实施办法|管理办法|办法|实施细则|细则|规定|工作方案|实施方案|方案|规划|纲要|要点)"
)
_BARE_TITLE = re.compile(
    rf"(?P<title>[\u3400-\u9fff\u3000 、“”\"0-9０-９（）()—\-]{{0,40}}?关于[^，,。；;：:《》\r\n]{{2,80}}?{_BARE_TITLE_TYPES})[ \t\u3000]*[（(]?[ \t\u3000]*$"
)
_CLAUSE_BOUNDARY = re.compile(r"[，,。；;：:\r\n》]|^\s*(?:[（(]?\d{1,2}[）)、.．]|[一二三四五六七八九十]+、)")
_YEAR_AFTER = re.compile(r"^[）)]?[，, \t\u3000]*(?:[^，,。；\r\n]{0,40}[，,])?[ \t\u3000]*((?:19|20)\d\d)年(?:\d{1,2}月)?(?:\d{1,2}日)?[ \t\u3000]*(?:[，,。；]|\r?\n|$)")


def _text_of(text: str, span: tuple[int, int]) -> str:
    return text[span[0]:span[1]]


# ---------------------------------------------------------------------------
# numbers


#: number rules whose code is the issuer's name (read leftwards), kept only when it names an organisation
_NAMED_ISSUER_RULES = ("docnum.order_after", "docnum.order_year", "docnum.announcement_serial", "docnum.announcement_after")


def _numbers(text: str, atoms: Iterable[Atom]) -> list[_Number]:
    found: list[_Number] = []
    for a in atoms:
        g = a.groups
        tail = _text_of(text, g["code_tail"]) if "code_tail" in g else ""
        start, code = docnumbers.code_before(text, a.start, tail=tail)
        if code is None:
            start = a.start
        if a.rule in _NAMED_ISSUER_RULES and not docnumbers.issuer_written_in_code(code):
            continue  # "根据第5号令", "本公告第3号": no issuer named before 第, no number
        year = _text_of(text, g["year"]) if "year" in g else None
        serial = _text_of(text, g["serial"]) if "serial" in g else None
        mid = _text_of(text, g["mid"]) if "mid" in g else None
        while start < a.end and text[start] in " \t\u3000\r\n":
            start += 1
        raw = normalize.clean_title(text[start:a.end])
        number = docnumbers.make_number(raw, code, year, serial, mid)
        if number.serial is None:
            continue
        if year and number.year is None:
            continue  # a bracketed "year" outside 1949-2100 is not a year
        found.append(_Number(start, a.end, number, a.rule, a.confidence, code_given=code is not None))
    found = _drop_overlaps(found)
    # list items: （2003）96号 after 国科发火字（1994）304号和 takes that code
    for prev, cur in zip(found, found[1:]):
        if cur.number.issuer_code is None and prev.number.issuer_code and _LIST_GAP.match(text[prev.end:cur.start]):
            cur.number = replace(cur.number, issuer_code=prev.number.issuer_code)
            if cur.rule == "docnum.serial_list":  # 沪卫规〔2021〕5号、6号: the year too
                cur.number = replace(cur.number, year=prev.number.year)
    # a number with no code that is not a list item is a fragment, not a document number
    return [n for n in found if n.number.issuer_code is not None]


def _drop_overlaps(items: list) -> list:
    """Keep the longest of overlapping items (earliest first on ties)."""
    items = sorted(items, key=lambda n: (n.start, -(n.end - n.start)))
    kept: list = []
    for item in items:
        if kept and item.start < kept[-1].end:
            if (item.end - item.start) > (kept[-1].end - kept[-1].start):
                kept[-1] = item
            continue
        kept.append(item)
    return kept


# ---------------------------------------------------------------------------
# titles


def _nested_titles(body: str) -> tuple[str, ...]:
    return tuple(normalize.clean_title(m.group(1)) for m in _NESTED.finditer(body))


def _titles(text: str, atoms: list[Atom]) -> list[_Title]:
    closed = [a for a in atoms if a.label == "TITLE"]
    wrappers = [a for a in atoms if a.label == "WRAPPER"]
    opened = [a for a in atoms if a.label == "TITLE_OPEN"]
    titles: list[_Title] = []
    outer_wrappers = []
    for w in wrappers:
        if not _inside_any(w, closed):
            t = _wrapper_title(text, w)
            if t:  # a wrapper that is no outer title (实施《A》 without an issuer) leaves A alone
                outer_wrappers.append(w)
                titles.append(t)
    for a in closed:
        if any(w.start <= a.start and a.end <= w.end for w in outer_wrappers):
            continue  # the inner title of an outer bare title: goes to its `cites`
        body = text[a.groups["body"][0]:a.groups["body"][1]]
        inner = body.strip()
        if inner.startswith("《") and inner.endswith("》") and inner.count("《") == 1:
            body = inner[1:-1]  # 《《…》》 written double
        if not normalize.clean_title(body):
            continue  # 《⏎》: title marks around nothing but a line break
        titles.append(_Title(a.start, a.end, normalize.clean_title(body), a.rule, a.confidence, _nested_titles(body)))
    for a in opened:
        if any(t.start <= a.start < t.end for t in titles) or any(c.start == a.start for c in closed):
            continue
        body = text[a.groups["body"][0]:a.groups["body"][1]]
        titles.append(_Title(a.start, a.end, normalize.clean_title(body), a.rule, a.confidence, ()))
    titles.sort(key=lambda t: t.start)
    return _drop_overlaps(titles)


def _inside_any(a: Atom, others: list[Atom]) -> bool:
    return any(o.start <= a.start and a.end <= o.end and o is not a for o in others)


def _wrapper_title(text: str, w: Atom) -> Optional[_Title]:
    pre_s, pre_e = w.groups["pre"]
    pre = text[pre_s:pre_e]
    if "via" in w.groups and not issuers.orgs_only(text[w.groups["via"][0]:w.groups["via"][1]]):
        return None  # 转发…《A》: only organisation names may stand between the verb and 《
    start = pre_s
    org = None
    anchor = pre.find("关于")
    if anchor < 0:
        anchor = max(pre.rfind("实施"), pre.rfind("印发"), pre.rfind("转发"))
    anchor_pos = pre_s + anchor
    found = issuers.orgs_before(text, anchor_pos)
    if found:
        start = found.start
        org = found
    else:
        if pre[anchor:anchor + 2] != "关于":
            return None  # ORG实施《…》细则 / ORG印发《…》的通知 need the ORG
        start = anchor_pos
    inner = text[w.groups["inner"][0]:w.groups["inner"][1]]
    raw = normalize.clean_title(text[start:w.end])
    return _Title(start, w.end, raw, w.rule, w.confidence, (normalize.clean_title(inner),), org)


def _numbers_only(title: _Title, numbers: list[_Number]) -> list[_Number]:
    """The numbers inside a 《》 that holds nothing else: 《国科发火字（1994）304号和（2003）96号》."""
    inside = [n for n in numbers if title.start < n.start and n.end < title.end]
    if not inside:
        return []
    rest = title.raw
    for n in inside:
        rest = rest.replace(n.number.text, "", 1)
    return inside if re.fullmatch(r"[\s\u3000和、及与,，文件]*", rest) else []


# ---------------------------------------------------------------------------
# assembling


def assemble(text: str, atoms: list[Atom], *, basis: Optional[list[tuple[int, int]]] = None) -> list[Found]:
    """All citations in ``text`` from the rule matches ``atoms``; ``basis`` are the offsets of 立项依据 sections."""
    basis = basis or []
    numbers = _numbers(text, [a for a in atoms if a.label == "DOCNUM"])
    for a in atoms:  # 批示（松委督〔2021〕034 号）: the number is the instruction's own
        span = _instruction_number_span(text, a) if a.label == "INSTRUCTION" else None
        if span:
            s_, e_ = span
            for n in numbers:
                if s_ <= n.start and n.end <= e_:
                    n.claimed = True
    titles = _titles(text, atoms)
    out: list[Found] = []
    claimed = _Claimed()

    for t in titles:
        only = _numbers_only(t, numbers)
        if only:
            for n in only:
                n.claimed = True
                out.append(_number_found(text, n, numbers, anchor=t.start))
            claimed.add((t.start, t.end))
            continue
        out.append(_title_found(text, t, numbers, titles, basis))
        claimed.add((out[-1].start, out[-1].end))

    for n in numbers:
        if n.claimed or _covered(n.start, n.end, claimed):
            continue
        n.claimed = True
        out.append(_number_found(text, n, numbers))
        claimed.add((out[-1].start, out[-1].end))

    for a in sorted((a for a in atoms if a.label == "TITLE_BARE"), key=lambda a: (a.start, -(a.end - a.start))):
        f = _bare_title_found(text, a, basis)
        if f and not _covered(f.start, f.end, claimed):
            out.append(f)
            claimed.add((f.start, f.end))

    for a in atoms:
        if a.label != "LAW" or _covered(a.start, a.end, claimed):
            continue
        s, e = a.groups.get("title", (a.start, a.end))
        for lead in _LEADING_VERB.finditer(text, s, e):
            s = lead.end()  # 本项目依据物业管理条例: the prose up to the verb is not part of the name
        title = normalize.clean_title(text[s:e])  # 上海市劳动保障监察条⏎例: the name without the wrap
        if _PROSE_IN_TITLE.search(title) or len(title) < 4:
            continue
        dtype, _, _ = normalize.doc_type(title)
        out.append(Found(s, e, "law", a.rule, a.confidence, title=title, doc_type=dtype or "法", level=normalize.level_from_title(title) or "national"))
        claimed.add((s, e))

    for a in sorted((a for a in atoms if a.label == "INSTRUCTION"), key=lambda a: (a.start, -(a.end - a.start))):
        if _covered(a.start, a.end, claimed):
            continue
        f = _instruction_found(text, a, basis)
        if f and claimed.overlaps(f.start, f.end):
            # "落实区委书记…讲话精神和副市长批示（…）": the clause start reached back over the citation
            # before it; this one starts after that one (and its 和/及)
            cut = claimed.end_before(a.start)
            f.start = _CONJUNCTION.match(text, cut, a.start).end() if cut is not None and f.start < cut <= a.start else a.start
            if claimed.overlaps(f.start, f.end):
                f = None
        if f:
            out.append(f)
            claimed.add((f.start, f.end))

    _propagate_mentions(text, out)
    out.sort(key=lambda f: (f.start, f.end))
    return out


class _Claimed:
    """Text ranges already taken by a citation (sorted, so overlap checks are a bisect, not a scan)."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def add(self, span: tuple[int, int]) -> None:
        i = bisect.bisect_left(self._starts, span[0])
        self._starts.insert(i, span[0])
        self._ends.insert(i, span[1])

    def end_before(self, pos: int) -> Optional[int]:
        """The latest end, at or before ``pos``, of a range starting before ``pos``."""
        i = bisect.bisect_left(self._starts, pos)
        ends = [e for e in self._ends[max(0, i - 64) : i] if e <= pos]
        return max(ends) if ends else None

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end)  # ranges starting before `end`
        # ranges never nest far: the few just before `end` decide (look back while they could reach)
        for j in range(i - 1, max(-1, i - 64), -1):
            if self._ends[j] > start:
                return True
        return False


def _covered(start: int, end: int, claimed: "_Claimed") -> bool:
    return claimed.overlaps(start, end)


def _in_basis(pos: int, basis: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in basis)


def _title_found(text: str, t: _Title, numbers: list[_Number], titles: list[_Title], basis: list[tuple[int, int]]) -> Found:
    start, end = t.start, t.end
    # the number after the title (inside or outside （）), else the one right before it
    number = None
    after_orgs = issuers.orgs_after(text, t.end)
    for n in numbers:
        if n.claimed or n.start < t.end:
            continue
        gap = text[t.end:n.start]
        if _GAP_AFTER.fullmatch(gap) or (after_orgs and _reference_gap(gap)) or _number_ends_item(text, gap, n):
            if not any(o.start >= t.end and o.start < n.start for o in titles):
                number = n
        break
    if number is None:
        for n in reversed(numbers):
            if n.claimed or n.end > t.start:
                continue
            if _GAP_BEFORE.match(text[n.end:t.start]):
                number = n
            break
    if number is not None:
        number.claimed = True
        start, end = min(start, number.start), max(end, number.end)

    title = t.raw
    issuer, issuer_from, in_title = None, None, False
    if t.org:
        issuer, issuer_from, in_title = t.org.names, "text", True
    else:
        named = issuers.orgs_in_title(title)
        if named:
            issuer, issuer_from, in_title = named, "text", True
    issuer_start = None
    if not t.org and (number is None or number.end <= t.start or number.start >= t.end):
        before = issuers.orgs_before(text, (number.start if number and number.end <= t.start else t.start))
        if before:
            if issuer is None:
                issuer, issuer_from = before.names, "text"
            if before.adjacent and (issuer_from == "text" and _same_orgs(issuer, before.names)):
                # the issuers written before the title belong to the surface, also when the
                # title names them again (中国科协与教育部联合印发《中国科协 教育部关于…》)
                issuer_start = before.start
    if issuer is None and not after_orgs and number is not None and number.start >= t.end:
        # 《…》（发改社会〔2021〕893号），国家发展改革委、国家卫生健康委: the list's issuers after the number
        after_orgs = issuers.orgs_after(text, _after_bracket(text, number.end))
    if issuer is None and after_orgs:
        issuer, issuer_from = after_orgs, "text"
    code_hit = docnumbers.lookup_code(number.number.issuer_code) if number else None
    if issuer is None and number is not None:
        issuer, issuer_from = _issuer_of_code(number.number.issuer_code, code_hit, issuer_from, number.number.year)
    if issuer is None:
        # 《上海市科学技术协会星级学会管理办法》: an organisation's own rules (after the code,
        # which names the office that actually issued it)
        own = issuers.org_at_title_start(title)
        if own:
            issuer, issuer_from, in_title = own, "text", True

    dtype, dkind, _ = normalize.doc_type(title)
    after = text[t.end:t.end + 16]  # 16: a journal's 2022年第371卷
    mention = normalize.mention_cue(title, after)
    confidence = t.confidence
    if mention is None and _PRODUCED.search(text[max(0, t.start - 16):t.start]) and number is None and dkind != "law":
        mention = "product"
    if mention is None and dtype in _REPORT_TYPES and number is None and issuer is None \
            and (not _in_basis(t.start, basis) or _DATA_SOURCE_AFTER.match(text[t.end:t.end + 48])):
        # 发布《…白皮书》 as a project's output, 据《…白皮书》测算 as a source of figures (also in a
        # 立项依据及必要性 section); 《…白皮书》，上海市政府 stays a policy
        mention = "report"
    standard = _STANDARD_AFTER.match(text, t.end, t.end + 40)
    if mention is None and standard and standard.group("code").startswith(_PRIVATE_STANDARDS):
        mention = "standard"  # 《…》（T/CAICT 001-2019）: an association's (团体) or enterprise's standard, no policy
    if mention is None and dtype is None and number is None:
        policy_context = (
            _in_basis(t.start, basis)
            or _POLICY_CONTEXT_BEFORE.search(text[max(0, t.start - 12):t.start])
            or _POLICY_CONTEXT_AFTER.match(text[t.end:t.end + 24])
            or issuer is not None
            or title.startswith("关于")
            or standard is not None  # 国家标准《…》（GB/T 36470-2018）: a government's standard
        )
        if not policy_context:
            mention = "unknown"
            confidence = 0.6
        else:
            confidence = min(confidence, 0.7)
    level = issuers.level_of(issuer) if issuer else None
    if (level in (None, "unknown")) and number is not None:
        level = docnumbers.code_level(number.number.issuer_code) or level
    if level in (None, "unknown"):
        level = normalize.level_from_title(title) or level
    if dkind == "law":
        # a law's level is in its name (中华人民共和国…法, 上海市…条例), whoever the text says
        # forwarded it; without a place it is national (法 by the NPC, 条例 by the State Council)
        level = normalize.level_from_title(title) or (level if level not in (None, "unknown") else "national")
    year = number.number.year if number and number.number.year else normalize.title_year(title)
    if year is None:
        m = _YEAR_AFTER.match(text[t.end:t.end + 60])
        if m:
            year = int(m.group(1))
    kind = "mention" if mention else ("law" if dkind == "law" else "document")
    if issuer_start is not None and kind != "mention":
        start = min(start, issuer_start)
    return Found(
        start, end, kind, t.rule, confidence,
        is_policy=mention is None,
        title=title,
        number=number.number if number else None,
        issuer=issuer if kind != "mention" else None,
        issuer_from=issuer_from if kind != "mention" else None,
        issuer_in_title=in_title,
        doc_type=dtype if kind != "mention" else None,
        level=level if kind != "mention" else None,
        year=year,
        cites=t.cites,
        mention_of=mention,
    )


_LINE_WRAP = re.compile(r"[ \t\u3000]*\r?\n(?![ \t\u3000]*\r?\n)[ \t\u3000]*")
_BARE_COMMA = re.compile(r"[ \t\u3000]*[，,][ \t\u3000]*(?:\r?\n[ \t\u3000]*)?")
_ITEM_END = re.compile(r"[ \t\u3000]*(?:[；;。]|\r?\n|$)")


_CLOSING = re.compile(r"[ \t\u3000]*[）)]")


def _after_bracket(text: str, pos: int) -> int:
    """Past the bracket that closes a number written in （）."""
    m = _CLOSING.match(text, pos)
    return m.end() if m else pos


def _same_orgs(a: Optional[str], b: Optional[str]) -> bool:
    return bool(a and b) and set(normalize.canonical_issuer(a).split(issuers.JOIN)) == set(normalize.canonical_issuer(b).split(issuers.JOIN))


def _reference_gap(gap: str) -> bool:
    """《…》，上海市政府、沪府发〔2006〕12号: the gap is a comma, issuer names, a separator
    (line wraps inside it are ignored: …，人社部、⏎财政部，人社部发…)."""
    gap = _LINE_WRAP.sub("", gap)
    return bool(re.fullmatch(r"[ \t\u3000]*[，,][^，,。；;\r\n《》]{2,40}(?:[，,][^，,。；;\r\n《》]{2,20}){0,3}[，,、][ \t\u3000]*", gap))


def _number_ends_item(text: str, gap: str, n: "_Number") -> bool:
    """《…》，沪府办发〔2023〕6号。 — a reference-list item: title, a bare comma, the number, the
    item's end. (A number followed by more prose after a comma is a citation of its own.)"""
    return bool(_BARE_COMMA.fullmatch(gap)) and bool(_ITEM_END.match(text, n.end))


def _number_found(text: str, n: _Number, numbers: list[_Number], *, anchor: Optional[int] = None) -> Found:
    """A number no title claimed; ``anchor`` is where its issuer would be written before
    (the 《 of a 《》 holding only numbers)."""
    start, end = n.start, n.end
    title = None
    issuer, issuer_from, in_title = None, None, False
    left_start = _clause_start(text, n.start)
    left = text[left_start:n.start]
    m = _BARE_TITLE.search(left)
    if m and not re.search(r"[《》]", m.group("title")):
        raw = m.group("title")
        lead = re.match(r"^[\s\u3000、“”\"0-9０-９（）()—\-]*", raw).end()
        tstart = left_start + m.start("title") + lead
        title = normalize.clean_title(text[tstart:left_start + m.end("title")])
        # prose before the issuer (2015年1月21日民政部关于…) is not part of the title
        named = issuers.orgs_in_title(title)
        if not named:
            cut = title.find("关于")
            prefix = title[:cut]
            if cut > 0:
                org = issuers.orgs_before(title, cut)
                if org:
                    title = title[org.start:]
                    tstart += org.start
                else:
                    title = title[cut:]
                    tstart += cut
        named = issuers.orgs_in_title(title)
        if named:
            issuer, issuer_from, in_title = named, "text", True
        start = tstart
    elif anchor is None:
        typed = _typed_item_title(text, left_start, n.start)
        if typed:
            start, title = typed
    if issuer is None:
        anchor = anchor if anchor is not None else (n.start if title is None else start)
        if title is None and anchor == n.start:
            # 经国家人事部（国人部发[2006]53号）批准: the issuer stands before the bracket
            m = re.search(r"[（(][ \t\u3000]*$", text[max(0, anchor - 4):anchor])
            if m:
                anchor = max(0, anchor - 4) + m.start()
        before = issuers.orgs_before(text, anchor)
        if before:
            issuer, issuer_from = before.names, "text"
            if title is not None and before.adjacent:
                start = before.start
            elif title is None and anchor == n.start and issuers.orgs_only(text[before.start:n.start]):
                start = before.start  # 南京市人民政府宁政发(2017)6号: the issuer's name run into the code
    code_hit = docnumbers.lookup_code(n.number.issuer_code)
    if issuer is None:
        issuer, issuer_from = _issuer_of_code(n.number.issuer_code, code_hit, issuer_from, n.number.year)
    level = issuers.level_of(issuer) if issuer else None
    if level in (None, "unknown"):
        level = docnumbers.code_level(n.number.issuer_code) or level
    dtype, dkind, _ = normalize.doc_type(title) if title else (None, None, None)
    confidence = n.confidence if n.code_given else min(n.confidence, 0.7)
    return Found(
        start, end, "law" if dkind == "law" else "document", n.rule, confidence,
        title=title, number=n.number, issuer=issuer, issuer_from=issuer_from, issuer_in_title=in_title,
        doc_type=dtype, level=level, year=n.number.year,
    )


def _issuer_of_code(code: Optional[str], code_hit, issuer_from, year: Optional[int] = None):
    """The issuer a number names: the organisation its code spells out (环境保护部令第8号 is
    环境保护部's, though 环 is 生态环境部's code today), else the code table's."""
    written = docnumbers.issuer_written_in_code(code)
    if written and code and code.endswith(("令", "公告")):
        return written, "text"  # an order's or announcement's code is its issuer's full name
    if code_hit:
        return docnumbers.issuer_in_year(code_hit[1], year), "code"
    if written:
        return written, "text"  # 上海市委机构编制委员会〔2019〕191号 (沪委编委 is a code, found in the table)
    return None, issuer_from


#: a list item that is a bare title and its bracketed number: （1）社会救助暂行办法（国务院令第649号）,
#: also with the year an order was made before its issuer (…管理办法（2010年上海市人民政府令第38号）)
_TYPED_ITEM = re.compile(r"(?P<title>[\u3400-\u9fff“”\"0-9（）()—\-]{4,60}?)[ \t\u3000]*[（(][ \t\u3000]*(?:(?:19|20)\d{2}[ \t\u3000]*年[ \t\u3000]*)?")


_ISSUING_VERB = re.compile(r"发文|印发|下发|发布|出台|批准|同意|转发")


def _typed_item_title(text: str, left_start: int, pos: int) -> Optional[tuple[int, str]]:
    """(start, title) when the clause before a bracketed number is nothing but a title of a known
    type (办法, 条例, 意见 …) after an optional basis verb: the number's title, written without 《》."""
    m = _TYPED_ITEM.fullmatch(text, left_start, pos)
    if not m:
        return None
    s = m.start("title")
    lead = _LEADING_VERB.match(text, s)
    if lead:
        s = lead.end()
    title = normalize.clean_title(text[s:m.end("title")])
    if len(title) < 5 or normalize.doc_type(title)[0] is None or _NOT_A_TITLE_START.match(title) or _PROSE_IN_TITLE.search(title):
        return None
    if _ISSUING_VERB.search(title):
        return None  # 上海市人力资源和社会保障局发文通知（沪人社专…）: who sent it, not a title
    return s, title


def _clause_start(text: str, pos: int) -> int:
    lo = max(0, pos - 120)
    left = text[lo:pos]
    cut = 0
    for m in re.finditer(r"[，,。；;：:\r\n》|│┃\t]", left):  # a table cell's border or tab starts a clause too
        cut = m.end()
    # list markers at the clause start (2、 / （4） / - )
    m = re.match(r"[\s\u3000\-•·]*(?:[（(]?\d{1,2}[）)、.．]|[（(]?[一二三四五六七八九十]+[）)、])?[\s\u3000]*", left[cut:])
    return lo + cut + (m.end() if m else 0)


def _names_issuing_body(text: str, a: Atom) -> bool:
    """根据中组部、市委组织部等相关文件精神, 根据市政府第150次常务会议精神: documents or
    meetings of named organisations count anywhere."""
    if a.rule != "instruction.documents" or not re.search("文件|会议", text[a.start:a.end]):
        return False
    s, e = a.groups.get("body", (a.start, a.start))
    return bool(issuers.split_orgs(text[s:e]))


_TRAILING_NUMBER = re.compile(r"[ \t\u3000]*[（(][ \t\u3000]*(?P<num>[^（）()\r\n]{4,30}?号)(?=[ \t\u3000]*[）)])")
_INSTRUCTION_NUMBER = re.compile(
    r"(?P<code>[\u3400-\u9fffA-Za-z]{1,12}?)\s*[〔\[（(【﹝［]\s*(?P<year>[0-9０-９]{4})\s*[〕\]）)】﹞］]\s*第?\s*(?P<serial>[0-9０-９]{1,5})\s*号"
)


def _instruction_number_span(text: str, a: Atom) -> Optional[tuple[int, int]]:
    """The 督办 number of a 批示, written in brackets right after it: （松委督〔2021〕034 号）."""
    if "num" in a.groups:
        return a.groups["num"]
    m = _TRAILING_NUMBER.match(text, a.end)
    if m and _INSTRUCTION_NUMBER.fullmatch(m.group("num").strip()):
        return m.span("num")
    return None


def _instruction_found(text: str, a: Atom, basis: list[tuple[int, int]]) -> Optional[Found]:
    number = None
    end = a.end
    num_span = _instruction_number_span(text, a)
    if num_span:
        raw = text[num_span[0]:num_span[1]]
        m = _INSTRUCTION_NUMBER.fullmatch(raw.strip())
        if m:
            number = docnumbers.make_number(normalize.clean_title(raw), m.group("code"), m.group("year"), m.group("serial"))
            end = num_span[1]
    if not (number or _in_basis(a.start, basis) or _names_issuing_body(text, a)):
        return None  # untitled bases count where the text says they are the basis
    start = a.start
    if a.rule == "instruction.org_requirements":
        orgs = issuers.orgs_before(text, a.start)
        if not (orgs and orgs.adjacent):
            return None  # 关于…的要求 with nobody named before it: prose
        start = orgs.start
    if a.rule.startswith(("instruction.leader", "instruction.minutes")):
        start = min(a.start, _clause_start(text, a.start))  # who the leader is / whose minutes: back to the clause start
        # "…（沪府发〔2017〕88号）3. 区政府第23次常务会议纪要": a list run together on one line (a table
        # cell) — the item starts after the previous item's bracket and its own marker
        close = max(text.rfind("）", start, a.start), text.rfind(")", start, a.start))
        if close >= 0:
            marker = _ITEM_MARKER.match(text, close + 1, a.start)
            start = marker.end() if marker else close + 1
        start = _CONJUNCTION.match(text, start, a.start).end()  # "和市长办公会议纪要": the 和 joins it to the item before
    if not normalize.clean_title(text[start:end]):
        return None
    issuer = None
    if number is not None:
        hit = docnumbers.lookup_code(number.issuer_code)
        issuer = hit[1] if hit else None
    return Found(
        start, end, "instruction", a.rule, a.confidence,
        number=number, issuer=issuer, issuer_from="code" if issuer else None,
        level=issuers.level_of(issuer) if issuer else None,
        year=number.year if number else None,
    )


_NOT_A_TITLE_START = re.compile(r"[“\"]?(?:以|进行|开展|制定|编制|做好|完成|按照|根据|依据|通过|加强|推进|实施|落实|执行|围绕|结合|系统|总体|相关|有关|各类|各项)")


_CONJUNCTION = re.compile(r"[ \t\u3000]*(?:以及|和|及|与|、)?[ \t\u3000]*")
_ITEM_MARKER = re.compile(r"[ \t\u3000]*(?:\d{1,2}[.、．]|[（(]\d{1,2}[）)])?[ \t\u3000]*")
_LEADING_VERB = re.compile(r"(?:根据|依据|按照|依照|遵照|参照|贯彻落实|贯彻|落实|执行|围绕|结合|对照)")
_PROSE_IN_TITLE = re.compile(r"承担|负责|组织实施|开展|进行|提供|完成|编制|按照|根据|依据|需要|已经|正在|本部|主要职能")


def _bare_title_found(text: str, a: Atom, basis: list[tuple[int, int]]) -> Optional[Found]:
    """A title written without 《》 (rules title.bare_*): kept in 立项依据 sections, or for
    关于… titles when an issuer is written right before."""
    if a.rule == "title.nickname":
        return _nickname_found(text, a)
    s, e = a.groups.get("title", (a.start, a.end))
    title = normalize.clean_title(text[s:e])
    before = issuers.orgs_before(text, s)
    in_basis = _in_basis(s, basis)
    if not in_basis and not (a.rule == "title.bare_about" and before):
        return None
    if a.rule == "title.bare_plan" and (len(title) < 7 or _NOT_A_TITLE_START.match(title) or _PROSE_IN_TITLE.search(title)):
        return None  # 战略规划, 进行规划, …中心承担…规划: a plan in general or prose, not a named plan
    dtype, dkind, _ = normalize.doc_type(title)
    start = before.start if before and before.adjacent else s
    issuer = before.names if before else (issuers.orgs_in_title(title) or issuers.org_at_title_start(title))
    return Found(
        start, e, "law" if dkind == "law" else "document", a.rule, a.confidence,
        title=title, issuer=issuer, issuer_from="text" if issuer else None, issuer_in_title=bool(issuer and not before),
        doc_type=dtype, level=issuers.level_of(issuer) if issuer else normalize.level_from_title(title),
        year=normalize.title_year(title),
    )


#: words that end the prose before a nickname's name (贯彻科改“25条” -> 科改)
_NICKNAME_STOP = re.compile(
    r".*(?:根据|依据|按照|依照|参照|遵照|贯彻落实|贯彻|落实|执行|对照|结合|围绕|实施|出台|制定|印发|发布|简称|称为|俗称|统称|即|及|和|与|的|了|在|是|为|对|把|以|等|项目)"
)


def _nickname_found(text: str, a: Atom) -> Optional[Found]:
    """科改“25条”: the name back to the last verb or connector; none left = an alias (简称“25条”)."""
    ns, ne = a.groups["name"]
    name = text[ns:ne]
    m = _NICKNAME_STOP.match(name)
    if m:
        if re.search(r"(?:简称|称为|俗称|统称|即)$", m.group(0)):
            return None  # 《…》（简称上海科改“25条”）: an alias of the title before it
        ns += m.end()
    if ne - ns < 2:
        return None
    title = text[ns:a.end]
    return Found(
        ns, a.end, "document", a.rule, a.confidence, title=title,
        level=normalize.level_from_title(title), year=normalize.title_year(title),
    )


def _propagate_mentions(text: str, found: list[Found]) -> None:
    """《上海科技报》、《中国孵化器》、《华东科技》杂志: a cue after the last item of a list covers the list."""
    items = sorted((f for f in found if f.title is not None and f.number is None), key=lambda f: f.start)
    for i in range(len(items) - 2, -1, -1):
        cur, nxt = items[i], items[i + 1]
        if cur.kind == "mention" or nxt.kind != "mention" or cur.doc_type is not None:
            continue
        if nxt.mention_of in ("magazine", "newspaper", "event", "book", "newsletter", "product") and re.fullmatch(r"[\s\u3000、，,和及与]*", text[cur.end:nxt.start]):
            cur.kind, cur.is_policy, cur.mention_of = "mention", False, nxt.mention_of
            cur.issuer = cur.issuer_from = cur.level = None
