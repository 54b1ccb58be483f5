"""Layouts of the same families that the samples do not show, made by editing copies of them
(tests/fixtures/unseen/; how each was made is in make_unseen.py, the two hand-edited ones below).

A fixture made from a sample must give what a reader finds in that sample: the hand-read
golden tables (tests/golden/projects_*.tsv) and budget rows (test_tables.ROWS), with the
project names found where the fixture writes them.

Hand-edited:
* label_headings_2024.txt — 001 with its project titles written as labels ("（一）项目名称：
  学会改革与发展", "项目名称: 科技社团党建工作" …; one title left as "…项目经费情况说明"),
  one project's sections headed （一）项目基本情况 （二）项目立项依据 （三）项目实施单位
  （四）实施内容, another's "5. 实施期限" and "6. 年度资金安排：…" with the text on the heading
  line, and the years moved on (2023年 -> 2024年, 2022年 -> 2023年).
* forms_2021_inline.txt — two 绩效目标申报表 typed rather than flattened: every field as
  "label：value", in another order (立项依据 before 项目概况, 项目当年预算 before 项目总预算,
  项目名称 before 申报单位名称 in the second form), budgets in 万元 in the first form and
  with separators and decimals in the second, 子项目 rows in 万元 under their header.
"""

from __future__ import annotations

import pytest

from policygraph.extract.pages import furniture_lines
from policygraph.extract.reader import SourceText, read_source
from policygraph.extract.structure import extract_structure
from policygraph.extract.text import compact, fold, split_lines

from .conftest import FIXTURES, read_golden
from .test_tables import ROWS

UNSEEN = FIXTURES / "unseen"


@pytest.fixture(scope="module")
def unseen():
    names = ["kx2023_pdf_wrapped.txt", "kx2025_pages_wan.txt", "label_headings_2024.txt", "forms_2021_inline.txt", "forms_2020_reversed.txt"]
    out = {}
    for name in names:
        src = read_source(UNSEEN / name)
        out[name] = (src, extract_structure(src))
    return out


def _golden(sample: str, rename=lambda s: s) -> set[tuple]:
    return {
        (rename(r["name"]), rename(r["parent"]) if r["parent"] else None, r["unit"], int(r["amount_yuan"]) if r["amount_yuan"] else None)
        for r in read_golden(f"projects_{sample}.tsv")
    }


def _rows(rec) -> set[tuple]:
    return {(p.name, p.parent, p.unit, p.amount.yuan if p.amount else None) for p in rec.projects}


def _names_where_written(src, rec) -> None:
    for p in rec.projects:
        assert compact(src.text[p.span.start : p.span.end]) == p.name, p.name
        line = src.text.count("\n", 0, p.span.start) + 1
        assert p.span.line == line


@pytest.mark.parametrize("name, sample, rename", [
    ("kx2023_pdf_wrapped.txt", "001", None),
    ("kx2025_pages_wan.txt", "004", None),
    ("label_headings_2024.txt", "001", lambda s: s.replace("2023年度", "2024年度")),
    ("forms_2020_reversed.txt", "002", None),
])
def test_every_project_of_the_sample(unseen, name, sample, rename):
    src, rec = unseen[name]
    assert _rows(rec) == _golden(sample, rename or (lambda s: s))
    _names_where_written(src, rec)


def test_pdf_text_reads_through_wraps_and_page_breaks(unseen):
    src, rec = unseen["kx2023_pdf_wrapped.txt"]
    assert (rec.department, rec.year, rec.kind) == ("上海市科学技术协会", 2023, "department_budget")
    assert len(rec.units) == 7
    ps = {(p.name, p.parent): p for p in rec.projects}
    # "子项目2\n- 13 -\n上海市科学技术协会2023年部门预算\n、安保管理服务231.7万元": across a page break
    assert ps[("安保管理服务", "2023年度科协大院日常运行与维护")].amount.yuan == 2_317_000
    # no section body ends at a page footer: the page furniture is read through, not kept as text
    for p in rec.projects:
        for s in p.sections:
            assert not src.text[s.body.start : s.body.end].rstrip().endswith("-")
    # tab tables became space-separated rows with empty cells left out: arithmetic puts them back
    _same_rows_as_read_by_hand(rec, "001", scale=1)
    assert not [w for w in rec.warnings if w.code == "ambiguous_columns"]


def test_wan_tables_with_page_furniture(unseen):
    src, rec = unseen["kx2025_pages_wan.txt"]
    assert (rec.department, rec.year) == ("上海市科学技术协会", 2025)
    _same_rows_as_read_by_hand(rec, "004", scale=100)  # 万元 with two decimals: whole hundreds of yuan
    # rounded cells still place every column (no column left out as ambiguous)
    assert not [w for w in rec.warnings if w.code == "ambiguous_columns"]
    figs = {(f.table, f.name): f.yuan for f in rec.figures}
    assert figs[("2025年部门财务收支预算总表", "收入总计")] == 179_194_100  # 17,919.41万元


def _same_rows_as_read_by_hand(rec, sample: str, scale: int) -> None:
    by_key = {(b.table, b.code): b for b in rec.budget_lines}
    checked = 0
    for key, table, code, name, amounts in ROWS:
        if key != sample:
            continue
        line = by_key[(table, code)]
        assert line.name == name
        expected = {col: (v + scale // 2) // scale * scale for col, v in amounts.items()}
        assert dict(line.amounts) == expected, (table, code)
        checked += 1
    assert checked >= 2


def test_label_form_titles_and_other_heading_words(unseen):
    src, rec = unseen["label_headings_2024.txt"]
    assert rec.year == 2024
    ps = {p.name: p for p in rec.projects if p.parent is None}
    assert list(ps) == ["学会改革与发展", "2024年度科协大院日常运行与维护", "国际及台港澳地区科技合作与交流服务", "科技社团党建工作",
                        "基层科普服务", "上海科协新媒体平台运维", "网络建设及阵地建设"]
    exchange = ps["国际及台港澳地区科技合作与交流服务"]
    assert [s.key for s in exchange.sections] == ["overview", "basis", "implementer", "plan"]
    net = ps["网络建设及阵地建设"]
    assert [s.key for s in net.sections][-3:] == ["period", "budget", "performance"]
    # "五、实施周期" + "项目实施周期：…" is one section, not a second project
    assert net.period_start == "2024-01-01" and net.period_end == "2024-12-31"


def test_typed_declaration_forms(unseen):
    src, rec = unseen["forms_2021_inline.txt"]
    assert (rec.kind, rec.year, rec.department) == ("performance_target_declaration", 2021, None)  # two declaring units
    assert _rows(rec) == {
        ("全市孵化器及在孵企业服务", None, "上海市科技创业中心", 9_700_000),  # 项目当年预算（万元）：970.00
        ("中国创新创业大赛（上海赛区）", "全市孵化器及在孵企业服务", "上海市科技创业中心", 7_560_000),  # rows in 万元
        ("全市科技企业孵化器及在孵企业服务经费", "全市孵化器及在孵企业服务", "上海市科技创业中心", 1_990_000),
        ("上海高校学生“科技创业杯”评选活动", "全市孵化器及在孵企业服务", "上海市科技创业中心", 150_000),
        ("科学研究平台建设", None, "上海市脑科学与类脑研究中心", 80_000_000),
        ("平台实验室配套设施建设", "科学研究平台建设", "上海市脑科学与类脑研究中心", 3_587_500),
        ("平台专用设备", "科学研究平台建设", "上海市脑科学与类脑研究中心", 73_412_500),
        ("平台劳务费", "科学研究平台建设", "上海市脑科学与类脑研究中心", 2_400_000),
        ("平台燃料动力", "科学研究平台建设", "上海市脑科学与类脑研究中心", 600_000),
    }
    _names_where_written(src, rec)
    first, second = [p for p in rec.projects if p.parent is None]
    assert (first.period_start, first.period_end) == ("2021-01-01", "2021-12-31")  # "结束时间：2021-12-31"
    assert (second.period_start, second.period_end) == ("2021-01-01", "2021-12-31")
    bodies = {s.key: compact(src.text[s.body.start : s.body.end]) for s in first.sections}
    assert bodies["basis"].startswith("《关于上海市科技创业中心功能定位的批复》")
    assert bodies["overview"].startswith("上海市科技创业中心是") and bodies["necessity"].startswith("目前上海全市")
    assert [s.key for s in second.sections] == ["period", "plan", "basis", "measures"]
    assert not rec.warnings


def test_reversed_forms_keep_each_forms_fields(unseen):
    _, rec = unseen["forms_2020_reversed.txt"]
    assert rec.year == 2020
    tops = [p.name for p in rec.projects if p.parent is None]
    assert tops == ["上海国际生物技术与医药交流对接", "研发平台数据采购及保障", "科学研究平台建设", "全市孵化器及在孵企业服务"]


# ---------------------------------------------------------------------------
# page furniture, table-driven: [[…]] marks the lines that are furniture

PAGES = [
    # footer "- N -" and a running header, in the middle of a paragraph
    "正文第一行\n" * 12 + "[[- 1 -]]\n[[某某局2024年部门预算]]\n" + "正文\n" * 12 + "[[- 2 -]]\n[[某某局2024年部门预算]]\n" + "正文\n" * 12
    + "[[- 3 -]]\n[[某某局2024年部门预算]]\n末行",
    # "第 N 页 共 M 页" alone marks furniture, even without a header
    "甲\n" * 5 + "[[第 1 页 共 2 页]]\n" + "乙\n" * 5 + "[[第2页共2页]]",
    # bare numbers are page numbers only as a sequence at page distances ...
    "甲\n" * 12 + "[[7]]\n" + "乙\n" * 12 + "[[8]]\n" + "丙\n" * 3,
    # ... not a lone number, nor numbers close together (a column of cells)
    "合计\n3\n4\n5\n正文\n12\n",
    # a repeated line that never sits by a page number is text (a repeated table header)
    "项目 收入预算\n甲\n" * 4 + "- 1 -\n乙\n",
]


@pytest.mark.parametrize("marked", PAGES)
def test_page_furniture(marked):
    lines_marked = marked.split("\n")
    expected = [i for i, ln in enumerate(lines_marked) if ln.startswith("[[")]
    text = "\n".join(ln.strip("[]") for ln in lines_marked)
    if "项目 收入预算" in text:
        expected = [i for i, ln in enumerate(lines_marked) if ln == "- 1 -"]
    lines = split_lines(text)
    assert furniture_lines(fold(text), lines) == expected


def test_page_break_inside_an_amount_and_a_name():
    text = ("科普之窗项目经费情况说明\n一、项目概述\n概述。\n" + "正文。\n" * 10 + "六、年度预算安排\n根据实际情况，该项目总资金为40万元。子项目1、宣传推\n"
            "- 3 -\n某某局2024年部门预算\n广12.5万元；子项目2、活动组织2\n- 4 -\n某某局2024年部门预算\n7.5万元。\n" + "正文。\n" * 12
            + "- 5 -\n某某局2024年部门预算\n")
    rec = extract_structure(SourceText.from_text(text))
    assert [(p.name, p.amount.yuan) for p in rec.projects] == [("科普之窗", 400_000), ("宣传推广", 125_000), ("活动组织", 275_000)]
