"""Money amounts in running text: 万元/元/亿元, 约/左右/余, thousands separators, spaces, quarters.

All searches run on the folded view (``text.fold``), so full-width digits are
plain digits and offsets are offsets into the source text.

    >>> from policygraph.extract.amounts import find_amounts
    >>> [a.yuan for a in find_amounts("预算1,386.97万元，其中子项目约27万元左右")]
    [13869700, 270000]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Callable, Optional

from .models import Amount, Span

#: unit word -> multiplier to yuan. "万" alone ("42.78万", "（10 万）") is common.
UNITS = {"亿元": 100_000_000, "亿": 100_000_000, "万元": 10_000, "万": 10_000, "千元": 1_000, "元": 1}

# A line wrap of text converted from PDF: the line goes on after the break and the indent.
_WRAP = r"(?:\r?\n[ \t]*)"
# Digits, possibly wrapped once ("2\n5.23万元" is 25.23万元 printed over two lines).
_DIGITS = rf"\d+(?:{_WRAP}\d+)?"
# A number as printed: 1,386.97 / 1386.97 / 1 386 (PDF spaces) / 5.0, wrapped or not
_NUMBER = rf"{_DIGITS}(?:(?:,{_WRAP}?\d{{3}})+|(?: \d+)+)?(?:{_WRAP}?\.(?:{_WRAP}|\s)?{_DIGITS})?"
# 余 sits between number and unit ("30余万元"); a rate like "15万/项", "200元/人/天" is not an amount.
AMOUNT_RE = re.compile(
    rf"(?<![\d.,])(?P<num>{_NUMBER})(?:[ \t]|{_WRAP})?(?P<more>余|多)?[ \t]?(?P<unit>亿元|万元|千元|亿|万|元)(?!元)(?P<rmb>人民币)?(?!/|\d)"
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
        yuan = to_yuan(m.group("num"), m.group("unit"))
        span = span_of(a_start, a_end) if span_of else Span(a_start, a_end, view.count("\n", 0, a_start) + 1)
        out.append(FoundAmount(Amount(yuan=yuan, text=src[a_start:a_end], span=span, approximate=approx), a_start, a_end))
    labelled = [m for m in LABEL_UNIT_RE.finditer(view, start, end) if not any(f.start < m.end("num") and m.start("num") < f.end for f in out)]
    for m in labelled:
        a_start, a_end = m.start("num"), m.end("num")
        span = span_of(a_start, a_end) if span_of else Span(a_start, a_end, view.count("\n", 0, a_start) + 1)
        out.append(FoundAmount(Amount(yuan=to_yuan(m.group("num"), m.group("unit")), text=src[a_start:a_end], span=span), a_start, a_end))
    if labelled:
        out.sort(key=lambda f: f.start)
    return out


def _wrap_allowed(view: str, lo: int, m: re.Match[str]) -> bool:
    """A line break inside an amount is a wrap of running text only when the line it breaks
    holds more than the number ("…培训交流235.78\n万元"); a number alone on its line
    ("12\n34万元", one table cell a line) is not the first half of the next line's amount."""
    if "\n" not in view[m.start() : m.start("unit")]:
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
        return None
    values = [found.get(q) for q in (1, 2, 3, 4)]
    total = sum(v for v in values if v is not None)
    if abs(total - 100.0) < 0.01:
        return tuple(v or 0.0 for v in values)  # type: ignore[return-value]
    if None not in values and all(a <= b for a, b in zip(values, values[1:])) and abs(values[-1] - 100.0) < 0.01:
        cumulative = [0.0] + values  # type: ignore[list-item]
        return tuple(round(b - a, 4) for a, b in zip(cumulative, cumulative[1:]))  # type: ignore[return-value]
    return None
