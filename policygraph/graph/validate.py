"""SHACL validation of a store against ontology/shapes.ttl (``policygraph validate``).

The union of all named graphs is copied into an in-memory rdflib graph with one
CONSTRUCT (see ``_data_graph`` for why not pyshacl's pyoxigraph adapter) and
validated with pyshacl. Each violation becomes one
readable line: the node (with its label when it has one), the property and the
shape's own sh:message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import pyoxigraph as ox

from ..errors import PolicygraphError
from ..ontology import SHAPES_TTL
from ..ontology.terms import PREFIXES
from .store import GraphStore

_SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Violation:
    focus: str
    path: Optional[str]
    message: str
    value: Optional[str] = None
    severity: str = "Violation"
    label: Optional[str] = None

    def line(self) -> str:
        who = _short(self.focus) + (f" ({self.label})" if self.label else "")
        where = f" {_short(self.path)}:" if self.path else ""
        value = f" [value: {_short(self.value)}]" if self.value else ""
        return f"{self.severity}: {who}:{where} {self.message}{value}"


@dataclass
class ValidationResult:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    #: beyond SHACL: why the summary graph is not current (None: it is); queries then compute it per answer
    summary_problem: Optional[str] = None

    def lines(self, limit: Optional[int] = None) -> list[str]:
        shown = self.violations if limit is None else self.violations[:limit]
        out = [v.line() for v in shown]
        if limit is not None and len(self.violations) > limit:
            out.append(f"… and {len(self.violations) - limit} more")
        return out


def _short(iri: Optional[str]) -> str:
    if iri is None:
        return ""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _rdflib_term(term):
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def _data_graph(store: GraphStore):
    """The union of all named graphs as an in-memory rdflib Graph.

    pyshacl can validate a pyoxigraph Store in place, but through its rdflib
    adapter that took over 10 minutes for the 50k-quad sample corpus; on an
    rdflib copy it takes seconds, so we copy (one CONSTRUCT, works for remote
    stores too).
    """
    import rdflib

    graph = rdflib.Graph()
    add = graph.add
    for t in store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"):
        add((_rdflib_term(t.subject), _rdflib_term(t.predicate), _rdflib_term(t.object)))
    return graph


def validate_store(store: GraphStore) -> ValidationResult:
    """Validate every named graph (as one union graph) against the SHACL shapes."""
    import rdflib
    from pyshacl import validate

    shapes = rdflib.Graph()
    shapes.parse(SHAPES_TTL, format="turtle")
    try:
        conforms, report, _text = validate(_data_graph(store), shacl_graph=shapes, inference="none", inplace=True, allow_warnings=True)
    except Exception as exc:  # noqa: BLE001 - pyshacl reports its own errors in many types
        raise PolicygraphError(f"SHACL validation could not run ({type(exc).__name__}: {exc})", path=store.location) from exc
    from .summary import summary_problem

    return ValidationResult(bool(conforms), _violations(report, store), summary_problem(store))


def _violations(report, store: GraphStore) -> list[Violation]:
    import rdflib

    sh = rdflib.Namespace(_SH)
    out = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = report.value(result, sh.focusNode)
        path = report.value(result, sh.resultPath)
        value = report.value(result, sh.value)
        severity = report.value(result, sh.resultSeverity)
        message = report.value(result, sh.resultMessage)
        out.append(
            Violation(
                focus=str(focus),
                path=str(path) if isinstance(path, rdflib.URIRef) else None,
                message=" ".join(str(message or "constraint not met").split()),
                value=str(value) if value is not None else None,
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                label=_label(store, str(focus)) if isinstance(focus, rdflib.URIRef) else None,
            )
        )
    # shared property shapes (provenance) can report the same problem once per node shape
    return sorted(set(out), key=lambda v: (v.focus, v.path or "", v.message, v.value or ""))


def _label(store: GraphStore, iri: str) -> Optional[str]:
    rows = list(
        store.query(
            "SELECT ?node ?label WHERE { ?node <http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 1",
            {"node": ox.NamedNode(iri)},
        )
    )
    return rows[0]["label"].value if rows else None
