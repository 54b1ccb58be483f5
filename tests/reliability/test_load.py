"""A bounded load test on loopback: 50 concurrent clients against `policygraph serve`, no errors.

The measuring code is benchmarks/bench_load.py (50 x 200, latency percentiles in
docs/benchmarks.md); here the same clients send 10 requests each, and only
correctness is asserted (every answer 200), never a time.
"""

from __future__ import annotations

import pytest

from benchmarks.bench_load import CLIENTS, describe_target, run_load

from .conftest import start_serve, stop_serve

pytestmark = [pytest.mark.server, pytest.mark.slow]


def test_fifty_concurrent_clients_get_no_errors(tmp_path):
    from policygraph.queries.sample import disk_store

    store = disk_store(tmp_path / "store")
    proc, url = start_serve(store)
    try:
        result = run_load(url, clients=CLIENTS, per_client=10, describe_iri=describe_target(url))
    finally:
        log = stop_serve(proc)
    assert result.errors == []
    assert result.count == CLIENTS * 10
    assert set(result.latencies) == {"sparql", "named", "static"}
    assert "Traceback" not in log
