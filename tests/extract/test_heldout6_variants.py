"""Variants of the fifth held-out batch's layouts (tests/heldout/docs/h21-h24), made up to check
that its fixes are general: fields a web page runs together on one line (other labels, full-width
spaces), a county's own codes (长政发 of 长兴县, not 长沙市's) in a project table with full-width
digits, a typed 项目申报书 whose multi-year table is aligned with spaces, and the number and
mention constructions the batch showed (orders and announcements numbered by year, standards'
codes, white papers as sources of figures)."""

from __future__ import annotations

import pytest

from policygraph.extract import extract_text

RUN_TOGETHER = """上海市长宁区卫生健康委员会2025年项目绩效目标公开
首页 > 信息公开 > 部门预算

项目名称：社区卫生服务中心设备更新　项目类型：一次性项目　预算金额：86.5万元　项目单位：上海市长宁区华阳街道社区卫生服务中心
主管部门：上海市长宁区卫生健康委员会　负责人：李明　联系电话：021-5XXXX
项目概述：更新社区卫生服务中心DR、彩超等设备5台。
立项依据：1.《上海市社区卫生服务机构功能与建设指导标准》；2.长府办〔2023〕11号；3.区政府常务会议纪要（2024年第5次）。
资金使用计划：一季度10%、二季度40%、三季度40%、四季度10%。

项目名称：家庭医生签约服务 项目类型：经常性项目 预算金额：320万元 项目单位：上海市长宁区卫生健康委员会
主管部门：上海市长宁区卫生健康委员会 负责人：王芳 联系电话：021-5XXXX
项目概述：开展家庭医生签约服务考核和激励。
立项依据：《关于进一步推进本市家庭医生签约服务的实施意见》（沪卫规〔2022〕3号）。
"""

COUNTY_TABLE = """长兴县农业农村局2024年部门预算

预算主管部门：长兴县农业农村局

一、项目支出预算表
单位：万元
序号	项目名称	实施单位	预算金额	设立依据
1	耕地地力保护补贴	长兴县农业技术推广中心	１，０２０．００	长政办发〔2023〕21号；浙农计发〔2022〕5号
2	动物防疫经费	长兴县动物卫生监督所	３５０．５０	长政发〔2022〕9号；《中华人民共和国动物防疫法》；农业农村部令2022年第4号
合计			１，３７０．５０	
"""

TYPED_DECLARATION = """嘉兴市市级财政专项资金项目申报书
（2021年度）

项目名称：嘉兴市智慧养老服务平台建设
申报单位（盖章）：嘉兴市民政局
项目实施单位：嘉兴市社会福利院
主管部门：嘉兴市民政局

一、项目基本情况
项目名称	嘉兴市智慧养老服务平台建设
项目总投资	900.00万元

二、立项依据
1．《国务院办公厅关于推进养老服务发展的意见》（国办发〔2019〕5号）；
2．《智慧健康养老产品及服务推广目录（2020年版）》（工业和信息化部2020年第40号公告）。

三、项目预算（单位：万元）
资金来源    合计    2021年    2022年
申请财政资金    600.00    400.00    200.00
自筹资金    300.00    200.00    100.00
合计    900.00    600.00    300.00

四、子项目构成（单位：万元）
序号	子项目名称	总投资	2021年安排
1	平台软件开发	500.00	350.00
2	智能终端配置	400.00	250.00
合计		900.00	600.00

五、绩效目标
平台接入老年人5万人。
"""


def _projects(rec):
    return [(p.span.line, p.name, p.parent, p.unit, p.amount.yuan if p.amount else None,
             next((s.span.line for s in p.sections if s.key == "basis"), None)) for p in rec.projects]


def test_fields_run_together_on_one_line():
    rec = extract_text(RUN_TOGETHER)
    assert rec.kind == "performance_target_declaration" and rec.department == "上海市长宁区卫生健康委员会"
    assert _projects(rec) == [
        (4, "社区卫生服务中心设备更新", None, "上海市长宁区华阳街道社区卫生服务中心", 865_000, 7),
        (10, "家庭医生签约服务", None, "上海市长宁区卫生健康委员会", 3_200_000, 13),
    ]
    assert [(c.text, c.kind, c.project) for c in rec.citations if c.kind == "instruction"] == [
        ("区政府常务会议纪要", "instruction", "社区卫生服务中心设备更新")]


def test_a_countys_own_codes_in_a_project_table():
    rec = extract_text(COUNTY_TABLE)
    assert _projects(rec) == [
        (8, "耕地地力保护补贴", None, "长兴县农业技术推广中心", 10_200_000, 7),
        (9, "动物防疫经费", None, "长兴县动物卫生监督所", 3_505_000, 7),
    ]
    issuers = {c.doc_number.text: c.issuer for c in rec.citations if c.doc_number}
    assert issuers["长政办发〔2023〕21号"] == "长兴县人民政府办公室"
    assert issuers["长政发〔2022〕9号"] == "长兴县人民政府"
    assert issuers["浙农计发〔2022〕5号"] == "浙江省农业农村厅"
    order = next(c for c in rec.citations if c.doc_number and "令" in c.doc_number.text)
    assert (order.doc_number.issuer_code, order.doc_number.year, order.doc_number.serial, order.issuer) == ("农业农村部令", 2022, "4", "农业农村部")


def test_a_typed_declaration_with_a_multi_year_table():
    rec = extract_text(TYPED_DECLARATION)
    assert (rec.year, rec.kind, rec.department) == (2021, "project_declaration", "嘉兴市民政局")
    assert _projects(rec) == [
        (4, "嘉兴市智慧养老服务平台建设", None, "嘉兴市社会福利院", 6_000_000, 13),
        (25, "平台软件开发", "嘉兴市智慧养老服务平台建设", "嘉兴市社会福利院", 3_500_000, None),
        (26, "智能终端配置", "嘉兴市智慧养老服务平台建设", "嘉兴市社会福利院", 2_500_000, None),
    ]
    ann = next(c for c in rec.citations if c.doc_number and "公告" in c.doc_number.text)
    assert (ann.doc_number.issuer_code, ann.doc_number.year, ann.doc_number.serial, ann.issuer) == ("工业和信息化部公告", 2020, "40", "工业和信息化部")


@pytest.mark.parametrize("text, number", [
    ("依据《农产品质量安全监测管理办法》（农业部令2012年第7号）开展监测。", ("农业部令", 2012, "7")),
    ("落实农业农村部公告第573号要求。", ("农业农村部公告", None, "573")),
    ("执行《产业结构调整指导目录（2019年本）》（国家发展改革委2019年第29号令）。", ("国家发展改革委令", 2019, "29")),
])
def test_orders_and_announcements_numbered_by_year(text, number):
    (c,) = [c for c in extract_text(text).citations if c.doc_number]
    assert (c.doc_number.issuer_code, c.doc_number.year, c.doc_number.serial) == number


@pytest.mark.parametrize("text, kinds", [
    ("按照《工业互联网平台 企业上云服务规范》（T/CAICT 001-2019）团体标准开展服务。", ["mention"]),
    ("参照《智能工厂评价规范》（Q/NB 012-2020）企业标准。", ["mention"]),
    ("满足国家标准《工业控制系统信息安全防护能力评估方法》（GB/T 36470-2018）要求。", ["document"]),
    ("满足《建筑设计防火规范》（GB 50016-2014）。", ["document"]),
    ("据《中国数字经济发展白皮书（2020）》测算，全国数字经济规模……", ["mention"]),
    ("参照《中国阿尔茨海默病报告2022》确定筛查人群。", ["mention"]),
])
def test_standards_and_sources_of_figures(text, kinds):
    assert [c.kind for c in extract_text(text).citations] == kinds
