"""Projections of the store into networkx: structure, money counted once, provenance."""

from __future__ import annotations

from collections import Counter

import pytest

from policygraph.errors import PolicygraphError
from policygraph.viz import bipartite_graph, check_graph, cocitation_graph, dependency_graph, project_graph
from tests.viz.conftest import node

# ---------------------------------------------------------------------------
# the hand-written two-source store (answers read off tests/viz/data/two_sources.trig)


def test_dependency_graph_nodes_and_money(two_sources):
    g = dependency_graph(two_sources)
    check_graph(g)
    expected = {
        # node: (type, amount) -- amounts in yuan, each project counted once
        "doc/A": ("document", 1_500_000),  # P1 (contains P1a) + P2; P2 is stated by both sources
        "doc/B": ("document", 1_000_000),
        "doc/C": ("document", 200_000),
        "doc/E": ("document", 0),  # cited in department-level text only
        "project/P1": ("project", 1_000_000),
        "project/P1a": ("project", 400_000),
        "project/P2": ("project", 500_000),
        "project/P3": ("project", None),  # no amount stated: absent, never 0
        "project/P4": ("project", 200_000),
        "org/U1": ("unit", 1_200_000),  # P1 (contains P1a) + P4
        "org/U2": ("unit", 500_000),
        "org/D": ("department", 1_700_000),
        "org/I1": ("issuer", 1_500_000),
        "org/I2": ("issuer", 1_000_000),
    }
    assert {n: (d["type"], d.get("amount")) for n, d in g.nodes(data=True)} == {node(k): v for k, v in expected.items()}


def test_dependency_graph_edges(two_sources):
    g = dependency_graph(two_sources)
    edges = {(u.split("/")[-1], v.split("/")[-1], d["relation"], d.get("weight")) for u, v, d in g.edges(data=True)}
    assert edges == {
        ("A", "P1", "justifies", 1_000_000),
        ("A", "P1a", "justifies", 400_000),
        ("A", "P2", "justifies", 500_000),
        ("B", "P1", "justifies", 1_000_000),
        ("C", "P4", "justifies", 200_000),
        ("E", "D", "justifies", None),  # department-level citation: no project, no money
        ("P1a", "P1", "part_of", 400_000),  # same unit as its parent: no second unit link
        ("P1", "U1", "implemented_by", 1_000_000),
        ("P2", "U2", "implemented_by", 500_000),
        ("P4", "U1", "implemented_by", 200_000),
        ("P3", "D", "belongs_to", None),  # run by the department itself
        ("U1", "D", "belongs_to", 1_200_000),
        ("U2", "D", "belongs_to", 500_000),
        ("I1", "A", "issued", 1_500_000),
        ("I2", "B", "issued", 1_000_000),
    }


def test_node_details_for_tooltips(two_sources):
    g = dependency_graph(two_sources)
    a = g.nodes[node("doc/A")]
    # two sources word the title differently: the shorter wording, deterministically
    assert a["label"] == "国务院关于测试的意见"
    assert (a["doc_number"], a["issuer"], a["level"], a["year"]) == ("国发〔2020〕1号", "国务院", "national", 2020)
    # where it is first cited: source and line paired inside one source graph
    assert (a["source_file"], a["line"]) == ("/data/budget-2023.txt", 12)
    p3 = g.nodes[node("project/P3")]
    assert (p3["flags"], p3["line"], p3["years"]) == ("amount_missing", 40, "2023")
    assert g.nodes[node("doc/C")]["level"] == "unknown"


def test_year_keeps_one_fiscal_year(two_sources):
    g = dependency_graph(two_sources, year=2024)
    assert {n.split("/")[-1] for n in g} == {"P4", "C", "U1", "D"}
    assert g.nodes[node("org/U1")]["amount"] == 200_000
    assert g.nodes[node("org/D")]["years"] == "2024"
    g23 = dependency_graph(two_sources, year=2023)
    assert node("project/P4") not in g23 and node("doc/C") not in g23
    assert g23.nodes[node("org/U1")]["amount"] == 1_000_000


def test_cocitation_graph(two_sources):
    g = cocitation_graph(two_sources)
    check_graph(g)
    assert not g.is_directed()
    assert set(g.nodes) == {node("doc/A"), node("doc/B"), node("doc/C"), node("doc/E")}
    # only P1 cites both A and B
    assert [(sorted((u, v)), d["weight"], d["n_projects"]) for u, v, d in g.edges(data=True)] == [
        ([node("doc/A"), node("doc/B")], 1_000_000, 1)
    ]


def test_bipartite_graph(two_sources):
    g = bipartite_graph(two_sources)
    check_graph(g)
    sides = {n.split("/")[-1]: d["bipartite"] for n, d in g.nodes(data=True)}
    assert sides == {"U1": 0, "U2": 0, "D": 0, "A": 1, "B": 1, "C": 1, "E": 1}
    weights = {(u.split("/")[-1], v.split("/")[-1]): d.get("weight") for u, v, d in g.edges(data=True)}
    weights = {tuple(sorted(k)): w for k, w in weights.items()}
    assert weights == {
        ("A", "U1"): 1_000_000,  # P1 and its sub-project P1a: counted once
        ("A", "U2"): 500_000,
        ("B", "U1"): 1_000_000,
        ("C", "U1"): 200_000,
        ("D", "E"): None,
    }


def test_unknown_graph_kind_is_a_clear_error(two_sources):
    with pytest.raises(PolicygraphError, match="unknown graph 'citations'; choose one of dependency, cocitation, bipartite"):
        project_graph(two_sources, "citations")


# ---------------------------------------------------------------------------
# the sample corpus (facts read in the documents themselves)


def test_corpus_chain_from_document_to_department(corpus_facts):
    g = dependency_graph(corpus_facts)
    check_graph(g)
    # 000: 天文馆展示工程 cites 沪发改社（2014）7号; 本年度预算1399.1万元; 实施主体 上海天文馆展示工程项目部
    [doc] = [n for n, d in g.nodes(data=True) if d.get("doc_number") == "沪发改社〔2014〕7号"]
    projects = [v for v in g.successors(doc)]
    assert [g.nodes[p]["label"] for p in projects] == ["天文馆展示工程"]
    project = g.nodes[projects[0]]
    assert (project["amount"], project["year"]) == (13_991_000, 2023)
    assert project["source_file"].endswith("000_54c0a28505620ce4.txt")
    [unit] = [v for v in g.successors(projects[0]) if g.edges[projects[0], v]["relation"] == "implemented_by"]
    [department] = list(g.successors(unit))
    assert g.nodes[department]["label"] == "上海市科学技术委员会"
    assert g.nodes[doc]["amount"] == 13_991_000


def test_corpus_document_cited_in_two_years(corpus_facts):
    g = dependency_graph(corpus_facts)
    # 中办发〔2015〕51号: 001 (2023, 科技社团党建工作, 60000.00万元 as printed: more than 科协's whole
    # budget, flagged implausible_amount) and 004 (2025, 科技社团党建, 60000.00元)
    [doc] = [n for n, d in g.nodes(data=True) if d.get("doc_number") == "中办发〔2015〕51号"]
    data = g.nodes[doc]
    assert data["years"] == "2023 2025"
    assert data["amount"] == 60_000  # the flagged 600,000,000 is left out by default
    assert data["level"] == "party"
    flagged = [g.nodes[p] for p in g.successors(doc) if g.nodes[p].get("year") == 2023]
    assert [p.get("flags") for p in flagged] == ["implausible_amount"]
    assert "amount" not in flagged[0] and flagged[0]["flagged_amount"] == 600_000_000
    assert (g.graph["flagged_projects"], g.graph["flagged_yuan"]) == (1, 600_000_000)


@pytest.mark.parametrize("build", [dependency_graph, cocitation_graph, bipartite_graph])
def test_corpus_flagged_amount_counts_only_when_included(corpus_facts, build):
    left_out, counted = build(corpus_facts), build(corpus_facts, include_flagged=True)
    [doc] = [n for n, d in counted.nodes(data=True) if d.get("doc_number") == "中办发〔2015〕51号"]
    assert (left_out.nodes[doc]["amount"], counted.nodes[doc]["amount"]) == (60_000, 600_060_000)
    assert (counted.graph["flagged_projects"], counted.graph["flagged_yuan"]) == (0, 0)
    # only the money behind the flagged project changes; 2025 alone has no flagged amount
    assert left_out.graph["flagged_yuan"] == 600_000_000
    assert build(corpus_facts, year=2025).graph["flagged_projects"] == 0
    heaviest = max(w for _, _, w in left_out.edges(data="weight", default=0))
    assert heaviest < 600_000_000


def test_corpus_sums_do_not_double_count_a_source_stated_twice(corpus_facts, corpus_with_duplicate):
    """The union of two source graphs stating the same facts must give the same money."""
    for build in (dependency_graph, cocitation_graph, bipartite_graph):
        once, twice = build(corpus_facts), build(corpus_with_duplicate)
        assert set(once.nodes) == set(twice.nodes)
        amounts_once = {n: d.get("amount") for n, d in once.nodes(data=True)}
        amounts_twice = {n: d.get("amount") for n, d in twice.nodes(data=True)}
        assert amounts_once == amounts_twice
        weights_once = {(u, v): d.get("weight") for u, v, d in once.edges(data=True)}
        weights_twice = {(u, v): d.get("weight") for u, v, d in twice.edges(data=True)}
        assert weights_once == weights_twice


def test_corpus_graph_has_every_kind_of_node(corpus_facts):
    g = dependency_graph(corpus_facts)
    counts = Counter(d["type"] for _, d in g.nodes(data=True))
    assert set(counts) == {"document", "project", "unit", "department", "issuer"}
    # two departments publish the 部门预算 of the corpus: 科委 (000) and 科协 (001, 004)
    departments = sorted(d["label"] for _, d in g.nodes(data=True) if d["type"] == "department")
    assert departments == ["上海市科学技术协会", "上海市科学技术委员会"]
    # every project node sits on a path to a department or unit
    for n, d in g.nodes(data=True):
        if d["type"] == "project":
            assert g.out_degree(n) >= 1, d["label"]
