"""Layouts of held-out batch 4, table-driven on made-up texts (not the held-out ones): two-column
(label, value) tables in Markdown pipes or box-drawing characters, space-aligned tables with a
letter-spaced 合计, and a 立项依据 written as an unlabelled paragraph opening 依据/根据《…》."""

from __future__ import annotations

import pytest

from policygraph.extract import extract_text
from policygraph.extract.structure import _column_word
from policygraph.extract.text import blank_kv_table_borders


@pytest.mark.parametrize("text, expected", [
    ("| 项目名称 | 河道保洁 |\n|---|---|\n| 实施单位 | 某区河道管理所 |",
     "  项目名称 ： 河道保洁  \n         \n  实施单位 ： 某区河道管理所  "),
    ("│ 立项依据 │ 《甲》（国办发     │\n│          │ 〔2017〕26号）     │\n├──────────┼────────────────────┤",
     "  立项依据 ： 《甲》（国办发      \n             〔2017〕26号）      \n                                 "),
    ("| 主管部门 | 某某市某局 | 实施单位 | 某某中心 |", "  主管部门 ： 某某市某局   实施单位 ： 某某中心  "),
    # a table of projects keeps its borders: three columns, a number as the value, a column header as the value
    ("| 项目名称 | 立项依据 | 预算 |\n| 河道保洁 | 《甲》 | 300 |", None),
    ("| 河道保洁 | 300.00 |", None),
    ("| 河道保洁 | 《甲》 | 某某中心 | 300.00 |", None),
    ("| 项目名称 | 预算（万元） |\n|---|---|\n| 河道保洁 | 300 |", None),
])
def test_two_column_tables_read_as_label_value_lines(text, expected):
    out = blank_kv_table_borders(text, _column_word)
    assert len(out) == len(text)
    assert out == (text if expected is None else expected)


PIPE_FORM = """某区水务局2019年项目支出绩效目标表

## 一、河道日常保洁

| 项目名称 | 河道日常保洁 |
|---|---|
| 主管部门 | 某某市某区水务局 |
| 实施单位 | 某某市某区河道管理所 |
| 项目资金（万元） | 年度资金总额：256.80 |
| 立项依据 | 《某某市河道管理条例》（2018年修正） |

## 二、排水设施养护

┌──────────┬──────────────────────┐
│ 项目名称 │ 排水设施养护         │
├──────────┼──────────────────────┤
│ 实施单位 │ 某某市某区排水管理所 │
├──────────┼──────────────────────┤
│ 项目资金 │ 年度资金总额：98万元 │
├──────────┼──────────────────────┤
│ 立项依据 │ 《某某市排水管理条例》 │
└──────────┴──────────────────────┘
"""

FOUR_COLUMNS = """某区绿化局2019年项目支出绩效目标表

| 项目名称 | 行道树修剪 | 项目类别 | 经常性项目 |
|---|---|---|---|
| 主管部门 | 某某市某区绿化局 | 实施单位 | 某某市某区绿化管理所 |
| 项目资金（万元） | 年度资金总额：86.50 | 其中：财政拨款 | 86.50 |
| 立项依据 | 《某某市绿化条例》 | 项目期限 | 2019年 |
"""

SPACED_TABLE = """某某街道办事处2022年部门预算

二、部门预算单位构成
    本部门预算由街道办事处本级和所属某某市某区某某街道社区服务中心、某某市某区某某街
道综合行政执法队2个预算单位组成。

                    项目支出预算表
                                                              单位：元
  项目名称                      实施单位                      项目金额
  社区养老服务                  某某街道社区服务中心      1,200,000.00
  市容秩序整治                  某某街道综合行政执法队      300,000.00
  合    计                                                1,500,000.00
"""

BASIS_PARAGRAPH = """某某省水利厅2021年部门预算

三、重点项目

1. 河湖长制专项
项目资金：1,200.00万元
实施单位：某某省水利厅
项目内容：开展河湖巡查。
依据《中华人民共和国水法》和《某某省河道管理条例》，设立本项目。

2. 水文监测
项目资金：300.00万元
项目内容：开展水文监测。
根据《水文监测规范》保障站点运行。
立项依据：《中华人民共和国水文条例》

3. 水土保持监测
项目资金：80.00万元
项目内容：开展水土流失动态监测。
为贯彻落实《某某省水土保持条例》，设立本项目。
"""


def test_a_target_form_as_two_column_tables():
    rec = extract_text(PIPE_FORM)
    assert [(p.span.line, p.name, p.unit, p.amount.yuan) for p in rec.projects] == [
        (3, "河道日常保洁", "某某市某区河道管理所", 2568000), (12, "排水设施养护", "某某市某区排水管理所", 980000)]
    assert rec.department == "某某市某区水务局"
    assert [[s.span.line for s in p.sections if s.key == "basis"] for p in rec.projects] == [[10], [21]]


def test_a_target_form_with_two_fields_a_row():
    rec = extract_text(FOUR_COLUMNS)
    assert [(p.span.line, p.name, p.unit, p.amount.yuan) for p in rec.projects] == [(3, "行道树修剪", "某某市某区绿化管理所", 865000)]
    assert rec.department == "某某市某区绿化局"
    assert [s.span.line for s in rec.projects[0].sections if s.key == "basis"] == [7]


def test_a_letter_spaced_total_row_is_no_project_and_short_unit_names():
    rec = extract_text(SPACED_TABLE)
    assert rec.department == "某某街道办事处"
    # a unit cell's short name is the listed unit it ends
    assert [(p.name, p.unit, p.amount.yuan) for p in rec.projects] == [
        ("社区养老服务", "某某市某区某某街道社区服务中心", 1200000), ("市容秩序整治", "某某市某区某某街道综合行政执法队", 300000)]


def test_a_basis_paragraph_after_labelled_sections():
    rec = extract_text(BASIS_PARAGRAPH)
    first, second, third = rec.projects
    assert [(s.heading, s.span.line) for s in third.sections if s.key == "basis"] == [("为贯彻落实", 20)]
    assert [(s.key, s.heading, s.span.line) for s in first.sections if s.key == "basis"] == [("basis", "依据", 9)]
    # a project with a 立项依据 label keeps it: a 根据《…》 sentence of its 项目内容 is no basis section
    assert [(s.heading, s.span.line) for s in second.sections if s.key == "basis"] == [("立项依据", 15)]
    assert {c.text: (c.project, c.section) for c in rec.citations}["《中华人民共和国水法》"] == ("河湖长制专项", "basis")


BR_CELL = """## 一、河道保洁

| 项目名称 | 河道保洁 |
|---|---|
| 实施单位 | 某某市某区河道管理所 |
| 项目资金（万元） | 120.00 |
| 立项依据 | 1.《某某市河道管理条例》<br>2.《某某市人民政府关于加强河道管理的意见》（沪府发〔2017〕88号）<br>3.社会救助暂行办法（国务院令第649号）<br/>4.区政府第23次常务会议纪要 |
"""


def test_a_cell_with_html_breaks_and_a_bare_amount():
    """A field label's value may be a bare number ("| 项目资金（万元） | 120.00 |"); a cell's <br> separates list items."""
    rec = extract_text(BR_CELL)
    (p,) = rec.projects
    assert (p.name, p.unit, p.amount.yuan) == ("河道保洁", "某某市某区河道管理所", 1200000)
    assert [(c.text, c.project, c.section) for c in rec.citations] == [
        ("《某某市河道管理条例》", "河道保洁", "basis"),
        ("《某某市人民政府关于加强河道管理的意见》（沪府发〔2017〕88号", "河道保洁", "basis"),
        ("社会救助暂行办法（国务院令第649号", "河道保洁", "basis"),
        ("区政府第23次常务会议纪要", "河道保洁", "basis"),
    ]


LAYOUT_FORM = """            某某市某区绿化局2018年项目支出绩效目标表

一、行道树养护

   项目名称              行道树养护
   主管部门              某某市某区绿化局
   实施单位              某某市某区绿化管理所
   项目资金（万元）      年度资金总额：56.40
   立项依据              《某某市绿化条例》
"""


def test_a_target_form_laid_out_with_spaces():
    """pdftotext -layout of a form without borders: labels and values separated by runs of spaces."""
    rec = extract_text(LAYOUT_FORM)
    assert rec.department == "某某市某区绿化局"
    assert [(p.name, p.unit, p.amount.yuan) for p in rec.projects] == [("行道树养护", "某某市某区绿化管理所", 564000)]
