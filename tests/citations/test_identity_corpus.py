"""One id per cited document and one name per issuer across the sample corpus's sources.

Each file is extracted on its own (as ingest does, one document at a time), so these ids
cannot come from a batch. What the documents say (line numbers as ``sed -n 'Np'`` shows):

* 《上海市科学技术普及条例》: 000 lines 1857 and 1892 cite it bare; 004 lines 645, 716 and
  1346 bare, line 866 "上海市人民政府办公室印发《上海市科学技术普及条例》" — one law;
* 《关于进一步深化人才发展体制机制改革加快推进具有全球影响力的科技创新中心建设的实施意见》:
  001 line 443 and 004 line 1064 "中共上海市委办公厅 市政府办公厅印发《…》", 002 line 562 bare;
* 《上海市科协关于实施创新驱动助力工程的意见》: 001 line 374 and 004 line 1196 bare, 004 line
  1423 with 沪科协[2015]25号; 《中国科协关于实施创新驱动助力工程的意见》 (001 line 374,
  004 line 1195) is 中国科协's own document of that title;
* 《促进科技成果转移转化行动方案》: 000 line 685 "2016年，国务院办公厅《…》…2021年，上海市政府
  第二轮《…》" — two documents; 004 line 1061 cites 国务院办公厅's with 国办发〔2016〕28号;
* 004 lines 762, 867, 1348: one notice of 中共上海市委组织部 and 上海市科学技术协会, numbered
  沪委组〔2019〕发字126号 once and 沪组委2019发字126号 (code letters swapped) twice.
"""

from __future__ import annotations

import pytest

from policygraph.extract import extract_path


@pytest.fixture(scope="module")
def records(corpus_dir):
    """Each sample extracted on its own, keyed by its number (000, 001, 002, 004)."""
    return {path.name[:3]: extract_path(path) for path in sorted(corpus_dir.glob("*.txt"))}


def ids_at(records, where: list[tuple[str, int]], title_part: str) -> set[str]:
    """doc_ids of the citations starting on the given (file, line)s whose title contains ``title_part``."""
    found = {}
    for doc, line in where:
        hits = [c for c in records[doc].citations if c.span.line == line and c.title and title_part in c.title.replace("\n", "")]
        assert hits, f"no citation of {title_part} at {doc}:{line}"
        for c in hits:
            found[(doc, line, c.span.start)] = c.doc_id
    return set(found.values())


def test_a_law_cited_with_and_without_an_issuer_is_one_document(records):
    where = [("000", 1857), ("000", 1892), ("004", 645), ("004", 716), ("004", 866), ("004", 1346)]
    assert ids_at(records, where, "上海市科学技术普及条例") == {"title:上海市科学技术普及条例"}


def test_an_opinion_cited_with_its_issuers_in_one_source_and_bare_in_another_is_one_document(records):
    where = [("001", 443), ("002", 562), ("004", 1064)]
    (doc_id,) = ids_at(records, where, "人才发展体制机制改革")
    assert doc_id.startswith("title:关于进一步深化人才发展体制机制改革") and "@" not in doc_id


def test_a_title_numbered_in_one_source_has_the_number_in_the_others(records):
    where = [("001", 374), ("004", 1196), ("004", 1423)]
    assert ids_at(records, where, "上海市科协关于实施创新驱动助力工程") == {"num:沪科协〔2015〕25号"}


def test_another_issuers_document_of_the_same_title_stays_apart(records):
    where = [("001", 374), ("004", 1195)]
    assert ids_at(records, where, "中国科协关于实施创新驱动助力工程") == {"title:关于实施创新驱动助力工程的意见@中国科学技术协会"}


def test_the_state_councils_plan_and_shanghais_plan_stay_two_documents(records):
    line_685 = sorted((c for c in records["000"].citations if c.span.line == 685 and c.title == "促进科技成果转移转化行动方案"), key=lambda c: c.span.start)
    state, shanghai = line_685
    assert (state.issuer, shanghai.issuer) == ("国务院办公厅", "上海市政府")
    assert state.doc_id == "num:国办发〔2016〕28号" == ids_at(records, [("004", 1061)], "促进科技成果转移转化行动方案").pop()
    assert shanghai.doc_id == "title:促进科技成果转移转化行动方案@上海市人民政府"


def test_a_number_with_its_code_letters_swapped_is_the_same_notice(records):
    where = [("004", 762), ("004", 867), ("004", 1348)]
    assert ids_at(records, where, "关于加强党建引领基层科协建设的意见") == {"num:沪委组发字〔2019〕126号"}


# names as the corpus writes them -> the one organisation each stands for (all four are
# Shanghai documents, so 市政府 is 上海市人民政府)
SAME_ISSUER = {
    "上海市人民政府": {"市政府", "上海市政府", "上海市人民政府"},
    "上海市人民政府办公厅": {"市政府办公厅", "上海市人民政府办公厅"},
    "中共上海市委": {"市委", "上海市委", "中共上海市委"},
    "上海市科学技术协会": {"市科协", "上海市科协", "上海市科学技术协会"},
    "上海市科学技术委员会": {"市科委", "上海市科学技术委员会"},
    "科学技术部": {"科技部", "国家科技部", "科学技术部"},
    "中国科学技术协会": {"中国科协", "中国科学技术协会"},
}


@pytest.mark.parametrize("canonical,written", sorted(SAME_ISSUER.items()))
def test_every_way_the_corpus_writes_an_issuer_gets_one_canonical_name(records, canonical, written):
    seen: dict[str, set[str]] = {}
    for record in records.values():
        for c in record.citations:
            if c.issuer and c.issuer_canonical:
                for surface, name in zip(c.issuer.split("、"), c.issuer_canonical.split("、")):
                    seen.setdefault(surface.strip(), set()).add(name)
    present = written & set(seen)
    assert len(present) >= 2, f"the corpus writes {canonical} only as {present}"
    assert {name for s in present for name in seen[s]} == {canonical}


def test_no_relative_issuer_name_is_left_in_a_placed_document(records):
    relative = {c.issuer_canonical for r in records.values() for c in r.citations if c.issuer_canonical and any(n.startswith(("市", "区")) for n in c.issuer_canonical.split("、"))}
    assert not relative
