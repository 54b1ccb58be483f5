"""Export the store as RDF: Turtle, N-Triples, N-Quads, TriG, JSON-LD.

Quad formats (nq, trig, jsonld) keep the named graphs, so a TriG export loaded
into a fresh store gives the same quads. Triple formats (ttl, nt) hold the union
of all graphs, each triple once. A file is written to a temporary file beside it
and renamed into place, so an interrupted export never leaves half a file.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from typing import BinaryIO, Iterator, Optional

import pyoxigraph as ox

from ..errors import PolicygraphError, StoreError
from ..ontology.terms import PREFIXES
from .store import GraphStore, LocalStore

#: format name (as on the command line) → (pyoxigraph format, keeps named graphs)
RDF_FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "ttl": (ox.RdfFormat.TURTLE, False),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "nq": (ox.RdfFormat.N_QUADS, True),
    "trig": (ox.RdfFormat.TRIG, True),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
}

#: prefixes written into Turtle/TriG: vocabularies only; our resource IRIs (pgid:) have
#: slashes that would need escaping in prefixed names, so they stay full IRIs
EXPORT_PREFIXES = {p: ns for p, ns in PREFIXES.items() if p not in ("pgid", "vann", "owl")}

_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


def _quads(store: GraphStore) -> Iterator[ox.Quad]:
    for row in store.query(_QUADS):
        yield ox.Quad(row["s"], row["p"], row["o"], row["g"])


def write_rdf(store: GraphStore, fmt: str, output: BinaryIO) -> None:
    """Serialise the store in ``fmt`` (a key of RDF_FORMATS) to a binary stream."""
    if fmt not in RDF_FORMATS:
        raise PolicygraphError(f"unknown RDF format {fmt!r}; choose one of {', '.join(RDF_FORMATS)}")
    rdf_format, quads = RDF_FORMATS[fmt]
    prefixes = EXPORT_PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    if quads and isinstance(store, LocalStore):
        store.dump(output, rdf_format, prefixes=prefixes)
        return
    data = _quads(store) if quads else store.query(_UNION)
    try:
        ox.serialize(data, output, rdf_format, prefixes=prefixes)
    except OSError as exc:
        raise StoreError(f"cannot export ({exc})", path=store.location) from exc


@contextlib.contextmanager
def atomic_output(path: str) -> Iterator[BinaryIO]:
    """A binary file that appears at ``path`` only when the block completes."""
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise PolicygraphError("output directory does not exist", path=path)
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".part")
    except OSError as exc:
        raise PolicygraphError(f"cannot write here ({exc.strerror})", path=path) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def export_rdf(store: GraphStore, fmt: str, out: Optional[str] = None) -> None:
    """Export to the file ``out`` (atomically) or to stdout."""
    if out is None:
        write_rdf(store, fmt, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    try:
        with atomic_output(out) as fh:
            write_rdf(store, fmt, fh)
    except OSError as exc:
        raise PolicygraphError(f"cannot write ({exc.strerror or exc})", path=out) from exc
