"""A fingerprint of the extractor: its code and its rule data files.

Each document's graph records it (graph/mapping.py ``MAPPING_VERSION``), so an
ingest re-extracts an unchanged file when the rules that read it have changed
since (a new issuer code, a fixed layout): otherwise a store built before an
upgrade would keep the old reading of every file forever.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

_HERE = Path(__file__).resolve().parent
#: what the extractor is made of: code and pattern / vocabulary / table files
_SUFFIXES = frozenset({".py", ".jsonl", ".json", ".tsv", ".txt", ".csv"})


@functools.lru_cache(maxsize=None)
def extractor_fingerprint() -> str:
    """12 hex digits of SHA-256 over every code and data file of the extract package (path and bytes)."""
    digest = hashlib.sha256()
    files = sorted(p for p in _HERE.rglob("*") if p.is_file() and p.suffix in _SUFFIXES and "__pycache__" not in p.parts)
    for path in files:
        digest.update(path.relative_to(_HERE).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]
