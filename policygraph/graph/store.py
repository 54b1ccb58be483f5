"""Where the graph lives: embedded Oxigraph on disk, in memory, or (scale-out) a remote SPARQL server.

All readers (queries, viz, the endpoint) go through :class:`GraphStore`; they
never see whether the store is local or remote. Queries run over the union of
all named graphs (see docs/architecture.md, "Duplicates under union").
"""

from __future__ import annotations

import os
from typing import Iterable, Mapping, Optional, Protocol, Union

import pyoxigraph as ox

from ..errors import StoreError

MEMORY = ":memory:"

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal]


class GraphStore(Protocol):
    """What the rest of the project may ask of a store."""

    location: str

    def query(self, sparql: str, bindings: Optional[Mapping[str, Term]] = None):
        """Run a SPARQL query over the union default graph with variables bound as RDF terms."""

    def replace_source(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        """Atomically replace the content of one named graph."""

    def close(self) -> None: ...


class LocalStore:
    """Embedded pyoxigraph store (a directory on disk, or in memory)."""

    def __init__(self, location: Optional[str] = None, *, read_only: bool = False) -> None:
        self.location = location or MEMORY
        try:
            if self.location == MEMORY:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(self.location)
            else:
                self._store = ox.Store(self.location)
        except OSError as exc:
            raise StoreError(_explain_open_error(exc), path=self.location) from exc

    @property
    def raw(self) -> ox.Store:
        """The underlying pyoxigraph Store (for bulk loading and dumps)."""
        return self._store

    def query(self, sparql: str, bindings: Optional[Mapping[str, Term]] = None):
        # Bindings use pyoxigraph's pre-binding (SEP-0007): a bound variable must be
        # visible at the top of the query (projected, or a GROUP BY key).
        subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        return self._store.query(sparql, use_default_graph_as_union=True, substitutions=subs or None)

    def replace_source(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        # One SPARQL update is one transaction: readers see the old graph or the new one.
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8") if triples else ""
        self._store.update(f"DROP SILENT GRAPH <{graph.value}> ;\nINSERT DATA {{ GRAPH <{graph.value}> {{\n{body}}} }}")

    def named_graphs(self) -> list[ox.NamedNode]:
        return [g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)]

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        try:
            self._store.flush()
        except OSError:
            pass
        del self._store

    def __enter__(self) -> "LocalStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _explain_open_error(exc: OSError) -> str:
    text = str(exc)
    if "lock" in text.lower():
        return "store is in use by another policygraph process (ingest or serve); wait for it or use another --store"
    if "Permission denied" in text or "Read-only" in text:
        return "cannot write the store directory (permission denied or read-only file system)"
    return f"cannot open store ({text.splitlines()[0] if text else type(exc).__name__})"


def open_store(location: Optional[str] = None, *, read_only: bool = False) -> GraphStore:
    """Open a store: a directory path, None/':memory:' (in memory), or an http(s) SPARQL endpoint URL."""
    if location and location.startswith(("http://", "https://")):
        from .remote import RemoteStore  # scale-out backend

        return RemoteStore(location)
    if location and location != MEMORY and read_only and not os.path.isdir(location):
        raise StoreError("no store here yet; run `policygraph ingest` first", path=location)
    return LocalStore(location, read_only=read_only)
