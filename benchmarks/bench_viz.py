"""Network pages: generation time and time to first draw in headless Chromium (issue 6).

Graphs of 1k and 10k nodes are synthetic but shaped like the dependency graph
(departments ← units ← projects ← cited documents ← issuers, a few documents cited
very often); the sample corpus is projected from a real store. Target: a
10k-node page draws in under 10 s.

    python -m benchmarks.bench_viz [--quick]
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time

import networkx as nx

from benchmarks.common import CORPUS, Section, timer

TARGET_DRAW_S = 10.0


def synthetic_graph(n_nodes: int, seed: int = 1) -> nx.DiGraph:
    """A dependency-shaped graph of about ``n_nodes`` nodes following policygraph.viz.schema."""
    rnd = random.Random(seed)
    levels = ["national", "ministry", "municipal", "district", "party", "mass_organisation", "unknown"]
    g = nx.DiGraph(name=f"synthetic {n_nodes}")
    n_dep = max(1, n_nodes // 500)
    n_unit = max(1, n_nodes // 20)
    n_issuer = max(1, n_nodes // 20)
    n_doc = int(n_nodes * 0.35)
    n_proj = n_nodes - n_dep - n_unit - n_issuer - n_doc
    for i in range(n_dep):
        g.add_node(f"dep{i}", label=f"上海市第{i}委员会", type="department", amount=0)
    for i in range(n_unit):
        g.add_node(f"unit{i}", label=f"上海市第{i}事业单位", type="unit", amount=0)
        g.add_edge(f"unit{i}", f"dep{i % n_dep}", relation="belongs_to", weight=1)
    for i in range(n_issuer):
        g.add_node(f"iss{i}", label=f"发文机关{i}", type="issuer", level=rnd.choice(levels))
    for i in range(n_doc):
        g.add_node(f"doc{i}", label=f"关于推进第{i}项重点工作的实施意见", type="document", level=rnd.choice(levels),
                   doc_number=f"沪府办规〔{2015 + i % 9}〕{i}号", issuer=f"发文机关{i % n_issuer}", year=2015 + i % 9,
                   source_file="examples/corpus/000_54c0a28505620ce4.txt", line=1 + i, amount=0)
        g.add_edge(f"iss{i % n_issuer}", f"doc{i}", relation="issued")
    weights = [1.0 / (k + 1) for k in range(n_doc)]  # a few documents are cited by many projects
    for i in range(n_proj):
        amount = int(rnd.lognormvariate(14, 1.5))
        unit = f"unit{rnd.randrange(n_unit)}"
        g.add_node(f"p{i}", label=f"第{i}号项目经费", type="project", amount=amount, year=2023, years="2023",
                   source_file="examples/corpus/000_54c0a28505620ce4.txt", line=100 + i)
        g.add_edge(f"p{i}", unit, relation="implemented_by", weight=amount, year=2023)
        for doc in set(rnd.choices(range(n_doc), weights=weights, k=rnd.randint(1, 4))):
            g.add_edge(f"doc{doc}", f"p{i}", relation="justifies", weight=amount, year=2023)
    for n, d in g.nodes(data=True):  # money behind the others: sum of incoming/outgoing project money
        if d["type"] in ("document", "unit", "department", "issuer"):
            d["amount"] = sum(e.get("weight", 0) for *_, e in g.in_edges(n, data=True)) + sum(
                e.get("weight", 0) for *_, e in g.out_edges(n, data=True) if e["relation"] == "justifies"
            )
    return g


def first_draw(path: str) -> dict:
    """Open the page in headless Chromium (network blocked) and read the page's own timings."""
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM_ARGS, _is_local, chromium_path

    exe = chromium_path()
    if not exe:
        raise RuntimeError("headless Chromium not installed (apt-get install chromium)")
    outside: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route("**/*", lambda r: r.continue_() if _is_local(r.request.url) else (outside.append(r.request.url), r.abort()))
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            start = time.perf_counter()
            page.goto(f"file://{path}")
            page.wait_for_function("window.pg && window.pg.drawn", timeout=120_000)
            wall = time.perf_counter() - start
            timings = page.evaluate("Object.assign({firstDraw: pg.firstDrawMs}, pg.timings)")
            counts = page.evaluate("[pg.nodes.length, pg.edges.length]")
        finally:
            browser.close()
    return {"wall_s": wall, "first_draw_s": timings["firstDraw"] / 1000.0, "timings": timings, "counts": counts, "outside": outside, "errors": errors}


def bench_size(section: Section, n_nodes: int, workdir: str) -> None:
    from policygraph.viz import write_page
    from policygraph.viz.layout import positions

    g = synthetic_graph(n_nodes)
    label = f"{g.number_of_nodes():,} nodes / {g.number_of_edges():,} links"
    with timer() as t:
        positions(g)
    section.add(f"layout (igraph), {label}", round(t["s"], 3), "s")
    path = os.path.join(workdir, f"page-{n_nodes}.html")
    with timer() as t:
        write_page(g, path, title=f"synthetic {n_nodes}")
    section.add(f"page generation, {label}", round(t["s"], 3), "s", note=f"{os.path.getsize(path) / 1e6:.1f} MB")
    result = first_draw(path)
    ok = result["counts"] == [g.number_of_nodes(), g.number_of_edges()] and not result["outside"] and not result["errors"]
    target = f"< {TARGET_DRAW_S:.0f} s" if n_nodes >= 10_000 else ""
    met = (result["first_draw_s"] < TARGET_DRAW_S and ok) if target else None
    tm = result["timings"]
    note = (f"script start {tm['start'] / 1000:.2f} s, vis.Network built {tm['network'] / 1000:.2f} s; "
            f"{'all nodes/edges in the DataSet, no request left the page' if ok else 'PROBLEM: ' + str(result)}")
    section.add(f"time to first draw (Chromium), {label}", round(result["first_draw_s"], 3), "s", target, met, note)


def synthetic_facts(n_projects: int, seed: int = 1):
    """Facts as read from a large store: projects (every tenth a sub-project), documents, units, departments, issuers."""
    from policygraph.viz.projections import DocumentFacts, Facts, OrgFacts, ProjectFacts

    rnd = random.Random(seed)
    n_doc, n_unit, n_dep, n_issuer = n_projects * 2 // 5, max(1, n_projects // 20), max(1, n_projects // 400), max(1, n_projects // 60)
    projects = {}
    for i in range(n_projects):
        p = ProjectFacts(f"p{i}", labels={f"项目{i}"}, years={2020 + i % 5}, amounts={rnd.randrange(1, 10**8)},
                         departments={f"dep{i % n_dep}"}, units={f"u{i % n_unit}"}, parents={f"p{i - 1}"} if i % 10 == 1 else set())
        projects[p.iri] = p
    documents = {f"d{i}": DocumentFacts(f"d{i}", labels={f"文件{i}"}, issuers={f"i{i % n_issuer}"}, levels={"national"}) for i in range(n_doc)}
    orgs = {f"dep{i}": OrgFacts(f"dep{i}", {f"部门{i}"}, True) for i in range(n_dep)}
    orgs.update({f"u{i}": OrgFacts(f"u{i}", {f"单位{i}"}) for i in range(n_unit)})
    orgs.update({f"i{i}": OrgFacts(f"i{i}", {f"机关{i}"}) for i in range(n_issuer)})
    cites = {f"p{i}": {f"d{rnd.randrange(n_doc)}" for _ in range(rnd.randint(1, 4))} for i in range(n_projects)}
    department_cites = {(f"dep{i % n_dep}", f"d{i}", 2021) for i in range(0, n_doc, 7)}
    return Facts(projects, documents, orgs, cites, department_cites, {})


def bench_projection(section: Section, n_projects: int) -> None:
    from policygraph.viz import annotate, project_graph

    facts = synthetic_facts(n_projects)
    for kind in ("dependency", "cocitation", "bipartite"):
        with timer() as t:
            g = annotate(project_graph(facts, kind))
        section.add(f"{kind} graph + measures, {n_projects:,} projects ({g.number_of_nodes():,} nodes / {g.number_of_edges():,} links)",
                    round(t["s"], 3), "s")


def bench_corpus(section: Section) -> None:
    from policygraph.graph import ingest_paths, open_store
    from policygraph.viz import build_graph, read_facts, render_page

    store = open_store(None)
    ingest_paths(store, [CORPUS])
    with timer() as t:
        facts = read_facts(store)
    section.add("read the store (5 viz queries), sample corpus", round(t["s"], 3), "s")
    with timer() as t:
        g = build_graph(facts, "dependency")
    section.add(f"dependency graph + measures, sample corpus ({g.number_of_nodes()} nodes)", round(t["s"], 3), "s")
    with timer() as t:
        render_page(g)
    section.add("page generation, sample corpus", round(t["s"], 3), "s")
    store.close()


def run(quick: bool = False) -> Section:
    section = Section(
        title="Network pages (viz)",
        notes=(
            "Page generation = igraph layout + pyvis data + template (inlined vis-network). Time to first draw is "
            "measured by the page itself (performance.now() at vis-network's first afterDrawing event, from "
            "navigation start) in headless Debian Chromium with every non-local request blocked. Pages above "
            "400 nodes are drawn at precomputed positions with physics off."
        ),
    )
    sizes = [1_000] if quick else [1_000, 10_000]
    with tempfile.TemporaryDirectory(prefix="pg-bench-viz-") as workdir:
        for n in sizes:
            bench_size(section, n, workdir)
    bench_corpus(section)
    bench_projection(section, 2_000 if quick else 20_000)
    return section


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv).markdown())
