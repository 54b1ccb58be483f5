"""The README's first command: `policygraph demo` runs the whole pipeline on the sample corpus."""

import re

from click.testing import CliRunner

from policygraph.cli import cli
from tests.conftest import CORPUS


def test_demo_ingests_answers_and_writes_the_page(tmp_path):
    out_dir = tmp_path / "demo"
    result = CliRunner().invoke(cli, ["demo", "--corpus", str(CORPUS), "--out-dir", str(out_dir), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "4 loaded" in result.output
    # headline answers come from the documents: 国发〔2018〕32号 is cited by projects of both
    # departments (000 line 1216, 001 line 443, 004 lines 902 and 1059)
    assert "国发〔2018〕32号" in result.output
    for name in ("top-documents", "money-by-level", "cross-cutting-documents", "projects-without-basis"):
        assert f"policygraph query {name}" in result.output
    page = out_dir / "graph.html"
    html = page.read_text(encoding="utf-8")
    assert "vis-network" in html and not re.search(r"""<script[^>]+src=["']https?://""", html)
    # a second run skips every unchanged document
    again = CliRunner().invoke(cli, ["demo", "--corpus", str(CORPUS), "--out-dir", str(out_dir), "--jobs", "1"])
    assert again.exit_code == 0, again.output
    assert "0 loaded, 4 unchanged" in again.output


def test_demo_names_a_missing_corpus(tmp_path):
    result = CliRunner().invoke(cli, ["demo", "--corpus", str(tmp_path / "nope"), "--out-dir", str(tmp_path / "d")])
    assert result.exit_code == 1
    assert "no corpus at" in result.output and "Traceback" not in result.output
