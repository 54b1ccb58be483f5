"""The knowledge graph: records → RDF quads (stable IRIs) → Oxigraph store.

Library API for notebooks::

    from policygraph.graph import ingest_paths, open_store, store_stats
    with open_store("policygraph-store") as store:
        print(ingest_paths(store, ["examples/corpus"]).summary())
        print(store_stats(store))

Modules, one per stage: ``iris`` (identity), ``mapping`` (DocumentRecord → quads),
``reference`` (vocabularies, issuers), ``store`` (LocalStore / GraphStore),
``ingest``, ``remove``, ``export``, ``stats``, ``validate``. The ontology is in
``policygraph/ontology`` (docs/ontology.md).
"""

from __future__ import annotations

from .export import RDF_FORMATS, export_rdf, write_rdf
from .ingest import IngestReport, ingest_new_store, ingest_paths, ingest_records, loaded_sources, source_hashes
from .iris import REFERENCE_GRAPH
from .mapping import MAPPING_VERSION, graph_of, record_quads
from .remove import RemoveReport, remove_documents
from .stats import STAT_LABELS, store_stats
from .store import MEMORY, GraphStore, LocalStore, OptimizeReport, open_store, optimize_store
from .validate import ValidationResult, validate_store

__all__ = [
    "GraphStore",
    "IngestReport",
    "LocalStore",
    "MAPPING_VERSION",
    "MEMORY",
    "OptimizeReport",
    "RDF_FORMATS",
    "REFERENCE_GRAPH",
    "RemoveReport",
    "STAT_LABELS",
    "ValidationResult",
    "export_rdf",
    "graph_of",
    "ingest_new_store",
    "ingest_paths",
    "ingest_records",
    "loaded_sources",
    "open_store",
    "optimize_store",
    "record_quads",
    "remove_documents",
    "source_hashes",
    "store_stats",
    "validate_store",
    "write_rdf",
]
