"""Named-query latency (issue 5): every named query on the sample corpus and on a large synthetic corpus.

* sample corpus (4 documents), on-disk store: in process (pyoxigraph, parameters pre-bound, as
  `policygraph query`) and through `policygraph serve` (HTTP to the front server, which sends the
  query to its Oxigraph server child with the parameters as a VALUES block, as the web page does);
* synthetic corpus (benchmarks/synth, 200 documents; 20 with --quick) ingested into an on-disk
  store kept between runs (ingest skips unchanged documents), in process. Parameters that name a
  document or project are taken from the store (the top document, the first project).

Target: a named query answers in under 1 s on the sample corpus and under 10 s on the large store
(interactive use of the web page).

    python -m benchmarks.bench_queries [--quick]
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

from benchmarks.common import Section, best_of

SAMPLE_TARGET_S = 1.0
LARGE_TARGET_S = 10.0
LARGE_DOCS = 200
QUICK_DOCS = 20


def _time_named(store, query, params, repeat: int) -> tuple[float, int]:
    from policygraph.queries import run_named

    rows = len(run_named(store, query, params).rows)  # warm-up, and the answer size
    return best_of(lambda: run_named(store, query, params), repeat=repeat), rows


def _serve_in_thread(location: str):
    """The front server and its Oxigraph child, serving in a thread; returns (url, stop)."""
    from policygraph.queries.server import FrontServer, ServeConfig
    from policygraph.queries.upstream import OxigraphChild, Upstream

    config = ServeConfig(port=0)
    child = OxigraphChild(location, timeout_s=config.timeout_s)
    upstream = Upstream(child.start(), timeout_s=config.timeout_s, max_bytes=config.max_result_bytes)
    server = FrontServer(config, upstream)
    server.quiet = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        child.stop()

    return server.url, stop


def _http_get(url: str) -> None:
    with urllib.request.urlopen(url, timeout=120) as resp:
        resp.read()


def sample_section(section: Section, repeat: int) -> None:
    from policygraph.graph.store import open_store
    from policygraph.queries import named_queries
    from policygraph.queries.sample import disk_store

    with tempfile.TemporaryDirectory(prefix="pg-bench-queries-") as tmp:
        location = disk_store(os.path.join(tmp, "store"))
        store = open_store(location, read_only=True)
        try:
            for q in named_queries():
                seconds, rows = _time_named(store, q, dict(q.example), repeat)
                section.add(f"sample corpus: {q.name}", seconds, "s", f"< {SAMPLE_TARGET_S:g} s",
                            seconds < SAMPLE_TARGET_S, f"{rows} rows, in process")
        finally:
            store.close()
        url, stop = _serve_in_thread(location)
        try:
            for q in named_queries():
                target = url + "api/queries/" + q.name + ("?" + urllib.parse.urlencode(dict(q.example)) if q.example else "")
                _http_get(target)
                seconds = best_of(lambda: _http_get(target), repeat=repeat)
                section.add(f"sample corpus over HTTP: {q.name}", seconds, "s", f"< {SAMPLE_TARGET_S:g} s",
                            seconds < SAMPLE_TARGET_S, "GET /api/queries/NAME (VALUES-bound)")
        finally:
            stop()


def large_store(n_docs: int) -> tuple[str, int, float]:
    """An on-disk store of the synthetic corpus of ``n_docs`` documents (reused); (path, triples, ingest s)."""
    from benchmarks.synth.corpus import ensure_corpus
    from policygraph.graph.ingest import ingest_paths
    from policygraph.graph.store import open_store

    corpus = ensure_corpus(n_docs)
    root = os.environ.get("POLICYGRAPH_BENCH_DIR") or os.path.join(tempfile.gettempdir(), "policygraph-bench-queries")
    location = os.path.join(root, os.path.basename(corpus.rstrip(os.sep)))
    os.makedirs(root, exist_ok=True)
    started = time.perf_counter()
    store = open_store(location)
    try:
        report = ingest_paths(store, [os.path.join(corpus, "corpus")])
        if report.failed:
            raise RuntimeError(f"{len(report.failed)} synthetic documents failed to ingest: {report.failed[0]}")
        triples = len(store)
    finally:
        store.close()
    return location, triples, time.perf_counter() - started


def large_params(store) -> dict[str, dict[str, str]]:
    """Arguments naming things that exist in the synthetic store."""
    from policygraph.queries import get_query, run_named, run_sparql

    top = run_named(store, get_query("top-documents"), {}, max_rows=1).values()
    first = run_sparql(store, "PREFIX pg: <https://w3id.org/policygraph/ontology#>\n"
                              "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                              "SELECT ?name WHERE { ?p a pg:Project ; rdfs:label ?name } ORDER BY ?name LIMIT 1").values()
    out: dict[str, dict[str, str]] = {}
    if top:
        out["document-projects"] = {"document": top[0]["doc_number"] or top[0]["title"]}
        out["describe"] = {"iri": top[0]["doc"]}
    if first:
        out["project-basis"] = {"project": first[0]["name"]}
    return out


def large_section(section: Section, n_docs: int, repeat: int) -> None:
    from policygraph.graph.store import open_store
    from policygraph.queries import named_queries

    location, triples, ingest_s = large_store(n_docs)
    section.add(f"synthetic corpus: store ({n_docs} documents)", triples, "triples", note=f"ingest or check {ingest_s:,.0f} s")
    store = open_store(location, read_only=True)
    try:
        params = large_params(store)
        for q in named_queries():
            given = params.get(q.name, dict(q.example))
            seconds, rows = _time_named(store, q, given, repeat)
            section.add(f"synthetic corpus: {q.name}", seconds, "s", f"< {LARGE_TARGET_S:g} s",
                        seconds < LARGE_TARGET_S, f"{rows} rows")
    finally:
        store.close()


def run(quick: bool = False) -> Section:
    section = Section(
        "Named queries: latency",
        notes=(
            "Best wall time of repeated runs (after one warm-up) of each named query with its example "
            "parameters, on on-disk Oxigraph stores. The large store is the synthetic corpus "
            f"(benchmarks/synth, seed 7, {QUICK_DOCS if quick else LARGE_DOCS} documents) ingested by "
            "`policygraph ingest`'s library function. Over HTTP is `policygraph serve` (front server + "
            "Oxigraph server child) on loopback."
        ),
    )
    repeat = 2 if quick else 3
    sample_section(section, repeat)
    large_section(section, QUICK_DOCS if quick else LARGE_DOCS, 1 if quick else 2)
    return section


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv[1:]).markdown())
