"""Label variants seen in other departments' and cities' documents, table-driven: each case is a
small text as such documents write it, and what a reader takes from it.

* bilingual declarations put an English gloss between the Chinese label and its colon
  (h16, a Shenzhen hospital: "项目一 Project 1：", "申报单位 Applicant：");
* forms written as label<TAB>value rows name the department with a tab ("主管部门<TAB>…") and
  PDF text groups thousands with a space ("1 280.00");
* inline labels 项目金额：/项目单位： (h14, 郫都);
* a part heading that ends like a project title ("三、部门项目情况说明" heads the projects, it is no
  project named 部门), Markdown bullets before sub-projects, quarterly shares listed after 分别为.
"""

from __future__ import annotations

import pytest

from policygraph.extract.reader import SourceText
from policygraph.extract.structure import extract_structure

BILINGUAL = """深圳市某某医院2024年度项目预算申报书
申报单位 Applicant：深圳市某某医院
主管部门 Competent Department：深圳市卫生健康委员会

项目一 Project 1：急诊能力提升
项目概述 Overview
提升急诊急救能力。
立项依据 Policy Basis
《国务院办公厅关于推动公立医院高质量发展的意见》（国办发〔2021〕18号）
预算金额 Budget：1,280.00万元 (RMB 12.8 million)
"""

TAB_FORM = """2022年度项目支出绩效目标申报表

项目名称\t平台升级
主管部门\t杭州市数据资源管理局
实施单位\t杭州市城市大脑运营中心
项目资金（万元）\t年度资金总额\t1 280.00
立项依据\t《浙江省数字化改革总体方案》（浙委办发〔2021〕12号）
年度绩效目标\t完成平台升级。
"""

INLINE = """成都市某某区农业农村局
2022年部门预算

三、重点项目支出情况

项目一：高标准农田建设
项目单位：成都市某某区农业农村局
项目金额：2,680.00万元
项目概述：新建高标准农田。
政策依据：《全国高标准农田建设规划（2021—2030年）》
"""


PART_HEADING = """# 上海市某某区文化和旅游局 2025年区级部门预算

## 三、部门项目情况说明

### 1. 公共文化配送项目

**立项依据**：《中华人民共和国公共文化服务保障法》。

**年度预算安排**：项目预算总额为 4,860,000.00 元，分季度执行比例分别为：40%、30%、20%、10%。

### 2. 非遗保护传承项目

**年度预算安排**：
- 传承人补贴：30万元
- 非遗展示活动：45.5万元
"""


@pytest.mark.parametrize("text, department, kind, projects", [
    (BILINGUAL, "深圳市卫生健康委员会", "project_declaration", [("急诊能力提升", "深圳市某某医院", 12_800_000)]),
    (TAB_FORM, "杭州市数据资源管理局", "performance_target_declaration", [("平台升级", "杭州市城市大脑运营中心", 12_800_000)]),
    (INLINE, "成都市某某区农业农村局", "department_budget", [("高标准农田建设", "成都市某某区农业农村局", 26_800_000)]),
    (PART_HEADING, "上海市某某区文化和旅游局", "department_budget", [
        ("公共文化配送项目", None, 4_860_000), ("非遗保护传承项目", None, 755_000), ("传承人补贴", None, 300_000), ("非遗展示活动", None, 455_000)]),
])
def test_label_variants(text, department, kind, projects):
    rec = extract_structure(SourceText.from_text(text))
    assert (rec.department, rec.kind) == (department, kind)
    assert [(p.name, p.unit, p.amount.yuan if p.amount else None) for p in rec.projects] == projects
    for p in rec.projects:  # names and amounts are read where the text writes them
        assert text[p.amount.span.start : p.amount.span.end] == p.amount.text


def test_quarterly_shares_listed_after_the_word_quarter():
    rec = extract_structure(SourceText.from_text(PART_HEADING))
    assert rec.projects[0].amount.quarterly == (40.0, 30.0, 20.0, 10.0)
    assert [p.parent for p in rec.projects] == [None, None, "非遗保护传承项目", "非遗保护传承项目"]


@pytest.mark.parametrize("written, yuan, approximate", [
    ("年度预算安排：约１，２００万元。", 12_000_000, True),  # full-width digits and comma
    ("年度预算安排：１，２３４，５６７.８元。", 1_234_568, False),
    ("年度预算安排：120万元，共3个，200人参加。", 1_200_000, False),  # a clause after the comma
])
def test_full_width_thousands(written, yuan, approximate):
    text = f"某某区科学技术委员会2024年部门预算\n\n（一）科技企业培育项目\n1．项目概述：支持企业。\n2．{written}\n"
    project, = extract_structure(SourceText.from_text(text)).projects
    assert (project.amount.yuan, project.amount.approximate) == (yuan, approximate)


def test_a_unit_list_with_the_departments_own_part_in_brackets():
    text = ("上海市某某区科学技术委员会2024年区级部门预算\n\n二、部门机构设置及预算单位构成\n"
            "本部门预算单位包括：上海市某某区科学技术委员会（本级）、上海市某某区科技创业服务中心。\n")
    rec = extract_structure(SourceText.from_text(text))
    assert [u.name for u in rec.units] == ["上海市某某区科学技术委员会（本级）", "上海市某某区科技创业服务中心"]


def test_a_declaration_states_the_total_and_the_years_funds():
    text = ("2023年度市级财政专项资金项目申报书\n\n一、项目基本情况\n项目名称：城市更新示范区规划编制\n"
            "申报单位：武汉市自然资源和规划局\n项目总预算：650万元\n其中：2023年申请财政资金：400万元\n\n"
            "二、立项依据\n1.《湖北省城市更新行动实施方案》（鄂政办发〔2021〕35号）\n")
    project, = extract_structure(SourceText.from_text(text)).projects
    assert (project.name, project.amount.yuan, project.total_amount.yuan) == ("城市更新示范区规划编制", 4_000_000, 6_500_000)
