"""Project blocks and section headings in several layouts, table-driven with inline markup.

``{{…}}`` marks a project name that must be found (its span is checked), ``<<…>>`` a
section heading; the markup is removed before extraction.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policygraph.extract.jsonl import record_dicts
from policygraph.extract.reader import SourceText, read_source
from policygraph.extract.structure import extract_structure

from .conftest import SAMPLES

MARKS = re.compile(r"\{\{(.*?)\}\}|<<(.*?)>>", re.S)


def unmark(marked: str):
    names, headings, out, pos, length = [], [], [], 0, 0
    for m in MARKS.finditer(marked):
        out.append(marked[pos : m.start()])
        length += len(marked[pos : m.start()])
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        (names if m.group(1) is not None else headings).append((length, length + len(inner), inner))
        out.append(inner)
        length += len(inner)
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), names, headings


LAYOUTS = [
    # Markdown headings (000)
    "## {{脑图谱大数据平台}}项目经费情况说明\n\n### <<一、项目概述>>\n\n概述。\n\n### <<六、年度预算安排>>\n\n600万元\n",
    # plain lines (001)
    "{{学会改革与发展}}项目经费情况说明\n\n<<一、项目概述>>\n\n概述\n\n<<三、实施主体>>\n\n上海科技报社\n",
    # centred title, wrapped title (PDF text)
    "                 {{2025年世界工程组织联合会全体大会 暨全球工程\n大会}}项目经费情况说明\n<<一、项目概述>>\n概述\n",
    # heading and body on one line
    "{{科普之窗}}项目经费情况说明\n<<一、项目概述>>：本项目面向公众。\n<<二、立项依据>>：《上海市科学技术普及条例》。\n",
    # district: numbered project heading, （一） sections, a repeated key starts the next project
    "四、项目支出\n一、{{城市网格化管理项目}}\n<<（一）项目概述>>\n概述\n<<（二）年度预算安排>>\n120万元\n二、{{市容整治专项}}\n<<（一）项目概述>>\n概述\n<<（二）年度预算安排>>\n80万元\n",
    # numbered projects without sections
    "五、重点项目说明\n（一）{{道路设施养护项目}}\n该项目预算安排500万元。\n（二）{{执法装备更新工程}}\n预算安排300万元。\n",
    # under a part over projects, names need not end in 项目/工程 ("重点" is no project); the part ends at 七、
    "六、重点项目说明\n\n（一）{{技术市场信息化建设}}\n预算安排159.82万元，用于技术市场。\n\n（二）{{科普场馆运行保障}}\n预算安排80万元。\n\n"
    "七、名词解释\n\n（一）财政拨款收入：是指本年度从本级财政部门取得的财政拨款，共计100万元。\n",
    # a part heading closes the project block before it
    "一、{{市容整治专项}}\n<<（一）项目概述>>\n概述\n<<（二）年度预算安排>>\n80万元\n五、重点项目说明\n1、{{执法记录仪更新}}\n预算安排30万元。\n",
    # label-form titles
    "（一）项目名称：{{城市网格化管理}}\n<<一、项目概述>>\n概述\n<<六、年度预算安排>>\n120万元\n"
    "项目名称: {{执法装备更新}}\n<<一、项目概述>>\n概述\n<<五、实施周期>>\n项目实施周期：2024年1月1日-12月31日\n<<6. 年度资金安排>>：预算30万元\n",
]


@pytest.mark.parametrize("marked", LAYOUTS)
def test_layouts(marked):
    text, names, headings = unmark(marked)
    rec = extract_structure(SourceText.from_text(text))
    got = [(p.span.start, p.span.end) for p in rec.projects if p.parent is None]
    assert got == [(s, e) for s, e, _ in names]
    assert [p.name for p in rec.projects if p.parent is None] == ["".join(n.split()) for _, _, n in names]
    got_headings = [(s.span.start, s.span.end) for p in rec.projects for s in p.sections]
    assert got_headings == [(s, e) for s, e, _ in headings]


def test_table_of_contents_is_not_a_project():
    text = "目 录\n- 六、其他相关情况说明\n- 七、项目经费情况说明\n\n{{科普之窗}}项目经费情况说明\n<<一、项目概述>>\n概述\n"
    clean, names, _ = unmark(text)
    rec = extract_structure(SourceText.from_text(clean))
    assert [p.name for p in rec.projects] == ["科普之窗"]


def test_body_lines_that_look_numbered_are_not_sections():
    text = "科普之窗项目经费情况说明\n一、项目概述\n一、海智对接交流活动。集聚海外人才智力。\n二、立项依据\n依据\n"
    rec = extract_structure(SourceText.from_text(text))
    assert [s.key for s in rec.projects[0].sections] == ["overview", "basis"]


@pytest.mark.parametrize("key", ["000", "004"])
def test_windows_line_endings_change_nothing(key):
    text = read_source(SAMPLES[key]).text
    a = extract_structure(SourceText.from_text(text))
    b = extract_structure(SourceText.from_text(text.replace("\n", "\r\n")))
    rows = lambda r: [(p.name, p.parent, p.unit, p.amount.yuan if p.amount else None, p.span.line, p.period) for p in r.projects]  # noqa: E731
    assert rows(a) == rows(b)
    assert [(x.code, x.amounts) for x in a.budget_lines] == [(x.code, x.amounts) for x in b.budget_lines]


CONTRACT = {
    "document": {"type", "source", "department", "year", "kind"},
    "project": {"type", "source", "name", "parent", "unit", "amount_yuan", "line"},
    "budget_line": {"type", "source", "table", "code", "name", "amounts", "line"},
}


def test_jsonl_contract(records):
    seen = set()
    for key, rec in records.items():
        for obj in record_dicts(rec):
            if obj["type"] in CONTRACT:
                assert CONTRACT[obj["type"]] <= set(obj), obj
                seen.add(obj["type"])
            if obj["type"] == "project":
                assert obj["amount_yuan"] is None or isinstance(obj["amount_yuan"], int)
                assert isinstance(obj["line"], int) and obj["line"] >= 1
            if obj["type"] == "budget_line":
                assert obj["code"].isdigit() and all(isinstance(v, int) for v in obj["amounts"].values())
    assert seen == set(CONTRACT)


# Any text at all: no exception, every span inside the text.
_ALPHABET = st.sampled_from(list("项目经费情况说明一二三四五六七、（）()：:实施主体年度预算安排概述立项依据万元约0123456789.,，。；\n\t 合计类款项上海市中心表单位"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=400).map("".join))
def test_never_crashes(text):
    rec = extract_structure(SourceText.from_text(text))
    n = len(text)
    for p in rec.projects:
        assert 0 <= p.span.start <= p.span.end <= n
        for s in p.sections:
            assert 0 <= s.body.start <= s.body.end <= n
    for b in rec.budget_lines:
        assert 0 <= b.span.start <= b.span.end <= n


def test_district_document_without_labels():
    """Department from the title, a district-prefixed implementer, one-cell codes, 万元 tables."""
    text = (
        "上海市黄浦区教育局2024年部门预算\n\n"
        "区教育学院培训项目经费情况说明\n一、项目概述\n概述\n三、实施主体\n区教育信息中心具体实施\n六、年度预算安排\n50万元\n\n"
        "2024年部门收入预算总表\n单位：万元\n项目 收入预算\n科目编码 科目名称 合计 财政拨款收入 事业收入\n"
        "2050802 干部教育 5,427.29 5,000.00 427.29\n合计 5,427.29 5,000.00 427.29\n"
    )
    rec = extract_structure(SourceText.from_text(text))
    assert (rec.department, rec.year) == ("上海市黄浦区教育局", 2024)
    assert [(p.name, p.unit, p.amount.yuan) for p in rec.projects] == [("区教育学院培训", "区教育信息中心", 500_000)]
    (line,) = rec.budget_lines
    assert (line.code, line.name, dict(line.amounts)) == ("2050802", "干部教育", {"合计": 54_272_900, "财政拨款收入": 50_000_000, "事业收入": 4_272_900})


IMPLEMENTERS = [
    # 实施主体 names internal divisions only: no unit, even when other sections name the department
    ("综合服务部、技术部组织现场调查，了解具体需求，由宣传推广部牵头沟通协调并监督项目实施情况。", None),
    ("由行政办公室牵头沟通及协调并监督项目实施情况。", None),
    # an organisation named in 实施主体 is the unit, divisions beside it or not
    ("上海市某某局本部牵头，具体实施项目管理部及宣传推广部。", "上海市某某局本部"),
    # nobody named: the organisation that 承接 the project elsewhere in the block
    ("项目通过多年来持续的建设，获得了多项市级荣誉，在市科委科普处的支持下发展。", "上海市某某图书馆"),
]


@pytest.mark.parametrize("implementer, unit", IMPLEMENTERS)
def test_implementing_unit_is_an_organisation_or_nothing(implementer, unit):
    text = ("预算主管部门：上海市某某局\n\n二、部门机构设置\n1. 上海市某某局本部\n2. 上海市某某图书馆\n\n"
            "科普服务项目经费情况说明\n一、项目概述\n本项目是上海市某某局的经常性项目，由上海市某某局负责监督管理。\n"
            "三、实施主体\n" + implementer + "\n四、实施方案\n该项目是上海市某某图书馆多年来一直承接的科普项目。\n六、年度预算安排\n30万元\n")
    rec = extract_structure(SourceText.from_text(text))
    (p,) = rec.projects
    assert p.unit == unit


@pytest.mark.parametrize("title, department, year", [
    ("上海市黄浦区教育局2024年部门预算", "上海市黄浦区教育局", 2024),
    ("2024年上海市黄浦区教育局部门预算", "上海市黄浦区教育局", 2024),  # the year first
    ("上海市黄浦区教育局2024年度部门预算", "上海市黄浦区教育局", 2024),
    ("上海市2023年市级部门预算", None, 2023),  # a place is no department
])
def test_department_from_the_title(title, department, year):
    rec = extract_structure(SourceText.from_text(title + "\n\n正文。\n"))
    assert (rec.department, rec.year) == (department, year)


def test_units_listed_in_a_sentence():
    text = ("上海市某某局2024年部门预算\n\n二、部门机构设置\n\n本部门预算包括本部及所属3家单位，具体包括：上海市某某局本部、上海市某某信息中心、\n"
            "上海市某某研究所和上海市某某学校。\n\n三、名词解释\n")
    rec = extract_structure(SourceText.from_text(text))
    assert [(u.name, u.span.line) for u in rec.units] == [("上海市某某局本部", 5), ("上海市某某信息中心", 5), ("上海市某某研究所", 6), ("上海市某某学校", 6)]
    assert all(text[u.span.start : u.span.end] == u.name for u in rec.units)


def test_heading_with_the_templates_note_and_other_heading_words():
    text = ("科普服务项目经费情况说明\n（一）项目概况及主要内容\n概述。\n（三）实施主体（列举具体实施项目的各个责任主体及其职责等）\n上海市某某图书馆\n"
            "（五）项目实施期限\n2024年1月1日-12月31日\n（六）项目年度预算安排\n预算金额（万元）：30.5\n")
    (p,) = extract_structure(SourceText.from_text(text)).projects
    assert [s.key for s in p.sections] == ["overview", "implementer", "period", "budget"]
    assert (p.unit, p.amount.yuan, p.period_end) == ("上海市某某图书馆", 305_000, "2024-12-31")
