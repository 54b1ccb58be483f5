"""serve's client of its Oxigraph child (queries/upstream.py): what a named query says when the child stops."""

import http.server
import threading

import pytest

from policygraph.errors import QueryError
from policygraph.queries.upstream import AnswerTooLarge, QueryTimeout, Upstream

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
    with pytest.raises(AnswerTooLarge, match=r"^answer larger than 21 MB; narrow the query$"):
        upstream.query("SELECT ?x WHERE { ?x ?p ?o }")


def test_a_query_the_child_cancelled_names_the_timeout_and_the_option(child):
    answer, url = child
    answer["body"] = HEAD + b"The SPARQL operation has been cancelled"
    upstream = Upstream(url, timeout_s=7.5, max_bytes=1024 * 1024)
    with pytest.raises(QueryTimeout, match=r"timeout \(7\.5 s; `policygraph serve --timeout-s` sets it\)"):
        upstream.query("SELECT ?x WHERE { ?x ?p ?o }")


def test_an_answer_under_the_cap_is_read(child):
    answer, url = child
    answer["body"] = HEAD + b'{"x":{"type":"literal","value":"\xe7\xa7\x91"}}]}}'
    rows = list(Upstream(url, timeout_s=5, max_bytes=1024 * 1024).query("SELECT ?x WHERE { ?x ?p ?o }"))
    assert [row["x"].value for row in rows] == ["科"]


class _Refusing:
    """An upstream whose every query ends as the child's do at 10,000 documents: over the cap, or timed out."""

    def __init__(self, error):
        self.error = error
        self.location = "http://127.0.0.1:1/query"

    def query(self, sparql, bindings=None):
        raise self.error


@pytest.fixture
def front():
    """serve's front server in this process, over an upstream the test sets."""
    from policygraph.queries.server import FrontServer, ServeConfig

    server = FrontServer(ServeConfig(port=0), _Refusing(None))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def _get(server, path):
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(server.url + path, timeout=30) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


@pytest.mark.parametrize("path", ["api/queries/co-citation", "network?focus=%E5%9B%BD%E5%8F%91"])
def test_a_timeout_is_a_504_naming_the_option(front, path):
    front.upstream.error = QueryTimeout("the query took longer than the server's timeout (30 s; "
                                        "`policygraph serve --timeout-s` sets it)")
    status, body = _get(front, path)
    assert status == 504 and "--timeout-s" in body and len(body.strip().splitlines()) == 1


def test_a_network_page_over_the_cap_says_what_to_run_instead(front):
    front.upstream.error = AnswerTooLarge("answer larger than 32 MB; narrow the query")
    status, body = _get(front, "network?focus=%E5%9B%BD%E5%8F%91")
    assert status == 400 and "policygraph viz --focus" in body and "32 MB" in body
    status, body = _get(front, "api/queries/co-citation")
    assert status == 400 and body.strip() == "answer larger than 32 MB; narrow the query"
