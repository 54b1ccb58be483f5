"""Document numbers (发文字号): trimming the issuer code, parsing, issuer look-up.

The regex rules (``patterns/citations.jsonl``, label DOCNUM) find where a number is;
they take every character run before the bracket as a candidate code, because a
regex cannot tell where 根据上海市委机构编制委员会 stops being prose. ``trim_code``
decides that here, with the issuer-code table (``data/issuer_codes.tsv``) first
and a list of words that never belong to a code second.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from .cite_data import read_table
from .models import DocNumber

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

#: words that end the prose before a code: the code starts after the last one.
#: Single characters only where they never occur inside a code.
_CODE_STOPPERS = re.compile(
    r"根据|依据|按照|依照|参照|遵照|遵循|围绕|结合|对照|参考|贯彻落实|贯彻|落实|执行|印发|下发|转发|发布|批准|批复|通知|意见|文件|号文|同意|设立|获得"
)
_CODE_STOPPERS_1 = re.compile(r"[见和及与的在由以即详请为对是了等第]")
#: characters that end a bare organisation name written where a code belongs
_ORG_SUFFIX = re.compile(r"(?:委员会|人民政府|政府|办公厅|办公室|局|部|委|厅|院|会|署|协会|科协|中心|小组)$")


def ascii_digits(text: str) -> str:
    return text.translate(_FULLWIDTH_DIGITS)


@lru_cache(maxsize=1)
def _codes() -> dict[str, tuple[str, str]]:
    """code -> (issuer, level): issuer_codes.tsv, then the codes generated from regions.tsv,
    districts.tsv, cities.tsv and code_templates.tsv (written-out entries win; the first
    generated wins: provinces, then Shanghai's districts, then cities)."""
    table = {row[0]: (row[1], row[2] if len(row) > 2 else "unknown") for row in read_table("issuer_codes.tsv")}
    for code, issuer, level in _generated_codes():
        table.setdefault(code, (issuer, level))
    return table


def _generated_codes() -> list[tuple[str, str, str]]:
    out = []
    templates = read_table("code_templates.tsv")
    for abbr, name, kind, gov, *flags in read_table("regions.tsv"):
        flags = set(flags[0].split(",")) if flags and flags[0] else set()
        if "skip" in flags:
            continue
        departments = False
        for scope, code, for_province, for_municipality, level in templates:
            if scope != "region":
                continue
            departments = departments or "{G}" not in code
            if "skip_departments" in flags and "{G}" not in code and not code.startswith(("{A}发", "{A}办发", "{A}委", "{A}组", "{A}宣")):
                continue
            issuer = for_municipality if kind == "municipality" else for_province
            out.append((code.format(A=abbr, G=gov), issuer.format(N=name), level))
    for abbr, name in read_table("districts.tsv"):
        for scope, code, issuer, _, level in templates:
            if scope == "district":
                out.append((code.format(A=abbr), issuer.format(N=name), level))
    for abbr, name, gov, *flags in read_table("cities.tsv"):
        gov_only = bool(flags) and "gov_only" in flags[0]
        for scope, code, issuer, _, level in templates:
            if scope == "city" and (not gov_only or "{G}" in code):
                out.append((code.format(A=abbr, G=gov), issuer.format(N=name), level))
    return out


@lru_cache(maxsize=1)
def _codes_longest_first() -> tuple[str, ...]:
    return tuple(sorted(_codes(), key=len, reverse=True))


@lru_cache(maxsize=1)
def _inner_code_regex() -> re.Pattern:
    """Every known code of two or more characters, at every position (overlapping, longest
    first at each position): where a known code starts inside a run of prose and code.
    One-character codes (财, 教 …) only name the issuer of a code already cut out."""
    codes = [re.escape(c) for c in _codes_longest_first() if len(c) >= 2]
    return re.compile("(?=(" + "|".join(codes) + "))")


@lru_cache(maxsize=1)
def _max_code_len() -> int:
    return max(len(c) for c in _codes())


@lru_cache(maxsize=1)
def _org_then_code() -> re.Pattern:
    """An organisation's full name run into an unknown code (上海市学生资助管理中心沪教资规,
    南京市人民政府宁政发): a name of four or more characters ending like an organisation,
    then two to eight characters opening the way codes open (a region's or district's
    abbreviation, or the first character of a known code), to the end of the run.
    上海市委机构编制委员会 stays whole: 机 opens no code."""
    starts = {c[0] for c in _codes()} | {row[0] for name in ("regions.tsv", "districts.tsv", "cities.tsv") for row in read_table(name)}
    first = "[" + "".join(sorted(starts)) + "]"
    # …or the first character of the place the organisation belongs to (杭州市政府杭政,
    # 中共成都市委成委发): cities' codes open with their own name's first character
    return re.compile(
        r"(?:中共)?(?P<place>[\u3400-\u9fff])?"
        r"(?P<org>.{2,}?(?:中心|局|委员会|委|办公室|办公厅|政府|协会|学会|院|所|部|厅|署|馆|站|会))"
        rf"(?<=....)(?=(?:{first}|(?P=place))[\u3400-\u9fff]{{1,7}}$)"
    )


def trim_code(run: str, *, known_inside: bool = True) -> int:
    """How many leading characters of ``run`` are prose, not part of the issuer code.

    ``known_inside=False`` keeps a longer code that contains a known one
    (中华人民共和国主席令 is written in full, not cut to 主席令).
    """
    cut = 0
    for m in _CODE_STOPPERS.finditer(run):
        cut = m.end()
    if not known_inside:
        return cut
    for m in _CODE_STOPPERS_1.finditer(run, cut):
        cut = m.end()
    rest = run[cut:]
    # a known code inside the rest: the code starts at the leftmost one
    # (上海市人民政府沪府发 -> 沪府发); a known code at position 0 wins at once.
    # Cut off the prose or name before a known code (上海市人民政府沪府发, 围绕沪府发,
    # 国家发改委发改社会), but never one or two characters of an unknown code for a
    # two-character known one (京科协 stays 京科协).
    for m in _inner_code_regex().finditer(rest):
        i, code = m.start(), m.group(1)
        if i == 0:
            return cut
        if i >= 3 or len(code) >= 3:
            return cut + i
    # an organisation's name run into an unknown code: 上海市学生资助管理中心沪教资规〔2023〕6号
    m = _org_then_code().match(rest)
    if m:
        return cut + m.end("org")
    # an issuer's name written before an unknown code: 财政部财综〔2014〕87号
    from .issuers import known_prefix

    name = known_prefix(rest)
    if name and len(rest) - len(name) >= 2:
        return cut + len(name)
    return cut


_CODE_CHAR = re.compile(r"[\u3400-\u9fffA-Za-z]")


def code_before(text: str, pos: int, *, tail: str = "", max_len: int = 24) -> tuple[int, Optional[str]]:
    """The issuer code written right before ``pos`` (spaces allowed before the bracket).

    Returns (start offset of the code, code) or (pos, None). ``tail`` is a part of the
    code the rule matched itself (令 of 主席令第69号).
    """
    end = pos
    while end > 0 and text[end - 1] in " \t\u3000":
        end -= 1
    if end > 0 and text[end - 1] == "\n":  # 沪府发\n〔2013〕5号: the bracket wrapped to the next line
        wrapped = end - 1 - (1 if end >= 2 and text[end - 2] == "\r" else 0)
        while wrapped > 0 and text[wrapped - 1] in " \t\u3000":
            wrapped -= 1  # a wrapped table cell pads the line (its border blanked): 国办发   ⏎   〔2017〕26号
        if wrapped > 0 and _CODE_CHAR.match(text[wrapped - 1]):
            end = wrapped
    start = end
    chars: list[str] = []
    offsets: list[int] = []  # where each character of the run is (a line break may sit between two)
    while start > 0 and len(chars) < max_len:
        ch = text[start - 1]
        if _CODE_CHAR.match(ch):
            chars.append(ch)
            offsets.append(start - 1)
            start -= 1
            continue
        # a code wrapped at the end of a line: 《国科\n发火字（1994）304号
        if ch == "\n" and chars and start >= 2 and _CODE_CHAR.match(text[start - 2] if text[start - 2] != "\r" else text[start - 3]):
            start -= 2 if text[start - 2] == "\r" else 1
            continue
        # …and a short piece of it on an indented continuation line (pdftotext -layout): （沪绿⏎        容〔2017〕201号
        if ch in " \t\u3000" and 0 < len(chars) <= 2:
            k = start - 1
            while k > 0 and text[k - 1] in " \t\u3000":
                k -= 1
            if k > 0 and text[k - 1] == "\n":
                prev = k - 2 - (1 if k >= 2 and text[k - 2] == "\r" else 0)
                while prev >= 0 and text[prev] in " \t\u3000":
                    prev -= 1
                if prev >= 0 and _CODE_CHAR.match(text[prev]):
                    start = prev + 1
                    continue
        break
    chars.reverse()
    offsets.reverse()
    if chars and chars[0] == "年" and start > 0 and text[start - 1].isdigit():
        del chars[0], offsets[0]  # 2010年上海市人民政府令第38号: the year the order was made, then its issuer
    run = "".join(chars) + tail
    if not run:
        return pos, None
    cut = trim_code(run, known_inside=not tail)
    code = run[cut:]
    if not code or "号" in code:  # 1号线（2021）: a line number, not a code
        return pos, None
    return (offsets[cut] if cut < len(offsets) else pos), code


def lookup_code(code: Optional[str]) -> Optional[tuple[str, str, str]]:
    """(matched code, issuer, level) for the longest known prefix of ``code``."""
    if not code:
        return None
    table = _codes()
    for n in range(min(len(code), _max_code_len()), 0, -1):
        hit = table.get(code[:n])
        if hit:
            if n == 1 and code_looks_like_org(code):
                return None  # 财政局〔2020〕3号: an organisation's name, not a code opening with 财
            return code[:n], hit[0], hit[1]
    return None


@lru_cache(maxsize=1)
def _renames() -> dict[str, tuple[tuple[str, int], ...]]:
    out: dict[str, list[tuple[str, int]]] = {}
    for issuer, former, year in read_table("issuer_renames.tsv"):
        out.setdefault(issuer, []).append((former, int(year)))
    return {k: tuple(v) for k, v in out.items()}


def issuer_in_year(issuer: str, year: Optional[int]) -> str:
    """The code table's issuer as it was named in ``year`` (data/issuer_renames.tsv): 环发〔2015〕175号
    is 环境保护部's, 环发〔2019〕… 生态环境部's."""
    if year is None:
        return issuer
    for former, since in _renames().get(issuer, ()):
        if year < since:
            issuer = former
    return issuer


@lru_cache(maxsize=1)
def _code_level_rules() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(row[0]), row[1]) for row in read_table("code_levels.tsv"))


def code_level(code: Optional[str]) -> Optional[str]:
    """Level of a document from its issuer code: the code table, else how the code begins."""
    hit = lookup_code(code)
    if hit:
        return hit[2]
    for pattern, level in _code_level_rules() if code else ():
        if pattern.search(code):
            return level
    return _region_level(code)


@lru_cache(maxsize=1)
def _region_level_regex() -> tuple[re.Pattern, re.Pattern]:
    abbrs = "[" + "".join(row[0] for row in read_table("regions.tsv")) + "]"
    return re.compile(rf"^{abbrs}(?:委|组|宣|发$|办发)"), re.compile(rf"^{abbrs}")


def _region_level(code: Optional[str]) -> Optional[str]:
    """Codes opening with a provincial-level abbreviation not in the tables (宁政发 may be
    宁夏's or 南京's: either way a government above the districts): party for 委/组/宣 and
    joint 发/办发 codes, else municipal (provincial and city governments and their departments)."""
    if not code:
        return None
    party, regional = _region_level_regex()
    if party.match(code):
        return "party"
    return "municipal" if regional.match(code) else None


def code_looks_like_org(code: Optional[str]) -> bool:
    """A full organisation name written where the code belongs (上海市委机构编制委员会〔2019〕191号,
    财政局〔2020〕3号; three characters only with 局/厅, since 沪教委 is a code)."""
    if not code or not _ORG_SUFFIX.search(code):
        return False
    return len(code) >= 4 or (len(code) == 3 and code[-1] in "局厅")


def issuer_written_in_code(code: Optional[str]) -> Optional[str]:
    """The issuer a code spells out: 上海市委机构编制委员会〔2019〕191号, 国家税务总局公告2021年第3号."""
    if not code:
        return None
    from .issuers import orgs_only

    for tail in ("公告", "令"):
        if code.endswith(tail) and len(code) > len(tail) + 1:
            names = orgs_only(code[: -len(tail)])
            if names:
                return "、".join(names)
    return code if code_looks_like_org(code) else None


def make_number(text: str, code: Optional[str], year: Optional[str], serial: Optional[str], mid: Optional[str] = None) -> DocNumber:
    """A DocNumber from the parts a rule matched; ``mid`` (发字 written after the year) joins the code."""
    code = (code or "") + (mid or "")
    code = re.sub(r"\s+", "", code) or None
    year = re.sub(r"\s+", "", year) if year else year
    serial = re.sub(r"\s+", "", serial) if serial else serial
    y = int(ascii_digits(year)) if year else None
    if y is not None and not (1949 <= y <= 2100):
        y = None
    return DocNumber(text=text, issuer_code=code, year=y, serial=ascii_digits(serial) if serial else None)


def normalize_number_text(text: str) -> str:
    """Normalise a number written as text (for comparisons): 〔〕, no spaces, no 第, half-width digits."""
    t = ascii_digits(re.sub(r"\s+", "", text))
    t = re.sub(r"[\[（(【﹝［〖]", "〔", t, count=1)
    t = re.sub(r"[\]）)】﹞］〗]", "〕", t, count=1)
    return t.replace("第", "")


def own_place_issuer(code: Optional[str], where) -> Optional[tuple[str, str]]:
    """(issuer, level) of a code no table knows, read with the citing document's own place
    (``jurisdiction.Jurisdiction``): a county's or district's codes open with its first
    character (西充县教育局's 西府发 = 西充县人民政府, 西府办发 = 西充县人民政府办公室; a Futian
    document's 福府办 = 深圳市福田区人民政府办公室), a city's with its own (the "district"
    and "city" rows of code_templates.tsv). Longest template wins; the district before the city."""
    if not code or not where:
        return None
    hit = lookup_code(code)
    if hit is not None and hit[0] not in _other_cities_codes(where):
        return None  # a table's code wins, except another city's over the document's own county (长政发 in 长兴县)
    templates = read_table("code_templates.tsv")
    places = []
    # a district of a province's city (not of 北京/上海/天津/重庆) names some bureaus otherwise (卫生健康局,
    # not 卫生健康委员会: code_templates.tsv's fourth column), and may write its city's abbreviation first
    # (穗天府办, 穗天卫: 广州市天河区)
    provincial_city = bool(where.city and where.city != where.province)
    if where.district:
        short = where.district_short or where.district
        abbr = place_abbreviation(short)
        city_abbr = next((row[0] for row in read_table("cities.tsv") if row[1] == where.city), None)
        places.append(("district", abbr, where.district))
        if city_abbr:
            places.append(("district", city_abbr + abbr, where.district))
    if provincial_city:
        places.append(("city", where.city[0], where.city))
    for scope, abbr, name in places:
        best = None
        for row in templates:
            if row[0] != scope:
                continue
            issuer = row[3] if scope == "district" and provincial_city and len(row) > 3 and row[3] else row[2]
            # a county writes 府 or 政 for its government (西府发, 长政发): both, as the cities' {G}
            for prefix in {row[1].format(A=abbr, G=g).replace(f"{abbr}府", f"{abbr}{g}", 1) for g in ("府", "政")}:
                if code.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
                    best = (prefix, issuer.format(N=name), row[4] if len(row) > 4 and row[4] else "unknown")
        if best and len(best[0]) >= 2:
            return best[1], best[2]
    return None


def place_abbreviation(short: str) -> str:
    """The character a district's or county's codes open with: its first (西充县 -> 西), but the
    second of a district named 市X区 after its place in the city (青岛市市南区's 南政办发, 南财预)."""
    if len(short) == 3 and short[0] == "市" and short[2] in "区县":
        return short[1]
    return short[0]


@lru_cache(maxsize=64)
def _other_cities_codes(where) -> frozenset:
    """Codes generated for places other than the document's own: in a county's document its own
    codes (长政发 of 长兴县) win over another city's (长沙市); in a document of a city outside
    Shanghai its own codes (长卫发 of 长沙市, 青教通字 of 青岛市) win over the tabled codes of
    Shanghai's districts (长宁区, 青浦区)."""
    templates = read_table("code_templates.tsv")
    out = set()
    if where.district and not (where.city and where.city != where.province):
        for abbr, name, gov, *flags in read_table("cities.tsv"):
            for scope, code, *_ in templates:
                if scope == "city":
                    out.add(code.format(A=abbr, G=gov))
    home = where.city or where.province
    if home:
        for abbr, name, *_ in read_table("districts.tsv"):
            if not name.startswith(home) and not (where.province and name.startswith(where.province)):
                for scope, code, *_ in templates:
                    if scope == "district":
                        out.add(code.format(A=abbr))
    return frozenset(out)
