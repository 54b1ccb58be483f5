"""Scale-out: the graph on an external SPARQL 1.1 server (Oxigraph server, Virtuoso, Fuseki …).

:class:`RemoteStore` implements the :class:`~policygraph.graph.store.GraphStore`
protocol over HTTP, so ingest, named queries and viz run unchanged against a
server when a corpus outgrows one machine:

* queries: SPARQL 1.1 Protocol (form POST); results are parsed into the same
  pyoxigraph objects LocalStore returns (``QuerySolutions`` with ``row["v"]`` /
  ``row[i]`` / ``.variables``, ``QueryBoolean``, an iterator of ``Triple``);
* bindings: RDF terms serialised by pyoxigraph in a ``VALUES`` row (``BIND``
  on Virtuoso) opening the outermost WHERE group, so FILTERs see them as with
  LocalStore's pre-binding (never user text pasted into the query);
* one named graph per request: a SPARQL Update ``DROP``+``INSERT DATA`` (one
  transaction on servers that run an update request atomically) or a Graph
  Store Protocol ``PUT``. Where the server does not make that atomic, the
  document's ``pg:contentHash`` (ingest's "this document is complete" marker)
  is sent last, so an interrupted write is seen as incomplete and redone;
* queries see the union of all graphs as the default graph.

Where each server takes queries, updates and GSP requests, and which of its
quirks we work around, is the ``PROFILES`` table below (documented in
docs/scale-out.md). Credentials come from the URL's userinfo or from
``POLICYGRAPH_SPARQL_USER`` / ``POLICYGRAPH_SPARQL_PASSWORD``; they never appear
in ``location``, messages or logs.

httpx (already installed with spaCy) is used instead of urllib because it
answers Digest challenges (Virtuoso's authenticated endpoints), keeps
connections alive across the one-request-per-document ingest and has separate
connect/read timeouts.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping, Optional, Union
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from ..errors import QueryError, StoreError
from ..ontology.terms import PG
from . import sparqltext

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal]

# Environment variables (lowest precedence after the profile defaults; the URL
# fragment and keyword arguments override them).
ENV_SERVER = "POLICYGRAPH_SPARQL_SERVER"
ENV_UPDATE_URL = "POLICYGRAPH_SPARQL_UPDATE_URL"
ENV_GSP_URL = "POLICYGRAPH_SPARQL_GSP_URL"
ENV_USER = "POLICYGRAPH_SPARQL_USER"
ENV_PASSWORD = "POLICYGRAPH_SPARQL_PASSWORD"
ENV_TIMEOUT = "POLICYGRAPH_SPARQL_TIMEOUT"

DEFAULT_TIMEOUT_S = 60.0
#: how much of a server's error text reaches a message
MAX_SERVER_MESSAGE = 200

# ---------------------------------------------------------------------------
# server profiles: where each server takes what, and which quirks to work around


@dataclass(frozen=True)
class ServerProfile:
    """How to talk to one kind of SPARQL server.

    URL templates are expanded against the query URL: ``{query}`` (the query URL
    itself), ``{parent}`` (it without its last path segment) and ``{root}``
    (scheme://host:port). ``None`` means the server has no such endpoint.
    """

    name: str
    update: Optional[str]
    gsp: Optional[str]
    #: endpoints to use instead when credentials are given (Virtuoso's *-auth endpoints)
    update_with_credentials: Optional[str] = None
    gsp_with_credentials: Optional[str] = None
    #: how replace_source sends a document: "update" (one SPARQL Update) or "gsp" (one PUT)
    load: str = "update"
    #: largest SPARQL Update body the server accepts; bigger documents go by GSP PUT
    max_update_bytes: Optional[int] = None
    #: extra protocol parameters sent with every query (union default graph switches)
    query_params: tuple[tuple[str, str], ...] = ()
    #: how bindings open the outermost WHERE group: "values" (VALUES (?a) { (t) })
    #: or "bind" (BIND(t AS ?a)); the same join, but Virtuoso gets VALUES wrong
    bind_with: str = "values"


PROFILES: dict[str, ServerProfile] = {
    p.name: p
    for p in (
        # Oxigraph server: /query, /update, /store. An update request is one
        # transaction; its body is capped at 1 MiB, so bigger documents go by PUT
        # (clear, then load in a second transaction: readers may briefly see the
        # graph empty, never half-loaded). union-default-graph works per request.
        ServerProfile(
            "oxigraph",
            update="{parent}/update",
            gsp="{parent}/store",
            load="update",
            max_update_bytes=1_048_576,
            query_params=(("union-default-graph", ""),),
        ),
        # Virtuoso: /sparql for reads (its default graph is already the union of
        # all graphs); writes need an account and go to the Digest-protected
        # endpoints. An INSERT DATA of ~5000 triples overflows its SPARQL
        # compiler, and neither updates nor PUTs are atomic there (operations
        # commit one by one, readers see uncommitted rows), so documents go by
        # the faster GSP PUT, completion marker last. Its VALUES gives wrong
        # answers (a trailing one is ignored by sub-selects, or misses non-ASCII
        # strings and anything under DISTINCT, and is refused after ASK/CONSTRUCT;
        # one opening the WHERE group misses language-tagged text in sub-selects),
        # so parameters are bound with BIND, which it gets right.
        ServerProfile(
            "virtuoso",
            update="{root}/sparql",
            gsp="{root}/sparql-graph-crud",
            update_with_credentials="{root}/sparql-auth",
            gsp_with_credentials="{root}/sparql-graph-crud-auth",
            load="gsp",
            bind_with="bind",
        ),
        # Apache Jena Fuseki: /ds/query, /ds/update, /ds/data. Its default graph is
        # not the union unless the dataset says so; urn:x-arq:UnionGraph asks for it.
        ServerProfile(
            "fuseki",
            update="{parent}/update",
            gsp="{parent}/data",
            query_params=(("default-graph-uri", "urn:x-arq:UnionGraph"),),
        ),
        # Ontotext GraphDB: /repositories/{id}; the default graph is the union.
        ServerProfile(
            "graphdb",
            update="{query}/statements",
            gsp="{query}/rdf-graphs/service",
        ),
        # Stardog: /{db}/query, /{db}/update, GSP on /{db}; the union of all graphs
        # is the special graph tag:stardog:api:context:all.
        ServerProfile(
            "stardog",
            update="{parent}/update",
            gsp="{parent}",
            query_params=(("default-graph-uri", "tag:stardog:api:context:all"),),
        ),
        # Amazon Neptune: /sparql for queries and updates; default graph is the union.
        ServerProfile("neptune", update="{query}", gsp=None),
        # Anything else speaking SPARQL 1.1: updates on the query URL unless told.
        ServerProfile("generic", update="{query}", gsp=None),
    )
}


#: the query endpoint of a server given by its bare address (http://host:7878)
BARE_ADDRESS_PATHS = {"oxigraph": "/query", "virtuoso": "/sparql"}


def guess_server(query_url: str) -> str:
    """The profile name a query URL looks like (``generic`` when unsure)."""
    parts = urlsplit(query_url)
    host, port = (parts.hostname or ""), parts.port
    path = parts.path.rstrip("/")
    segments = [s for s in path.split("/") if s]
    if host.endswith(".neptune.amazonaws.com") or port == 8182:
        return "neptune"
    if path in ("/sparql", "/sparql-auth") or port == 8890:
        return "virtuoso"
    if len(segments) == 2 and segments[0] == "repositories" or port == 7200:
        return "graphdb"
    if port == 5820:
        return "stardog"
    if path == "/query" or port == 7878:
        return "oxigraph"
    if len(segments) == 2 and segments[1] in ("query", "sparql") or port == 3030:
        return "fuseki"
    return "generic"


@dataclass(frozen=True)
class Endpoints:
    """The resolved URLs and behaviour for one server (no credentials in here)."""

    profile: ServerProfile
    query: str
    update: Optional[str]
    gsp: Optional[str]


def resolve_endpoints(
    query_url: str,
    *,
    server: Optional[str] = None,
    update_url: Optional[str] = None,
    gsp_url: Optional[str] = None,
    has_credentials: bool = False,
) -> Endpoints:
    """Fill in update and GSP URLs from a server profile unless given explicitly."""
    name = (server or guess_server(query_url)).lower()
    if name not in PROFILES:
        raise StoreError(f"unknown SPARQL server kind {name!r} (known: {', '.join(PROFILES)})", path=query_url)
    profile = PROFILES[name]
    parts = urlsplit(query_url)
    root = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    path = parts.path.rstrip("/")
    if not path and profile.name in BARE_ADDRESS_PATHS:
        path = BARE_ADDRESS_PATHS[profile.name]  # a bare server address: complete it to the query endpoint
        query_url = urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
    parent = root + path.rsplit("/", 1)[0] if "/" in path else root
    query = root + path

    def expand(template: Optional[str]) -> Optional[str]:
        return template.format(query=query, parent=parent, root=root) if template else None

    update = update_url or expand(
        profile.update_with_credentials if has_credentials and profile.update_with_credentials else profile.update
    )
    gsp = gsp_url or expand(profile.gsp_with_credentials if has_credentials and profile.gsp_with_credentials else profile.gsp)
    return Endpoints(profile=profile, query=query_url, update=_absolute(update, root), gsp=_absolute(gsp, root))


def _absolute(url: Optional[str], root: str) -> Optional[str]:
    """Options may give a path ("/ds/update"); make it a URL on the same server."""
    if url and url.startswith("/"):
        return root + url
    return url


# ---------------------------------------------------------------------------
# the store


class RemoteStore:
    """A :class:`GraphStore` on an external SPARQL 1.1 server.

    ``location`` is the query endpoint URL. Options (keyword arguments win over
    the URL fragment, which wins over environment variables):

    * ``server`` — ``oxigraph``, ``virtuoso``, ``fuseki``, ``graphdb``,
      ``stardog``, ``neptune`` or ``generic`` (guessed from the URL otherwise);
    * ``update_url`` / ``gsp_url`` — SPARQL Update and Graph Store endpoints;
    * ``username`` / ``password`` — also from ``http://user:pass@host/…``;
    * ``timeout`` — seconds to wait for the server to connect or answer.

    The fragment carries the same options without ever reaching the server:
    ``http://host:3030/ds/query#server=fuseki&gsp=/ds/data&timeout=120``.
    """

    def __init__(
        self,
        location: str,
        *,
        server: Optional[str] = None,
        update_url: Optional[str] = None,
        gsp_url: Optional[str] = None,
        username: Optional[str] = None,
        password: Optional[str] = None,
        timeout: Optional[float] = None,
        read_only: bool = False,
        check: bool = True,
    ) -> None:
        parts = urlsplit(location)
        netloc = parts.hostname or ""
        if ":" in netloc:  # IPv6 literal
            netloc = f"[{netloc}]"
        try:
            port = parts.port
        except ValueError:
            port = -1
        if parts.scheme not in ("http", "https") or not netloc or port == -1:
            shown = urlunsplit((parts.scheme, netloc, parts.path, "", ""))
            raise StoreError("not an http(s) URL of a SPARQL endpoint", path=shown or "(empty location)")
        if port:
            netloc += f":{port}"
        query_url = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
        options = dict(parse_qsl(parts.fragment))

        def option(kwarg, key, env):
            return kwarg if kwarg is not None else options.get(key) or os.environ.get(env) or None

        # credentials: keyword > URL userinfo > environment (never in the fragment: it is shown)
        user = username if username is not None else unquote(parts.username or "") or os.environ.get(ENV_USER)
        secret = password if password is not None else (
            unquote(parts.password) if parts.password is not None else os.environ.get(ENV_PASSWORD, "")
        )
        self.endpoints = resolve_endpoints(
            query_url,
            server=option(server, "server", ENV_SERVER),
            update_url=option(update_url, "update", ENV_UPDATE_URL),
            gsp_url=option(gsp_url, "gsp", ENV_GSP_URL),
            has_credentials=bool(user),
        )
        #: the query endpoint as shown to users: no credentials, no options
        self.location = self.endpoints.query
        self.read_only = read_only
        self.timeout = _timeout(option(timeout, "timeout", ENV_TIMEOUT), self.location)
        self._client = httpx.Client(
            auth=_ChallengeAuth(user, secret or "") if user else None,
            timeout=httpx.Timeout(self.timeout, connect=min(10.0, self.timeout)),
            headers={"User-Agent": "policygraph"},
            follow_redirects=True,
        )
        if check:
            try:
                self.query("ASK { }")  # fail here, with the URL, when the server is not there
            except BaseException:
                self._client.close()
                raise

    @property
    def server(self) -> str:
        return self.endpoints.profile.name

    # -- queries ------------------------------------------------------------

    def query(self, sparql: str, bindings: Optional[Mapping[str, Term]] = None):
        """Run a query over the union of all graphs; returns what LocalStore.query returns.

        ``bindings`` open the outermost WHERE group (``VALUES``, or ``BIND`` on
        Virtuoso), so the whole query sees them, FILTERs included, as with
        LocalStore's pre-binding.
        """
        form, _ = sparqltext.query_form(sparql)
        profile = self.endpoints.profile
        if bindings:
            sparql = sparqltext.with_values(sparql, bindings, style=profile.bind_with)
        # SPARQL JSON, not XML: pyoxigraph's XML results parser trims spaces and newlines around literals
        accept = "application/n-triples" if form in ("CONSTRUCT", "DESCRIBE") else "application/sparql-results+json"
        form_body = urlencode([("query", sparql), *profile.query_params]).encode("ascii")
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        response = self._request("POST", self.endpoints.query, "query", content=form_body, headers=headers)
        if form in ("CONSTRUCT", "DESCRIBE"):
            return RemoteTriples(self._parse_triples(response))
        results = self._parse_results(response)
        if form == "ASK":
            return _as_boolean(results)
        if isinstance(results, ox.QueryBoolean):
            raise StoreError("the SPARQL server answered a SELECT query with a boolean", path=self.location)
        return results

    # -- writes -------------------------------------------------------------

    def update(self, sparql_update: str) -> None:
        """Run one SPARQL 1.1 Update request."""
        self._writable()
        if not self.endpoints.update:
            raise StoreError("no SPARQL Update endpoint configured (option update=URL)", path=self.location)
        self._request(
            "POST",
            self.endpoints.update,
            "update",
            content=sparql_update.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )

    def replace_source(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        """Replace one named graph in one request (see the server profile for atomicity)."""
        self._writable()
        if not isinstance(graph, ox.NamedNode):
            raise StoreError(f"a source graph must be an IRI, not {graph!r}", path=self.location)
        triples = _marker_last([ox.Triple(q.subject, q.predicate, q.object) for q in quads])
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) if triples else b""
        ep = self.endpoints
        if ep.gsp and (ep.profile.load == "gsp" or not ep.update):
            return self._put_graph(graph, body)
        update = f"DROP SILENT GRAPH {graph} ;\n".encode("utf-8")
        if triples:
            update += f"INSERT DATA {{ GRAPH {graph} {{\n".encode("utf-8") + body + b"} }"
        limit = ep.profile.max_update_bytes
        if limit is not None and len(update) > limit:
            if not ep.gsp:
                raise StoreError(
                    f"graph {graph.value} is {len(update)} bytes, more than the server's update limit "
                    f"({limit}), and no Graph Store endpoint is configured (option gsp=URL)",
                    path=self.location,
                )
            return self._put_graph(graph, body)
        self._request(
            "POST",
            ep.update,
            "update",
            content=update,
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )

    def drop_source(self, graph: ox.NamedNode) -> None:
        """Remove one named graph (no error when it does not exist)."""
        self.replace_source(graph, ())

    def _put_graph(self, graph: ox.NamedNode, body: bytes) -> None:
        gsp = self.endpoints.gsp
        param = {"graph-uri" if self.server == "virtuoso" else "graph": graph.value}
        if body:
            self._request(
                "PUT", gsp, "graph store PUT", params=param, content=body, headers={"Content-Type": "application/n-triples"}
            )
        else:
            self._request("DELETE", gsp, "graph store DELETE", params=param, missing_ok=True)

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("the store was opened read-only", path=self.location)

    # -- inspection ---------------------------------------------------------

    def named_graphs(self) -> list[ox.NamedNode]:
        """Every named graph holding triples (on Virtuoso this includes its system graphs)."""
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted((r["g"] for r in rows if isinstance(r["g"], ox.NamedNode)), key=lambda g: g.value)

    def __len__(self) -> int:
        """Number of quads in named graphs (on Virtuoso this includes its system graphs)."""
        rows = list(self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
        return int(rows[0]["n"].value) if rows else 0

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "RemoteStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"RemoteStore({self.location!r}, server={self.server!r})"

    # -- HTTP ---------------------------------------------------------------

    def _request(self, method: str, url: str, what: str, *, missing_ok: bool = False, **kwargs) -> httpx.Response:
        try:
            response = self._client.request(method, url, **kwargs)
        except httpx.TimeoutException:
            raise StoreError(f"the SPARQL server did not answer the {what} within {self.timeout:g} s", path=url) from None
        except httpx.ConnectError:
            raise StoreError(f"cannot connect to the SPARQL server (is it running?) for the {what}", path=url) from None
        except httpx.HTTPError as exc:
            raise StoreError(f"HTTP failure during the {what}: {type(exc).__name__}", path=url) from None
        status = response.status_code
        if status < 400 or (missing_ok and status == 404):
            return response
        message = server_message(response)
        if status in (401, 403):
            hint = (
                "credentials refused"
                if self._client.auth
                else "the server wants credentials (http://user:password@host/… or "
                f"{ENV_USER}/{ENV_PASSWORD})"
            )
            raise StoreError(f"HTTP {status} for the {what}: {hint}", path=url)
        if status == 400 and what == "query":
            raise QueryError(f"the SPARQL server rejected the query: {message}", path=url)
        raise StoreError(f"HTTP {status} for the {what}: {message}", path=url)

    def _parse_results(self, response: httpx.Response):
        self._refuse_partial(response)
        fmt, body = ox.QueryResultsFormat.JSON, self._repair_json(response.content)
        try:
            for _ in ox.parse_query_results(body, format=fmt):
                pass  # parse once here so a bad answer is a StoreError, not a SyntaxError mid-iteration
        except TypeError:
            pass  # a boolean result is not iterable
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot read the server's query results: {_first_line(str(exc))}", path=self.location)
        return ox.parse_query_results(body, format=fmt)

    def _repair_json(self, body: bytes) -> bytes:
        if b'"bnode"' not in body and BOOLEAN.value.encode("ascii") not in body:
            return body
        try:
            doc = json.loads(body)
        except ValueError as exc:
            raise StoreError(f"cannot read the server's query results: {_first_line(str(exc))}", path=self.location)
        _repair_cells(doc)
        return json.dumps(doc).encode("utf-8")

    def _parse_triples(self, response: httpx.Response) -> list[ox.Triple]:
        self._refuse_partial(response)
        media = response.headers.get("content-type", "application/n-triples").split(";")[0].strip()
        fmt = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.N_TRIPLES
        try:
            return [_canonical_triple(q.triple) for q in ox.parse(response.content, format=fmt)]
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot read the server's triples ({media}): {_first_line(str(exc))}", path=self.location)

    def _refuse_partial(self, response: httpx.Response) -> None:
        # Virtuoso answers with whatever it has when a limit hits, flagged only in headers.
        if "x-sparql-maxrows" in response.headers:
            raise StoreError(
                f"the server cut the result at {response.headers['x-sparql-maxrows']} rows "
                "(Virtuoso [SPARQL] ResultSetMaxRows); raise it or narrow the query",
                path=self.location,
            )
        if "x-sql-state" in response.headers:
            raise StoreError(
                "the server stopped the query at a limit and sent partial results: "
                + _first_line(response.headers.get("x-sql-message", response.headers["x-sql-state"])),
                path=self.location,
            )


class RemoteTriples:
    """CONSTRUCT/DESCRIBE results: an iterator of pyoxigraph ``Triple``, like ``pyoxigraph.QueryTriples``."""

    def __init__(self, triples: list[ox.Triple]) -> None:
        self._triples = iter(triples)

    def __iter__(self) -> Iterator[ox.Triple]:
        return self

    def __next__(self) -> ox.Triple:
        return next(self._triples)

    def serialize(self, output=None, format: Optional[ox.RdfFormat] = None):
        return ox.serialize(list(self), output, format=format or ox.RdfFormat.N_TRIPLES)


# ---------------------------------------------------------------------------
# helpers


def _marker_last(triples: list[ox.Triple]) -> list[ox.Triple]:
    """pg:contentHash last: where a write is not atomic, a partial graph then lacks it (see ingest)."""
    return [t for t in triples if t.predicate != PG.contentHash] + [t for t in triples if t.predicate == PG.contentHash]


def _timeout(value, location: str) -> float:
    if value is None:
        return DEFAULT_TIMEOUT_S
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = -1.0
    if not seconds > 0:
        raise StoreError(f"timeout must be a positive number of seconds, not {value!r}", path=location)
    return seconds


def _as_boolean(results) -> ox.QueryBoolean:
    """ASK answers: a real boolean, or (Virtuoso) a one-column table whose non-zero row means true."""
    if isinstance(results, ox.QueryBoolean):
        return results
    truth = any(any(t is not None and t.value not in ("0", "false") for t in row) for row in results)
    return ox.parse_query_results(
        b'{"head":{},"boolean":' + (b"true" if truth else b"false") + b"}", format=ox.QueryResultsFormat.JSON
    )


BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
#: Virtuoso writes booleans as 1/0; LocalStore (and the spec's canonical form) says true/false
_BOOLEAN_SPELLING = {"1": "true", "0": "false"}


def _repair_cells(doc: dict) -> None:
    """Blank node ids pyoxigraph accepts (Virtuoso sends ``nodeID://b10000``), canonical booleans."""
    for row in doc.get("results", {}).get("bindings", []):
        for cell in row.values():
            if cell.get("type") == "bnode":
                cell["value"] = _blank_id(cell["value"])
            elif cell.get("datatype") == BOOLEAN.value and cell.get("value") in _BOOLEAN_SPELLING:
                cell["value"] = _BOOLEAN_SPELLING[cell["value"]]


def _canonical_triple(triple: ox.Triple) -> ox.Triple:
    o = triple.object
    if isinstance(o, ox.Literal) and o.datatype == BOOLEAN and o.value in _BOOLEAN_SPELLING:
        return ox.Triple(triple.subject, triple.predicate, ox.Literal(_BOOLEAN_SPELLING[o.value], datatype=BOOLEAN))
    return triple


def _blank_id(label: str) -> str:
    for candidate in (label, label.removeprefix("nodeID://")):  # Virtuoso's CONSTRUCT output says _:b10000
        try:
            ox.BlankNode(candidate)
            return candidate
        except (SyntaxError, ValueError):
            pass
    return "x" + label.encode("utf-8").hex()


def server_message(response: httpx.Response) -> str:
    """The first meaningful line of a server's error answer, truncated."""
    text = response.text if response.content else ""
    if "html" in response.headers.get("content-type", ""):
        text = re.sub(r"<[^>]*>", " ", text)
    return _first_line(text) or response.reason_phrase or "no message"


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= MAX_SERVER_MESSAGE else line[: MAX_SERVER_MESSAGE - 1] + "…"
    return ""


class _ChallengeAuth(httpx.Auth):
    """Answer whichever challenge the server sends: Digest (Virtuoso) or Basic (Fuseki, GraphDB …).

    Credentials are only sent after a 401 asks for them (Basic is then sent
    up front on later requests).
    """

    def __init__(self, user: str, password: str) -> None:
        self._digest = httpx.DigestAuth(user, password)
        self._basic = httpx.BasicAuth(user, password)
        self._basic_only = False

    def auth_flow(self, request: httpx.Request):
        if self._basic_only:
            yield from self._basic.auth_flow(request)
            return
        flow = self._digest.auth_flow(request)
        request = next(flow)
        response = yield request
        if response.status_code != 401:
            return
        schemes = [h.split(" ", 1)[0].lower() for h in response.headers.get_list("www-authenticate")]
        if "digest" not in schemes:
            self._basic_only = "basic" in schemes
            if self._basic_only:
                yield from self._basic.auth_flow(request)
            return
        try:
            retry = flow.send(response)
        except StopIteration:
            return
        yield retry


__all__ = [
    "PROFILES",
    "Endpoints",
    "RemoteStore",
    "RemoteTriples",
    "ServerProfile",
    "guess_server",
    "resolve_endpoints",
]
