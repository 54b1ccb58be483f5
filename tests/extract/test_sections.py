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
