"""Fuzzing the whole extraction (reader → structure, tables, forms → citations → JSONL → RDF) with hypothesis.

The text is built from what budget documents are made of (headings, labels,
amounts in 万元, tab-separated table rows with classification codes, 《》〔〕（）,
document numbers, CJK, newlines) mixed with arbitrary characters, so the rules
are actually exercised. Whatever comes in: no exception, every offset slices
the text, every line number is right, and the record goes through JSONL and the
RDF mapping.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policygraph.errors import UnreadableDocument
from policygraph.extract import extract_document
from policygraph.extract.jsonl import record_lines
from policygraph.extract.reader import SourceText, decode_text

PIECES = st.sampled_from([
    "上海市", "科学技术委员会", "2023年", "部门预算", "市级", "项目经费情况说明\n", "# ", "## ", "\n", "\n\n", "\r\n", "\t", " ",
    "一、项目概述\n", "二、立项依据\n", "三、实施主体\n", "四、实施方案\n", "五、实施周期\n", "六、年度预算安排\n", "七、绩效目标\n",
    "（一）", "1.", "项目名称：", "申报单位名称：", "预算金额（万元）：", "项目总预算（元）", "子项目名称", "机构设置", "包括：",
    "万元", "元", "约", "12.5", "1,234.00", "0.00", "30", "100%", "第一季度", "合计", "基本支出", "项目支出",
    "功能分类", "经济分类", "206", "20602", "2060206", "301", "三公经费", "因公出国(境)费", "公务用车购置费",
    "《", "》", "〈", "〉", "〔", "〕", "（", "）", "【", "】", "[", "]", "号", "第", "国发", "沪府办规", "2021", "034",
    "关于", "印发", "的通知", "意见", "办法", "条例", "中华人民共和国", "法", "根据", "相关文件精神", "批示", "、", "，", "。", "；", "：",
    "由", "负责实施", "科技创新", "2023.01.01至2023.12.31", "开始时间：", "结束时间：",
])
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
TEXT = st.lists(st.one_of(PIECES, PIECES, PIECES, st.text(CJK, max_size=4), st.text(max_size=3)), max_size=120).map("".join)


def _check_span(text: str, src: SourceText, span, what: str) -> None:
    assert 0 <= span.start <= span.end <= len(text), what
    assert span.line == text.count("\n", 0, span.start) + 1, what


def check_record(text: str) -> None:
    src = SourceText.from_text(text, path="/fuzz/doc.txt")
    record = extract_document(src)
    for unit in record.units:
        _check_span(text, src, unit.span, "unit")
    for project in record.projects:
        _check_span(text, src, project.span, "project")
        _check_span(text, src, project.extent, "project extent")
        for section in project.sections:
            _check_span(text, src, section.span, "section")
            _check_span(text, src, section.body, "section body")
        for amount in (project.amount, project.total_amount):
            if amount is not None:
                _check_span(text, src, amount.span, "amount")
                assert amount.yuan is None or amount.yuan >= 0
    for line in record.budget_lines:
        _check_span(text, src, line.span, "budget line")
        assert all(isinstance(v, int) for _, v in line.amounts)
    for figure in record.figures:
        _check_span(text, src, figure.span, "figure")
    for citation in record.citations:
        _check_span(text, src, citation.span, "citation")
        assert citation.text == text[citation.span.start:citation.span.end]
    for warning in record.warnings:
        if warning.span is not None:
            _check_span(text, src, warning.span, "warning")
    for line in record_lines(record):
        json.loads(line)
    from policygraph.graph.mapping import record_nquads

    record_nquads(record, text)  # the graph layer takes any record extraction gives it


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(TEXT)
def test_document_like_text_never_crashes_and_offsets_slice(text):
    check_record(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.integers(min_value=1, max_value=3000), st.integers(min_value=0, max_value=3000), PIECES)
def test_brackets_nested_and_unbalanced_any_depth(opening, closing, inside):
    check_record("二、立项依据\n根据" + "《" * opening + inside + "》" * closing + "（国发〔2018〕32号）\n" + "〔" * closing + "号\n")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_are_refused_in_one_line(raw):
    try:
        text, encoding = decode_text(raw, "/fuzz/doc.txt")
    except UnreadableDocument as exc:
        assert "\n" not in str(exc) and str(exc).startswith("/fuzz/doc.txt: ")
        return
    assert encoding in ("utf-8", "utf-8-sig", "utf-16", "gb18030", "utf-8+gb18030")


CJK_LINE = st.text(st.one_of(CJK, st.sampled_from("《》〔〕（）、，。：；0123456789万元 abc")), min_size=2, max_size=40)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(CJK_LINE, st.booleans()), min_size=1, max_size=30))
def test_lines_in_utf8_and_gbk_mixed_read_back_exactly(lines):
    """Two downloads pasted together: each line in UTF-8 or GB18030, the text comes back exactly.

    Lines carry at least one CJK character (a GBK line of only ASCII and fullwidth
    punctuation is valid UTF-8 by chance far more often: see reader._decode_lines).
    """
    lines = [(text + "项", gbk) for text, gbk in lines]
    raw = b"".join((text + "\n").encode("gb18030" if gbk else "utf-8") for text, gbk in lines)
    text, encoding = decode_text(raw, "/fuzz/mixed.txt")
    assert text == "".join(t + "\n" for t, _ in lines)
    used = {gbk for _, gbk in lines}
    if used == {True, False}:
        assert encoding == "utf-8+gb18030"
