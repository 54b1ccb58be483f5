"""Picking rows out of a named query's answer in tests."""

from __future__ import annotations


def only(items, **match):
    """The one row whose columns have the given values (fails the test unless there is exactly one)."""
    found = [r for r in items if all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, f"{match}: {found}"
    return found[0]
