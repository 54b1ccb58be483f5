"""`policygraph serve`: a read-only SPARQL 1.1 endpoint and a web page over the store.

Oxigraph's own server (upstream.py) answers the SPARQL. In front of it sits
this small server (stdlib ``ThreadingHTTPServer``: no extra dependency, and
all it does is check requests, forward them and serve a few static files). It:

* serves ``/sparql`` (SPARQL 1.1 Protocol: GET, POST form, POST direct body;
  results by Accept header: SPARQL JSON/XML/CSV/TSV, Turtle/N-Triples/JSON-LD);
* refuses updates (read-only), SERVICE (no federation to arbitrary URLs) and
  LOAD, request bodies over a limit, and answers over a size cap; the child
  enforces the query timeout;
* with ``writable`` and a token (``serve --writable``): accepts SPARQL updates
  at /sparql from clients that send the token (HTTP Basic, user
  ``policygraph``, or ``Authorization: Bearer``), one at a time, each one
  transaction; still no LOAD or SERVICE unless ``allow_service``;
* serves the web page (static/) and a small JSON API of named queries
  (``/api/queries``, ``/api/queries/NAME?param=…``) whose parameters are bound
  as RDF terms;
* binds 127.0.0.1 unless told otherwise, and then answers only requests whose
  Host header names the loopback address (a DNS-rebinding page cannot use it);
* owns the store while it runs (graph/owner.py): another serve or an ingest is
  refused with its pid, except that an ingest goes through a writable server.

docs/security.md has the threat model.
"""

from __future__ import annotations

import base64
import hmac
import json
import mimetypes
import os
import re
import signal
import sys
import threading
import urllib.parse
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Optional

from ..errors import PolicygraphError, QueryError, StoreError
from .catalog import get_query, named_queries
from ..graph import sparqltext
from .formats import FORMATS, render, to_sparql_json
from .params import INPUT_TYPES, PREFIXES
from .runner import run_named
from .upstream import JSON_RESULTS, AnswerTooLarge, OxigraphChild, QueryTimeout, ResultTooLarge, Upstream, timeout_message

STATIC = Path(__file__).resolve().parent / "static"

#: result formats the endpoint offers, for answers that do not say what they accept
SELECT_DEFAULT = JSON_RESULTS
GRAPH_DEFAULT = "text/turtle"
#: the web page loads only its own files: nothing from elsewhere, no inline script
PAGE_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
#: viz pages are self-contained (inline script and data) and fetch nothing at all
VIZ_PAGE_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; "
                "font-src data:; base-uri 'none'; frame-ancestors 'none'")
#: an oversized body up to this size is read and dropped before the 413 answer; larger ones are cut off
DISCARD_MAX = 64 * 1024 * 1024


@dataclass(frozen=True)
class ServeConfig:
    host: str = "127.0.0.1"
    port: int = 7878
    timeout_s: float = 30.0  # per query, enforced by the Oxigraph child
    max_result_bytes: int = 32 * 1024 * 1024  # answers larger than this are refused, not truncated
    max_body_bytes: int = 1024 * 1024  # POST bodies (queries) larger than this are refused
    max_rows: int = 10_000  # rows per named-query answer through the JSON API
    writable: bool = False  # accept SPARQL updates from clients holding the token
    token: Optional[str] = None  # the write token (required when writable)
    allow_service: bool = False  # let SERVICE (and, writable, LOAD) through: the server then fetches URLs
    max_update_bytes: int = 128 * 1024 * 1024  # authenticated update bodies (Oxigraph's own limit)

    def __post_init__(self) -> None:
        if self.writable and not self.token:
            raise PolicygraphError("a writable server needs a token")


def vendor_files() -> dict[str, Path]:
    """Third-party assets served under /static/vendor/: vis-network as bundled by pyvis (no CDN)."""
    out: dict[str, Path] = {}
    try:
        import pyvis

        lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib"
        versions = sorted(lib.glob("vis-*/vis-network.min.js"))
        if versions:
            out["vis-network.min.js"] = versions[-1]
            css = versions[-1].with_name("vis-network.css")
            if css.exists():
                out["vis-network.css"] = css
    except ImportError:
        pass
    return out


class FrontServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, config: ServeConfig, upstream: Upstream) -> None:
        self.config = config
        self.upstream = upstream
        self.vendor = vendor_files()
        self.write_lock = threading.Lock()  # updates one at a time, in arrival order
        if ":" in config.host:
            import socket

            self.address_family = socket.AF_INET6
        super().__init__((config.host, config.port), Handler)
        self.allowed_hosts = loopback_host_names(config.host, self.server_address[1])

    def handle_error(self, request, client_address) -> None:
        """One line, no traceback: a client that hangs up is not an error worth a stack."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        sys.stderr.write(f"policygraph serve: {client_address[0]}: {type(exc).__name__}: {exc}\n")

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}/"


class RequestError(Exception):
    """An HTTP error answer: status and a one-line reason (never a traceback)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class Handler(BaseHTTPRequestHandler):
    server: FrontServer
    protocol_version = "HTTP/1.1"
    server_version = "policygraph"
    sys_version = ""
    timeout = 60  # seconds a client may take to send its request (slow clients do not hold threads forever)
    # the stdlib answers a request line it cannot parse "as HTTP/0.9": a bare HTML page without a status line
    default_request_version = "HTTP/1.0"

    def send_error(self, code: int, message: Optional[str] = None, explain: Optional[str] = None) -> None:
        """The stdlib's own refusals (bad request line, headers, version): one plain line like ours, never HTML."""
        self.close_connection = True
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "error"
        reason = " ".join(str(message or phrase).split())[:300]
        try:
            self._send(code, (reason + "\n").encode("utf-8", "replace"), "text/plain; charset=utf-8")
        except (OSError, ValueError):
            pass

    # -- dispatch ------------------------------------------------------------

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_OPTIONS(self) -> None:
        self._send(HTTPStatus.NO_CONTENT, b"", "text/plain", extra={"Allow": "GET, HEAD, POST, OPTIONS"})

    def _refuse_method(self) -> None:
        self._drain_body()
        self._error(RequestError(HTTPStatus.METHOD_NOT_ALLOWED, "method not allowed; this endpoint is read-only"))

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    def _dispatch(self, method: str) -> None:
        try:
            self._check_host()
            url = urllib.parse.urlsplit(_utf8_target(self.path))
            path = url.path
            if path == "/sparql":
                self._sparql(method, url.query)
            elif method == "POST":
                self._drain_body()
                raise RequestError(HTTPStatus.METHOD_NOT_ALLOWED, "POST is only accepted at /sparql")
            elif path in ("/", "/index.html"):
                self._static("index.html")
            elif path.startswith("/static/vendor/"):
                self._vendor(path[len("/static/vendor/"):])
            elif path.startswith("/static/"):
                self._static(path[len("/static/"):])
            elif path == "/api/queries":
                self._json(HTTPStatus.OK, catalog_json())
            elif path.startswith("/api/queries/"):
                self._named(urllib.parse.unquote(path[len("/api/queries/"):]), url.query)
            elif path == "/network":
                self._network(url.query)
            elif path == "/favicon.ico":
                self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
            else:
                raise RequestError(HTTPStatus.NOT_FOUND, "not found; the web page is at /, the SPARQL endpoint at /sparql")
        except RequestError as exc:
            self._error(exc)
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as exc:  # a bug: log it, answer one line, keep serving
            self.log_error("internal error: %s: %s", type(exc).__name__, exc)
            self._error(RequestError(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error"))

    # -- SPARQL protocol --------------------------------------------------------

    def _check_host(self) -> None:
        """On loopback, only requests naming a loopback host: a DNS-rebinding page sends its own name."""
        allowed = self.server.allowed_hosts
        if allowed is not None and (self.headers.get("Host") or "").strip().lower() not in allowed:
            self._drain_body()
            raise RequestError(HTTPStatus.MISDIRECTED_REQUEST, "this server answers only at its loopback address")

    def _sparql(self, method: str, query_string: str) -> None:
        params = _parse_qs(query_string)
        if method == "POST":
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                self._update(self._authorised_body().decode("utf-8", "replace"))
                return
            body = self._read_body()
            if ctype == "application/x-www-form-urlencoded":
                form = _parse_qs(body.decode("utf-8", "replace"))
                if "update" in form:
                    self._update_from_form(form)
                    return
                for k, v in form.items():
                    params.setdefault(k, []).extend(v)
            elif ctype == "application/sparql-query":
                params.setdefault("query", []).append(body.decode("utf-8", "replace"))
            else:
                raise RequestError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                                   "POST a query as application/sparql-query or application/x-www-form-urlencoded")
        if "update" in params:
            raise RequestError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL updates are refused")
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            raise RequestError(HTTPStatus.BAD_REQUEST, "give exactly one 'query' parameter (the web page is at /)")
        query = queries[0]
        operation = check_query(query, allow_service=self.server.config.allow_service)
        accept = self.headers.get("Accept") or ""
        if not accept.strip() or accept.strip() == "*/*":
            accept = GRAPH_DEFAULT if operation in ("CONSTRUCT", "DESCRIBE") else SELECT_DEFAULT
        dataset = {k: v for k, v in params.items() if k in ("default-graph-uri", "named-graph-uri")}
        try:
            reply = self.server.upstream.post_query(query, accept, dataset)
        except ResultTooLarge:
            limit = self.server.config.max_result_bytes // (1024 * 1024)
            raise RequestError(HTTPStatus.BAD_REQUEST, f"answer larger than {limit} MB; add LIMIT or narrow the query") from None
        except TimeoutError:
            raise RequestError(HTTPStatus.GATEWAY_TIMEOUT, timeout_message(self.server.config.timeout_s)) from None
        except OSError:
            raise RequestError(HTTPStatus.BAD_GATEWAY, "the SPARQL server is not answering") from None
        if reply.status >= 400:
            text = " ".join(reply.body.decode("utf-8", "replace").split())[:500] or HTTPStatus(reply.status).phrase
            raise RequestError(reply.status, text)
        self._send(reply.status, reply.body, reply.content_type)

    # -- updates (serve --writable) ---------------------------------------------

    def _authorised_body(self) -> bytes:
        """The body of an update request from a client holding the token (checked before reading it)."""
        config = self.server.config
        if not config.writable:
            self._drain_body()
            raise RequestError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL updates are refused")
        if not token_matches(self.headers.get("Authorization"), config.token or ""):
            self._drain_body()
            raise RequestError(HTTPStatus.UNAUTHORIZED, "updates need the server's token (HTTP Basic, user policygraph)")
        return self._read_body(config.max_update_bytes)

    def _update_from_form(self, form: dict[str, list[str]]) -> None:
        # the form body was read under the query limit before we knew it held an update: check the token now
        config = self.server.config
        if not config.writable:
            raise RequestError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL updates are refused")
        if not token_matches(self.headers.get("Authorization"), config.token or ""):
            raise RequestError(HTTPStatus.UNAUTHORIZED, "updates need the server's token (HTTP Basic, user policygraph)")
        updates = form.get("update", [])
        if len(updates) != 1:
            raise RequestError(HTTPStatus.BAD_REQUEST, "give exactly one 'update' parameter")
        self._update(updates[0])

    def _update(self, text: str) -> None:
        check_update(text, allow_service=self.server.config.allow_service)
        with self.server.write_lock:  # one transaction at a time: concurrent ingests are serialised per document
            try:
                reply = self.server.upstream.post_update(text.encode("utf-8"))
            except (OSError, StoreError):
                raise RequestError(HTTPStatus.BAD_GATEWAY, "the SPARQL server is not answering") from None
        if reply.status >= 400:
            text = " ".join(reply.body.decode("utf-8", "replace").split())[:500] or HTTPStatus(reply.status).phrase
            raise RequestError(reply.status, text)
        self._send(HTTPStatus.NO_CONTENT, b"", "text/plain")

    # -- named queries ----------------------------------------------------------

    def _named(self, name: str, query_string: str) -> None:
        fmt = "json"
        if "." in name:
            name, _, fmt = name.rpartition(".")
        if fmt not in ("json", "rq") + FORMATS:
            raise RequestError(HTTPStatus.NOT_FOUND, f"unknown format .{fmt}")
        try:
            query = get_query(name)
        except QueryError as exc:
            raise RequestError(HTTPStatus.NOT_FOUND, str(exc)) from None
        if fmt == "rq":
            self._send(HTTPStatus.OK, query.sparql.encode("utf-8"), "application/sparql-query; charset=utf-8")
            return
        given = {k: v[-1] for k, v in _parse_qs(query_string).items()}
        try:
            result = run_named(self.server.upstream, query, given, max_rows=self.server.config.max_rows)
        except QueryTimeout as exc:
            raise RequestError(HTTPStatus.GATEWAY_TIMEOUT, str(exc)) from None
        except PolicygraphError as exc:
            raise RequestError(HTTPStatus.BAD_REQUEST, str(exc)) from None
        if fmt == "json":
            self._json(HTTPStatus.OK, to_sparql_json(result), "application/sparql-results+json")
        else:
            types = {"csv": "text/csv", "tsv": "text/tab-separated-values", "md": "text/markdown", "table": "text/plain"}
            self._send(HTTPStatus.OK, render(result, fmt).encode("utf-8"), types[fmt] + "; charset=utf-8")

    # -- network explorer (policygraph.viz) -----------------------------------------

    def _network(self, query_string: str) -> None:
        """policygraph.viz's offline page of the dependency network around ``focus`` (IRI, name or number)."""
        params = {k: v[-1] for k, v in _parse_qs(query_string).items()}
        focus_on = params.get("focus", "").strip()
        if not focus_on:
            raise RequestError(HTTPStatus.BAD_REQUEST, "give focus=IRI, name or document number")
        try:
            depth = int(params.get("depth", "2"))
            year = int(params["year"]) if params.get("year") else None
        except ValueError:
            raise RequestError(HTTPStatus.BAD_REQUEST, "depth and year are integers") from None
        if not 0 <= depth <= 4:
            raise RequestError(HTTPStatus.BAD_REQUEST, "depth is 0 to 4")
        try:
            from ..viz import build_graph, render_page
            from ..viz.select import FocusError
        except ImportError:
            raise RequestError(HTTPStatus.NOT_FOUND, "the network explorer (policygraph.viz) is not available") from None
        try:
            graph = build_graph(self.server.upstream, "dependency", year=year, focus_on=focus_on, depth=depth)
            html = render_page(graph, title="policygraph", subtitle=f"around {focus_on}, depth {depth}")
        except FocusError as exc:
            raise RequestError(HTTPStatus.NOT_FOUND, str(exc)) from None
        except QueryTimeout as exc:
            raise RequestError(HTTPStatus.GATEWAY_TIMEOUT, str(exc)) from None
        except AnswerTooLarge:
            # the page's measures are the whole corpus's: it reads every project (1.3M rows at 10,000 documents)
            mb = self.server.config.max_result_bytes // (1024 * 1024)
            raise RequestError(HTTPStatus.BAD_REQUEST, f"the network explorer reads every project of the store, over "
                               f"serve's {mb} MB answer cap here; run `policygraph viz --focus …` on the store "
                               "instead (minutes at 10,000 documents)") from None
        except PolicygraphError as exc:  # a query the store refused
            raise RequestError(HTTPStatus.BAD_REQUEST, str(exc)) from None
        self._send(HTTPStatus.OK, html.encode("utf-8"), "text/html; charset=utf-8", csp=VIZ_PAGE_CSP)

    # -- static files -----------------------------------------------------------

    def _static(self, rel: str) -> None:
        path = safe_static_path(STATIC, rel)
        if path is None:
            raise RequestError(HTTPStatus.NOT_FOUND, "not found")
        self._file(path)

    def _vendor(self, name: str) -> None:
        path = self.server.vendor.get(name)
        if path is None:
            raise RequestError(HTTPStatus.NOT_FOUND, "not found")
        self._file(path)

    def _file(self, path: Path) -> None:
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript",):
            ctype += "; charset=utf-8"
        self._send(HTTPStatus.OK, path.read_bytes(), ctype, cache=True)

    # -- plumbing -------------------------------------------------------------

    def _read_body(self, limit: Optional[int] = None) -> bytes:
        limit = limit or self.server.config.max_body_bytes
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            raise RequestError(HTTPStatus.LENGTH_REQUIRED, "send a Content-Length (chunked bodies are not accepted)")
        length = self.headers.get("Content-Length")
        if length is None:
            raise RequestError(HTTPStatus.LENGTH_REQUIRED, "send a Content-Length")
        try:
            n = int(length)
        except ValueError:
            raise RequestError(HTTPStatus.BAD_REQUEST, "bad Content-Length") from None
        if n < 0:
            raise RequestError(HTTPStatus.BAD_REQUEST, "bad Content-Length")
        if n > limit:
            self._discard(n)
            raise RequestError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {limit} bytes")
        body = self.rfile.read(n)
        if len(body) < n:
            self.close_connection = True
            raise RequestError(HTTPStatus.BAD_REQUEST, "request body shorter than its Content-Length")
        return body

    def _discard(self, n: int) -> None:
        """Read and drop an unwanted body so the client gets our answer instead of a reset connection.

        Bodies beyond DISCARD_MAX are not read: the connection is closed instead.
        """
        if n > DISCARD_MAX:
            self.close_connection = True
            return
        while n > 0:
            chunk = self.rfile.read(min(n, 64 * 1024))
            if not chunk:
                self.close_connection = True
                return
            n -= len(chunk)

    def _drain_body(self) -> None:
        """Read a small unwanted body so keep-alive stays in sync; close on anything else."""
        try:
            n = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            n = -1
        if n < 0:
            self.close_connection = True
        elif n > 0:
            self._discard(n)

    def _json(self, status: int, data: object, ctype: str = "application/json") -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), ctype + "; charset=utf-8")

    def _error(self, exc: RequestError) -> None:
        body = (exc.reason + "\n").encode("utf-8")
        extra = {"WWW-Authenticate": 'Basic realm="policygraph", charset="UTF-8"'} if exc.status == HTTPStatus.UNAUTHORIZED else None
        self._send(exc.status, body, "text/plain; charset=utf-8", extra=extra)

    def _send(self, status: int, body: bytes, ctype: str, *, cache: bool = False, extra: Optional[dict] = None,
              csp: str = PAGE_CSP) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "max-age=300" if cache else "no-store")
        if ctype.startswith("text/html"):
            self.send_header("Content-Security-Policy", csp)
            self.send_header("X-Frame-Options", "DENY")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        if self.close_connection:  # say so: a keep-alive client must not send its next request here
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        if getattr(self.server, "quiet", False):
            return
        sys.stderr.write("policygraph serve: %s %s\n" % (self.address_string(), format % args))


def check_query(query: str, *, allow_service: bool = False) -> str:
    """The operation of a query the endpoint will run; refusals raise RequestError with the reason."""
    operation = sparqltext.operation(query)
    refused = sparqltext.refused_keywords(query)
    if operation == "UPDATE" or any(k != "SERVICE" for k in refused):
        raise RequestError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, …) are refused")
    if "SERVICE" in refused and not allow_service:
        raise RequestError(HTTPStatus.FORBIDDEN, "SERVICE (federated queries to other endpoints) is disabled on this endpoint")
    if operation is None:
        raise RequestError(HTTPStatus.BAD_REQUEST, "not a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)")
    return operation


def check_update(update: str, *, allow_service: bool = False) -> None:
    """Refuse an update that fetches URLs (LOAD, SERVICE) unless allowed, or that is not an update."""
    if sparqltext.operation(update) != "UPDATE":
        raise RequestError(HTTPStatus.BAD_REQUEST, "not a SPARQL update (INSERT, DELETE, DROP …)")
    if not allow_service:
        fetching = [k for k in sparqltext.refused_keywords(update) if k in ("LOAD", "SERVICE")]
        if fetching:
            raise RequestError(HTTPStatus.FORBIDDEN, f"{' and '.join(fetching)} would fetch URLs: disabled on this endpoint")


def token_matches(header: Optional[str], token: str) -> bool:
    """``Authorization: Basic base64(policygraph:TOKEN)`` or ``Bearer TOKEN``, compared in constant time."""
    if not header or not token:
        return False
    scheme, _, value = header.strip().partition(" ")
    value = value.strip()
    if scheme.lower() == "basic":
        try:
            _, _, given = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
    elif scheme.lower() == "bearer":
        given = value
    else:
        return False
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def loopback_host_names(host: str, port: int) -> Optional[frozenset[str]]:
    """Host header values a loopback server answers to; None (any) when it listens on other interfaces."""
    if not is_loopback(host):
        return None
    names = {"127.0.0.1", "localhost", "[::1]", host if ":" not in host else f"[{host}]"}
    return frozenset(f"{name}:{port}" for name in names) | (frozenset(names) if port == 80 else frozenset())


def safe_static_path(root: Path, rel: str) -> Optional[Path]:
    """A file inside ``root`` named by ``rel``, or None: no '..', no absolute paths, no symlinks out."""
    rel = urllib.parse.unquote(rel)
    if not rel or "\x00" in rel or "\\" in rel or rel.startswith("/") or not re.fullmatch(r"[\w./-]+", rel):
        return None
    if any(part in ("", ".", "..") or part.startswith(".") for part in rel.split("/")):
        return None
    path = (root / rel).resolve()
    try:
        path.relative_to(root.resolve())
    except ValueError:
        return None
    return path if path.is_file() else None


def _utf8_target(path: str) -> str:
    """The request target, its raw non-ASCII bytes read as UTF-8.

    Browsers percent-encode 科学技术协会 in a URL; curl and scripts often send the UTF-8 bytes as they are,
    and http.server decodes the request line as Latin-1: the parameter arrived as mojibake and matched
    nothing (an empty answer, no error).
    """
    try:
        return path.encode("latin-1").decode("utf-8")
    except UnicodeError:
        raise RequestError(HTTPStatus.BAD_REQUEST, "the URL is not UTF-8; percent-encode it (as browsers do)") from None


def _parse_qs(text: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(text, keep_blank_values=True, strict_parsing=False, max_num_fields=100)
    except ValueError:
        raise RequestError(HTTPStatus.BAD_REQUEST, "too many or malformed form fields") from None


def catalog_json() -> dict:
    """The named queries for the web page: titles, questions, parameter forms, the SPARQL."""
    return {
        "prefixes": PREFIXES,
        "queries": [
            {
                "name": q.name,
                "title": q.title,
                "question": q.question,
                "notes": list(q.notes),
                "sparql": q.sparql,
                "params": [
                    {"name": p.name, "type": p.type, "input": INPUT_TYPES.get(p.type, "text"),
                     "default": p.default, "required": p.required, "description": p.description,
                     "example": dict(q.example).get(p.name)}
                    for p in q.params
                ],
            }
            for q in named_queries()
        ],
    }


def serve(store: str, config: ServeConfig = ServeConfig(), *,
          on_ready: Optional[Callable[[str], None]] = None, quiet: bool = False) -> None:
    """Run the endpoint until interrupted (Ctrl+C or SIGTERM); the Oxigraph child stops with it.

    A local store is locked for the server's lifetime (graph/owner.py): the lock
    file says who serves it, where, and (writable) with which token, for ingests.
    """
    from ..graph.owner import Owner, StoreLock

    child: Optional[OxigraphChild] = None
    lock: Optional[StoreLock] = None
    update_url: Optional[str] = None
    server: Optional[FrontServer] = None
    previous = signal.getsignal(signal.SIGTERM) if threading.current_thread() is threading.main_thread() else None
    owner = Owner(pid=os.getpid(), role="serve", writable=config.writable, token=config.token)
    try:
        if store.startswith(("http://", "https://")):
            upstream_url = store
            if config.writable:
                raise PolicygraphError("--writable serves a local store; a remote server takes updates itself")
        else:
            lock = StoreLock(store, owner)
            if os.path.isdir(store):
                lock.acquire()
            child = OxigraphChild(store, timeout_s=config.timeout_s, writable=config.writable,
                                  sandboxed=not config.allow_service)
            upstream_url = child.start()
            update_url = child.update_url if config.writable else None
        upstream = Upstream(upstream_url, timeout_s=config.timeout_s, max_bytes=config.max_result_bytes, update_url=update_url)
        try:
            server = FrontServer(config, upstream)
        except OSError as exc:
            raise PolicygraphError(f"cannot listen on {config.host}:{config.port} ({exc.strerror or exc})") from None
        server.quiet = quiet
        if lock is not None:
            from dataclasses import replace

            lock.update(replace(owner, url=server.url))
        if previous is not None:
            signal.signal(signal.SIGTERM, _raise_interrupt)
        if on_ready:
            on_ready(server.url)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            server.server_close()
        if child is not None:
            child.stop()
        if lock is not None:
            lock.release()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def is_loopback(host: str) -> bool:
    return host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")

