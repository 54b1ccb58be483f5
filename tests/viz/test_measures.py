"""Money counted once, and the measures that rank documents by the spending they back."""

from __future__ import annotations

import pytest

from policygraph.viz import annotate, build_graph, components, dependency_graph, orphaned_money, pagerank, ranking
from policygraph.viz.money import ProjectTree
from tests.viz.conftest import node

# parent links and stated amounts of a small project tree:
#   a 100 ─┬─ a1 30
#          └─ a2 (none) ── a21 5
#   b (none) ─ b1 7, b2 8       c (none, no children)
TREE = ProjectTree(
    parent={"a1": "a", "a2": "a", "a21": "a2", "b1": "b", "b2": "b"},
    amount={"a": 100, "a1": 30, "a2": None, "a21": 5, "b": None, "b1": 7, "b2": 8, "c": None},
)


@pytest.mark.parametrize(
    "projects, yuan",
    [
        ({"a"}, 100),
        ({"a", "a1"}, 100),  # a1 is inside a
        ({"a1", "a21"}, 35),
        ({"a2"}, 5),  # no amount stated: its sub-projects' money
        ({"b"}, 15),
        ({"b", "b1", "a1"}, 45),
        ({"c"}, 0),
        (set(), 0),
    ],
)
def test_covered_money(projects, yuan):
    assert TREE.covered(projects) == yuan


# the same tree with a's and b1's amounts flagged implausible: left out, a counts its sub-projects
FLAGGED = ProjectTree(parent=TREE.parent, amount=TREE.amount, flagged=frozenset({"a", "b1"}))


@pytest.mark.parametrize(
    "projects, yuan, left_out",
    [
        ({"a"}, 35, (1, 100)),  # a1 30 + a21 5 instead of the flagged 100
        ({"a", "a1"}, 35, (1, 100)),
        ({"b"}, 8, (0, 0)),  # b1's 7 left out; b itself states nothing
        ({"b1"}, 0, (1, 7)),
        ({"c"}, 0, (0, 0)),
    ],
)
def test_flagged_amounts_are_left_out_and_reported(projects, yuan, left_out):
    assert FLAGGED.covered(projects) == yuan
    assert FLAGGED.left_out(projects) == left_out
    assert TREE.left_out(projects) == (0, 0)


def test_cycle_in_bad_data_does_not_hang():
    tree = ProjectTree(parent={"x": "y", "y": "x"}, amount={"x": 1, "y": None})
    assert tree.covered({"x", "y"}) in (0, 1)


def test_orphaned_money_counts_sole_bases(two_sources):
    g = dependency_graph(two_sources)
    # P2 and P1a cite only A; P4 only C; P1 cites A and B, so removing one leaves a basis
    assert orphaned_money(g) == {
        node("doc/A"): 900_000,
        node("doc/B"): 0,
        node("doc/C"): 200_000,
        node("doc/E"): 0,
    }


def test_pagerank_follows_the_money(two_sources):
    g = dependency_graph(two_sources)
    rank = pagerank(g)
    assert sum(rank.values()) == pytest.approx(1.0)
    # A backs 1.5 million of three projects, B one million of one, C 0.2 million
    assert rank[node("doc/A")] > rank[node("doc/B")]
    assert rank[node("doc/A")] > rank[node("doc/C")]
    # money flows down to the documents: a project ranks below the document it rests on alone
    assert rank[node("doc/C")] > rank[node("project/P4")]


def test_components_largest_first():
    import networkx as nx

    g = nx.DiGraph([("a", "b"), ("b", "c"), ("x", "y")])
    g.add_node("lonely")
    assert components(g) == {"a": 0, "b": 0, "c": 0, "x": 1, "y": 1, "lonely": 2}


def test_annotate_and_ranking(two_sources):
    g = annotate(dependency_graph(two_sources))
    assert g.nodes[node("doc/A")]["orphaned"] == 900_000
    assert {d["component"] for _, d in g.nodes(data=True)} == {0}
    top = [d["label"] for _, d in ranking(g, "amount", limit=2)]
    assert top == ["国务院关于测试的意见", '关于"测试"<script>window.__pwned=1</script>的通知']
    assert [d["label"] for _, d in ranking(g, "amount", node_type="unit")] == ["单位甲", "单位乙"]


def test_corpus_measures_are_those_of_the_whole_graph(corpus_facts):
    whole = build_graph(corpus_facts, "dependency")
    part = build_graph(corpus_facts, "dependency", focus_on="沪发改社〔2014〕7号", depth=1)
    doc = next(n for n, d in part.nodes(data=True) if d.get("doc_number") == "沪发改社〔2014〕7号")
    assert part.nodes[doc]["pagerank"] == whole.nodes[doc]["pagerank"]
    # 天文馆展示工程 cites only this document: its 1399.1万元 would lose its stated basis
    assert part.nodes[doc]["orphaned"] == 13_991_000
