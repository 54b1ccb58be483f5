"""Shared test fixtures: the sample corpus. Area-specific fixtures live in each test module."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
SAMPLE = {
    "kw2023": CORPUS / "000_54c0a28505620ce4.txt",  # 上海市科学技术委员会 2023 部门预算
    "kx2023": CORPUS / "001_8945e10e70820498.txt",  # 上海市科学技术协会 2023 部门预算
    "forms2019": CORPUS / "002_3aa9dca3e14d72fe.txt",  # 2019 绩效目标申报表 (several units)
    "kx2025": CORPUS / "004_3b9f046d1a272fe1.txt",  # 上海市科学技术协会 2025 部门预算
}


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def sample_paths() -> dict[str, Path]:
    return dict(SAMPLE)
