"""Cutting a projected graph down to what a reader asked for: a focus, a depth, a money floor, a page's size."""

from __future__ import annotations

from typing import Iterable, Optional

import networkx as nx

from ..errors import PolicygraphError
from .schema import NODE_TYPES


class FocusError(PolicygraphError):
    """--focus matches nothing in the graph."""


def find_nodes(graph: nx.Graph, query: str, *, node_type: Optional[str] = None) -> list[str]:
    """Nodes named by ``query``: an IRI, an exact label or document number, else a label substring.

    Exact matches win over substrings, so ``--focus 国务院`` names the issuer, not every
    document with 国务院 in its title. ``node_type`` restricts the search (one of NODE_TYPES).
    """
    if node_type is not None and node_type not in NODE_TYPES:
        raise FocusError(f"unknown node type {node_type!r}; choose one of {', '.join(NODE_TYPES)}")
    text = " ".join(query.split())
    if not text:
        raise FocusError("--focus is empty")
    candidates = [(n, d) for n, d in graph.nodes(data=True) if node_type is None or d.get("type") == node_type]
    if text in graph and (node_type is None or graph.nodes[text].get("type") == node_type):
        return [text]
    squeeze = _squeeze(text)
    exact = [n for n, d in candidates if squeeze in (_squeeze(d.get("label", "")), _squeeze(d.get("doc_number", "")))]
    if exact:
        return sorted(exact)
    return sorted(n for n, d in candidates if squeeze in _squeeze(d.get("label", "")) or squeeze in _squeeze(d.get("doc_number", "")))


def _squeeze(text: str) -> str:
    # titles wrap in PDFs and carry odd spaces; compare without whitespace, case-folded
    return "".join(str(text).split()).casefold()


def neighbourhood(graph: nx.Graph, centres: list[str], depth: int) -> nx.Graph:
    """The subgraph within ``depth`` links of any centre, following links either way."""
    if depth < 0:
        raise FocusError(f"--depth must be 0 or more, not {depth}")
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    keep: set[str] = set()
    for centre in centres:
        keep.update(nx.single_source_shortest_path_length(undirected, centre, cutoff=depth))
    return induced_subgraph(graph, keep)


def focus(graph: nx.Graph, query: str, *, depth: int = 2, node_type: Optional[str] = None) -> nx.Graph:
    centres = find_nodes(graph, query, node_type=node_type)
    if not centres:
        raise no_match(query, node_type)
    sub = neighbourhood(graph, centres, depth)
    sub.graph["focus"] = query
    return sub


def no_match(query: str, node_type: Optional[str] = None) -> FocusError:
    kind = node_type or "document, project, unit, department or issuer"
    return FocusError(f"--focus {query!r} matches no {kind} in the graph (try a shorter name or a document number)")


def may_match(query: str) -> Optional[str]:
    """What a name must contain for find_nodes to match ``query`` by name: the query squeezed as
    _squeeze does (None when the query may be an IRI, or when SPARQL's LCASE may not fold it as casefold does)."""
    text = _squeeze(query)
    if not text or ":" in query or text != "".join(query.split()).lower():
        return None
    return text


def min_amount(graph: nx.Graph, floor: int) -> nx.Graph:
    """Keep the nodes with at least ``floor`` yuan behind them (nodes with no amount go when floor > 0)."""
    if floor < 0:
        raise FocusError(f"--min-amount must be 0 or more, not {floor}")
    if floor == 0:
        return graph
    keep = [n for n, d in graph.nodes(data=True) if d.get("amount") is not None and d["amount"] >= floor]
    sub = induced_subgraph(graph, keep)
    sub.graph["min_amount"] = floor
    return sub


#: nodes a network page shows by default: Chromium draws 10,000 nodes and 22,823 links in ~2.6 s
#: (docs/benchmarks.md, Network pages), while the whole network of 10,000 budget documents has
#: ~206,000 nodes: a page no browser lays out. Exports (Gephi, Cytoscape, networkx) keep every node.
PAGE_MAX_NODES = 20_000


def largest(graph: nx.Graph, limit: int) -> nx.Graph:
    """The ``limit`` nodes with the most money behind them, and the links among them.

    Nodes without an amount come last; ties go by node id, so the same store gives the same
    page. ``graph.graph["nodes_before"]`` says how many there were when any were left out.
    """
    if limit < 1:
        raise FocusError(f"--max-nodes must be 1 or more, not {limit}")
    if graph.number_of_nodes() <= limit:
        return graph
    ranked = sorted(graph.nodes(data="amount"), key=lambda item: (item[1] is None, -(item[1] or 0), str(item[0])))
    sub = induced_subgraph(graph, [node for node, _ in ranked[:limit]])
    sub.graph["nodes_before"] = graph.number_of_nodes()
    return sub


def induced_subgraph(graph: nx.Graph, keep: Iterable[str]) -> nx.Graph:
    """A copy of the nodes ``keep`` and the links among them, in ``graph``'s order.

    (``graph.subgraph(keep).copy()`` walks the set ``keep`` when it is under half the graph, in an order
    that changes from one Python process to the next: focused pages and exports came out differently
    at every run.)
    """
    keep = set(keep)
    sub = graph.__class__()
    sub.graph.update(graph.graph)
    sub.add_nodes_from((node, data) for node, data in graph.nodes(data=True) if node in keep)
    sub.add_edges_from((u, v, data) for u, v, data in graph.edges(data=True) if u in keep and v in keep)
    return sub
