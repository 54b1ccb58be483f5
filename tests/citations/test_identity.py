"""One canonical doc_id per document: by number first, then by normalised title; different
documents sharing a title stay apart; ids are unified across a batch of records."""

from __future__ import annotations

import dataclasses

import pytest

from policygraph.extract.citations import resolve_doc_ids
from policygraph.extract.normalize import title_key

from .cite_marks import cite, empty_record

SAME_DOCUMENT = [
    # (surface forms citing one document, expected id)
    (["《国务院关于加强数字政府建设的指导意见》（国发〔2022〕14号）", "国发[2022]14号文件", "（国发（2022）14号）", "国发〔２０２２〕１４号", "国发 〔2022〕 14 号"], "num:国发〔2022〕14号"),
    (["《松江区人民政府关于推进某某工作的实施意见》", "松江区人民政府《关于推进某某工作的实施意见》"], None),
    (["《上海市“一网通办”知识库运营规范》", "《上海市一网通办知识库运营规范》", "《上海市“一网通办”知识库\n运营规范》"], None),
    (["《某某发展规划(2021-2025)》", "《某某发展规划（2021—2025）》", "《某某发展规划〔2021–2025〕》"], None),
]


@pytest.mark.parametrize("forms,expected", SAME_DOCUMENT)
def test_surface_variants_get_one_id(forms, expected):
    ids = set()
    for form in forms:
        (c,) = [c for c in cite(form) if c.kind != "mention"]
        ids.add(c.doc_id)
    assert len(ids) == 1, ids
    if expected:
        assert ids == {expected}


def test_issuer_written_before_or_inside_the_title_is_the_same_document():
    (a,) = cite("《国务院办公厅关于改革完善博士后制度的意见》")
    (b,) = cite("国务院办公厅《关于改革完善博士后制度的意见》")
    assert a.doc_id == b.doc_id


def test_documents_sharing_a_title_stay_apart():
    text = "2016年，国务院办公厅《促进科技成果转移转化行动方案》提出……2021年，上海市政府第二轮《促进科技成果转移转化行动方案》提出……"
    a, b = cite(text)
    assert a.issuer == "国务院办公厅" and b.issuer == "上海市政府"
    assert a.doc_id != b.doc_id
    assert b.doc_id.startswith("title:") and b.doc_id.endswith("@上海市人民政府")


def test_same_title_with_different_numbers_stays_apart():
    a, b = cite("《关于做好年度工作的通知》（甲发〔2020〕1号）；《关于做好年度工作的通知》（甲发〔2021〕3号）")
    assert a.doc_id != b.doc_id


def test_title_without_number_takes_the_number_cited_elsewhere_in_the_document():
    a, b = cite("依据《关于推进某区建设的若干意见》（某府发〔2020〕8号）……按照《关于推进某区建设的若干意见》要求")
    assert a.doc_id == b.doc_id == "num:某府发〔2020〕8号"


def test_known_documents_table_gives_a_number_to_a_bare_title():
    (c,) = cite("根据《国务院办公厅关于改革完善博士后制度的意见》")
    assert c.doc_id == "num:国办发〔2015〕87号" and c.doc_number is None  # the text states no number
    (c,) = cite("国务院办公厅《促进科技成果转移转化行动方案》")
    assert c.doc_id == "num:国办发〔2016〕28号"
    (c,) = cite("上海市政府《促进科技成果转移转化行动方案》")  # same title, another issuer
    assert c.doc_id != "num:国办发〔2016〕28号"


def test_plan_variants_of_the_same_years_merge_but_not_across_years():
    a, b, c = cite("《全民科学素质行动计划纲要（2021-2035年）》、《全民科学素质行动规划纲要（2021—2035年）》、《全民科学素质行动计划纲要（2006—2010—2020年）》")
    assert a.doc_id == b.doc_id != c.doc_id


def test_instructions_have_no_doc_id():
    (c,) = cite("二、立项依据\n根据中国反邪教协会、市委政法委相关文件精神为依据。")
    assert c.kind == "instruction" and c.doc_id is None


def test_resolve_doc_ids_across_records():
    (numbered,) = cite("《关于加快某某产业发展的实施意见》（某府办发〔2019〕3号）")
    (bare,) = cite("根据《关于加快某某产业发展的实施意见》")
    assert bare.doc_id.startswith("title:")
    src_a = empty_record_with("a.txt", (numbered,))
    src_b = empty_record_with("b.txt", (bare,))
    ra, rb = resolve_doc_ids([src_a, src_b])
    assert rb.citations[0].doc_id == ra.citations[0].doc_id == "num:某府办发〔2019〕3号"
    # order of the batch does not matter
    rb2, ra2 = resolve_doc_ids([src_b, src_a])
    assert rb2.citations[0].doc_id == rb.citations[0].doc_id


def test_resolve_keeps_apart_when_the_title_has_two_numbers_in_the_batch():
    (x,) = cite("《关于做好年度工作的通知》（甲发〔2020〕1号）")
    (y,) = cite("《关于做好年度工作的通知》（甲发〔2021〕3号）")
    (z,) = cite("根据《关于做好年度工作的通知》")
    out = resolve_doc_ids([empty_record_with(n, (c,)) for n, c in (("x", x), ("y", y), ("z", z))])
    assert out[2].citations[0].doc_id.startswith("title:")


def test_title_key_unifies_width_brackets_dashes_quotes_spaces():
    assert title_key("《上海市“十四五”规划（2021—2025年）》") == title_key("上海市十四五规划(2021-2025年)")
    assert title_key("关于A的意见") != title_key("关于B的意见")


def empty_record_with(name, citations):
    from policygraph.extract.reader import SourceText

    src = SourceText.from_text("", path=name)
    return dataclasses.replace(empty_record(src), citations=tuple(citations))


def test_title_doc_id_for_cited_inner_titles_matches_find_citations():
    from policygraph.extract.citations import title_doc_id

    (outer,) = cite("关于贯彻落实《国务院办公厅关于改革完善博士后制度的意见》有关问题的通知（人社部发〔2017〕20号）")
    (inner,) = cite("《国务院办公厅关于改革完善博士后制度的意见》")
    assert title_doc_id(outer.cites[0]) == inner.doc_id == "num:国办发〔2015〕87号"
    assert title_doc_id("某某管理办法") == cite("《某某管理办法》")[0].doc_id
