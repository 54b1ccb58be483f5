"""Measures that answer "which policies drive which spending?" on the projected graphs.

* money behind a node — the ``amount`` attribute the projections set: for a document,
  the de-duplicated yuan of the projects citing it (its money-weighted in-degree in the
  citation direction project → document, each yuan counted once);
* :func:`pagerank` — PageRank on the money-weighted graph with money flowing
  department → unit → project → document → issuer (the reverse of the stored
  dependency edges), so documents that large or many projects rest on rank high;
* :func:`orphaned_money` — per document, the yuan of the projects for which it is the
  *only* cited basis: what would be left without any policy basis if it were removed;
* :func:`components` — weakly connected components, 0 = the largest.

:func:`annotate` stores them as node attributes (``pagerank``, ``orphaned``,
``component``), :func:`ranking` lists the top nodes by any of them.
"""

from __future__ import annotations

from typing import Optional

import igraph as ig
import networkx as nx

from .money import ProjectTree


def project_tree(graph: nx.Graph) -> ProjectTree:
    """Project amounts and sub-project links as the graph holds them (``part_of`` edges)."""
    parent = {u: v for u, v, d in graph.edges(data=True) if d.get("relation") == "part_of"}
    amount = {n: d.get("amount") for n, d in graph.nodes(data=True) if d.get("type") == "project"}
    return ProjectTree(parent=parent, amount=amount)


def pagerank(graph: nx.Graph, *, alpha: float = 0.85) -> dict[str, float]:
    """PageRank with edge weights in yuan; directed graphs are walked against their edges (money flow).

    Computed with igraph (PRPACK): fast on large graphs, and no scipy import (seconds) per run.
    """
    nodes = list(graph.nodes)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    # money flows department → unit → project → document → issuer: against the stored edges
    pairs = [(index[v], index[u]) if graph.is_directed() else (index[u], index[v]) for u, v in graph.edges()]
    # links that carry no stated money still count a little (1 yuan), never nothing
    weights = [max(1, d.get("weight", 1)) for _, _, d in graph.edges(data=True)]
    g = ig.Graph(n=len(nodes), edges=pairs, directed=graph.is_directed())
    ranks = g.pagerank(directed=graph.is_directed(), damping=alpha, weights=weights if pairs else None)
    return dict(zip(nodes, ranks))


def justified_projects(graph: nx.DiGraph) -> dict[str, set[str]]:
    """Document -> projects it is cited by (``justifies`` edges)."""
    out: dict[str, set[str]] = {}
    for u, v, d in graph.edges(data=True):
        if d.get("relation") == "justifies" and graph.nodes[v].get("type") == "project":
            out.setdefault(u, set()).add(v)
    return out


def orphaned_money(graph: nx.DiGraph) -> dict[str, int]:
    """Document -> yuan of the projects that cite it and nothing else (dependency graph only)."""
    bases: dict[str, set[str]] = {}
    for doc, projects in justified_projects(graph).items():
        for project in projects:
            bases.setdefault(project, set()).add(doc)
    sole: dict[str, list[str]] = {}
    for project, docs in bases.items():
        if len(docs) == 1:
            sole.setdefault(next(iter(docs)), []).append(project)
    tree = project_tree(graph)
    return {n: tree.covered(sole.get(n, ())) for n, d in graph.nodes(data=True) if d.get("type") == "document"}


def components(graph: nx.Graph) -> dict[str, int]:
    """Node -> index of its weakly connected component, largest first (ties: by smallest node id)."""
    parts = nx.weakly_connected_components(graph) if graph.is_directed() else nx.connected_components(graph)
    ordered = sorted(parts, key=lambda c: (-len(c), min(c)))
    return {node: index for index, part in enumerate(ordered) for node in part}


def annotate(graph: nx.Graph) -> nx.Graph:
    """Store ``pagerank``, ``component`` and (dependency graphs) ``orphaned`` on the nodes; returns the graph."""
    for node, value in pagerank(graph).items():
        graph.nodes[node]["pagerank"] = round(value, 8)
    for node, value in components(graph).items():
        graph.nodes[node]["component"] = value
    if graph.is_directed():
        for node, value in orphaned_money(graph).items():
            graph.nodes[node]["orphaned"] = value
    return graph


def ranking(graph: nx.Graph, by: str = "amount", *, node_type: Optional[str] = "document", limit: int = 10) -> list[tuple[str, dict]]:
    """The ``limit`` nodes (of ``node_type``, or all) with the largest attribute ``by``; ties by label."""
    nodes = [(n, d) for n, d in graph.nodes(data=True) if node_type is None or d.get("type") == node_type]
    nodes = [(n, d) for n, d in nodes if d.get(by) is not None]
    nodes.sort(key=lambda item: (-item[1][by], item[1].get("label", ""), item[0]))
    return nodes[:limit]
