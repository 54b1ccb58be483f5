"""The golden set (tests/golden/citations_*.jsonl, written by reading the sample documents)
scored the way an independent hand-labelled set will score ``policygraph extract``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policygraph.extract import evaluate

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = sorted((ROOT / "tests" / "golden").glob("citations_*.jsonl"))
BAR = 0.97


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return evaluate.read_jsonl(str(p) for p in GOLDEN)


@pytest.fixture(scope="module")
def result(gold, monkeypatch_module_root):
    predicted = evaluate.extract_citations(sorted({g["source"] for g in gold}))
    return evaluate.score(gold, predicted)


@pytest.fixture(scope="module")
def monkeypatch_module_root():
    # gold `source` paths are relative to the repository root, as `policygraph extract` prints them
    import os

    old = os.getcwd()
    os.chdir(ROOT)
    yield
    os.chdir(old)


def test_golden_files_cover_at_least_two_whole_documents(gold):
    assert len({g["source"] for g in gold}) >= 2
    assert {g["kind"] for g in gold} >= {"document", "law", "instruction", "mention"}


def test_golden_jsonl_is_in_sync_with_the_hand_written_txt():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_citations", ROOT / "tests" / "golden" / "build_citations.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    for txt in sorted((ROOT / "tests" / "golden").glob("citations_*.txt")):
        rows = [json.loads(line) for line in txt.with_suffix(".jsonl").read_text(encoding="utf-8").splitlines()]
        assert rows == build.build(txt), f"{txt.name}: run python tests/golden/build_citations.py"


@pytest.mark.parametrize("metric", ["precision", "recall", "number_accuracy", "issuer_accuracy", "title_accuracy"])
def test_golden_scores_meet_the_bar(result, metric):
    value = getattr(result, metric)
    detail = [evaluate._show(x) for x in (result.misses + result.extras)][:20]
    assert value >= BAR, f"{metric} = {value:.3f} < {BAR}; misses/extras: {detail}"


def test_golden_kinds_and_policy_flags(result):
    assert result.kind_accuracy >= BAR
    assert result.policy_accuracy >= BAR


def test_scoring_counts_a_wrong_number_and_a_missing_citation():
    gold = [
        {"source": "a", "line": 1, "text": "《甲》", "title": "甲", "doc_number": "国发〔2022〕14号", "issuer": "国务院", "kind": "document", "span": {"start": 0, "end": 3, "line": 1}},
        {"source": "a", "line": 2, "text": "《乙》", "title": "乙", "doc_number": None, "issuer": None, "kind": "document", "span": {"start": 10, "end": 13, "line": 2}},
    ]
    predicted = [
        {"source": "a", "line": 1, "text": "《甲》", "title": "甲", "doc_number": "国发〔2022〕41号", "doc_number_parts": {"issuer_code": "国发", "year": 2022, "serial": "41"}, "issuer": "国务院", "kind": "document", "span": {"start": 0, "end": 3, "line": 1}},
        {"source": "a", "line": 3, "text": "《丙》", "title": "丙", "doc_number": None, "issuer": None, "kind": "document", "span": {"start": 20, "end": 23, "line": 3}},
    ]
    r = evaluate.score(gold, predicted)
    assert (r.matched, r.precision, r.recall, r.number_accuracy) == (1, 0.5, 0.5, 0.0)


def test_scoring_compares_titles_by_their_keys():
    def row(title, start):
        return {"source": "a", "line": 1, "text": "x", "title": title, "doc_number": None, "issuer": None, "kind": "document", "span": {"start": start, "end": start + 5, "line": 1}}

    gold = [row("国务院关于深化某某改革的方案", 0), row("甲乙丙办法", 10), row("关于某某的通知", 20)]
    predicted = [row("国务院关于深化某某改革的\n方案", 0), row("甲乙- 21 -某部预算丙办法", 10), row("上海市人民政府关于某某的通知", 20)]
    r = evaluate.score(gold, predicted)
    assert (r.title_total, r.title_ok) == (3, 2)  # a line wrap and the issuer before 关于 do not count, furniture does
    assert [w[0] for w in r.wrong] == ["title"]


def test_scoring_treats_issuer_short_and_full_names_as_the_same_organisation():
    assert evaluate.issuer_set("上海市科协、财政部") == evaluate.issuer_set("财政部、上海市科学技术协会")
    assert evaluate.issuer_set("国务院") != evaluate.issuer_set("国务院办公厅")


def test_cli_prints_the_scores(tmp_path, capsys, monkeypatch_module_root):
    assert evaluate.main([str(GOLDEN[0]), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["precision"] >= BAR and summary["gold"] > 0
