"""policygraph: a knowledge graph of government budget programs and their policy basis.

Library API for notebooks (the CLI is a thin layer over these)::

    from policygraph import extract_path, open_store, ingest_paths, run_query
"""

from __future__ import annotations

__version__ = "0.1.0"

# Public names, imported lazily so `import policygraph` stays cheap (spaCy and
# pyoxigraph load only when used).
_EXPORTS = {
    "extract_path": "policygraph.extract",
    "extract_text": "policygraph.extract",
    "extract_document": "policygraph.extract",
    "iter_extract": "policygraph.extract",
    "read_source": "policygraph.extract",
    "PolicygraphError": "policygraph.errors",
    "UnreadableDocument": "policygraph.errors",
    # graph (issue 4): store, ingest, export, stats, SHACL validation
    "open_store": "policygraph.graph",
    "ingest_paths": "policygraph.graph",
    "remove_documents": "policygraph.graph",
    "optimize_store": "policygraph.graph",
    "record_quads": "policygraph.graph",
    "export_rdf": "policygraph.graph",
    "store_stats": "policygraph.graph",
    "validate_store": "policygraph.graph",
}


def __getattr__(name: str):  # PEP 562
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'policygraph' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_EXPORTS))
