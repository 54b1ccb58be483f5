"""RemoteStore against real servers (Oxigraph server and Virtuoso), compared with the embedded store.

Every test runs on both servers (the ``server`` fixture is parametrised) with
quads built here: Chinese text, quotes, newlines, typed and language-tagged
literals, blank nodes, and facts spread over several named graphs.
"""

from __future__ import annotations

import socket
import threading
from decimal import Decimal

import pyoxigraph as ox
import pytest

from policygraph.errors import QueryError, StoreError
from policygraph.graph.remote import RemoteStore
from policygraph.graph.store import LocalStore
from policygraph.ontology.terms import PG

from .conftest import TEST_NS, ex

pytestmark = pytest.mark.server

XSD = "http://www.w3.org/2001/XMLSchema#"
P = "http://example.org/policygraph-test/p#"


def p(local: str) -> ox.NamedNode:
    return ox.NamedNode(P + local)


def lit(value: str, datatype: str | None = None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(value, language=lang)
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype)) if datatype else ox.Literal(value)


def budget_graphs() -> dict[ox.NamedNode, list[ox.Quad]]:
    """Two sources citing one document (its title stated by both), in the shape of the real graph."""
    doc = ex("doc/guofa-2022-14")
    g1, g2 = ex("graph/source/a"), ex("graph/source/b")
    a = [
        (ex("project/a1"), p("name"), lit("科技创新券项目")),
        (ex("project/a1"), p("amount"), lit("1250000", "integer")),
        (ex("project/a1"), p("share"), lit("12.50", "decimal")),
        (ex("project/a1"), p("year"), lit("2023", "gYear")),
        (ex("project/a1"), p("approximate"), lit("true", "boolean")),  # Virtuoso answers "1"
        (ex("project/a1"), p("cites"), doc),
        (ex("project/a2"), p("name"), lit('引号"与\\反斜杠\n换行的项目')),
        (ex("project/a2"), p("amount"), lit("300000", "integer")),
        (ex("project/a2"), p("year"), lit("2023", "gYear")),
        (ex("project/a2"), p("cites"), doc),
        (doc, p("title"), lit("国务院关于加快科技创新的意见", lang="zh")),
        (doc, p("number"), lit("国发〔2022〕14号")),
        (ox.BlankNode("sel"), p("exact"), lit("《国务院关于加快科技创新的意见》（国发〔2022〕14号）")),
        (ox.BlankNode("sel"), p("start"), lit("1024", "integer")),
        (ex("source/a"), PG.contentHash, lit("aa" * 32)),
    ]
    b = [
        (ex("project/b1"), p("name"), lit("科普教育基地 😀 补贴")),
        (ex("project/b1"), p("amount"), lit("80000", "integer")),
        (ex("project/b1"), p("year"), lit("2025", "gYear")),
        (ex("project/b1"), p("cites"), doc),
        (doc, p("title"), lit("国务院关于加快科技创新的意见", lang="zh")),  # stated by both sources
    ]
    return {g1: [ox.Quad(s, pr, o, g1) for s, pr, o in a], g2: [ox.Quad(s, pr, o, g2) for s, pr, o in b]}


def load(store, graphs) -> None:
    for graph, quads in graphs.items():
        store.replace_source(graph, quads)


@pytest.fixture
def local():
    store = LocalStore(None)
    load(store, budget_graphs())
    yield store
    store.close()


@pytest.fixture
def loaded(remote):
    load(remote, budget_graphs())
    return remote


def canonical(term):
    """Compare values, not spellings: Virtuoso rewrites 12.50 as 12.5; blank node ids are per answer."""
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return "_:"
    if isinstance(term, ox.Literal) and term.datatype.value in (XSD + "decimal", XSD + "integer", XSD + "double"):
        return ("number", Decimal(term.value))
    return str(term)


def rows(results) -> list[tuple]:
    names = [v.value for v in results.variables]
    return sorted((tuple(canonical(row[n]) for n in names) for row in results), key=repr)


def same_answers(local, remote, sparql, bindings=None) -> list[tuple]:
    expected = rows(local.query(sparql, bindings))
    got = rows(remote.query(sparql, bindings))
    assert got == expected
    return got


# -- load, replace, read back -----------------------------------------------------


def test_replaced_graph_reads_back_exactly(loaded, local):
    query = f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), '{TEST_NS}')) }}"
    got = same_answers(local, loaded, query)
    assert len(got) == 20
    assert any(r[3] == '"科普教育基地 😀 补贴"' for r in got)


def test_replacing_again_leaves_only_the_new_content(loaded):
    graph = ex("graph/source/a")
    loaded.replace_source(graph, [ox.Quad(ex("project/a9"), p("name"), lit("新项目"), graph)])
    names = {r["n"].value for r in loaded.query(f"SELECT ?n WHERE {{ GRAPH <{graph.value}> {{ ?s <{P}name> ?n }} }}")}
    assert names == {"新项目"}
    # the other source is untouched
    other = loaded.query(f"SELECT ?s WHERE {{ GRAPH <{ex('graph/source/b').value}> {{ ?s ?p ?o }} }}")
    assert len(list(other)) == 5


def test_replacing_with_nothing_removes_the_graph(loaded):
    graph = ex("graph/source/b")
    loaded.replace_source(graph, [])
    assert graph not in loaded.named_graphs()
    assert ex("graph/source/a") in loaded.named_graphs()
    loaded.drop_source(graph)  # dropping a missing graph is fine


def test_union_default_graph_joins_facts_from_different_sources(loaded, local):
    # project b1 (source b) cites the document whose number only source a states
    query = f"SELECT ?name ?number WHERE {{ ?proj <{P}name> ?name ; <{P}cites> ?doc . ?doc <{P}number> ?number }}"
    got = same_answers(local, loaded, query)
    assert ('"科普教育基地 😀 补贴"', '"国发〔2022〕14号"') in got
    assert len(got) == 3


def test_a_triple_stated_by_two_sources_matches_twice_as_locally(loaded, local):
    query = f"SELECT ?t WHERE {{ ?doc <{P}title> ?t }}"
    assert len(same_answers(local, loaded, query)) == 2


# -- result objects ------------------------------------------------------------------


def test_solutions_work_like_local_ones(loaded):
    results = loaded.query(
        f"SELECT ?name ?share WHERE {{ ?proj <{P}name> ?name OPTIONAL {{ ?proj <{P}share> ?share }} }} ORDER BY ?name"
    )
    assert [v.value for v in results.variables] == ["name", "share"]
    table = [(row["name"], row[1]) for row in results]
    assert [n.value for n, _ in table] == sorted(n.value for n, _ in table)
    shares = {n.value: s for n, s in table}
    assert shares["科普教育基地 😀 补贴"] is None
    assert Decimal(shares["科技创新券项目"].value) == Decimal("12.5")
    assert shares["科技创新券项目"].datatype == ox.NamedNode(XSD + "decimal")


def test_blank_nodes_come_back_as_blank_nodes(loaded):
    results = list(loaded.query(f"SELECT ?sel ?start WHERE {{ ?sel <{P}exact> ?e ; <{P}start> ?start }}"))
    assert len(results) == 1
    assert isinstance(results[0]["sel"], ox.BlankNode)
    assert results[0]["start"] == lit("1024", "integer")


def test_ask(loaded):
    assert loaded.query(f"ASK {{ ?s <{P}number> '国发〔2022〕14号' }}")
    assert not loaded.query(f"ASK {{ ?s <{P}number> '国发〔2022〕15号' }}")
    assert isinstance(loaded.query("ASK { }"), ox.QueryBoolean)


def test_booleans_come_back_canonical(loaded, local):
    query = f"SELECT ?flag WHERE {{ ?proj <{P}approximate> ?flag }}"
    assert [r["flag"] for r in loaded.query(query)] == [lit("true", "boolean")]
    construct = f"CONSTRUCT {{ ?proj <{P}approximate> ?flag }} WHERE {{ ?proj <{P}approximate> ?flag }}"
    assert [t.object for t in loaded.query(construct)] == [lit("true", "boolean")]


def test_construct_matches_local(loaded, local):
    query = f"CONSTRUCT {{ ?proj <{P}basis> ?title }} WHERE {{ ?proj <{P}cites> ?doc . ?doc <{P}title> ?title }}"
    expected = {(str(t.subject), str(t.object)) for t in local.query(query)}
    got = loaded.query(query)
    triples = list(got)
    assert all(isinstance(t, ox.Triple) for t in triples)
    assert {(str(t.subject), str(t.object)) for t in triples} == expected
    assert len(expected) == 3


# -- bindings -----------------------------------------------------------------------

# Each query projects the bound variable, as LocalStore's pre-binding requires.
# The sub-select, DISTINCT, FILTER and aggregate shapes are the ones named
# queries use ("Duplicates under union"), and ones where Virtuoso gets VALUES wrong.
BINDING_CASES = [
    ("iri", f"SELECT ?doc ?name WHERE {{ ?proj <{P}cites> ?doc ; <{P}name> ?name }}",
     {"doc": ex("doc/guofa-2022-14")}, 3),
    ("chinese literal", f"SELECT ?number ?doc WHERE {{ ?doc <{P}number> ?number }}",
     {"number": lit("国发〔2022〕14号")}, 1),
    ("quotes and newline", f"SELECT ?name ?amount WHERE {{ ?p <{P}name> ?name ; <{P}amount> ?amount }}",
     {"name": lit('引号"与\\反斜杠\n换行的项目')}, 1),
    ("language tag", f"SELECT ?t ?doc WHERE {{ ?doc <{P}title> ?t }}",
     {"t": lit("国务院关于加快科技创新的意见", lang="zh")}, 2),
    ("language tag under DISTINCT", f"SELECT DISTINCT ?t ?doc WHERE {{ ?doc <{P}title> ?t }}",
     {"t": lit("国务院关于加快科技创新的意见", lang="zh")}, 1),
    ("decimal spelled differently", f"SELECT ?share ?p WHERE {{ ?p <{P}share> ?share }}",
     {"share": lit("12.500", "decimal")}, 1),
    ("integer", f"SELECT ?amount ?p WHERE {{ ?p <{P}amount> ?amount }}", {"amount": lit("300000", "integer")}, 1),
    ("ascii string", f"SELECT ?h WHERE {{ ?src <{PG.contentHash.value}> ?h }}", {"h": lit("aa" * 32)}, 1),
    ("iri under DISTINCT", f"SELECT DISTINCT ?doc WHERE {{ ?proj <{P}cites> ?doc }}", {"doc": ex("doc/guofa-2022-14")}, 1),
    ("integer under DISTINCT", f"SELECT DISTINCT ?amount WHERE {{ ?p <{P}amount> ?amount }}",
     {"amount": lit("80000", "integer")}, 1),
    ("gYear in a sub-select", f"""SELECT ?year ?proj WHERE {{
        {{ SELECT DISTINCT ?proj ?year WHERE {{ ?proj <{P}year> ?year }} }} }}""", {"year": lit("2023", "gYear")}, 2),
    ("group key over a de-duplicating sub-select", f"""SELECT ?year (SUM(?amount) AS ?total) WHERE {{
        {{ SELECT DISTINCT ?proj ?year ?amount WHERE {{ ?proj <{P}year> ?year ; <{P}amount> ?amount }} }}
      }} GROUP BY ?year""", {"year": lit("2023", "gYear")}, 1),
    ("two variables", f"SELECT ?doc ?year ?proj WHERE {{ ?proj <{P}cites> ?doc ; <{P}year> ?year }}",
     {"doc": ex("doc/guofa-2022-14"), "year": lit("2025", "gYear")}, 1),
    ("chinese literal, then ORDER BY and LIMIT", f"""SELECT ?number ?proj WHERE {{
        ?proj <{P}cites> ?doc . ?doc <{P}number> ?number }} ORDER BY ?proj LIMIT 1 OFFSET 1""",
     {"number": lit("国发〔2022〕14号")}, 1),
    ("a FILTER on the parameter", f"SELECT ?min ?p ?amount WHERE {{ ?p <{P}amount> ?amount FILTER(?amount >= ?min) }}",
     {"min": lit("300000", "integer")}, 2),
    ("a FILTER on a text parameter", f"SELECT ?frag ?p ?name WHERE {{ ?p <{P}name> ?name FILTER(CONTAINS(?name, ?frag)) }}",
     {"frag": lit("科技")}, 1),
    ("language-tagged text in a sub-select", f"""SELECT ?t ?doc WHERE {{
        {{ SELECT ?doc ?t WHERE {{ ?doc <{P}title> ?t }} }} }}""", {"t": lit("国务院关于加快科技创新的意见", lang="zh")}, 2),
    ("a FILTER on the parameter after a sub-select", f"""SELECT ?min ?p ?total WHERE {{
        {{ SELECT ?p (SUM(?a) AS ?total) WHERE {{ ?p <{P}amount> ?a }} GROUP BY ?p }} FILTER(?total >= ?min) }}""",
     {"min": lit("300000", "integer")}, 2),
    ("nothing matches", f"SELECT ?number ?doc WHERE {{ ?doc <{P}number> ?number }}", {"number": lit("沪府办规〔2021〕5号")}, 0),
]


@pytest.mark.parametrize("case, query, bindings, count", BINDING_CASES, ids=[c[0] for c in BINDING_CASES])
def test_bindings_give_the_local_answers(loaded, local, case, query, bindings, count):
    got = same_answers(local, loaded, query, bindings)
    assert len(got) == count
    if case.startswith("group key"):
        assert got == [('"2023"^^<http://www.w3.org/2001/XMLSchema#gYear>', ("number", Decimal(1550000)))]


def test_bound_ask(loaded):
    query = f"ASK {{ ?doc <{P}number> ?number }}"
    assert loaded.query(query, {"number": lit("国发〔2022〕14号")})
    assert not loaded.query(query, {"number": lit("国发〔2022〕15号")})


def test_bound_construct(loaded, local):
    query = f"CONSTRUCT {{ ?doc <{P}label> ?number }} WHERE {{ ?doc <{P}number> ?number }}"
    bindings = {"number": lit("国发〔2022〕14号")}
    expected = {str(t) for t in local.query(query, bindings)}
    assert {str(t) for t in loaded.query(query, bindings)} == expected
    assert len(expected) == 1


# -- size and atomicity -------------------------------------------------------------


def big_graph(graph: ox.NamedNode, n: int, tag: str) -> list[ox.Quad]:
    quads = [ox.Quad(ex(f"line/{i}"), p("text"), lit(f"{tag} 上海市科学技术委员会部门预算 第{i}行"), graph) for i in range(n)]
    return [ox.Quad(ex("source/big"), PG.contentHash, lit(tag * 64), graph)] + quads


def count_in(store, graph) -> int:
    return int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph.value}> {{ ?s ?p ?o }} }}")))["n"].value)


def test_a_document_bigger_than_oxigraphs_update_limit_still_loads(remote):
    graph = ex("graph/source/big")
    quads = big_graph(graph, 8_000, "a")  # about 1.4 MB of N-Triples: Oxigraph takes it by GSP PUT
    remote.replace_source(graph, quads)
    assert count_in(remote, graph) == len(quads)
    # the completion marker is there (and, where writes are not atomic, was sent last)
    assert remote.query(f"ASK {{ GRAPH <{graph.value}> {{ ?s <{PG.contentHash.value}> ?h }} }}")


def test_oxigraph_readers_see_the_old_graph_or_the_new_one(oxigraph_server):
    writer, reader = RemoteStore(oxigraph_server.url), RemoteStore(oxigraph_server.url)
    graph = ex("graph/source/atomic")
    old, new = big_graph(graph, 1500, "o"), big_graph(graph, 2500, "n")
    writer.replace_source(graph, old)
    seen: set[int] = set()
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            seen.add(count_in(reader, graph))

    thread = threading.Thread(target=read)
    thread.start()
    try:
        for i in range(6):
            writer.replace_source(graph, new if i % 2 == 0 else old)
    finally:
        done.set()
        thread.join()
        writer.drop_source(graph)
    assert seen <= {len(old), len(new)}
    assert len(seen) >= 1


# -- errors -------------------------------------------------------------------------


def test_a_bad_query_is_a_one_line_query_error_with_the_servers_reason(remote):
    with pytest.raises(QueryError) as err:
        remote.query("SELECT ?s WHERE { ?s ?p }")
    message = str(err.value)
    assert "rejected the query" in message and "\n" not in message
    assert len(message) < 400


def test_an_update_is_not_a_query(remote):
    with pytest.raises(QueryError, match="update, not a query"):
        remote.query("DROP ALL")


def test_read_only_store_refuses_writes(server):
    store = RemoteStore(server.url, read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        store.replace_source(ex("graph/source/x"), [])


def test_server_down_is_a_store_error():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(StoreError, match="cannot connect to the SPARQL server") as err:
        RemoteStore(f"http://127.0.0.1:{port}/query")
    assert f"127.0.0.1:{port}" in str(err.value)


def test_a_silent_server_times_out():
    with socket.socket() as listener:  # accepts connections, never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        port = listener.getsockname()[1]
        with pytest.raises(StoreError, match=r"did not answer the query within 0.5 s"):
            RemoteStore(f"http://127.0.0.1:{port}/query#timeout=0.5")


def test_virtuoso_wrong_password_is_refused_without_showing_it(virtuoso_server):
    url = virtuoso_server.url.replace("dba:dba@", "dba:not-the-pw-7731@")
    store = RemoteStore(url)  # reads need no account
    with pytest.raises(StoreError) as err:
        store.replace_source(ex("graph/source/x"), [ox.Quad(ex("s"), p("p"), lit("o"), ex("graph/source/x"))])
    assert "credentials refused" in str(err.value)
    assert "not-the-pw-7731" not in str(err.value) and "not-the-pw-7731" not in store.location


def test_virtuoso_writes_without_an_account_say_so(virtuoso_server):
    store = RemoteStore(virtuoso_server.url.replace("dba:dba@", ""))
    with pytest.raises(StoreError) as err:
        store.replace_source(ex("graph/source/x"), [ox.Quad(ex("s"), p("p"), lit("o"), ex("graph/source/x"))])
    assert "HTTP 401" in str(err.value) or "HTTP 403" in str(err.value)
    assert "credentials" in str(err.value)


def test_virtuoso_cutting_an_answer_short_is_an_error_not_a_short_answer(virtuoso_server):
    store = RemoteStore(virtuoso_server.url)
    capped = RemoteStore(virtuoso_server.url.replace("/sparql", "/sparql?maxrows=3"))  # as ResultSetMaxRows would
    graph = ex("graph/source/cut")
    store.replace_source(graph, big_graph(graph, 10, "c"))
    query = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph.value}> {{ ?s ?p ?o }} }}"
    try:
        with pytest.raises(StoreError, match="cut the result at 3 rows"):
            capped.query(query)
        assert len(list(store.query(query))) == 11
    finally:
        store.drop_source(graph)
