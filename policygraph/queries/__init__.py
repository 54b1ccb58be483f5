"""Named research queries, free SPARQL, answer formats and the SPARQL endpoint (`serve`).

    from policygraph.graph.store import open_store
    from policygraph.queries import run_query, render
    store = open_store("policygraph-store", read_only=True)
    print(render(run_query(store, "top-documents"), "table"))
"""

from .catalog import NamedQuery, Param, get_query, load_file, named_queries
from .formats import FORMATS, render
from .runner import Result, run_named, run_query, run_sparql

__all__ = ["NamedQuery", "Param", "get_query", "load_file", "named_queries", "FORMATS", "render", "Result",
           "run_named", "run_query", "run_sparql"]
