"""Variants of the sixth held-out batch's layouts (tests/heldout/docs/h25-h28), made up to check
that its fixes are general: a town's web page whose project table (raw <table><tr><td>) has a
立项依据 column, a provincial budget whose projects are prose paragraphs (年度预算安排 / 安排资金 in
元, an implementer 由…实施 that no unit list names), another 市X区 district's borderless
one-cell-a-line table with its own and its city's codes, and a 事业单位's 单位预算 labelled
预算单位： whose 资金性质 names one source only."""

from __future__ import annotations

from policygraph.extract import extract_text

HTML_TABLE = """<html><head><title>桐乡市人民政府门户网站</title></head><body>
<h1>桐乡市乌镇镇人民政府2024年部门预算</h1>
<p>三、项目支出说明</p>
<table><tr><td>项目名称</td><td>实施单位</td><td>立项依据</td><td>金额（万元）</td></tr>
<tr><td>景区环境整治</td><td>桐乡市乌镇镇人民政府</td><td>《浙江省人民政府关于推进美丽城镇建设的意见》（浙政发〔2019〕8号）；桐政办发〔2021〕7号</td><td>230.00</td></tr>
<tr><td>农村道路养护</td><td>桐乡市乌镇镇农业农村服务中心</td><td>《农村公路养护管理办法》（交通运输部令2015年第22号）</td><td>88.50</td></tr>
<tr><td>合计</td><td></td><td></td><td>318.50</td></tr>
</table>
</body></html>
"""

PROSE = """河南省自然资源厅2020年部门预算

五、重点项目情况
1.地质灾害防治项目，年度预算安排3,500万元，由河南省地质环境监测院具体实施，主要用于地质灾害隐患点排查和监测预警。根据《地质灾害防治条例》（国务院令第394号）和《河南省人民政府关于加强地质灾害防治工作的意见》（豫政〔2019〕12号），并经厅党组会议研究同意。
2.耕地保护补偿项目，安排资金8,000,000元，主要用于耕地保护激励。依据《中华人民共和国土地管理法》。

六、名词解释
1.基本支出：指保障机构正常运转的支出。
"""

ONE_CELL_A_LINE = """青岛市市北区城市管理局
2023年部门整体绩效目标及项目绩效目标

三、项目绩效目标
单位：万元
项目名称
项目金额
立项依据
年度绩效目标
道路桥梁维护
640.00
《城市道路管理条例》（国务院令第198号）；北政办
发〔2022〕5号
完成道路维修
3万平方米
环卫保洁作业
1,260.50
青财建〔2022〕
31号
保洁覆盖率100%
合计
1,900.50
"""

UNIT_BUDGET = """郑州市第一人民医院2024年单位预算

主管部门：郑州市卫生健康委员会
预算单位：郑州市第一人民医院

项目一  胸痛中心建设
实施科室：心血管内科
资金性质：财政拨款150.00万元
立项依据：《胸痛中心建设与管理指导原则（试行）》（国卫办医函〔2017〕1026号）；医院2023年第5次党委会议决定。

项目二  药学服务能力提升
实施科室：药学部
资金性质：财政拨款40.00万元，事业收入60.00万元
立项依据：郑卫发〔2023〕12号；2023年8月专家论证会意见。
"""


def _projects(rec):
    return [(p.span.line, p.name, p.unit, p.amount.yuan if p.amount else None,
             next((s.span.line for s in p.sections if s.key == "basis"), None)) for p in rec.projects]


def test_a_web_pages_project_table_with_a_basis_column():
    rec = extract_text(HTML_TABLE)
    assert (rec.department, rec.year) == ("桐乡市乌镇镇人民政府", 2024)
    assert _projects(rec) == [(5, "景区环境整治", "桐乡市乌镇镇人民政府", 2_300_000, 4),
                              (6, "农村道路养护", "桐乡市乌镇镇农业农村服务中心", 885_000, 4)]
    assert [(c.span.line, c.project, c.section) for c in rec.citations] == [
        (5, "景区环境整治", "basis"), (5, "景区环境整治", "basis"), (6, "农村道路养护", "basis")]
    issuers = {c.doc_number.text: c.issuer for c in rec.citations if c.doc_number}
    assert issuers["桐政办发〔2021〕7号"] == "桐乡市人民政府办公厅"  # a town's document is its city's (a city's {A}政办 in code_templates.tsv)


def test_projects_written_as_prose_paragraphs():
    rec = extract_text(PROSE)
    assert _projects(rec) == [(4, "地质灾害防治项目", "河南省地质环境监测院", 35_000_000, 4),
                              (5, "耕地保护补偿项目", None, 8_000_000, 5)]
    assert [(c.kind, c.project) for c in rec.citations] == [
        ("law", "地质灾害防治项目"), ("document", "地质灾害防治项目"), ("instruction", "地质灾害防治项目"),
        ("law", "耕地保护补偿项目")]


def test_a_districts_table_set_one_cell_a_line():
    rec = extract_text(ONE_CELL_A_LINE)
    assert (rec.department, rec.year, rec.kind) == ("青岛市市北区城市管理局", 2023, "performance_target_declaration")
    assert _projects(rec) == [(10, "道路桥梁维护", None, 6_400_000, 8), (16, "环卫保洁作业", None, 12_605_000, 8)]
    issuers = {c.doc_number.text.replace("\n", ""): (c.issuer, c.project) for c in rec.citations if c.doc_number}
    assert issuers["北政办发〔2022〕5号"] == ("青岛市市北区人民政府办公室", "道路桥梁维护")
    assert issuers["青财建〔2022〕31号"] == ("青岛市财政局", "环卫保洁作业")


def test_a_units_own_budget():
    rec = extract_text(UNIT_BUDGET)
    assert rec.department == "郑州市卫生健康委员会"
    assert _projects(rec) == [(6, "胸痛中心建设", "郑州市第一人民医院", 1_500_000, 9),
                              (11, "药学服务能力提升", "郑州市第一人民医院", 1_000_000, 14)]
    assert [(c.kind, c.issuer) for c in rec.citations] == [
        ("document", "国家卫生和计划生育委员会办公厅"), ("instruction", None), ("document", "郑州市卫生健康委员会"), ("instruction", None)]
