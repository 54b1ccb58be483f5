"""Just enough SPARQL lexing to guard an endpoint and to bind parameters remotely.

pyoxigraph has no public query parser, and a full parser is not needed for the
three things we ask of query text:

* which operation it is (SELECT/ASK/CONSTRUCT/DESCRIBE, or an update);
* whether it uses a keyword we refuse (SERVICE, LOAD and the update verbs);
* where the outermost WHERE group opens, to put a ``VALUES`` row (or, for
  Virtuoso, ``BIND`` clauses) of bound parameters there when the store is reached over
  HTTP (no pre-binding in the SPARQL protocol) or when a named query asks for it.

It lives in graph/ so that both graph/remote.py (RemoteStore) and queries/
(runner, catalog, endpoint guard) use this one lexer; it depends on nothing but
``re`` and policygraph.errors (refusals are one-line QueryErrors for both).

Keywords are found on a token stream that skips comments, string literals and
IRIs, so ``"SERVICE"`` in a string or ``ex:service`` never counts, and a keyword
cannot be hidden inside something the lexer takes for a literal but the server
does not (IRIs cannot contain spaces, quotes or braces; strings end where the
grammar says).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Mapping, Optional

from ..errors import QueryError

# Order matters: long strings before short ones, IRIs before the '<' operator.
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n\r]|\\.)*"
              |'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[^\W\d][\w.-]*)?:(?:[\w:%.-]|\\.)*|_:[\w.-]+)
  | (?P<word>\w+)
  | (?P<space>\s+)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_VERBS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
#: keywords an endpoint open to colleagues must never run: federation to arbitrary URLs and writes
REFUSED_IN_QUERIES = ("SERVICE",) + UPDATE_VERBS


@dataclass(frozen=True)
class Token:
    kind: str  # comment | string | iri | var | lang | pname | word | punct
    text: str
    start: int

    @property
    def keyword(self) -> str | None:
        """The upper-cased keyword when this token is a bare word (never a name, variable or literal)."""
        return self.text.upper() if self.kind == "word" and not self.text[0].isdigit() else None


def tokens(text: str) -> Iterator[Token]:
    """Significant tokens of a query (comments and whitespace dropped)."""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        if kind in ("comment", "space"):
            continue
        yield Token(kind, m.group(), m.start())


def keywords(text: str) -> list[str]:
    return [t.keyword for t in tokens(text) if t.keyword]


def _operation_token(toks: Iterator[Token]) -> Optional[Token]:
    """The operation keyword: the first token after the prologue (``BASE <iri>``, ``PREFIX p: <iri>``)
    when it is a query form or an update verb, else None. Reads ``toks`` only that far, so the caller
    can go on from there."""
    for t in toks:
        kw = t.keyword
        if kw == "BASE":
            iri = next(toks, None)
            if iri is None or iri.kind != "iri":
                return None
            continue
        if kw == "PREFIX":
            name, iri = next(toks, None), next(toks, None)
            if name is None or name.kind != "pname" or not name.text.endswith(":") or iri is None or iri.kind != "iri":
                return None
            continue
        return t if kw in QUERY_FORMS or kw in UPDATE_VERBS else None
    return None


def operation(text: str) -> str | None:
    """SELECT/CONSTRUCT/DESCRIBE/ASK for a query, UPDATE for an update, None if neither is recognisable.

    The operation keyword is the first one after the prologue (BASE and PREFIX declarations).
    """
    t = _operation_token(tokens(text))
    if t is None:
        return None
    return "UPDATE" if t.keyword in UPDATE_VERBS else t.keyword


def query_form(text: str) -> tuple[str, int]:
    """``(SELECT|ASK|CONSTRUCT|DESCRIBE, offset of the keyword)``; QueryError for an update or anything else."""
    t = _operation_token(tokens(text))
    if t is not None and t.keyword in QUERY_FORMS:
        return t.keyword, t.start
    if t is not None:
        raise QueryError("this is a SPARQL update, not a query")
    raise QueryError("not a SPARQL query (expected SELECT, ASK, CONSTRUCT or DESCRIBE after the prefixes)")


def refused_keywords(text: str) -> list[str]:
    """Keywords of ``text`` that a read-only, non-federating endpoint refuses (sorted, unique)."""
    return sorted({kw for kw in keywords(text) if kw in REFUSED_IN_QUERIES})


def where_group_start(text: str) -> int | None:
    """Offset just after the ``{`` that opens the outermost WHERE group; None when there is none
    (an update, not a query, ``DESCRIBE <iri>``).

    The WHERE keyword is optional in SPARQL, so this is the first ``{`` outside any bracket
    after the query form keyword (``EXISTS {…}`` in a projection expression is inside its
    ``(…)``), except that CONSTRUCT's template comes first unless a ``WHERE`` precedes it:
    the short form ``CONSTRUCT WHERE {…}``, also with dataset clauses (``CONSTRUCT FROM <g>
    WHERE {…}``).
    """
    toks = tokens(text)
    form = _operation_token(toks)
    if form is None or form.keyword not in QUERY_FORMS:
        return None
    template_first = form.keyword == "CONSTRUCT"
    depth = 0
    for t in toks:  # (the rest of the query, after the form keyword)
        if depth == 0 and t.keyword == "WHERE":
            template_first = False
        elif t.kind != "punct":
            continue
        elif t.text in "({":
            if t.text == "{" and depth == 0:
                if not template_first:
                    return t.start + 1
                template_first = False  # this group is the template: the WHERE group follows it
            depth += 1
        elif t.text in ")}":
            depth -= 1
    return None


# SPARQL's VARNAME (PN_CHARS_U, digits and the extra characters allowed after the first)
_PN_CHARS_U = ("A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
               "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_VARNAME = re.compile(f"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*")
#: one RDF term as pyoxigraph writes it (N-Triples): an IRI, or a string with a language tag or datatype IRI
_TERM_SHAPES = (("iri",), ("string",), ("string", "lang"), ("string", "punct", "punct", "iri"))


def binding_terms(bindings: Mapping[str, object]) -> list[tuple[str, str]]:
    """``[(name, term in SPARQL syntax)]`` of bound parameters, refusing what cannot be bound in text.

    Terms are pyoxigraph's NamedNode and Literal, serialised by pyoxigraph (N-Triples syntax, escaped
    as needed): the text must be exactly one IRI or literal. Blank nodes (no syntax can name a given
    one), plain Python values and names that are not SPARQL variable names are QueryErrors.
    """
    out = []
    for name, term in bindings.items():
        if not isinstance(name, str) or not (_VARNAME.fullmatch(name) and re.fullmatch(r"\w+", name)):
            raise QueryError(f"bad variable name for a binding: {name!r}")
        text = str(term)
        parts = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text)]
        if text.startswith("_:") and [k for k, _ in parts] == ["pname"]:
            raise QueryError(f"?{name}: a blank node cannot be bound in query text (VALUES and BIND take IRIs "
                             "and literals)")
        if isinstance(term, (str, bytes)) or tuple(k for k, _ in parts) not in _TERM_SHAPES \
                or (len(parts) == 4 and parts[1][1] + parts[2][1] != "^^"):
            raise QueryError(f"?{name}: bind an RDF term (NamedNode or Literal), not {type(term).__name__}")
        out.append((name, text))
    return out


def values_block(bindings: Mapping[str, object]) -> str:
    """``VALUES (?a ?b) { (<x> "y"@zh) }``: one row of terms serialised by pyoxigraph (:func:`binding_terms`)."""
    terms = binding_terms(bindings)
    return f"VALUES ({' '.join('?' + n for n, _ in terms)}) {{ ({' '.join(t for _, t in terms)}) }}"


def values_list(variable: str, terms) -> str:
    """``VALUES ?variable { <a> <b> … }``: one column of pyoxigraph terms (NamedNode, Literal), written by
    pyoxigraph, which checks and escapes them."""
    return f"VALUES ?{variable} {{ {' '.join(str(t) for t in terms)} }}"


def bind_block(bindings: Mapping[str, object]) -> str:
    """``BIND(<x> AS ?a) BIND("y"@zh AS ?b)``: the same one-row join, spelt for Virtuoso (its VALUES
    gives wrong answers; graph/remote.py, PROFILES)."""
    return " ".join(f"BIND({t} AS ?{n})" for n, t in binding_terms(bindings))


def with_values(text: str, bindings: Mapping[str, object], *, style: str = "values") -> str:
    """The query with ``bindings`` opening its outermost WHERE group: a ``VALUES`` row, or
    ``BIND`` clauses with ``style="bind"``; the query unchanged without bindings.

    There they join with everything the query matches and every FILTER sees them, as with
    pyoxigraph's pre-binding for named queries, which use their parameters only in the outermost
    group (a rule tested for every named query). (A trailing VALUES clause would join after the
    WHERE clause: a FILTER on a parameter would see it unbound.) QueryError when the query has no
    WHERE group or a binding cannot be written.
    """
    if not bindings:
        return text
    return opening_where(text, bind_block(bindings) if style == "bind" else values_block(bindings))


def opening_where(text: str, clause: str) -> str:
    """The query with ``clause`` (a VALUES block, BINDs) opening its outermost WHERE group; QueryError
    when it has none."""
    at = where_group_start(text)
    if at is None:
        query_form(text)  # an update or not a query: say so
        raise QueryError("the query has no WHERE group to bind parameters in")
    return text[:at] + "\n  " + clause + "\n" + text[at:]


def declared_prefixes(text: str) -> set[str]:
    toks = list(tokens(text))
    return {toks[i + 1].text[:-1] for i, t in enumerate(toks[:-1])
            if t.keyword == "PREFIX" and toks[i + 1].kind == "pname" and toks[i + 1].text.endswith(":")}


def with_prefixes(text: str, known: Mapping[str, str]) -> str:
    """``text`` with PREFIX lines added for the ``known`` prefixes (queries.params.PREFIXES) it uses
    without declaring them."""
    used = {t.text.split(":", 1)[0] for t in tokens(text) if t.kind == "pname" and not t.text.startswith("_:")}
    missing = sorted(p for p in used - declared_prefixes(text) if p in known)
    if not missing:
        return text
    return "".join(f"PREFIX {p}: <{known[p]}>\n" for p in missing) + text


def trailing_order_by(text: str, choices: Mapping[str, bool] | None = None) -> tuple[int, tuple[tuple[str, bool], ...]] | None:
    """``(offset of ORDER, ((variable, descending), …))`` when the query ends with an ORDER BY of variables.

    The clause must be the query's last (no LIMIT or OFFSET after it) and name only variables, bare or
    in ``ASC(…)``/``DESC(…)``; otherwise None. With ``choices`` (boolean parameters' values) a key may
    also be ``IF(?param, ?a, ?b)`` of one of them: it orders by ?a or ?b as the parameter says
    (:func:`order_keys`).
    """
    toks = list(tokens(text))
    depth = 0
    at = None
    for i, t in enumerate(toks):
        if t.kind == "punct" and t.text in "({":
            depth += 1
        elif t.kind == "punct" and t.text in ")}":
            depth -= 1
        elif depth == 0 and t.keyword == "ORDER" and i + 1 < len(toks) and toks[i + 1].keyword == "BY":
            at = i
    if at is None:
        return None
    keys = order_keys(toks[at + 2:], choices)
    return (toks[at].start, keys) if keys else None


def order_keys(toks: list[Token], choices: Mapping[str, bool] | None = None) -> tuple[tuple[str, bool], ...] | None:
    """The ``(variable, descending)`` keys of an ORDER BY clause's tokens (after ``BY``), when each is a
    variable, bare or in ``ASC(…)``/``DESC(…)``; None for anything else (expressions, LIMIT …).

    ``choices``: values of boolean parameters, with which a key may also be ``IF(?param, ?a, ?b)``
    (bare or in ``ASC``/``DESC``) of a parameter named there: the key is then ?a when the parameter is
    true, ?b when false (the rows' order is the same, SPARQL's IF takes its condition's boolean value).
    """
    keys: list[tuple[str, bool]] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "var":
            keys.append((t.text[1:], False))
            i += 1
            continue
        chosen = _chosen_variable(toks, i, choices or {})
        if chosen is not None:
            keys.append((chosen[0], False))
            i = chosen[1]
        elif t.keyword in ("ASC", "DESC") and i + 1 < len(toks) and toks[i + 1].text == "(":
            inner = (toks[i + 2].text[1:], i + 3) if i + 2 < len(toks) and toks[i + 2].kind == "var" \
                else _chosen_variable(toks, i + 2, choices or {})
            if inner is None or inner[1] >= len(toks) or toks[inner[1]].text != ")":
                return None
            keys.append((inner[0], t.keyword == "DESC"))
            i = inner[1] + 1
        else:
            return None
    return tuple(keys)


def _chosen_variable(toks: list[Token], i: int, choices: Mapping[str, bool]) -> tuple[str, int] | None:
    """``IF(?param, ?a, ?b)`` at ``toks[i]`` with ?param in ``choices``: (the chosen variable, index after it)."""
    shape = toks[i:i + 8]
    if len(shape) < 8 or shape[0].keyword != "IF" or [t.text for t in shape[1:8:2]] != ["(", ",", ",", ")"] \
            or any(t.kind != "var" for t in shape[2:8:2]) or shape[2].text[1:] not in choices:
        return None
    return (shape[4] if choices[shape[2].text[1:]] else shape[6]).text[1:], i + 8
