"""Fuzzing `policygraph serve` with random and malformed HTTP requests (hypothesis, raw sockets).

Requests are written byte by byte, so they can be what no client library would
send: odd methods, paths with dot segments and bad percent escapes, duplicate or
garbled headers, lying Content-Lengths, chunked bodies, bodies in any encoding,
query strings with thousands of fields. The server must answer each with a
status line (or close the connection), never a 500, never a traceback, and
still answer a real query afterwards.
"""

from __future__ import annotations

import re
import socket
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import http, start_serve, stop_serve

pytestmark = pytest.mark.server

TOKEN = "fuzz-test-token-0123456789abcdef"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    """A writable server (more code paths: the token, updates) on one sample document."""
    from policygraph.queries.sample import disk_store

    from .conftest import SMALL_DOC

    store = disk_store(tmp_path_factory.mktemp("fuzz") / "store", [SMALL_DOC])
    token = tmp_path_factory.mktemp("fuzz-token") / "token"
    token.write_text(TOKEN)
    proc, url = start_serve(store, "--writable", "--token-file", str(token), "--timeout-s", "2")
    port = int(url.rsplit(":", 1)[1].rstrip("/"))
    try:
        yield url, port
    finally:
        log = stop_serve(proc)
    assert "Traceback" not in log and "internal error" not in log, log[-3000:]


def exchange(port: int, raw: bytes, timeout: float = 15) -> bytes:
    """Send raw bytes, half-close, read the whole answer (until the server closes or times out)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            sock.sendall(raw)
            sock.shutdown(socket.SHUT_WR)
        except OSError:  # the server may close early on a request it refuses
            pass
        chunks = []
        while True:
            try:
                data = sock.recv(65536)
            except (ConnectionResetError, TimeoutError, socket.timeout):
                break
            if not data:
                break
            chunks.append(data)
        return b"".join(chunks)


STATUS = re.compile(rb"HTTP/1\.[01] (\d{3}) ")


def check_answer(answer: bytes) -> None:
    """Every response in the answer (keep-alive may carry several): a status, no 500, no traceback."""
    statuses = [int(m.group(1)) for m in STATUS.finditer(answer)]
    if answer:
        assert answer.startswith(b"HTTP/1."), answer[:200]
    assert 500 not in statuses, answer[:1000]
    assert b"Traceback" not in answer and b'File "' not in answer, answer[:1000]


# -- pieces of requests ---------------------------------------------------------------------

METHODS = st.one_of(st.sampled_from(["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT", "get", "PROPFIND"]),
                    st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=8))
PATH_PIECES = st.sampled_from(["/", "/sparql", "/api/queries", "/api/queries/top-documents", "/api/queries/top-documents.csv",
                               "/api/queries/x.rq", "/static/app.js", "/static/vendor/vis-network.min.js", "/network", "/index.html",
                               "/static/../", "%2e%2e/", "%00", "%", "%zz", "%c0%af", "..", "//", "\\", "?", "#", ";", "&", "=",
                               "query=", "update=", "focus=", "depth=9", "year=x", "format=", "国发〔2018〕32号",
                               "SELECT * WHERE { ?s ?p ?o }", "SERVICE", "LOAD", "%E5%9B%BD"])
PATHS = st.lists(st.one_of(PATH_PIECES, st.text(max_size=5)), min_size=1, max_size=8).map(lambda parts: "/" + "".join(parts).lstrip("/"))
HEADER_NAMES = st.sampled_from(["Content-Type", "Content-Length", "Accept", "Authorization", "Transfer-Encoding", "Host",
                                "Connection", "Expect", "Cookie", "X-Forwarded-For", "Range", "If-None-Match"])
HEADER_VALUES = st.one_of(
    st.sampled_from(["application/sparql-query", "application/sparql-update", "application/x-www-form-urlencoded",
                     "text/turtle", "*/*", "application/sparql-results+json", "chunked", "close", "keep-alive", "100-continue",
                     "-1", "0", "99999999999", "12", "abc", "Basic " + TOKEN, "Bearer " + TOKEN, "Basic Og==", "bytes=0-1"]),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=30),
)
BODIES = st.one_of(
    st.binary(max_size=300),
    st.sampled_from([b"query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%201", b"update=DROP%20ALL", b"query=%ZZ",
                     "SELECT * WHERE { ?s ?p ?o } LIMIT 1".encode("utf-16"), "SELECT ?x WHERE { BIND('预算' AS ?x) }".encode("gb18030"),
                     b"ASK {}", b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", b"LOAD <http://example.org/>", b"&" * 5000,
                     b"query=" + b"a=b&" * 500, b"\xff\xfe\x00", b"5\r\nhello\r\n0\r\n\r\n"]),
)


@st.composite
def requests(draw) -> bytes:
    method = draw(METHODS)
    path = urllib.parse.quote(draw(PATHS), safe=draw(st.sampled_from(["/?&=%", "/", "", "/?&=%#;\\ "])))
    version = draw(st.sampled_from(["HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.1 extra", ""]))
    headers = draw(st.lists(st.tuples(HEADER_NAMES, HEADER_VALUES), max_size=6))
    body = draw(BODIES)
    host = draw(st.sampled_from(["127.0.0.1:{port}", "localhost:{port}", "evil.example", None]))
    lines = [f"{method} {path} {version}".rstrip()]
    if host:
        lines.append("Host: " + host)
    lines += [f"{name}: {value}" for name, value in headers]
    if draw(st.booleans()):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "surrogateescape") + body


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(requests())
def test_random_requests_never_500_or_traceback(endpoint, raw):
    _, port = endpoint
    check_answer(exchange(port, raw.replace(b"{port}", str(port).encode())))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.binary(min_size=1, max_size=2000))
def test_garbage_bytes_never_500_or_traceback(endpoint, raw):
    _, port = endpoint
    check_answer(exchange(port, raw))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200), st.sampled_from(["sparql", "api/queries/top-documents", "api/queries/document-projects", "network"]),
       st.sampled_from(["query", "document", "focus", "min_years", "limit", "year", "x"]))
def test_random_parameters_never_500(endpoint, value, where, name):
    url, _ = endpoint
    status, _, body = http(url + where + "?" + urllib.parse.urlencode({name: value}), timeout=30)
    assert status != 500 and "Traceback" not in body, body[:500]


def test_still_serving_after_the_fuzzing(endpoint):
    url, _ = endpoint
    for _ in range(3):
        status, _, body = http(url + "sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
        assert status == 200 and "true" in body


def test_many_header_lines_and_a_huge_request_line(endpoint):
    _, port = endpoint
    many = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(500)) + b"\r\n"
    check_answer(exchange(port, many))
    huge = b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n"
    check_answer(exchange(port, huge))
