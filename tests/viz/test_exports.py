"""Every export re-reads (networkx; igraph for GraphML) to the same nodes, edges and typed attributes."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET

import igraph as ig
import networkx as nx
import pytest

from policygraph.errors import PolicygraphError
from policygraph.viz import build_graph, export_text, read_csv, write_export
from policygraph.viz.exports import csv_paths, dot_quote
from tests.viz.conftest import node


@pytest.fixture(scope="module", params=["two_sources", "corpus"])
def graph(request, two_sources, corpus_facts):
    facts = two_sources if request.param == "two_sources" else corpus_facts
    return build_graph(facts, "dependency")


@pytest.fixture(scope="module")
def undirected(corpus_facts):
    return build_graph(corpus_facts, "cocitation")


def same_graph(read: nx.Graph, original: nx.Graph, *, loose_weight: bool = False, ignore=()) -> None:
    assert read.is_directed() == original.is_directed()
    assert set(read.nodes) == set(original.nodes)
    assert {frozenset(e) if not original.is_directed() else e for e in read.edges} == {
        frozenset(e) if not original.is_directed() else e for e in original.edges
    }
    for n, data in original.nodes(data=True):
        got = {k: v for k, v in read.nodes[n].items() if k not in ignore}
        assert got == data, n
    for u, v, data in original.edges(data=True):
        got = {k: val for k, val in read.edges[u, v].items() if k not in ignore}
        if loose_weight and "weight" in got:  # GEXF holds edge weights as doubles
            assert got["weight"] == float(data["weight"])
            got["weight"] = data["weight"]
        assert got == data, (u, v)


def test_graphml_round_trip(graph, undirected, tmp_path):
    for g in (graph, undirected):
        [path] = write_export(g, "graphml", tmp_path / "g.graphml")
        same_graph(nx.read_graphml(path), g)


def test_graphml_reads_in_igraph(graph, tmp_path):
    [path] = write_export(graph, "graphml", tmp_path / "g.graphml")
    h = ig.Graph.Read_GraphML(str(path))
    assert h.is_directed() and h.vcount() == graph.number_of_nodes() and h.ecount() == graph.number_of_edges()
    ids = h.vs["id"]
    assert {(ids[e.source], ids[e.target]) for e in h.es} == set(graph.edges)
    for vertex in h.vs:
        data = graph.nodes[vertex["id"]]
        assert vertex["label"] == data["label"]
        if "amount" in data:
            assert vertex["amount"] == data["amount"]  # yuan beyond 2^31 survive (GraphML "long")


def test_graphml_types_are_declared(graph):
    root = ET.fromstring(export_text(graph, "graphml").encode("utf-8"))
    keys = {(k.get("attr.name"), k.get("for")): k.get("attr.type") for k in root.iter("{http://graphml.graphdrawing.org/xmlns}key")}
    assert keys[("amount", "node")] == "long"
    assert keys[("weight", "edge")] == "long"
    assert keys[("pagerank", "node")] == "double"
    assert keys[("label", "node")] == "string"


def test_gexf_round_trip(graph, undirected, tmp_path):
    for g in (graph, undirected):
        [path] = write_export(g, "gexf", tmp_path / "g.gexf")
        same_graph(nx.read_gexf(path), g, loose_weight=True, ignore=("spells", "id"))


def test_gexf_has_a_spell_per_fiscal_year(corpus_facts, tmp_path):
    g = build_graph(corpus_facts, "dependency")
    [path] = write_export(g, "gexf", tmp_path / "g.gexf")
    read = nx.read_gexf(path)
    assert read.graph["mode"] == "dynamic"
    root = ET.parse(path).getroot()
    assert root.find("{http://www.gexf.net/1.2draft}graph").get("timeformat") == "date"
    [doc] = [n for n, d in g.nodes(data=True) if d.get("doc_number") == "中办发〔2015〕51号"]  # cited in 2023 and 2025
    assert read.nodes[doc]["spells"] == [("2023-01-01", "2023-12-31"), ("2025-01-01", "2025-12-31")]
    project_2025 = next(p for p in g.successors(doc) if g.nodes[p]["year"] == 2025)
    assert read.edges[doc, project_2025]["spells"] == [("2025-01-01", "2025-12-31")]


def test_gexf_joins_consecutive_years():
    g = nx.DiGraph()
    g.add_node("x", label="x", type="unit", years="2021 2022 2023 2025")
    read = nx.read_gexf(__import__("io").BytesIO(export_text(g, "gexf").encode("utf-8")))
    assert read.nodes["x"]["spells"] == [("2021-01-01", "2023-12-31"), ("2025-01-01", "2025-12-31")]


def test_node_link_json_round_trip(graph, undirected, tmp_path):
    for g in (graph, undirected):
        [path] = write_export(g, "json", tmp_path / "g.json")
        data = json.loads(path.read_text(encoding="utf-8"))
        assert set(data) >= {"nodes", "edges", "directed", "graph"}
        same_graph(nx.node_link_graph(data, edges="edges"), g)


def test_csv_two_tables_for_gephi(graph, tmp_path):
    written = write_export(graph, "csv", tmp_path / "g.csv")
    assert [p.name for p in written] == ["g.nodes.csv", "g.edges.csv"]
    with open(written[0], encoding="utf-8", newline="") as fh:
        nodes = list(csv.DictReader(fh))
    with open(written[1], encoding="utf-8", newline="") as fh:
        edges = list(csv.DictReader(fh))
    assert list(nodes[0])[:2] == ["Id", "Label"]
    assert list(edges[0])[:4] == ["Source", "Target", "Type", "Weight"]
    assert {row["Type"] for row in edges} == {"Directed"}
    assert len(nodes) == graph.number_of_nodes() and len(edges) == graph.number_of_edges()
    same_graph(read_csv(*written), graph)


def test_csv_reads_in_igraph(graph, tmp_path):
    nodes_path, edges_path = write_export(graph, "csv", tmp_path / "g.csv")
    with open(nodes_path, encoding="utf-8", newline="") as fh:
        vertices = [{"name": r["Id"], "label": r["Label"]} for r in csv.DictReader(fh)]
    with open(edges_path, encoding="utf-8", newline="") as fh:
        edges = [{"source": r["Source"], "target": r["Target"], "weight": r["Weight"]} for r in csv.DictReader(fh)]
    h = ig.Graph.DictList(vertices, edges, directed=True)
    assert h.vcount() == graph.number_of_nodes() and h.ecount() == graph.number_of_edges()
    assert {(h.vs[e.source]["name"], h.vs[e.target]["name"]) for e in h.es} == set(graph.edges)


def test_csv_undirected(undirected, tmp_path):
    written = write_export(undirected, "csv", tmp_path / "c.csv")
    same_graph(read_csv(*written), undirected)


@pytest.mark.parametrize("source", ["two_sources", "corpus"])
def test_dot_round_trip(source, two_sources, corpus_facts, tmp_path):
    pytest.importorskip("pydot")
    if source == "two_sources":
        graph = build_graph(two_sources)
    else:  # pydot's parser is slow (about 30 s for the whole corpus graph): an excerpt of it
        graph = build_graph(corpus_facts, focus_on="中办发〔2015〕51号", depth=3)
        assert graph.number_of_nodes() > 10
    [path] = write_export(graph, "dot", tmp_path / "g.dot")
    read = nx.nx_pydot.read_dot(path)

    def unquote(value: str) -> str:
        if value.startswith('"') and value.endswith('"'):
            value = value[1:-1]
        return value.replace('\\"', '"').replace("\\\\", "\\")

    assert {unquote(n) for n in read.nodes} == set(graph.nodes)
    relabel = {n: unquote(n) for n in read.nodes}
    read = nx.relabel_nodes(read, relabel)
    assert set(read.edges()) == set(graph.edges)
    for n, data in graph.nodes(data=True):
        assert {k: unquote(v) for k, v in read.nodes[n].items()} == {k: str(v) for k, v in data.items()}, n
    for u, v, data in graph.edges(data=True):
        got = read.get_edge_data(u, v)  # "strict digraph" reads back as a DiGraph
        assert {k: unquote(val) for k, val in got.items()} == {k: str(val) for k, val in data.items()}


@pytest.mark.parametrize(
    "text, quoted",
    [
        ("a", '"a"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("back\\slash", '"back\\\\slash"'),
        ("two\nlines", '"two\\nlines"'),
        ("https://w3id.org/x:y", '"https://w3id.org/x:y"'),
    ],
)
def test_dot_quote(text, quoted):
    assert dot_quote(text) == quoted


@pytest.mark.parametrize(
    "out, expected",
    [("g.csv", ("g.nodes.csv", "g.edges.csv")), ("g", ("g.nodes.csv", "g.edges.csv")), ("G.CSV", ("G.nodes.csv", "G.edges.csv"))],
)
def test_csv_paths(out, expected):
    assert tuple(p.name for p in csv_paths(out)) == expected


def test_csv_to_stdout_is_refused(two_sources):
    with pytest.raises(PolicygraphError, match="csv writes two files"):
        export_text(build_graph(two_sources), "csv")


def test_missing_directory_is_one_line_and_writes_nothing(two_sources, tmp_path):
    with pytest.raises(PolicygraphError) as err:
        write_export(build_graph(two_sources), "graphml", tmp_path / "nowhere" / "g.graphml")
    assert str(err.value) == f"{tmp_path / 'nowhere'}: directory does not exist"
    assert list(tmp_path.iterdir()) == []


def test_markup_in_titles_survives_every_format(two_sources, tmp_path):
    g = build_graph(two_sources)
    title = g.nodes[node("doc/B")]["label"]
    assert "<script>" in title and '"' in title
    [graphml] = write_export(g, "graphml", tmp_path / "g.graphml")
    [gexf] = write_export(g, "gexf", tmp_path / "g.gexf")
    assert nx.read_graphml(graphml).nodes[node("doc/B")]["label"] == title
    assert nx.read_gexf(gexf).nodes[node("doc/B")]["label"] == title
