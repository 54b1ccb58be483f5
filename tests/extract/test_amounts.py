"""Amounts, quarterly splits, sub-projects and derived totals, table-driven with inline markup.

In each case ``[[…]]`` marks where the amount must be found; the markup is removed
before extraction and the expected span is computed from it.
"""

from __future__ import annotations

import re

import pytest

from policygraph.extract.amounts import find_amounts, find_quarterly, to_yuan
from policygraph.extract.budget import find_period, project_money
from policygraph.extract.models import Span
from policygraph.extract.text import fold

MARK = re.compile(r"\[\[(.*?)\]\]", re.S)


def unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Text without markup, and the [start, end) of each marked part."""
    spans, out, pos = [], [], 0
    for m in MARK.finditer(marked):
        out.append(marked[pos : m.start()])
        start = sum(len(x) for x in out)
        out.append(m.group(1))
        spans.append((start, start + len(m.group(1))))
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans


def span_of(text):
    return lambda s, e: Span(s, e, text.count("\n", 0, s) + 1)


AMOUNTS = [
    # marked text                                   yuan of each marked amount       approximate
    ("该项目2023年计划投入[[600万元]]。", [6_000_000], [False]),
    ("申请年度预算[[3,227,018.00元]]", [3_227_018], [False]),
    ("本年度预算[[1404.6651万元]]。", [14_046_651], [False]),
    ("项目总投资[[1.2亿元]]，当年安排[[3000万元]]", [120_000_000, 30_000_000], [False, False]),
    ("预计总项目经费[[42.78万]]。其中沙龙[[6万]]", [427_800, 60_000], [False, False]),
    ("预算人民币约[[27万元]]，支出计划进度", [270_000], [True]),
    ("共需费用约为[[12.06万元]]", [120_600], [True]),
    ("本项目经费[[30万元左右]]。", [300_000], [True]),
    ("安排资金[[30余万元]]", [300_000], [True]),
    ("全角数字[[１２．５万元]]", [125_000], [False]),
    ("PDF里数字中间有空格[[1 386.97 万元]]", [13_869_700], [False]),
    ("1、手机信号检测（[[10 万]]）", [100_000], [False]),
    ("2025年度财政资金预算总额[[280000.00元]]", [280_000], [False]),
    ("年度资金申请总额[[1,070,000.00元]]", [1_070_000], [False]),
    # rates are not amounts; "=60万元" is
    ("咨询费平均15万/项*4项=[[60万元]]，会议200元/人/天", [600_000], [False]),
    ("（[[60000.00万元]]、按照全年工作计划）", [600_000_000], [False]),
    ("含场租及设备费1万元/次*3次、摄影0.075万元/小时，共[[4万元]]", [40_000], [False]),
    # PDF text wraps inside an amount: the line goes on after the break and its indent
    ("子项目2、培训交流[[2\n      5.23万元]]，根据", [252_300], [False]),
    ("子项目2、培训交流[[235.78\n万元]]，根据", [2_357_800], [False]),
    ("资料印刷[[89\n.72万元]]。", [897_200], [False]),
    ("数据整理[[57.\n3万元]]。", [573_000], [False]),
    ("项目总资金[[1,\n234.5万元]]", [12_345_000], [False]),
    # the unit in the label, the number bare after it
    ("预算金额（万元）：[[30.5]]", [305_000], [False]),
    ("项目年度预算（元） [[1,070,000.00]]，其中财政资金[[80万元]]", [1_070_000, 800_000], [False, False]),
    ("资金（万元）：2023年度", [], []),
    # a number alone on its line is not the first half of the next line's amount
    ("合计\n12\n[[34万元]]", [340_000], [False]),
]


@pytest.mark.parametrize("marked, yuans, approx", AMOUNTS)
def test_amounts(marked, yuans, approx):
    text, spans = unmark(marked)
    found = find_amounts(fold(text), src=text, span_of=span_of(text))
    assert [(f.amount.span.start, f.amount.span.end) for f in found] == spans
    assert [f.amount.yuan for f in found] == yuans
    assert [f.amount.approximate for f in found] == approx
    assert [f.amount.text for f in found] == [text[s:e] for s, e in spans]


@pytest.mark.parametrize("number, unit, yuan", [("1,386.97", "万元", 13_869_700), ("0.075", "万元", 750), ("1.2", "亿元", 120_000_000), ("12", "元", 12)])
def test_to_yuan(number, unit, yuan):
    assert to_yuan(number, unit) == yuan


QUARTERS = [
    ("其中：第一季度40%，第二季度30%，第三季度20%，第四季度10%。", (40.0, 30.0, 20.0, 10.0)),
    ("- （1）2023年1季度，执行30%，约8.1万元\n- （2）2023年2季度，执行30%\n- （3）2023年3季度，执行20%\n- （4）2023年4季度，执行20%", (30.0, 30.0, 20.0, 20.0)),
    # cumulative execution rates become shares
    ("预计第一季度经费执行率为0，第二季度执行率为97.5%，第三季度执行率为97.5%，第四季度执行率为100%。", (0.0, 97.5, 0.0, 2.5)),
    ("第二季度投入比例100%。", (0.0, 100.0, 0.0, 0.0)),  # one quarter carrying everything
    # a percentage far from its quarter is not taken as its share
    ("第二季度开展会议嘉宾邀请、会议举办等工作，预计支出4万元，投入比例100%。", None),
    ("第一季度完成采购", None),
    ("第一季度30%，第二季度30%", None),  # does not add up to 100 and is not cumulative: not a split
]


@pytest.mark.parametrize("text, expected", QUARTERS)
def test_quarterly(text, expected):
    assert find_quarterly(fold(text), 0, len(text)) == expected


MONEY = [
    # budget section text → total yuan, derived, [(sub-project, yuan)]
    ("本年度预算7212.85万元，其中财政4729.45万元，自筹2483.4万元。", 72_128_500, False, []),
    ("该项目总资金为1067.5万元。子项目1、物业管理服务448.3万元，根据要求执行；子项目2、安保管理服务231.7万元。",
     10_675_000, False, [("物业管理服务", 4_483_000), ("安保管理服务", 2_317_000)]),
    ("1、手机信号检测（10 万）；2、网络安全维护（5万）", 150_000, True, [("手机信号检测", 100_000), ("网络安全维护", 50_000)]),
    ("星级学会引领项目130万元（购买学会管理岗位30万元；社会化服务品牌培育计划项目100万元。）；学会组织管理项目26.5万元。",
     1_565_000, True, [("星级学会引领项目", 1_300_000), ("学会组织管理项目", 265_000)]),
    ("国际科技组织对接交流与合作30万元\n海智工作及相关对接交流活动16万元", 460_000, True,
     [("国际科技组织对接交流与合作", 300_000), ("海智工作及相关对接交流活动", 160_000)]),
    # a cost breakdown is not a list of sub-projects
    ("预计总项目经费42.78万。其中上海科技交流沙龙系列活动6万，专家咨询费2.5万，调研差旅3万。", 427_800, False, []),
    ("本项目预算金额为27万元，主要经费支出为导师指导费等。", 270_000, False, []),
    ("项目年度财政资金预算安排30.5万元，比上年增加2万元。", 305_000, False, []),
    ("1.对云平台进行运维；2.完善网站内容。", None, False, []),
    # sub-headings without Markdown, the first one right at the start of the section body
    ("      1、慈善事业日常运行与维护\n      本子项目拟投入39.17万元，资金来源为财政拨款。\n      2、平台运维\n      预计支出70.44万元，资金来源为财政拨款。",
     1_096_100, True, [("慈善事业日常运行与维护", 391_700), ("平台运维", 704_400)]),
    # 年报 is no 全年: "交通安全年报撰写" is a part, not a restated total
    ("1、交通安全年报撰写（30.69万）\n\n2、成果推介（17.97万）", 486_600, True, [("交通安全年报撰写", 306_900), ("成果推介", 179_700)]),
    # a small table in the budget section: the unit in the header, bare numbers in the rows
    ("序号 子项目名称 金额（万元）\n1 平台运维服务 80.5\n2 网格巡查外包 30\n合计 110.5\n", 1_105_000, False,
     [("平台运维服务", 805_000), ("网格巡查外包", 300_000)]),
    ("子项目名称\t预算数（元）\n宣传推广\t120,000\n资料印刷\t30,000\n", 150_000, True, [("宣传推广", 120_000), ("资料印刷", 30_000)]),
    # an explicit 子项目 marker and an amount wrapped across lines
    ("该项目总资金为315.5万元。子项目1、宽带服务153.53万元；子项\n目2、培训交流161\n.97万元，根据服务时间节点支付款项。",
     3_155_000, False, [("宽带服务", 1_535_300), ("培训交流", 1_619_700)]),
    # paragraphs, each opening with an activity and costing several items; no stated total
    ("院士建议咨询项目：咨询费平均15万/项*4项=60万元，合计60万元。\n\n时间：2023年1月-2023年12月\n\n"
     "院士沙龙为四类会议，会议费5万元（含场租1万元/次*3次），专家报告费0.25万元/人，共4万元。印刷费1.3万元。\n",
     703_000, True, [("院士建议咨询项目", 600_000), ("院士沙龙", 103_000)]),
]


@pytest.mark.parametrize("text, total, derived, subs", MONEY)
def test_project_money(text, total, derived, subs):
    money = project_money(fold(text), text, 0, len(text), span_of(text))
    assert (money.amount.yuan if money.amount else None) == total
    assert (money.amount.derived if money.amount else False) == derived
    assert [(s.name, s.amount.yuan) for s in money.subprojects] == subs
    for s in money.subprojects:
        assert "".join(text[s.start : s.end].split()) == s.name
    if derived:
        assert money.amount.span.start == money.subprojects[0].amount.span.start


def test_the_project_named_with_its_amount_is_the_total():
    text = "上海科技宣传工作项目 645.55万元。"
    money = project_money(fold(text), text, 0, len(text), span_of(text), project_name="上海科技宣传工作")
    assert money.amount.yuan == 6_455_500 and money.subprojects == ()


def test_subheadings_of_the_project_name_parts():
    text = "2023年，科技创新发展保障资金预算安排为21275万元，其中研发机构支撑预算安排5995万元、科普工程8510万元、科技管理6770万元。"
    money = project_money(fold(text), text, 0, len(text), span_of(text), frozenset({"研发机构支撑", "科普工程", "科技管理"}))
    assert money.amount.yuan == 212_750_000
    assert [(s.name, s.amount.yuan) for s in money.subprojects] == [("研发机构支撑", 59_950_000), ("科普工程", 85_100_000), ("科技管理", 67_700_000)]


PERIODS = [
    ("2023.01.01至2023.12.31", "2023-01-01", "2023-12-31"),
    ("2023年1月1日—12月31日", "2023-01-01", "2023-12-31"),
    ("2023年1月 - 2023年12月", "2023-01-01", "2023-12-31"),
    ("本项目实施周期为2023年1-12月", "2023-01-01", "2023-12-31"),
    ("2025全年", "2025-01-01", "2025-12-31"),
    ("2023年", "2023-01-01", "2023-12-31"),
    ("2019/1/1 结束时间 2019/12/31", "2019-01-01", "2019-12-31"),
    ("2024年2月1日至2024年2月30日", "2024-02-01", None),  # no such day: not invented
    ("该项目实施周期为1年。", None, None),
]


@pytest.mark.parametrize("text, start, end", PERIODS)
def test_periods(text, start, end):
    p = find_period(fold(text), text, 0, len(text), span_of(text))
    assert p is not None and (p.start, p.end) == (start, end)
    assert p.text == text[p.span.start : p.span.end]
