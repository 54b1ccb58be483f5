"""`policygraph viz` and `policygraph export --graph …`: thin, one-line errors, examples in --help."""

from __future__ import annotations

import io
import json

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from policygraph.cli import cli
from policygraph.graph import open_store
from tests.viz.conftest import TWO_SOURCES, node


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "store"
    store = open_store(str(path))
    store.raw.load(path=str(TWO_SOURCES), format=ox.RdfFormat.TRIG)
    store.close()
    return str(path)


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def page_data(path) -> dict:
    text = path.read_text(encoding="utf-8")
    start = text.index('<script type="application/json" id="pg-data">') + len('<script type="application/json" id="pg-data">')
    return json.loads(text[start : text.index("</script>", start)])


def test_viz_writes_the_page(store_dir, tmp_path):
    out = tmp_path / "graph.html"
    result = run("viz", "--store", store_dir, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.output == f"policygraph: wrote {out} (14 nodes, 15 links); open it in a browser\n"
    data = page_data(out)
    assert len(data["nodes"]) == 14 and data["meta"]["title"] == "policygraph: policies → projects → units"


def test_viz_focus_year_and_min_amount(store_dir, tmp_path):
    out = tmp_path / "focus.html"
    result = run("viz", "--store", store_dir, "--focus", "单位乙", "--depth", "1", "--year", "2023", "--min-amount", "50万", "--out", str(out))
    assert result.exit_code == 0, result.output
    ids = {n["id"] for n in page_data(out)["nodes"]}
    assert ids == {node("org/U2"), node("project/P2"), node("org/D")}


def test_viz_max_nodes_keeps_the_nodes_with_the_most_money_and_says_so(store_dir, tmp_path):
    out = tmp_path / "top.html"
    result = run("viz", "--store", store_dir, "--max-nodes", "5", "--out", str(out))
    assert result.exit_code == 0, result.output
    note = ("the network has 14 nodes; the page shows the 5 with the most money behind them "
            "(--max-nodes N to change; --focus, --year or --min-amount to choose)")
    assert f"(5 nodes, " in result.output and f"policygraph: {note}" in result.output
    data = page_data(out)
    assert {n["id"] for n in data["nodes"]} == {node(k) for k in ("org/D", "doc/A", "org/I1", "org/U1", "doc/B")}
    assert data["meta"]["subtitle"] == note
    every = run("viz", "--store", store_dir, "--max-nodes", "0", "--out", str(tmp_path / "all.html"))
    assert every.exit_code == 0 and "(14 nodes, 15 links)" in every.output and "the page shows" not in every.output


def test_viz_help_states_the_default_page_size():
    from policygraph.viz.select import PAGE_MAX_NODES

    assert f"default {PAGE_MAX_NODES:,}," in " ".join(run("viz", "--help").output.split())


@pytest.mark.parametrize(
    "args, message",
    [
        (["viz", "--focus", "国发〔2099〕9号"], "Error: --focus '国发〔2099〕9号' matches no document, project, unit, department or issuer in the graph"),
        (["viz", "--out", "/nonexistent-dir/g.html"], "Error: /nonexistent-dir: directory does not exist"),
        (["export", "--graph", "dependency", "--format", "csv"], "Error: csv writes two files (nodes and edges); give a file name with --out"),
        (["export", "--format", "gexf"], "Error: --format gexf exports a network: add --graph dependency|cocitation|bipartite"),
        (["export", "--graph", "dependency", "--format", "ttl"], "Error: --format ttl is RDF; with --graph choose one of graphml, gexf, json, csv, dot"),
        (["export", "--year", "2023"], "Error: --year, --focus, --min-amount and --include-flagged select part of a network: add --graph"),
        (["viz", "--min-amount", "lots"], "cannot read 'lots' as an amount (examples: 5000000, 500万, 1.5亿)"),
    ],
)
def test_errors_are_one_line(store_dir, args, message):
    result = CliRunner().invoke(cli, args + ["--store", store_dir])
    assert result.exit_code in (1, 2)
    assert message in result.output
    assert "Traceback" not in result.output


def test_viz_without_a_store(tmp_path):
    result = CliRunner().invoke(cli, ["viz", "--store", str(tmp_path / "none"), "--out", str(tmp_path / "g.html")])
    assert result.exit_code == 1
    assert "no store here yet" in result.output
    assert not (tmp_path / "g.html").exists()


def test_export_network_to_stdout(store_dir):
    result = run("export", "--graph", "dependency", "--format", "gexf", "--store", store_dir)
    assert result.exit_code == 0
    g = nx.read_gexf(io.BytesIO(result.stdout_bytes))
    assert g.number_of_nodes() == 14 and g.nodes[node("doc/A")]["amount"] == 1_500_000


def test_export_default_format_is_graphml(store_dir):
    result = run("export", "--graph", "cocitation", "--store", store_dir)
    g = nx.read_graphml(io.BytesIO(result.stdout_bytes))
    assert set(g.nodes) == {node("doc/A"), node("doc/B"), node("doc/C"), node("doc/E")}


def test_export_csv_files(store_dir, tmp_path):
    result = run("export", "--graph", "bipartite", "--format", "csv", "--out", str(tmp_path / "b.csv"), "--store", store_dir)
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.edges.csv", "b.nodes.csv"]


@pytest.mark.parametrize("command", ["viz", "export"])
def test_help_has_examples(command):
    result = run(command, "--help")
    assert "Example" in result.output and f"policygraph {command} " in result.output


@pytest.fixture(scope="module")
def corpus_store_dir(tmp_path_factory):
    from policygraph.queries.sample import disk_store

    return disk_store(tmp_path_factory.mktemp("corpus") / "store")


def test_flagged_amounts_are_left_out_and_the_page_says_so(corpus_store_dir, tmp_path):
    # 001's 科技社团党建工作 prints 60000.00万元 (600,000,000 yuan), more than 科协's whole budget
    note = "1 flagged implausible amount (600,000,000 yuan) left out of the money; --include-flagged counts them"
    out = tmp_path / "g.html"
    result = run("viz", "--store", corpus_store_dir, "--out", str(out))
    assert result.exit_code == 0 and f"policygraph: {note}" in result.output
    data = page_data(out)
    assert data["meta"]["subtitle"] == note
    assert party_amount(data) == 60_000

    counted = tmp_path / "all.html"
    result = run("viz", "--store", corpus_store_dir, "--include-flagged", "--out", str(counted))
    assert result.exit_code == 0 and "left out" not in result.output
    data = page_data(counted)
    assert data["meta"]["subtitle"] == ""
    assert party_amount(data) == 600_060_000


def party_amount(data) -> int:
    """Money behind 中办发〔2015〕51号 on a page: cited by the flagged project and by 科技社团党建 2025 (60,000 yuan)."""
    [info] = [n for n in data["nodeInfo"] if n.get("doc_number") == "中办发〔2015〕51号"]
    return info["amount"]


def test_export_network_include_flagged(corpus_store_dir):
    party = "中办发〔2015〕51号"  # cited by the flagged 2023 project and by 科技社团党建 2025 (60,000 yuan)
    amounts = {}
    for args in ((), ("--include-flagged",)):
        result = run("export", "--graph", "cocitation", "--format", "graphml", "--store", corpus_store_dir, *args)
        assert result.exit_code == 0
        g = nx.read_graphml(io.BytesIO(result.stdout_bytes))
        [doc] = [n for n, d in g.nodes(data=True) if d.get("doc_number") == party]
        amounts[args] = g.nodes[doc]["amount"]
    assert amounts == {(): 60_000, ("--include-flagged",): 600_060_000}


@pytest.mark.parametrize("terminal", [True, False])
def test_viz_tells_a_terminal_what_it_is_doing(store_dir, tmp_path, monkeypatch, terminal):
    """A page of a large store takes minutes (every project is read, even for --focus): a terminal is told each
    step on stderr; logs and pipes get only the result line."""
    import policygraph.cli as cli_module

    monkeypatch.setattr(cli_module, "_stderr_is_terminal", lambda: terminal)
    out = tmp_path / "graph.html"
    result = CliRunner().invoke(cli, ["viz", "--store", store_dir, "--out", str(out)], catch_exceptions=False)
    steps = ["policygraph: reading the network from the store and computing its measures …",
             "policygraph: laying out and writing the page (14 nodes) …"] if terminal else []
    assert result.exit_code == 0
    assert result.output.splitlines() == steps + [f"policygraph: wrote {out} (14 nodes, 15 links); open it in a browser"]


@pytest.fixture(scope="module")
def corpus_store_dir(corpus_dir, tmp_path_factory):
    from policygraph.graph import ingest_paths

    path = tmp_path_factory.mktemp("corpus-store") / "store"
    with open_store(str(path)) as store:
        assert ingest_paths(store, [str(corpus_dir)]).ok
    return str(path)


def test_the_same_store_gives_the_same_pages_and_exports_in_every_process(corpus_store_dir, tmp_path):
    """Python salts string hashes per process, so sets iterate in another order at every run: the networks
    (node and link order), their layouts and what follows from them (PageRank digits, exports) must not
    depend on it. Two processes with different hash seeds write byte-identical files."""
    import os
    import subprocess
    import sys

    commands = {
        "page.html": ["viz"],
        "focus.html": ["viz", "--focus", "国发", "--depth", "2"],
        "largest.html": ["viz", "--graph", "bipartite", "--max-nodes", "40"],
        "focus.graphml": ["export", "--graph", "dependency", "--focus", "沪府", "--format", "graphml"],
        "cocitation.gexf": ["export", "--graph", "cocitation", "--format", "gexf"],
        "cocitation-focus.json": ["export", "--graph", "cocitation", "--focus", "国发", "--depth", "1", "--format", "json"],
    }
    written = {}
    for seed in ("1", "2"):
        for name, args in commands.items():
            out = tmp_path / f"{seed}-{name}"
            env = {**os.environ, "PYTHONHASHSEED": seed}
            done = subprocess.run([sys.executable, "-m", "policygraph", *args, "--store", corpus_store_dir, "--out", str(out)],
                                  capture_output=True, text=True, env=env)
            assert done.returncode == 0, done.stderr
            written.setdefault(name, []).append(out.read_bytes())
    for name, (first, second) in written.items():
        assert first == second, f"{name} differs between two processes"
