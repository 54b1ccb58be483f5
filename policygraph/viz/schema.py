"""The attribute schema of every networkx graph that ``policygraph.viz`` builds.

Projections (store → networkx), the page and every export agree on these names
and types, so a graph exported to GraphML/GEXF/CSV re-reads with the same typed
attributes. Missing values are *absent*, never ``None`` (GraphML/GEXF cannot
hold ``None``; "not stated" must not become 0).

Node ids are the IRIs of the store's resources (stable across runs).

Edges carry ``relation``, not ``type``: GEXF and Gephi's CSV import reserve an
edge ``type`` for directed/undirected, and the same name must survive every format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import networkx as nx

from ..errors import PolicygraphError

NODE_TYPES = ("document", "project", "unit", "department", "issuer")

#: edge relation -> (source node type(s), target node type(s), what it says)
RELATIONS = {
    "justifies": ("document", "project", "the document is cited as a basis (立项依据) of the project"),
    "implemented_by": ("project", "unit", "the unit implements (实施主体) the project"),
    "part_of": ("project", "project", "a sub-project (子项目) is part of its parent project; its money is inside the parent's"),
    "belongs_to": ("unit|project", "department", "a unit, or a project without a unit, belongs to the department (主管部门)"),
    "issued": ("issuer", "document", "the organisation issued the document (发文机关)"),
    "cocited": ("document", "document", "both documents are cited by the same project(s)"),
    "cites_by_unit": ("unit", "document", "projects of the unit cite the document"),
}


@dataclass(frozen=True)
class Attr:
    name: str
    type: type
    doc: str


NODE_ATTRS: tuple[Attr, ...] = (
    Attr("label", str, "display name as written (document title, project name, organisation name)"),
    Attr("type", str, "one of NODE_TYPES"),
    Attr("level", str, "policy level of a document or issuer: national, ministry, municipal, district, party, mass_organisation, unknown"),
    Attr("amount", int, "money in yuan: a project's amount; for others the de-duplicated sum of the projects below/citing them"),
    Attr("n_projects", int, "number of distinct projects counted in amount"),
    Attr("issuer", str, "issuing organisation of a document"),
    Attr("doc_number", str, "document number (发文字号) of a document, e.g. 沪府办规〔2021〕5号"),
    Attr("doc_type", str, "document type (法, 条例, 意见, 通知 …)"),
    Attr("year", int, "a project's fiscal year; a document's own year"),
    Attr("years", str, "fiscal years in which the node appears, space-separated ascending (\"2023 2025\")"),
    Attr("flags", str, "extraction flags of a project, space-separated (implausible_amount, amount_missing …)"),
    Attr("flagged_amount", int, "yuan a project states that every sum leaves out (flagged implausible_amount; "
                                "counted with include_flagged / --include-flagged)"),
    Attr("source_file", str, "source file the fact was read from (for a document: where it is first cited)"),
    Attr("line", int, "1-based line in source_file"),
    Attr("bipartite", int, "0 for units, 1 for documents in the unit–document graph (networkx convention)"),
    # measures (policygraph.viz.measures.annotate)
    Attr("pagerank", float, "PageRank on the money-weighted graph, money flowing department → unit → project → document → issuer"),
    Attr("orphaned", int, "yuan of the projects for which this document is the only cited basis (orphaned if it is removed)"),
    Attr("component", int, "weakly connected component, 0 = largest"),
)

EDGE_ATTRS: tuple[Attr, ...] = (
    Attr("relation", str, "one of RELATIONS"),
    Attr("weight", int, "money in yuan carried by the link (see docs/viz.md for each edge type)"),
    Attr("n_projects", int, "number of distinct projects behind the link"),
    Attr("year", int, "fiscal year when the link belongs to exactly one year"),
    Attr("years", str, "fiscal years of the link, space-separated ascending"),
)

NODE_SCHEMA = {a.name: a.type for a in NODE_ATTRS}
EDGE_SCHEMA = {a.name: a.type for a in EDGE_ATTRS}


class GraphSchemaError(PolicygraphError):
    """A graph handed to viz does not follow the attribute schema."""


def clean(attrs: Mapping[str, Any], schema: Mapping[str, type]) -> dict[str, Any]:
    """Keep the attributes of ``schema`` that are set, coerced to their type (``None``/"" dropped)."""
    out: dict[str, Any] = {}
    for name, value in attrs.items():
        if value is None or value == "" or name not in schema:
            continue
        out[name] = schema[name](value)
    return out


def years_text(years) -> str:
    """``{2025, 2023}`` -> ``"2023 2025"`` (the ``years`` attribute)."""
    return " ".join(str(y) for y in sorted(set(years)))


def parse_years(text: str | None) -> list[int]:
    return [int(y) for y in (text or "").split()]


def check_graph(graph: nx.Graph) -> None:
    """Raise :class:`GraphSchemaError` if a node or edge carries an unknown type or a wrongly typed attribute."""
    for node, data in graph.nodes(data=True):
        if not isinstance(node, str):
            raise GraphSchemaError(f"node id {node!r} is not a string")
        _check_attrs(data, NODE_SCHEMA, f"node {node}")
        if data.get("type") not in NODE_TYPES:
            raise GraphSchemaError(f"node {node} has type {data.get('type')!r}, expected one of {', '.join(NODE_TYPES)}")
    for u, v, data in graph.edges(data=True):
        _check_attrs(data, EDGE_SCHEMA, f"edge {u} -> {v}")
        if data.get("relation") not in RELATIONS:
            raise GraphSchemaError(f"edge {u} -> {v} has relation {data.get('relation')!r}, expected one of {', '.join(RELATIONS)}")


def _check_attrs(data: Mapping[str, Any], schema: Mapping[str, type], where: str) -> None:
    for name, value in data.items():
        expected = schema.get(name)
        if expected is None:
            if not isinstance(value, (str, int, float, bool)):  # exports can only hold these
                raise GraphSchemaError(f"{where}: extra attribute {name}={value!r} is not a string or number")
            continue
        if value is None or type(value) is not expected:
            raise GraphSchemaError(f"{where}: attribute {name}={value!r} should be {expected.__name__}")
