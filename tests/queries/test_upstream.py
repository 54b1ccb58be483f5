"""serve's client of its Oxigraph child (queries/upstream.py): what a named query says when the child stops."""

import http.server
import threading

import pytest

from policygraph.errors import QueryError
from policygraph.queries.upstream import Upstream

HEAD = b'{"head":{"vars":["x"]},"results":{"bindings":['


@pytest.fixture
def child():
    """A stand-in for the Oxigraph child: answers every POST with the body the test sets."""
    answer = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(answer["body"])

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield answer, f"http://127.0.0.1:{server.server_address[1]}/query"
    finally:
        server.shutdown()
        server.server_close()


def test_an_answer_over_the_cap_names_the_cap_as_serve_was_given_it(child):
    answer, url = child
    answer["body"] = HEAD + b'{"x":{"type":"literal","value":"' + b"a" * (21 * 1024 * 1024) + b'"}]}}'
    upstream = Upstream(url, timeout_s=5, max_bytes=21 * 1024 * 1024)  # serve --max-result-mb 21 (21 MiB: "22 MB" in decimal)
    with pytest.raises(QueryError, match=r"^answer larger than 21 MB; narrow the query$"):
        upstream.query("SELECT ?x WHERE { ?x ?p ?o }")


def test_a_query_the_child_cancelled_names_the_timeout_and_the_option(child):
    answer, url = child
    answer["body"] = HEAD + b"The SPARQL operation has been cancelled"
    upstream = Upstream(url, timeout_s=7.5, max_bytes=1024 * 1024)
    with pytest.raises(QueryError, match=r"timeout \(7\.5 s; `policygraph serve --timeout-s` sets it\)"):
        upstream.query("SELECT ?x WHERE { ?x ?p ?o }")


def test_an_answer_under_the_cap_is_read(child):
    answer, url = child
    answer["body"] = HEAD + b'{"x":{"type":"literal","value":"\xe7\xa7\x91"}}]}}'
    rows = list(Upstream(url, timeout_s=5, max_bytes=1024 * 1024).query("SELECT ?x WHERE { ?x ?p ?o }"))
    assert [row["x"].value for row in rows] == ["科"]
