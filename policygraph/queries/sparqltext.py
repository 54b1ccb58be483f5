"""Just enough SPARQL lexing to guard an endpoint and to bind parameters remotely.

pyoxigraph has no public query parser, and a full parser is not needed for the
three things we ask of query text:

* which operation it is (SELECT/ASK/CONSTRUCT/DESCRIBE, or an update);
* whether it uses a keyword we refuse (SERVICE, LOAD and the update verbs);
* where the outermost WHERE group opens, to put a ``VALUES`` block of bound
  parameters there when the store is reached over HTTP (no pre-binding in the
  SPARQL protocol).

Keywords are found on a token stream that skips comments, string literals and
IRIs, so ``"SERVICE"`` in a string or ``ex:service`` never counts, and a keyword
cannot be hidden inside something the lexer takes for a literal but the server
does not (IRIs cannot contain spaces, quotes or braces; strings end where the
grammar says).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Mapping

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


def operation(text: str) -> str | None:
    """SELECT/CONSTRUCT/DESCRIBE/ASK for a query, UPDATE for an update, None if neither is recognisable."""
    for kw in keywords(text):
        if kw in QUERY_FORMS:
            return kw
        if kw in UPDATE_VERBS:
            return "UPDATE"
    return None


def refused_keywords(text: str) -> list[str]:
    """Keywords of ``text`` that a read-only, non-federating endpoint refuses (sorted, unique)."""
    return sorted({kw for kw in keywords(text) if kw in REFUSED_IN_QUERIES})


def where_group_start(text: str) -> int | None:
    """Offset just after the ``{`` that opens the outermost WHERE group, or None.

    The WHERE keyword is optional in SPARQL, so this is the first ``{`` at
    bracket depth 0 after the query form keyword; for CONSTRUCT the template
    group is skipped unless it is the short form ``CONSTRUCT WHERE {…}``.
    """
    toks = list(tokens(text))
    form_at = next((i for i, t in enumerate(toks) if t.keyword in QUERY_FORMS), None)
    if form_at is None:
        return None
    skip_template = toks[form_at].keyword == "CONSTRUCT" and not (
        form_at + 1 < len(toks) and toks[form_at + 1].keyword == "WHERE"
    )
    depth = 0  # () and {} nesting: EXISTS {…} inside a projection expression is not the WHERE group
    for t in toks[form_at + 1 :]:
        if t.kind != "punct":
            continue
        if t.text in "({":
            if t.text == "{" and depth == 0 and not skip_template:
                return t.start + 1
            depth += 1
        elif t.text in ")}":
            depth -= 1
            if depth == 0 and t.text == "}" and skip_template:
                skip_template = False
    return None


def values_block(bindings: Mapping[str, object]) -> str:
    """``VALUES (?a ?b) { (t1 t2) }`` for terms serialised by pyoxigraph (N-Triples syntax, escaped)."""
    names = list(bindings)
    for name in names:
        if not re.fullmatch(r"\w+", name):
            raise ValueError(f"bad variable name {name!r}")
    terms = " ".join(str(bindings[n]) for n in names)
    return "VALUES (" + " ".join("?" + n for n in names) + ") { (" + terms + ") }"


def with_values(text: str, bindings: Mapping[str, object]) -> str:
    """The query with a VALUES block of ``bindings`` opening its outermost WHERE group.

    Equivalent to pyoxigraph pre-binding for named queries, which use their
    parameters only in the outermost group (a rule tested for every named query).
    """
    if not bindings:
        return text
    at = where_group_start(text)
    if at is None:
        raise ValueError("no WHERE group to bind parameters in")
    return text[:at] + "\n  " + values_block(bindings) + "\n" + text[at:]


def declared_prefixes(text: str) -> set[str]:
    toks = list(tokens(text))
    return {toks[i + 1].text[:-1] for i, t in enumerate(toks[:-1])
            if t.keyword == "PREFIX" and toks[i + 1].kind == "pname" and toks[i + 1].text.endswith(":")}


def with_prefixes(text: str, known: Mapping[str, str] | None = None) -> str:
    """``text`` with PREFIX lines added for the known prefixes it uses without declaring them."""
    if known is None:
        from .params import PREFIXES as known  # noqa: N811
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
