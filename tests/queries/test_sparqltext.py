"""The lexer that guards the endpoint and places bound parameters (policygraph.graph.sparqltext)."""

import pyoxigraph as ox
import pytest

from policygraph.graph import sparqltext as st
from policygraph.queries.params import PREFIXES

OPERATIONS = [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("prefix pg: <https://w3id.org/policygraph/ontology#>\nselect ?s { ?s a pg:Project }", "SELECT"),
    ("# SELECT in a comment\nASK { ?s ?p ?o }", "ASK"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("DESCRIBE <http://example.org/x>", "DESCRIBE"),
    ("INSERT DATA { <http://a> <http://b> <http://c> }", "UPDATE"),
    ("PREFIX ex: <http://ex/> DELETE WHERE { ?s ?p ?o }", "UPDATE"),
    ("LOAD <http://example.org/data.ttl>", "UPDATE"),
    ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "UPDATE"),
    ("DROP ALL", "UPDATE"),
    ("hello", None),
    # the operation is the keyword after the prologue, not any form keyword further on
    ("hello SELECT * { ?s ?p ?o }", None),
    ("BASE <http://x/> PREFIX : <http://y#> DESCRIBE :a", "DESCRIBE"),
    ("DELETE WHERE { ?s ?p ?o . { SELECT ?s WHERE { ?s ?p ?o } } }", "UPDATE"),
]


@pytest.mark.parametrize("text,expected", OPERATIONS)
def test_operation(text, expected):
    assert st.operation(text) == expected


REFUSALS = [
    # (query, refused keywords) — keywords only count as bare words
    ("SELECT * { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }", ["SERVICE"]),
    ("select * { service silent <http://evil.example/> { ?s ?p ?o } }", ["SERVICE"]),
    ("SELECT * { ?s ?p ?o FILTER(?a<?b) SERVICE<http://e/>{ ?s ?p ?o } }", ["SERVICE"]),
    ("SELECT * { ?s ?p ?o } # SERVICE <http://x>", []),
    ('SELECT * { ?s ?p "SERVICE <http://x> { }" }', []),
    ("SELECT * { ?s ?p '''multi\nSERVICE\nline''' }", []),
    ("PREFIX service: <http://ex/> SELECT * { ?s service:load ?o }", []),
    ("SELECT ?service ?load { ?service <http://ex/p> ?load }", []),
    ("SELECT * { <http://ex/SERVICE> ?p ?o }", []),
    ('SELECT * { ?s ?p "x"@service }', []),
    ("SELECT * { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", ["INSERT"]),
    ("LOAD <http://example.org/x>", ["LOAD"]),
]


@pytest.mark.parametrize("text,expected", REFUSALS)
def test_refused_keywords(text, expected):
    assert st.refused_keywords(text) == expected


def test_where_group_start_skips_projection_expressions_and_construct_templates():
    q = "SELECT ?s (EXISTS { ?s ?p ?o } AS ?e) WHERE { ?s ?p ?o }"
    at = st.where_group_start(q)
    assert q[at - 1] == "{" and q[at:].strip() == "?s ?p ?o }"
    c = "CONSTRUCT { ?s <http://ex/q> ?o } WHERE { ?s ?p ?o }"
    assert c[st.where_group_start(c):].strip() == "?s ?p ?o }"
    short = "CONSTRUCT WHERE { ?s ?p ?o }"
    assert short[st.where_group_start(short):].strip() == "?s ?p ?o }"
    no_where_kw = "SELECT * { ?s ?p ?o }"
    assert no_where_kw[st.where_group_start(no_where_kw):].strip() == "?s ?p ?o }"
    assert st.where_group_start("INSERT DATA { <a> <b> <c> }") is None
    assert st.where_group_start("DELETE WHERE { ?s ?p ?o . { SELECT ?s WHERE { ?s ?p ?o } } }") is None


def test_with_values_binds_the_same_answer_as_prebinding():
    store = ox.Store()
    for i in range(5):
        store.add(ox.Quad(ox.NamedNode(f"http://ex/a{i}"), ox.NamedNode("http://ex/v"), ox.Literal(i), ox.NamedNode("http://ex/g")))
    q = "SELECT ?m (SUM(?v) AS ?t) WHERE { ?s <http://ex/v> ?v FILTER(?v >= ?m) } GROUP BY ?m"
    bound = {"m": ox.Literal(3)}
    pre = [tuple(r) for r in store.query(q, use_default_graph_as_union=True, substitutions={ox.Variable("m"): bound["m"]})]
    via_values = [tuple(r) for r in store.query(st.with_values(q, bound), use_default_graph_as_union=True)]
    assert pre == via_values == [(ox.Literal(3), ox.Literal(7))]


@pytest.mark.parametrize("value", ['a"b', "back\\slash", "line\nbreak", "}) } INSERT DATA { <a> <b> <c> }", "国发〔2022〕14号"])
def test_values_block_keeps_hostile_strings_as_one_literal(value):
    store = ox.Store()
    q = st.with_values("SELECT ?x WHERE { }", {"x": ox.Literal(value)})
    assert [r["x"].value for r in store.query(q)] == [value]


def test_with_prefixes_adds_only_known_undeclared_prefixes():
    q = "PREFIX pg: <urn:mine#>\nSELECT * { ?s a pg:X ; eli:title ?t ; unknown:p ?o }"
    out = st.with_prefixes(q, PREFIXES)
    assert out.startswith("PREFIX eli: <http://data.europa.eu/eli/ontology#>\n")
    assert out.count("PREFIX pg:") == 1 and "PREFIX unknown" not in out


def test_trailing_order_by_reads_variables_and_the_if_of_a_boolean_parameter():
    text = "SELECT ?x ?y ?t WHERE { ?s ?p ?o }\nORDER BY DESC(IF(?split, ?x, ?y)) ?t ASC(?s)"
    at = text.index("ORDER")
    assert st.trailing_order_by("SELECT ?x WHERE { ?s ?p ?o } ORDER BY DESC(?x) ?t") == (29, (("x", True), ("t", False)))
    assert st.trailing_order_by(text) is None  # an expression, unless the parameter's value is known
    assert st.trailing_order_by(text, {"split": True}) == (at, (("x", True), ("t", False), ("s", False)))
    assert st.trailing_order_by(text, {"split": False}) == (at, (("y", True), ("t", False), ("s", False)))
    assert st.trailing_order_by(text.replace("DESC(IF(?split, ?x, ?y))", "IF(?split, ?x, ?y)"), {"split": False}) \
        == (at, (("y", False), ("t", False), ("s", False)))
    for other in ["DESC(IF(?other, ?x, ?y))", "DESC(IF(?split, ?x, 0))", "DESC(IF(?split, ?x + 1, ?y))",
                  "DESC(IF(?split, ?x, ?y)", "DESC(?x ?t)", "?t LIMIT 3"]:
        assert st.trailing_order_by(text.replace("DESC(IF(?split, ?x, ?y))", other), {"split": True}) is None, other
