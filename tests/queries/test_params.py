"""Parameter values become typed RDF terms; bad values are one-line errors naming the parameter."""

import pyoxigraph as ox
import pytest

from policygraph.errors import QueryError
from policygraph.queries.catalog import parse_named_query
from policygraph.queries.params import bind, compact_iri, expand_iri, parse_assignments, to_term

XSD = "http://www.w3.org/2001/XMLSchema#"

GOOD = [
    ("integer", "10", ox.Literal("10", datatype=ox.NamedNode(XSD + "integer"))),
    ("integer", "1,000,000", ox.Literal("1000000", datatype=ox.NamedNode(XSD + "integer"))),
    ("decimal", "0.5", ox.Literal("0.5", datatype=ox.NamedNode(XSD + "decimal"))),
    ("year", "2023", ox.Literal("2023", datatype=ox.NamedNode(XSD + "integer"))),
    ("string", " 国发〔2022〕14号 ", ox.Literal("国发〔2022〕14号")),
    ("iri", "pgid:doc/abc", ox.NamedNode("https://w3id.org/policygraph/id/doc/abc")),
    ("iri", "<http://example.org/x>", ox.NamedNode("http://example.org/x")),
    ("date", "2021-05-01", ox.Literal("2021-05-01", datatype=ox.NamedNode(XSD + "date"))),
    ("boolean", "yes", ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))),
]


@pytest.mark.parametrize("type_,raw,term", GOOD)
def test_values_become_typed_terms(type_, raw, term):
    assert to_term("p", type_, raw) == term


BAD = [
    ("integer", "ten", "parameter min_years: expected an integer, got 'ten'"),
    ("integer", "10; DROP ALL", "parameter min_years: expected an integer"),
    ("year", "23", "expected a year such as 2023"),
    ("decimal", "NaN", "expected a finite number"),
    ("iri", "not an iri", "expected an IRI"),
    ("iri", "http://ex/a b>", "expected a valid IRI"),
    ("date", "2021-13-01", "expected a date"),
    ("boolean", "maybe", "expected true or false"),
]


@pytest.mark.parametrize("type_,raw,message", BAD)
def test_bad_values_are_one_line_errors(type_, raw, message):
    with pytest.raises(QueryError) as err:
        to_term("min_years", type_, raw)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_prefixed_iris_round_trip():
    iri = "https://w3id.org/policygraph/ontology#Project"
    assert compact_iri(iri) == "pg:Project"
    assert expand_iri("pg:Project") == iri
    assert expand_iri("https://example.org/x") == "https://example.org/x"


def test_assignments():
    assert parse_assignments(["a=1", "b=x=y", "c="]) == {"a": "1", "b": "x=y", "c": ""}
    with pytest.raises(QueryError, match="expected name=value"):
        parse_assignments(["novalue"])
    with pytest.raises(QueryError, match="given twice"):
        parse_assignments(["a=1", "a=2"])


QUERY = parse_named_query(
    "# title: t\n# question: q?\n"
    "# param: min_years (integer) = 10 — age\n"
    "# param: department (string) — optional filter\n"
    "# param: document (string, required) — number or title\n"
    "SELECT ?min_years ?department ?document WHERE { }\n",
    "t",
)


def test_bind_uses_defaults_leaves_optionals_unbound_and_requires_required():
    terms = bind(QUERY, {"document": "国发〔2022〕14号"})
    assert terms == {"min_years": to_term("x", "integer", "10"), "document": ox.Literal("国发〔2022〕14号")}
    with pytest.raises(QueryError, match="needs a value for parameter document"):
        bind(QUERY, {})
    with pytest.raises(QueryError, match=r"has no parameter 'nope' \(parameters: min_years, department, document\)"):
        bind(QUERY, {"nope": "1", "document": "x"})
