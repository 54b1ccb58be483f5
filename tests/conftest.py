"""Shared test fixtures: the sample corpus, and the SPARQL servers the remote tests share.
Area-specific fixtures live in each test module."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

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


# -- real SPARQL servers (tests/remote/servers.py), started once per session and shared by every
# test directory that needs one (remote store, named queries, viz): starting Virtuoso costs seconds
# and memory on a shared machine. Tests drop the graphs they write.


def _session_server(tmp_path_factory, start):
    server = start(tmp_path_factory.mktemp(start.__name__.removeprefix("start_")))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory) -> Iterator:
    from tests.remote.servers import start_oxigraph

    yield from _session_server(tmp_path_factory, start_oxigraph)


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory) -> Iterator:
    from tests.remote.servers import start_virtuoso

    yield from _session_server(tmp_path_factory, start_virtuoso)
