"""Parameter values from the command line or a web form, turned into RDF terms.

Values are parsed and validated here and become pyoxigraph terms; they are never
pasted into query text. A bad value is a :class:`QueryError` naming the parameter.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Callable, Mapping

import pyoxigraph as ox

from ..errors import QueryError

XSD = "http://www.w3.org/2001/XMLSchema#"

#: prefixes known to queries, the CLI and the web page (architecture.md, "ontology and IRIs")
PREFIXES: dict[str, str] = {
    "pg": "https://w3id.org/policygraph/ontology#",
    "pgid": "https://w3id.org/policygraph/id/",
    "org": "http://www.w3.org/ns/org#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "qb": "http://purl.org/linked-data/cube#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "obeu-dimension": "http://data.openbudgets.eu/ontology/dsd/dimension/",
    "obeu-measure": "http://data.openbudgets.eu/ontology/dsd/measure/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": XSD,
}


def expand_iri(value: str) -> str:
    """``pgid:doc/x`` or ``<https://…>`` or ``https://…`` -> the full IRI string."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return value


def compact_iri(iri: str) -> str:
    """The shortest ``prefix:local`` form of a known namespace, else the IRI itself."""
    best = None
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns) and (best is None or len(ns) > len(PREFIXES[best])):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


def _integer(raw: str) -> ox.Literal:
    text = raw.strip().replace(",", "").replace("_", "")
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValueError("an integer")
    return ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD + "integer"))


def _decimal(raw: str) -> ox.Literal:
    try:
        value = Decimal(raw.strip().replace(",", "").replace("_", ""))
    except InvalidOperation:
        raise ValueError("a number") from None
    if not value.is_finite():
        raise ValueError("a finite number")
    return ox.Literal(format(value, "f"), datatype=ox.NamedNode(XSD + "decimal"))


def _year(raw: str) -> ox.Literal:
    text = raw.strip()
    if not re.fullmatch(r"(19|20|21)\d\d", text):
        raise ValueError("a year such as 2023")
    return ox.Literal(text, datatype=ox.NamedNode(XSD + "integer"))


def _string(raw: str) -> ox.Literal:
    if "\x00" in raw:
        raise ValueError("text without NUL characters")
    return ox.Literal(raw.strip())


def _iri(raw: str) -> ox.NamedNode:
    iri = expand_iri(raw)
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri):
        raise ValueError("an IRI such as pgid:… or https://…")
    try:
        return ox.NamedNode(iri)
    except ValueError:
        raise ValueError("a valid IRI") from None


def _date(raw: str) -> ox.Literal:
    try:
        value = dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError("a date such as 2023-01-31") from None
    return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))


def _boolean(raw: str) -> ox.Literal:
    text = raw.strip().lower()
    if text in ("true", "yes", "1", "on"):
        return ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))
    if text in ("false", "no", "0", "off"):
        return ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean"))
    raise ValueError("true or false")


PARAM_TYPES: dict[str, Callable[[str], ox.NamedNode | ox.Literal]] = {
    "integer": _integer,
    "decimal": _decimal,
    "year": _year,
    "string": _string,
    "iri": _iri,
    "date": _date,
    "boolean": _boolean,
}

#: HTML input type for each parameter type (web page forms)
INPUT_TYPES = {"integer": "number", "decimal": "number", "year": "number", "date": "date", "boolean": "checkbox"}


def to_term(name: str, type_: str, raw: str) -> ox.NamedNode | ox.Literal:
    """Parse one parameter value; errors name the parameter and the expected form."""
    try:
        return PARAM_TYPES[type_](raw)
    except ValueError as exc:
        shown = raw if len(raw) <= 40 else raw[:37] + "…"
        raise QueryError(f"parameter {name}: expected {exc}, got {shown!r}") from None


def parse_assignments(items: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["k=v", …]`` from ``--param k=v`` options -> dict; a repeated name is an error."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise QueryError(f"--param {item!r}: expected name=value")
        if key in out:
            raise QueryError(f"--param {key} given twice")
        out[key] = value
    return out


def bind(query, given: Mapping[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Terms for a named query's parameters: given values, else defaults; unknown names are errors."""
    for key in given:
        query.param(key)  # raises with the list of known parameters
    out: dict[str, ox.NamedNode | ox.Literal] = {}
    for p in query.params:
        raw = given.get(p.name)
        if raw is None or (raw.strip() == "" and p.type != "string"):
            raw = p.default
        if raw is None or (p.type == "string" and raw.strip() == "" and p.default is None):
            if p.required:
                example = dict(query.example).get(p.name)
                hint = f"; e.g. {p.name}={example}" if example else ""
                raise QueryError(f"query {query.name!r} needs a value for parameter {p.name} ({p.description}){hint}")
            continue  # optional: left unbound
        out[p.name] = to_term(p.name, p.type, raw)
    return out
