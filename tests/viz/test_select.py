"""--focus / --depth / --min-amount / --max-nodes cuts."""

from __future__ import annotations

import pytest

from policygraph.errors import PolicygraphError
from policygraph.viz import build_graph, dependency_graph, find_nodes, focus, largest, min_amount
from tests.viz.conftest import node


@pytest.mark.parametrize(
    "query, node_type, found",
    [
        ("国发〔2020〕1号", None, ["doc/A"]),  # document number
        ("国发 〔2020〕 1号", None, ["doc/A"]),  # spaces as a PDF wraps them
        ("国务院", None, ["org/I1"]),  # exact name beats every title containing it
        ("国务院关于测试的意见", None, ["doc/A"]),
        ("测试", "document", ["doc/A", "doc/B", "doc/C", "doc/E"]),  # substring, restricted to documents
        ("项目一", "project", ["project/P1"]),
        ("单位", None, ["org/U1", "org/U2"]),
        ("https://w3id.org/policygraph/id/org/D", None, ["org/D"]),  # an IRI
        ("没有这个", None, []),
    ],
)
def test_find_nodes(two_sources, query, node_type, found):
    g = dependency_graph(two_sources)
    assert find_nodes(g, query, node_type=node_type) == sorted(node(k) for k in found)


@pytest.mark.parametrize(
    "depth, kept",
    [
        (0, {"A"}),
        (1, {"A", "P1", "P1a", "P2", "I1"}),
        (2, {"A", "P1", "P1a", "P2", "I1", "B", "U1", "U2"}),
    ],
)
def test_focus_depth(two_sources, depth, kept):
    g = focus(dependency_graph(two_sources), "国发〔2020〕1号", depth=depth)
    assert {n.split("/")[-1] for n in g} == kept
    assert g.graph["focus"] == "国发〔2020〕1号"


def test_focus_matching_nothing_is_one_clear_line(two_sources):
    with pytest.raises(PolicygraphError) as err:
        focus(dependency_graph(two_sources), "国发〔2099〕9号")
    assert str(err.value) == "--focus '国发〔2099〕9号' matches no document, project, unit, department or issuer in the graph (try a shorter name or a document number)"


@pytest.mark.parametrize("bad", [lambda g: focus(g, "A", depth=-1), lambda g: min_amount(g, -5), lambda g: find_nodes(g, "x", node_type="person"),
                                 lambda g: largest(g, 0)])
def test_bad_arguments(two_sources, bad):
    with pytest.raises(PolicygraphError):
        bad(dependency_graph(two_sources))


def test_min_amount(two_sources):
    g = min_amount(dependency_graph(two_sources), 1_000_000)
    assert {n.split("/")[-1] for n in g} == {"A", "B", "P1", "U1", "D", "I1", "I2"}
    assert min_amount(dependency_graph(two_sources), 0).number_of_nodes() == 14


def test_build_graph_cuts_after_measuring(two_sources):
    g = build_graph(two_sources, "dependency", year=2023, focus_on="单位乙", depth=1, min_yuan=500_000)
    assert {n.split("/")[-1] for n in g} == {"U2", "P2", "D"}
    assert all("pagerank" in d for _, d in g.nodes(data=True))


@pytest.mark.parametrize(
    "limit, kept",
    [
        # D 1.7M; A and I1 1.5M each (tie: by id, doc/… before org/…); U1 1.2M; then B, I2, P1 1M each (by id)
        (1, {"D"}),
        (2, {"D", "A"}),
        (5, {"D", "A", "I1", "U1", "B"}),
        # E has 0 yuan, P3 no amount at all: P3 goes first
        (13, {"A", "B", "C", "E", "P1", "P1a", "P2", "P4", "U1", "U2", "D", "I1", "I2"}),
    ],
)
def test_largest_keeps_the_nodes_with_the_most_money(two_sources, limit, kept):
    whole = dependency_graph(two_sources)
    g = largest(whole, limit)
    assert {n.split("/")[-1] for n in g} == kept
    assert g.graph["nodes_before"] == 14
    assert set(g.edges()) == {(u, v) for u, v in whole.edges() if u in g and v in g}  # the links among them


def test_largest_leaves_a_small_enough_graph_alone(two_sources):
    whole = dependency_graph(two_sources)
    assert largest(whole, 14) is whole and "nodes_before" not in whole.graph



def _reads(projections, monkeypatch) -> list:
    """The viz queries read in full (projections._rows) from now on, by name."""
    read = []
    monkeypatch.setattr(projections, "_rows", lambda store, name, _rows=projections._rows: read.append(name) or _rows(store, name))
    return read


@pytest.mark.parametrize(
    "kind, cut",
    [
        ("dependency", {}),
        ("dependency", {"focus_on": "国发", "depth": 2}),
        ("dependency", {"year": 2023, "focus_on": "科学技术协会"}),
        ("cocitation", {"focus_on": "沪府", "depth": 1}),
        ("bipartite", {"min_yuan": 1_000_000}),
        ("dependency", {"max_nodes": 60}),
    ],
)
@pytest.mark.parametrize("lookup_cost", [0.0, 1e9])
def test_a_network_from_the_store_gets_the_places_of_its_nodes_after_the_cuts(corpus_store, corpus_facts, kind, cut,
                                                                               lookup_cost, monkeypatch):
    """build_graph from a store reads where each node is written after the cuts (add_places): looked up node
    by node, or all read when that costs less; either way the same network, byte for byte in its exports, as
    from facts read with every place."""
    from policygraph.viz import export_text
    from policygraph.viz import projections

    monkeypatch.setattr(projections, "LOOKUP_COST", lookup_cost)
    read = _reads(projections, monkeypatch)
    from_store = build_graph(corpus_store, kind, **cut)
    expected = build_graph(corpus_facts, kind, **cut)
    placed = [n for n, d in from_store.nodes(data=True) if d.get("type") in ("project", "document")]
    assert placed and all("line" in from_store.nodes[n] and "source_file" in from_store.nodes[n] for n in placed)
    assert export_text(from_store, "graphml") == export_text(expected, "graphml")
    assert export_text(from_store, "json") == export_text(expected, "json")
    assert read.count("provenance") == (0 if lookup_cost == 0 else 1)


def test_places_are_looked_up_when_that_reads_less_than_the_whole_store(corpus_store, corpus_facts, monkeypatch):
    from policygraph.viz import projections

    read = _reads(projections, monkeypatch)
    build_graph(corpus_store, "dependency", focus_on="沪科协〔2015〕25号", depth=1)  # one document, its few projects
    assert "provenance" not in read
    build_graph(corpus_store, "dependency")  # every node: one scan
    assert read.count("provenance") == 1


def test_places_are_looked_up_in_chunks(corpus_store, corpus_facts, monkeypatch):
    from policygraph.viz import projections

    monkeypatch.setattr(projections, "PLACES_CHUNK", 7)
    monkeypatch.setattr(projections, "LOOKUP_COST", 0.0)
    from_store = build_graph(corpus_store, "dependency")
    expected = build_graph(corpus_facts, "dependency")
    assert dict(from_store.nodes(data=True)) == dict(expected.nodes(data=True))


def test_a_focus_no_name_contains_is_refused_before_the_network_is_read(corpus_store, monkeypatch):
    from policygraph.viz import projections

    read = _reads(projections, monkeypatch)
    with pytest.raises(PolicygraphError, match="matches no document, project, unit, department or issuer"):
        build_graph(corpus_store, "dependency", focus_on="没有这个文件")
    with pytest.raises(PolicygraphError, match="matches no document in the graph"):
        build_graph(corpus_store, "dependency", focus_on="没有这个文件", focus_type="document")
    assert read == []  # not one viz query read


def test_the_early_check_never_refuses_a_focus_the_network_matches(corpus_store, corpus_facts):
    """Every name of the sample corpus's networks, whole, in part, wrapped as a PDF wraps it or in other case,
    passes the early check (it only says "no" where find_nodes would find nothing)."""
    from policygraph.viz import any_name_contains, may_match, project_graph

    focuses = set()
    for kind in ("dependency", "cocitation", "bipartite"):
        for _, data in project_graph(corpus_facts, kind).nodes(data=True):
            for name in (data.get("label"), data.get("doc_number")):
                if name and not name.startswith("https://"):
                    third = max(1, len(name) // 3)
                    focuses |= {name, name[third:2 * third], " ".join(name), name.upper()}
    checked = 0
    for focus_text in sorted(focuses):
        named = may_match(focus_text)
        if named is None:
            continue
        checked += 1
        assert any_name_contains(corpus_store, named), focus_text
    assert checked > 500
    assert may_match("https://w3id.org/policygraph/id/org/x") is None  # node ids are matched whole, not checked early
