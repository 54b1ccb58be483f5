"""Property tests: arbitrary text never crashes extraction, offsets always slice to the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policygraph.extract.cite_furniture import without_furniture
from policygraph.extract.cite_place import Placer
from policygraph.extract.models import Project, Section, Span
from policygraph.extract.reader import SourceText

from .cite_marks import cite, empty_record

# Characters the rules care about, mixed with anything.
PIECES = st.sampled_from(
    ["《", "》", "〈", "〉", "<", ">", "〔", "〕", "[", "]", "（", "）", "(", ")", "【", "】", "﹝", "﹞", "号", "第", "字",
     "2021", "034", "１２", "\n", "\r\n", " ", "\u3000", "、", "，", "。", "；", "：", "和", "关于", "印发", "的通知", "实施", "细则",
     "国务院", "国发", "沪府办规", "上海市", "中华人民共和国", "法", "条例", "根据", "相关文件精神", "书记", "批示", "立项依据",
     "杂志", "研讨会", "年报", "二、立项依据\n", "\ud7ff", "\U0001F600", "\x00", "\ufeff"]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=60).map("".join)


def _check(text: str, citations) -> None:
    for c in citations:
        assert 0 <= c.span.start <= c.span.end <= len(text)
        assert c.text == text[c.span.start:c.span.end]
        assert c.span.line == text.count("\n", 0, c.span.start) + 1
        assert c.kind in ("document", "law", "instruction", "mention")
        assert (c.doc_id is None) == (c.kind == "instruction")
        if c.doc_number is not None:
            assert c.doc_number.normalized


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_arbitrary_text_never_crashes_and_offsets_slice(text):
    _check(text, cite(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=400))
def test_offsets_slice_with_projects_present(text, a, b):
    src = SourceText.from_text(text)
    n = len(text)
    lo, hi = sorted((min(a, n), min(b, n)))
    extent = Span(lo, hi, src.line_of(lo))
    section = Section(key="basis", heading="立项依据", span=Span(lo, lo, extent.line), body=extent)
    record = empty_record(src)
    record = record.__class__(**{**record.__dict__, "projects": (Project(name="甲项目", span=Span(lo, lo, extent.line), extent=extent, sections=(section,)),)})
    found = cite(text, record)
    _check(text, found)
    placer = Placer(text, ())
    for c in found:
        inside = lo <= placer.anchor(c.span.start) < hi  # a footnote's citation goes where it is referred to
        assert (c.project == "甲项目") == inside
        assert (c.section == "basis") == inside


FURNITURE = st.sampled_from(["- 3 -", "第 4 页", "第5页 共9页", "Page 6 of 9", "7", "8", "某部2018年部门预算", "\n", "\n\n", "《甲》", "〔2014〕"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, FURNITURE, st.text(max_size=6)), max_size=80).map("".join))
def test_furniture_blanking_keeps_length_and_only_blanks(text):
    blanked = without_furniture(text)
    assert len(blanked) == len(text)
    assert all(b == a or b == " " for a, b in zip(text, blanked))


def test_long_documents_are_processed_in_pieces_with_the_same_result(monkeypatch):
    from policygraph.extract import citations as mod

    paragraph = "二、立项依据\n根据《国务院关于加强数字政府建设的指导意见》（国发〔2022〕14号）和上海市科学技术普及条例，\n人力资源社会保障部 财政部《关于调整博士后日常经费标准的通知》（人社部函〔2015〕185号）。\n\n"
    text = paragraph * 40
    whole = cite(text)
    monkeypatch.setattr(mod, "CHUNK_CHARS", 500)
    pieces = cite(text)
    assert len(mod._chunks(text, 500)) > 5
    assert [(c.span.start, c.span.end, c.doc_id, c.kind) for c in pieces] == [(c.span.start, c.span.end, c.doc_id, c.kind) for c in whole]
    _check(text, pieces)
