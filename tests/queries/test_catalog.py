"""The named-query catalog: headers, parameters, and parameters bound the same way everywhere."""

import dataclasses

import pyoxigraph as ox
import pytest

from policygraph.errors import QueryError
from policygraph.queries import get_query, named_queries, run_named, run_sparql
from policygraph.queries.catalog import listing, parse_named_query
from policygraph.queries.params import bind
from policygraph.queries.runner import anchored
from policygraph.graph.sparqltext import with_values

QUERIES = named_queries()
NAMES = [q.name for q in QUERIES]

#: the ten research questions of issue 5 (4 is two queries: by issuer and by level)
RESEARCH = ["top-documents", "document-projects", "project-basis", "money-by-issuer", "money-by-level",
            "projects-without-basis", "cross-cutting-documents", "co-citation", "budget-by-function",
            "recurring-projects", "stale-bases"]


def test_every_research_question_has_a_named_query_in_order():
    assert [n for n in NAMES if n in RESEARCH] == RESEARCH
    assert "describe" in NAMES


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_headers_are_complete(query):
    assert query.title and "?" in query.question
    for p in query.params:
        assert p.description
        assert f"?{p.name}" in query.sparql.split("WHERE", 1)[0], f"{p.name} must be projected (pre-binding)"
        if not p.required:
            assert p.default is not None, f"{p.name}: optional parameters get a default (no BOUND() on parameters)"
    required = {p.name for p in query.params if p.required}
    assert required <= dict(query.example).keys(), "required parameters need an '# example:' value"


def _param_sets(query):
    sets = [dict(query.example)]
    if not any(p.required for p in query.params):
        sets.append({})
    return sets


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_prebinding_and_values_block_give_the_same_answer(sample_store, query):
    """Locally parameters are pre-bound; over HTTP they are a VALUES block: the answers must agree."""
    for given in _param_sets(query):
        local = run_named(sample_store, query, given)
        terms = bind(query, given)
        hidden = tuple(p.name for p in query.params)
        via_values = run_sparql(sample_store, with_values(query.sparql, terms), hidden=hidden)
        assert local.columns == via_values.columns
        assert local.rows == via_values.rows, f"{query.name} {given}"


def test_the_runner_hands_parameters_to_the_store_as_terms(sample_store):
    """One binding mechanism: the store binds (pre-binding locally, VALUES or BIND per remote server)."""
    seen = []

    class Spy:
        def query(self, sparql, bindings=None):
            seen.append((sparql, bindings))
            return sample_store.query(sparql, bindings)

    query = get_query("top-documents")
    answer = run_named(Spy(), query, {"year": "2023"})
    xsd = "http://www.w3.org/2001/XMLSchema#"
    # (before it, without parameters: the check that the store's summary graph is current)
    assert [bindings for _, bindings in seen[:-1]] == [None]
    # (the query as written, less its ORDER BY when the runner sorts: "# sort: runner")
    sent, bindings = seen[-1]
    assert query.sparql.startswith(sent) and "WHERE" in sent
    assert bindings == {"year": ox.Literal("2023", datatype=ox.NamedNode(xsd + "integer")),
                        "split": ox.Literal("false", datatype=ox.NamedNode(xsd + "boolean")),
                        "include_flagged": ox.Literal("false", datatype=ox.NamedNode(xsd + "boolean"))}
    assert answer.rows and answer.rows == run_named(sample_store, query, {"year": "2023"}).rows


def test_header_parsing_errors_name_the_file():
    with pytest.raises(QueryError, match=r"^x\.rq: named query has no '# title:' header$"):
        parse_named_query("# question: q?\nSELECT * {}", "x", "x.rq")
    with pytest.raises(QueryError, match="bad '# param:' line"):
        parse_named_query("# title: t\n# question: q?\n# param: broken\nSELECT * {}", "x", "x.rq")
    with pytest.raises(QueryError, match="unknown type 'money'"):
        parse_named_query("# title: t\n# question: q?\n# param: a (money) = 1 — d\nSELECT * {}", "x", "x.rq")


def test_header_continuations_and_quoted_defaults():
    q = parse_named_query(
        "# title: T\n# question: first part\n#   second part?\n# param: s (string) = \"\" — empty default\n"
        "# param: n (integer, required) — needed\n# example: n=3\n# order: 7\nSELECT ?s ?n {}", "t")
    assert q.question == "first part second part?"
    assert q.params[0].default == "" and q.params[1].required and q.example == (("n", "3"),) and q.order == 7


def test_unknown_query_suggests_close_names():
    with pytest.raises(QueryError, match="did you mean top-documents"):
        get_query("top-document")


def test_listing_shows_parameters():
    text = listing()
    assert "stale-bases  —  Stale bases" in text
    assert "--param min_years=<integer> = 10" in text
    assert "--param document=<string> (required)" in text


# -- anchors: the runner runs a marked block first and binds its variable (catalog.py) --------------

ANCHORED = [q for q in QUERIES if q.anchors]

#: more arguments than the examples, for the anchored queries: brackets, titles, no match, a year
ANCHOR_ARGUMENTS = {
    "document-projects": [{"document": "国发[2018]32号"}, {"document": "打造“双创”升级版"}, {"document": "沪科党组合（2007）第011号"},
                          {"document": "国发〔1999〕999号"}, {"document": "意见"}],
    "project-basis": [{"project": "“创·在上海”"}, {"project": "科普"}, {"project": "科普", "year": "2025"},
                      {"project": "no such project"}, {"project": "项目"}],
    "budget-by-function": [{"department": ""}, {"department": "科学技术协会", "digits": "7"}, {"department": "上海市"},
                           {"department": "no such department"}],
    "stale-bases": [{"min_years": "0"}, {"min_years": "5", "include_flagged": "true"}, {"min_years": "-3"}, {"min_years": "99"}],
    "recurring-projects": [{"department": "科学技术协会"}, {"department": "上海市"}, {"department": "no such department"}],
}


def test_the_queries_that_need_an_anchor_have_one():
    assert {q.name for q in ANCHORED} == {"document-projects", "project-basis", "budget-by-function", "stale-bases",
                                          "recurring-projects"}


@pytest.mark.parametrize("query", ANCHORED, ids=[q.name for q in ANCHORED])
def test_anchored_and_as_written_give_the_same_answer(sample_store, query):
    """The runner's two steps and the .rq file alone (what any SPARQL tool runs) answer the same."""
    for given in _param_sets(query) + ANCHOR_ARGUMENTS[query.name]:
        terms = bind(query, given)
        hidden = tuple(p.name for p in query.params)
        as_written = run_sparql(sample_store, query.sparql, terms, hidden=hidden)
        two_steps = run_named(sample_store, query, given)
        assert two_steps.columns == as_written.columns
        assert two_steps.rows == as_written.rows, f"{query.name} {given}"


def test_the_anchor_runs_first_and_its_values_open_the_query(sample_store):
    seen = []

    class Spy:
        def query(self, sparql, bindings=None):
            seen.append((sparql, dict(bindings or {})))
            return sample_store.query(sparql, bindings)

    query = get_query("document-projects")
    answer = run_named(Spy(), query, {"document": "国发〔2018〕32号"})
    assert len(seen) == 3 and answer.rows
    (names, names_terms), (docs, docs_terms), (main, main_terms) = seen
    assert "SELECT DISTINCT ?document ?name WHERE" in names and set(names_terms) == {"document"}
    assert "SELECT DISTINCT  ?doc WHERE" in docs and "VALUES ?name {" in docs and docs_terms == {}
    assert "# [anchor" not in main and "VALUES ?name" not in main and "VALUES ?doc { <https://w3id.org/" in main
    assert main_terms == names_terms


def test_anchor_rules_are_checked():
    head = "# title: t\n# question: q?\n# param: s (string) = \"\" — d\n"
    ok = head + "SELECT ?s ?x WHERE {\n  # [anchor ?x] x\n  ?x ?p ?o FILTER(CONTAINS(STR(?o), ?s))\n  # [end anchor]\n  ?x a ?t\n}\n"
    q = parse_named_query(ok, "t", "t.rq")
    assert [a.variable for a in q.anchors] == ["x"]
    chained = ok.replace("SELECT ?s ?x", "SELECT ?s ?y").replace(
        "  ?x a ?t\n", "  # [anchor ?y] y\n  ?y ?q ?x\n  # [end anchor]\n  ?y a ?t\n")
    assert [a.variable for a in parse_named_query(chained, "t", "t.rq").anchors] == ["x", "y"]
    with pytest.raises(QueryError, match="before the last one"):
        parse_named_query(chained.replace("?y a ?t", "?y a ?x"), "t", "t.rq")
    with pytest.raises(QueryError, match=r"used outside it: \?o"):
        parse_named_query(ok.replace("?x a ?t", "?x a ?o"), "t", "t.rq")
    with pytest.raises(QueryError, match="one '# \\[end anchor\\]' line"):
        parse_named_query(ok.replace("  # [end anchor]\n", ""), "t", "t.rq")
    with pytest.raises(QueryError, match="does not bind"):
        parse_named_query(ok.replace("[anchor ?x]", "[anchor ?y]"), "t", "t.rq")
    pushed = ok.replace("  ?x a ?t\n", "  { SELECT ?x ?t WHERE {\n    # [anchor values ?x]\n    ?x a ?t } }\n")
    assert [a.variable for a in parse_named_query(pushed, "t", "t.rq").anchors] == ["x"]
    with pytest.raises(QueryError, match="names the variable of the last"):
        parse_named_query(pushed.replace("[anchor values ?x]", "[anchor values ?t]"), "t", "t.rq")


@pytest.mark.parametrize("name", ["budget-by-function", "recurring-projects"])
def test_the_anchor_values_also_open_the_subqueries_that_ask_for_them(sample_store, name):
    query = get_query(name)
    main = anchored(sample_store, query, bind(query, {"department": "科学技术协会"}))
    assert "# [anchor" not in main
    assert main.count("VALUES ?dept { <https://w3id.org/") == 1 + query.sparql.count("# [anchor values ?dept]") > 1


def test_a_bind_values_query_gets_its_parameters_in_the_rows_of_its_anchor_values(sample_store):
    """budget-by-function ("bind: values", anchored on ?dept): the parameters are columns of the anchor's VALUES
    rows (runner.anchored_with_row), not a one-row VALUES of their own, which Oxigraph joins late."""
    seen = []

    class Spy:
        def query(self, sparql, bindings=None):
            seen.append((sparql, dict(bindings or {})))
            return sample_store.query(sparql, bindings)

    answer = run_named(Spy(), get_query("budget-by-function"), {"department": "科学技术协会", "digits": "5"})
    assert answer.rows
    main, main_terms = seen[-1]
    assert main_terms == {}
    assert main.count('VALUES (?department ?digits ?dept) { ("科学技术协会" "5"^^<http://www.w3.org/2001/XMLSchema#integer> <https://w3id.org/') == 1
    assert "VALUES (?department ?digits) {" not in main


# -- sort: in steps: the first rows of ORDER BY … LIMIT n found without sorting every row (runner.py) ------


def test_sorted_in_steps_gives_the_rows_and_order_of_the_query_as_written(sample_store):
    describe = get_query("describe")
    assert describe.sort_in_steps
    doc = run_sparql(sample_store, "SELECT ?d WHERE { ?c <https://w3id.org/policygraph/ontology#citedDocument> ?d } "
                                   "GROUP BY ?d ORDER BY DESC(COUNT(*)) STR(?d) LIMIT 1").rows[0][0]
    for iri in (doc, ox.NamedNode("https://w3id.org/policygraph/id/vocab/level/national")):
        for limit in (1, 7, 12, 40, 5000):
            text = describe.sparql.replace("LIMIT 2000", f"LIMIT {limit}")
            query = parse_named_query(text, "describe", "describe.rq")
            as_written = run_sparql(sample_store, text, {"iri": iri}, hidden=("iri",))
            in_steps = run_named(sample_store, query, {"iri": iri.value})
            assert in_steps.columns == as_written.columns
            assert in_steps.rows == as_written.rows, (iri, limit)


def test_sort_in_steps_is_one_value():
    head = "# title: t\n# question: q?\n# sort: in steps\nSELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 3\n"
    assert parse_named_query(head, "t", "t.rq").sort_in_steps
    with pytest.raises(QueryError, match="in steps"):
        parse_named_query(head.replace("in steps", "fast"), "t", "t.rq")


# -- "# sort: runner": the runner sorts the rows as the query's ORDER BY says (catalog.py, runner.sorted_rows) --

SORTED_IN_RUNNER = [q for q in QUERIES if q.sort_in_runner]


def test_the_big_answers_are_sorted_in_the_runner():
    assert {q.name for q in SORTED_IN_RUNNER} >= {"co-citation", "recurring-projects", "projects-without-basis",
                                                  "document-projects"}


@pytest.mark.parametrize("query", SORTED_IN_RUNNER, ids=[q.name for q in SORTED_IN_RUNNER])
def test_sorted_in_the_runner_and_by_the_store_give_the_same_answer(sample_store, query):
    other = {p.name: {"integer": "1", "decimal": "0.5", "boolean": "true"}[p.type] for p in query.params
             if p.type in ("integer", "decimal", "boolean")}
    arguments = _param_sets(query) + ANCHOR_ARGUMENTS.get(query.name, []) + ([{**dict(query.example), **other}] if other else [])
    by_store = dataclasses.replace(query, sort_in_runner=False)
    for given in arguments:
        in_runner = run_named(sample_store, query, given)
        as_written = run_named(sample_store, by_store, given)
        assert in_runner.columns == as_written.columns
        assert in_runner.rows == as_written.rows, f"{query.name} {given}"
        limited = run_named(sample_store, query, given, max_rows=3)
        assert limited.rows == as_written.rows[:3] and limited.truncated == (len(as_written.rows) > 3)
        if as_written.rows:
            exact = run_named(sample_store, query, given, max_rows=len(as_written.rows))
            assert exact.rows == as_written.rows and not exact.truncated


def test_the_runner_sends_the_query_without_its_order_by(sample_store):
    seen = []

    class Spy:
        def query(self, sparql, bindings=None):
            seen.append(sparql)
            return sample_store.query(sparql, bindings)

    run_named(Spy(), get_query("co-citation"), {})
    assert seen and "ORDER BY" not in seen[-1] and "WHERE" in seen[-1]


def test_a_row_limit_has_the_store_sort_and_send_only_those_rows(sample_store):
    """With max_rows (--max-rows, serve's named queries) the store sorts and gives max_rows + 1 rows: the rest is
    never decoded, nor sent by a server, whose size cap refused co-citation's whole answer at 10,000 documents."""
    seen = []

    class Capped:
        """A server that refuses answers of more than 20 rows, as serve refuses those over --max-result-mb."""

        def query(self, sparql, bindings=None):
            seen.append(sparql)
            answer = sample_store.query(sparql, bindings)
            rows = list(answer)
            if len(rows) > 20:
                raise QueryError("answer larger than 32 MB; narrow the query")
            return _Solutions(answer.variables, rows)

    whole = run_named(sample_store, get_query("co-citation"), {"min_projects": "1"})
    assert len(whole.rows) > 20
    with pytest.raises(QueryError, match="larger than"):
        run_named(Capped(), get_query("co-citation"), {"min_projects": "1"})
    first = run_named(Capped(), get_query("co-citation"), {"min_projects": "1"}, max_rows=10)
    assert first.rows == whole.rows[:10] and first.truncated and first.columns == whole.columns
    assert seen[-1].rstrip().endswith("LIMIT 11") and "ORDER BY" in seen[-1]


class _Solutions(list):
    """Solutions held as a list, with the variables pyoxigraph's answers have (runner.collect reads them)."""

    def __init__(self, variables, rows):
        super().__init__(rows)
        self.variables = variables


def _terms():
    return [None, ox.NamedNode("http://x/b"), ox.NamedNode("http://x/a"),
            ox.NamedNode("http://x/中"), ox.NamedNode("http://x/a/b")]


@pytest.mark.parametrize("column", [
    [ox.Literal(s) for s in ["b", "a", "", "中文", "中", "Z", "é", "ab", "a"]],
    [ox.Literal(s, language="zh") for s in ["上海市", "上海", "北京", "b", "上海市"]],
    [ox.Literal(v, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#" + t))
     for v, t in [("10", "integer"), ("9", "integer"), ("-1", "integer"), ("2.5", "decimal"), ("10.0", "decimal"),
                  ("0", "integer"), ("3", "integer")]],
    [ox.Literal(v, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")) for v in ["1e3", "-2", "0.5", "7"]],
], ids=["strings", "zh", "exact numbers", "doubles"])
def test_sorted_rows_orders_as_oxigraph_does(column):
    """Unbound, IRIs and literals, ascending and descending, against pyoxigraph's own ORDER BY of the same rows."""
    from policygraph.queries.runner import sorted_rows

    store = ox.Store()
    rows = [(term, ox.Literal(str(i), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
            for i, term in enumerate(_terms() + column)]
    for direction in ("ASC", "DESC"):
        values = " ".join(f"({'UNDEF' if t is None else t} {n})" for t, n in rows)
        expected = [tuple(s) for s in store.query(
            f"SELECT ?t ?n WHERE {{ VALUES (?t ?n) {{ {values} }} }} ORDER BY {direction}(?t) ?n")]
        got = sorted_rows(("t", "n"), rows, (("t", direction == "DESC"), ("n", False)))
        assert [n for _, n in got] == [n for _, n in expected]  # (the store writes 10.0 as 10: compare rows by ?n)


def test_sorted_rows_leaves_to_the_store_what_it_does_not_order_the_same_way():
    from policygraph.queries.runner import sorted_rows

    xsd = "http://www.w3.org/2001/XMLSchema#"
    mixed = [[ox.Literal("a"), ox.Literal("1", datatype=ox.NamedNode(xsd + "integer"))],
             [ox.Literal("a"), ox.Literal("a", language="zh")],
             [ox.Literal("a", language="en"), ox.Literal("a", language="zh")],
             [ox.Literal("1", datatype=ox.NamedNode(xsd + "integer")), ox.Literal("1", datatype=ox.NamedNode(xsd + "double"))],
             [ox.Literal("2020-01-01", datatype=ox.NamedNode(xsd + "date"))],
             [ox.Literal("NaN", datatype=ox.NamedNode(xsd + "double"))],
             [ox.BlankNode("b0"), ox.NamedNode("http://x/a")]]
    for column in mixed:
        assert sorted_rows(("t",), [(t,) for t in column], (("t", False),)) is None
    assert sorted_rows(("t",), [(ox.Literal("a"),)], (("u", False),)) is None


def test_sort_in_runner_rules_are_checked():
    head = "# title: t\n# question: q?\n# param: s (string) = \"\" — d\n# sort: runner\n"
    ok = head + "SELECT ?s ?x (STR(?x) AS ?y) WHERE { ?x ?p ?o }\nORDER BY ?y DESC(?x)\n"
    q = parse_named_query(ok, "t", "t.rq")
    assert q.sort_in_runner
    assert not parse_named_query(ok.replace("# sort: runner\n", ""), "t", "t.rq").sort_in_runner
    for bad, message in [(ok.replace("ORDER BY ?y DESC(?x)", ""), "ORDER BY of variables"),
                         (ok.replace("DESC(?x)", "DESC(?x) LIMIT 3"), "ORDER BY of variables"),
                         (ok.replace("DESC(?x)", "STR(?x)"), "ORDER BY of variables"),
                         (ok.replace("DESC(?x)", "?o"), r"does not show: \?o"),
                         (ok.replace("DESC(?x)", "?s"), r"does not show: \?s"),
                         (ok.replace("# sort: runner", "# sort: store"), "bad '# sort:'")]:
        with pytest.raises(QueryError, match=message):
            parse_named_query(bad, "t", "t.rq")
    # a key may pick one of two projected variables by a boolean parameter
    flag = ok.replace("# sort: runner", "# param: f (boolean) = false — d\n# sort: runner").replace("SELECT ?s", "SELECT ?s ?f")
    assert parse_named_query(flag.replace("DESC(?x)", "DESC(IF(?f, ?x, ?y))"), "t", "t.rq").sort_in_runner
    for bad, message in [(flag.replace("DESC(?x)", "DESC(IF(?s, ?x, ?y))"), "ORDER BY of variables"),
                         (flag.replace("DESC(?x)", "DESC(IF(?f, ?x, ?o))"), r"does not show: \?o"),
                         (flag.replace("DESC(?x)", "DESC(IF(?f, ?o, ?x))"), r"does not show: \?o")]:
        with pytest.raises(QueryError, match=message):
            parse_named_query(bad, "t", "t.rq")


# -- "# bind: values": the runner binds the parameters with a VALUES row instead of pre-binding --

def test_bind_values_header_is_one_value():
    head = "# title: t\n# question: q?\n# param: s (string) = \"\" — d\n# bind: values\nSELECT ?s ?x WHERE { ?x ?p ?s }\n"
    assert parse_named_query(head, "t", "t.rq").bind_as_values
    assert not parse_named_query(head.replace("# bind: values\n", ""), "t", "t.rq").bind_as_values
    with pytest.raises(QueryError, match="bad '# bind:'"):
        parse_named_query(head.replace("# bind: values", "# bind: text"), "t", "t.rq")


BOUND_AS_VALUES = [q for q in QUERIES if q.bind_as_values]


def test_budget_by_function_binds_its_parameters_as_values():
    assert "budget-by-function" in {q.name for q in BOUND_AS_VALUES}


@pytest.mark.parametrize("query", BOUND_AS_VALUES, ids=[q.name for q in BOUND_AS_VALUES])
def test_bound_as_values_and_prebound_give_the_same_answer(sample_store, query):
    seen = []

    class Spy:
        def query(self, sparql, bindings=None):
            seen.append((sparql, bindings))
            return sample_store.query(sparql, bindings)

    prebound = dataclasses.replace(query, bind_as_values=False)
    other = [{p.name: v} for p in query.params for v in {"integer": ["5", "7"], "string": ["", "委员会"]}.get(p.type, [])]
    for given in _param_sets(query) + ANCHOR_ARGUMENTS.get(query.name, []) + other:
        seen.clear()
        answer = run_named(Spy(), query, given)
        assert answer.rows == run_named(sample_store, prebound, given).rows, f"{query.name} {given}"
        sent, bindings = seen[-1]
        assert not bindings and "VALUES (" in sent


def test_sorted_in_the_runner_by_a_boolean_parameter_also_when_bound_as_values(sample_store):
    """top-documents orders by IF(?split, …): the runner reads ?split's value however the parameters are bound."""
    seen = []

    class Spy:
        def query(self, sparql, bindings=None):
            seen.append(sparql)
            return sample_store.query(sparql, bindings)

    query = get_query("top-documents")
    for variant in (query, dataclasses.replace(query, bind_as_values=True)):
        for split in ("false", "true"):
            seen.clear()
            answer = run_named(Spy(), variant, {"split": split})
            assert "ORDER BY" not in seen[-1]
            assert answer.rows == run_named(sample_store, dataclasses.replace(query, sort_in_runner=False), {"split": split}).rows


def test_sorted_rows_reads_a_later_key_only_where_the_earlier_keys_tie():
    """A later key is compared within the rows tied on the earlier ones, as the store orders them."""
    from policygraph.queries.runner import sorted_rows

    xsd = "http://www.w3.org/2001/XMLSchema#"

    def integer(n):
        return ox.Literal(str(n), datatype=ox.NamedNode(xsd + "integer"))

    # ?t holds strings where ?n is 1 and numbers where ?n is 2: each run of ties is of one kind
    rows = [(integer(n), t, integer(i)) for i, (n, t) in enumerate(
        [(2, integer(5)), (1, ox.Literal("b")), (2, integer(3)), (1, ox.Literal("a")), (3, ox.Literal("z")),
         (1, ox.Literal("b")), (2, integer(5))])]
    store = ox.Store()
    values = " ".join(f"({n} {t} {i})" for n, t, i in rows)
    for direction in ("ASC", "DESC"):
        expected = [tuple(s) for s in store.query(
            f"SELECT ?n ?t ?i WHERE {{ VALUES (?n ?t ?i) {{ {values} }} }} ORDER BY {direction}(?n) {direction}(?t) ?i")]
        got = sorted_rows(("n", "t", "i"), rows, (("n", direction == "DESC"), ("t", direction == "DESC"), ("i", False)))
        assert [i for _, _, i in got] == [i for _, _, i in expected]
    # strings and numbers tied on the earlier keys: the store's order, not guessed here
    assert sorted_rows(("n", "t"), [(integer(1), ox.Literal("a")), (integer(1), integer(2))], (("n", False), ("t", False))) is None
