"""Structure of the four sample documents against what a reader finds in them.

The golden tables in tests/golden/projects_*.tsv were typed from the documents
(each row has the reason in a comment where a choice was made). A few rows are
read differently by the extractor today; they are listed in KNOWN_MISSES with
what the extractor gives, so fixing one makes this test say so.
"""

from __future__ import annotations

import pytest

from .conftest import read_golden

# (sample, line, name) -> {field: what the extractor gives instead of the golden value}
KNOWN_MISSES: dict[tuple[str, int, str], dict] = {}

EXPECTED_DOCS = {
    #       kind                               department        year  units projects(top-level)
    "000": ("department_budget", "上海市科学技术委员会", 2023, 27, 30),
    "001": ("department_budget", "上海市科学技术协会", 2023, 7, 7),
    "002": ("performance_target_declaration", None, 2019, 4, 4),
    "004": ("department_budget", "上海市科学技术协会", 2025, 7, 28),
}


@pytest.mark.parametrize("key", sorted(EXPECTED_DOCS))
def test_document_fields(records, key):
    kind, department, year, n_units, n_projects = EXPECTED_DOCS[key]
    rec = records[key]
    assert (rec.kind, rec.department, rec.year) == (kind, department, year)
    assert len(rec.units) == n_units
    assert len([p for p in rec.projects if p.parent is None]) == n_projects
    assert rec.citations == ()


def test_titles(records):
    assert records["000"].title == "上海市2023年市级部门预算"
    assert records["004"].title == "上海市2025年市级部门预算"
    assert records["002"].title == "上海市财政支出项目绩效目标申报表"


def test_units_listed_under_机构设置(records):
    names = [u.name for u in records["000"].units]
    assert names[0] == "上海市科学技术委员会本部"
    assert "上海市科技创新服务中心（上海市科技成果档案资料馆）" in names
    assert names[-1] == "上海脑科学与类脑研究中心"
    assert [u.name for u in records["001"].units] == [u.name for u in records["004"].units]
    assert [u.span.line for u in records["004"].units] == [31, 32, 33, 34, 35, 36, 37]
    # the forms: one declaring unit per form, （盖章） dropped
    assert [u.name for u in records["002"].units] == [
        "上海市科技创业中心",
        "上海市脑科学与类脑研究中心",
        "上海市研发公共服务平台管理中心（上海市科技人才发展中心）",
        "上海市生物医药科技产业促进中心（上海新药研究开发中心）",
    ]


def _as_rows(rec) -> set[tuple]:
    return {
        (p.span.line, p.name, p.parent, p.unit, p.amount.yuan if p.amount else None)
        for p in rec.projects
    }


@pytest.mark.parametrize("key", ["000", "001", "002", "004"])
def test_every_project_matches_the_hand_read_table(records, key):
    golden = set()
    for row in read_golden(f"projects_{key}.tsv"):
        line = int(row["line"])
        amount = int(row["amount_yuan"]) if row["amount_yuan"] else None
        fields = {"name": row["name"], "parent": row["parent"], "unit": row["unit"], "amount_yuan": amount}
        fields.update(KNOWN_MISSES.get((key, line, row["name"]), {}))
        golden.add((line, fields["name"], fields["parent"], fields["unit"], fields["amount_yuan"]))
    got = _as_rows(records[key])
    assert sorted(got - golden, key=str) == [], "extracted but not in the golden table"
    assert sorted(golden - got, key=str) == [], "in the golden table but not extracted"


def test_known_misses_are_still_misses(records):
    """When a known miss gets fixed, remove it from KNOWN_MISSES (and rejoice)."""
    for (key, line, name), wrong in KNOWN_MISSES.items():
        project = next(p for p in records[key].projects if p.span.line == line and p.name == name)
        assert (project.amount.yuan if project.amount else None) == wrong.get("amount_yuan", project.amount.yuan if project.amount else None)


def test_project_details(records):
    by_name = {p.name: p for p in records["000"].projects}
    brain = by_name["脑图谱大数据平台"]
    assert brain.amount.quarterly == (40.0, 30.0, 20.0, 10.0)
    assert (brain.period, brain.period_start, brain.period_end) == ("2023.01.01至2023.12.31", "2023-01-01", "2023-12-31")
    assert [s.key for s in brain.sections] == ["overview", "basis", "implementer", "plan", "period", "budget", "performance"]
    assert [s.heading for s in brain.sections][:2] == ["一、项目概述", "二、立项依据"]
    # 第一季度经费执行率为0，第二季度…97.5%，第三季度…97.5%，第四季度…100%: cumulative -> shares
    assert by_name["科技服务信息专递"].amount.quarterly == (0.0, 97.5, 0.0, 2.5)
    # 预算人民币约27万元
    assert by_name["博士后科研工作站建设"].amount.approximate
    assert by_name["科技金融服务工作"].amount.derived
    assert not by_name["科普之窗"].amount.derived
    assert by_name["国家科技奖励管理工作经费"].period_start == "2023-01-01"  # "2023年"
    assert by_name["纸张挺度"].period_start is None  # "2023年第三季度完成采购任务"


def test_forms_read_despite_the_order(records):
    forms = {p.name: p for p in records["002"].projects if p.parent is None}
    p = forms["研发平台数据采购及保障"]
    assert (p.period_start, p.period_end) == ("2018-02-01", "2018-12-20")
    assert p.amount.yuan == 7_000_000 and p.total_amount is None  # 总预算 == 当年预算
    keys = {s.key for s in p.sections}
    assert {"overview", "basis", "necessity", "measures", "plan", "performance", "budget", "period", "purpose"} <= keys
    # the contact line "胡国知 64839009" is not a sub-project of the first form
    first = [q for q in records["002"].projects if q.parent == "全市孵化器及在孵企业服务"]
    assert sum(q.amount.yuan for q in first) == 9_700_000 and all("胡国知" not in q.name for q in first)


def test_form_basis_is_the_block_of_cited_documents(records, sources):
    text = sources["002"].text
    for name in ("全市孵化器及在孵企业服务", "研发平台数据采购及保障"):
        p = next(p for p in records["002"].projects if p.name == name)
        basis = next(s for s in p.sections if s.key == "basis")
        assert text[basis.body.start : basis.body.end].startswith("《")


def test_implausible_amount_is_flagged(records):
    party = next(p for p in records["001"].projects if p.name == "科技社团党建工作")
    assert "implausible_amount" in party.flags
    warning = next(w for w in records["001"].warnings if w.code == "implausible_amount")
    assert "60000.00万元" in warning.message and warning.span.line == 477


def test_subproject_sum_mismatch_is_reported(records):
    # 总资金1067.5万元; 子项目 448.3 + 231.7 + 313.5 + 20 + 28 = 1041.5万元
    w = [w for w in records["001"].warnings if w.code == "sum_mismatch" and "科协大院" in w.message]
    assert len(w) == 1 and "10415000" in w[0].message and "10675000" in w[0].message


def test_missing_amount_is_flagged_not_zero(records):
    p = next(p for p in records["004"].projects if p.name == "基层科普服务")
    assert p.amount is None and "amount_missing" in p.flags


# ---------------------------------------------------------------------------
# provenance: every span points at the text it claims


def _compact(s: str) -> str:
    return "".join(s.split())


@pytest.mark.parametrize("key", ["000", "001", "002", "004"])
def test_every_span_is_the_text_it_claims(records, sources, key):
    text = sources[key].text
    rec = records[key]

    def line_of(offset):
        return text.count("\n", 0, offset) + 1

    for p in rec.projects:
        assert _compact(text[p.span.start : p.span.end]) == p.name
        assert p.span.line == line_of(p.span.start)
        assert p.extent.start <= p.span.start and p.span.end <= p.extent.end
        if p.amount is not None and not p.amount.derived:
            assert text[p.amount.span.start : p.amount.span.end] == p.amount.text
        if p.unit_span is not None:
            mention = _compact(text[p.unit_span.start : p.unit_span.end])
            assert mention and (mention in p.unit or p.unit.startswith(mention) or mention in ("市科委",))
        for s in p.sections:
            assert _compact(text[s.span.start : s.span.end]) == s.heading
            assert s.span.end <= s.body.start <= s.body.end
    for u in rec.units:
        assert _compact(text[u.span.start : u.span.end]) == u.name
    for b in rec.budget_lines:
        row = text[b.span.start : b.span.end]
        assert row.split()[0] == b.code[:3] and b.span.line == line_of(b.span.start)
        if b.name:
            assert b.name in _compact(row)
    for f in rec.figures:
        assert f.span.line == line_of(f.span.start)
    if rec.department_span is not None:
        assert _compact(text[rec.department_span.start : rec.department_span.end]) == rec.department
