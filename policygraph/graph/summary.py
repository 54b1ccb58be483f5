"""Materialised summaries: the parameter-free part of the aggregate named queries, computed at ingest.

The aggregate queries (top-documents, money-by-issuer …) sum money over every
citing project of the store; only their last step depends on the parameters
(a fiscal year, whether flagged amounts count). That first part is computed once
per ingest, by the CONSTRUCT queries ``graph/sparql/summary_<name>.rq`` over the
union of all graphs, and written as one small named graph,
``pgid:graph/summary``; the named queries read it and apply the parameters
(docs/ontology.md, "Summaries").

* The summary graph is dropped, then written summary by summary (an embedded store: streamed in
  chunks, compute_summary), its record last: without its record it reads as no summary, never as
  half of one. The record node ``pgid:summary``
  (``pg:Summary``) says what it was computed from: the version of the summary
  queries (a hash of their text), the number of complete source documents and a
  hash of their graph IRIs, content hashes and mapping versions.
* Ingest drops it before changing the first document and computes it again at
  the end (an interrupted ingest leaves no summary, never a stale one); an ingest
  that changes nothing recomputes it only when it is missing or stale.
* A named query on a store whose summary is missing or stale (a store written by
  an older policygraph, or by another tool) computes the summaries it needs for
  that answer into memory: the same answer, as slow as before summaries existed
  (queries/runner.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator, Mapping, Optional

import pyoxigraph as ox

from ..ontology import PGID_NS
from ..ontology.terms import PG, RDF, XSD
from ..errors import PolicygraphError
from .store import GraphStore

SUMMARY_GRAPH = ox.NamedNode(PGID_NS + "graph/summary")
#: the record node: what the summary was computed from
SUMMARY_RECORD = ox.NamedNode(PGID_NS + "summary")

#: the summaries, one CONSTRUCT each: graph/sparql/summary_<name>.rq
SUMMARIES: tuple[str, ...] = (
    "top_documents", "money_by_issuer", "money_by_level", "stale_bases", "cross_cutting_documents", "co_citation",
)


def summary_sparql(name: str) -> str:
    """Text of graph/sparql/summary_<name>.rq."""
    if name not in SUMMARIES:
        raise ValueError(f"no summary {name!r} (known: {', '.join(SUMMARIES)})")
    return resources.files(__package__).joinpath("sparql", f"summary_{name}.rq").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def summary_version() -> str:
    """A hash of every summary query's text: a summary made by other queries is stale."""
    digest = hashlib.sha256()
    for name in SUMMARIES:
        digest.update(name.encode("utf-8") + b"\n" + summary_sparql(name).encode("utf-8") + b"\n")
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class SummaryState:
    """What a store's summary record says (``version`` None: no summary) and how many sources the store holds."""

    version: Optional[str]
    sources: Optional[int]
    sources_hash: Optional[str]
    sources_now: int
    #: the summaries the graph holds (a server that cannot run one of the CONSTRUCTs lacks it)
    included: frozenset = frozenset()

    @property
    def current(self) -> bool:
        """Made by these summary queries from as many sources as the store holds now.

        (The cheap check, done before every query that reads the summary: 5 ms at 10,000 sources where
        counting only complete ones, with their pg:contentHash, takes 160 ms; ingest compares the hash
        too. A store holding incomplete sources, which ingest removes, then reads as stale.)
        """
        return self.version == summary_version() and self.sources == self.sources_now


_STATE = f"""
PREFIX pg: <{PG.NS}>
SELECT ?version ?sources ?sources_hash ?sources_now ?included WHERE {{
  {{ SELECT (COUNT(*) AS ?sources_now) WHERE {{ GRAPH ?g {{ ?src a pg:SourceDocument }} }} }}
  OPTIONAL {{
    GRAPH <{SUMMARY_GRAPH.value}> {{
      <{SUMMARY_RECORD.value}> pg:summaryVersion ?version ; pg:summarySources ?sources ; pg:summarySourcesHash ?sources_hash
    }}
  }}
  OPTIONAL {{ GRAPH <{SUMMARY_GRAPH.value}> {{ <{SUMMARY_RECORD.value}> pg:summaryIncludes ?included }} }}
}}
"""


def summary_state(store: GraphStore) -> SummaryState:
    rows = list(store.query(_STATE))
    row = rows[0] if rows else None
    included = frozenset(r["included"].value for r in rows if r["included"] is not None)

    def value(name: str) -> Optional[str]:
        term = row[name] if row is not None else None
        return term.value if term is not None else None

    sources = value("sources")
    return SummaryState(value("version"), int(sources) if sources is not None else None, value("sources_hash"),
                        int(value("sources_now") or 0), included)


def sources_hash(loaded: Mapping[str, object]) -> str:
    """Hash of the complete sources (graph IRI, content hash, mapping version), in IRI order."""
    digest = hashlib.sha256()
    for graph in sorted(loaded):
        source = loaded[graph]
        digest.update(f"{graph}\t{source.sha256}\t{source.mapping_version or ''}\n".encode("utf-8"))
    return digest.hexdigest()


def summary_quads(store: GraphStore, names: Iterable[str] = SUMMARIES) -> list[ox.Quad]:
    """The summaries ``names`` computed over ``store``, as quads of the summary graph (no record).

    The CONSTRUCTs make each row a blank node (portable: no IRI or hash functions, which some servers
    get wrong); each row is then named by its content, ``pgid:summary/{kind}/{16 hex digits of the
    SHA-256 of its sorted triples}``, so the same store always gives the same summary graph. This
    collects every triple first (any order the store gives); compute_summary streams (summary_chunks).
    """
    quads: list[ox.Quad] = []
    for name in names:
        rows: dict[object, list[tuple]] = {}
        for t in store.query(summary_sparql(name)):
            rows.setdefault(t.subject, []).append((t.predicate, _canonical(t.predicate, t.object)))
        kind = name.replace("_", "-")
        for pairs in rows.values():
            quads.extend(_named_row(kind, pairs))
    return quads


#: quads per chunk written by compute_summary (a chunk is held as Python objects, then written)
CHUNK_QUADS = 50_000


class _RowInterleaved(Exception):
    """The store gave a row's triples apart (a blank node reappeared after another one): it cannot be streamed."""


def summary_chunks(store: GraphStore, name: str, size: Optional[int] = None) -> Iterator[list[ox.Quad]]:
    """Summary ``name`` as lists of about ``size`` (default CHUNK_QUADS) quads of the summary graph, each row whole and named.

    Streamed: a row is named by a hash of all its triples, so it must be complete when named. Oxigraph
    gives a CONSTRUCT's triples solution by solution, in template order, so a row's triples come
    together: a row ends when another blank node comes. Raises _RowInterleaved if a finished row's
    blank node comes again (another store, another Oxigraph): compute_summary then collects instead.
    """
    kind = name.replace("_", "-")
    size = size or CHUNK_QUADS
    chunk: list[ox.Quad] = []
    done: set = set()
    current, pairs = None, []
    for t in store.query(summary_sparql(name)):
        if t.subject != current:
            if current is not None:
                chunk.extend(_named_row(kind, pairs))
                done.add(current)
                if len(chunk) >= size:
                    yield chunk
                    chunk = []
            if t.subject in done:
                raise _RowInterleaved(name)
            current, pairs = t.subject, []
        pairs.append((t.predicate, _canonical(t.predicate, t.object)))
    if current is not None:
        chunk.extend(_named_row(kind, pairs))
    if chunk:
        yield chunk


def _named_row(kind: str, pairs: list[tuple]) -> list[ox.Quad]:
    digest = hashlib.sha256("\n".join(sorted(f"{p} {o}" for p, o in pairs)).encode("utf-8")).hexdigest()[:16]
    node = ox.NamedNode(f"{PGID_NS}summary/{kind}/{digest}")
    return [ox.Quad(node, p, o, SUMMARY_GRAPH) for p, o in pairs]


def _canonical(predicate: ox.NamedNode, value):
    """Names joined by GROUP_CONCAT in name order (SPARQL leaves the order to the store: memory and disk differ)."""
    if predicate == PG.summaryOrganisationNames and isinstance(value, ox.Literal):
        text = "; ".join(sorted(value.value.split("; ")))
        return ox.Literal(text, language=value.language) if value.language else ox.Literal(text, datatype=value.datatype)
    return value


def _record_quads(loaded: Mapping[str, object], included: Iterable[str]) -> list[ox.Quad]:
    g, r = SUMMARY_GRAPH, SUMMARY_RECORD
    return [
        ox.Quad(r, RDF.type, PG.Summary, g),
        ox.Quad(r, PG.summaryVersion, ox.Literal(summary_version()), g),
        ox.Quad(r, PG.summarySources, ox.Literal(str(len(loaded)), datatype=XSD.integer), g),
        ox.Quad(r, PG.summarySourcesHash, ox.Literal(sources_hash(loaded)), g),
        *(ox.Quad(r, PG.summaryIncludes, ox.Literal(name), g) for name in included),
    ]


def compute_summary(store: GraphStore, loaded: Optional[Mapping[str, object]] = None, *, bulk: bool = False) -> int:
    """Compute every summary and replace the summary graph with it; returns quads written.

    The record goes last: a server that does not write a graph atomically (Virtuoso) shows a
    half-written summary without its record, which readers take for no summary. ``bulk`` writes
    with Oxigraph's bulk loader (not transactional: only for a store nobody reads yet).

    A local store gets each summary streamed in chunks of CHUNK_QUADS quads (summary_chunks; each
    chunk its own transaction or bulk load, the record last, so readers see no record until all are
    in): no summary is held whole as Python objects (10,000 documents: co-citation's 765k quads made
    a 2.5 GB ingest). A remote store's summary is collected and written in one go at the end.
    """
    if loaded is None:
        from .ingest import loaded_sources

        loaded = loaded_sources(store)
    add = store.bulk_add if bulk else getattr(store, "add_quads", None)  # a remote store has no add_quads
    if not bulk:
        # dropped first: readers see the old summary or none (and compute what they need) until the
        # record of the new one is written; a new graph is also written much faster than a replaced one
        drop_summary(store)
    pending: list[ox.Quad] = []  # a remote store's summary, written in one go at the end
    if add is not None:
        add = _Batched(add)
    written = 0
    included = []
    for name in SUMMARIES:
        try:
            if add is None:
                quads = summary_quads(store, [name])
                pending += quads
                written += len(quads)
                del quads
            else:
                written += _stream_summary(store, name, add)
        except PolicygraphError:
            # a remote server that cannot run this CONSTRUCT (Virtuoso 7.2: cross-cutting-documents);
            # its query then tries per answer and says why it cannot
            continue
        included.append(name)
    record = _record_quads(loaded, included)
    if add is not None:
        add(record)  # in the last batch: a reader sees the record only when every row is in
        add.flush()
    else:
        store.replace_source(SUMMARY_GRAPH, pending + record)
    return written + len(record)


def _stream_summary(store, name: str, add) -> int:
    """Write summary ``name`` chunk by chunk with ``add``; returns quads written.

    When the store gives a row's triples apart (summary_chunks), the rows written so far may be
    incomplete: they are removed and the summary is collected whole instead.
    """
    written = 0
    try:
        for chunk in summary_chunks(store, name):
            add(chunk)
            written += len(chunk)
        return written
    except _RowInterleaved:
        pass
    except PolicygraphError:
        if written:
            add.flush()
            _drop_rows(store, name)  # failed midway: no half summary left (compute_summary leaves it out)
        raise
    add.flush()  # the rows of this summary still waiting go first, so that _drop_rows removes them too
    _drop_rows(store, name)
    quads = summary_quads(store, [name])
    add(quads)
    return len(quads)


class _Batched:
    """Hands quads on to ``add`` in batches of at least CHUNK_QUADS, across summaries.

    Each bulk load or transaction has a fixed cost (~0.1 s, mostly waiting for the disk): on a small
    store the six summaries and the record, written one call each, cost more than computing them.
    """

    def __init__(self, add) -> None:
        self._add = add
        self._pending: list[ox.Quad] = []

    def __call__(self, quads) -> None:
        self._pending.extend(quads)
        if len(self._pending) >= CHUNK_QUADS:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            batch, self._pending = self._pending, []
            self._add(batch)


def _drop_rows(store, name: str) -> None:
    """Remove the rows of summary ``name`` from the summary graph (by their IRIs' prefix)."""
    prefix = f"{PGID_NS}summary/{name.replace('_', '-')}/"
    store.update(f"""DELETE {{ GRAPH <{SUMMARY_GRAPH.value}> {{ ?s ?p ?o }} }}
WHERE {{ GRAPH <{SUMMARY_GRAPH.value}> {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?s), "{prefix}")) }}""")


def ensure_summary(store: GraphStore, *, force: bool = False) -> int:
    """Compute the summary unless it is current (same queries, same sources); returns quads written (0: was current)."""
    from .ingest import loaded_sources

    loaded = loaded_sources(store)
    if not force and _stale_because(summary_state(store), loaded) is None:
        return 0
    return compute_summary(store, loaded)


def _stale_because(state: SummaryState, loaded: Mapping[str, object]) -> Optional[str]:
    """The full check of ingest: why the summary is not the one these queries make from these sources."""
    if state.version != summary_version():
        return "the summary graph was computed by another version of policygraph"
    if state.sources != len(loaded) or state.sources_hash != sources_hash(loaded):
        return "the summary graph was computed from other source documents than the store holds now"
    return None


def summary_problem(store: GraphStore) -> Optional[str]:
    """Why the store's summary cannot be used as it is (None: it is current), by the full check of ingest."""
    from .ingest import loaded_sources

    state = summary_state(store)
    if state.version is None:
        return "the store has no summary graph (written by an older policygraph, or by another tool)"
    stale = _stale_because(state, loaded_sources(store))
    if stale:
        return stale
    missing = set(SUMMARIES) - state.included
    if missing:
        return f"the summary graph lacks {', '.join(sorted(missing))} (the SPARQL server could not compute it)"
    return None


def drop_summary(store: GraphStore) -> None:
    """Remove the summary graph (before the store changes: never a stale summary read as current)."""
    store.drop_source(SUMMARY_GRAPH)
