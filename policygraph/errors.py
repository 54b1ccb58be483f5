"""Errors that become one-line user messages at the CLI edge.

Library code raises these with the file or argument they concern; the CLI prints
``str(error)`` (never a traceback) and sets the exit code.
"""

from __future__ import annotations

from typing import Optional


class PolicygraphError(Exception):
    """Base class: a problem the user can act on, described in one line."""

    def __init__(self, message: str, *, path: Optional[str] = None) -> None:
        self.path = path
        self.reason = " ".join(str(message).split())  # one line, always
        super().__init__(f"{path}: {self.reason}" if path else self.reason)


class UnreadableDocument(PolicygraphError):
    """A file that is not a readable document: binary, empty, undecodable, scanned PDF …"""


class StoreError(PolicygraphError):
    """The store cannot be opened/written: locked, read-only, disk full, corrupt."""


class QueryError(PolicygraphError):
    """A SPARQL query is unknown, malformed or given bad parameters."""
