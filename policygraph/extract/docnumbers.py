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
    return {row[0]: (row[1], row[2] if len(row) > 2 else "unknown") for row in read_table("issuer_codes.tsv")}


@lru_cache(maxsize=1)
def _codes_longest_first() -> tuple[str, ...]:
    return tuple(sorted(_codes(), key=len, reverse=True))


_ORG_THEN_CODE = re.compile(
    r"(?P<org>.{2,}?(?:中心|局|委员会|委|办公室|办公厅|政府|协会|学会|院|所|部|厅|署|馆|站|会))"
    r"(?=(?:沪|国|中|京|津|渝|[浦黄徐长静普虹杨闵宝嘉金松青奉崇][府委财发科教卫民])[\u3400-\u9fff]{1,7}$)"
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
    best = None
    for code in _codes_longest_first():
        i = rest.find(code)
        if i == 0:
            return cut
        # cut off the prose or name before a known code (上海市人民政府沪府发, 围绕沪府发,
        # 国家发改委发改社会), but never one or two characters of an unknown code for a
        # two-character known one (京科协 stays 京科协)
        while i > 0 and not (i >= 3 or len(code) >= 3):
            i = rest.find(code, i + 1)
        if i > 0 and (best is None or i < best):
            best = i
    if best is not None:
        return cut + best
    # an organisation's name run into an unknown code: 上海市学生资助管理中心沪教资规〔2023〕6号
    m = _ORG_THEN_CODE.match(rest)
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
        if wrapped > 0 and _CODE_CHAR.match(text[wrapped - 1]):
            end = wrapped
    start = end
    chars: list[str] = []
    while start > 0 and len(chars) < max_len:
        ch = text[start - 1]
        if _CODE_CHAR.match(ch):
            chars.append(ch)
            start -= 1
            continue
        # a code wrapped at the end of a line: 《国科\n发火字（1994）304号
        if ch == "\n" and chars and start >= 2 and _CODE_CHAR.match(text[start - 2] if text[start - 2] != "\r" else text[start - 3]):
            start -= 2 if text[start - 2] == "\r" else 1
            continue
        break
    run = "".join(reversed(chars)) + tail
    if not run:
        return pos, None
    cut = trim_code(run, known_inside=not tail)
    code = run[cut:]
    if not code or "号" in code:  # 1号线（2021）: a line number, not a code
        return pos, None
    return start + cut, code


def lookup_code(code: Optional[str]) -> Optional[tuple[str, str, str]]:
    """(matched code, issuer, level) for the longest known prefix of ``code``."""
    if not code:
        return None
    table = _codes()
    for known in _codes_longest_first():
        if code.startswith(known):
            issuer, level = table[known]
            return known, issuer, level
    return None


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
    return None


def code_looks_like_org(code: Optional[str]) -> bool:
    """A full organisation name written where the code belongs (上海市委机构编制委员会〔2019〕191号)."""
    return bool(code) and len(code) >= 4 and bool(_ORG_SUFFIX.search(code))


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
