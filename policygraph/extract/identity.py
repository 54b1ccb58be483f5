"""Identity: one cited document, one ``doc_id``; one issuer, one canonical name.

The rule depends only on the citation, the document it appears in (its place, see
``jurisdiction``, and its other citations) and the bundled data tables, never on which
other files are extracted or ingested with it, nor in which order, so per-document
incremental ingest gives every document the same id from every source.

``doc_id`` (docs/architecture.md, "Identity keys computed by extraction"):

1. ``num:<normalised number>`` when the citation states a number (a number whose code is
   mistyped takes the known document's number when the title, year and serial agree);
2. ``num:<number>`` from ``data/known_documents.tsv`` for a title cited without one, when
   the issuer the text names is one of the document's issuers, or when the text names
   none and the title is not shared;
3. ``title:<title key>`` — the title alone, whoever the text says issued it (a notice
   关于印发《X》的通知 has X's key: it issues X under one number);
4. ``title:<title key>@<canonical issuer>`` instead of 3. only for titles that
   ``data/shared_titles.tsv`` lists as given by different issuers to different documents;
5. ``title:<title key>@<place>`` instead of 3. for titles that say 本市/本区/本省 …: the
   issuer's place when its name gives one, else the citing document's (《关于推进本市…》
   of 广州 and of 上海 are two documents).

Within one document, a title cited without a number takes the number the same title
has elsewhere in the document (when exactly one number fits its issuer), and a shared
title named without its issuer takes the only issuer the document gives it.

Canonical issuer names: the full official name in the document's context —
``市政府`` in a Shanghai document is 上海市人民政府, ``区委`` in a 闵行区 document is
中共上海市闵行区委; ``data/issuer_forms.tsv`` spells out short forms (上海市政府,
上海市委办公厅), ``data/issuers.tsv`` single organisations' abbreviations (科技部, 市科委 once
its city is in front). The graph gives each canonical name one issuer IRI.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import Iterable, Optional

from . import normalize
from .cite_data import read_table
from .issuers import JOIN
from .jurisdiction import NOWHERE, Jurisdiction, district_at_start, district_with_city, place_at_start
from .models import Citation, DocNumber

__all__ = [
    "canonical_issuer",
    "canonical_name",
    "citation_doc_id",
    "is_shared_title",
    "known_document",
    "resolve_within",
    "title_doc_id",
    "title_key_of",
]

_SPACES = re.compile(r"[\s\u3000]+")

# ---------------------------------------------------------------------------
# issuers


@lru_cache(maxsize=1)
def _canonical_table() -> dict[str, str]:
    return {row[0]: row[2] for row in read_table("issuers.tsv") if len(row) > 2 and row[2]}


@lru_cache(maxsize=1)
def _forms() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(row[0]), row[1]) for row in read_table("issuer_forms.tsv"))


#: 市场监管总局, 市民…, 区域…, 省级… start with 市/区/省 without being relative names
_NOT_RELATIVE = ("市场", "市民", "市级", "市区", "区域", "区级", "省级", "县级")


def _place_in_front(name: str, where: Jurisdiction) -> str:
    """Relative names get the document's place: 市政府 -> 上海市政府, 区委 -> 上海市闵行区委."""
    if name.startswith("中共") and len(name) > 2:  # 中共区委, 中共越秀区委: the place goes after 中共
        return "中共" + _place_in_front(name[2:], where)
    if name.startswith(_NOT_RELATIVE) or len(name) < 2:
        return name
    first = name[0]
    if first == "市" and where.city:
        return where.city + name[1:]
    if first in "区县" and where.district and where.district.endswith(first):
        return where.district + name[1:]
    if first == "省" and where.province and where.province.endswith(("省", "自治区")):
        return where.province + name[1:]
    short = where.district_short
    if short and where.district != short and name.startswith(short):
        return where.city + name  # 江宁区人民政府 in a 南京市江宁区 document
    with_city = district_with_city(name)  # 浦东新区… anywhere: districts.tsv knows its city
    if with_city == name and where.city and district_at_start(name):
        return where.city + name  # 越秀区人民政府 in a 广州市 document: a district of that city
    return with_city


def _apply_forms(name: str) -> str:
    for pattern, replacement in _forms():
        name = pattern.sub(replacement, name, count=1)
    return name


@lru_cache(maxsize=8192)
def canonical_name(name: str, where: Jurisdiction = NOWHERE) -> str:
    """The full name of one organisation in the document's context (see the module docstring)."""
    name = _SPACES.sub("", name)
    table = _canonical_table()
    for _ in range(3):  # until nothing changes: a form may uncover a relative name (经区政府)
        before = name
        name = _apply_forms(table.get(name, name))
        name = _apply_forms(_place_in_front(name, where))
        name = table.get(name, name)
        if name == before:
            break
    return name


def canonical_issuer(issuer: Optional[str], where: Jurisdiction = NOWHERE) -> Optional[str]:
    """Joint issuers (joined by 、) each made canonical, repeats dropped, order kept."""
    if not issuer:
        return None
    names: list[str] = []
    for part in _SPACES.sub("", issuer).split(JOIN):
        if part:
            name = canonical_name(part, where)
            if name not in names:
                names.append(name)
    return JOIN.join(names) or None


def _names(issuer: Optional[str]) -> frozenset:
    return frozenset(n for n in issuer.split(JOIN) if n) if issuer else frozenset()


# ---------------------------------------------------------------------------
# titles and the data tables


#: 关于印发《X》的通知: the notice that issues X is cited for X (one document, one number:
#: 国发〔2021〕9号 is 国务院关于印发全民科学素质行动规划纲要（2021—2035年）的通知 and the 纲要)
_ISSUING_NOTICE = re.compile(r"^关于印发(?P<inner>.+)的通知$")
_TITLE_MARKS = re.compile(r"[《〈<＜]")


def _issued_document(title: str) -> str:
    """X for 关于印发X的通知 when it issues one document (not 关于印发《A》和《B》的通知)."""
    m = _ISSUING_NOTICE.match(title)
    if m and len(_TITLE_MARKS.findall(m.group("inner"))) <= 1:
        return m.group("inner")
    return title


@lru_cache(maxsize=8192)
def title_parts(title: str) -> tuple[Optional[str], str]:
    """(issuers named before 关于 in the title, title key of the rest; the issued document's
    for a 关于印发…的通知)."""
    named, rest = normalize.split_issuer_prefix(normalize.clean_title(title))
    return named, normalize.title_key(_issued_document(rest))


def title_key_of(title: Optional[str]) -> str:
    """The identity key of a title: issuer names before 关于 removed, widths etc. unified."""
    return title_parts(title)[1] if title else ""


@lru_cache(maxsize=1)
def _shared_titles() -> frozenset:
    return frozenset(title_key_of(row[0]) for row in read_table("shared_titles.tsv") if row and row[0])


def is_shared_title(key: str) -> bool:
    """Whether different issuers gave documents this title key (data/shared_titles.tsv)."""
    return key in _shared_titles()


class _Known:
    __slots__ = ("doc_id", "issuers", "year", "serial")

    def __init__(self, doc_id: str, issuers: frozenset) -> None:
        self.doc_id = doc_id
        self.issuers = issuers
        m = re.search(r"〔(\d{4})〕(.+)号$", doc_id)
        self.year, self.serial = (int(m.group(1)), m.group(2)) if m else (None, None)


@lru_cache(maxsize=1)
def _known_documents() -> dict[str, tuple[_Known, ...]]:
    """title key -> known documents of that title (data/known_documents.tsv, aliases too)."""
    table: dict[str, list[_Known]] = {}
    for row in read_table("known_documents.tsv"):
        number, title = row[0], row[1]
        known = _Known("num:" + normalize.normalize_number(number), _names(canonical_issuer(row[2] if len(row) > 2 else None)))
        aliases = [a.strip() for a in row[3].split(" | ")] if len(row) > 3 and row[3] else []
        for t in (title, *aliases):
            table.setdefault(title_key_of(t), []).append(known)
    return {k: tuple(v) for k, v in table.items()}


#: place words in a title that the issuer's or the citing document's place completes:
#: 《关于推进本市…的实施意见》 of 广州 and of 上海 are two documents
_RELATIVE_PLACES = (
    ("本市", "city"), ("我市", "city"), ("全市", "city"),
    ("本区", "district"), ("我区", "district"), ("全区", "district"), ("本县", "district"), ("我县", "district"), ("全县", "district"),
    ("本省", "province"), ("我省", "province"), ("全省", "province"),
)


def relative_place(key: str, issuer: Optional[str], where: Jurisdiction = NOWHERE) -> Optional[str]:
    """The place a title's 本市/本区/本省 … stands for: the (first) issuer's own place when its
    name gives one, else the citing document's; None for titles without such words."""
    level = next((lvl for word, lvl in _RELATIVE_PLACES if word in key), None)
    if level is None:
        return None
    first = issuer.split(JOIN)[0] if issuer else ""
    own = getattr(place_at_start(first), level) if first else None
    return own or getattr(where, level)


def _known_in(place: Optional[str], known: "_Known") -> bool:
    """Whether a known document's issuers belong to the place a relative title names."""
    return place is None or any(place_at_start(n).city == place or place_at_start(n).district == place
                                or place_at_start(n).province == place for n in known.issuers)


def known_document(title: Optional[str], issuer: Optional[str], where: Jurisdiction = NOWHERE) -> Optional[tuple[str, frozenset]]:
    """(num: id, canonical issuer names) of the known document a title cited without a number is.

    The issuer the text names (in the title or around it) must be one of the document's;
    a title the text gives no issuer for must be unambiguous: one known document, and not
    a shared title. A title with 本市/本区 … must be of the place they stand for.
    """
    if not title:
        return None
    named, key = title_parts(title)
    canonical = canonical_issuer(named or issuer, where)
    who = _names(canonical)
    if not who and is_shared_title(key):
        return None
    place = relative_place(key, canonical, where)
    hits = {(k.doc_id, k.issuers) for k in _known_documents().get(key, ()) if (not who or who <= k.issuers) and _known_in(place, k)}
    return next(iter(hits)) if len({doc for doc, _ in hits}) == 1 else None


def _known_number(number: DocNumber, title: Optional[str]) -> Optional[str]:
    """The known id of a numbered title whose code differs from the table's while the title,
    year and serial agree (沪组委2019发字126号 for 沪委组〔2019〕发字126号): a typo in the code."""
    if not title or number.year is None or not number.serial:
        return None
    fits = {k.doc_id for k in _known_documents().get(title_key_of(title), ()) if k.year == number.year and k.serial == number.serial}
    return next(iter(fits)) if len(fits) == 1 else None


def citation_doc_id(
    number: Optional[DocNumber],
    title: Optional[str],
    issuer: Optional[str],
    where: Jurisdiction = NOWHERE,
    *,
    issuer_in_text: bool = True,
    use_known: bool = True,
) -> Optional[str]:
    """The doc_id of one citation (steps 1-4 of the module docstring; not the within-document step)."""
    if number is not None:
        return (_known_number(number, title) if use_known else None) or "num:" + number.normalized
    if not title:
        return None
    text_issuer = issuer if issuer_in_text else None
    if use_known:
        known = known_document(title, text_issuer, where)
        if known:
            return known[0]
    named, key = title_parts(title)
    who = canonical_issuer(named or text_issuer, where)
    if who and is_shared_title(key):
        return f"title:{key}@{who}"
    place = relative_place(key, who, where)
    return f"title:{key}@{place}" if place else f"title:{key}"


def title_doc_id(title: str, issuer: Optional[str] = None, where: Jurisdiction = NOWHERE) -> Optional[str]:
    """The doc_id of a document named by its title only (e.g. an entry of ``Citation.cites``),
    exactly as a citation of that title would get it."""
    return citation_doc_id(None, title, issuer, where, issuer_in_text=issuer is not None)


# ---------------------------------------------------------------------------
# within one document


def _title_part(doc_id: str) -> tuple[str, Optional[str]]:
    key = doc_id[len("title:"):]
    if "@" in key:
        key, who = key.rsplit("@", 1)
        return key, who
    return key, None


def _variant_key(key: str) -> Optional[str]:
    """Small title variants of one document of the same years (行动计划纲要 / 行动规划纲要
    (2021-2035年)) share this key; titles without years get none (the 2006 and 2021
    纲要 are different documents)."""
    if not re.search(r"(?:19|20)\d\d", key):
        return None
    return re.sub(r"[计规]划", "划", key).replace("的", "")


def _who(c: Citation) -> frozenset:
    return _names(c.issuer_canonical)


def resolve_within(citations: Iterable[Citation]) -> list[Citation]:
    """Unify the ids of one document's citations (never across documents):

    * one title cited with numbers that differ only in the code (same year and serial) is
      one document: the smallest id (after the known-documents table has had its say);
    * a title cited without a number takes the number the same title has in this document,
      when exactly one number's issuers fit the issuers it names;
    * a shared title cited without an issuer takes the one document (number or issuer)
      the document gives that title;
    * small variants of a title with the same years (计划纲要 / 规划纲要) share one id.
    """
    citations = _merge_mistyped_numbers(list(citations))
    numbers: dict[str, dict[str, frozenset]] = {}
    qualified: dict[str, set[str]] = {}
    for c in citations:
        if not c.doc_id or not c.title or c.kind == "mention":
            continue
        key = title_key_of(c.title)
        # a number stated with a year, or one the known-documents table gave the title
        if c.doc_id.startswith("num:") and (c.doc_number is None or c.doc_number.year):
            numbers.setdefault(key, {})[c.doc_id] = numbers.get(key, {}).get(c.doc_id, frozenset()) | _who(c)
        elif c.doc_id.startswith("title:") and c.issuer_canonical and _title_part(c.doc_id)[1] == c.issuer_canonical:
            qualified.setdefault(key, set()).add(c.doc_id)  # a shared title with its issuer (not a 本市 title's place)
    out = []
    for c in citations:
        if c.doc_id and c.doc_id.startswith("title:") and c.title and c.kind != "mention":
            key, who = title_key_of(c.title), _who(c)
            nums = numbers.get(key, {})
            fitting = {doc for doc, by in nums.items() if not who or not by or who & by}
            if who and len(fitting) == 1:
                c = dataclasses.replace(c, doc_id=next(iter(fitting)))
            elif not who:
                documents = set(nums) | qualified.get(key, set())
                if len(documents) == 1:
                    c = dataclasses.replace(c, doc_id=next(iter(documents)))
        out.append(c)
    return _merge_variants(out)


def _merge_mistyped_numbers(citations: list[Citation]) -> list[Citation]:
    groups: dict[tuple[str, int, str], set[str]] = {}
    for c in citations:
        n = c.doc_number
        if c.title and n is not None and n.year and n.serial and c.doc_id and c.doc_id.startswith("num:"):
            groups.setdefault((title_key_of(c.title), n.year, n.serial), set()).add(c.doc_id)
    canon = {doc: min(ids) for ids in groups.values() if len(ids) > 1 for doc in ids}
    return [dataclasses.replace(c, doc_id=canon[c.doc_id]) if c.doc_id in canon else c for c in citations]


def _merge_variants(citations: list[Citation]) -> list[Citation]:
    groups: dict[tuple[str, Optional[str]], set[str]] = {}
    for c in citations:
        if c.doc_id and c.title and c.kind != "mention":
            v = _variant_key(title_key_of(c.title))
            if v:
                who = _title_part(c.doc_id)[1] if c.doc_id.startswith("title:") else None
                groups.setdefault((v, who), set()).add(c.doc_id)
    canon: dict[str, str] = {}
    for ids in groups.values():
        if len(ids) > 1:
            nums = sorted(i for i in ids if i.startswith("num:"))
            if len(nums) > 1:
                continue  # two numbers: two documents, whatever the titles say
            target = nums[0] if nums else min(ids)
            for i in ids:
                canon[i] = target
    return [dataclasses.replace(c, doc_id=canon[c.doc_id]) if c.doc_id in canon else c for c in citations]
