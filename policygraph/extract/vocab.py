"""Load the vocabularies of structure extraction (``extract/structure_data/``).

The words the extractor knows (section headings, organisation suffixes, table
columns …) live in documented data files so that a new layout can be taught by
editing data, not code. Each loader is cached: files are read once per process.
"""

from __future__ import annotations

import functools
from importlib import resources

_PACKAGE = "policygraph.extract"
_DIR = "structure_data"


def _lines(name: str) -> list[str]:
    text = resources.files(_PACKAGE).joinpath(_DIR, name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append(line.rstrip("\n"))
    return out


def _words(name: str) -> tuple[str, ...]:
    """One word a line, longest first (so that suffix tests prefer the longer ending)."""
    return tuple(sorted({w.strip() for w in _lines(name)}, key=len, reverse=True))


def _pairs(name: str) -> tuple[tuple[str, str], ...]:
    out = []
    for line in _lines(name):
        left, _, right = line.partition("\t")
        out.append((left.strip(), right.strip()))
    return tuple(out)


@functools.lru_cache(maxsize=None)
def section_headings() -> dict[str, str]:
    """heading text (no numbering) -> section key."""
    return {heading: key for key, heading in _pairs("section_headings.tsv")}


@functools.lru_cache(maxsize=None)
def project_title_suffixes() -> tuple[str, ...]:
    return _words("project_title_suffixes.txt")


@functools.lru_cache(maxsize=None)
def project_name_labels() -> tuple[str, ...]:
    return _words("project_name_labels.txt")


@functools.lru_cache(maxsize=None)
def project_part_headings() -> frozenset[str]:
    return frozenset(_words("project_part_headings.txt"))


@functools.lru_cache(maxsize=None)
def org_suffixes() -> tuple[str, ...]:
    return _words("org_suffixes.txt")


@functools.lru_cache(maxsize=None)
def place_prefixes() -> tuple[str, ...]:
    return _words("place_prefixes.txt")


@functools.lru_cache(maxsize=None)
def division_suffixes() -> tuple[str, ...]:
    return _words("division_suffixes.txt")


@functools.lru_cache(maxsize=None)
def funding_sources() -> frozenset[str]:
    return frozenset(_words("funding_sources.txt"))


@functools.lru_cache(maxsize=None)
def table_columns() -> dict[str, tuple[tuple[str, ...], ...]]:
    """column -> the alternative lists of parts it is the sum of (empty for leaves)."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for column, parts in _pairs("table_columns.tsv"):
        out.setdefault(column, [])
        if parts:
            out[column].append(tuple(parts.split()))
    return {k: tuple(v) for k, v in out.items()}


@functools.lru_cache(maxsize=None)
def project_table_columns() -> tuple[tuple[str, str], ...]:
    """(role, space-separated header words) of tables that list projects."""
    return _pairs("project_table_columns.tsv")


@functools.lru_cache(maxsize=None)
def form_labels() -> dict[str, str]:
    """form field label (whitespace removed) -> section key."""
    return dict(_pairs("form_labels.tsv"))


@functools.lru_cache(maxsize=None)
def document_kinds() -> tuple[tuple[str, str], ...]:
    return _pairs("document_kinds.tsv")
