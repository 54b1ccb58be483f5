"""Money amounts in running text: 万元/元/亿元, 约/左右/余, thousands separators, spaces, quarters.

All searches run on the folded view (``text.fold``), so full-width digits are
plain digits and offsets are offsets into the source text.

    >>> from policygraph.extract.amounts import find_amounts
    >>> [a.yuan for a in find_amounts("预算1,386.97万元，其中子项目约27万元左右")]
    [13869700, 270000]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Callable, Optional

from .models import Amount, Span

#: unit word -> multiplier to yuan. "万" alone ("42.78万", "（10 万）") is common.
UNITS = {"亿元": 100_000_000, "亿": 100_000_000, "千万元": 10_000_000, "千万": 10_000_000, "百万元": 1_000_000, "百万": 1_000_000,
         "万元": 10_000, "万": 10_000, "千元": 1_000, "元": 1}

# A line wrap of text converted from PDF: the line goes on after the break and the indent.
_WRAP = r"(?:\r?\n[ \t]*)"
# Digits, possibly wrapped once ("2\n5.23万元" is 25.23万元 printed over two lines).
_DIGITS = rf"\d+(?:{_WRAP}\d+)?"
# A number as printed: 1,386.97 / 1386.97 / 1 386 (PDF spaces) / 5.0, wrapped or not
_NUMBER = rf"{_DIGITS}(?:(?:,{_WRAP}?\d{{3}})+|(?: \d+)+)?(?:{_WRAP}?\.(?:{_WRAP}|\s)?{_DIGITS})?"
# 余 sits between number and unit ("30余万元"); a rate like "15万/项", "200元/人/天" is not an amount.
# The unit may be bracketed ("300.00（万元）"); a minus sign counts where no word runs into it
# ("调减-50万元", not the range "1-3万元").
_UNIT_WORDS = r"亿元|千万元|百万元|万元|千元|亿|千万|百万|万|元"
AMOUNT_RE = re.compile(
    rf"(?<![\d.,])(?P<sign>(?<![\w)）])[-−－])?(?P<num>{_NUMBER})(?:[ \t]|{_WRAP})?(?P<more>余|多)?[ \t]?"
    rf"(?:\((?P<punit>亿元|万元|千元|元)\)|(?P<unit>{_UNIT_WORDS})(?!元))(?P<rmb>人民币)?(?!/|\d)"
)
# The unit in the label, the number bare after it: "预算金额（万元）：30.5", "年度预算（元） 280000.00"
LABEL_UNIT_RE = re.compile(
    r"(?:预算|金额|资金|经费|投入|总额|安排)[^\n，,。；;:：()]{0,8}\((?P<unit>亿元|万元|元)\)[ \t]*[:：]?[ \t]*"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d.,%万亿元年月日号个人次项家])"
)
_APPROX_BEFORE = re.compile(r"(约|大约|近|约为|预计约|估计|大概)\s*$")
_APPROX_AFTER = re.compile(r"^\s*(左右|上下|以内|之内)")

# Quarterly shares: "第一季度40%", "2023年1季度，执行30%", "第一季度经费执行率为0"
_QUARTER_RE = re.compile(r"(?:第\s*(?P<cn>[一二三四1-4])\s*季度|(?<![\d])(?P<d>[1-4])\s*季度|Q(?P<q>[1-4]))")
_PERCENT_RE = re.compile(r"(?P<pct>\d+(?:\.\d+)?)\s*%|率为\s*(?P<zero>0)(?![.\d%])")
# Four shares listed after the word 季度: "分季度执行比例分别为：25%、25%、25%、25%", "一至四季度分别执行30%，30%，20%，20%"
_PCT = r"(?P<q{n}>\d+(?:\.\d+)?)\s*%"
_QUARTER_LIST = re.compile(
    r"季度[^。；;%\d]{0,24}?" + r"\s*[、，,/和及]\s*".join(_PCT.format(n=n) for n in (1, 2, 3, 4)) + r"(?!\s*[、，,/]\s*\d)"
)
_CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class FoundAmount:
    """An amount found in text, with the match boundaries used by callers to read context."""

    amount: Amount
    start: int
    end: int


def to_yuan(number: str, unit: str) -> Optional[int]:
    """'1,386.97', '万元' -> 13869700; None when the number cannot be read."""
    digits = re.sub(r"[,\s]", "", number)
    try:
        value = Decimal(digits) * UNITS[unit]
    except (InvalidOperation, KeyError):
        return None
    return int(value.to_integral_value())


def find_amounts(view: str, start: int = 0, end: Optional[int] = None, *, src: Optional[str] = None,
                 span_of: Optional[Callable[[int, int], Span]] = None) -> list[FoundAmount]:
    """Every money amount in ``view[start:end]`` (rates such as 15万/项 excluded)."""
    end = len(view) if end is None else end
    src = view if src is None else src
    out = []
    pos = start
    while True:
        m = AMOUNT_RE.search(view, pos, end)
        if m is None:
            break
        if not _wrap_allowed(view, start, m):
            pos = view.index("\n", m.start()) + 1  # the part after the break may be an amount itself
            continue
        pos = m.end()
        a_start, a_end = m.start(), m.end()
        before = view[max(start, a_start - 6) : a_start]
        approx = bool(m.group("more")) or bool(_APPROX_BEFORE.search(before))
        after = view[a_end : min(end, a_end + 4)]
        tail = _APPROX_AFTER.match(after)
        if tail:
            approx = True
            a_end += tail.end()
        yuan = to_yuan(m.group("num"), m.group("unit") or m.group("punit"))
        if yuan is not None and m.group("sign"):
            yuan = -yuan
        span = span_of(a_start, a_end) if span_of else Span(a_start, a_end, view.count("\n", 0, a_start) + 1)
        out.append(FoundAmount(Amount(yuan=yuan, text=src[a_start:a_end], span=span, approximate=approx), a_start, a_end))
    labelled = [m for m in LABEL_UNIT_RE.finditer(view, start, end) if not any(f.start < m.end("num") and m.start("num") < f.end for f in out)]
    for m in labelled:
        a_start, a_end = m.start("num"), m.end("num")
        span = span_of(a_start, a_end) if span_of else Span(a_start, a_end, view.count("\n", 0, a_start) + 1)
        out.append(FoundAmount(Amount(yuan=to_yuan(m.group("num"), m.group("unit")), text=src[a_start:a_end], span=span), a_start, a_end))
    numerals = []
    spans = sorted((f.end, f.start) for f in out)
    ends = [e for e, _ in spans]
    for m in CN_AMOUNT_RE.finditer(view, start, end):
        yuan = cn_yuan(m)
        # amounts in digits do not overlap each other: the first one ending after this numeral's
        # start is the only one that can overlap it
        k = bisect_right(ends, m.start())
        if yuan is None or (k < len(spans) and spans[k][1] < m.end()):
            continue
        numerals.append(m)
        a_start, a_end = m.start("cn"), m.end()
        span = span_of(a_start, a_end) if span_of else Span(a_start, a_end, view.count("\n", 0, a_start) + 1)
        approx = bool(_APPROX_BEFORE.search(view[max(start, a_start - 6) : a_start]))
        out.append(FoundAmount(Amount(yuan=yuan, text=src[a_start:a_end], span=span, approximate=approx), a_start, a_end))
    if labelled or numerals:
        out.sort(key=lambda f: f.start)
    return out


# ---------------------------------------------------------------------------
# amounts in Chinese numerals: "人民币叁拾万元整", "壹佰贰拾万伍仟元", "五十万元"

_CN_DIGIT = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
_CN_DIGIT.update({c: i for i, c in enumerate("〇一二三四五六七八九")})
_CN_DIGIT["两"] = 2
_CN_SMALL = {"拾": 10, "十": 10, "佰": 100, "百": 100, "仟": 1000, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN_CHARS = "".join(_CN_DIGIT) + "".join(_CN_SMALL) + "".join(_CN_BIG)
_CAPITALS = re.compile(r"[壹贰叁肆伍陆柒捌玖拾佰仟]")
CN_AMOUNT_RE = re.compile(
    rf"(?P<rmb>人民币[:：]?\s*)?(?<![\d.数几上余多第])(?P<cn>[{_CN_CHARS}]+)元(?:(?P<jiao>[{_CN_CHARS}])角)?(?:(?P<fen>[{_CN_CHARS}])分)?(?P<zheng>整)?"
)


def cn_number(numeral: str) -> Optional[int]:
    """'叁拾万' -> 300000, '壹佰贰拾万伍仟' -> 1205000, '一千零五十' -> 1050; None if malformed."""
    total, section, digit = 0, 0, None
    for ch in numeral:
        if ch in _CN_DIGIT:
            if digit is not None and _CN_DIGIT[ch] != 0 and digit != 0:
                return None  # two digits in a row ("一二") is no number
            digit = _CN_DIGIT[ch]
        elif ch in _CN_SMALL:
            section += (1 if digit is None else digit) * _CN_SMALL[ch]
            digit = None
        elif ch in _CN_BIG:
            section += digit or 0
            if section == 0 and total == 0:
                return None
            total = (total + section) * _CN_BIG[ch] if _CN_BIG[ch] > 10_000 else total + section * _CN_BIG[ch]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def cn_yuan(m: re.Match[str]) -> Optional[int]:
    """Yuan of a CN_AMOUNT_RE match, rounded (角/分 kept to the yuan), or None when the numeral is
    no amount: it must use the financial capitals (壹贰叁…), follow 人民币, end in 整, or be a
    multi-character number with a unit character ("五十万元", not "二元" or "多元")."""
    numeral = m.group("cn")
    plain = not (_CAPITALS.search(numeral) or m.group("rmb") or m.group("zheng"))
    if plain and (len(numeral) < 2 or not re.search(r"[十百千万亿拾佰仟]", numeral)):
        return None
    value = cn_number(numeral)
    if value is None:
        return None
    cents = 0
    for group, factor in (("jiao", 10), ("fen", 1)):
        if m.group(group):
            cents += _CN_DIGIT.get(m.group(group), 0) * factor
    return value + (1 if cents >= 50 else 0)


def _wrap_allowed(view: str, lo: int, m: re.Match[str]) -> bool:
    """A line break inside an amount is a wrap of running text only when the line it breaks
    holds more than the number ("…培训交流235.78\n万元"); a number alone on its line
    ("12\n34万元", one table cell a line) is not the first half of the next line's amount."""
    unit_start = m.start("unit") if m.group("unit") else m.start("punit")
    if "\n" not in view[m.start() : unit_start]:
        return True
    line_start = view.rfind("\n", lo, m.start()) + 1
    return bool(view[max(lo, line_start) : m.start()].strip())


def find_quarterly(view: str, start: int, end: int) -> Optional[tuple[float, float, float, float]]:
    """Quarterly shares in percent (Q1..Q4) stated in ``view[start:end]``, or None.

    Shares that add up to 100 are returned as they are (missing quarters are 0);
    cumulative execution rates (non-decreasing, ending at 100) are turned into shares.
    """
    found: dict[int, float] = {}
    for m in _QUARTER_RE.finditer(view, start, end):
        q = _CN_QUARTER[m.group("cn") or m.group("d") or m.group("q")]
        # the percentage belongs to this quarter if it comes before the next quarter / sentence end
        stop = min(end, m.end() + 24)
        nxt = _QUARTER_RE.search(view, m.end(), stop)
        if nxt:
            stop = nxt.start()
        sentence = re.search(r"[。;；]", view[m.end() : stop])  # not \n: PDF text wraps mid-sentence
        if sentence:
            stop = m.end() + sentence.start()
        p = _PERCENT_RE.search(view, m.end(), stop)
        if p and q not in found:
            found[q] = float(p.group("pct") or p.group("zero"))
    if not found:
        listed = _QUARTER_LIST.search(view, start, end)
        if listed is None:
            return None
        found = {q: float(listed.group(f"q{q}")) for q in (1, 2, 3, 4)}
    values = [found.get(q) for q in (1, 2, 3, 4)]
    total = sum(v for v in values if v is not None)
    if abs(total - 100.0) < 0.01:
        return tuple(v or 0.0 for v in values)  # type: ignore[return-value]
    if None not in values and all(a <= b for a, b in zip(values, values[1:])) and abs(values[-1] - 100.0) < 0.01:
        cumulative = [0.0] + values  # type: ignore[list-item]
        return tuple(round(b - a, 4) for a, b in zip(cumulative, cumulative[1:]))  # type: ignore[return-value]
    return None
