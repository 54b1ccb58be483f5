"""Read budget documents into records (no RDF here).

    >>> from policygraph.extract import extract_path
    >>> record = extract_path("examples/corpus/000_54c0a28505620ce4.txt")
    >>> record.department, record.year, len(record.projects)

Pipeline stages, one module each: ``reader`` (bytes -> text), ``structure``
(document, units, projects, sections, amounts), ``tables`` (budget tables),
``citations`` (cited documents, spaCy rules), ``jsonl`` (the output contract).
"""

from __future__ import annotations

import dataclasses
import os
from typing import Iterable, Iterator, Union

from ..errors import UnreadableDocument
from .models import DocumentRecord
from .reader import SourceText, iter_document_paths, read_source

__all__ = [
    "DocumentRecord",
    "SourceText",
    "UnreadableDocument",
    "extract_document",
    "extract_path",
    "extract_text",
    "iter_extract",
    "read_source",
]


def extract_document(src: SourceText) -> DocumentRecord:
    """Structure, tables and citations of one document read into a SourceText."""
    from .citations import find_citations
    from .structure import extract_structure

    record = extract_structure(src)
    return dataclasses.replace(record, citations=tuple(find_citations(src, record)))


def extract_text(text: str, *, path: str = "<text>") -> DocumentRecord:
    """Convenience for notebooks and tests: extract from a string."""
    return extract_document(SourceText.from_text(text, path=path))


def extract_path(path: Union[str, os.PathLike[str]]) -> DocumentRecord:
    """Read and extract one file. Raises UnreadableDocument (one-line reason)."""
    return extract_document(read_source(path))


def iter_extract(paths: Iterable[Union[str, os.PathLike[str]]]) -> Iterator[Union[DocumentRecord, UnreadableDocument]]:
    """Extract every document under ``paths``; failures are yielded, not raised, so a batch goes on."""
    for path, problem in iter_document_paths(paths):
        if problem is not None:
            yield problem
            continue
        try:
            yield extract_path(path)
        except UnreadableDocument as exc:
            yield exc
        except Exception as exc:  # noqa: BLE001 - an extractor bug on one file must not stop the batch (as in ingest)
            first = str(exc).splitlines()[0] if str(exc) else ""
            yield UnreadableDocument(f"internal error while extracting ({type(exc).__name__}: {first[:200]})", path=str(path))
