"""The identity report lists what curators should look at across a batch, and scores ids
against true documents (extract/identity_report.py)."""

from __future__ import annotations

import dataclasses
import json

from policygraph.extract import extract_document
from policygraph.extract.identity_report import build_report, format_report, main, score_truth
from policygraph.extract.reader import SourceText


def record(text: str, path: str):
    src = SourceText.from_text(text, path=path)
    return extract_document(src), src.text


A = "上海市某某局\n根据《关于加快某某产业发展的实施意见》（沪某发〔2019〕3号）和教育部《关于做好某项工作的通知》开展。"
B = "上海市某某局\n根据《关于加快某某产业发展的实施意见》和民政部《关于做好某项工作的通知》，市政府《某某管理办法》。"
C = "上海市某某局\n根据上海市政府《某某管理办法》和《某某细则》（沪某发〔2020〕5号）、《某某细则》（沪某发〔2021〕9号）。"


def test_a_title_numbered_in_one_source_and_bare_in_another_is_listed_with_the_table_line():
    report = build_report([record(A, "a.txt"), record(B, "b.txt")])
    ids = report.titles_with_several_ids["关于加快某某产业发展的实施意见"]
    assert set(ids) == {"num:沪某发〔2019〕3号", "title:关于加快某某产业发展的实施意见"}
    assert "→ known_documents.tsv: 沪某发〔2019〕3号\t关于加快某某产业发展的实施意见" in format_report(report)


def test_a_title_with_several_issuers_is_listed():
    report = build_report([record(A, "a.txt"), record(B, "b.txt")])
    whos = report.titles_with_several_issuers["关于做好某项工作的通知"]
    assert set(whos) == {"教育部", "民政部"}


def test_issuer_names_that_became_one_and_titles_with_two_numbers():
    report = build_report([record(B, "b.txt"), record(C, "c.txt")])
    assert set(report.issuer_names["上海市人民政府"]) == {"市政府", "上海市政府"}
    assert set(report.titles_with_several_ids["某某细则"]) == {"num:沪某发〔2020〕5号", "num:沪某发〔2021〕9号"}
    assert "several numbers" in format_report(report)


def test_a_document_without_a_place_is_listed():
    report = build_report([record("根据市政府《某某管理办法》", "x.txt")])
    assert report.placeless_sources == ["x.txt"]
    assert "市政府 ×1 (relative name" in format_report(report)


def test_truth_scores_splits_merges_and_issuer_names():
    (ra, _), (rb, _) = record(A, "corpus/a.txt"), record(B, "corpus/b.txt")

    def true(rec, title_part, catalog, issuer):
        c = next(c for c in rec.citations if title_part in (c.title or ""))
        return {"type": "citation", "source": rec.source.split("/", 1)[1], "span": {"start": c.span.start, "end": c.span.end},
                "synthetic": {"catalog": catalog, "issuer_canonical": issuer}}

    truth = [true(ra, "产业", "doc/1", None), true(rb, "产业", "doc/1", None),  # one document, two ids: a split
             true(ra, "某项工作", "doc/2", "教育部"), true(rb, "某项工作", "doc/3", "民政部")]  # two documents, one id: a merge
    score = score_truth([ra, rb], truth)
    assert score.citations == 4
    assert [d for d, _ in score.splits] == ["doc/1"]
    assert [i for i, _ in score.merges] == ["title:关于做好某项工作的通知"]
    assert score.recall == 0.0 and score.precision == 0.0
    assert score.issuers == score.issuers_ok == 2


def test_command_line(tmp_path, capsys):
    for name, text in (("a.txt", A), ("b.txt", B)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    truth = tmp_path / "truth.jsonl"
    truth.write_text(json.dumps({"type": "document"}) + "\n", encoding="utf-8")
    assert main([str(tmp_path), "--truth", str(truth)]) == 0
    out = capsys.readouterr().out
    assert "## Titles with several ids (1)" in out and "pairwise recall" in out


def test_command_line_names_a_missing_path(tmp_path, capsys):
    import pytest

    with pytest.raises(SystemExit):
        main([str(tmp_path / "nope")])
    assert "not found" in capsys.readouterr().err


def test_records_are_not_changed_by_the_report():
    rec, text = record(A, "a.txt")
    before = dataclasses.replace(rec)
    build_report([(rec, text)])
    assert rec == before
