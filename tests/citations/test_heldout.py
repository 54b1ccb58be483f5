"""The held-out set (tests/heldout: texts in styles the samples do not have, labelled by
reading before the extractor ever ran on them) scored like the independent set will score
``policygraph extract``: precision, recall, document numbers and issuers >= 0.97."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

from policygraph.extract import evaluate

ROOT = Path(__file__).resolve().parents[2]
HELDOUT = ROOT / "tests" / "heldout"
GOLD = sorted((HELDOUT / "gold").glob("h*.jsonl"))
BAR = 0.97


@pytest.fixture(scope="module")
def result():
    gold = evaluate.read_jsonl(str(p) for p in GOLD)
    old = os.getcwd()
    os.chdir(ROOT)  # sources are relative to the repository root, as `policygraph extract` prints them
    try:
        predicted = evaluate.extract_citations(sorted({g["source"] for g in gold}))
    finally:
        os.chdir(old)
    return evaluate.score(gold, predicted)


def test_heldout_set_is_big_and_varied_enough():
    gold = evaluate.read_jsonl(str(p) for p in GOLD)
    assert len(GOLD) >= 32 and len(gold) >= 650  # seven batches, h1-h32
    assert {g["kind"] for g in gold} == {"document", "law", "instruction", "mention"}


def test_heldout_jsonl_is_in_sync_with_the_hand_written_labels():
    spec = importlib.util.spec_from_file_location("build_heldout", HELDOUT / "build_heldout.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    for txt in sorted((HELDOUT / "gold").glob("h*.txt")):
        rows = [json.loads(line) for line in txt.with_suffix(".jsonl").read_text(encoding="utf-8").splitlines()]
        assert rows == build.build(txt), f"{txt.name}: run python tests/heldout/build_heldout.py"


@pytest.mark.parametrize("metric", ["precision", "recall", "number_accuracy", "issuer_accuracy", "title_accuracy", "kind_accuracy", "policy_accuracy"])
def test_heldout_scores_meet_the_bar(result, metric):
    value = getattr(result, metric)
    detail = [evaluate._show(x) for x in (result.misses + result.extras)][:20] + [f"{w}: {g.get(w)!r} vs {p.get(w)!r}" for w, g, p in result.wrong][:20]
    assert value >= BAR, f"{metric} = {value:.3f} < {BAR}; {detail}"
