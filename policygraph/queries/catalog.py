"""The catalog of named queries: one ``.rq`` file each, described by its header comments.

Header format (comment lines at the top of the file, before the query)::

    # title: Policy documents backing the most money
    # question: Which policy documents back the most money? …   (may continue on
    #   following "#   " lines)
    # param: min_yuan (integer) = 0 — only documents backing at least this much
    # param: department (string) — optional: unbound unless given
    # param: document (string, required) — a document number or title fragment
    # example: document=国发〔2022〕14号
    # order: 2        (position in listings; default 100, then by name)
    # summary: top_documents   (reads these materialised summaries: graph/summary.py)
    # sort: runner    (the runner sorts the rows as the query's ORDER BY says, instead of the store)
    # bind: values    (the runner binds the parameters with a VALUES block, as over HTTP, instead of pre-binding)

``param`` lines declare the SPARQL variables that are bound as RDF terms when
the query runs (see :mod:`policygraph.queries.params` for the types). A named
query projects each of its parameters (pyoxigraph pre-binding needs them at the
top of the query) and uses them only in its outermost WHERE group (so that a
``VALUES`` block there binds them the same way over HTTP). The runner drops
parameter columns from the answer. ``example`` gives the arguments used for the
example answer in docs/queries.md when the defaults are not enough.

Anchors. A query may mark lines of its outermost WHERE group as an anchor::

    # [anchor ?doc] the documents the parameter names
    …patterns and FILTERs on the parameters that find ?doc…
    # [end anchor]

The runner then runs the block alone first (``SELECT DISTINCT ?doc WHERE { block }``
with the same parameters) and runs the query with the block replaced by ``VALUES
?doc { … }`` of what it found: the rest of the query starts from those few
resources and looks everything else up row by row, instead of joining every
row of the store and filtering on the parameters last (Oxigraph applies a
filter on a bound parameter after the joins). Anchors may follow one another:
each later block starts from the values the earlier ones found (a VALUES block
of the earlier variables it uses), and only the last one's values open the
query. The file itself stays a complete query that any SPARQL tool answers the
same, only slower at scale. Rules (checked here): a block's other variables
are used nowhere else in the query, and an earlier anchor's variable only in
the blocks after it; the answer must not depend on how many rows of the blocks
a value of the last anchor has (the anchored query joins each value once) —
say in the query why.

A subquery is computed for the whole store before it is joined (by hash), whatever
the anchor found. A subquery whose rows for a value of the last anchor's variable
depend on that value alone (it groups by it, say) may open its WHERE group with a
line ``# [anchor values ?var]``: the runner puts the anchor's ``VALUES ?var { … }``
there too, so the subquery starts from those values as well. As written the line is
a comment, and the join on ``?var`` outside drops the other rows.

``sort: in steps`` — for a query ending ``ORDER BY ?a DESC(?b) … LIMIT n`` (plain variables, which its
WHERE group binds): the runner finds which rows come first without sorting all of them (Oxigraph
sorts every row before the LIMIT, decoding the terms at each comparison: 85,000 rows of a busy IRI
took 20 s). It counts the rows per value of ?a, takes whole the values that fit in n, and does the
same within the first value that does not fit, per value of ?b, and so on; then it runs the query
with a VALUES block of those values, which Oxigraph sorts as written (queries/runner.py,
``sorted_in_steps``). Same rows in the same order, except among rows the ordering ties (blank nodes,
equal numbers written differently), whose order SPARQL leaves open.

``sort: runner`` (for a query ending with ``ORDER BY`` of projected variables, bare or in
``ASC()``/``DESC()``, or ``IF(?flag, ?a, ?b)`` of a boolean parameter, which orders by ?a or ?b as
the parameter says): the runner sends the query without its ORDER BY and sorts the rows in
Python as SPARQL orders them (runner.sorted_rows: unbound, IRIs by text, then literals: strings by
code point, numbers by value); where a column holds values it does not order the same way (blank
nodes, dates, strings of two languages, strings mixed with numbers …) it runs the query as written
(a second time). Oxigraph decodes both terms of every comparison it sorts on (recurring-projects at
10,000 documents, 195,000 rows ordered by names, load ~4: 79 s CPU sorted by the store, 58 s sorted
here; Python's sort ~2 s of it). The keys should give each row its place (end with one that
identifies the row): rows equal on every key may come in another order than the store's sort gives.
With a row limit (``--max-rows``, serve's named queries) the store sorts after all, the query sent
with ``LIMIT max_rows + 1`` (runner.first_rows_sorted_by_store): the rows past the limit are then never
decoded nor sent (10,000 documents, first 10,001 rows against every row unsorted, back to back:
co-citation 2.1 against 2.4 s, recurring-projects 45 against 72 s on a loaded machine; serve refused
the whole answers as over its size cap).

``bind: values`` — the runner binds the parameters with a ``VALUES`` row opening the outermost WHERE
group (sparqltext.with_values, as RemoteStore does over HTTP; the same answer, a rule tested for every
named query) instead of pyoxigraph's pre-binding. Oxigraph joins pre-bound values to the whole pattern
last: a FILTER on a parameter is applied after every join (and a BIND reading one sees it unbound);
with the VALUES row it is part of the query it plans, and a FILTER on it applies where its variables
are bound (budget-by-function). A query with anchors gets the parameters as columns of every row of its
outermost anchor's VALUES block instead (runner.anchored_with_row): a one-row VALUES that shares no
variable with the patterns is joined late, there after the lookups its FILTER would have cut.

``summary`` names the materialised summaries (``graph/sparql/summary_<name>.rq``) the query
reads from the summary graph; the runner computes them on the fly for a store
whose summary is missing or stale (queries/runner.py).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..errors import QueryError
from .params import PARAM_TYPES

HERE = Path(__file__).resolve().parent

_HEADER = re.compile(r"^#\s*(?P<key>title|question|param|example|note|order|summary|sort|bind)\s*:\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(?P<value>\S.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*\((?P<type>\w+)(?P<required>\s*,\s*required)?\)"
    r"(?:\s*=\s*(?P<default>.*?))?\s*(?:[—–]|--)\s*(?P<description>.+)$"
)
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_ANCHOR_OPEN = re.compile(r"^[ \t]*#[ \t]*\[anchor[ \t]+\?(?P<variable>[A-Za-z_]\w*)\][^\n]*(?:\n|$)", re.M)
_ANCHOR_CLOSE = re.compile(r"^[ \t]*#[ \t]*\[end anchor\][^\n]*(?:\n|$)", re.M)
#: ``# [anchor values ?var]``: the last anchor's values open a subquery here too (module docstring)
ANCHOR_VALUES = re.compile(r"^(?P<indent>[ \t]*)#[ \t]*\[anchor values[ \t]+\?(?P<variable>[A-Za-z_]\w*)\][^\n]*(?:\n|$)", re.M)


@dataclass(frozen=True)
class Param:
    """A declared query parameter: the SPARQL variable ``?name`` bound as a typed RDF term."""

    name: str
    type: str  # a key of params.PARAM_TYPES
    description: str
    default: Optional[str] = None  # as written in the header; None = unbound unless given
    required: bool = False


@dataclass(frozen=True)
class Anchor:
    """Lines ``sparql[start:end]`` of the outermost WHERE group that find ``?variable`` (see the module docstring)."""

    variable: str
    start: int  # the block: after the opening marker line
    end: int  # … up to the closing marker line
    outer_start: int  # the marker lines included
    outer_end: int


@dataclass(frozen=True)
class NamedQuery:
    name: str  # file stem, e.g. "top-documents"
    title: str
    question: str
    sparql: str  # the whole file, header included (comments are valid SPARQL)
    params: tuple[Param, ...] = ()
    example: tuple[tuple[str, str], ...] = ()  # arguments for the docs example answer
    notes: tuple[str, ...] = field(default=())
    order: int = 100
    path: Optional[str] = None
    anchors: tuple[Anchor, ...] = ()
    summaries: tuple[str, ...] = ()  # materialised summaries it reads (graph/summary.py)
    sort_in_steps: bool = False  # `# sort: in steps` (module docstring)
    sort_in_runner: bool = False  # "# sort: runner": the runner sorts by the trailing ORDER BY (runner.sorted_rows)
    bind_as_values: bool = False  # "# bind: values": parameters bound by a VALUES row in the text (module docstring)

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")


def parse_named_query(text: str, name: str, path: Optional[str] = None) -> NamedQuery:
    """Read the header of one ``.rq`` text; errors name the file and line."""
    where = path or name
    fields: dict[str, list[str]] = {"title": [], "question": [], "param": [], "example": [], "note": [], "order": [], "summary": [], "sort": [], "bind": []}
    last: Optional[str] = None
    for lineno, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            last = None
            continue
        if not stripped.startswith("#"):
            break  # the header ends where the query starts
        m = _HEADER.match(stripped)
        if m:
            last = m["key"]
            fields[last].append(m["value"].strip())
            continue
        cont = _CONTINUATION.match(line.rstrip())
        if cont and last in ("question", "note", "param") and fields[last]:
            fields[last][-1] += " " + cont["value"].strip()
    if not fields["title"]:
        raise QueryError("named query has no '# title:' header", path=where)
    if not fields["question"]:
        raise QueryError("named query has no '# question:' header", path=where)
    params = tuple(_parse_param(p, where) for p in fields["param"])
    example: list[tuple[str, str]] = []
    for ex in fields["example"]:
        for item in ex.split():
            key, sep, value = item.partition("=")
            if not sep:
                raise QueryError(f"bad '# example:' item {item!r} (want name=value)", path=where)
            example.append((key, value))
    try:
        order = int(fields["order"][0]) if fields["order"] else 100
    except ValueError:
        raise QueryError(f"bad '# order:' {fields['order'][0]!r} (want an integer)", path=where) from None
    sort = _sort_mode(fields["sort"], where)
    return NamedQuery(
        name=name,
        title=fields["title"][0],
        question=" ".join(fields["question"]),
        sparql=text,
        params=params,
        example=tuple(example),
        notes=tuple(fields["note"]),
        order=order,
        path=path,
        anchors=_find_anchors(text, params, where),
        summaries=tuple(name for line in fields["summary"] for name in line.replace(",", " ").split()),
        sort_in_steps=sort == "in steps",
        sort_in_runner=sort == "runner" and _sort_in_runner(text, params, where),
        bind_as_values=_bind_mode(fields["bind"], where) == "values",
    )


def _sort_mode(values: list[str], where: str) -> Optional[str]:
    """The '# sort:' header: None, 'in steps' or 'runner'."""
    if not values:
        return None
    modes = [v.split("—")[0].split("--")[0].strip() for v in values]
    if len(modes) != 1 or modes[0] not in ("in steps", "runner"):
        raise QueryError(f"bad '# sort:' {values[0]!r} (want one of: in steps, runner)", path=where)
    return modes[0]


def _bind_mode(values: list[str], where: str) -> Optional[str]:
    """The '# bind:' header: None (pre-binding) or 'values'."""
    if not values:
        return None
    modes = [v.split("—")[0].split("--")[0].strip() for v in values]
    if modes != ["values"]:
        raise QueryError(f"bad '# bind:' {values[0]!r} (want: values)", path=where)
    return modes[0]


def _sort_in_runner(text: str, params: tuple[Param, ...], where: str) -> bool:
    """Whether '# sort: runner' can hold: the query ends with an ORDER BY of projected variables."""
    from ..graph.sparqltext import QUERY_FORMS, tokens, trailing_order_by, where_group_start

    # (a key may be IF(?flag, ?a, ?b) of a boolean parameter: the runner orders by ?a or ?b as it says)
    flags = [p.name for p in params if p.type == "boolean"]
    orders = [trailing_order_by(text, dict.fromkeys(flags, value)) for value in (True, False)]
    if None in orders:
        raise QueryError("'# sort: runner' needs the query to end with an ORDER BY of variables", path=where)
    form = next((t for t in tokens(text) if t.keyword in QUERY_FORMS), None)
    group = where_group_start(text)
    projected = {t.text[1:] for t in tokens(text[form.start:group]) if t.kind == "var"} if form and group else set()
    names = {p.name for p in params}
    keys = dict.fromkeys(v for order in orders for v, _ in order[1])
    missing = [v for v in keys if v not in projected or v in names]
    if missing:
        raise QueryError(f"'# sort: runner' orders by what the answer does not show: {', '.join('?' + v for v in missing)}",
                         path=where)
    return True


def _find_anchors(text: str, params: tuple[Param, ...], where: str) -> tuple[Anchor, ...]:
    from ..graph.sparqltext import tokens, where_group_start

    opened = list(_ANCHOR_OPEN.finditer(text))
    closed = list(_ANCHOR_CLOSE.finditer(text))
    pushed = {m["variable"] for m in ANCHOR_VALUES.finditer(text)}
    if pushed and (not opened or pushed != {opened[-1]["variable"]}):
        raise QueryError("'# [anchor values ?var]' names the variable of the last '# [anchor ?var]'", path=where)
    if not opened and not closed:
        return ()
    if len(opened) != len(closed) or any(
        c.start() < o.end() or (i + 1 < len(opened) and opened[i + 1].start() < c.end())
        for i, (o, c) in enumerate(zip(opened, closed))
    ):
        raise QueryError("an anchor is one '# [anchor ?var]' line and, below it, one '# [end anchor]' line", path=where)
    anchors = tuple(Anchor(variable=o["variable"], start=o.end(), end=c.start(), outer_start=o.start(), outer_end=c.end())
                    for o, c in zip(opened, closed))
    group = where_group_start(text)
    if group is None or anchors[0].outer_start < group:
        raise QueryError("the anchor must be inside the WHERE group", path=where)

    def variables(part: str) -> set[str]:
        return {t.text[1:] for t in tokens(part) if t.kind == "var"}

    rest = text[:anchors[0].outer_start]
    for a, b in zip(anchors, anchors[1:] + (None,)):
        rest += "\n" + text[a.outer_end:b.outer_start if b else len(text)]
    outside = variables(rest)
    names = {p.name for p in params}
    for i, a in enumerate(anchors):
        inside = variables(text[a.start:a.end])
        if a.variable not in inside:
            raise QueryError(f"the anchor does not bind ?{a.variable}", path=where)
        others = [text[b.start:b.end] for j, b in enumerate(anchors) if j != i]
        elsewhere = outside | variables("\n".join(others))
        earlier = {b.variable for b in anchors[:i]}
        leaking = sorted(inside & elsewhere - {a.variable} - names - earlier)
        if leaking:
            raise QueryError(f"variables of the anchor used outside it: {', '.join('?' + v for v in leaking)}", path=where)
        if i + 1 < len(anchors) and a.variable in outside:
            raise QueryError(f"?{a.variable} is found by an anchor before the last one: use it only in the anchors after it",
                             path=where)
    return anchors


def _parse_param(spec: str, where: str) -> Param:
    m = _PARAM.match(spec)
    if not m:
        raise QueryError(f"bad '# param:' line {spec!r} (want: name (type) = default — description)", path=where)
    if m["type"] not in PARAM_TYPES:
        raise QueryError(f"parameter {m['name']!r} has unknown type {m['type']!r} (known: {', '.join(PARAM_TYPES)})", path=where)
    default = m["default"]
    if default is not None and len(default) >= 2 and default[0] == default[-1] and default[0] in "\"'":
        default = default[1:-1]  # a quoted default, e.g. "" for the empty string
    return Param(
        name=m["name"],
        type=m["type"],
        description=m["description"].strip(),
        default=default.strip() if default is not None else None,
        required=bool(m["required"]),
    )


def load_file(path: str | Path) -> NamedQuery:
    """A ``.rq`` file outside the catalog (``policygraph sparql -f``); its header is optional there."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read query file ({exc.__class__.__name__})", path=str(path)) from None
    try:
        return parse_named_query(text, p.stem, str(path))
    except QueryError:
        if any(line.lstrip().startswith("# param:") for line in text.splitlines()):
            raise
        return NamedQuery(name=p.stem, title=p.stem, question="", sparql=text, path=str(path))


@functools.lru_cache(maxsize=1)
def _catalog() -> dict[str, NamedQuery]:
    found: list[NamedQuery] = []
    for f in sorted(HERE.glob("*.rq")):
        if not _NAME.match(f.stem):
            raise QueryError("named query files are called like 'top-documents.rq'", path=str(f))
        found.append(parse_named_query(f.read_text(encoding="utf-8"), f.stem, str(f)))
    return {q.name: q for q in sorted(found, key=lambda q: (q.order, q.name))}


def named_queries() -> list[NamedQuery]:
    """Every named query, by ``# order:`` then name."""
    return list(_catalog().values())


def get_query(name: str) -> NamedQuery:
    queries = _catalog()
    if name.endswith(".rq"):
        name = name[:-3]
    if name not in queries:
        close = [n for n in queries if name in n or n in name]
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `policygraph query --list`"
        raise QueryError(f"no named query {name!r}{hint}")
    return queries[name]


def listing(queries: list[NamedQuery] | None = None) -> str:
    """``policygraph query --list``: name, title, question and parameters of each named query."""
    lines = []
    for q in queries if queries is not None else named_queries():
        lines.append(f"{q.name}  —  {q.title}")
        lines.append(f"    {q.question}")
        for p in q.params:
            value = " (required)" if p.required else (f" = {p.default}" if p.default is not None else " (optional)")
            lines.append(f"    --param {p.name}=<{p.type}>{value}  {p.description}")
        lines.append("")
    return "\n".join(lines)
