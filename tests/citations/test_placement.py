"""Which project and section each citation is placed in (``extract/cite_place.py``).

Expected places were read off the documents: h6's summary table (lines 12-15) gives each
row's 立项依据 cell to the project described later; sample 002's flattened forms put
citations in the performance-target table (under 投入和管理目标, 分解目标, 时效目标 …).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policygraph.extract import extract_path
from policygraph.extract.cite_place import Placer
from policygraph.extract.models import Project, Section, Span

ROOT = Path(__file__).resolve().parents[2]
H6 = ROOT / "tests" / "heldout" / "docs" / "h6_culture_beijing_2023.txt"
FORMS = ROOT / "examples" / "corpus" / "002_3aa9dca3e14d72fe.txt"
ALL_DOCS = sorted(
    [*(ROOT / "tests" / "heldout" / "docs").glob("*.txt"), *(ROOT / "examples" / "corpus").glob("*.txt"),
     *(ROOT / "tests" / "fixtures").glob("*.txt"), *(ROOT / "tests" / "fixtures").glob("*.pdf"), *(ROOT / "tests" / "fixtures" / "layouts").glob("*.txt"),
     *(ROOT / "tests" / "fixtures" / "unseen").glob("*.txt")]
)


@pytest.fixture(scope="module")
def records():
    return {}


def _record(records, path):
    if path not in records:
        records[path] = extract_path(str(path))
    return records[path]


# (line, start of the surface text, project, section): read from the documents
H6_TABLE = [
    (12, "《中华人民共和国公共文化服务保障法》", "公共文化服务体系示范区建设", "basis"),
    (12, "《北京市公共文化服务保障条例》", "公共文化服务体系示范区建设", "basis"),
    (12, "京政发〔2019〕3号", "公共文化服务体系示范区建设", "basis"),
    (13, "《中华人民共和国非物质文化遗产法》", "非物质文化遗产保护传承", "basis"),
    (13, "《关于进一步加强非物质文化遗产保护工作的意见》", "非物质文化遗产保护传承", "basis"),
    (14, "《中华人民共和国旅游法》", "旅游市场综合监管", "basis"),
    (14, "《北京市旅游条例》", "旅游市场综合监管", "basis"),
    (14, "京政办发〔2020〕17号", "旅游市场综合监管", "basis"),
    (15, "《北京市文艺精品创作扶持专项资金管理办法》", "文艺精品创作扶持", "basis"),
]

FORMS_MOVED = [
    (216, "《上海科技报》", "全市孵化器及在孵企业服务", "performance"),  # under 投入和管理目⏎标
    (216, "《中国孵化器》", "全市孵化器及在孵企业服务", "performance"),
    (217, "《华东科技》", "全市孵化器及在孵企业服务", "performance"),
    (673, "《国际高层次人才的引才名录系列》", "研发平台数据采购及保障", "performance"),  # under 分解目标
    (684, "《国际高层次人才的引才名录》", "研发平台数据采购及保障", "performance"),
    (689, "《国际高层次人才的引才名录》", "研发平台数据采购及保障", "performance"),
    (775, "根据中组部、市委组织部等相关文件精神", "研发平台数据采购及保障", "performance"),  # 立项依据的充分性: an indicator
    (838, "《中华人民共和国政府采购法》", "研发平台数据采购及保障", "performance"),  # under 投入和管理目标
    (838, "《中华人民共和国政府采购法实施条例》", "研发平台数据采购及保障", "performance"),
    (840, "《上海市2019-2020年政府采购集中采购目录和采购限额标准》", "研发平台数据采购及保障", "performance"),
    (842, "《政府采购货物和服务招标投标管理办法》", "研发平台数据采购及保障", "performance"),
]


H15 = ROOT / "tests" / "heldout" / "docs" / "h15_univ_ccnu_2023.txt"
NOTES = [
    (20, "《中共中央 国务院关于全面深化新时代教师队伍建设改革的意见》", "教师教育创新", "basis"),  # 注①, referred to by row 4's 见注①
    (20, "教育部等五部门《教师教育振兴行动计划", "教师教育创新", "basis"),
    (43, "国发〔2015〕64号", "“双一流”建设", "basis"),  # footnote [1] of 《…总体方案》[1] in (一)'s 立项依据
    (44, "教研〔2018〕5号", "“双一流”建设", "basis"),
]


@pytest.mark.parametrize(("path", "line", "surface", "project", "section"),
                         [(H6, *row) for row in H6_TABLE] + [(FORMS, *row) for row in FORMS_MOVED] + [(H15, *row) for row in NOTES])
def test_citation_is_placed(records, path, line, surface, project, section):
    rec = _record(records, path)
    found = [c for c in rec.citations if c.span.line == line and c.text.startswith(surface)]
    assert found, f"no citation {surface} on line {line}"
    assert [(c.project, c.section) for c in found] == [(project, section)] * len(found)


@pytest.mark.parametrize("path", ALL_DOCS, ids=lambda p: p.name)
def test_no_citation_inside_a_projects_text_is_left_without_it(records, path):
    """A citation inside a project's extent or one of its sections' bodies has a project; one
    inside a section body is in a section."""
    rec = _record(records, path)
    for c in rec.citations:
        pos = c.span.start
        in_extent = any(p.extent.start <= pos < p.extent.end for p in rec.projects)
        in_body = [s.key for p in rec.projects for s in p.sections if s.body.start <= pos < s.body.end]
        if in_extent or in_body:
            assert c.project is not None, f"line {c.span.line}: {c.text!r} has no project"
        if in_body:
            assert c.section is not None, f"line {c.span.line}: {c.text!r} has no section"


def test_department_text_stays_without_a_project(records):
    rec = _record(records, ROOT / "tests" / "heldout" / "docs" / "h1_edu_minhang_2024.txt")
    # 部门主要职能 (line 7) and 预算编制说明 (line 20) are the department's own text
    assert {(c.span.line, c.project) for c in rec.citations if c.span.line in (7, 20)} == {(7, None), (20, None)}


def _project(text: str, name: str, sections=()) -> Project:
    return Project(name=name, span=Span(0, 1, 1), extent=Span(0, len(text), 1), sections=tuple(sections))


FORM_RUN = "项目名称\n\n项目概况\n\n立项依据\n\n项目设立的必要性\n\n甲乙丙丁《某某办法》\n"
FORM_TABLE = "一级指标 二级指标\n\n质量目标\n\n时效目标\n\n备注\n\n按照《某某办法》执行\n"
FORM_WRAPPED = "投入和管理目\n标\n\n≥2次\n\n征订《某某报》\n"
FORM_BASIS = "立项依据\n\n按照《某某办法》执行\n"


@pytest.mark.parametrize(("text", "expected"), [
    (FORM_RUN, None),  # a run of labels of three sections: which value is which is not known
    (FORM_TABLE, "performance"),  # a run of the performance table's labels
    (FORM_WRAPPED, "performance"),  # a label wrapped over two lines
    (FORM_BASIS, "basis"),
])
def test_nearest_form_label_gives_the_section(text, expected):
    placer = Placer(text, [_project(text, "甲")])
    assert placer.place(text.index("《")) == ("甲", expected)


def test_a_section_body_outside_every_extent_places_the_citation():
    text = "项目名称\t立项依据\n甲项目\t《某某办法》\n\n一、甲项目\n内容\n"
    body = Span(text.index("《"), text.index("\n\n"), 2)
    p = Project(name="甲项目", span=Span(text.index("一"), text.index("一") + 5, 4), extent=Span(text.index("一"), len(text), 4),
                sections=(Section("basis", "立项依据", body, body),))
    assert Placer(text, [p]).place(text.index("《")) == ("甲项目", "basis")
    assert Placer(text, [p]).place(0) == (None, None)


def test_a_note_goes_where_it_is_referred_to_and_stays_when_nobody_refers_to_it():
    text = "一、甲项目\n立项依据：\n[1]《某某办法》\n[2]《某某条例》\n\n二、乙项目\n见[1]。\n"
    a = Project(name="甲项目", span=Span(0, 5, 1), extent=Span(0, text.index("二、"), 1))
    b = Project(name="乙项目", span=Span(text.index("二、"), text.index("二、") + 5, 6), extent=Span(text.index("二、"), len(text), 6))
    # "[1]" at a line start opens a note referred to in 乙项目 (见[1]): its citation goes there;
    # "[2]" is referred to nowhere (a numbered list item) and stays where it is written
    placer = Placer(text, [a, b])
    assert placer.place(text.index("《某某条例》")) == ("甲项目", None)
    assert placer.place(text.index("《某某办法》")) == ("乙项目", None)
