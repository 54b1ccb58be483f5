"""Each named query's answer on the sample corpus, checked against the documents by reading them.

Facts used below, with where they are stated:

* 科技社团党建工作 (001, 2023) budgets "60000.00万元" (line 477, as written: 600,000,000 yuan) and
  科技社团党建 (004, 2025) "60000.00元" (line 990); both cite exactly 《关于加强社会组织党的建设工作
  的意见（试行）》(中办发[2015]51号) and 《关于改革社会组织管理制度促进社会组织健康有序发展的意见》
  (中办国办发[2016]46号) (001 line 461; 004 lines 973, 976). 2023 names no implementing unit; 2025's
  is 上海市科学技术协会学会服务中心. 60000.00万元 is more than 科协's whole 2023 budget (收入总计/支出总计
  141,875,648 元, line 101), so the extractor flags it implausible_amount: money sums leave those
  600,000,000 yuan out unless include_flagged, and say so (flagged_projects 1, flagged_yuan 600,000,000).
* 中共中央办公厅 issues, alone or with 国务院办公厅, five cited documents: those two, 厅字〔2015〕15号 (001
  line 374 and 004 line 1194, 学会改革与发展: 130万+26.5万 in 2023, 136万 in 2025),《关于新时代进一步加强
  科学技术普及工作的意见》 (004 lines 642, 1343: 科技创新后备人才培养 218万元; 落实推进《全民科学素质纲要》,
  no amount) and the 科学家精神 opinion (004 line 1086, 2025年继续教育培训, no amount): 7 projects,
  600,000,000 + 60,000 + 1,565,000 + 1,360,000 + 2,180,000 = 605,165,000 yuan.
* 000 line 799: 关于贯彻落实《国务院办公厅关于改革完善博士后制度的意见》有关问题的通知（人社部发〔2017〕20号）.
* 国发〔2018〕32号 is cited by “创·在上海”国际创新创业大赛 (000 line 1216, 587万元, 上海市科技创业中心),
  国际及台港澳地区科技合作与交流服务 (001 line 443; its section stops before 年度预算安排: no amount),
  国际科技人文交流与合作 (004 line 902; 30万元 + 16万元 for two sub-projects, unit 上海市科学技术协会)
  and 国际科技合作与人才交流服务 (004 line 1059; 5万元; unit 上海市科普教育展示技术中心).
* “创·在上海” (000 lines 1212-1216) cites 沪科党组合（2007）第011号, 国科发火字（1994）304号 and
  （2003）96号 of 科技部, and 国发〔2018〕32号 of 国务院 (line 1216 also names, untitled, "科技部每年发布的
  关于举办中国创新创业大赛的通知").
* 2019 form 1 (002, 全市孵化器及在孵企业服务, 9,700,000 元) cites the same 沪科党组合 and 国科发火字
  documents (lines 25-26); form 2 (80,000,000 元) states no 立项依据.
* 部门支出预算总表 of 科协: 2023 (001 lines 146-187) 206 科学技术支出 89,795,299 = 44,423,132 basic +
  45,372,167 project; 2025 (004 line 194 ff.) 117,406,639 = 50,683,324 + 66,723,315; 201 一般公共
  服务支出 20,553,422 → 21,020,479.
* The oldest cited numbers: 国科发火字（1994）304号 (000, 002), 国人部发[2001]136号 (000 line 1022,
  博士后科研工作站建设, 约27万元), 国科发火字（2003）96号.
* 展示运行 (000 line 1823, 20126.60万元) cites nothing; 工程科技发展战略研究 (000 line 1316) rests on
  "根据…合作协议、院士中心章程及院地合作委员会会议精神" only.
"""

import shutil
from decimal import Decimal

import pytest

from policygraph.queries import run_query
from policygraph.queries.sample import memory_store, sample_paths
from tests.support.rows import only

PARTY_2015 = "中办发〔2015〕51号"
PARTY_2016 = "中办国办发〔2016〕46号"
SHUANGCHUANG = "国发〔2018〕32号"


def rows(store, name, **params):
    return run_query(store, name, **params).values()


@pytest.fixture(scope="module")
def forms2019():
    """Only the 2019 performance-target forms (002)."""
    return memory_store([p for p in sample_paths() if p.name.startswith("002_")])


@pytest.fixture(scope="module")
def doubled(tmp_path_factory):
    """The corpus plus a second copy of 001 under another name: every 2023 科协 fact stated twice."""
    copy = tmp_path_factory.mktemp("copy") / "001_copy.txt"
    shutil.copyfile(next(p for p in sample_paths() if p.name.startswith("001_")), copy)
    return memory_store([*sample_paths(), copy])


# -- 1 top-documents ---------------------------------------------------------------


def test_top_documents_full_and_split(sample_store):
    answer = rows(sample_store, "top-documents", include_flagged="true")
    party = only(answer, doc_number=PARTY_2015)
    assert (party["projects"], party["backed_yuan"], party["split_yuan"]) == (2, 600_060_000, 300_030_000)
    assert party["projects_without_amount"] == 0
    assert answer[0]["backed_yuan"] == 600_060_000  # the largest (as the 2023 document writes it)
    shuang = only(answer, doc_number=SHUANGCHUANG)
    assert (shuang["projects"], shuang["backed_yuan"], shuang["projects_without_amount"]) == (4, 6_380_000, 1)


def test_top_documents_leave_the_flagged_amount_out_by_default(sample_store):
    answer = rows(sample_store, "top-documents")
    party = only(answer, doc_number=PARTY_2015)  # 科技社团党建工作's 60000.00万元 left out, 科技社团党建's 60000.00元 kept
    assert (party["projects"], party["backed_yuan"], party["split_yuan"]) == (2, 60_000, 30_000)
    assert (party["flagged_projects"], party["flagged_yuan"]) == (1, 600_000_000)
    assert answer[0]["backed_yuan"] < 600_000_000 and answer[0]["doc_number"] != PARTY_2015
    assert sum(r["flagged_projects"] for r in answer) == 2  # the two documents that project cites
    included = rows(sample_store, "top-documents", include_flagged="true")
    assert all(r["flagged_projects"] == 0 and r["flagged_yuan"] == 0 for r in included)


def test_top_documents_split_counts_each_project_once_over_its_documents(forms2019):
    answer = rows(forms2019, "top-documents", split="true")
    incubators = only(answer, doc_number="国科发火字〔1994〕304号")
    assert incubators["backed_yuan"] == 9_700_000
    assert Decimal(str(incubators["split_yuan"])).quantize(Decimal("0.01")) == Decimal("3233333.33")  # 3 documents
    assert sum(r["split_yuan"] for r in answer) == pytest.approx(9_700_000 + 7_000_000)  # split money adds up


def test_top_documents_by_year(sample_store):
    answer = rows(sample_store, "top-documents", year=2025)
    party = only(answer, doc_number=PARTY_2015)
    assert (party["projects"], party["backed_yuan"]) == (1, 60_000)


# -- 2 document-projects -------------------------------------------------------------


def test_document_projects_lists_every_citation_with_file_and_line(sample_store):
    answer = rows(sample_store, "document-projects", document="国发[2018]32号")  # any brackets
    got = sorted((r["file"], r["line"], r["project_name"], r["yuan"], r["year"]) for r in answer)
    assert got == [
        ("000_54c0a28505620ce4.txt", 1216, "“创·在上海”国际创新创业大赛", 5_870_000, 2023),
        ("001_8945e10e70820498.txt", 443, "国际及台港澳地区科技合作与交流服务", None, 2023),
        ("004_3b9f046d1a272fe1.txt", 902, "国际科技人文交流与合作", 460_000, 2025),
        ("004_3b9f046d1a272fe1.txt", 1059, "国际科技合作与人才交流服务", 50_000, 2025),
    ]
    assert {r["department"] for r in answer} == {"上海市科学技术委员会", "上海市科学技术协会"}
    assert only(answer, line=1216)["unit"] == "上海市科技创业中心"
    assert {r["section"] for r in answer} == {"basis"}
    assert {r["amount_flag"] for r in answer} == {None}


def test_document_projects_show_the_amount_flag(sample_store):
    answer = rows(sample_store, "document-projects", document=PARTY_2015)
    got = {(r["file"], r["line"]): (r["yuan"], r["amount_flag"]) for r in answer}
    assert got == {("001_8945e10e70820498.txt", 461): (600_000_000, "implausible_amount"),
                   ("004_3b9f046d1a272fe1.txt", 973): (60_000, None)}


def test_document_projects_by_title_fragment_and_number_variants(sample_store):
    by_title = rows(sample_store, "document-projects", document="打造“双创”升级版")
    assert len(by_title) == 4
    with_di = rows(sample_store, "document-projects", document="沪科党组合（2007）第011号")
    assert {r["file"] for r in with_di} == {"000_54c0a28505620ce4.txt", "002_3aa9dca3e14d72fe.txt"}
    assert rows(sample_store, "document-projects", document="国发〔1999〕999号") == []


# -- 3 project-basis ----------------------------------------------------------------


def test_project_basis_chain(sample_store):
    answer = rows(sample_store, "project-basis", project="“创·在上海”")
    direct = {(r["doc_number"], r["line"]) for r in answer if r["doc_number"]}
    assert direct == {("沪科党组合〔2007〕011号", 1212), ("国科发火字〔1994〕304号", 1214),
                      ("国科发火字〔2003〕96号", 1214), (SHUANGCHUANG, 1216)}
    shuang = only(answer, doc_number=SHUANGCHUANG)
    assert (shuang["issuer"], shuang["level"], shuang["doc_type"], shuang["doc_year"]) == ("国务院", "national", "意见", 2018)
    assert {r["level"] for r in answer if (r["doc_number"] or "").startswith("国科发火字")} == {"ministry"}
    assert {r["file"] for r in answer} == {"000_54c0a28505620ce4.txt"}


def test_project_basis_follows_titles_that_refer_to_other_documents(sample_store):
    answer = rows(sample_store, "project-basis", project="博士后高层次人才建设")
    notice = only(answer, doc_number="人社部发〔2017〕20号")  # 关于贯彻落实《国务院办公厅关于…的意见》有关问题的通知
    assert notice["line"] == 799 and notice["refers_to_title"] == "国务院办公厅关于改革完善博士后制度的意见"
    assert only(answer, doc_number="国办发〔2015〕87号")["line"] == 797


def test_project_basis_shows_instruction_only_bases(sample_store):
    answer = rows(sample_store, "project-basis", project="工程科技发展战略研究")
    assert [(r["kind"], r["doc"], r["refers_to"], r["line"]) for r in answer] == [("instruction", None, None, 1316)]


# -- 4 money by issuer and by level -----------------------------------------------------


def test_money_by_issuer(sample_store):
    answer = rows(sample_store, "money-by-issuer")
    office = only(answer, issuer_name="中共中央办公厅")  # alone or jointly with 国务院办公厅: 5 documents, 7 projects
    assert (office["documents"], office["projects"], office["backed_yuan"], office["level"]) == (5, 7, 5_165_000, "party")
    assert (office["flagged_projects"], office["flagged_yuan"]) == (1, 600_000_000)  # 科技社团党建工作, 2023
    included = only(rows(sample_store, "money-by-issuer", include_flagged="true"), issuer_name="中共中央办公厅")
    assert (included["projects"], included["backed_yuan"], included["flagged_projects"]) == (7, 605_165_000, 0)
    state_council = only(answer, issuer_name="国务院")
    assert state_council["level"] == "national" and state_council["backed_yuan"] >= 6_380_000


def test_money_by_level_2019(forms2019):
    answer = rows(forms2019, "money-by-level")
    ministry = only(answer, level="ministry")  # the two 国科发火字 of 科技部, cited by form 1 only
    assert (ministry["documents"], ministry["projects"], ministry["backed_yuan"]) == (2, 1, 9_700_000)
    national = only(answer, level="national")  # 国发【2016】23号 and laws, cited by form 3 only
    assert (national["projects"], national["backed_yuan"]) == (1, 7_000_000)
    assert all(r["backed_yuan"] <= 16_700_000 for r in answer)  # no level holds more than the cited projects
    assert all(r["flagged_projects"] == 0 for r in answer)  # nothing flagged in 2019


def test_money_by_level_leaves_the_flagged_amount_out(sample_store):
    party = only(rows(sample_store, "money-by-level"), level="party")
    included = only(rows(sample_store, "money-by-level", include_flagged="true"), level="party")
    assert (party["flagged_projects"], party["flagged_yuan"]) == (1, 600_000_000)
    assert included["backed_yuan"] - party["backed_yuan"] == 600_000_000
    assert party["projects"] == included["projects"]


# -- 5 projects-without-basis -------------------------------------------------------------


def test_projects_without_basis(sample_store):
    answer = rows(sample_store, "projects-without-basis")
    show = only(answer, project_name="展示运行")
    assert (show["status"], show["yuan"], show["line"], show["file"]) == ("none", 201_266_000, 1823, "000_54c0a28505620ce4.txt")
    brain = only(answer, project_name="科学研究平台建设")
    assert (brain["status"], brain["yuan"], brain["fiscal_year"]) == ("none", 80_000_000, 2019)
    academy = only(answer, project_name="工程科技发展战略研究")
    assert academy["status"] == "none" and academy["instructions"] >= 1
    cited = {r["project_name"] for r in answer}
    assert "“创·在上海”国际创新创业大赛" not in cited and "科技社团党建" not in cited


def test_projects_without_basis_threshold(sample_store):
    strict = rows(sample_store, "projects-without-basis", min_confidence="1.0")
    assert len(strict) > len(rows(sample_store, "projects-without-basis"))
    assert {r["status"] for r in strict} == {"none", "low-confidence"}


# -- 6 cross-cutting-documents ------------------------------------------------------------


def test_cross_cutting_documents(sample_store):
    answer = rows(sample_store, "cross-cutting-documents")
    shuang = only(answer, doc_number=SHUANGCHUANG)
    assert (shuang["organisations"], shuang["departments"], shuang["projects"], shuang["backed_yuan"]) == (3, 2, 4, 6_380_000)
    names = set(shuang["organisation_names"].split("; "))
    assert "上海市科技创业中心" in names and "上海市科学技术协会" in names
    party = only(answer, doc_number=PARTY_2015)
    assert (party["organisations"], party["departments"]) == (2, 1)
    assert (party["backed_yuan"], party["flagged_projects"], party["flagged_yuan"]) == (60_000, 1, 600_000_000)
    assert all(r["organisations"] >= 2 for r in answer)
    assert rows(sample_store, "cross-cutting-documents", min_organisations=3)
    assert all(r["organisations"] >= 3 for r in rows(sample_store, "cross-cutting-documents", min_organisations=3))


# -- 7 co-citation ------------------------------------------------------------------------


def test_co_citation(sample_store):
    answer = rows(sample_store, "co-citation")
    pair = [r for r in answer if {r["title_a"], r["title_b"]} == {"关于加强社会组织党的建设工作的意见（试行）",
                                                                  "关于改革社会组织管理制度促进社会组织健康有序发展的意见"}]
    assert len(pair) == 1 and (pair[0]["projects"], pair[0]["together_yuan"]) == (2, 60_000)
    assert (pair[0]["flagged_projects"], pair[0]["flagged_yuan"]) == (1, 600_000_000)
    included = [r for r in rows(sample_store, "co-citation", include_flagged=True) if r["document_a"] == pair[0]["document_a"]
                and r["document_b"] == pair[0]["document_b"]]
    assert (included[0]["together_yuan"], included[0]["flagged_yuan"]) == (600_060_000, 0)
    assert all(r["projects"] >= 2 for r in answer)
    assert all(r["document_a"] < r["document_b"] for r in answer)


# -- 8 budget-by-function -------------------------------------------------------------------


def test_budget_by_function_and_change(sample_store):
    answer = rows(sample_store, "budget-by-function")  # default: 科学技术协会, 类 level
    science = {r["fiscal_year"]: r for r in answer if r["code"] == "206"}
    assert (science[2023]["total_yuan"], science[2023]["basic_yuan"], science[2023]["project_yuan"]) == (89_795_299, 44_423_132, 45_372_167)
    assert (science[2025]["total_yuan"], science[2025]["basic_yuan"], science[2025]["project_yuan"]) == (117_406_639, 50_683_324, 66_723_315)
    assert science[2023]["previous_year"] is None and science[2023]["change_yuan"] is None
    assert (science[2025]["previous_year"], science[2025]["previous_total_yuan"], science[2025]["change_yuan"]) == (2023, 89_795_299, 27_611_340)
    general = {r["fiscal_year"]: r["total_yuan"] for r in answer if r["code"] == "201"}
    assert general == {2023: 20_553_422, 2025: 21_020_479}
    assert {r["department_name"] for r in answer} == {"上海市科学技术协会"}


def test_budget_by_function_levels(sample_store):
    answer = rows(sample_store, "budget-by-function", digits=7)
    assert {len(r["code"]) for r in answer} == {7}
    popular = {r["fiscal_year"]: r["total_yuan"] for r in answer if r["code"] == "2060702"}  # 科普活动
    assert popular == {2023: 2_850_000, 2025: 1_106_700}


# -- 9 recurring-projects -------------------------------------------------------------------


def test_recurring_projects(sample_store):
    answer = rows(sample_store, "recurring-projects")
    party = {r["fiscal_year"]: r for r in answer if r["key"] == "科技社团党建"}
    assert (party[2023]["name"], party[2023]["yuan"], party[2023]["amount_flag"]) == ("科技社团党建工作", 600_000_000, "implausible_amount")
    assert party[2025]["amount_flag"] is None
    assert (party[2025]["name"], party[2025]["yuan"], party[2025]["previous_year"]) == ("科技社团党建", 60_000, 2023)
    assert (party[2025]["documents"], party[2025]["kept"], party[2025]["added"], party[2025]["dropped"]) == (2, 2, 0, 0)
    assert party[2025]["basis_changed"] is False and party[2023]["basis_changed"] is None
    assert {r["department_name"] for r in answer} == {"上海市科学技术协会"}  # only 科协 has two years
    assert all(r["previous_year"] == 2023 for r in answer if r["fiscal_year"] == 2025)


# -- 10 stale-bases --------------------------------------------------------------------------


def test_stale_bases(sample_store):
    answer = rows(sample_store, "stale-bases", min_years=20)
    got = {r["doc_number"]: (r["doc_year"], r["projects"], r["backed_yuan"], r["first_cited_in"], r["age"]) for r in answer}
    assert got == {
        "国科发火字〔1994〕304号": (1994, 2, 15_570_000, 2019, 29),
        "国人部发〔2001〕136号": (2001, 1, 270_000, 2023, 22),
        "国科发火字〔2003〕96号": (2003, 1, 5_870_000, 2023, 20),  # 2019 - 2003 = 16: the 2019 form does not count
    }
    only_2023 = only(rows(sample_store, "stale-bases", min_years=28), doc_number="国科发火字〔1994〕304号")
    assert (only_2023["projects"], only_2023["backed_yuan"], only_2023["first_cited_in"]) == (1, 5_870_000, 2023)


# -- describe -----------------------------------------------------------------------------------


def test_describe_links_both_ways(sample_store):
    doc = only(rows(sample_store, "top-documents"), doc_number=SHUANGCHUANG)["doc"]
    answer = rows(sample_store, "describe", iri=doc)
    outgoing = {(r["property"], r["value"]) for r in answer if r["direction"] == "out"}
    assert ("http://data.europa.eu/eli/ontology#id_local", SHUANGCHUANG) in outgoing
    incoming = [r for r in answer if r["direction"] == "in" and r["property"].endswith("#citesDocument")]
    assert len({r["value"] for r in incoming}) == 4  # the four citing projects
    assert all(r["graph"].startswith("https://w3id.org/policygraph/id/graph/") for r in answer)


# -- money is never counted twice ---------------------------------------------------------------


@pytest.mark.parametrize("name,key,expected", [
    ("top-documents", {"doc_number": PARTY_2015}, {"projects": 2, "backed_yuan": 60_000, "split_yuan": 30_000,
                                                   "flagged_projects": 1, "flagged_yuan": 600_000_000}),
    ("money-by-issuer", {"issuer_name": "中共中央办公厅"}, {"documents": 5, "projects": 7, "backed_yuan": 5_165_000,
                                                      "flagged_yuan": 600_000_000}),
    ("cross-cutting-documents", {"doc_number": PARTY_2015}, {"organisations": 2, "projects": 2, "backed_yuan": 60_000,
                                                             "flagged_yuan": 600_000_000}),
    ("stale-bases", {"doc_number": "国科发火字〔1994〕304号"}, {"projects": 2, "backed_yuan": 15_570_000}),
])
def test_a_document_stated_twice_counts_once(doubled, name, key, expected):
    row = only(rows(doubled, name), **key)
    assert {k: row[k] for k in expected} == expected


def test_sums_agree_with_and_without_the_duplicate_source(sample_store, doubled):
    for name in ("money-by-level", "co-citation", "budget-by-function", "recurring-projects"):
        once = run_query(sample_store, name)
        twice = run_query(doubled, name)
        assert once.rows == twice.rows, name
