"""Graph files for Gephi, Cytoscape, Graphviz and other people's networkx/igraph code.

| format  | typed | notes |
|---------|-------|-------|
| graphml | yes   | networkx writer; ints are ``long`` (yuan exceed 2^31) |
| gexf    | yes   | GEXF 1.2 with a spell per fiscal year (``years``) so Gephi's timeline animates years |
| json    | yes   | networkx node-link JSON (``nodes``, ``edges``) |
| csv     | no    | two files, ``X.nodes.csv`` (Id, Label, …) and ``X.edges.csv`` (Source, Target, Type, Weight, …), Gephi's spreadsheet import; :func:`read_csv` re-types by the schema |
| dot     | no    | Graphviz; every id and string quoted (our ids are IRIs, full of ``:``) |

Every writer keeps the attribute names of :mod:`policygraph.viz.schema`.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any, Callable, Iterable, Union

import networkx as nx

from ..errors import PolicygraphError
from .files import atomic_write, check_output_path
from .schema import EDGE_ATTRS, EDGE_SCHEMA, NODE_ATTRS, NODE_SCHEMA, check_graph, parse_years

FORMATS = ("graphml", "gexf", "json", "csv", "dot")


class ExportError(PolicygraphError):
    """The graph cannot be exported as asked (unknown format, csv without a file name)."""


# ---------------------------------------------------------------------------
# text serialisations (one file each)


def to_graphml(graph: nx.Graph) -> str:
    buffer = io.BytesIO()
    # named_key_ids: keys are the attribute names, readable in other tools
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return buffer.getvalue().decode("utf-8")


def to_gexf(graph: nx.Graph) -> str:
    timed = graph.copy()
    for _, data in timed.nodes(data=True):
        _add_spells(data)
    for _, _, data in timed.edges(data=True):
        _add_spells(data)
    buffer = io.BytesIO()
    nx.write_gexf(timed, buffer, encoding="utf-8", prettyprint=True, version="1.2draft")
    return buffer.getvalue().decode("utf-8")


def _add_spells(data: dict) -> None:
    """A GEXF spell per run of consecutive fiscal years, as dates: Gephi's timeline then animates years."""
    years = parse_years(data.get("years"))
    spells: list[tuple[str, str]] = []
    for year in years:
        if spells and spells[-1][1] == f"{year - 1}-12-31":
            spells[-1] = (spells[-1][0], f"{year}-12-31")
        else:
            spells.append((f"{year}-01-01", f"{year}-12-31"))
    if spells:
        data["spells"] = spells


def to_node_link_json(graph: nx.Graph) -> str:
    data = nx.node_link_data(graph, edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def to_dot(graph: nx.Graph) -> str:
    """Graphviz DOT with every id and string value quoted.

    Written here rather than through pydot: pydot leaves ids with ``:`` unquoted and
    reads them back as ``host:port`` pairs, and all our ids are IRIs.
    """
    kind, arrow = ("digraph", "->") if graph.is_directed() else ("graph", "--")
    name = graph.graph.get("name", "policygraph")
    lines = [f"strict {kind} {dot_quote(name)} {{", '  node [shape=box, fontname="Noto Sans CJK SC"];']
    for node, data in graph.nodes(data=True):
        lines.append(f"  {dot_quote(node)}{_dot_attrs(data)};")
    for u, v, data in graph.edges(data=True):
        lines.append(f"  {dot_quote(u)} {arrow} {dot_quote(v)}{_dot_attrs(data)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def dot_quote(value: Any) -> str:
    # In DOT only \" is an escape inside quotes; backslashes are doubled so Graphviz
    # label escapes (\n, \l …) and a trailing backslash cannot change the text.
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return f'"{text}"'


def _dot_attrs(data: dict) -> str:
    if not data:
        return ""
    parts = [f"{name}={_dot_value(value)}" for name, value in data.items()]
    return " [" + ", ".join(parts) + "]"


def _dot_value(value: Any) -> str:
    if isinstance(value, bool):
        return dot_quote("true" if value else "false")
    if isinstance(value, (int, float)):
        return repr(value)
    return dot_quote(value)


# ---------------------------------------------------------------------------
# CSV: two tables


NODE_ID, NODE_LABEL = "Id", "Label"
EDGE_SOURCE, EDGE_TARGET, EDGE_KIND, EDGE_WEIGHT = "Source", "Target", "Type", "Weight"


def csv_paths(out: Union[str, os.PathLike]) -> tuple[Path, Path]:
    """``graph.csv`` -> (``graph.nodes.csv``, ``graph.edges.csv``); any other name gets the same suffixes."""
    path = Path(out)
    stem = path.name[: -len(".csv")] if path.name.lower().endswith(".csv") else path.name
    return path.with_name(stem + ".nodes.csv"), path.with_name(stem + ".edges.csv")


def to_csv_tables(graph: nx.Graph) -> tuple[str, str]:
    """(nodes table, edges table) as CSV text with Gephi's column names."""
    node_cols = _columns((d for _, d in graph.nodes(data=True)), NODE_ATTRS, skip={"label"})
    edge_cols = _columns((d for _, _, d in graph.edges(data=True)), EDGE_ATTRS, skip={"weight"})
    nodes = _csv_text(
        [NODE_ID, NODE_LABEL] + node_cols,
        ([node, data.get("label", "")] + [_csv_value(data.get(c)) for c in node_cols] for node, data in graph.nodes(data=True)),
    )
    direction = "Directed" if graph.is_directed() else "Undirected"
    edges = _csv_text(
        [EDGE_SOURCE, EDGE_TARGET, EDGE_KIND, EDGE_WEIGHT] + edge_cols,
        ([u, v, direction, _csv_value(data.get("weight"))] + [_csv_value(data.get(c)) for c in edge_cols] for u, v, data in graph.edges(data=True)),
    )
    return nodes, edges


def _columns(rows: Iterable[dict], schema, skip: set[str]) -> list[str]:
    present: set[str] = set()
    extra: list[str] = []
    for data in rows:
        for name in data:
            if name not in present:
                present.add(name)
                if name not in {a.name for a in schema}:
                    extra.append(name)
    return [a.name for a in schema if a.name in present and a.name not in skip] + sorted(extra)


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _csv_text(header: list[str], rows: Iterable[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def read_csv(nodes_path: Union[str, os.PathLike], edges_path: Union[str, os.PathLike]) -> nx.Graph:
    """Read the two CSV tables back into a graph with the schema's attribute types."""
    with open(nodes_path, encoding="utf-8", newline="") as fh:
        node_rows = list(csv.DictReader(fh))
    with open(edges_path, encoding="utf-8", newline="") as fh:
        edge_rows = list(csv.DictReader(fh))
    directed = any(row.get(EDGE_KIND) == "Directed" for row in edge_rows) or not edge_rows
    graph: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    for row in node_rows:
        node, label = row.pop(NODE_ID), row.pop(NODE_LABEL, "")
        attrs = _typed(row, NODE_SCHEMA)
        if label:
            attrs["label"] = label
        graph.add_node(node, **attrs)
    for row in edge_rows:
        u, v = row.pop(EDGE_SOURCE), row.pop(EDGE_TARGET)
        row.pop(EDGE_KIND, None)
        weight = row.pop(EDGE_WEIGHT, "")
        attrs = _typed(row, EDGE_SCHEMA)
        if weight != "":
            attrs["weight"] = int(weight)
        graph.add_edge(u, v, **attrs)
    return graph


def _typed(row: dict[str, str], schema: dict[str, type]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, text in row.items():
        if text == "" or text is None:
            continue
        kind = schema.get(name)
        out[name] = kind(text) if kind else _guess(text)
    return out


def _guess(text: str) -> Any:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


# ---------------------------------------------------------------------------
# one entry point


SERIALIZERS: dict[str, Callable[[nx.Graph], str]] = {
    "graphml": to_graphml,
    "gexf": to_gexf,
    "json": to_node_link_json,
    "dot": to_dot,
}


def export_text(graph: nx.Graph, fmt: str) -> str:
    """The graph in one of the single-file formats (graphml, gexf, json, dot) as text."""
    check_graph(graph)
    if fmt == "csv":
        raise ExportError("csv writes two files (nodes and edges); give a file name with --out, e.g. --out graph.csv")
    try:
        return SERIALIZERS[fmt](graph)
    except KeyError:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}") from None


def write_export(graph: nx.Graph, fmt: str, out: Union[str, os.PathLike]) -> list[Path]:
    """Write the graph to ``out`` (csv: two files beside it, see :func:`csv_paths`). Returns the files written."""
    check_graph(graph)
    if fmt == "csv":
        nodes_path, edges_path = csv_paths(out)
        check_output_path(nodes_path)
        nodes_text, edges_text = to_csv_tables(graph)
        return [atomic_write(nodes_path, nodes_text), atomic_write(edges_path, edges_text)]
    check_output_path(out)
    return [atomic_write(out, export_text(graph, fmt))]
