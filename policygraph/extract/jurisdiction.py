"""Where a budget document comes from: the place that 市政府, 区委, 市科委 … refer to.

A Shanghai document's 市政府 is 上海市人民政府, a Shenzhen document's is 深圳市人民政府,
and a Futian district document's 区政府 is 深圳市福田区人民政府. Issuer names are made
canonical in this context (``identity.canonical_issuer``), so the context must come from
the document itself and from nothing else (not from other files of a batch):

1. the department (``DocumentRecord.department``: 上海市闵行区教育局);
2. else the document's title (上海市2023年市级部门预算, 浙江省省级部门项目支出绩效目标申报表);
3. else the first lines of the text (a budget document opens with its department's name);
4. else its budget units.

The first of these that *starts* with a place name decides. Places are read from the
tables of provincial-level units (``data/regions.tsv``), cities (``data/cities.tsv``) and
districts (``data/districts.tsv``), else by shape (two or three characters before 省/市, a
district of up to four characters before 区/县 after a city). A document none of these
place gets :data:`NOWHERE`: its relative names (市政府) stay as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from .cite_data import read_table

__all__ = ["Jurisdiction", "NOWHERE", "district_at_start", "district_with_city", "jurisdiction_of", "place_at_start"]


@dataclass(frozen=True)
class Jurisdiction:
    """Full names of the province (or municipality), city and district a document belongs to.

    For Shanghai's districts: ``Jurisdiction("上海市", "上海市", "上海市闵行区")``; for a city of
    a province whose name the document does not give: ``Jurisdiction(None, "深圳市", "深圳市福田区")``.
    """

    province: Optional[str] = None
    city: Optional[str] = None
    district: Optional[str] = None

    def __bool__(self) -> bool:
        return bool(self.province or self.city or self.district)

    @property
    def district_short(self) -> Optional[str]:
        """The district without its city: 闵行区 for 上海市闵行区."""
        if self.district and self.city and self.district.startswith(self.city):
            return self.district[len(self.city):]
        return self.district


NOWHERE = Jurisdiction()

#: words ending in 区 that are no district (社区, 园区, 长三角区域 …; 鹿城区 is one)
_NOT_DISTRICT = ("社区", "园区", "小区", "校区", "地区", "片区", "景区", "街区", "城区", "辖区", "郊区", "市区")
_NOT_DISTRICT_END = ("开发区", "保税区", "自贸区", "示范区", "试验区", "功能区", "综合区")
_NOT_DISTRICT_NEXT = "域别块间位划"
_HAN = r"[\u3400-\u9fff]"
_GENERIC_PROVINCE = re.compile(rf"{_HAN}{{2,3}}?省")
#: prose before 市 is no city name (根据市…, 按照市…, 全市, 本市)
#: (a county's or district's name is in no city's: 德清县新市镇 is the county 德清县's town 新市镇, no city 德清县新市)
_GENERIC_CITY = re.compile(rf"(?![本全该各我市省区县根按依据为在由对向经从])(?:(?!的|和|与|及|县|区){_HAN}){{2,4}}?市(?![场级属直镇])")
_GENERIC_DISTRICT = re.compile(rf"{_HAN}{{1,4}}?[区县]")
#: a county's name by shape at the start of a name: two or three characters before 县 (not 本县, 全县 …)
_COUNTY = re.compile(rf"(?![本全该各我每])(?:{_HAN}){{2,3}}?县(?![城域级委政])")
_LEADING = re.compile(r"^[\s#>*\-—·•　]*(?:中共|中国共产党)?")


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    """Full name -> kind (municipality, province, region) of the provincial-level units."""
    return {row[1]: row[2] for row in read_table("regions.tsv") if len(row) > 2}


@lru_cache(maxsize=1)
def _cities() -> tuple[str, ...]:
    return tuple(sorted({row[1] for row in read_table("cities.tsv") if len(row) > 1}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _districts() -> dict[str, str]:
    """Short district name -> full name: 闵行区 -> 上海市闵行区 (from districts.tsv)."""
    out: dict[str, str] = {}
    for row in read_table("districts.tsv"):
        if len(row) > 1:
            full = row[1]
            city = next((c for c in (*_regions(), *_cities()) if full.startswith(c) and full != c), None)
            out[full[len(city):] if city else full] = full
    return out


def district_with_city(name: str) -> str:
    """A name that starts with a district of districts.tsv written without its city gets the
    city in front: 闵行区人民政府 -> 上海市闵行区人民政府 (whatever the document's place)."""
    for short in sorted(_districts(), key=len, reverse=True):
        if name.startswith(short):
            full = _districts()[short]
            return full + name[len(short):] if full != short else name
    return name


def district_at_start(name: str) -> Optional[str]:
    """A district or county the name starts with (by table or shape, 越秀区…), not preceded by a
    province or city."""
    if place_at_start(name).city or place_at_start(name).province:
        return None
    return _district_at(_LEADING.sub("", name), 0, by_shape=True)


def _district_at(text: str, pos: int, *, by_shape: bool) -> Optional[str]:
    """A district (or county) name starting at ``pos``, by table, or by shape after a city."""
    for short in sorted(_districts(), key=len, reverse=True):
        if text.startswith(short, pos):
            return short
    m = _GENERIC_DISTRICT.match(text, pos) if by_shape else None
    if not m:
        return None
    name = m.group(0)
    if name in _NOT_DISTRICT or name.endswith(_NOT_DISTRICT_END) or text[m.end():m.end() + 1] in tuple(_NOT_DISTRICT_NEXT) or len(name) < 2:
        return None
    return name


@lru_cache(maxsize=4096)
def place_at_start(name: str) -> Jurisdiction:
    """The place a name (department, title, first line) starts with, or NOWHERE."""
    text = _LEADING.sub("", name)
    province = city = district = None
    pos = 0
    for region, kind in sorted(_regions().items(), key=lambda kv: len(kv[0]), reverse=True):
        if text.startswith(region):
            province, pos = region, len(region)
            if kind == "municipality":
                city = region
            break
    else:
        m = _GENERIC_PROVINCE.match(text)
        if m:
            province, pos = m.group(0), m.end()
    if city is None:
        found = next((c for c in _cities() if text.startswith(c, pos)), None)
        if found is None:
            m = _GENERIC_CITY.match(text, pos)
            found = m.group(0) if m else None
        if found:
            city, pos = found, pos + len(found)
    short = _district_at(text, pos, by_shape=city is not None) if (city or pos == 0) else None
    if short is None and pos == 0:
        m = _COUNTY.match(text)  # 西充县教育局2023年部门预算: a county named without its city
        short = m.group(0) if m else None
    if short:
        full = _districts().get(short)
        if city is None and full:  # 浦东新区卫生健康委员会: the table knows the city
            city = next((c for c in (*_regions(), *_cities()) if full.startswith(c)), None)
            province = province or (city if city in _regions() else None)
        district = (city or "") + short if city else (full or short)
    return Jurisdiction(province, city, district)


def _first_lines(text: str, n: int = 8) -> Iterable[str]:
    """The first non-empty lines that look like headings (short, no 《》): a budget document
    opens with its department's name."""
    count = 0
    for line in text.splitlines():
        line = line.strip(" \t\u3000#>*")
        if line:
            if len(line) <= 40 and "《" not in line:
                yield line
            count += 1
            if count >= n:
                return


def jurisdiction_of(record, text: str = "") -> Jurisdiction:
    """The jurisdiction of a document record (see the module docstring for the order)."""
    candidates = [record.department, record.title, *_first_lines(text), *(u.name for u in record.units)]
    for candidate in candidates:
        if candidate:
            found = place_at_start(candidate)
            if found:
                return found
    return NOWHERE
