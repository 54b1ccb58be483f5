"""Run named queries and free SPARQL against a store and collect the answer.

The store is anything with ``query(sparql, bindings)`` (see graph/store.py) and
binds the parameters itself: pyoxigraph pre-binds them locally, RemoteStore
writes them as serialised terms in a VALUES row or BINDs (whichever its server
gets right), the serve front's upstream as a VALUES row. Either way parameters
are RDF terms, never text pasted into the query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Optional, Union

import pyoxigraph as ox

from ..errors import PolicygraphError, QueryError
from ..graph import sparqltext
from .catalog import ANCHOR_VALUES, NamedQuery, get_query
from .params import bind

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]


@dataclass(frozen=True)
class Result:
    """A query answer: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    kind: str  # "select" | "ask" | "graph"
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Optional[Term], ...], ...] = ()
    boolean: Optional[bool] = None
    triples: tuple[ox.Triple, ...] = ()
    truncated: bool = False  # more rows than max_rows existed

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples) if self.kind == "graph" else 1

    def column(self, name: str) -> list[Optional[Term]]:
        i = self.columns.index(name)
        return [row[i] for row in self.rows]

    def values(self) -> list[dict[str, object]]:
        """Rows as dicts of plain Python values (int/float/bool/str; IRIs as str; None when unbound)."""
        return [{c: python_value(v) for c, v in zip(self.columns, row)} for row in self.rows]


_INT_TYPES = {
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
    "gYear",
}
_XSD = "http://www.w3.org/2001/XMLSchema#"


def python_value(term: Optional[Term]) -> object:
    """A term as the closest plain Python value (numbers stay numbers; everything else is text)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dtype = term.datatype.value
        if dtype.startswith(_XSD):
            local = dtype[len(_XSD):]
            try:
                if local in _INT_TYPES:
                    return int(term.value)
                if local in ("decimal", "double", "float"):
                    number = float(term.value)
                    return int(number) if number.is_integer() and local == "decimal" else number
                if local == "boolean":
                    return term.value in ("true", "1")
            except ValueError:
                return term.value
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def run_sparql(store, sparql: str, bindings: Optional[Mapping[str, Term]] = None, *,
               hidden: tuple[str, ...] = (), max_rows: Optional[int] = None) -> Result:
    """Run any SPARQL query; ``hidden`` columns (bound parameters) are left out of the answer."""
    try:
        answer = store.query(sparql, bindings or None)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error {_syntax_message(exc)}") from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"query failed: {_one_line(exc)}") from None
    return collect(answer, hidden=hidden, max_rows=max_rows)


def collect(answer, *, hidden: tuple[str, ...] = (), max_rows: Optional[int] = None) -> Result:
    """Turn a pyoxigraph answer (solutions, boolean or triples) into a :class:`Result`."""
    if isinstance(answer, ox.QueryBoolean):
        return Result(kind="ask", boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        triples = []
        for t in answer:
            if max_rows is not None and len(triples) >= max_rows:
                return Result(kind="graph", triples=tuple(triples), truncated=True)
            triples.append(t)
        return Result(kind="graph", triples=tuple(triples))
    names = [v.value for v in answer.variables]
    keep = [i for i, n in enumerate(names) if n not in hidden]
    rows = []
    truncated = False
    try:
        for solution in answer:
            if max_rows is not None and len(rows) >= max_rows:
                truncated = True
                break
            rows.append(tuple(solution[i] for i in keep))
    except (OSError, RuntimeError) as exc:
        raise QueryError(f"query failed: {_one_line(exc)}") from None
    return Result(kind="select", columns=tuple(names[i] for i in keep), rows=tuple(rows), truncated=truncated)


def run_query(store, name: str, params: Optional[Mapping[str, object]] = None, *,
              max_rows: Optional[int] = None, **kwparams: object) -> Result:
    """Run the named query ``name`` with parameters given as strings (or numbers, or RDF terms).

    ``run_query(store, "stale-bases", min_years=10)``
    """
    query = get_query(name)
    return run_named(store, query, {**(params or {}), **kwparams}, max_rows=max_rows)


def run_named(store, query: NamedQuery, params: Mapping[str, object], *,
              max_rows: Optional[int] = None) -> Result:
    for key in params:
        query.param(key)  # unknown names are errors, listing the known ones
    raw = {k: v for k, v in params.items() if not isinstance(v, (ox.NamedNode, ox.Literal))}
    terms = bind(query, {k: str(v) for k, v in raw.items() if v is not None})
    terms.update({k: v for k, v in params.items() if isinstance(v, (ox.NamedNode, ox.Literal))})
    hidden = tuple(p.name for p in query.params)
    if query.summaries:
        store = summary_source(store, query)
    row = terms if query.bind_as_values else None
    sparql, bound = anchored_with_row(store, query, terms, row) if query.anchors else (query.sparql, False)
    bindings = {} if bound else terms
    if query.bind_as_values and not bound:
        sparql, bindings = bound_as_values(sparql, terms)
    if query.sort_in_steps:
        answer = sorted_in_steps(store, sparql, bindings, hidden, max_rows=max_rows)
        if answer is not None:
            return answer
    if query.sort_in_runner:
        answer = sorted_by_runner(store, sparql, bindings, hidden, max_rows=max_rows, choices=_boolean_choices(terms))
        if answer is not None:
            return answer
    return run_sparql(store, sparql, bindings, hidden=hidden, max_rows=max_rows)


def bound_as_values(sparql: str, terms: Mapping[str, Term]) -> tuple[str, dict[str, Term]]:
    """catalog.py, "bind: values": the query with a VALUES row of the bound parameters, and no bindings left."""
    return sparqltext.with_values(sparql, terms), {}  # (unchanged without terms)


def sorted_by_runner(store, sparql: str, terms: Mapping[str, Term], hidden: tuple[str, ...], *,
                     max_rows: Optional[int] = None, choices: Optional[Mapping[str, bool]] = None) -> Optional[Result]:
    """catalog.py, "sort: runner": the rows without the store's ORDER BY, sorted here the same way (None: cannot).

    ``choices``: the boolean parameters' values (_boolean_choices), for ORDER BY keys ``IF(?flag, ?a, ?b)``;
    without them such a key makes it None.
    """
    order = sparqltext.trailing_order_by(sparql, choices)
    if order is None:
        return None
    if max_rows is not None:
        return first_rows_sorted_by_store(store, sparql, terms, hidden, max_rows)
    start, keys = order
    unsorted = run_sparql(store, sparql[:start], terms, hidden=hidden)
    rows = sorted_rows(unsorted.columns, unsorted.rows, keys)
    if rows is None:
        return None
    truncated = max_rows is not None and len(rows) > max_rows
    return Result(kind="select", columns=unsorted.columns, rows=tuple(rows[:max_rows] if truncated else rows),
                  truncated=truncated)


def first_rows_sorted_by_store(store, sparql: str, terms: Mapping[str, Term], hidden: tuple[str, ...],
                               max_rows: int) -> Result:
    """The first ``max_rows`` rows of a query ending with its ORDER BY, sorted by the store (``LIMIT max_rows + 1``).

    For a few rows of a large answer, the store's sort costs no more than giving every row for the runner
    to sort (10,000 documents, first 10,000 rows: co-citation 2.1 s against 2.4 s for all 55,508 rows
    unsorted, projects-without-basis 9.3 s against 10.0 s), and the rows not wanted are never decoded
    nor, from a SPARQL server, sent: `policygraph serve`'s named queries (10,000 rows) refused these
    answers as larger than its 32 MB cap.
    """
    limit = int(max_rows)
    answer = run_sparql(store, f"{sparql}\nLIMIT {limit + 1}", terms, hidden=hidden)
    truncated = len(answer.rows) > limit
    return Result(kind="select", columns=answer.columns, rows=answer.rows[:limit] if truncated else answer.rows,
                  truncated=truncated)


def _boolean_choices(terms: Mapping[str, Term]) -> dict[str, bool]:
    """The bound parameters that are xsd:boolean literals, as Python booleans (their value in an IF)."""
    return {name: term.value in ("true", "1") for name, term in terms.items()
            if isinstance(term, ox.Literal) and term.datatype.value == _BOOLEAN and term.value in ("true", "false", "1", "0")}


@dataclass(frozen=True)
class _OrderedLimit:
    """A query ``prologue SELECT ?vars… WHERE { group } ORDER BY keys LIMIT limit`` cut into its parts."""

    prologue: str  # up to SELECT
    group_start: int  # just after the WHERE group's "{"
    group: str  # the WHERE group's content
    keys: tuple[tuple[str, bool], ...]  # (variable, descending)
    limit: int
    tail_start: int  # where ORDER BY starts


def _ordered_limit(sparql: str) -> Optional[_OrderedLimit]:
    """The parts of a query ending ``ORDER BY`` plain variables ``LIMIT n``, or None for any other query."""
    toks = list(sparqltext.tokens(sparql))
    start = sparqltext.where_group_start(sparql)
    form = next((i for i, t in enumerate(toks) if t.keyword in sparqltext.QUERY_FORMS), None)
    if start is None or form is None or toks[form].keyword != "SELECT":
        return None
    head = [t for t in toks[form + 1:] if t.start < start]
    if not all(t.kind == "var" or t.keyword == "WHERE" or t.text == "{" for t in head):
        return None  # DISTINCT, expressions: counting rows per key would not count the answer's rows
    depth, end = 1, None
    for i, t in enumerate(toks):
        if t.start < start or t.kind != "punct":
            continue
        depth += t.text == "{"
        depth -= t.text == "}"
        if depth == 0:
            end = i
            break
    if end is None:
        return None
    tail = toks[end + 1:]
    if len(tail) < 5 or [t.keyword for t in tail[:2]] != ["ORDER", "BY"] or tail[-2].keyword != "LIMIT" \
            or not tail[-1].text.isdigit():
        return None
    keys = sparqltext.order_keys(tail[2:-2])
    if not keys:
        return None
    return _OrderedLimit(sparql[:toks[form].start], start, sparql[start:toks[end].start], keys, int(tail[-1].text),
                         tail[0].start)


def sorted_in_steps(store, sparql: str, terms: Mapping[str, Term], hidden: tuple[str, ...], *,
                    max_rows: Optional[int] = None) -> Optional[Result]:
    """The answer to ``sparql`` (ending ``ORDER BY ?a DESC(?b) … LIMIT n``), sorting only its first n rows.

    Oxigraph sorts every row before it applies the LIMIT and decodes the terms it compares at each
    comparison (describe of a document cited 18,000 times: 85,000 rows, 20 s). Here the rows are counted
    per value of the first key (GROUP BY, no decoding); the values whose rows all fit in n are taken
    whole, and the first that does not fit is cut the same way by the next key, and so on: the values
    taken, in order, are the first n rows. The rows of values taken with every key (one row each, or rows
    tied on every key) come from the query without ORDER BY and a VALUES block of them; those of values
    taken with fewer keys (?a = a1, any ?b …) from the query as written with a VALUES block of them, which
    Oxigraph sorts (few rows). Same rows in the same order. Values are put in order in Python when they are
    IRIs and plain strings (SPARQL orders these by code point, as Python does), else by Oxigraph. None when
    the query is not of that form, or a key is unbound or a blank node (which the ordering ties), or every
    row fits in n: then the query runs as written.
    """
    parts = _ordered_limit(sparql)
    if parts is None:
        return None
    used = [p for p in hidden if p in terms]
    head = " ".join(f"?{p}" for p in used)
    names = [k for k, _ in parts.keys]
    taken: list[tuple] = []  # prefixes of key values whose rows all come first
    cut: tuple = ()
    need = parts.limit
    for level, (key, descending) in enumerate(parts.keys):
        values = f"  VALUES ({' '.join('?' + n for n in names[:level])}) {{ ({' '.join(map(str, cut))}) }}\n" if cut else ""
        count = (f"{parts.prologue}SELECT {head} ?{key} (COUNT(*) AS ?pg_step_rows) WHERE {{\n{values}{parts.group}}}\n"
                 f"GROUP BY {head} ?{key}\n")
        groups = [(row[0], int(row[1].value)) for row in run_sparql(store, count, terms, hidden=tuple(used)).rows]
        if any(v is None or isinstance(v, ox.BlankNode) for v, _ in groups):
            return None
        if sum(n for _, n in groups) <= need:
            return None if level == 0 else _rows_in_order(store, sparql, parts, terms, hidden, taken + [cut], max_rows)
        sort_keys = _sort_keys([v for v, _ in groups])  # as sort: runner orders a column (None: it cannot)
        if sort_keys is not None:
            groups = [g for _, g in sorted(zip(sort_keys, groups), key=lambda kg: kg[0], reverse=descending)]
        else:
            ordered = f"{count}ORDER BY {'DESC' if descending else 'ASC'}(?{key})\n"
            groups = [(row[0], int(row[1].value)) for row in run_sparql(store, ordered, terms, hidden=tuple(used)).rows]
        for value, n in groups:
            if n > need:
                cut = cut + (value,)
                break
            taken.append(cut + (value,))
            need -= n
            if need == 0:
                return _rows_in_order(store, sparql, parts, terms, hidden, taken, max_rows)
    return _rows_in_order(store, sparql, parts, terms, hidden, taken + [cut], max_rows)  # rows tied on every key


def _rows_in_order(store, sparql: str, parts: _OrderedLimit, terms: Mapping[str, Term], hidden: tuple[str, ...],
                   taken: list[tuple], max_rows: Optional[int]) -> Result:
    names = [k for k, _ in parts.keys]
    whole = [p for p in taken if len(p) == len(names)]
    partial = [p for p in taken if len(p) < len(names)]
    rows: dict[tuple, list] = {p: [] for p in taken}
    answers = []
    if partial:  # sorted by Oxigraph: the rows of one prefix follow one another
        answers.append(run_sparql(store, _with_key_values(sparql, parts, names, partial), terms, hidden=hidden))
    if whole:  # unsorted: each row's prefix is all of its keys
        unsorted = _with_key_values(sparql[:parts.tail_start], parts, names, whole)
        answers.append(run_sparql(store, unsorted, terms, hidden=hidden))
    columns = answers[0].columns
    at = [columns.index(n) for n in names]
    lengths = sorted({len(p) for p in taken})
    for answer in answers:
        for row in answer.rows:
            keys = tuple(row[i] for i in at)
            prefix = next(keys[:n] for n in lengths if keys[:n] in rows)
            rows[prefix].append(row)
    ordered = [row for p in taken for row in rows[p]][:parts.limit]
    truncated = max_rows is not None and len(ordered) > max_rows
    return Result(kind="select", columns=columns, rows=tuple(ordered[:max_rows] if truncated else ordered),
                  truncated=truncated)


def _with_key_values(sparql: str, parts: _OrderedLimit, names: list[str], prefixes: list[tuple]) -> str:
    rows = " ".join("(" + " ".join([str(v) for v in p] + ["UNDEF"] * (len(names) - len(p))) + ")" for p in prefixes)
    block = f"\n  VALUES ({' '.join('?' + n for n in names)}) {{ {rows} }}\n"
    return sparql[:parts.group_start] + block + sparql[parts.group_start:]


_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_EXACT = {_INTEGER, "http://www.w3.org/2001/XMLSchema#decimal"}
_FLOATING = {"http://www.w3.org/2001/XMLSchema#double", "http://www.w3.org/2001/XMLSchema#float"}
_STRING = "http://www.w3.org/2001/XMLSchema#string"
_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def sorted_rows(columns: tuple[str, ...], rows, keys: tuple[tuple[str, bool], ...]) -> Optional[list]:
    """``rows`` in the order ``ORDER BY`` of ``keys`` (``(column, descending)``) gives them in SPARQL.

    SPARQL's order (as Oxigraph implements it): unbound first, then IRIs (by their text), literals; strings (plain, or all of one language) compare by code point
    (Python's ``str`` order, UTF-8's byte order) and numbers by value. None when a key column holds
    blank nodes (their order is the store's own), literals of other kinds (dates, booleans, other datatypes) or kinds that are not simply compared
    with one another (strings and numbers, plain strings and language strings or two languages, exact
    and floating numbers): the caller then lets the store sort. Stable: rows equal on
    every key keep the order they came in.
    """
    index = {c: i for i, c in enumerate(columns)}
    if any(column not in index for column, _ in keys):
        return None
    at = [(index[column], descending) for column, descending in keys]
    order = _ordered(rows, list(range(len(rows))), at)
    return None if order is None else [rows[i] for i in order]


def _ordered(rows, order: list[int], keys: list[tuple[int, bool]]) -> Optional[list[int]]:
    """``order`` (row indexes) sorted stably by the first key, then each run of rows tied on it by the next keys.

    A later key's terms are read only for the rows the earlier keys tie (co-citation at 10,000 documents:
    few of 55,508 rows tie on their projects and money).
    """
    column, descending = keys[0]
    values = _sort_keys([rows[i][column] for i in order])
    if values is None:
        return None
    ranked = sorted(range(len(order)), key=values.__getitem__, reverse=descending)  # (stable, also reversed)
    if len(keys) == 1:
        return [order[k] for k in ranked]
    out: list[int] = []
    start = 0
    while start < len(ranked):
        end = start + 1
        while end < len(ranked) and values[ranked[end]] == values[ranked[start]]:
            end += 1
        if end - start == 1:
            out.append(order[ranked[start]])
        else:
            tied = _ordered(rows, [order[k] for k in ranked[start:end]], keys[1:])
            if tied is None:
                return None
            out.extend(tied)
        start = end
    return out


def _sort_keys(terms: list) -> Optional[list]:
    """Python keys ordering ``terms`` as SPARQL does (sorted_rows), or None when it cannot.

    A key is the value itself (str, int, Decimal, float) when every term of the column has the same
    rank (all IRIs, or all literals): Python then compares plain values, not ``(rank, value)`` tuples.
    """
    from decimal import Decimal, InvalidOperation

    kinds = set()
    ranks = set()
    keys: list = []
    literal, named = ox.Literal, ox.NamedNode
    for term in terms:
        if isinstance(term, literal):
            dtype = term.datatype.value
            if dtype == _STRING:
                kinds.add("string")
                keys.append(term.value)
            elif dtype == _LANG_STRING:
                kinds.add("@" + term.language)  # strings of one language compare as strings
                keys.append(term.value)
            elif dtype in _EXACT:
                kinds.add("exact")
                try:  # (ints and Decimals compare exactly with one another)
                    number = int(term.value) if dtype == _INTEGER else Decimal(term.value.strip())
                except (ValueError, InvalidOperation):
                    return None
                if isinstance(number, Decimal) and not number.is_finite():
                    return None
                keys.append(number)
            elif dtype in _FLOATING:
                kinds.add("floating")
                try:
                    number = float(term.value)
                except ValueError:
                    return None
                if number != number:  # NaN: not ordered
                    return None
                keys.append(number)
            else:
                return None
            ranks.add(3)
        elif term is None:
            ranks.add(0)
            keys.append(0)
        elif isinstance(term, named):
            ranks.add(2)
            keys.append(term.value)
        else:
            return None
    if len(kinds) > 1:
        return None
    if len(ranks) <= 1:
        return keys
    # (unbound, IRIs and literals mixed: the rank first)
    return [(0, 0) if t is None else (2 if isinstance(t, named) else 3, k) for t, k in zip(terms, keys)]


#: above this many values of an anchor the query runs as written (the VALUES block would cost more than it saves)
MAX_ANCHOR_VALUES = 20_000


def anchor_query(query: NamedQuery, index: int, found: Mapping[str, list[Term]]) -> str:
    """Anchor ``index`` as a query of its own: ``SELECT DISTINCT ?params… ?var WHERE { VALUES… block }``.

    ``found``: the values of the earlier anchors; those the block uses open it as VALUES blocks. The
    parameters it uses are projected (pyoxigraph's pre-binding needs them at the top of the query).
    """
    anchor = query.anchors[index]
    block = query.sparql[anchor.start:anchor.end]
    used = {t.text[1:] for t in sparqltext.tokens(block) if t.kind == "var"}
    form = next(t for t in sparqltext.tokens(query.sparql) if t.keyword in sparqltext.QUERY_FORMS)
    head = " ".join(f"?{p.name}" for p in query.params if p.name in used)
    before = "".join(f"  {_values(var, values)}\n" for var, values in found.items() if var in used)
    return f"{query.sparql[:form.start]}SELECT DISTINCT {head} ?{anchor.variable} WHERE {{\n{before}{block}}}\n"


def anchored(store, query: NamedQuery, terms: Mapping[str, Term]) -> str:
    """The query with its anchor blocks replaced by ``VALUES ?var { … }`` of what they find (catalog.py)."""
    return anchored_with_row(store, query, terms)[0]


def anchored_with_row(store, query: NamedQuery, terms: Mapping[str, Term],
                      row: Optional[Mapping[str, Term]] = None) -> tuple[str, bool]:
    """:func:`anchored`, and whether ``row`` (the parameters of a ``bind: values`` query) was written into it.

    ``row`` becomes columns of every row of the outermost anchor's VALUES block, ``VALUES (?p… ?var)
    { (t… v1) (t… v2) … }``: the same join as the parameters' own one-row VALUES opening the WHERE group
    (both are in the outermost group), but Oxigraph then binds the parameters with the anchor's values, at
    the start, where a one-row VALUES sharing no variable with the patterns is joined late, after the
    lookups that a FILTER on a parameter would have cut (budget-by-function at 10,000 documents, 科学技术协会:
    1.2-1.3 -> 0.95-1.0 s). False when the query runs as written (no row written: bind it as before).
    """
    found: dict[str, list[Term]] = {}
    for index, anchor in enumerate(query.anchors):
        text = anchor_query(query, index, found)
        used = {t.text[1:] for t in sparqltext.tokens(text) if t.kind == "var"}
        answer = run_sparql(store, text, {k: v for k, v in terms.items() if k in used})
        values = {v for v in answer.column(anchor.variable) if v is not None}
        if len(values) > MAX_ANCHOR_VALUES or not all(isinstance(v, (ox.NamedNode, ox.Literal)) for v in values):
            return query.sparql, False  # as written: the same answer
        found[anchor.variable] = sorted(values, key=str)
    first, last = query.anchors[0], query.anchors[-1]
    indent = query.sparql[last.outer_start:last.start]
    indent = indent[: len(indent) - len(indent.lstrip())]
    out = query.sparql[:first.outer_start]
    for a, b in zip(query.anchors, query.anchors[1:] + (None,)):
        if b is None:
            out += f"{indent}{_values(a.variable, found[a.variable], row)}\n"
        out += query.sparql[a.outer_end:b.outer_start if b else len(query.sparql)]
    # and where a subquery asks for them (`# [anchor values ?var]`, which names the last anchor's variable)
    return ANCHOR_VALUES.sub(lambda m: f"{m['indent']}{_values(last.variable, found[last.variable])}\n", out), bool(row)


def _values(variable: str, values: list[Term], row: Optional[Mapping[str, Term]] = None) -> str:
    if not row:
        return sparqltext.values_list(variable, values)
    columns = sparqltext.binding_terms(row)  # (names checked, terms serialised by pyoxigraph)
    names = " ".join(f"?{name}" for name, _ in columns)
    fixed = " ".join(term for _, term in columns)
    return f"VALUES ({names} ?{variable}) {{ {' '.join(f'({fixed} {v})' for v in values)} }}"


def summary_source(store, query: NamedQuery):
    """Where ``query`` finds the summaries it reads: ``store`` itself when its summary is current.

    Otherwise (a store written by an older policygraph or another tool, or changed since its last
    ingest) the summaries the query needs are computed from ``store`` into an in-memory store: the
    same answer, as slow as before summaries existed. A server that cannot answer the summaries'
    CONSTRUCT queries (``serve``'s upstream) gets a message to run ingest instead.
    """
    from ..graph.ingest import sparql as graph_sparql
    from ..graph.iris import REFERENCE_GRAPH
    from ..graph.store import LocalStore
    from ..graph.summary import summary_quads, summary_state

    state = summary_state(store)
    if state.current and set(query.summaries) <= state.included:
        return store
    try:
        quads = summary_quads(store, query.summaries)
        # and the reference graph, which queries join for vocabulary labels
        quads += [ox.Quad(t.subject, t.predicate, t.object, REFERENCE_GRAPH) for t in store.query(graph_sparql("reference_triples"))]
    except (OSError, RuntimeError, ValueError, SyntaxError, PolicygraphError) as exc:
        raise QueryError(
            f"query {query.name!r} reads the store's summaries, which are missing or out of date, and they "
            f"could not be computed here ({_one_line(exc)}); run `policygraph ingest` on the store to compute them"
        ) from None
    memory = LocalStore(None)
    memory.add_quads(quads)
    return memory


def _syntax_message(exc: BaseException) -> str:
    """'at 3:14: <what>' without the parser's list of every token it would have accepted."""
    text = " ".join(str(exc).split())
    m = re.match(r"error at (\d+:\d+): (.*)$", text)
    if not m:
        return ": " + _one_line(exc)
    where, what = m.groups()
    if what.startswith("expected one of"):
        what = "unexpected text or end of query"
    return f"at line:column {where}: {what[:200]}"


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300] + ("…" if len(text) > 300 else "")
