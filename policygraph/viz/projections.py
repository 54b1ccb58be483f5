"""networkx projections of the knowledge graph (read through the store, never the documents).

* :func:`dependency_graph` — cited document → project → unit → department,
  issuer → document, sub-project → project (``nx.DiGraph``);
* :func:`cocitation_graph` — documents linked when the same project cites both (``nx.Graph``);
* :func:`bipartite_graph` — budget units (``bipartite=0``) and the documents their projects
  cite (``bipartite=1``) (``nx.Graph``).

The store is read with the SPARQL files in ``viz/queries/`` (:func:`read_facts`), and
the rows are folded in Python: queries run over the union of all source graphs, so a
fact stated by several sources comes back several times, and every sum here is taken
over *distinct* projects with sub-projects inside their parent (:mod:`.money`).
Amounts flagged ``implausible_amount`` are left out of node sizes, edge weights and
measures unless ``include_flagged=True``; the graph says what was left out
(``graph.graph["flagged_projects"]``, ``["flagged_yuan"]``).
Attributes follow :mod:`policygraph.viz.schema`.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from itertools import combinations
from typing import Iterable, Optional

import networkx as nx

from ..errors import QueryError
from .money import ProjectTree, is_left_out
from .schema import years_text

GRAPH_KINDS = ("dependency", "cocitation", "bipartite")


# ---------------------------------------------------------------------------
# facts read from the store


@dataclass
class ProjectFacts:
    iri: str
    labels: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    amounts: set[int] = field(default_factory=set)
    parents: set[str] = field(default_factory=set)
    departments: set[str] = field(default_factory=set)
    units: set[str] = field(default_factory=set)
    flags: set[str] = field(default_factory=set)

    @cached_property  # read after all rows are in; asked many times
    def label(self) -> str:
        return choose(self.labels) or self.iri

    @cached_property
    def year(self) -> Optional[int]:
        return min(self.years) if self.years else None

    @cached_property
    def amount(self) -> Optional[int]:
        # Sources that state the same project (same department, year and name) with
        # different amounts: show the largest rather than pick one silently at random.
        return max(self.amounts) if self.amounts else None

    @cached_property
    def parent(self) -> Optional[str]:
        return min(self.parents) if self.parents else None

    @cached_property
    def department(self) -> Optional[str]:
        return min(self.departments) if self.departments else None

    @cached_property
    def unit(self) -> Optional[str]:
        return min(self.units) if self.units else None


@dataclass
class DocumentFacts:
    iri: str
    labels: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    levels: set[str] = field(default_factory=set)
    doc_types: set[str] = field(default_factory=set)
    issuers: set[str] = field(default_factory=set)


@dataclass
class OrgFacts:
    iri: str
    labels: set[str] = field(default_factory=set)
    is_department: bool = False
    levels: set[str] = field(default_factory=set)


@dataclass
class Facts:
    """Everything the projections need, de-duplicated, keyed by IRI."""

    projects: dict[str, ProjectFacts]
    documents: dict[str, DocumentFacts]
    orgs: dict[str, OrgFacts]
    cites: dict[str, set[str]]  # project -> cited documents
    department_cites: set[tuple[str, str, Optional[int]]]  # (department, document, fiscal year) in department-level text
    places: dict[str, tuple[str, int]]  # project/document -> (source path, line), the first in (path, line) order

    def tree(self, include_flagged: bool = False) -> ProjectTree:
        """Money of the projects; amounts flagged implausible are not counted unless ``include_flagged``."""
        flagged = () if include_flagged else (p.iri for p in self.projects.values() if is_left_out(p.flags))
        return ProjectTree(
            parent={p.iri: p.parent for p in self.projects.values() if p.parent in self.projects},
            amount={p.iri: p.amount for p in self.projects.values()},
            flagged=frozenset(flagged),
        )


def choose(values: Iterable[str]) -> Optional[str]:
    """A deterministic pick among differing wordings: the shortest, then the first in code-point order."""
    values = [v for v in values if v]
    return min(values, key=lambda v: (len(v), v)) if values else None


@lru_cache(maxsize=None)
def load_query(name: str) -> str:
    try:
        return resources.files(__package__).joinpath("queries", f"{name}.rq").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError(f"no viz query named {name!r}") from None


def _rows(store, name: str):
    return _solutions(store.query(load_query(name)), _VARIABLES[name])


def _solutions(answer, names):
    """The solutions of a SELECT answer as dicts of ``names`` to Python values."""
    value = _value
    # solutions read by position (1.3M rows of projects at 10,000 documents: by name cost ~4 s more)
    positions = [v.value for v in answer.variables]
    columns = [(var, positions.index(var)) for var in names]
    for row in answer:
        yield {var: value(row[i]) for var, i in columns}


_VARIABLES = {
    "projects": ("project", "label", "year", "amount", "parent", "department", "unit", "flag"),
    "provenance": ("node", "path", "line"),
    "organisations": ("org", "label", "isDepartment", "level", "parent"),
    "documents": ("document", "label", "number", "year", "level", "docType", "issuer"),
    "citations": ("project", "document", "department", "year"),
}


def _value(term):
    """An RDF term as a Python value: IRIs and strings as str, xsd integers as int, booleans as bool."""
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)
    value = term.value
    if datatype is not None:
        kind = _kind(datatype.value)  # (1.3M project rows at 10,000 documents: read once per datatype)
        if kind == "integer":
            try:
                return int(value)
            except ValueError:
                return None
        if kind == "boolean":
            return value in ("true", "1")
    return value


@lru_cache(maxsize=64)
def _kind(datatype: str) -> str:
    """"integer" for the xsd integer types (and gYear), "boolean", else the datatype's local name."""
    local = datatype.rsplit("#", 1)[-1]
    return "integer" if local in ("integer", "int", "long", "nonNegativeInteger", "positiveInteger", "short", "gYear") else local


def read_facts(store, *, places: bool = True) -> Facts:
    """Run the viz queries against ``store`` (a :class:`policygraph.graph.store.GraphStore`).

    ``places=False`` leaves ``Facts.places`` empty (no ``source_file``/``line`` on the nodes): for a
    network that is cut down afterwards, :func:`add_places` reads them for the nodes left only. (Where
    every project and cited document is written is the second largest read: 22-26 s of ~51 s at 10,000
    documents; no measure depends on it.)
    """
    projects: dict[str, ProjectFacts] = {}
    for r in _rows(store, "projects"):
        p = projects.setdefault(r["project"], ProjectFacts(r["project"]))
        _add(p.labels, r["label"])
        _add(p.years, r["year"])
        _add(p.amounts, r["amount"])
        _add(p.parents, r["parent"])
        _add(p.departments, r["department"])
        _add(p.units, r["unit"])
        _add(p.flags, r["flag"])

    documents: dict[str, DocumentFacts] = {}
    for r in _rows(store, "documents"):
        d = documents.setdefault(r["document"], DocumentFacts(r["document"]))
        _add(d.labels, r["label"])
        _add(d.numbers, r["number"])
        _add(d.years, r["year"])
        _add(d.levels, r["level"])
        _add(d.doc_types, r["docType"])
        _add(d.issuers, r["issuer"])

    orgs: dict[str, OrgFacts] = {}
    for r in _rows(store, "organisations"):
        o = orgs.setdefault(r["org"], OrgFacts(r["org"]))
        _add(o.labels, r["label"])
        _add(o.levels, r["level"])
        o.is_department = o.is_department or bool(r["isDepartment"])

    cites: dict[str, set[str]] = defaultdict(set)
    department_cites: set[tuple[str, str, Optional[int]]] = set()
    for r in _rows(store, "citations"):
        if r["document"] not in documents:
            continue
        if r["project"] is not None:
            cites[r["project"]].add(r["document"])
        elif r["department"] is not None:
            department_cites.add((r["department"], r["document"], r["year"]))

    places = _first_places(_rows(store, "provenance")) if places else {}
    return Facts(projects, documents, orgs, dict(cites), department_cites, places)


def _first_places(rows) -> dict[str, tuple[str, int]]:
    """node -> (source path, line), the first in (path, line) order, from rows of ``node``, ``path``, ``line``."""
    places: dict[str, tuple[str, int]] = {}
    for r in rows:
        if r["path"] is None or r["line"] is None:
            continue
        place = (r["path"], r["line"])
        if r["node"] not in places or place < places[r["node"]]:
            places[r["node"]] = place
    return places


#: a place looked up costs about this many times its share of reading every place of the store (one scan,
#: 22-26 s at 10,000 documents): ~90 µs a citation looked up, ~45 µs one scanned. add_places looks the
#: nodes up when that costs less (a page around 国发〔2018〕32号, 924 projects and documents whose ~25,000
#: citations are looked up: 9 s), else reads every place (the network of the whole corpus, or its 20,000
#: nodes with the most money, which are the most cited documents)
LOOKUP_COST = 2.0

#: without the facts to estimate from, add_places looks up at most this many nodes
PLACES_BY_LOOKUP_MAX = 5_000

#: nodes per lookup query (a VALUES block of IRIs: bounded, for SPARQL servers over HTTP too)
PLACES_CHUNK = 2_000

#: attributes a node gets after its place where the facts come with their places: the bipartite side
#: (bipartite_graph) and the measures (measures.annotate). add_places puts the place before them, so both
#: ways give the same exports, byte for byte
_AFTER_PLACE = ("bipartite", "pagerank", "component", "orphaned")


def add_places(graph: nx.Graph, store, facts: Optional[Facts] = None) -> nx.Graph:
    """Give the project and document nodes of ``graph`` their ``source_file`` and ``line`` from ``store``.

    The same attributes as a projection of facts read with their places (read_facts), for the nodes
    of a network cut down after projecting it without them (build_graph). ``facts`` (those the network
    was projected from) tell how many citations each document has, hence whether looking the nodes up
    costs less than reading every place (LOOKUP_COST).
    """
    wanted = {kind: [n for n, d in graph.nodes(data=True) if d.get("type") == kind] for kind in ("project", "document")}
    if _lookups_pay(wanted, facts):
        places = {}
        for kind, nodes in wanted.items():
            for start in range(0, len(nodes), PLACES_CHUNK):
                places.update(_first_places(_place_rows(store, kind, nodes[start:start + PLACES_CHUNK])))
    else:
        places = _first_places(_rows(store, "provenance"))
    for node, place in places.items():
        if node in graph and graph.nodes[node].get("type") in ("project", "document"):
            _set_place(graph.nodes[node], place)
    return graph


def _lookups_pay(wanted: dict[str, list[str]], facts: Optional[Facts]) -> bool:
    """Whether looking up the places of ``wanted`` (projects; documents, through each of their citations) costs less than reading them all."""
    if facts is None:
        return sum(map(len, wanted.values())) <= PLACES_BY_LOOKUP_MAX
    citations = Counter(doc for docs in facts.cites.values() for doc in docs)
    asked = len(wanted["project"]) + sum(citations[doc] + 1 for doc in wanted["document"])
    every = len(facts.projects) + sum(citations.values()) + len(facts.documents)
    return asked * LOOKUP_COST < every


def _place_rows(store, kind: str, nodes: list[str]):
    """Rows of ``places_of_<kind>s.rq`` for ``nodes``."""
    import pyoxigraph as ox

    return _solutions(store.query(_with_values(f"places_of_{kind}s", "node", [ox.NamedNode(n) for n in nodes])),
                      _VARIABLES["provenance"])


def _with_values(name: str, variable: str, terms: list) -> str:
    """The viz query ``name`` with ``VALUES ?variable { terms }`` opening its WHERE group."""
    from ..graph import sparqltext

    return sparqltext.opening_where(load_query(name), sparqltext.values_list(variable, terms))


def any_name_contains(store, text: str) -> bool:
    """Whether any label or document number in ``store``, without whitespace and in lower case, contains ``text``.

    A focus that no name contains matches nothing (select.may_match): said in a second or two at 10,000
    documents (1.3M labels), before a minute of reading the network.
    """
    import pyoxigraph as ox

    return bool(store.query(_with_values("focus_names", "text", [ox.Literal(text)])))


def _set_place(attrs: dict, place: tuple[str, int]) -> None:
    after = {k: attrs.pop(k) for k in _AFTER_PLACE if k in attrs}
    attrs["source_file"] = display_path(place[0])
    attrs["line"] = place[1]
    attrs.update(after)


def _add(bucket: set, value) -> None:
    if value is not None and value != "":
        bucket.add(value)


# ---------------------------------------------------------------------------
# the projections


def dependency_graph(source, *, year: Optional[int] = None, include_flagged: bool = False) -> nx.DiGraph:
    """Cited document → project → unit → department; issuer → document; sub-project → parent.

    ``source`` is a store or the :class:`Facts` read from one; ``year`` keeps only that fiscal year;
    ``include_flagged`` counts amounts flagged implausible (left out by default).
    Edge weights: ``justifies``/``implemented_by``/``part_of``/``belongs_to`` (project) carry the
    project's money; ``belongs_to`` (unit) and ``issued`` carry the de-duplicated money behind them.
    """
    facts = _facts(source)
    tree = facts.tree(include_flagged)
    scope = _Scope(facts, year)
    graph = nx.DiGraph(name=f"policygraph dependency graph{'' if year is None else f' {year}'}", kind="dependency")
    _note_left_out(graph, tree, scope)

    for iri in scope.projects:
        p = facts.projects[iri]
        _add_node(graph, iri, _project_attrs(facts, p, tree))
        parent = p.parent if p.parent in scope.kept else None
        money = tree.money(iri)
        if parent is not None:
            graph.add_edge(iri, parent, **_edge("part_of", money, [p.year]))
            if p.unit and p.unit != facts.projects[parent].unit and p.unit != p.department:
                graph.add_edge(iri, p.unit, **_edge("implemented_by", money, [p.year]))
        elif p.unit and p.unit != p.department:
            graph.add_edge(iri, p.unit, **_edge("implemented_by", money, [p.year]))
        elif p.department or p.unit:
            graph.add_edge(iri, p.department or p.unit, **_edge("belongs_to", money, [p.year]))

    for (unit, department), projects in scope.unit_departments.items():
        graph.add_edge(unit, department, **_edge("belongs_to", tree.covered(projects), _years(facts, projects), n=len(projects)))

    for doc, projects in scope.citing.items():
        for project in projects:
            graph.add_edge(doc, project, **_edge("justifies", tree.money(project), [facts.projects[project].year]))
    for (department, doc), years in scope.department_citations.items():
        graph.add_edge(doc, department, **_edge("justifies", None, years, n=0))

    for doc in scope.documents:
        _add_node(graph, doc, _document_attrs(facts, scope, tree, doc))
        for issuer in sorted(facts.documents[doc].issuers):
            graph.add_edge(issuer, doc, **_edge("issued", tree.covered(scope.citing.get(doc, ())), scope.document_years(doc), n=len(scope.citing.get(doc, ()))))

    _add_organisations(graph, facts, scope, tree)
    return graph


def cocitation_graph(source, *, year: Optional[int] = None, include_flagged: bool = False) -> nx.Graph:
    """Documents joined when one project cites both; weight = money of the projects citing both."""
    facts = _facts(source)
    tree = facts.tree(include_flagged)
    scope = _Scope(facts, year)
    graph = nx.Graph(name=f"policygraph co-citation graph{'' if year is None else f' {year}'}", kind="cocitation")
    _note_left_out(graph, tree, scope)
    for doc in scope.documents:
        _add_node(graph, doc, _document_attrs(facts, scope, tree, doc))
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for project in scope.projects:
        docs = sorted(d for d in facts.cites.get(project, ()) if d in scope.document_set)
        for a, b in combinations(docs, 2):
            pairs[(a, b)].add(project)
    for (a, b), projects in sorted(pairs.items()):
        graph.add_edge(a, b, **_edge("cocited", tree.covered(projects), _years(facts, projects), n=len(projects)))
    return graph


def bipartite_graph(source, *, year: Optional[int] = None, include_flagged: bool = False) -> nx.Graph:
    """Budget units (``bipartite=0``; a department for projects it runs itself) and documents (``bipartite=1``)."""
    facts = _facts(source)
    tree = facts.tree(include_flagged)
    scope = _Scope(facts, year)
    graph = nx.Graph(name=f"policygraph unit–document graph{'' if year is None else f' {year}'}", kind="bipartite")
    _note_left_out(graph, tree, scope)
    links: dict[tuple[str, str], set[str]] = defaultdict(set)
    for doc, projects in scope.citing.items():
        for project in projects:
            p = facts.projects[project]
            holder = p.unit or p.department
            if holder:
                links[(holder, doc)].add(project)
    for doc in scope.documents:
        _add_node(graph, doc, _document_attrs(facts, scope, tree, doc) | {"bipartite": 1})
    for (holder, doc), projects in sorted(links.items()):
        graph.add_edge(holder, doc, **_edge("cites_by_unit", tree.covered(projects), _years(facts, projects), n=len(projects)))
    for (department, doc), years in sorted(scope.department_citations.items()):
        if not graph.has_edge(department, doc):
            graph.add_edge(department, doc, **_edge("cites_by_unit", None, years, n=0))
    _add_organisations(graph, facts, scope, tree)
    for node, data in graph.nodes(data=True):
        if data.get("type") in ("unit", "department"):
            data["bipartite"] = 0
    return graph


PROJECTIONS = {"dependency": dependency_graph, "cocitation": cocitation_graph, "bipartite": bipartite_graph}


def project_graph(source, kind: str = "dependency", *, year: Optional[int] = None, include_flagged: bool = False) -> nx.Graph:
    """One of :data:`GRAPH_KINDS` by name."""
    try:
        build = PROJECTIONS[kind]
    except KeyError:
        raise QueryError(f"unknown graph {kind!r}; choose one of {', '.join(GRAPH_KINDS)}") from None
    return build(source, year=year, include_flagged=include_flagged)


# ---------------------------------------------------------------------------
# helpers


def _facts(source) -> Facts:
    return source if isinstance(source, Facts) else read_facts(source)


class _Scope:
    """What one fiscal year (or all years) keeps, and the links between what is kept."""

    def __init__(self, facts: Facts, year: Optional[int]) -> None:
        self.facts = facts
        self.projects = sorted(p.iri for p in facts.projects.values() if year is None or p.year == year)
        self.kept = set(self.projects)
        self.citing: dict[str, list[str]] = defaultdict(list)  # document -> citing projects
        for project in self.projects:
            for doc in sorted(facts.cites.get(project, ())):
                self.citing[doc].append(project)
        self.department_citations: dict[tuple[str, str], list[int]] = defaultdict(list)
        for department, doc, y in sorted(facts.department_cites, key=str):
            if year is None or y == year:
                self.department_citations[(department, doc)] += [y] if y is not None else []
        self.documents = sorted(set(self.citing) | {doc for _, doc in self.department_citations})
        self.document_set = set(self.documents)
        self.department_years: dict[str, list[int]] = defaultdict(list)  # document -> years of department-level citations
        for (_, doc), years in self.department_citations.items():
            self.department_years[doc] += years
        self.issued: dict[str, list[str]] = defaultdict(list)  # issuer -> documents in scope
        for doc in self.documents:
            for issuer in facts.documents[doc].issuers:
                self.issued[issuer].append(doc)
        self.unit_departments: dict[tuple[str, str], list[str]] = defaultdict(list)
        for project in self.projects:
            p = facts.projects[project]
            if p.unit and p.department and p.unit != p.department:
                self.unit_departments[(p.unit, p.department)].append(project)

    def document_years(self, doc: str) -> list[int]:
        years = [self.facts.projects[p].year for p in self.citing.get(doc, ())]
        years += self.department_years.get(doc, [])
        return [y for y in years if y is not None]


def _note_left_out(graph: nx.Graph, tree: ProjectTree, scope: "_Scope") -> None:
    """What the money of this graph leaves out: flagged projects of its scope and their stated yuan."""
    graph.graph["flagged_projects"], graph.graph["flagged_yuan"] = tree.left_out(scope.projects)


def _years(facts: Facts, projects: Iterable[str]) -> list[int]:
    return [y for y in (facts.projects[p].year for p in projects) if y is not None]


def _edge(relation: str, weight: Optional[int], years: Iterable[Optional[int]], n: int = 1) -> dict:
    years = sorted({y for y in years if y is not None})
    attrs: dict = {"relation": relation, "n_projects": n}
    if weight is not None:
        attrs["weight"] = int(weight)
    if len(years) == 1:
        attrs["year"] = years[0]
    if years:
        attrs["years"] = years_text(years)
    return attrs


def _add_node(graph: nx.Graph, node: str, attrs: dict) -> None:
    graph.add_node(node, **{k: v for k, v in attrs.items() if v is not None and v != ""})


def _place(facts: Facts, iri: str) -> dict:
    place = facts.places.get(iri)
    if place is None:
        return {}
    return {"source_file": display_path(place[0]), "line": place[1]}


def display_path(path: str) -> str:
    """Paths under the working directory are shown relative to it (shorter, and the same on every machine)."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith("..") else rel


def _project_attrs(facts: Facts, p: ProjectFacts, tree: ProjectTree) -> dict:
    return {
        "label": p.label,
        "type": "project",
        "amount": tree.money(p.iri),
        "year": p.year,
        "years": years_text(p.years),
        "flags": " ".join(sorted(p.flags)),
        "flagged_amount": p.amount if p.iri in tree.flagged else None,
        **_place(facts, p.iri),
    }


def _document_attrs(facts: Facts, scope: _Scope, tree: ProjectTree, doc: str) -> dict:
    d = facts.documents[doc]
    projects = scope.citing.get(doc, [])
    issuers = [choose(facts.orgs[i].labels) if i in facts.orgs else None for i in sorted(d.issuers)]
    return {
        "label": choose(d.labels) or choose(d.numbers) or doc,
        "type": "document",
        "level": _level(d.levels),
        "amount": tree.covered(projects),
        "n_projects": len(projects),
        "issuer": "；".join(sorted({i for i in issuers if i})),
        "doc_number": choose(d.numbers),
        "doc_type": choose(d.doc_types),
        "year": min(d.years) if d.years else None,
        "years": years_text(scope.document_years(doc)),
        **_place(facts, doc),
    }


def _level(levels: set[str]) -> str:
    # sources may disagree; take the most specific known level deterministically
    known = sorted(level for level in levels if level and level != "unknown")
    return known[0] if known else "unknown"


def _add_organisations(graph: nx.Graph, facts: Facts, scope: _Scope, tree: ProjectTree) -> None:
    """Attributes of the organisation nodes the edges created: department > unit > issuer."""
    departments = {p.department for p in facts.projects.values() if p.department}
    by_org: dict[str, list[str]] = defaultdict(list)  # organisation -> projects it is unit or department of
    for project in scope.projects:
        p = facts.projects[project]
        for org in {p.unit, p.department} - {None}:
            by_org[org].append(project)
    for node in list(graph.nodes):
        if graph.nodes[node].get("type"):
            continue
        org = facts.orgs.get(node)
        is_department = node in departments or (org is not None and org.is_department)
        issued = [d for d in graph.successors(node)] if graph.is_directed() else []
        issued = [d for d in issued if graph.nodes[d].get("type") == "document"]
        if is_department:
            node_type = "department"
        elif node in by_org:
            node_type = "unit"
        elif issued or node in scope.issued:
            node_type = "issuer"
        else:
            node_type = "unit"
        projects = by_org.get(node, [])
        if node_type == "issuer":
            projects = sorted({p for d in scope.issued.get(node, ()) for p in scope.citing.get(d, ())})
        attrs = {
            "label": choose(org.labels) if org else None,
            "type": node_type,
            "amount": tree.covered(projects),
            "n_projects": len(projects),
            "years": years_text(_years(facts, projects)),
        }
        if node_type == "issuer" or (org and org.levels):
            attrs["level"] = _level(org.levels if org else set())
        if not attrs["label"]:
            attrs["label"] = node
        _add_node(graph, node, attrs)
