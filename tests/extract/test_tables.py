"""Budget tables: rows read by hand from the samples, column placement, sum checks, figures."""

from __future__ import annotations

import pytest

from policygraph.extract.reader import SourceText
from policygraph.extract.structure import extract_structure

# (sample, table, code) -> (name, {column: yuan}) typed from the documents
ROWS = [
    ("000", "2023年部门收入预算总表", "2060206", "专项基础科研", {"合计": 999_592_000, "财政拨款收入": 861_480_000, "事业收入": 138_112_000}),
    ("000", "2023年部门收入预算总表", "2060299", "其他基础研究支出", {"合计": 1_340_000, "事业收入": 1_000_000, "其他收入": 340_000}),
    ("000", "2023年部门支出预算总表", "205", None, {"合计": 54_272_883, "基本支出": 36_119_289, "项目支出": 18_153_594}),  # first page has no name column
    ("000", "2023年部门支出预算总表", "20603", "应用研究", {"合计": 1_742_008_795, "基本支出": 109_680_344, "项目支出": 1_632_328_451}),
    ("000", "2023年部门一般公共预算基本支出部门预算经济分类预算表", "30212", "因公出国（境）费用", {"合计": 1_910_000, "公用经费": 1_910_000}),
    ("000", "2023年部门一般公共预算基本支出部门预算经济分类预算表", "301", "工资福利支出", {"合计": 549_108_012, "人员经费": 549_108_012}),
    ("001", "2023年部门支出预算总表", "2060799", "其他科学技术普及支出", {"合计": 38_557_167, "项目支出": 38_557_167}),
    ("001", "2023年部门收入预算总表", "2080502", "事业单位离退休", {"合计": 1_475_080, "财政拨款收入": 1_192_120, "事业收入": 282_960}),
    # 004: empty cells collapsed; columns decided by arithmetic
    ("004", "2025年部门收入预算总表", "201", "一般公共服务支出", {"合计": 21_020_479, "财政拨款收入": 20_220_479, "其他收入": 800_000}),
    ("004", "2025年部门收入预算总表", "2101102", "事业单位医疗", {"合计": 3_971_171, "财政拨款收入": 2_333_706, "事业收入": 1_637_465}),
    ("004", "2025年部门收入预算总表", "2080501", "行政单位离退休", {"合计": 3_378_156, "财政拨款收入": 3_378_156}),
    ("004", "2025年部门支出预算总表", "20601", "科学技术管理事务", {"合计": 200_000, "项目支出": 200_000}),
    ("004", "2025年部门支出预算总表", "2060701", "机构运行", {"合计": 50_683_324, "基本支出": 50_683_324}),
    ("004", "2025年部门一般公共预算基本支出部门预算经济分类预算表", "30201", "办公费", {"合计": 502_494, "公用经费": 502_494}),
    ("004", "2025年部门一般公共预算基本支出部门预算经济分类预算表", "303", "对个人和家庭的补助", {"合计": 7_371_558, "人员经费": 7_371_558}),
]


@pytest.mark.parametrize("key, table, code, name, amounts", ROWS)
def test_rows_read_by_hand(records, key, table, code, name, amounts):
    matches = [b for b in records[key].budget_lines if b.table == table and b.code == code]
    assert len(matches) == 1
    line = matches[0]
    assert line.name == name
    assert dict(line.amounts) == amounts


@pytest.mark.parametrize("key, table, n_rows", [
    ("001", "2023年部门收入预算总表", 28),  # repeated headers after page breaks add no rows
    ("004", "2025年部门收入预算总表", 28),
    ("004", "2025年部门一般公共预算基本支出部门预算经济分类预算表", 39),  # 301×12, 302×22, 303×3, 310×2
    ("000", "2023年部门支出预算总表", 52),
])
def test_row_counts(records, key, table, n_rows):
    rows = [b for b in records[key].budget_lines if b.table == table]
    assert len(rows) == n_rows
    assert len({b.code for b in rows}) == n_rows


def test_classifications(records):
    for b in records["000"].budget_lines:
        assert b.classification == ("economic" if "经济分类" in b.table else "function")
        assert len(b.code) in (3, 5, 7)


def test_real_rounding_mismatches_are_reported(records):
    # 205+206+208+210+221 合计 = 5,636,240,017 but the 合计 row says 5,636,240,016
    w = [w for w in records["000"].warnings if w.code == "sum_mismatch" and "2023年部门收入预算总表" in w.message and "合计 合计" in w.message]
    assert len(w) == 1 and "5636240017" in w[0].message and w[0].span.line == 200
    # 004: 301's children add up to 67,141,945, the row says 67,141,943
    w = [w for w in records["004"].warnings if w.code == "sum_mismatch" and "row 301 合计" in w.message]
    assert len(w) == 1 and "difference 2" in w[0].message
    # tables whose sums hold have no warning
    assert not [w for w in records["001"].warnings if w.code == "sum_mismatch" and "支出预算总表" in w.message]


def test_sangong_figures(records):
    figs = {f.name: f.yuan for f in records["000"].figures if "三公" in (f.table or "")}
    assert figs == {"三公经费合计": 8_812_500, "因公出国(境)费": 4_460_000, "公务接待费": 1_933_500,
                    "公务用车购置及运行费": 2_419_000, "公务用车运行费": 2_419_000, "机关运行经费": 11_825_300}
    # 004 collapsed the empty 购置费 cell: by arithmetic 14.00 could be 购置费 or 运行费; the text
    # decides (004 line 542: "其中：公务用车购置费0.00万元，…公务用车\n运行费14.00万元")
    figs = {f.name: f.yuan for f in records["004"].figures if "三公" in (f.table or "")}
    assert figs == {"三公经费合计": 739_700, "因公出国(境)费": 525_000, "公务接待费": 74_700,
                    "公务用车购置及运行费": 140_000, "公务用车运行费": 140_000, "机关运行经费": 5_172_800}
    assert not any(w.code == "ambiguous_columns" and "三公" in w.message for w in records["004"].warnings)


SANGONG_COLLAPSED = """部门“三公”经费和机关运行经费预算表
编制部门：某某局 单位：万元
"三公"经费合计 因公出国(境)费 公务接待费 公务用车购置及运行费 购置费 运行费 机关运行经费
73.97 52.50 7.47 14.00 14.00 495.67
"""


@pytest.mark.parametrize("statement, expected", [
    ("", None),  # nothing tells 购置费 from 运行费: not guessed, reported
    ("其中：公务用车购置费0.00万元，公务用车运行费14.00万元。\n", ("公务用车运行费", 140_000)),
    ("其中：公务用车购置费14.00万元。\n", ("公务用车购置费", 140_000)),
])
def test_sangong_collapsed_cells_decided_by_the_text(statement, expected):
    rec = _structure(statement + SANGONG_COLLAPSED)
    figs = {f.name: f.yuan for f in rec.figures}
    assert figs["公务用车购置及运行费"] == 140_000 and figs["机关运行经费"] == 4_956_700
    cars = {k: v for k, v in figs.items() if k in ("公务用车购置费", "公务用车运行费")}
    ambiguous = [w for w in rec.warnings if w.code == "ambiguous_columns"]
    if expected is None:
        assert cars == {} and len(ambiguous) == 1
    else:
        assert cars == dict([expected]) and not ambiguous


def test_summary_figures(records):
    figs = {(f.table, f.name): f.yuan for f in records["004"].figures}
    assert figs[("2025年部门财务收支预算总表", "收入总计")] == 179_194_141
    assert figs[("2025年部门财务收支预算总表", "其他收入")] == 800_000
    assert figs[("2025年部门支出预算总表", "项目支出合计")] == 67_559_315


def _structure(text: str):
    return extract_structure(SourceText.from_text(text, path="t.txt"))


COLLAPSED = """2099年部门支出预算总表
编制部门：某某局 单位：元
项目 支出预算
功能分类科目编码
功能分类科目名称 合计 基本支出 项目支出
类 款 项
201 一般公共服务支出 300 100 200
201 01 人大事务 100 100
201 02 政协事务 200 200
合计 300 100 200
"""


def test_collapsed_columns_are_placed_by_arithmetic():
    rec = _structure(COLLAPSED)
    got = {b.code: dict(b.amounts) for b in rec.budget_lines}
    assert got["20101"] == {"合计": 100, "基本支出": 100}
    assert got["20102"] == {"合计": 200, "项目支出": 200}
    assert not rec.warnings


def test_still_ambiguous_columns_are_reported_not_guessed():
    text = COLLAPSED.replace("201 01 人大事务 100 100\n201 02 政协事务 200 200\n", "201 01 人大事务 150 150\n201 02 政协事务 150 150\n")
    rec = _structure(text)
    got = {b.code: dict(b.amounts) for b in rec.budget_lines}
    # 150 + 150 splits as 100 + 200 in no way: the rows stay with 合计 only
    assert got["20101"] == {"合计": 150}
    assert {w.code for w in rec.warnings} >= {"ambiguous_columns"}


def test_mismatch_and_repeated_page_header():
    text = (
        "2099年部门收入预算总表\n编制部门：某某局\n单位：元\n"
        "项目\t\t\t收入预算\t\t\n功能分类科目编码\t\t\t功能分类科目名称\t合计\t财政拨款收入\t事业收入\n类\t款\t项\t\t\t\t\n"
        "201\t\t\t一般公共服务支出\t300\t250\t50\n"
        "201\t01\t\t人大事务\t100\t100\t\n"
        "\n项目\t\t\t收入预算\t\t\n功能分类科目编码\t\t\t功能分类科目名称\t合计\t财政拨款收入\t事业收入\n类\t款\t项\t\t\t\t\n"
        "201\t01\t\t人大事务\t100\t100\t\n"  # the row repeated on the next page
        "201\t02\t\t政协事务\t190\t140\t50\n"
        "合计\t\t\t\t300\t250\t50\n"
    )
    rec = _structure(text)
    assert [b.code for b in rec.budget_lines] == ["201", "20101", "20102"]
    w = [w for w in rec.warnings if w.code == "sum_mismatch"]
    assert any("row 201 合计 is 300 yuan" in x.message and "290" in x.message for x in w)
    assert any("row 201 财政拨款收入 is 250 yuan" in x.message for x in w)


def test_markdown_pipe_table():
    """A table converted to Markdown: cells between pipes, empty cells kept, a |---| rule under the header."""
    text = ("## 2099年部门支出预算总表\n\n编制部门：某某局 单位：元\n\n"
            "| 科目编码 | | | 科目名称 | 合计 | 基本支出 | 项目支出 |\n|---|---|---|---|---|---|---|\n| 类 | 款 | 项 | | | | |\n"
            "| 201 | | | 一般公共服务支出 | 300 | 100 | 200 |\n| 201 | 01 | | 人大事务 | 100 | 100 | |\n"
            "| 201 | 02 | | 政协事务 | 200 | | 200 |\n| 合计 | | | | 300 | 100 | 200 |\n")
    rec = _structure(text)
    assert [(b.code, b.name, dict(b.amounts)) for b in rec.budget_lines] == [
        ("201", "一般公共服务支出", {"合计": 300, "基本支出": 100, "项目支出": 200}),
        ("20101", "人大事务", {"合计": 100, "基本支出": 100}),
        ("20102", "政协事务", {"合计": 200, "项目支出": 200}),
    ]
    assert {f.name: f.yuan for f in rec.figures} == {"合计": 300, "基本支出合计": 100, "项目支出合计": 200}
    assert not rec.warnings
    assert text[rec.budget_lines[1].span.start : rec.budget_lines[1].span.end].startswith("201 | 01")
