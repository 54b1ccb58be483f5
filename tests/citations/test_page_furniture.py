"""PDF page furniture (page numbers, running headers) in the middle of titles and numbers.

Copies of the held-out texts and samples are edited the way PDF text arrives: a page break
(the rest of the line on the next page, a page number and a running header between) is put
inside titles and inside document numbers. Every citation must come out as before — same
title, number, issuer, kind — with a surface text that is the source's (furniture included).
h13 and h16 have such breaks written in (their labels check them in test_heldout).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policygraph.extract import extract_text
from policygraph.extract.citations import without_furniture

ROOT = Path(__file__).resolve().parents[2]
DOCS = [
    ROOT / "examples" / "corpus" / "001_8945e10e70820498.txt",
    ROOT / "tests" / "heldout" / "docs" / "h2_health_sh_2023.txt",
    ROOT / "tests" / "heldout" / "docs" / "h5_sci_jiangning_2025.txt",
    ROOT / "tests" / "heldout" / "docs" / "h8_edu_zhejiang_2021.txt",
    ROOT / "tests" / "heldout" / "docs" / "h11_civil_chongqing_2021.txt",
]
#: (page number format, running header): the styles of PDF text met so far
STYLES = [
    ("- {n} -", "上海市某某委员会2023年部门预算"),
    ("第 {n} 页", "部门预算公开文本"),
    ("第{n}页 共{m}页", "2021年项目支出绩效目标表"),
    ("Page {n} of {m}", "Project Budget Application 2024"),
]
_NUMBER_CUT = re.compile(r"[〔\[（(【﹝]\d{4}[〕\]）)】﹞]")


def _fields(c):
    return (c.title, c.doc_number.normalized if c.doc_number else None, c.issuer, c.kind, c.is_policy)


def _cut_points(text: str, citations) -> list[int]:
    """Inside every other title (its middle) and before the year bracket of every other number."""
    cuts = []
    for k, c in enumerate(citations):
        if "\n" in c.text or k % 2:
            continue
        if c.doc_number is not None:
            m = _NUMBER_CUT.search(text, c.span.start, c.span.end)
            if m and m.start() > c.span.start:
                cuts.append(m.start())
                continue
        if c.title and c.text.startswith("《") and len(c.title) >= 8:
            cuts.append(c.span.start + 1 + len(c.title) // 2)
    return sorted(set(cuts))


def _with_page_breaks(text: str, cuts: list[int], style: tuple[str, str]) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with a page break at each cut: (new text, [(start, end) of each inserted block])."""
    number, header = style
    parts, blocks, pos, shift = [], [], 0, 0
    total = len(cuts) + 1
    for n, cut in enumerate(cuts, 1):
        block = f"\n{number.format(n=n, m=total)}\n{header}\n"
        parts.append(text[pos:cut])
        blocks.append((cut + shift, cut + shift + len(block)))
        parts.append(block)
        shift += len(block)
        pos = cut
    parts.append(text[pos:])
    return "".join(parts), blocks


def _strip_blocks(text: str, start: int, end: int, blocks) -> str:
    out, pos = [], start
    for s, e in blocks:
        if start <= s < end:
            out.append(text[pos:s])
            pos = e
    out.append(text[pos:end])
    return "".join(out)


@pytest.mark.parametrize("breaks", [None, 2], ids=["every-other", "two-breaks"])
@pytest.mark.parametrize("style", STYLES, ids=lambda s: s[0])
@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name[:12])
def test_a_page_break_inside_titles_and_numbers_changes_no_citation(path, style, breaks):
    """Every other citation broken (many pages), or only two of them (a short document: the
    running header is seen twice)."""
    text = path.read_text(encoding="utf-8")
    before = extract_text(text).citations
    cuts = _cut_points(text, before)
    assert len(cuts) >= 3, "too few places to break"
    cuts = cuts[:breaks] if breaks else cuts
    broken, blocks = _with_page_breaks(text, cuts, style)
    after = extract_text(broken).citations
    assert [_fields(c) for c in after] == [_fields(c) for c in before]
    broken_inside = 0
    for old, new in zip(before, after):
        assert new.text == broken[new.span.start:new.span.end]  # the source's surface, furniture and all
        assert _strip_blocks(broken, new.span.start, new.span.end, blocks) == old.text
        broken_inside += any(new.span.start < s < new.span.end for s, _ in blocks)
    assert broken_inside == len(cuts)  # every break landed inside a citation that still reads whole


def test_furniture_is_blanked_same_length_and_only_furniture():
    text = "（1）《国务院关于深化某某管理改革的\n- 21 -\n某部2018年部门预算\n方案》（国发〔2014〕64号）；\n" * 3
    blanked = without_furniture(text)
    assert len(blanked) == len(text)
    assert "- 21 -" not in blanked and "某部2018年部门预算" not in blanked
    assert blanked.count("《国务院关于深化某某管理改革的\n") == 3 and blanked.count("方案》（国发〔2014〕64号）") == 3


def test_a_lone_number_line_in_a_table_is_no_furniture():
    text = "序号\t项目\n3\n《某某办法》（沪府发〔2020〕3号）\n"
    assert without_furniture(text) == text


BROKEN_TITLE = "（{k}）《国务院关于深化某某管理改革的\n{number}\n{header}\n方案》（国发〔2014〕6{k}号）；\n"


def test_a_header_seen_twice_is_furniture():
    text = "二、立项依据\n" + "".join(BROKEN_TITLE.format(k=k, number=f"- {k} -", header="某部2018年部门预算") for k in (1, 2))
    titles = [c.title for c in extract_text(text).citations]
    assert titles == ["国务院关于深化某某管理改革的方案"] * 2


def test_a_header_repeating_the_documents_title_is_furniture_once_too():
    text = "某部2018年部门预算\n\n二、立项依据\n" + BROKEN_TITLE.format(k=1, number="第 1 页", header="某部2018年部门预算")
    assert [c.title for c in extract_text(text).citations] == ["国务院关于深化某某管理改革的方案"]
    assert without_furniture(text).startswith("某部2018年部门预算\n")  # the title itself stays


def test_a_line_seen_once_by_a_page_number_is_text():
    text = "二、立项依据\n" + BROKEN_TITLE.format(k=1, number="- 1 -", header="某部2018年部门预算")
    assert [c.title for c in extract_text(text).citations] == ["国务院关于深化某某管理改革的某部2018年部门预算方案"]
