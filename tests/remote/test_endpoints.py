"""RemoteStore configuration and query text, without a server: URL shapes, options, credentials, VALUES."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from policygraph.errors import QueryError, StoreError
from policygraph.graph.remote import (
    PROFILES,
    RemoteStore,
    guess_server,
    join_rows,
    query_form,
    resolve_endpoints,
    split_slice,
    values_clause,
)

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


def test_values_clause_serialises_terms_with_pyoxigraph():
    clause = values_clause(
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
        values_clause(bindings)


SLICE_CASES = [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o }", None),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 10", "SELECT * WHERE { ?s ?p ?o }  ", (0, 10)),
    ("SELECT * WHERE { ?s ?p ?o } ORDER BY ?s offset 5 limit 2 # page 3",
     "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s     ", (5, 2)),
    ("SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 3 } }", "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 3 } }",
     None),
    ("SELECT ?y (COUNT(*) AS ?n) WHERE { ?s <p> ?y } GROUP BY ?y OFFSET 1",
     "SELECT ?y (COUNT(*) AS ?n) WHERE { ?s <p> ?y } GROUP BY ?y  ", (1, None)),
]


@pytest.mark.parametrize("text, rest, window", SLICE_CASES)
def test_split_slice_takes_only_the_outermost_limit_and_offset(text, rest, window):
    got, got_window = split_slice(text)
    assert (" ".join(got.split()), got_window) == (" ".join(rest.split()), window)


# -- joining bindings with answer rows (the Virtuoso path) ---------------------------

URI = {"type": "uri", "value": "https://w3id.org/policygraph/id/doc/1"}
TEXT = {"type": "literal", "value": "上海市科学技术委员会"}
TEXT_ZH = {"type": "literal", "xml:lang": "zh", "value": "上海市科学技术委员会"}
DEC = {"type": "typed-literal", "datatype": XSD + "decimal", "value": "12.5"}
YEAR = {"type": "typed-literal", "datatype": XSD + "gYear", "value": "2023"}

JOIN_CASES = [
    # (cell in the answer, bound term, kept?)
    (URI, ox.NamedNode(URI["value"]), True),
    (URI, ox.NamedNode(URI["value"] + "0"), False),
    (TEXT, ox.Literal("上海市科学技术委员会"), True),
    (TEXT, ox.Literal("上海市科学技术委员会", language="zh"), False),
    (TEXT_ZH, ox.Literal("上海市科学技术委员会", language="zh"), True),
    (TEXT_ZH, ox.Literal("上海市科学技术委员会", language="ZH"), True),  # language tags are case-insensitive
    (TEXT_ZH, ox.Literal("上海市科学技术委员会"), False),
    ({"type": "typed-literal", "datatype": XSD + "string", "value": "x"}, ox.Literal("x"), True),
    (DEC, ox.Literal("12.50", datatype=ox.NamedNode(XSD + "decimal")), True),  # Virtuoso canonicalises numbers
    (DEC, ox.Literal("12.5", datatype=ox.NamedNode(XSD + "double")), False),
    (YEAR, ox.Literal("2023", datatype=ox.NamedNode(XSD + "gYear")), True),
    (YEAR, ox.Literal("2023"), False),
    (YEAR, ox.NamedNode("http://x/2023"), False),
]


@pytest.mark.parametrize("cell, term, kept", JOIN_CASES)
def test_join_rows_keeps_rows_holding_the_same_rdf_term(cell, term, kept):
    doc = {"head": {"vars": ["v"]}, "results": {"bindings": [{"v": dict(cell)}]}}
    join_rows(doc, {"v": term}, None)
    assert len(doc["results"]["bindings"]) == int(kept)


def test_join_rows_binds_unbound_cells_and_applies_the_window_after_the_join():
    rows = [{"v": {"type": "literal", "value": str(i % 2)}, "i": {"type": "literal", "value": str(i)}} for i in range(10)]
    rows.append({"i": {"type": "literal", "value": "unbound"}})
    doc = {"head": {"vars": ["v", "i"]}, "results": {"bindings": rows}}
    join_rows(doc, {"v": ox.Literal("1")}, (1, 3))
    assert [r["i"]["value"] for r in doc["results"]["bindings"]] == ["3", "5", "7"]
    doc = {"head": {"vars": ["v", "i"]}, "results": {"bindings": [{"i": {"type": "literal", "value": "u"}}]}}
    join_rows(doc, {"v": ox.Literal("科技", language="zh")}, None)
    assert doc["results"]["bindings"] == [
        {"i": {"type": "literal", "value": "u"}, "v": {"type": "literal", "value": "科技", "xml:lang": "zh"}}
    ]


def test_join_rows_wants_the_variable_projected_like_local_pre_binding():
    doc = {"head": {"vars": ["a"]}, "results": {"bindings": []}}
    with pytest.raises(QueryError, match=r"does not contain variable \?b in its SELECT projection"):
        join_rows(doc, {"b": ox.Literal("x")}, None)
