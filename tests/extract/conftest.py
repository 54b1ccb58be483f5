"""Fixtures of the structure tests: the four samples read and structured once per session."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from policygraph.extract.reader import read_source
from policygraph.extract.structure import extract_structure

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "examples" / "corpus"
GOLDEN = ROOT / "tests" / "golden"
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLES = {
    "000": CORPUS / "000_54c0a28505620ce4.txt",
    "001": CORPUS / "001_8945e10e70820498.txt",
    "002": CORPUS / "002_3aa9dca3e14d72fe.txt",
    "004": CORPUS / "004_3b9f046d1a272fe1.txt",
}


@pytest.fixture(scope="session")
def sources():
    return {key: read_source(path) for key, path in SAMPLES.items()}


@pytest.fixture(scope="session")
def records(sources):
    return {key: extract_structure(src) for key, src in sources.items()}


def read_golden(name: str) -> list[dict]:
    """Rows of a hand-typed golden TSV (``#`` lines are comments; empty cells are None)."""
    with open(GOLDEN / name, encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    return [{k: (v if v != "" else None) for k, v in row.items()} for row in rows]
