"""The page as written (no browser): self-contained, data escaped, pyvis data embedded."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import networkx as nx
import pytest

from policygraph.errors import PolicygraphError
from policygraph.viz import build_graph, render_page, write_page
from policygraph.viz.page import PHYSICS_MAX_NODES, build_network, json_for_script
from tests.viz.conftest import node


class Tags(HTMLParser):
    """Collects start tags and the text of <script> blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._in_script: dict | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


@pytest.fixture(scope="module")
def page(two_sources):
    return render_page(build_graph(two_sources), title='测试 <b>"页"</b>')


def test_nothing_is_loaded_from_elsewhere(page):
    tags = parse(page)
    for tag, attrs in tags.tags:
        assert "src" not in attrs and "href" not in attrs, (tag, attrs)
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", page)
    [csp] = [a["content"] for t, a in tags.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp


def test_script_blocks(page):
    scripts = parse(page).scripts
    # vis-network, the data, our script: and nothing else
    assert [a.get("type") for a, _ in scripts] == [None, "application/json", None]
    assert "vis-network" in scripts[0][1][:2000]


def test_data_block_holds_the_graph_escaped(page, two_sources):
    g = build_graph(two_sources)
    [(_, text)] = [(a, t) for a, t in parse(page).scripts if a.get("type") == "application/json"]
    # no markup can end the block early: '<' and '>' only appear escaped
    assert "<" not in text and ">" not in text and "&" not in text
    data = json.loads(text)
    assert len(data["nodes"]) == g.number_of_nodes() and len(data["edges"]) == g.number_of_edges()
    assert len(data["nodeInfo"]) == len(data["nodes"]) and len(data["edgeInfo"]) == len(data["edges"])
    index = [n["id"] for n in data["nodes"]].index(node("doc/B"))
    b, info = data["nodes"][index], data["nodeInfo"][index]
    assert info["label"] == '关于"测试"<script>window.__pwned=1</script>的通知'
    assert info["doc_number"] == "沪府办〔2021〕2号"
    assert b["label"].startswith('关于"测试"<script>')  # shortened for the canvas, full text in info
    assert data["meta"]["physics"] is True


def test_title_is_escaped(page):
    assert "<title>测试 &lt;b&gt;&#34;页&#34;&lt;/b&gt;</title>" in page


@pytest.mark.parametrize(
    "value, escaped",
    [
        ("</script><script>alert(1)</script>", '"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"'),
        ("a & b", '"a \\u0026 b"'),
        ('"quoted"', '"\\"quoted\\""'),
        ("中文", '"中文"'),
    ],
)
def test_json_for_script(value, escaped):
    assert json_for_script(value) == escaped
    assert json.loads(json_for_script(value)) == value


def test_pyvis_network_carries_the_data(two_sources):
    g = build_graph(two_sources)
    net = build_network(g)
    assert net.num_nodes() == g.number_of_nodes() and net.num_edges() == g.number_of_edges()
    sizes = {n["id"]: n["size"] for n in net.nodes}
    # size grows with money; no amount → smallest
    assert sizes[node("org/D")] > sizes[node("org/U1")] > sizes[node("org/U2")] > sizes[node("project/P3")]
    colours = {n["id"]: n["color"] for n in net.nodes}
    assert colours[node("doc/A")] != colours[node("doc/B")]  # national vs municipal
    assert colours[node("project/P1")] == colours[node("project/P2")]


def test_large_graphs_get_a_fixed_layout():
    g = nx.path_graph(PHYSICS_MAX_NODES + 1, create_using=nx.DiGraph)
    nx.set_node_attributes(g, "project", "type")
    g = nx.relabel_nodes(g, str)
    nx.set_edge_attributes(g, "part_of", "relation")
    net = build_network(g)
    assert net.options["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in net.nodes)
    assert len({(n["x"], n["y"]) for n in net.nodes}) == g.number_of_nodes()


def test_layout_is_deterministic(two_sources):
    g = build_graph(two_sources)
    first = [(n["x"], n["y"]) for n in build_network(g).nodes]
    assert first == [(n["x"], n["y"]) for n in build_network(g).nodes]


def test_write_page_refuses_a_missing_directory(two_sources, tmp_path):
    with pytest.raises(PolicygraphError, match="directory does not exist"):
        write_page(build_graph(two_sources), tmp_path / "no" / "graph.html")
    with pytest.raises(PolicygraphError, match="is a directory"):
        write_page(build_graph(two_sources), tmp_path)


def test_graph_breaking_the_schema_is_refused():
    g = nx.DiGraph()
    g.add_node("x", type="document", amount="12")
    with pytest.raises(PolicygraphError, match="attribute amount='12' should be int"):
        render_page(g)
