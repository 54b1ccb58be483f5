"""Fixtures of the scale tests: small synthetic corpora (generated once per session)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `pytest` (not `python -m pytest`) does not put the repository root on the path
    sys.path.insert(0, str(ROOT))

from benchmarks.synth.corpus import generate_corpus  # noqa: E402

SEED = 7


@pytest.fixture(scope="session")
def synth20(tmp_path_factory) -> Path:
    """A 20-document corpus with seed 7."""
    out = tmp_path_factory.mktemp("synth") / "c20"
    generate_corpus(str(out), 20, SEED)
    return out
