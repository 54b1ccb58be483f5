"""The policygraph ontology (Turtle, the source of truth), its SHACL shapes and reference vocabularies.

* ``policygraph.ttl`` — OWL ontology: classes and properties with zh/en labels and comments;
* ``shapes.ttl`` — SHACL shapes the graph must satisfy (``policygraph validate``);
* ``reference.ttl`` — controlled vocabularies as SKOS (levels, document types, section
  kinds …) and, at ingest, the issuer table; loaded into the
  reference named graph by ingest;
* ``terms.py`` — typed constants generated from ``policygraph.ttl``
  (``python -m policygraph.ontology.generate``).

    >>> from policygraph.ontology.terms import PG
    >>> PG.Project.value
    'https://w3id.org/policygraph/ontology#Project'
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
ONTOLOGY_TTL = HERE / "policygraph.ttl"
SHAPES_TTL = HERE / "shapes.ttl"
REFERENCE_TTL = HERE / "reference.ttl"

ONTOLOGY_IRI = "https://w3id.org/policygraph/ontology"
PG_NS = "https://w3id.org/policygraph/ontology#"
PGID_NS = "https://w3id.org/policygraph/id/"

__all__ = ["ONTOLOGY_TTL", "SHAPES_TTL", "REFERENCE_TTL", "ONTOLOGY_IRI", "PG_NS", "PGID_NS"]
