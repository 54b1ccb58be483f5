"""Load on `policygraph serve` (issue 8): 50 concurrent clients x 200 queries each, on loopback.

The server runs as it does for users (`policygraph serve` in its own process,
front server + Oxigraph child, read-only) over the sample corpus. Each client
is a thread with its own keep-alive connection sending a mix of what the web
page and SPARQL clients send:

* 60 % SPARQL lookups (a document by number, a project's basis, counts), GET and POST;
* 25 % named queries through the JSON API with a bound parameter;
* 15 % the web page and its static files.

Reported: errors (any status other than 200, or a connection failure; target 0),
throughput and latency percentiles per kind and overall. `--quick`: 50 x 20.
The test suite runs a smaller version (tests/reliability/test_load.py).

    python -m benchmarks.bench_load [--quick]
"""

from __future__ import annotations

import http.client
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from benchmarks.common import Section

CLIENTS = 50
QUERIES_PER_CLIENT = 200
QUICK_QUERIES_PER_CLIENT = 20

PREFIXES = ("PREFIX eli: <http://data.europa.eu/eli/ontology#>\nPREFIX pg: <https://w3id.org/policygraph/ontology#>\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")
NUMBERS = ["国发〔2018〕32号", "科协发学字〔2013〕51号", "沪科协〔2014〕69号", "厅字〔2015〕15号", "沪府办规〔2021〕5号"]
SPARQL = [
    'SELECT ?d ?title WHERE {{ ?d eli:id_local "{n}" ; eli:title ?title }}',
    'ASK {{ ?d eli:id_local "{n}" }}',
    'SELECT ?p ?name WHERE {{ ?c pg:citedDocument ?d ; pg:citingProject ?p . ?d eli:id_local "{n}" . ?p rdfs:label ?name }} LIMIT 50',
    "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p a pg:Project }}",
    "SELECT ?doc ?title WHERE {{ ?doc a pg:CitedDocument ; eli:title ?title }} LIMIT 20",
]
NAMED = [("document-projects", "document"), ("top-documents", None), ("describe", None)]
STATIC = ["/", "/static/app.js", "/static/app.css", "/api/queries"]


@dataclass
class LoadResult:
    """Latencies (seconds) per kind of request, and the failures seen."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    wall_s: float = 0.0

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    def all_latencies(self) -> list[float]:
        return [x for v in self.latencies.values() for x in v]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def _requests(rng: random.Random, n: int, describe_iri: str) -> list[tuple[str, str, str, bytes | None, dict]]:
    """(kind, method, path, body, headers) for one client."""
    out = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.60:
            query = PREFIXES + rng.choice(SPARQL).format(n=rng.choice(NUMBERS))
            if rng.random() < 0.5:
                out.append(("sparql", "GET", "/sparql?" + urllib.parse.urlencode({"query": query}), None,
                            {"Accept": "application/sparql-results+json"}))
            else:
                out.append(("sparql", "POST", "/sparql", query.encode("utf-8"),
                            {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}))
        elif roll < 0.85:
            name, param = rng.choice(NAMED)
            params = {param: rng.choice(NUMBERS)} if param else {}
            if name == "describe":
                params = {"iri": describe_iri}
            out.append(("named", "GET", f"/api/queries/{name}?" + urllib.parse.urlencode(params), None, {}))
        else:
            out.append(("static", "GET", rng.choice(STATIC), None, {}))
    return out


def run_load(base_url: str, *, clients: int, per_client: int, describe_iri: str, seed: int = 8) -> LoadResult:
    """``clients`` threads, each with one keep-alive connection, sending ``per_client`` requests."""
    parsed = urllib.parse.urlsplit(base_url)
    result = LoadResult()
    lock = threading.Lock()
    start_gate = threading.Barrier(clients)

    def client(i: int) -> None:
        plan = _requests(random.Random(seed * 1000 + i), per_client, describe_iri)
        mine: dict[str, list[float]] = {}
        errors: list[str] = []
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)
        start_gate.wait()
        for kind, method, path, body, headers in plan:
            t0 = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException) as exc:
                errors.append(f"{kind} {path[:80]}: {type(exc).__name__}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)
                continue
            mine.setdefault(kind, []).append(time.perf_counter() - t0)
            if status != 200:
                errors.append(f"{kind} {path[:80]}: HTTP {status}")
        conn.close()
        with lock:
            for kind, values in mine.items():
                result.latencies.setdefault(kind, []).extend(values)
            result.errors.extend(errors)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.wall_s = time.perf_counter() - t0
    return result


def start_server(store: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "policygraph", "serve", "--store", store, "--port", "0", "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    m = re.search(r"serving (http://[^ ]+/) ", line)
    if not m:
        proc.kill()
        raise RuntimeError(f"serve did not start: {line!r} {proc.stderr.read()!r}")
    return proc, m.group(1)


def stop_server(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()


def describe_target(base_url: str) -> str:
    """The IRI of a cited document, for describe requests."""
    import json
    import urllib.request

    query = PREFIXES + f'SELECT ?d WHERE {{ ?d eli:id_local "{NUMBERS[0]}" }}'
    req = urllib.request.Request(base_url + "sparql?" + urllib.parse.urlencode({"query": query}),
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return json.loads(resp.read())["results"]["bindings"][0]["d"]["value"]


def run(quick: bool = False) -> Section:
    from policygraph.queries.sample import disk_store

    per_client = QUICK_QUERIES_PER_CLIENT if quick else QUERIES_PER_CLIENT
    section = Section(title=f"Endpoint under load ({CLIENTS} clients x {per_client} requests, loopback)")
    with tempfile.TemporaryDirectory(prefix="pg-bench-load-") as tmp:
        store = disk_store(os.path.join(tmp, "store"))
        proc, url = start_server(store)
        try:
            result = run_load(url, clients=CLIENTS, per_client=per_client, describe_iri=describe_target(url))
        finally:
            stop_server(proc)
    every = result.all_latencies()
    section.add("requests", result.count + sum(1 for e in result.errors if "HTTP" not in e))
    section.add("errors", len(result.errors), target="0", met=not result.errors,
                note="; ".join(sorted(set(result.errors))[:3]))
    section.add("throughput", result.count / result.wall_s, "requests/s", note=f"{result.wall_s:.1f} s wall")
    for p in (50, 90, 99):
        section.add(f"latency p{p}, all", percentile(every, p) * 1000, "ms")
    section.add("latency max, all", max(every) * 1000 if every else float("nan"), "ms")
    for kind in ("sparql", "named", "static"):
        values = result.latencies.get(kind, [])
        if values:
            section.add(f"latency p50 / p99, {kind}", f"{percentile(values, 50) * 1000:.1f} / {percentile(values, 99) * 1000:.1f}",
                        "ms", note=f"{len(values)} requests, mean {statistics.mean(values) * 1000:.1f} ms")
    section.notes = (
        "`policygraph serve` (read-only, in its own process) over the sample corpus; each client is a thread with "
        "one keep-alive connection sending SPARQL lookups (GET and POST), named queries through the JSON API and "
        "static files. Latency is measured by the clients (Python threads, so under 50 clients part of it is the "
        "clients' own scheduling on this machine's cores)."
    )
    return section


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv).markdown())
