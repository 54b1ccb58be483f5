"""Titles: cleaning, document type, policy or mention, and the title key ``doc_id`` uses.

The ``doc_id`` rule itself lives in ``identity`` (docs/architecture.md, "Identity keys
computed by extraction"). The title key removes what varies between citations of one document and never tells
two documents apart: spaces and line wraps, quote marks, bracket and dash styles,
full/half width, title marks of nested titles, and the issuer names in front of 关于
(a citation names its issuer there or before the title alike).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Optional

from . import issuers as _issuers
from .cite_data import read_table

#: trailing parentheticals that qualify a title without naming a different document
#: （试行）, （2021-2025年）, and a bare year after the type word (《中国阿尔茨海默病报告2022》)
_TRAILING_QUALIFIER = re.compile(r"[（(〔\[【][^（）()〔〕\[\]【】]{0,24}[）)〕\]】]$|(?<=[\u3400-\u9fff])[ \t\u3000]*(?:19|20)[0-9]{2}[ \t\u3000]*年?(?:版|度)?$")


@lru_cache(maxsize=4096)
def clean_title(raw: str) -> str:
    """The title as written, line wraps (and the indentation after them) removed, ends trimmed."""
    title = re.sub(r"[ \t\u3000]*\r?\n[ \t\u3000]*", "", raw)
    return title.strip(" \t\u3000")


@lru_cache(maxsize=4096)
def title_core(title: str) -> str:
    """The title without trailing qualifiers such as （试行） or （2021-2025年）: where the type word sits."""
    core = title.rstrip("。.；;，, \t")
    while True:
        stripped = _TRAILING_QUALIFIER.sub("", core).rstrip()
        if stripped == core or not stripped:
            return core
        core = stripped


@lru_cache(maxsize=1)
def _doc_types() -> tuple[tuple[str, str, str], ...]:
    rows = [(r[0], r[1], r[2] if len(r) > 2 else "document") for r in read_table("doc_types.tsv")]
    return tuple(sorted(rows, key=lambda r: len(r[0]), reverse=True))


@lru_cache(maxsize=1)
def _mention_cues() -> tuple[tuple[str, str, str], ...]:
    rows = [(r[0], r[1], r[2] if len(r) > 2 else "end") for r in read_table("mention_cues.tsv")]
    return tuple(sorted(rows, key=lambda r: len(r[0]), reverse=True))


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> re.Pattern[str]:
    """An after_pattern cue, compiled once (re.match(str, …) looks it up in re's cache on every call)."""
    return re.compile(pattern)


#: 方法, 办法, 依法, 算法 … end in 法 without being laws (预算法 is one)
_NOT_A_LAW = re.compile(r"(?:[方办做看想说用手写疗依合守执违立司无设效语技书]|(?<!预)算)法$")


@lru_cache(maxsize=4096)
def doc_type(title: str) -> tuple[Optional[str], Optional[str], int]:
    """(doc_type, kind, length of the matched suffix) from the end of the title; kind is law/document."""
    core = title_core(title)
    for suffix, dtype, kind in _doc_types():
        if core.endswith(suffix):
            if suffix == "法" and _NOT_A_LAW.search(core):
                continue
            return dtype, kind, len(suffix)
    return None, None, 0


@lru_cache(maxsize=4096)
def mention_cue(title: str, after: str = "") -> Optional[str]:
    """What a non-policy 《》 is (magazine, meeting …) from the title's end or the words after it.

    The first cue (longest first) that holds: the title's own cues ("end", "in") are looked up
    once per title (_title_cue), the words after it only against the cues before that one."""
    first, found = _title_cue(title)
    _, _, type_len = doc_type(title)
    lead = after.lstrip()  # once, not once per cue (``after`` runs to the end of the line)
    for index, cue, what, where in _after_cues():
        if index > first:
            break
        if where == "after_pattern" and _compiled(cue).match(lead):
            return what  # a journal's issue or volume: 《茶叶科学》2021年第4期, 《Food Chemistry》2022年第371卷
        if where == "after" and lead.startswith(cue):
            # 《…》杂志 always; 《…》活动/论坛 only when the title is no document type
            # (a 《…规划》 followed by 论坛 is still a plan)
            if type_len == 0 or what in ("magazine", "newspaper", "book", "media"):
                return what
    return found


@lru_cache(maxsize=4096)
def _title_cue(title: str) -> tuple[int, Optional[str]]:
    """(index in _mention_cues, what) of the first cue the title itself holds ("end", "in"), or (its length, None)."""
    core = title_core(title)
    _, _, type_len = doc_type(title)
    cues = _mention_cues()
    for index, (cue, what, where) in enumerate(cues):
        if where == "end" and core.endswith(cue) and len(cue) > type_len:
            return index, what
        if where == "in" and cue in core:
            return index, what
    return len(cues), None


@lru_cache(maxsize=1)
def _after_cues() -> tuple[tuple[int, str, str, str], ...]:
    """The cues read in the words after a title, with their index in _mention_cues."""
    return tuple((index, cue, what, where) for index, (cue, what, where) in enumerate(_mention_cues())
                 if where in ("after", "after_pattern"))


def title_year(title: str) -> Optional[int]:
    """A year the title states for the document itself: 《2022年上海市…工作要点》 -> 2022."""
    m = re.match(r"\s*((?:19|20)\d\d)\s*年", unicodedata.normalize("NFKC", title))
    return int(m.group(1)) if m else None


#: a title that starts with a district (Shanghai's 16, or any …区 after a city) or a district organ
_DISTRICT_START = re.compile(
    r"(?:上海市?)?(?:浦东新|黄浦|徐汇|长宁|静安|普陀|虹口|杨浦|闵行|宝山|嘉定|金山|松江|青浦|奉贤|崇明)区"
    r"|[\u3400-\u9fff]{2,3}市[\u3400-\u9fff]{2,3}区|区委|区政府|区人民政府"
)


#: a province, autonomous region or city at the start of a title (江苏省…条例, 成都市…条例)
_REGION_START = re.compile(r"[\u3400-\u9fff]{2,4}(?:省|自治区)|(?!本|全|各|该|我)[\u3400-\u9fff]{2,4}市(?![委政]|场)")


def level_from_title(title: str) -> Optional[str]:
    """Level when no issuer is known, from how the title begins."""
    t = title.lstrip("“\"")
    if t.startswith(("中华人民共和国", "全国", "国家", "国务院")):
        return "national"
    if t.startswith(("中共中央", "中国共产党", "中共", "党委", "党组")):
        return "party"
    if t.startswith(("中国科协", "中国科学技术协会", "上海市科协", "上海市科学技术协会", "市科协")):
        return "mass_organisation"
    if _DISTRICT_START.match(t):
        return "district"
    if t.startswith(("上海", "本市", "市")) or _REGION_START.match(t):
        return "municipal"
    if "本区" in t or "本县" in t:
        return "district"
    if "本市" in t:
        return "municipal"
    return None


_BRACKETS = str.maketrans({"〈": "《", "〉": "》", "<": "《", ">": "》", "＜": "《", "＞": "》", "〔": "(", "〕": ")", "[": "(", "]": ")", "【": "(", "】": ")"})
_DROP = re.compile(r"[\s\u3000“”\"'‘’「」『』·・]")
_DASHES = re.compile(r"[—–－‐‑‒―~～－]+")


@lru_cache(maxsize=4096)
def title_key(title: str) -> str:
    """Normalised title for identity: width, brackets, dashes, quotes and spaces unified."""
    t = unicodedata.normalize("NFKC", clean_title(title)).translate(_BRACKETS)
    t = _DROP.sub("", t)
    t = _DASHES.sub("-", t)
    t = t.replace("《", "").replace("》", "")
    return t


@lru_cache(maxsize=4096)
def split_issuer_prefix(title: str) -> tuple[Optional[str], str]:
    """(issuers named before 关于, rest of the title from 关于) or (None, title)."""
    orgs = _issuers.orgs_in_title(title)
    if not orgs:
        return None, title
    return orgs, title[title.find("关于"):]


def canonical_issuer(issuer: str) -> str:
    """The issuer's canonical name(s) without a document context (see ``identity.canonical_issuer``)."""
    from .identity import canonical_issuer as _canonical

    return _canonical(issuer) or ""


def normalize_number(text: str) -> str:
    """A number as written in a table -> its normalised form (〔〕, no spaces, no 第)."""
    from .docnumbers import normalize_number_text

    return normalize_number_text(text)
