"""More layouts of the same families (tests/fixtures/layouts/, made by editing copies of the
held-out texts; the derived one by make_layouts.py) and table-driven cases of what they need:
2016-2020 district templates (a 项目支出预算表 of projects and a 项目支出绩效目标表 per project,
label<TAB>value rows), a 决算 part inside a budget, summary tables before the details, amounts
written in other ways, multi-year totals beside or instead of the year's amount, and the
立项依据 of other templates under other names.

* district_2018_targets.txt — h1 (闵行 教育) in the 2018 template, with a 2017 决算 part whose
  重点项目决算情况 names last year's projects; one project only in the table.
* district_2018_targets_pdf.txt — the same as PDF text laid out with spaces, page numbers;
  district_2018_targets_pdf1.txt with one space between cells.
* xuhui_2024_amounts.txt — h7 (徐汇 科委) with a space-separated summary table and budget
  sections written in other ways (see the golden table's header).
"""

from __future__ import annotations

import pytest

from policygraph.extract.amounts import cn_number, find_amounts
from policygraph.extract.reader import SourceText, read_source
from policygraph.extract.structure import extract_structure
from policygraph.extract.text import compact, fold

from .conftest import FIXTURES, read_golden

LAYOUTS = FIXTURES / "layouts"


def _int(v):
    return int(v) if v else None


@pytest.mark.parametrize("fixture, golden", [
    ("district_2018_targets.txt", "layouts_district_2018_targets.tsv"),
    ("district_2018_targets_pdf.txt", "layouts_district_2018_targets.tsv"),  # same lines
    ("district_2018_targets_pdf1.txt", "layouts_district_2018_targets.tsv"),
    ("xuhui_2024_amounts.txt", "layouts_xuhui_2024_amounts.tsv"),
])
def test_every_project(fixture, golden):
    src = read_source(LAYOUTS / fixture)
    rec = extract_structure(src)
    rows = read_golden(golden)
    want = {(_int(r["line"]), r["name"], r["parent"], r["unit"], _int(r["amount_yuan"]), _int(r["basis_line"]), _int(r.get("total_yuan")))
            for r in rows}
    got = {(p.span.line, p.name, p.parent, p.unit, p.amount.yuan if p.amount else None,
            next((s.span.line for s in p.sections if s.key == "basis"), None), p.total_amount.yuan if p.total_amount else None)
           for p in rec.projects}
    assert got == want
    for p in rec.projects:
        assert compact(src.text[p.span.start : p.span.end]) == p.name
    assert not [w for w in rec.warnings if w.code == "table_mismatch"]  # the summary agrees with the details


def test_final_accounts_part_of_a_budget_holds_no_project():
    """"四、2017年部门决算情况说明 … 1、学生资助项目 年初预算2,100.00万元，决算数…": last year's."""
    rec = extract_structure(read_source(LAYOUTS / "district_2018_targets.txt"))
    assert not [p for p in rec.projects if p.span.line < 31]
    # in a final account itself (决算), the same part is the document's own
    text = "上海市某某局2017年部门决算\n\n四、2017年部门决算情况说明\n（二）重点项目决算情况\n1、学生资助项目\n决算数2,050.35万元。\n"
    assert [p.name for p in extract_structure(SourceText.from_text(text)).projects] == ["学生资助项目"]


AMOUNTS = [
    # text, yuan of every amount found
    ("预算安排300.00（万元）", [3_000_000]),
    ("预算安排300.00(元)", [300]),
    ("合同金额人民币叁拾万元整", [300_000]),
    ("壹佰贰拾万伍仟元", [1_205_000]),
    ("贰仟叁佰肆拾伍元陆角柒分", [2_346]),  # 角/分 rounded to the yuan
    ("叁亿伍仟万元整", [350_000_000]),
    ("资助五十万元", [500_000]),
    ("约五十万元", [500_000]),
    ("二元结构、多元化、数百万元", []),  # words, not amounts
    ("计划投入3千万元", [30_000_000]),
    ("预算安排0.00万元", [0]),
    ("本年预算调整数：-12.50万元", [-125_000]),
    ("每项1-3万元", [30_000]),  # a range's dash is no minus
]


@pytest.mark.parametrize("text, yuans", AMOUNTS)
def test_amounts_written_other_ways(text, yuans):
    found = find_amounts(fold(text), src=text)
    assert [f.amount.yuan for f in found] == yuans
    for f in found:
        assert text[f.start : f.end] == f.amount.text


@pytest.mark.parametrize("numeral, value", [
    ("叁拾万", 300_000), ("壹拾", 10), ("拾", 10), ("一千零五十", 1_050), ("两万", 20_000), ("壹亿零伍佰万", 105_000_000),
    ("一二", None),
])
def test_chinese_numerals(numeral, value):
    assert cn_number(numeral) == value


MONEY = [
    # budget section text, the year's amount, the multi-year total
    ("项目总预算：180万元    当年预算：60万元", 600_000, 1_800_000),
    ("项目总投资1,200万元，分三年实施，其中2024年安排400万元。", 4_000_000, 12_000_000),
    ("2024-2026年总预算900万元。", None, 9_000_000),
    ("预计总项目经费42.78万。", 427_800, None),  # a year's budget section's own total
    ("年度总预算50万元。", 500_000, None),
    ("2023年决算数280万元，2024年预算安排300万元。", 3_000_000, None),
    ("比上年减少20万元，预算安排180万元。", 1_800_000, None),
]


@pytest.mark.parametrize("body, year, total", MONEY)
def test_the_years_amount_is_not_the_total(body, year, total):
    text = "测试项目经费情况说明\n一、项目概述\n概述。\n六、年度预算安排\n" + body + "\n"
    (p,) = extract_structure(SourceText.from_text(text)).projects
    assert (p.amount.yuan if p.amount else None, p.total_amount.yuan if p.total_amount else None) == (year, total)


@pytest.mark.parametrize("period, year, total", [
    ("2024年1月至2026年12月", None, 9_000_000),  # over three years: the year's amount is not stated
    ("2024年1月-12月", 9_000_000, None),
])
def test_a_lone_total_of_a_project_over_years(period, year, total):
    text = f"项目名称：测试项目\n一、项目概述\n概述。\n五、实施周期\n{period}\n六、年度预算安排\n项目总预算900万元。\n"
    (p,) = extract_structure(SourceText.from_text(text)).projects
    assert (p.amount.yuan if p.amount else None, p.total_amount.yuan if p.total_amount else None) == (year, total)


BASIS_LABELS = ["立项依据", "依据", "政策依据", "项目依据", "立项依据及必要性", "设立依据", "政策文件依据", "项目立项依据",
                "项目设立依据及必要性", "相关政策依据", "立项依据（政策文件）"]


@pytest.mark.parametrize("label", BASIS_LABELS)
@pytest.mark.parametrize("layout", ["heading", "inline", "tab"])
def test_basis_under_other_names(label, layout):
    """Every 立项依据-like label opens the basis section, as a heading, inline ("立项依据：…") or a table row."""
    basis = "《上海市科学技术进步条例》；沪府发〔2021〕5号。"
    line = {"heading": f"二、{label}\n{basis}", "inline": f"{label}：{basis}", "tab": f"{label}\t{basis}"}[layout]
    text = f"项目名称：测试项目\n项目概述：概述。\n{line}\n预算金额：30万元\n"
    (p,) = extract_structure(SourceText.from_text(text)).projects
    (sec,) = [s for s in p.sections if s.key == "basis"]
    assert text[sec.body.start : sec.body.end] == basis
    assert p.amount.yuan == 300_000


def test_basis_labels_of_forms():
    """The same names as labels of the flattened declaration forms."""
    text = ("上海市财政支出项目绩效目标申报表\n\n申报单位名称：上海市某某中心（盖章）\n\n测试项目\n\n项目名称\n\n政策依据\n\n"
            "《上海市科学技术进步条例》第十条以及沪府发〔2021〕5号文件关于本项目的规定和要求。\n\n项目总预算（元） 300000 项目当年预算（元） 300000\n")
    (p,) = extract_structure(SourceText.from_text(text)).projects
    assert [s.key for s in p.sections] == ["basis"]
    assert text[p.sections[0].body.start :].startswith("《上海市科学技术进步条例》")


TABLES = [
    # a table of projects and nothing else: each row a project (name, unit, amount)
    ("单位：万元\n序号\t项目名称\t项目单位\t预算金额\n1\t道路养护\t上海市某某养护中心\t500.00\n2\t绿化管护\t上海市某某绿化所\t120.5\n\t合计\t\t620.50\n",
     [("道路养护", "上海市某某养护中心", 5_000_000), ("绿化管护", "上海市某某绿化所", 1_205_000)]),
    # pipes, the unit in the header, a multi-year total column
    ("| 项目名称 | 项目总预算（万元） | 2024年预算（万元） |\n|---|---|---|\n| 智慧城管平台 | 900 | 300 |\n",
     [("智慧城管平台", None, 3_000_000)]),
    # no unit anywhere: no amount guessed
    ("项目名称\t预算金额\n道路养护\t500\n", [("道路养护", None, None)]),
    # a bare 项目 column heads a budget table's classification column: no projects
    ("单位：万元\n项目\t合计\t基本支出\n一般公共服务支出\t300\t200\n", []),
]


@pytest.mark.parametrize("table, want", TABLES)
def test_tables_of_projects(table, want):
    rec = extract_structure(SourceText.from_text("上海市某某局2024年部门预算\n\n" + table))
    assert [(p.name, p.unit, p.amount.yuan if p.amount else None) for p in rec.projects] == want
    for p in rec.projects:
        assert p.extent.line == p.span.line


def test_summary_row_and_details_are_one_project():
    text = ("上海市某某局2024年部门预算\n\n三、重点项目情况\n项目名称\t立项依据\t预算（万元）\n道路养护\t沪府发〔2021〕5号\t500.00\n\n"
            "四、项目说明\n（一）道路养护项目\n项目内容：养护全区道路。\n立项依据：《上海市城市道路管理条例》。\n")
    rec = extract_structure(SourceText.from_text(text))
    (p,) = rec.projects
    assert (p.name, p.amount.yuan, p.span.line, p.amount.span.line) == ("道路养护项目", 5_000_000, 8, 5)
    assert [(s.key, s.span.line, s.body.line) for s in p.sections] == [("overview", 9, 9), ("basis", 10, 10), ("basis", 4, 5)]


def test_bold_markdown_headings():
    """Markdown converters write headings in bold: "**（一）项目概述**", "**上海市…预算**"."""
    text = ("**上海市长宁区文化和旅游局2021年部门预算**\n\n### 1. 长宁区公共文化配送项目\n\n**（一）项目概述**\n\n配送文化活动。\n\n"
            "**（二）立项依据**\n\n《上海市公共文化服务保障与促进条例》。\n\n**（三）实施主体**\n\n上海市长宁区文化艺术中心\n\n"
            "**（四）年度预算安排**\n\n预算安排**320万元**。\n")
    rec = extract_structure(SourceText.from_text(text))
    assert (rec.department, rec.year) == ("上海市长宁区文化和旅游局", 2021)
    (p,) = rec.projects
    assert (p.name, p.unit, p.amount.yuan, p.amount.text) == ("长宁区公共文化配送项目", "上海市长宁区文化艺术中心", 3_200_000, "320万元")
    assert [(s.key, s.heading) for s in p.sections] == [("overview", "（一）项目概述"), ("basis", "（二）立项依据"),
                                                         ("implementer", "（三）实施主体"), ("budget", "（四）年度预算安排")]


@pytest.mark.parametrize("label", ["预算单位：", "项目单位：", "实施单位\t", "承担单位  "])
def test_implementing_unit_from_a_label_in_the_block(label):
    text = (f"浙江省财政厅2022年部门预算\n\n预算单位：浙江省财政厅\n\n五、项目支出绩效目标表\n\n项目名称：财政信息化建设\n{label}浙江省财政信息中心\n"
            "项目资金（万元）：\n年度资金总额：1,200.00\n立项依据：《财政部关于推进财政信息化建设的指导意见》\n")
    rec = extract_structure(SourceText.from_text(text))
    assert [(p.name, p.unit, p.amount.yuan) for p in rec.projects] == [("财政信息化建设", "浙江省财政信息中心", 12_000_000)]


@pytest.mark.parametrize("text, want", [
    # "项目二 科普基地建设": numbered without punctuation; the unit in the budget heading, the number bare
    ("四、项目支出情况说明\n项目一 科技创新券\n一、项目概述\n发放科技创新券。\n六、年度预算安排（万元）\n300\n"
     "项目二 科普基地建设\n一、项目概述\n建设科普基地。\n六、年度预算安排\n预算安排50万元。\n",
     [("科技创新券", 3_000_000, None), ("科普基地建设", 500_000, None)]),
    # 项目总预算 and 本年度预算 as labelled rows, the unit in the label
    ("项目支出绩效目标表\n项目名称：校舍维修\n实施单位：上海市某某区教育基建管理中心\n项目总预算（万元）：900\n本年度预算（万元）：300\n",
     [("校舍维修", 3_000_000, 9_000_000)]),
    # other title endings
    ("三、项目支出预算说明\n（一）养老服务补贴项目支出预算说明\n1.项目概述：发放养老服务补贴。\n2.年度预算：预算安排1,200万元。\n",
     [("养老服务补贴", 12_000_000, None)]),
])
def test_more_district_variants(text, want):
    rec = extract_structure(SourceText.from_text("上海市某某区教育局2020年部门预算\n" + text))
    assert [(p.name, p.amount.yuan if p.amount else None, p.total_amount.yuan if p.total_amount else None) for p in rec.projects] == want


def test_forms_with_the_name_beside_its_label():
    """Flattened rows "项目名称    X" (no colon), two forms in one file, each cut at its title."""
    text = ("上海市财政支出项目绩效目标申报表\n(2021年)\n申报单位名称：上海市民政局（盖章）\n项目名称    社区居家养老服务补贴\n"
            "项目总预算（元） 412000000 项目当年预算（元） 412000000\n"
            "上海市财政支出项目绩效目标申报表\n(2021年)\n申报单位名称：上海市社会救助事务管理中心（盖章）\n项目名称    最低生活保障\n"
            "项目总预算（元） 1560000000 项目当年预算（元） 1560000000\n")
    rec = extract_structure(SourceText.from_text(text))
    assert [(p.name, p.unit, p.amount.yuan, p.span.line) for p in rec.projects] == [
        ("社区居家养老服务补贴", "上海市民政局", 412_000_000, 4), ("最低生活保障", "上海市社会救助事务管理中心", 1_560_000_000, 9)]


def test_project_over_several_classification_rows():
    """A 项目支出预算表 with classification codes: a project on two rows is worth their sum."""
    text = ("上海市某某区科学技术委员会2020年部门预算\n\n2020年项目支出预算表\n单位：万元\n"
            "项目名称\t功能分类科目编码\t科目名称\t合计\t财政拨款\n科技创新券\t2060299\t其他科学技术管理事务支出\t300.00\t300.00\n"
            "科技创新券\t2069999\t其他科学技术支出\t50.00\t50.00\n科普基地建设\t2070199\t其他科学技术普及支出\t80.00\t60.00\n")
    rec = extract_structure(SourceText.from_text(text))
    assert [(p.name, p.amount.yuan, p.amount.derived) for p in rec.projects] == [("科技创新券", 3_500_000, True), ("科普基地建设", 800_000, False)]


def test_a_projects_own_final_accounts_heading_is_no_part():
    """"五、上年项目决算情况" inside a project is no 决算 part of the document; the document's title
    right above a short project title is not the first half of a wrapped title."""
    text = ("上海市某某区教育局2020年部门预算\n校舍维修项目经费情况说明\n一、项目概述\n概述。\n五、上年项目决算情况\n上年决算数80万元。\n"
            "六、年度预算安排\n预算安排100万元。\n")
    rec = extract_structure(SourceText.from_text(text))
    assert [(p.name, p.amount.yuan, p.span.line) for p in rec.projects] == [("校舍维修", 1_000_000, 2)]


def test_department_from_the_filing_unit():
    text = "浙江省省级部门项目支出绩效目标申报表\n（2021年度）\n\n填报单位：浙江省教育厅\n\n项目名称：中小学教师培训\n当年预算：8,600万元\n"
    rec = extract_structure(SourceText.from_text(text))
    assert (rec.department, rec.year, rec.kind) == ("浙江省教育厅", 2021, "performance_target_declaration")


@pytest.mark.parametrize("sentence, units", [
    ("本部门预算包括本部及所属3家预算单位：上海市奉贤区人力资源和社会保障局本部、上海市奉贤区就业促进中心、上海市奉贤区劳动保障监察大队。",
     ["上海市奉贤区人力资源和社会保障局本部", "上海市奉贤区就业促进中心", "上海市奉贤区劳动保障监察大队"]),
    ("江宁区科学技术局部门预算由局本级和南京市江宁区科技创新服务中心1家事业单位组成。", ["局本级", "南京市江宁区科技创新服务中心"]),
    ("部门预算包括局机关及所属北京市文化和旅游局信息中心、首都图书馆等12家预算单位。", ["局机关", "北京市文化和旅游局信息中心", "首都图书馆"]),
])
def test_units_listed_in_other_sentences(sentence, units):
    text = f"某某局2024年部门预算\n\n二、部门预算单位构成\n{sentence}\n\n三、名词解释\n"
    rec = extract_structure(SourceText.from_text(text))
    assert [u.name for u in rec.units] == units
    assert all(compact(text[u.span.start : u.span.end]) == u.name for u in rec.units)


def test_a_numbered_heading_by_a_page_break_is_no_running_header():
    """"5.年度预算安排" twice right above a page number is a heading of each project, not page furniture."""
    block = "（{n}）项目{n}\n1.项目概述\n概述。\n5.年度预算安排\n该项目预算安排{n}00万元。\n\n- {n} -\n\n"
    text = "上海市某某区某某局2022年部门预算\n\n" + "".join(block.format(n=n) for n in (1, 2)) + "（3）项目3\n1.项目概述\n概述。\n5.年度预算安排\n预算安排300万元。\n"
    rec = extract_structure(SourceText.from_text(text))
    assert [p.amount.yuan for p in rec.projects] == [1_000_000, 2_000_000, 3_000_000]
