"""Endpoint hardening of `policygraph serve`: read-only unless told, no fetching of URLs, limits, loopback only.

Each protection is exercised the way an attacker would try it, including going
around the front server straight to the Oxigraph child.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import sys
import threading
import urllib.parse

import pytest

from .conftest import SMALL_DOC, child_address, cli, http, start_serve, stop_serve

pytestmark = [pytest.mark.server, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the child from /proc")]

TOKEN = "reliability-test-token-0123456789"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _store(tmp_path_factory, name: str) -> str:
    from policygraph.queries.sample import disk_store

    return disk_store(tmp_path_factory.mktemp(name) / "store", [SMALL_DOC])


@pytest.fixture(scope="module")
def readonly(tmp_path_factory):
    store = _store(tmp_path_factory, "ro")
    proc, url = start_serve(store, "--timeout-s", "3", "--max-result-mb", "1")
    try:
        yield proc, url, store
    finally:
        stop_serve(proc)


@pytest.fixture(scope="module")
def writable(tmp_path_factory):
    store = _store(tmp_path_factory, "rw")
    token_file = tmp_path_factory.mktemp("token") / "token"
    token_file.write_text(TOKEN + "\n")
    proc, url = start_serve(store, "--writable", "--token-file", str(token_file))
    try:
        yield proc, url, store
    finally:
        stop_serve(proc)


def count(url: str) -> int:
    status, _, body = http(url + "sparql?" + urllib.parse.urlencode({"query": COUNT}), headers={"Accept": "application/sparql-results+json"})
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def basic(token: str, user: str = "policygraph") -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{token}".encode()).decode()}


UPDATE = b"INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> \"o\" } }"


# -- read-only unless started writable with a token ------------------------------------------


@pytest.mark.parametrize("how", ["direct", "form", "get", "put", "delete"])
def test_read_only_server_refuses_every_way_of_writing(readonly, how):
    _, url, _ = readonly
    before = count(url)
    requests = {
        "direct": dict(data=UPDATE, headers={"Content-Type": "application/sparql-update", **basic(TOKEN)}),
        "form": dict(data=urllib.parse.urlencode({"update": UPDATE.decode()}).encode(),
                     headers={"Content-Type": "application/x-www-form-urlencoded"}),
        "get": dict(url_suffix="?" + urllib.parse.urlencode({"update": UPDATE.decode()})),
        "put": dict(data=b"<urn:x:s> <urn:x:p> <urn:x:o> .", headers={"Content-Type": "application/n-triples"}, method="PUT"),
        "delete": dict(method="DELETE"),
    }[how]
    status, _, body = http(url + "sparql" + requests.pop("url_suffix", ""), **requests)
    assert status in (403, 405) and "read-only" in body and "Traceback" not in body
    assert count(url) == before


def test_the_child_is_read_only_sandboxed_and_off_the_usual_address(readonly):
    """Going around the front: the child takes no update and fetches no URL, whoever asks."""
    proc, url, _ = readonly
    command, address = child_address(proc.pid)
    assert command == "serve-read-only"
    host = address.rsplit(":", 1)[0]
    assert host.startswith("127.")
    status, _, _ = http(f"http://{address}/update", data=b"DROP ALL", headers={"Content-Type": "application/sparql-update"})
    assert status == 403
    from policygraph.queries import sandbox

    if not sandbox.supported():
        pytest.skip(sandbox.describe())
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(2)
    connections = []

    def accept():
        try:
            conn, _ = listener.accept()
            connections.append(conn.recv(200))
            conn.close()
        except OSError:
            pass

    waiter = threading.Thread(target=accept)
    waiter.start()
    port = listener.getsockname()[1]
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    http(f"http://{address}/query", data=query.encode(), headers={"Content-Type": "application/sparql-query"})
    waiter.join()
    listener.close()
    assert connections == []  # the child could not connect out


@pytest.mark.parametrize("query, reason", [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { service <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("LOAD <http://example.org/data.ttl>", "read-only"),
    ("# comment\nLOAD <file:///etc/passwd> INTO GRAPH <urn:x>", "read-only"),
])
def test_service_and_load_are_refused(readonly, query, reason):
    _, url, _ = readonly
    status, _, body = http(url + "sparql", data=query.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 403 and reason in body


# -- the write token ------------------------------------------------------------------------


@pytest.mark.parametrize("headers, status", [
    ({}, 401),
    (basic("wrong-token-wrong-token"), 401),
    (basic(TOKEN[:-1]), 401),
    ({"Authorization": "Basic !!!notbase64"}, 401),
    ({"Authorization": "Digest " + TOKEN}, 401),
    ({"Authorization": "Bearer " + TOKEN}, 204),
    (basic(TOKEN), 204),
    (basic(TOKEN, user="anyone"), 204),
])
def test_writable_server_needs_the_token(writable, headers, status):
    _, url, _ = writable
    got, answer_headers, body = http(url + "sparql", data=UPDATE, headers={"Content-Type": "application/sparql-update", **headers})
    assert got == status, body
    if status == 401:
        assert answer_headers.get("WWW-Authenticate", "").startswith("Basic")


def test_writable_server_applies_updates_but_no_load_or_service(writable):
    _, url, _ = writable
    auth = {"Content-Type": "application/sparql-update", **basic(TOKEN)}
    assert http(url + "sparql", data=b"DROP SILENT GRAPH <urn:x:h>", headers=auth)[0] == 204
    before = count(url)
    assert http(url + "sparql", data=b"INSERT DATA { GRAPH <urn:x:h> { <urn:x:a> <urn:x:b> 1, 2, 3 } }", headers=auth)[0] == 204
    assert count(url) == before + 3
    for update in (b"LOAD <http://example.org/x.ttl>", b"INSERT { GRAPH <urn:x:h> { ?s ?p ?o } } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"):
        status, _, body = http(url + "sparql", data=update, headers=auth)
        assert status == 403 and "fetch URLs" in body
    assert count(url) == before + 3


def test_body_limits_differ_for_anonymous_queries_and_authorised_updates(writable):
    _, url, _ = writable
    big_query = ("SELECT * WHERE { ?s ?p ?o } #" + "x" * (1024 * 1024 + 10)).encode()
    status, _, body = http(url + "sparql", data=big_query, headers={"Content-Type": "application/sparql-query"})
    assert status == 413 and "over" in body
    # a document's graph is often larger than 1 MB: one authorised update of 3 MB goes through, in one piece
    lines = "".join(f'<urn:big:s{i}> <urn:big:p> "{"值" * 40}{i}" .\n' for i in range(20000))
    update = f"DROP SILENT GRAPH <urn:big:g> ; INSERT DATA {{ GRAPH <urn:big:g> {{\n{lines}}} }}".encode()
    assert len(update) > 3 * 1024 * 1024
    before = count(url)
    status, _, body = http(url + "sparql", data=update, headers={"Content-Type": "application/sparql-update", **basic(TOKEN)}, timeout=120)
    assert status == 204, body
    assert count(url) == before + 20000
    anonymous = http(url + "sparql", data=update, headers={"Content-Type": "application/sparql-update"})
    assert anonymous[0] == 401  # refused before its body was taken in


# -- limits -----------------------------------------------------------------------------------


def test_answers_over_the_cap_are_refused_not_truncated(readonly):
    _, url, _ = readonly
    query = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"  # ~15,000 triples as JSON: several MB
    status, _, body = http(url + "sparql?" + urllib.parse.urlencode({"query": query}))
    assert status == 400 and "larger than 1 MB" in body


def test_a_slow_query_is_stopped(readonly):
    _, url, _ = readonly
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    status, _, body = http(url + "sparql?" + urllib.parse.urlencode({"query": query}), timeout=60)
    assert status >= 400 and "Traceback" not in body


def test_loopback_by_default_and_only_loopback_host_names(readonly):
    _, url, _ = readonly
    assert url.startswith("http://127.0.0.1:")
    port = url.rsplit(":", 1)[1].rstrip("/")
    ask = url + "sparql?query=" + urllib.parse.quote("ASK {}")
    for host in (f"localhost:{port}", f"127.0.0.1:{port}"):
        assert http(ask, headers={"Host": host})[0] == 200
    for host in (f"evil.example:{port}", f"127.0.0.1.nip.io:{port}", "localhost"):
        status, _, body = http(ask, headers={"Host": host})
        assert status == 421 and "loopback" in body


@pytest.mark.parametrize("path", [
    "/static/../server.py", "/static/%2e%2e/server.py", "/static/%2E%2E%2Fserver.py", "/static//etc/passwd",
    "/static/..%5cserver.py", "/static/.hidden", "/static/app.js%00.css", "/static/vendor/../../server.py",
    "/static/vendor/vis-network.min.js/../../../server.py", "/../../etc/passwd", "/static/" + "a/" * 200,
])
def test_static_files_cannot_escape_their_folder(readonly, path):
    _, url, _ = readonly
    status, _, body = http(url.rstrip("/") + path)
    assert status == 404 and "import" not in body and "root:" not in body


def test_static_files_and_page_headers(readonly):
    _, url, _ = readonly
    status, headers, body = http(url)
    assert status == 200 and "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
    assert "<script src=\"http" not in body and "cdn" not in body.lower()


# -- ownership of the store -----------------------------------------------------------------


def test_a_served_store_refuses_a_second_server_and_an_ingest_naming_the_server(readonly, tmp_path):
    proc, url, store = readonly
    second = cli("serve", "--store", store, "--port", "0", timeout=60)
    assert second.returncode == 1 and "in use" in second.stderr and f"pid {proc.pid}" in second.stderr
    ingest = cli("ingest", str(SMALL_DOC), "--store", store, "-j", "1", timeout=120)
    assert ingest.returncode == 1 and "Traceback" not in ingest.stderr
    assert f"served by `policygraph serve` (pid {proc.pid}, read-only, {url})" in ingest.stderr
    assert "--writable" in ingest.stderr


def test_the_lock_file_is_private(writable):
    _, _, store = writable
    mode = os.stat(os.path.join(store, "policygraph.lock")).st_mode & 0o777
    assert mode == 0o600  # it holds the write token
