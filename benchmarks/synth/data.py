"""Vocabularies of the generator, read once from benchmarks/synth_data (TSV with # comments, JSON)."""

from __future__ import annotations

import csv
import json
import os
from functools import lru_cache
from typing import Any

DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "synth_data")


def _path(name: str) -> str:
    return os.path.join(DATA_DIR, name)


@lru_cache(maxsize=None)
def tsv(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a TSV file, comment lines (#) skipped, trailing empty cells kept as ''."""
    rows = []
    with open(_path(name), encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row or row[0].startswith("#"):
                continue
            rows.append(tuple(cell.strip() for cell in row))
    return tuple(rows)


@lru_cache(maxsize=None)
def js(name: str) -> Any:
    with open(_path(name), encoding="utf-8") as fh:
        return json.load(fh)
