"""The citation object of ``policygraph extract --format jsonl``: the contract keys of issue 3
unchanged, ``issuer`` as the text writes it, ``issuer_canonical`` beside it."""

from __future__ import annotations

import json

from click.testing import CliRunner

from policygraph.cli import cli

CONTRACT = {"type", "source", "project", "section", "line", "text", "title", "doc_number", "issuer", "kind", "is_policy", "doc_id", "rule"}

DOC = (
    "上海市某某局2024年部门预算\n\n"
    "一、项目概述\n甲项目经费情况说明\n"
    "二、立项依据\n根据市政府《关于推进某某工作的实施意见》（沪府发〔2023〕5号）和《中华人民共和国科学技术普及法》。\n"
)


def _citations(tmp_path) -> list[dict]:
    path = tmp_path / "doc.txt"
    path.write_text(DOC, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [o for o in map(json.loads, result.output.splitlines()) if o["type"] == "citation"]


def test_contract_keys_are_all_there_and_issuer_canonical_beside_them(tmp_path):
    rows = _citations(tmp_path)
    assert len(rows) == 2
    for row in rows:
        assert CONTRACT <= set(row), CONTRACT - set(row)
        assert "issuer_canonical" in row


def test_issuer_is_the_texts_form_and_issuer_canonical_the_full_name(tmp_path):
    first, law = _citations(tmp_path)
    assert first["issuer"] == "市政府"  # as written
    assert first["issuer_canonical"] == "上海市人民政府"  # in a Shanghai document
    assert first["doc_number"] == "沪府发〔2023〕5号"
    assert law["issuer"] is None and law["issuer_canonical"] is None
