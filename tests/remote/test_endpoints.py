"""RemoteStore configuration and query text, without a server: URL shapes, options, credentials, VALUES."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from policygraph.errors import QueryError, StoreError
from policygraph.graph.remote import PROFILES, RemoteStore, guess_server, resolve_endpoints
# the query text RemoteStore sends: the one lexer and binding builder, shared with queries/
from policygraph.graph.sparqltext import bind_block, query_form, values_block, where_group_start, with_values

XSD = "http://www.w3.org/2001/XMLSchema#"

# query URL as a user would paste it -> (server, update URL, GSP URL)
ENDPOINT_CASES = [
    ("http://127.0.0.1:7878/query", "oxigraph", "http://127.0.0.1:7878/update", "http://127.0.0.1:7878/store"),
    ("http://db.example.org:7878", "oxigraph", "http://db.example.org:7878/update", "http://db.example.org:7878/store"),
    ("http://h:8890/sparql", "virtuoso", "http://h:8890/sparql", "http://h:8890/sparql-graph-crud"),
    ("http://h:8890/", "virtuoso", "http://h:8890/sparql", "http://h:8890/sparql-graph-crud"),
    ("http://h:3030/budget/query", "fuseki", "http://h:3030/budget/update", "http://h:3030/budget/data"),
    ("http://h:3030/budget/sparql", "fuseki", "http://h:3030/budget/update", "http://h:3030/budget/data"),
    ("http://h:7200/repositories/pg", "graphdb", "http://h:7200/repositories/pg/statements",
     "http://h:7200/repositories/pg/rdf-graphs/service"),
    ("https://graphdb.example.org/repositories/pg", "graphdb", "https://graphdb.example.org/repositories/pg/statements",
     "https://graphdb.example.org/repositories/pg/rdf-graphs/service"),
    ("http://h:5820/pg/query", "stardog", "http://h:5820/pg/update", "http://h:5820/pg"),
    ("https://db-1.cluster-x.eu-west-1.neptune.amazonaws.com:8182/sparql", "neptune",
     "https://db-1.cluster-x.eu-west-1.neptune.amazonaws.com:8182/sparql", None),
    ("https://sparql.example.org/endpoint", "generic", "https://sparql.example.org/endpoint", None),
]


@pytest.mark.parametrize("url, server, update, gsp", ENDPOINT_CASES)
def test_known_servers_get_their_endpoints_from_the_query_url(url, server, update, gsp):
    assert guess_server(url) == server
    ep = resolve_endpoints(url)
    assert (ep.profile.name, ep.update, ep.gsp) == (server, update, gsp)


def test_virtuoso_writes_go_to_the_authenticated_endpoints_when_credentials_are_given():
    ep = resolve_endpoints("http://h:8890/sparql", has_credentials=True)
    assert (ep.query, ep.update, ep.gsp) == (
        "http://h:8890/sparql",
        "http://h:8890/sparql-auth",
        "http://h:8890/sparql-graph-crud-auth",
    )


def test_fragment_options_override_the_guess_and_never_reach_the_server(monkeypatch):
    monkeypatch.delenv("POLICYGRAPH_SPARQL_SERVER", raising=False)
    store = RemoteStore("http://h:9999/ds/sparql#server=fuseki&gsp=/ds/graphs&timeout=7.5", check=False)
    assert store.server == "fuseki"
    assert store.location == "http://h:9999/ds/sparql"
    assert store.endpoints.update == "http://h:9999/ds/update"
    assert store.endpoints.gsp == "http://h:9999/ds/graphs"
    assert store.timeout == 7.5


def test_environment_gives_defaults_and_keywords_win(monkeypatch):
    monkeypatch.setenv("POLICYGRAPH_SPARQL_SERVER", "generic")
    monkeypatch.setenv("POLICYGRAPH_SPARQL_UPDATE_URL", "http://h:1/write")
    monkeypatch.setenv("POLICYGRAPH_SPARQL_TIMEOUT", "12")
    store = RemoteStore("http://h:1/read", check=False)
    assert (store.server, store.endpoints.update, store.timeout) == ("generic", "http://h:1/write", 12.0)
    store = RemoteStore("http://h:1/read", update_url="http://h:1/other", timeout=3, check=False)
    assert (store.endpoints.update, store.timeout) == ("http://h:1/other", 3.0)


def test_credentials_leave_the_url_and_never_show(monkeypatch):
    monkeypatch.delenv("POLICYGRAPH_SPARQL_USER", raising=False)
    store = RemoteStore("http://alice:s%3Acret-pw@h:8890/sparql", check=False)
    assert store.location == "http://h:8890/sparql"
    assert "cret" not in repr(store) and "alice" not in repr(store)
    assert store.endpoints.update == "http://h:8890/sparql-auth"  # credentials switch Virtuoso to -auth


def test_credentials_from_the_environment(monkeypatch):
    monkeypatch.setenv("POLICYGRAPH_SPARQL_USER", "dba")
    monkeypatch.setenv("POLICYGRAPH_SPARQL_PASSWORD", "pw")
    store = RemoteStore("http://h:8890/sparql", check=False)
    assert store.endpoints.gsp == "http://h:8890/sparql-graph-crud-auth"


@pytest.mark.parametrize("location", ["ftp://h/sparql", "http:///sparql", "http://h:port/sparql", "h:8890/sparql"])
def test_a_location_that_is_not_an_http_url_is_a_store_error(location):
    with pytest.raises(StoreError, match="not an http"):
        RemoteStore(location, check=False)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"server": "blazegraph"}, "unknown SPARQL server kind 'blazegraph'"),
        ({"timeout": "soon"}, "timeout must be a positive number of seconds"),
        ({"timeout": 0}, "timeout must be a positive number of seconds"),
    ],
)
def test_bad_options_are_one_line_store_errors(options, message):
    with pytest.raises(StoreError) as err:
        RemoteStore("http://h:1/sparql", check=False, **options)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_every_profile_documents_a_load_method():
    for profile in PROFILES.values():
        assert profile.load in ("update", "gsp")
        assert profile.update or profile.gsp, profile.name


# -- query text --------------------------------------------------------------

FORM_CASES = [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT", 0),
    ("  ask {}", "ASK", 2),
    ("# a comment with SELECT in it\nPREFIX pg: <https://w3id.org/policygraph/ontology#>\nCONSTRUCT WHERE { ?s ?p ?o }",
     "CONSTRUCT", 82),
    ("BASE <http://x/>\nprefix : <http://y#>\nDESCRIBE <a>", "DESCRIBE", 38),
]


@pytest.mark.parametrize("text, form, offset", FORM_CASES)
def test_query_form_skips_the_prologue(text, form, offset):
    assert query_form(text) == (form, offset)
    assert text[offset:].upper().startswith(form)


@pytest.mark.parametrize(
    "text, message",
    [
        ("INSERT DATA { <a> <b> <c> }", "a SPARQL update, not a query"),
        ("PREFIX x: <y> DROP ALL", "a SPARQL update, not a query"),
        ("hello", "not a SPARQL query"),
    ],
)
def test_not_a_query_is_a_query_error(text, message):
    with pytest.raises(QueryError, match=message):
        query_form(text)


def test_values_block_serialises_terms_with_pyoxigraph():
    clause = values_block(
        {
            "doc": ox.NamedNode("https://w3id.org/policygraph/id/doc/abc"),
            "title": ox.Literal('关于"科技"的意见\n第二行 \\ 反斜杠', language="zh"),
            "year": ox.Literal("2023", datatype=ox.NamedNode(XSD + "gYear")),
        }
    )
    assert clause == (
        "VALUES (?doc ?title ?year) { (<https://w3id.org/policygraph/id/doc/abc> "
        '"关于\\"科技\\"的意见\\n第二行 \\\\ 反斜杠"@zh "2023"^^<http://www.w3.org/2001/XMLSchema#gYear>) }'
    )


@pytest.mark.parametrize(
    "bindings, message",
    [
        ({"a b": ox.Literal("x")}, "bad variable name"),
        ({"?a": ox.Literal("x")}, "bad variable name"),
        ({"a": ox.BlankNode("b0")}, "blank node cannot be bound"),
        ({"a": "plain str"}, "bind an RDF term"),
        ({"a": 2023}, "bind an RDF term"),
    ],
)
def test_bad_bindings_are_query_errors(bindings, message):
    with pytest.raises(QueryError, match=message):
        values_block(bindings)


def test_bind_block_binds_the_same_terms():
    clause = bind_block({"doc": ox.NamedNode("https://w3id.org/policygraph/id/doc/abc"), "n": ox.Literal("沪府办规〔2021〕5号")})
    assert clause == 'BIND(<https://w3id.org/policygraph/id/doc/abc> AS ?doc) BIND("沪府办规〔2021〕5号" AS ?n)'


# Where the outermost WHERE group opens: "|" marks the spot in the query text.
WHERE_CASES = [
    "SELECT ?s WHERE {| ?s ?p ?o }",
    "SELECT ?s {| ?s ?p ?o }",
    "ASK {| ?s ?p ?o }",
    "DESCRIBE ?s WHERE {| ?s ?p ?o }",
    "CONSTRUCT { ?s <p> ?o } WHERE {| ?s ?p ?o }",
    "CONSTRUCT WHERE {| ?s ?p ?o }",
    "CONSTRUCT FROM <g> WHERE {| ?s ?p ?o }",
    'PREFIX w: <http://x/where?SELECT#> SELECT (EXISTS { ?a ?b ?c } AS ?e) ?where WHERE {| ?s w:WHERE "{" }',
    "SELECT ?n # SELECT { in a comment\nWHERE {| ?s ?p ?n FILTER(?n != '}') }",
    'SELECT ?t WHERE {| ?s ?p """a { b""" . { SELECT ?t WHERE { ?x ?y ?t } } }',
]


@pytest.mark.parametrize("marked", WHERE_CASES)
def test_where_group_start_skips_templates_strings_iris_and_expressions(marked):
    text = marked.replace("|", "", 1)
    assert where_group_start(text) == marked.index("|")


def test_with_values_opens_the_where_group():
    text = "SELECT ?year ?p WHERE { ?p <fy> ?fy FILTER(?fy >= ?year) } LIMIT 5"
    year = ox.Literal("2023", datatype=ox.NamedNode(XSD + "gYear"))
    assert with_values(text, {"year": year}) == (
        "SELECT ?year ?p WHERE {\n  VALUES (?year) { (\"2023\"^^<http://www.w3.org/2001/XMLSchema#gYear>) }\n"
        " ?p <fy> ?fy FILTER(?fy >= ?year) } LIMIT 5"
    )
    bound = with_values(text, {"year": year}, style="bind")
    assert 'WHERE {\n  BIND("2023"^^<http://www.w3.org/2001/XMLSchema#gYear> AS ?year)\n ?p' in bound


def test_a_query_without_a_where_group_cannot_take_bindings():
    with pytest.raises(QueryError, match="no WHERE group"):
        with_values("DESCRIBE <http://x/a>", {"a": ox.Literal("x")})


# -- what goes over the wire (recorded by a mock transport, no server) -----------------


# Both callers of the one binding code: the named-query runner ("# bind: values", and the front
# server's upstream) and RemoteStore (VALUES, or BIND on Virtuoso). Where the two former copies
# differed, the row says which behaviour was kept. "|" marks where the bindings go; a message
# instead means a QueryError with it, for both, and nothing sent.
BOTH_CALLERS = [
    # CONSTRUCT: the template comes first
    "CONSTRUCT { ?s <http://ex/q> ?x } WHERE {| ?s ?p ?x }",
    "CONSTRUCT { ?s <http://ex/q> ?x } {| ?s ?p ?x }",
    'CONSTRUCT { ?s <http://ex/q> "WHERE {" } WHERE {| ?s ?p ?x }',
    # short CONSTRUCT WHERE, also with a dataset clause (the runner's copy took that WHERE group for
    # a template and found no group; RemoteStore's was right: a WHERE before any group ends the template)
    "CONSTRUCT WHERE {| ?s ?p ?x }",
    "CONSTRUCT FROM <http://ex/g> WHERE {| ?s ?p ?x }",
    # WHERE is optional
    "SELECT ?s {| ?s ?p ?x }",
    "ASK {| ?s ?p ?x }",
    # EXISTS { … } in the projection is not the WHERE group
    "SELECT ?s (EXISTS { ?s ?p ?o } AS ?e) WHERE {| ?s ?p ?x }",
    "SELECT (NOT EXISTS { ?a ?b ?c } AS ?where) {| ?s ?p ?x }",
    # strings, IRIs, prefixed names and comments hiding braces or the word WHERE
    'PREFIX w: <http://x/where?q=SELECT#>\nSELECT ?s # WHERE { in a comment\nWHERE {| ?s w:WHERE "} WHERE {" FILTER(?x != \'}\') }',
    "# SELECT { in the prologue's comment\nPREFIX where: <http://x/>\nSELECT ?where WHERE {| ?where where:p ?x }",
    'SELECT ?t WHERE {| ?s ?p """a { b""" . { SELECT ?t WHERE { ?x ?y ?t } } }',
    # no WHERE group: RemoteStore's QueryError for both (the runner's copy raised ValueError)
    ("DESCRIBE <http://ex/a>", "no WHERE group"),
    # not a query: the operation is the keyword after the prologue (the runner's copy took any SELECT
    # further on, here the sub-select of an update)
    ("DELETE WHERE { ?s ?p ?x . { SELECT ?s WHERE { ?s ?p ?x } } }", "a SPARQL update, not a query"),
    ("hello SELECT ?s { ?s ?p ?x }", "not a SPARQL query"),
    # an IRI cannot hold braces (SPARQL's IRIREF): the lexer does not read one, so no prologue and no
    # query (RemoteStore's copy read this prologue with a looser pattern; the server refuses it anyway)
    ("PREFIX w: <http://x/{where}#> SELECT ?s WHERE { ?s w:p ?x }", "not a SPARQL query"),
]
BOUND = {"x": ox.Literal("2023", datatype=ox.NamedNode(XSD + "gYear"))}
AS_VALUES = '\n  VALUES (?x) { ("2023"^^<http://www.w3.org/2001/XMLSchema#gYear>) }\n'
AS_BIND = '\n  BIND("2023"^^<http://www.w3.org/2001/XMLSchema#gYear> AS ?x)\n'


def answering_recorder(url: str) -> tuple[RemoteStore, list[str]]:
    """A RemoteStore whose server records each query text and answers it with nothing."""
    import httpx
    from urllib.parse import parse_qs

    sent = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(parse_qs(request.content.decode("ascii"))["query"][0])
        if request.headers["accept"] == "application/n-triples":
            return httpx.Response(200, content=b"", headers={"Content-Type": "application/n-triples"})
        body = b'{"head":{"vars":[]},"results":{"bindings":[]}}'  # (an ASK reads a table as Virtuoso's)
        return httpx.Response(200, content=body, headers={"Content-Type": "application/sparql-results+json"})

    store = RemoteStore(url, check=False)
    store._client = httpx.Client(transport=httpx.MockTransport(handler))
    return store, sent


@pytest.mark.parametrize("case", BOTH_CALLERS)
def test_both_callers_bind_parameters_at_the_same_place(case):
    from policygraph.queries.runner import bound_as_values

    marked, message = (case, None) if isinstance(case, str) else case
    text = marked.replace("|", "", 1)
    oxigraph, to_oxigraph = answering_recorder("http://h:7878/query")
    virtuoso, to_virtuoso = answering_recorder("http://h:8890/sparql")
    if message is None:
        at = marked.index("|")
        assert where_group_start(text) == at
        assert bound_as_values(text, BOUND) == (text[:at] + AS_VALUES + text[at:], {})
        oxigraph.query(text, BOUND)
        virtuoso.query(text, BOUND)
        assert to_oxigraph == [text[:at] + AS_VALUES + text[at:]]
        assert to_virtuoso == [text[:at] + AS_BIND + text[at:]]
        return
    assert where_group_start(text) is None
    with pytest.raises(QueryError, match=message):
        bound_as_values(text, BOUND)
    for store in (oxigraph, virtuoso):
        with pytest.raises(QueryError, match=message):
            store.query(text, BOUND)
    assert to_oxigraph == to_virtuoso == []


# Terms both callers refuse (the runner's copy only checked names, with \w+ and ValueError: a blank
# node, which VALUES cannot hold, or a Python str pasted as SPARQL went through); RemoteStore's
# refusals are kept, on the serialised text (exactly one IRI or literal) as well as on the type.
BAD_BINDINGS = [
    ({"a b": ox.Literal("x")}, "bad variable name"),
    ({"?a": ox.Literal("x")}, "bad variable name"),
    ({"a×b": ox.Literal("x")}, "bad variable name"),  # not a SPARQL VARNAME character
    ({"a": ox.BlankNode("b0")}, "blank node cannot be bound"),
    ({"a": "plain str"}, "bind an RDF term"),
    ({"a": '"looks like a literal"'}, "bind an RDF term"),
    ({"a": 2023}, "bind an RDF term"),
    ({"a": ox.Variable("b")}, "bind an RDF term"),
]


@pytest.mark.parametrize("bindings, message", BAD_BINDINGS)
def test_both_callers_refuse_what_cannot_be_bound(bindings, message):
    from policygraph.queries.runner import bound_as_values

    text = "SELECT * WHERE { ?s ?p ?o }"
    with pytest.raises(QueryError, match=message):
        bound_as_values(text, bindings)
    store, sent = answering_recorder("http://h:7878/query")
    with pytest.raises(QueryError, match=message):
        store.query(text, bindings)
    assert sent == []


def recording_store(url: str) -> tuple[RemoteStore, list]:
    import httpx

    sent = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    store = RemoteStore(url, check=False)
    store._client = httpx.Client(transport=httpx.MockTransport(handler))
    return store, sent


def document(graph: ox.NamedNode, n: int) -> list[ox.Quad]:
    from policygraph.ontology.terms import PG

    src = ox.NamedNode("http://example.org/src")
    marker = ox.Quad(src, PG.contentHash, ox.Literal("ab" * 32), graph)
    lines = [ox.Quad(ox.NamedNode(f"http://example.org/l{i}"), ox.NamedNode("http://example.org/t"),
                     ox.Literal(f"第{i}行"), graph) for i in range(n)]
    return [marker] + lines  # the marker first, as a mapping may well emit it


@pytest.mark.parametrize(
    "url, method, path",
    [
        ("http://dba:dba@h:8890/sparql", "PUT", "/sparql-graph-crud-auth"),  # Virtuoso: GSP PUT
        ("http://h:7878/query", "POST", "/update"),  # Oxigraph: one update
        ("http://h:3030/ds/query", "POST", "/ds/update"),  # Fuseki
    ],
)
def test_one_request_per_document_with_the_completion_marker_last(url, method, path):
    store, sent = recording_store(url)
    graph = ox.NamedNode("https://w3id.org/policygraph/id/graph/source/x")
    store.replace_source(graph, document(graph, 50))
    assert [(r.method, r.url.path) for r in sent] == [(method, path)]
    body = sent[0].content.decode("utf-8").rstrip("} \n")
    assert body.splitlines()[-1].split()[1] == "<https://w3id.org/policygraph/ontology#contentHash>"
    assert "第49行" in body


def test_oxigraph_documents_over_one_mib_go_by_graph_store_put():
    store, sent = recording_store("http://h:7878/query")
    graph = ox.NamedNode("https://w3id.org/policygraph/id/graph/source/x")
    store.replace_source(graph, document(graph, 20_000))  # ~1.2 MB of N-Triples
    assert [(r.method, r.url.path, r.url.params["graph"]) for r in sent] == [("PUT", "/store", graph.value)]


def test_a_read_only_store_sends_nothing():
    store, sent = recording_store("http://h:7878/query")
    store.read_only = True
    with pytest.raises(StoreError, match="read-only"):
        store.replace_source(ox.NamedNode("http://example.org/g"), [])
    assert sent == []


# -- reading answers: what servers send back, repaired (recorded Virtuoso shapes) ------

VIRTUOSO_JSON = """{ "head": { "link": [], "vars": ["s", "flag", "name"] },
  "results": { "distinct": false, "ordered": true, "bindings": [
    { "s": { "type": "bnode", "value": "nodeID://b10001" },
      "flag": { "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#boolean", "value": "1" },
      "name": { "type": "literal", "xml:lang": "zh", "value": "\\u79D1\\u6280\\u521B\\u65B0\\u5238" }} ] } }"""

VIRTUOSO_ASK = """{ "head": { "link": [], "vars": ["__ASK_RETVAL"] },
  "results": { "distinct": false, "ordered": true, "bindings": [
    { "__ASK_RETVAL": { "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "1" }} ] } }"""


def answering_store(url: str, body: str, media: str) -> RemoteStore:
    import httpx

    store = RemoteStore(url, check=False)
    store._client = httpx.Client(transport=httpx.MockTransport(
        lambda request: httpx.Response(200, content=body.encode("utf-8"), headers={"Content-Type": media})))
    return store


def test_virtuoso_answers_read_as_pyoxigraph_solutions():
    store = answering_store("http://h:8890/sparql", VIRTUOSO_JSON, "application/sparql-results+json")
    results = store.query("SELECT ?s ?flag ?name WHERE { ?s ?p ?o }")
    assert isinstance(results, ox.QuerySolutions)
    (row,) = list(results)
    assert isinstance(row["s"], ox.BlankNode)
    assert row["flag"] == ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))
    assert row[2] == ox.Literal("科技创新券", language="zh")


def test_virtuoso_ask_answered_as_a_table_is_a_boolean():
    store = answering_store("http://h:8890/sparql", VIRTUOSO_ASK, "application/sparql-results+json")
    answer = store.query("ASK { ?s ?p ?o }")
    assert isinstance(answer, ox.QueryBoolean) and bool(answer) is True
    empty = VIRTUOSO_ASK.replace('{ "__ASK_RETVAL": { "type": "typed-literal", "datatype": '
                                 '"http://www.w3.org/2001/XMLSchema#integer", "value": "1" }}', "")
    assert bool(answering_store("http://h:8890/sparql", empty, "application/sparql-results+json").query("ASK {}")) is False


def test_an_unreadable_answer_is_a_store_error():
    store = answering_store("http://h:7878/query", "<html>proxy error</html>", "text/html")
    with pytest.raises(StoreError, match="cannot read the server's query results"):
        store.query("SELECT * WHERE { ?s ?p ?o }")
