"""An offline, self-contained HTML page showing a networkx graph with vis-network.

pyvis holds the network data and options (``Network.nodes``/``edges``/``options``),
but its own templates fetch Bootstrap/tom-select (and, with ``cdn_resources='local'``,
vis-network itself) from a CDN. So the page is rendered with our template, which
inlines pyvis's bundled vis-network 9.1.2 and our script: the page makes no
request at all (a Content-Security-Policy forbids any).

Nothing from a document is ever written into the page as HTML: the data sits in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped as
``\\u003c`` etc. (so ``</script>`` in a title cannot close the block), and the page
script builds tooltips, legend and details with ``textContent``.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from pyvis.network import Network

from ..errors import PolicygraphError
from . import style
from .files import atomic_write, check_output_path
from .layout import positions
from .schema import check_graph

#: up to this many nodes the page runs vis-network physics (from the precomputed positions)
PHYSICS_MAX_NODES = 400
#: from this many nodes on, labels are added only when zooming in makes them readable
LAZY_LABELS_FROM = 2000
#: longer labels are shortened on the canvas (the full text is in the tooltip)
LABEL_MAX_CHARS = 20
#: on-screen label size (px) under which vis-network leaves a label out
LABEL_DRAW_THRESHOLD = 11  # = the smallest label: small nodes are named from 100 % zoom on

#: node attributes copied into the page for tooltips, search and filters
INFO_NODE_ATTRS = (
    "label", "type", "level", "amount", "n_projects", "issuer", "doc_number", "doc_type",
    "year", "years", "flags", "flagged_amount", "source_file", "line", "pagerank", "orphaned",
)
INFO_EDGE_ATTRS = ("relation", "weight", "n_projects", "year", "years")


class PageError(PolicygraphError):
    """The page cannot be rendered (a bundled asset cannot be inlined safely)."""


def render_page(graph: nx.Graph, *, title: str = "policygraph", subtitle: str = "") -> str:
    """The whole HTML page for ``graph`` (follows :mod:`policygraph.viz.schema`) as a string."""
    check_graph(graph)
    net = build_network(graph, title=title)
    nodes, edges, heading, _height, _width, options = net.get_network_data()
    lazy = graph.number_of_nodes() > LAZY_LABELS_FROM
    # Facts and (on large pages) labels travel beside the vis items, in parallel lists:
    # vis-network deep-copies its items, and the page must not reshape them (slow in JS).
    node_info = [n.pop("info") for n in nodes]
    edge_info = [e.pop("info") for e in edges]
    node_labels = [[n.pop("label"), n.pop("font")["size"]] for n in nodes] if lazy else None
    data = {
        "meta": {
            "title": title,
            "subtitle": subtitle,
            "directed": graph.is_directed(),
            "physics": graph.number_of_nodes() <= PHYSICS_MAX_NODES,
            # large pages add labels as one zooms in (see page.js revealLabels)
            "lazyLabels": lazy,
            "legend": style.legend(),
        },
        "nodes": nodes,
        "edges": edges,
        "nodeInfo": node_info,
        "edgeInfo": edge_info,
        "nodeLabels": node_labels,
        "options": json.loads(options),
    }
    assets = _assets()
    return _template().render(
        title=heading,
        subtitle=subtitle,
        font_stack=style.CJK_FONT_STACK,
        data_json=json_for_script(data),
        **assets,
    )


def write_page(graph: nx.Graph, out: str | os.PathLike, **kwargs: Any) -> Path:
    """Write the page atomically (a temporary file renamed into place): never a half-written page."""
    check_output_path(out)  # fail before the work, not after
    return atomic_write(out, render_page(graph, **kwargs))


def build_network(graph: nx.Graph, *, title: str = "policygraph") -> Network:
    """A pyvis Network with vis-network node/edge dicts and options for ``graph``.

    ``net.nodes``/``net.edges`` are filled directly: ``add_node`` checks membership in a
    list and is quadratic on large graphs.
    """
    n = graph.number_of_nodes()
    physics = n <= PHYSICS_MAX_NODES
    net = Network(height="100%", width="100%", directed=graph.is_directed(), heading=title)
    pos = positions(graph)
    largest_amount = max((d.get("amount", 0) for _, d in graph.nodes(data=True)), default=0)
    largest_weight = max((d.get("weight", 0) for _, _, d in graph.edges(data=True)), default=0)
    net.nodes = [_vis_node(node, data, pos[node], largest_amount) for node, data in graph.nodes(data=True)]
    net.node_ids = [node["id"] for node in net.nodes]
    net.edges = [_vis_edge(u, v, data, largest_weight) for u, v, data in graph.edges(data=True)]
    net.options = _options(physics=physics, directed=graph.is_directed())
    return net


def _vis_node(node: str, data: dict, xy: tuple[float, float], largest: int) -> dict:
    node_type = data.get("type", "")
    full = data.get("label") or node
    return {
        "id": node,
        "label": shorten(full),
        "shape": style.node_shape(node_type),
        "color": style.node_color(node_type, data.get("level")),
        "size": style.node_size(data.get("amount"), largest),
        "font": {"size": style.label_size(data.get("amount"), largest)},
        "x": xy[0],
        "y": xy[1],
        "info": {k: data[k] for k in INFO_NODE_ATTRS if k in data} | {"label": full},
    }


def _vis_edge(u: str, v: str, data: dict, largest: int) -> dict:
    return {
        "from": u,
        "to": v,
        "width": style.edge_width(data.get("weight"), largest),
        "color": style.edge_color(data.get("relation", "")),
        "info": {k: data[k] for k in INFO_EDGE_ATTRS if k in data},
    }


def _options(*, physics: bool, directed: bool) -> dict:
    return {
        "autoResize": True,
        "nodes": {
            "borderWidth": 1,
            "font": {"face": style.CJK_FONT_STACK, "size": 14, "color": "#222222", "strokeWidth": 3, "strokeColor": "#ffffff"},
            # labels smaller than this on screen are not drawn: an overview shows the big names only
            "scaling": {"label": {"drawThreshold": LABEL_DRAW_THRESHOLD}},
        },
        "edges": {
            "arrows": {"to": {"enabled": directed, "scaleFactor": 0.5}},
            "smooth": {"enabled": True, "type": "continuous"} if physics else False,
            "color": {"inherit": False},
            "selectionWidth": 2,
        },
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90},
            "stabilization": {"enabled": physics, "iterations": 200, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": not physics, "multiselect": True},
        "layout": {"improvedLayout": False, "randomSeed": 7},
    }


def shorten(text: str, limit: int = LABEL_MAX_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def json_for_script(value: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` left to parse as HTML."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    vis_dir = resources.files("pyvis").joinpath("lib", "vis-9.1.2")
    here = resources.files(__package__).joinpath("templates")
    assets = {
        "vis_js": vis_dir.joinpath("vis-network.min.js").read_text(encoding="utf-8"),
        "vis_css": vis_dir.joinpath("vis-network.css").read_text(encoding="utf-8"),
        "page_js": here.joinpath("page.js").read_text(encoding="utf-8"),
        "page_css": here.joinpath("page.css").read_text(encoding="utf-8"),
    }
    for name, text in assets.items():
        closing = "</script" if name.endswith("_js") else "</style"
        if closing in text.lower():  # would end the inline block early: refuse rather than emit a broken page
            raise PageError(f"bundled asset {name} contains {closing}; cannot inline it safely")
    return assets


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    text = resources.files(__package__).joinpath("templates", "page.html").read_text(encoding="utf-8")
    return env.from_string(text)
