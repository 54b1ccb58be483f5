"""Remove documents from a store: a file ingested by mistake, a directory moved or deleted.

A source's graph is keyed by the absolute path of its file (graph/iris.py), so a
corpus moved to another directory and ingested again is held twice until the old
paths are removed: projects are the same resources (identified by content), but
every citation, budget cell and line of evidence is there twice. :func:`remove_documents` takes
file paths, directory paths (every stored document under them, whether or not
the files still exist) or source graph IRIs.

* Every target is resolved before anything changes: a target matching no stored
  document is an error and nothing is removed (a typo must not half-run).
* The summary graph is dropped before the first removal and computed again at the
  end (graph/summary.py): never a summary counting removed documents.
* Each document goes in its own transaction: an interrupted run leaves every
  document fully in or fully out, and running it again finishes the job.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterable

import pyoxigraph as ox

from ..errors import PolicygraphError
from .ingest import LoadedSource, loaded_sources
from .iris import SOURCE_GRAPH_PREFIX
from .store import GraphStore
from .summary import drop_summary, ensure_summary


@dataclass
class RemoveReport:
    """The documents removed (graph IRI, file path) and the summary quads written after."""

    removed: list[tuple[str, str]] = field(default_factory=list)
    summary_quads: int = 0

    def summary(self) -> str:
        return f"{len(self.removed)} document(s) removed"


def matching_sources(loaded: dict[str, LoadedSource], target: str) -> list[LoadedSource]:
    """Stored documents ``target`` names: a source graph IRI, a file path, or a directory (every file under it)."""
    if target.startswith(SOURCE_GRAPH_PREFIX):
        return [loaded[target]] if target in loaded else []
    path = os.path.normpath(os.path.abspath(target))
    under = path.rstrip(os.sep) + os.sep
    return [source for source in loaded.values() if source.path == path or source.path.startswith(under)]


def remove_documents(store: GraphStore, targets: Iterable[str], *, dry_run: bool = False) -> RemoveReport:
    """Remove the documents ``targets`` name (see :func:`matching_sources`); all resolved first.

    ``dry_run``: report what would be removed, change nothing.
    """
    targets = list(targets)
    if not targets:
        raise PolicygraphError("nothing to remove: give file or directory paths, or source graph IRIs")
    loaded = loaded_sources(store)
    chosen: dict[str, LoadedSource] = {}
    for target in targets:
        found = matching_sources(loaded, target)
        if not found:
            raise PolicygraphError(f"{target}: no document of the store has this path or graph; nothing was removed "
                                   "(`policygraph remove / --dry-run` lists every stored document)")
        chosen.update((source.graph, source) for source in found)
    report = RemoveReport()
    if dry_run:
        report.removed = [(source.graph, source.path) for source in _by_path(chosen)]
        return report
    drop_summary(store)
    for source in _by_path(chosen):
        store.drop_source(ox.NamedNode(source.graph))
        report.removed.append((source.graph, source.path))
    report.summary_quads = ensure_summary(store, force=True)
    flush = getattr(store, "flush", None)
    if flush is not None:
        flush()
    return report


def _by_path(chosen: dict[str, LoadedSource]) -> list[LoadedSource]:
    return sorted(chosen.values(), key=lambda source: (source.path, source.graph))
