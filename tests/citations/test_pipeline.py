"""The spaCy pipeline itself: blank zh, rule components from pattern files, spans in doc.spans."""

from __future__ import annotations

import json

import pytest
import spacy

from policygraph.errors import PolicygraphError
from policygraph.extract import cite_pipeline
from policygraph.extract.cite_rules import PatternError, default_rules, load_rules


def test_pipeline_builds_with_validation_on_a_blank_chinese_model():
    nlp = cite_pipeline.build_pipeline(validate=True)
    assert nlp.lang == "zh"
    assert nlp.pipe_names == ["pg_cite_rules", "pg_cite_assemble"]
    assert not nlp.meta.get("vectors", {}).get("width")  # no trained model anywhere


def test_results_are_spans_with_rule_ids():
    doc = cite_pipeline.run("依据《国务院关于加强数字政府建设的指导意见》（国发〔2022〕14号）。")
    atoms = {(s.label_, s.id_) for s in doc.spans[cite_pipeline.ATOMS_KEY]}
    assert ("TITLE", "title.angle") in atoms and ("DOCNUM", "docnum.bracket") in atoms
    (cit,) = doc.spans[cite_pipeline.CITATIONS_KEY]
    assert (cit.label_, cit.id_) == ("document", "title.angle")
    assert cit._.pg_citation.number.normalized == "国发〔2022〕14号"


def test_char_tokenizer_keeps_offsets_equal_to_characters():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "policygraph.char_tokenizer.v1"}}})
    text = "《甲》\r\n 国发〔２０２２〕14号\u3000"
    doc = nlp(text)
    assert len(doc) == len(text) and doc.text == text
    assert doc.char_span(1, 2, alignment_mode="strict").text == "甲"


def test_every_rule_has_a_unique_stable_id_a_label_and_a_doc():
    rules = default_rules()
    assert len({r.id for r in rules}) == len(rules)
    for r in rules:
        assert r.doc and "." in r.id


def test_pattern_examples_match_their_own_rule():
    from importlib import resources

    text = resources.files("policygraph.extract").joinpath("patterns", "citations.jsonl").read_text(encoding="utf-8")
    by_id = {r.id: r for r in default_rules()}
    for line in text.splitlines():
        item = json.loads(line)
        for example in item.get("examples", []):
            assert by_id[item["id"]].regex.search(example), f"{item['id']} does not match its example {example!r}"


def test_a_bad_pattern_file_is_a_one_line_error_naming_the_file_and_rule(tmp_path):
    bad = tmp_path / "rules.jsonl"
    bad.write_text('{"id": "x.bad", "label": "TITLE", "regex": "《(?P<body>"}\n', encoding="utf-8")
    with pytest.raises(PatternError) as err:
        load_rules(str(bad))
    assert isinstance(err.value, PolicygraphError)
    assert "rules.jsonl" in str(err.value) and "x.bad" in str(err.value) and "\n" not in str(err.value)
    bad.write_text('{"id": "x.frag", "label": "DOCNUM", "regex": "{NO_SUCH}"}\n', encoding="utf-8")
    with pytest.raises(PatternError, match="NO_SUCH"):
        load_rules(str(bad))
    bad.write_text("not json\n", encoding="utf-8")
    with pytest.raises(PatternError, match="line 1"):
        load_rules(str(bad))


def test_custom_pattern_file_drives_the_pipeline(tmp_path):
    only_titles = tmp_path / "titles.jsonl"
    only_titles.write_text(json.dumps({"id": "t.only", "label": "TITLE", "regex": "《(?P<body>[^《》]+)》", "doc": "titles only"}, ensure_ascii=False) + "\n", encoding="utf-8")
    nlp = cite_pipeline.build_pipeline(patterns=str(only_titles), validate=True)
    doc = cite_pipeline.run("《甲办法》（国发〔2022〕14号）", nlp=nlp)
    (cit,) = doc.spans[cite_pipeline.CITATIONS_KEY]
    assert cit.id_ == "t.only" and cit._.pg_citation.number is None


def test_anchored_rules_find_what_a_full_scan_finds(corpus_dir):
    """Rules with an anchor run only around their keywords; on the sample corpus (and a
    few awkward strings) that must give exactly the matches of the plain regex."""
    texts = [p.read_text(encoding="utf-8-sig") for p in sorted(corpus_dir.glob("*.txt"))]
    texts += ["依照中华人民共和国科学技术普及法。", "1、物业管理条例\n2、基金会管理条例", "法", "条例条例条例", "4、全民科学素质行动计划纲要（2006－2010－2020年）第四部分"]
    anchored = [r for r in default_rules() if r.anchor is not None]
    assert anchored
    for rule in anchored:
        for text in texts:
            assert [m.span() for m in rule.finditer(text)] == [m.span() for m in rule.regex.finditer(text)], rule.id
