"""`policygraph serve` with real SPARQL clients: SPARQLWrapper, rdflib's SPARQLStore, plain HTTP."""

import json
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from .conftest import start_server, stop_server

pytestmark = pytest.mark.server

NUMBER = "国发〔2018〕32号"
PREFIXES = "PREFIX eli: <http://data.europa.eu/eli/ontology#>\nPREFIX pg: <https://w3id.org/policygraph/ontology#>\n"


def http(url, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read().decode("utf-8")


# -- real clients -------------------------------------------------------------


def test_sparqlwrapper_select_json_and_construct(server):
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    sw = SPARQLWrapper(server + "sparql")
    sw.setQuery(PREFIXES + f'SELECT ?title WHERE {{ ?d eli:id_local "{NUMBER}" ; eli:title ?title }}')
    sw.setReturnFormat(JSON)
    rows = sw.query().convert()["results"]["bindings"]
    assert {r["title"]["value"] for r in rows} == {"国务院关于推动创新创业高质量发展打造“双创”升级版的意见"}

    sw.setQuery(PREFIXES + f'CONSTRUCT {{ ?d eli:id_local ?n }} WHERE {{ ?d eli:id_local ?n FILTER(?n = "{NUMBER}") }}')
    sw.setReturnFormat(TURTLE)
    ttl = sw.query().convert()
    ttl = ttl.decode("utf-8") if isinstance(ttl, bytes) else ttl
    assert NUMBER in ttl


def test_sparqlwrapper_post_and_ask(server):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    sw = SPARQLWrapper(server + "sparql")
    sw.setMethod(POST)
    sw.setQuery(PREFIXES + "ASK { ?p a pg:Project }")
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True


def test_rdflib_sparqlstore(server):
    from rdflib import Literal
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(server + "sparql", returnFormat="xml")
    rows = list(store.query(PREFIXES + "SELECT ?n WHERE { ?d a pg:CitedDocument ; eli:id_local ?n } ORDER BY ?n"))
    numbers = [r[0] for r in rows]
    assert Literal(NUMBER) in numbers
    # union default graph: 中办发〔2015〕51号 is cited in 001 (2023) and 004 (2025), so two graphs state both its
    # type and its number: 2 x 2 matches (why the named queries deduplicate before they count)
    assert numbers.count(Literal("中办发〔2015〕51号")) == 4
    # the union default graph: every source document's graph is visible
    n = list(store.query(PREFIXES + "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a pg:SourceDocument }"))[0][0]
    assert n.toPython() == 4


@pytest.mark.parametrize("accept,ctype,probe", [
    ("application/sparql-results+json", "application/sparql-results+json", '"vars"'),
    ("application/sparql-results+xml", "application/sparql-results+xml", "<sparql"),
    ("text/csv", "text/csv", "n\r\n"),
    ("text/tab-separated-values", "text/tab-separated-values", "?n\n"),
])
def test_select_result_formats_by_accept_header(server, accept, ctype, probe):
    q = urllib.parse.urlencode({"query": PREFIXES + "SELECT ?n WHERE { ?d eli:id_local ?n } LIMIT 1"})
    status, got, body = http(server + "sparql?" + q, headers={"Accept": accept})
    assert status == 200 and got.startswith(ctype) and probe in body


@pytest.mark.parametrize("accept,ctype", [
    ("text/turtle", "text/turtle"), ("application/n-triples", "application/n-triples"), ("application/ld+json", "application/ld+json"),
])
def test_graph_result_formats_by_accept_header(server, accept, ctype):
    q = PREFIXES + f'DESCRIBE ?d WHERE {{ ?d eli:id_local "{NUMBER}" }}'
    status, got, body = http(server + "sparql", data=q.encode("utf-8"),
                             headers={"Content-Type": "application/sparql-query", "Accept": accept})
    assert status == 200 and got.startswith(ctype) and NUMBER in body


# -- what the endpoint refuses ------------------------------------------------------


@pytest.mark.parametrize("data,headers,status,message", [
    (b"update=DROP+ALL", {"Content-Type": "application/x-www-form-urlencoded"}, 403, "read-only"),
    (b"DROP ALL", {"Content-Type": "application/sparql-update"}, 403, "read-only"),
    ("query=INSERT DATA { <http://a> <http://b> <http://c> }".encode(), {"Content-Type": "application/x-www-form-urlencoded"}, 403, "read-only"),
    (b"LOAD <http://example.org/x.ttl>", {"Content-Type": "application/sparql-query"}, 403, "read-only"),
    (b"SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", {"Content-Type": "application/sparql-query"}, 403, "SERVICE"),
    (b"SELECT * WHERE { ?s ?p }", {"Content-Type": "application/sparql-query"}, 400, ""),
    (b"x" * (1024 * 1024 + 1), {"Content-Type": "application/sparql-query"}, 413, "request body"),
    (b"SELECT * {}", {"Content-Type": "text/plain"}, 415, "application/sparql-query"),
], ids=["update-form", "update-body", "insert-as-query", "load", "service", "syntax", "too-large", "media-type"])
def test_refusals_are_one_line_without_traceback(server, data, headers, status, message):
    got, _, body = http(server + "sparql", data=data, headers=headers)
    assert got == status, body
    assert message in body and "Traceback" not in body and len(body.strip().splitlines()) == 1


def test_store_unchanged_after_refused_updates(server):
    q = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { <http://a> ?p ?o }"})
    _, _, body = http(server + "sparql?" + q, headers={"Accept": "application/sparql-results+json"})
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "0"


def test_other_methods_and_paths(server):
    assert http(server + "sparql", method="PUT", data=b"x")[0] == 405
    assert http(server + "static/../server.py")[0] == 404
    assert http(server + "static/%2e%2e/server.py")[0] == 404
    assert http(server + "nothing-here")[0] == 404
    assert http(server + "sparql")[0] == 400


def test_slow_query_is_stopped_by_the_timeout(server):
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    status, _, body = http(server + "sparql", data=heavy.encode(), headers={"Content-Type": "application/sparql-query"})
    assert time.monotonic() - started < 20
    assert status >= 400 and "Traceback" not in body
    assert "timeout (5 s; `policygraph serve --timeout-s` sets it)" in body, body


# -- the named-query API behind the web page ------------------------------------------


def test_api_lists_named_queries(server):
    status, ctype, body = http(server + "api/queries")
    data = json.loads(body)
    names = [q["name"] for q in data["queries"]]
    assert status == 200 and "top-documents" in names and "stale-bases" in names
    doc = next(q for q in data["queries"] if q["name"] == "document-projects")
    assert doc["params"][0]["name"] == "document" and doc["params"][0]["required"]


def test_api_runs_named_query_with_bound_parameters(server):
    q = urllib.parse.urlencode({"document": "国发[2018]32号"})
    status, ctype, body = http(server + "api/queries/document-projects?" + q)
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    data = json.loads(body)
    assert "document" not in data["head"]["vars"]
    lines = sorted((b["file"]["value"], int(b["line"]["value"])) for b in data["results"]["bindings"])
    assert lines == [("000_54c0a28505620ce4.txt", 1216), ("001_8945e10e70820498.txt", 443),
                     ("004_3b9f046d1a272fe1.txt", 902), ("004_3b9f046d1a272fe1.txt", 1059)]


def test_api_parameter_text_is_a_term_not_query_text(server):
    hostile = '"} } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o'
    status, _, body = http(server + "api/queries/document-projects?" + urllib.parse.urlencode({"document": hostile}))
    assert status == 200 and json.loads(body)["results"]["bindings"] == []


def _raw_get(server, target: bytes) -> tuple[int, str]:
    """GET with the request target's bytes as given (curl sends 科学 as UTF-8 bytes; urllib would refuse)."""
    import socket

    url = urllib.parse.urlsplit(server)
    with socket.create_connection((url.hostname, url.port), timeout=30) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: " + url.netloc.encode() + b"\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body.decode("utf-8")


def test_api_reads_a_url_sent_as_raw_utf8_as_a_browser_encoded_one(server):
    """The parameter matched nothing when its bytes came unencoded (read as Latin-1): an empty answer, no error."""
    path = "/api/queries/document-projects?document="
    encoded = http(server + path[1:] + urllib.parse.quote("国发[2018]32号"))
    status, body = _raw_get(server, (path + "国发[2018]32号").encode("utf-8"))
    assert encoded[0] == status == 200 and len(json.loads(body)["results"]["bindings"]) == 4
    assert json.loads(body) == json.loads(encoded[2])
    status, body = _raw_get(server, path.encode() + "国发".encode("gbk"))
    assert status == 400 and "not UTF-8" in body and len(body.strip().splitlines()) == 1


def test_api_errors(server):
    assert http(server + "api/queries/nope")[0] == 404
    status, _, body = http(server + "api/queries/stale-bases?min_years=old")
    assert status == 400 and "parameter min_years: expected an integer" in body
    status, ctype, body = http(server + "api/queries/stale-bases.csv?min_years=25")
    assert status == 200 and ctype.startswith("text/csv") and "国科发火字〔1994〕304号" in body


# -- lifecycle --------------------------------------------------------------------


def test_serve_refuses_a_missing_store(tmp_path):
    result = subprocess.run([sys.executable, "-m", "policygraph", "serve", "--store", str(tmp_path / "none"), "--port", "0"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "no store here yet" in result.stderr and "Traceback" not in result.stderr


def test_stopping_serve_releases_the_store(tmp_path):
    from policygraph.graph.store import open_store
    from policygraph.queries.sample import disk_store, sample_paths

    location = disk_store(tmp_path / "s", sample_paths()[1:2])
    proc, url = start_server(location)
    assert http(url + "api/queries")[0] == 200
    # while it runs, the store is the server's
    second = subprocess.run([sys.executable, "-m", "policygraph", "serve", "--store", location, "--port", "0"],
                            capture_output=True, text=True, timeout=60)
    assert second.returncode == 1 and "in use" in second.stderr
    stop_server(proc)
    store = open_store(location)  # the Oxigraph child is gone with it: the store opens again
    store.close()


# -- the network explorer (policygraph.viz page around a resource) -------------------------


def test_network_explorer_page_around_a_document(server):
    status, ctype, body = http(server + "network?" + urllib.parse.urlencode({"focus": NUMBER, "depth": "1"}))
    assert status == 200 and ctype.startswith("text/html")
    assert "<script src=" not in body and "http://" not in body.split("</head>")[0].replace("http://www.w3.org", "")
    assert NUMBER in body  # the focus document is on the page
    assert http(server + "network?focus=" + urllib.parse.quote("没有这个文件xyz"))[0] == 404
    assert http(server + "network?focus=x&depth=9")[0] == 400


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the child's parent-death signal is Linux-only")
def test_kill_9_of_serve_does_not_leave_the_store_locked(tmp_path):
    import os
    import signal

    from policygraph.graph.store import open_store
    from policygraph.queries.sample import disk_store, sample_paths

    location = disk_store(tmp_path / "s", sample_paths()[1:2])
    proc, url = start_server(location)
    assert http(url + "api/queries")[0] == 200
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    deadline = time.monotonic() + 15
    while True:  # the Oxigraph child follows its parent (PR_SET_PDEATHSIG) and releases the lock
        try:
            open_store(location).close()
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
