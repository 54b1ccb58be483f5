"""Label variants seen in other departments' and cities' documents, table-driven: each case is a
small text as such documents write it, and what a reader takes from it.

* bilingual declarations put an English gloss between the Chinese label and its colon
  (h16, a Shenzhen hospital: "项目一 Project 1：", "申报单位 Applicant：");
* forms written as label<TAB>value rows name the department with a tab ("主管部门<TAB>…") and
  PDF text groups thousands with a space ("1 280.00");
* inline labels 项目金额：/项目单位： (h14, 郫都).
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


@pytest.mark.parametrize("text, department, kind, projects", [
    (BILINGUAL, "深圳市卫生健康委员会", "project_declaration", [("急诊能力提升", "深圳市某某医院", 12_800_000)]),
    (TAB_FORM, "杭州市数据资源管理局", "performance_target_declaration", [("平台升级", "杭州市城市大脑运营中心", 12_800_000)]),
    (INLINE, "成都市某某区农业农村局", "department_budget", [("高标准农田建设", "成都市某某区农业农村局", 26_800_000)]),
])
def test_label_variants(text, department, kind, projects):
    rec = extract_structure(SourceText.from_text(text))
    assert (rec.department, rec.kind) == (department, kind)
    assert [(p.name, p.unit, p.amount.yuan if p.amount else None) for p in rec.projects] == projects
    for p in rec.projects:  # names and amounts are read where the text writes them
        assert text[p.amount.span.start : p.amount.span.end] == p.amount.text
