"""Generated pages in headless Chromium with the network blocked: they draw, offline, and stay safe."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from policygraph.viz import build_graph, write_page
from policygraph.viz.page import LAZY_LABELS_FROM
from tests.support.browser import open_page
from tests.viz.conftest import node

pytestmark = pytest.mark.browser

INK = """() => {
  const canvas = document.querySelector('#pg-network canvas');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0 && (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235)) ink++;
  }
  return {ink: ink, pixels: canvas.width * canvas.height};
}"""


def open_drawn(page, path):
    page.goto(path.as_uri())
    page.wait_for_function("window.pg && window.pg.drawn && window.pg.stabilized", timeout=60_000)


def node_point(page, node_id):
    """Page coordinates of a node's centre."""
    return page.evaluate(
        """(id) => {
          const p = pg.network.canvasToDOM(pg.network.getPositions([id])[id]);
          const box = document.getElementById('pg-network').getBoundingClientRect();
          return [box.left + p.x, box.top + p.y];
        }""",
        node_id,
    )


def assert_clean(page):
    assert page.outside_requests == []
    assert page.console_errors == []
    assert page.page_errors == []


def test_corpus_page_draws_offline(corpus_facts, tmp_path):
    g = build_graph(corpus_facts, "dependency")
    path = write_page(g, tmp_path / "corpus.html", title="policygraph — dependency graph")
    with open_page() as page:
        open_drawn(page, path)
        assert page.evaluate("[pg.nodes.length, pg.edges.length]") == [g.number_of_nodes(), g.number_of_edges()]
        ink = page.evaluate(INK)
        assert ink["ink"] > 0.01 * ink["pixels"], ink  # the network is on the canvas, not a blank page
        counts = page.inner_text("#pg-counts")
        assert f"{g.number_of_nodes()} nodes" in counts
        # Chinese labels are in the page's data and in the legend
        assert "政策文件" in page.inner_text("#pg-legend-types")
        assert_clean(page)


def test_filter_search_highlight_and_details(corpus_facts, tmp_path):
    g = build_graph(corpus_facts, "dependency")
    projects = sum(1 for _, d in g.nodes(data=True) if d["type"] == "project")
    national = sum(1 for _, d in g.nodes(data=True) if d["type"] in ("document", "issuer") and d.get("level") == "national")
    path = write_page(g, tmp_path / "corpus.html")
    with open_page() as page:
        open_drawn(page, path)
        # filter by type and by level from the legend
        page.click("#pg-legend-types li[data-key=project]")
        assert page.evaluate("pg.shown()") == g.number_of_nodes() - projects
        page.click("#pg-legend-levels li[data-key=national]")
        assert page.evaluate("pg.shown()") == g.number_of_nodes() - projects - national
        page.click("#pg-legend-types li[data-key=project]")
        page.click("#pg-legend-levels li[data-key=national]")
        assert page.evaluate("pg.shown()") == g.number_of_nodes()
        # search by document number, Enter selects it
        page.fill("#pg-search", "沪发改社〔2014〕7号")
        page.press("#pg-search", "Enter")
        [doc] = [n for n, d in g.nodes(data=True) if d.get("doc_number") == "沪发改社〔2014〕7号"]
        assert page.evaluate("pg.network.getSelectedNodes()") == [doc]
        assert page.inner_text("#pg-search-result") == "1 match"
        # click the node: its neighbourhood stays, the rest is dimmed, details show provenance
        page.evaluate("pg.network.fit({nodes: [%r], animation: false})" % doc)
        x, y = node_point(page, doc)
        page.mouse.click(x, y)
        dimmed = set(page.evaluate("pg.nodes.get({filter: n => n.pgDim}).map(n => n.id)"))
        assert dimmed == set(g.nodes) - {doc} - set(g.successors(doc)) - set(g.predecessors(doc))
        lit = page.evaluate("pg.edges.get({filter: e => !e.pgDim}).map(e => [e.from, e.to])")
        assert sorted(map(tuple, lit)) == sorted(list(g.in_edges(doc)) + list(g.out_edges(doc)))
        details = page.inner_text("#pg-details")
        assert "上海市发展改革委关于上海天文馆（上海科技馆分馆）项目建议书的批复" in details
        assert "沪发改社〔2014〕7号" in details
        assert "000_54c0a28505620ce4.txt : line" in details
        assert "¥13,991,000" in details
        assert_clean(page)


def test_markup_in_a_title_stays_text(two_sources, tmp_path):
    g = build_graph(two_sources)
    title = g.nodes[node("doc/B")]["label"]
    path = write_page(g, tmp_path / "xss.html", title=title)
    with open_page() as page:
        open_drawn(page, path)
        # the label on the canvas is the text itself
        assert page.evaluate("pg.infoOf[%r].label" % node("doc/B")) == title
        assert page.title() == title
        # hover: vis-network shows the tooltip we built from text nodes
        x, y = node_point(page, node("doc/B"))
        page.mouse.move(x, y)
        page.wait_for_selector("div.vis-tooltip", state="visible", timeout=10_000)
        tooltip = page.locator("div.vis-tooltip")
        assert title in tooltip.inner_text()
        assert tooltip.locator("script").count() == 0
        # click: the details panel shows it as text too
        page.mouse.click(x, y)
        assert page.inner_text("#pg-details .pg-tip-title") == title
        assert "&lt;script&gt;" in page.inner_html("#pg-details .pg-tip-title")
        assert page.locator("#pg-side script, #pg-header script").count() == 0
        # and nothing ran
        assert page.evaluate("window.__pwned") is None
        assert_clean(page)


def test_large_graph_draws_with_fixed_layout_and_labels_on_zoom(tmp_path):
    rnd = random.Random(3)
    g = nx.DiGraph()
    n = LAZY_LABELS_FROM + 100
    for i in range(n):
        g.add_node(f"n{i}", label=f"项目{i}", type=rnd.choice(["project", "document", "unit"]), amount=rnd.randrange(1, 10**8))
    for i in range(1, n):
        g.add_edge(f"n{i}", f"n{rnd.randrange(i)}", relation="justifies", weight=rnd.randrange(1, 10**8))
    path = write_page(g, tmp_path / "large.html")
    with open_page() as page:
        open_drawn(page, path)
        assert page.evaluate("[pg.nodes.length, pg.edges.length]") == [n, n - 1]
        assert page.evaluate("pg.network.physics.options.enabled") is False
        assert "fixed layout" in page.inner_text("#pg-counts")
        ink = page.evaluate(INK)
        assert ink["ink"] > 0.005 * ink["pixels"], ink
        # labels too small to read at this zoom are not there yet; zooming in on a node adds them
        assert page.evaluate("pg.nodes.get('n7').label") is None
        page.evaluate("pg.network.moveTo({position: pg.network.getPositions(['n7']).n7, scale: 3}); pg.revealLabels()")
        assert page.evaluate("pg.nodes.get('n7').label") == "项目7"
        assert page.evaluate("pg.nodes.get({filter: n => n.label !== undefined}).length") < n / 2
        # a click on a link (vis-network's click event; finding a free pixel on a link of a
        # random 2k-node layout is a lottery): the details name both ends and the money
        u, v = list(g.edges)[5]
        page.evaluate(
            "([a, b]) => { const e = pg.edges.get({filter: x => x.from === a && x.to === b})[0];"
            " pg.network.body.emitter.emit('click', {nodes: [], edges: [e.id], pointer: {DOM: {x: 0, y: 0}, canvas: {x: 0, y: 0}}}); }",
            [u, v],
        )
        details = page.inner_text("#pg-details")
        assert f"from\t{g.nodes[u]['label']}" in details and f"to\t{g.nodes[v]['label']}" in details
        assert f"¥{g.edges[u, v]['weight']:,}" in details
        assert_clean(page)
