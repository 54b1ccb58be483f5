"""Headline numbers of a store (``policygraph stats``)."""

from __future__ import annotations

from .ingest import incomplete_sources, sparql
from .iris import SOURCE_GRAPH_PREFIX
from .store import GraphStore

#: order and meaning of the numbers, as printed
STAT_LABELS = {
    "triples": "quads in all named graphs",
    "graphs": "named graphs (one per source document + reference + summary)",
    "documents": "source documents",
    "departments": "departments",
    "units": "budget units",
    "projects": "projects and sub-projects",
    "allocations": "budget allocations (project amounts, table cells, figures)",
    "citations": "policy citations (occurrences)",
    "cited_documents": "distinct cited documents",
    "mentions": "non-policy 《》 mentions",
    "warnings": "extraction warnings",
    "money_yuan": "yuan in project amounts for the year (sub-projects counted once)",
    "incomplete": "documents from an interrupted bulk load (next ingest removes them)",
}


def store_stats(store: GraphStore) -> dict[str, int]:
    """The numbers of STAT_LABELS, in that order."""
    graphs = store.named_graphs()
    out: dict[str, int] = {"triples": len(store), "graphs": len(graphs)}
    rows = list(store.query(sparql("stats")))
    row = rows[0] if rows else None
    for name in STAT_LABELS:
        if name in out or name == "incomplete":
            continue
        term = row[name] if row is not None else None
        out[name] = int(term.value) if term is not None else 0
    sources = [g for g in graphs if g.value.startswith(SOURCE_GRAPH_PREFIX)]
    out["incomplete"] = len(incomplete_sources(store)) if len(sources) != out["documents"] else 0
    return out
