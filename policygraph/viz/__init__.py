"""Networks of "which policies drive which spending": projections, measures, offline pages, exports.

For notebooks::

    from policygraph.graph.store import open_store
    from policygraph.viz import build_graph, write_page, write_export, ranking

    store = open_store("policygraph-store", read_only=True)
    g = build_graph(store, "dependency", year=2023)          # networkx DiGraph, measures annotated
    ranking(g, "orphaned")                                    # documents whose removal orphans the most money
    write_page(g, "graph.html")                               # offline interactive page
    write_export(g, "gexf", "graph.gexf")                     # Gephi (years animate on the timeline)

Node and edge attributes: :mod:`policygraph.viz.schema`; see docs/viz.md.
"""

from __future__ import annotations

from typing import Optional

import networkx as nx

from .exports import FORMATS, export_text, read_csv, write_export
from .measures import annotate, components, orphaned_money, pagerank, ranking
from .page import render_page, write_page
from .projections import GRAPH_KINDS, Facts, add_places, any_name_contains, bipartite_graph, cocitation_graph, dependency_graph, project_graph, read_facts
from .schema import EDGE_ATTRS, NODE_ATTRS, NODE_TYPES, RELATIONS, check_graph
from .select import find_nodes, focus, largest, may_match, min_amount, neighbourhood, no_match

__all__ = [
    "EDGE_ATTRS", "FORMATS", "GRAPH_KINDS", "NODE_ATTRS", "NODE_TYPES", "RELATIONS", "Facts",
    "add_places", "annotate", "bipartite_graph", "build_graph", "check_graph", "cocitation_graph", "components",
    "dependency_graph", "export_text", "find_nodes", "focus", "largest", "min_amount", "neighbourhood",
    "orphaned_money", "pagerank", "project_graph", "ranking", "read_csv", "read_facts", "render_page",
    "write_export", "write_page",
]


def build_graph(
    source,
    kind: str = "dependency",
    *,
    year: Optional[int] = None,
    focus_on: Optional[str] = None,
    focus_type: Optional[str] = None,
    depth: int = 2,
    min_yuan: int = 0,
    include_flagged: bool = False,
    max_nodes: Optional[int] = None,
) -> nx.Graph:
    """Project the store (or :class:`Facts`), annotate measures on the whole projection, then cut it down.

    Measures are computed before any cut, so a document's PageRank and money are
    those of the whole corpus (of that year), not of the excerpt on screen. Amounts
    flagged implausible are left out of the money unless ``include_flagged``
    (``graph.graph["flagged_projects"]``/``["flagged_yuan"]`` say what was left out).
    ``max_nodes`` keeps the nodes with the most money behind them (:func:`largest`), last.

    From a store, where each project and document is written (``source_file``, ``line``) is
    read after the cuts, for the nodes left (:func:`add_places`): the same attributes, without
    reading the places of the whole store for a focused network.
    """
    from_store = not isinstance(source, Facts)
    if focus_on and from_store:
        named = may_match(focus_on)
        if named is not None and not any_name_contains(source, named):
            raise no_match(focus_on, focus_type)  # before reading the network (a minute at 10,000 documents)
    facts = read_facts(source, places=False) if from_store else source
    graph = annotate(project_graph(facts, kind, year=year, include_flagged=include_flagged))
    if focus_on:
        graph = focus(graph, focus_on, depth=depth, node_type=focus_type)
    if min_yuan:
        graph = min_amount(graph, min_yuan)
    if max_nodes:
        graph = largest(graph, max_nodes)
    if from_store:
        add_places(graph, source, facts)
    return graph
