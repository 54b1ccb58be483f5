"""One canonical doc_id per document and one canonical name per issuer (extract/identity.py).

By number first, then by the title alone; the issuer qualifies a title only where
data/shared_titles.tsv says different issuers gave it to different documents. Ids
depend on the citation, its own document and the data tables, never on a batch.
Titles in the sentences are made up unless a test is about a data table's entry.
"""

from __future__ import annotations

import dataclasses

import pytest

from policygraph.extract import identity
from policygraph.extract.citations import find_citations
from policygraph.extract.jurisdiction import NOWHERE, jurisdiction_of, place_at_start
from policygraph.extract.normalize import title_key
from policygraph.extract.reader import SourceText

from .cite_marks import cite, empty_record

SAME_DOCUMENT = [
    # (surface forms citing one document, expected id)
    (["《国务院关于加强数字政府建设的指导意见》（国发〔2022〕14号）", "国发[2022]14号文件", "（国发（2022）14号）", "国发〔２０２２〕１４号", "国发 〔2022〕 14 号"], "num:国发〔2022〕14号"),
    (["《松江区人民政府关于推进某某工作的实施意见》", "松江区人民政府《关于推进某某工作的实施意见》", "《关于推进某某工作的实施意见》"], "title:关于推进某某工作的实施意见"),
    (["《上海市“一网通办”知识库运营规范》", "《上海市一网通办知识库运营规范》", "《上海市“一网通办”知识库\n运营规范》"], None),
    (["《某某发展规划(2021-2025)》", "《某某发展规划（2021—2025）》", "《某某发展规划〔2021–2025〕》"], None),
    # whoever the text says issued an unshared title, it is one document
    (["《上海市某某促进条例》", "上海市人民政府办公室印发《上海市某某促进条例》", "市人大常委会通过的《上海市某某促进条例》"], "title:上海市某某促进条例"),
    (["中共上海市委办公厅 市政府办公厅印发《关于深化某某机制改革的实施意见》", "《关于深化某某机制改革的实施意见》", "市政府《关于深化某某机制改革的实施意见》"], "title:关于深化某某机制改革的实施意见"),
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
    # data/shared_titles.tsv: 国务院办公厅 (2016) and 上海市 (2021) each issued this title
    text = "2016年，国务院办公厅《促进科技成果转移转化行动方案》提出……2021年，上海市政府第二轮《促进科技成果转移转化行动方案》提出……"
    a, b = cite(text)
    assert a.issuer == "国务院办公厅" and b.issuer == "上海市政府"
    assert a.doc_id == "num:国办发〔2016〕28号"  # the known document of that issuer
    assert b.doc_id == "title:促进科技成果转移转化行动方案@上海市人民政府"


def test_a_shared_title_without_an_issuer_is_not_guessed():
    (c,) = cite("根据《促进科技成果转移转化行动方案》")
    assert c.doc_id == "title:促进科技成果转移转化行动方案"


def test_a_shared_title_takes_the_only_document_its_own_document_gives_it():
    a, b = cite("国务院办公厅《促进科技成果转移转化行动方案》提出……落实《促进科技成果转移转化行动方案》")
    assert a.doc_id == b.doc_id == "num:国办发〔2016〕28号"


def test_same_title_with_different_numbers_stays_apart():
    a, b = cite("《关于做好年度工作的通知》（甲发〔2020〕1号）；《关于做好年度工作的通知》（甲发〔2021〕3号）")
    assert a.doc_id != b.doc_id


def test_a_mistyped_code_with_the_same_title_year_and_serial_is_one_document():
    a, b = cite("《关于某某建设的意见》（沪乙丙〔2019〕126号）……《关于某某建设的意见》（沪丙乙2019发126号）")
    assert a.doc_id == b.doc_id


def test_known_documents_correct_a_mistyped_code():
    # 004 line 867 writes 沪组委2019发字126号 for 沪委组〔2019〕发字126号 (data/known_documents.tsv)
    (c,) = cite("《中共上海市委组织部 上海市科学技术协会关于印发<关于加强党建引领基层科协建设的意见>的通知》（沪组委2019发字126号）")
    assert c.doc_id == "num:沪委组发字〔2019〕126号"
    assert c.doc_number.normalized == "沪组委发字〔2019〕126号"  # the number as written stays on the citation


def test_title_without_number_takes_the_number_cited_elsewhere_in_the_document():
    a, b = cite("依据《关于推进某区建设的若干意见》（某府发〔2020〕8号）……按照《关于推进某区建设的若干意见》要求")
    assert a.doc_id == b.doc_id == "num:某府发〔2020〕8号"


def test_a_number_of_another_issuer_is_not_taken():
    # 中国科协 and 上海市科协 each issued this title (data/shared_titles.tsv)
    a, b = cite("中国科协《关于实施创新驱动助力工程的意见》；上海市科协《关于实施创新驱动助力工程的意见》（沪科协〔2015〕25号）")
    assert b.doc_id == "num:沪科协〔2015〕25号"
    assert a.doc_id == "title:关于实施创新驱动助力工程的意见@中国科学技术协会"


def test_known_documents_table_gives_a_number_to_a_bare_title():
    (c,) = cite("根据《国务院办公厅关于改革完善博士后制度的意见》")
    assert c.doc_id == "num:国办发〔2015〕87号" and c.doc_number is None  # the text states no number
    (c,) = cite("国务院办公厅《促进科技成果转移转化行动方案》")
    assert c.doc_id == "num:国办发〔2016〕28号"
    (c,) = cite("上海市政府《促进科技成果转移转化行动方案》")  # same title, another issuer
    assert c.doc_id != "num:国办发〔2016〕28号"
    (c,) = cite("《上海市科协关于实施创新驱动助力工程的意见》")  # issuer in the title, 沪科协〔2015〕25号
    assert c.doc_id == "num:沪科协〔2015〕25号"


def test_a_notice_that_issues_a_document_is_that_document():
    # 关于印发《X》的通知 issues X under one number; a notice issuing two documents is neither
    a, b, c = cite("《关于印发〈某某行动计划〉的通知》；《某某行动计划》；《关于印发〈甲办法〉和〈乙办法〉的通知》")
    assert a.doc_id == b.doc_id == "title:某某行动计划"
    assert c.doc_id not in ("title:甲办法", "title:乙办法")


def test_a_title_that_says_this_city_is_that_citys():
    def doc_id(text, department):
        src = SourceText.from_text(text)
        record = dataclasses.replace(empty_record(src), department=department)
        (c,) = find_citations(src, record)
        return c.doc_id

    guangzhou = doc_id("根据《关于推进本市某某管理高质量发展的实施意见》", "广州市天河区教育局")
    shanghai = doc_id("根据《关于推进本市某某管理高质量发展的实施意见》", "上海市民政局")
    assert (guangzhou, shanghai) == ("title:关于推进本市某某管理高质量发展的实施意见@广州市", "title:关于推进本市某某管理高质量发展的实施意见@上海市")
    # the issuer's own place wins over the citing document's
    assert doc_id("上海市政府《关于推进本市某某管理高质量发展的实施意见》", "广州市天河区教育局") == shanghai
    assert doc_id("根据《关于推进本区某某工作的意见》", "广州市天河区教育局").endswith("@广州市天河区")
    # 沪府办规〔2021〕5号 is Shanghai's: a Shenzhen document's 本市 is another document
    assert doc_id("《关于促进本市生物医药产业高质量发展的若干意见》", "上海市科学技术委员会") == "num:沪府办规〔2021〕5号"
    assert doc_id("《关于促进本市生物医药产业高质量发展的若干意见》", "深圳市科技创新局").endswith("@深圳市")


def test_plan_variants_of_the_same_years_merge_but_not_across_years():
    a, b, c = cite("《全民科学素质行动计划纲要（2021-2035年）》、《全民科学素质行动规划纲要（2021—2035年）》、《全民科学素质行动计划纲要（2006—2010—2020年）》")
    assert a.doc_id == b.doc_id != c.doc_id


def test_instructions_have_no_doc_id():
    (c,) = cite("二、立项依据\n根据中国反邪教协会、市委政法委相关文件精神为依据。")
    assert c.kind == "instruction" and c.doc_id is None


def test_ids_do_not_depend_on_other_documents():
    # a number stated in another document does not reach a bare title (there is no batch
    # step): only data/known_documents.tsv links the two, the same in every run
    (numbered,) = cite("《关于加快某某产业发展的实施意见》（某府办发〔2019〕3号）")
    (bare,) = cite("根据《关于加快某某产业发展的实施意见》")
    assert numbered.doc_id == "num:某府办发〔2019〕3号"
    assert bare.doc_id == "title:关于加快某某产业发展的实施意见"


def test_title_key_unifies_width_brackets_dashes_quotes_spaces():
    assert title_key("《上海市“十四五”规划（2021—2025年）》") == title_key("上海市十四五规划(2021-2025年)")
    assert title_key("关于A的意见") != title_key("关于B的意见")


def test_title_doc_id_for_cited_inner_titles_matches_find_citations():
    from policygraph.extract.citations import title_doc_id

    (outer,) = cite("关于贯彻落实《国务院办公厅关于改革完善博士后制度的意见》有关问题的通知（人社部发〔2017〕20号）")
    (inner,) = cite("《国务院办公厅关于改革完善博士后制度的意见》")
    assert title_doc_id(outer.cites[0]) == inner.doc_id == "num:国办发〔2015〕87号"
    assert title_doc_id("某某管理办法") == cite("《某某管理办法》")[0].doc_id
    assert title_doc_id("关于加强党建引领基层科协建设的意见") == "num:沪委组发字〔2019〕126号"  # an alias in known_documents.tsv


# ---------------------------------------------------------------------------
# the document's place and canonical issuer names

PLACES = [
    # (department, title or first line, expected (province, city, district))
    ("上海市科学技术委员会", None, ("上海市", "上海市", None)),
    (None, "上海市财政支出项目绩效目标申报表", ("上海市", "上海市", None)),
    ("上海市闵行区教育局", None, ("上海市", "上海市", "上海市闵行区")),
    (None, "浦东新区卫生健康委员会", ("上海市", "上海市", "上海市浦东新区")),
    ("深圳市福田区教育局", None, (None, "深圳市", "深圳市福田区")),
    ("南京市江宁区科学技术局", None, (None, "南京市", "南京市江宁区")),
    ("浙江省教育厅", None, ("浙江省", None, None)),
    ("重庆市民政局", None, ("重庆市", "重庆市", None)),
    ("上海市社区服务中心", None, ("上海市", "上海市", None)),  # 社区 is no district
    ("上海市长三角区域合作办公室", None, ("上海市", "上海市", None)),  # nor 长三角区域
    (None, "2023年区级部门预算", (None, None, None)),
]


@pytest.mark.parametrize("department,title,expected", PLACES)
def test_place_of_a_document(department, title, expected):
    src = SourceText.from_text(title or "")
    record = dataclasses.replace(empty_record(src), department=department)
    where = jurisdiction_of(record, src.text)
    assert (where.province, where.city, where.district) == expected


def test_place_from_the_first_lines_when_structure_found_no_department():
    src = SourceText.from_text("上海市奉贤区人力资源和社会保障局\n2022年部门预算\n\n目 录\n")
    assert jurisdiction_of(empty_record(src), src.text).district == "上海市奉贤区"


CANONICAL = [
    # (name as written, the citing document's department or None, canonical name)
    ("市政府", "上海市科学技术委员会", "上海市人民政府"),
    ("市政府", "深圳市福田区教育局", "深圳市人民政府"),
    ("市政府", None, "市政府"),  # no place: left as written, never guessed
    ("上海市政府", None, "上海市人民政府"),
    ("广州市政府", "上海市科学技术委员会", "广州市人民政府"),
    ("区政府", "深圳市福田区教育局", "深圳市福田区人民政府"),
    ("区政府办公室", "上海市闵行区教育局", "上海市闵行区人民政府办公室"),
    ("区委", "上海市闵行区教育局", "中共上海市闵行区委"),
    ("浦东新区区委", None, "中共上海市浦东新区委"),
    ("中共上海市浦东新区委员会", None, "中共上海市浦东新区委"),
    ("浦东新区人民政府", "上海市科学技术委员会", "上海市浦东新区人民政府"),
    ("江宁区人民政府", "南京市江宁区科学技术局", "南京市江宁区人民政府"),
    ("市委", "上海市科学技术协会", "中共上海市委"),
    ("上海市委", None, "中共上海市委"),
    ("中共上海市委员会", None, "中共上海市委"),
    ("市委办公厅", "上海市科学技术协会", "中共上海市委办公厅"),
    ("市政府办公厅", "上海市科学技术协会", "上海市人民政府办公厅"),
    ("市委政法委", "上海市科学技术协会", "中共上海市委政法委员会"),
    ("市科委", "上海市科学技术协会", "上海市科学技术委员会"),
    ("市科协", "上海市科学技术委员会", "上海市科学技术协会"),
    ("省政府", "浙江省教育厅", "浙江省人民政府"),
    ("省委", "浙江省教育厅", "中共浙江省委"),
    ("市人大常委会", "北京市文化和旅游局", "北京市人民代表大会常务委员会"),
    ("市场监管总局", "上海市科学技术委员会", "国家市场监督管理总局"),  # 市场 is no relative 市
    ("上海市政府采购中心", None, "上海市政府采购中心"),  # 政府采购, not 人民政府
    ("上海市浦东新区卫健委", None, "上海市浦东新区卫生健康委员会"),
    ("区卫健委", "上海市闵行区教育局", "上海市闵行区卫生健康委员会"),
    ("徐汇区科委", None, "上海市徐汇区科学技术委员会"),
    ("市发改委", "深圳市福田区教育局", "深圳市发展和改革委员会"),
    ("省人社厅", "浙江省教育厅", "浙江省人力资源和社会保障厅"),
    ("北京市文旅局", None, "北京市文化和旅游局"),
    ("越秀区人民政府", "广州市天河区教育局", "广州市越秀区人民政府"),  # a district of the document's city
    ("越秀区人民政府", None, "越秀区人民政府"),
    ("中共越秀区委", "广州市天河区教育局", "中共广州市越秀区委"),
    ("浦东新区人民政府", "北京市文化和旅游局", "上海市浦东新区人民政府"),  # districts.tsv knows its city
    ("经杭州市政府", None, "杭州市人民政府"),  # 经…批准: the verb is no part of the name
    ("经金山区人民政府", "上海市金山区教育局", "上海市金山区人民政府"),
    ("上海市经济和信息化委员会", None, "上海市经济和信息化委员会"),
    ("科技部", None, "科学技术部"),
    ("国家科技部", None, "科学技术部"),
    ("上海市科学技术委员会", None, "上海市科学技术委员会"),
]


@pytest.mark.parametrize("name,department,expected", CANONICAL)
def test_canonical_issuer_names(name, department, expected):
    where = place_at_start(department) if department else NOWHERE
    assert identity.canonical_name(name, where) == expected


def test_joint_issuers_are_each_made_canonical():
    where = place_at_start("上海市科学技术协会")
    assert identity.canonical_issuer("中共上海市委办公厅、市政府办公厅", where) == "中共上海市委办公厅、上海市人民政府办公厅"
    assert identity.canonical_issuer("国办、国务院办公厅", where) == "国务院办公厅"


def test_citations_carry_the_canonical_issuer_of_their_document():
    src = SourceText.from_text("根据市政府《关于推进某某工作的实施意见》和区政府《某某管理办法》")
    record = dataclasses.replace(empty_record(src), department="深圳市福田区教育局")
    a, b = find_citations(src, record)
    assert (a.issuer, a.issuer_canonical) == ("市政府", "深圳市人民政府")
    assert (b.issuer, b.issuer_canonical) == ("区政府", "深圳市福田区人民政府")


# ---------------------------------------------------------------------------
# properties: a canonical name is a fixed point, with or without a place

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

NAME_PIECES = st.sampled_from(
    ["市", "区", "省", "县", "上海市", "深圳市", "南京市", "福田区", "浦东新区", "闵行区", "浙江省", "中共", "委", "政府", "人民政府",
     "办公厅", "办公室", "委员会", "卫健委", "科委", "科协", "发改委", "人大常委会", "人大", "政法委", "组织部", "区委", "市委", "国家",
     "科技部", "国办", "中国", "市场", "人社局", "文旅厅", "、", " "]
)
NAMES = st.lists(st.one_of(NAME_PIECES, st.text(max_size=3)), min_size=1, max_size=6).map("".join)
DEPARTMENTS = st.sampled_from([None, "上海市科学技术委员会", "上海市闵行区教育局", "深圳市福田区教育局", "浙江省教育厅", "南京市江宁区科学技术局"])


@settings(max_examples=200, deadline=None)
@given(NAMES, DEPARTMENTS)
def test_a_canonical_name_stays_canonical(name, department):
    where = place_at_start(department) if department else NOWHERE
    once = identity.canonical_name(name, where)
    assert identity.canonical_name(once, where) == once
    assert identity.canonical_name(once) == once  # full names need no place
