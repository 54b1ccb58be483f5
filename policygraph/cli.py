"""The `policygraph` command line: a thin layer over the library.

Only this module knows about the command line. Library errors
(:class:`policygraph.errors.PolicygraphError`) become one-line messages here;
anything else is a bug and is reported as such, still in one line unless
POLICYGRAPH_DEBUG=1 is set.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
import threading
from typing import Callable

import click

from .errors import PolicygraphError

DEFAULT_STORE = "policygraph-store"  # relative to the working directory; see README "Where data lives"


def default_store() -> str:
    return os.environ.get("POLICYGRAPH_STORE", DEFAULT_STORE)


# ---------------------------------------------------------------------------
# shared options (reusable decorators)


def store_option(fn: Callable) -> Callable:
    """--store PATH|URL: the on-disk Oxigraph store, or an http(s) SPARQL endpoint."""
    return click.option(
        "--store",
        "store",
        default=default_store,
        show_default=f"$POLICYGRAPH_STORE or ./{DEFAULT_STORE}",
        metavar="PATH|URL",
        help="Oxigraph store directory, or the URL of a SPARQL 1.1 server (scale-out).",
    )(fn)


def jobs_option(fn: Callable) -> Callable:
    """--jobs N: worker processes for extraction (default: every core this process may use; one process for small inputs)."""
    return click.option("--jobs", "-j", "jobs", type=click.IntRange(min=1), default=None, metavar="N",
                        help="Worker processes that extract documents in parallel (default: all cores; "
                             "under 1 MB of documents, this process alone).")(fn)


def out_option(fn: Callable) -> Callable:
    return click.option("--out", "-o", "out", type=click.Path(dir_okay=False, writable=True), default=None, help="Write to FILE instead of stdout.")(fn)


def user_errors(fn: Callable) -> Callable:
    """Turn library errors into one-line messages and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            with _terminate_as_interrupt():
                return fn(*args, **kwargs)
        except PolicygraphError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            _interrupted()
        except BrokenPipeError:
            sys.exit(0)
        except Exception as exc:
            if _caused_by_interrupt(exc):
                _interrupted()
            raise

    return wrapper


def _interrupted() -> None:
    click.echo("policygraph: interrupted", err=True)
    sys.exit(130)


def _caused_by_interrupt(exc: BaseException) -> bool:
    """Whether ``exc`` wraps a Ctrl+C or SIGTERM: Python re-raises what interrupts some of its own steps as
    another error (a SIGTERM during a lazy import, in a dataclass's ``__set_name__``, became a RuntimeError)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


class _terminate_as_interrupt:
    """SIGTERM (kill, a job scheduler's timeout) ends a command like Ctrl+C does.

    Python's default for SIGTERM is to die on the spot, skipping every ``finally``:
    an ingest --bulk then left its temporary build directory behind. As a
    KeyboardInterrupt, the library's clean-up runs and the message is the same.
    """

    def __enter__(self):
        self.previous = None
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGTERM, _raise_interrupt)
        return self

    def __exit__(self, *exc) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


# ---------------------------------------------------------------------------
# the group


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="policygraph")
def cli() -> None:
    """policygraph: which policies drive which spending.

    Reads Chinese budget documents (部门预算, 绩效目标申报表), extracts projects,
    amounts, budget tables and cited policy documents, stores them as RDF in
    Oxigraph, and answers questions with SPARQL and interactive networks.

    \b
    Quick start:
      policygraph demo                      # the whole pipeline on the sample corpus
      policygraph extract examples/corpus --format jsonl
      policygraph ingest examples/corpus && policygraph query --list
    """


# ---------------------------------------------------------------------------
# extract


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "summary"]), default="jsonl", show_default=True)
@out_option
@user_errors
def extract(paths: tuple[str, ...], fmt: str, out: str | None) -> None:
    """Extract documents, projects, amounts, budget lines and citations.

    PATHS are files (.txt/.md/.pdf) or directories (walked recursively).
    Unreadable files are reported one line each on stderr; the rest go on and
    the exit code is 1 if any failed.

    \b
    Example:
      policygraph extract examples/corpus/000_54c0a28505620ce4.txt --format jsonl | head
    """
    from .extract import iter_extract
    from .extract.jsonl import record_lines

    failed = 0
    stream = open(out, "w", encoding="utf-8") if out else sys.stdout
    try:
        for item in iter_extract(paths):
            if isinstance(item, PolicygraphError):
                failed += 1
                click.echo(f"policygraph: skipped {item}", err=True)
                continue
            if fmt == "jsonl":
                for line in record_lines(item):
                    stream.write(line + "\n")
            else:
                stream.write(
                    f"{item.source}\t{item.kind}\t{item.department}\t{item.year}\t"
                    f"{len(item.projects)} projects\t{len(item.budget_lines)} budget lines\t{len(item.citations)} citations\n"
                )
    finally:
        if out:
            stream.close()
    if failed:
        click.echo(f"policygraph: {failed} file(s) could not be read", err=True)
        sys.exit(1)


def _not_yet(name: str) -> None:
    raise PolicygraphError(f"`policygraph {name}` is not implemented yet")


# The commands below are filled in by their issues (graph, queries, viz).


# ---------------------------------------------------------------------------
# graph (issue 4): ingest, export, stats, validate

#: RDF export formats (graph.export.RDF_FORMATS; kept here so --help needs no pyoxigraph import)
RDF_EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")
#: network export formats and projections (viz.exports.FORMATS, viz.GRAPH_KINDS; here for the same reason)
GRAPH_EXPORT_FORMATS = ("graphml", "gexf", "json", "csv", "dot")
GRAPH_KINDS = ("dependency", "cocitation", "bipartite")


class YuanType(click.ParamType):
    """An amount in yuan: 5000000, 500万, 1.5亿."""

    name = "YUAN"

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        from .viz.money import parse_yuan

        try:
            return parse_yuan(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def graph_selection_options(fn: Callable) -> Callable:
    """--year, --focus, --focus-type, --depth, --min-amount, --include-flagged: which part of the network."""
    options = [
        click.option("--year", type=int, default=None, metavar="YEAR", help="Only projects of this fiscal year."),
        click.option("--focus", default=None, metavar="NAME|NUMBER",
                     help="Centre on a document (title or number, e.g. 国发〔2022〕14号), project, unit, department or issuer."),
        click.option("--focus-type", type=click.Choice(["document", "project", "unit", "department", "issuer"]), default=None,
                     help="Only match --focus against nodes of this type."),
        click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True, help="Links to follow from the --focus."),
        click.option("--min-amount", type=YuanType(), default=0, metavar="YUAN",
                     help="Leave out nodes with less money behind them (5000000, 500万, 1.5亿)."),
        # one misprinted 万元 must not outweigh a whole corpus: the named queries leave them out too
        click.option("--include-flagged", is_flag=True,
                     help="Count amounts the extractor flagged as implausible (more than the department's whole "
                          "budget); by default they are left out of node sizes, link weights and rankings."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@store_option
@click.option("--force", is_flag=True, help="Re-ingest files even when their content is unchanged.")
@click.option("--bulk", is_flag=True,
              help="First load into a new store: build it with Oxigraph's bulk loader in a temporary "
                   "directory, moved into place when complete (an interrupted run leaves no store), after the "
                   "database has merged the files the loads wrote (unmerged, they slow queries down). "
                   "When the store exists, documents are loaded one transaction each as usual.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
@jobs_option
@user_errors
def ingest(paths: tuple[str, ...], store: str, force: bool, bulk: bool, quiet: bool, jobs: int | None) -> None:
    """Extract PATHS and load them into the store (one named graph per source).

    PATHS are files or directories (walked recursively). Unchanged files (same
    path and SHA-256) are skipped; each document is replaced in one transaction,
    so an interrupted ingest leaves every document fully in or fully out and a
    rerun finishes the job. Unreadable files are reported one line each and the
    rest go on; the exit code is then 1. Only one ingest may write a store at a time.

    Documents are extracted by --jobs worker processes (default: all cores; this
    process alone under 1 MB of documents); this process writes them. The graph is
    the same whatever --jobs is.

    \b
    Examples:
      policygraph ingest examples/corpus --store ./policygraph-store
      policygraph ingest budgets/ --store ./big-store --bulk --jobs 2   # first load of a large corpus
    """
    from .graph import ingest_new_store, ingest_paths

    def report_failure(path: str, message: str) -> None:
        click.echo(f"policygraph: skipped {message}", err=True)

    is_local = not store.startswith(("http://", "https://"))
    shown = store  # a remote store's URL is shown as the store gives it: without its password
    built_new = bulk and is_local and not os.path.exists(store)
    if built_new:
        report = ingest_new_store(store, paths, progress=not quiet, on_error=report_failure, jobs=jobs)
    else:
        if bulk and not quiet:
            click.echo("policygraph: --bulk only builds new local stores; loading one document at a time", err=True)
        from .graph.owner import open_writer  # a store served --writable is written through its server

        with open_writer(store) as graph_store:
            if not is_local:
                shown = graph_store.location
            report = ingest_paths(graph_store, paths, force=force, progress=not quiet, on_error=report_failure, jobs=jobs)
    if not quiet:
        made = bulk and is_local and not report.loaded and not os.path.exists(store)
        click.echo(f"policygraph: took {report.timings()}", err=True)
        click.echo(f"policygraph: {report.summary()}" + (f"; no store made at {shown}" if made else f" into {shown}"))
    _warn_same_content(report.same_content)
    if not quiet and built_new and len(report.loaded) >= OPTIMIZE_HINT_DOCUMENTS:
        click.echo(f"policygraph: note: `policygraph optimize --store {store}` makes this store about a sixth "
                   "smaller on disk, and queries up to 40 % cheaper (it takes a few minutes)", err=True)
    if report.failed:
        click.echo(f"policygraph: {len(report.failed)} file(s) could not be ingested", err=True)
        sys.exit(1)


#: a bulk build of at least this many documents ends with a hint to run `policygraph optimize`
OPTIMIZE_HINT_DOCUMENTS = 1000


def _warn_same_content(same_content: list[tuple[str, list[str]]], shown: int = 10) -> None:
    """A file loaded now whose content the store also holds from another path (moved or copied): held twice."""
    for path, others in same_content[:shown]:
        click.echo(f"policygraph: note: {path} has the same content as {others[0]}"
                   + (f" and {len(others) - 1} more" if len(others) > 1 else "")
                   + ", also in the store (moved? `policygraph remove OLD-PATH`)", err=True)
    if len(same_content) > shown:
        click.echo(f"policygraph: note: {len(same_content) - shown} more file(s) with the same content as another "
                   "(`policygraph remove / --dry-run` lists what the store holds)", err=True)


@cli.command()
@click.argument("targets", nargs=-1, required=True, metavar="PATH|GRAPH...")
@store_option
@click.option("--dry-run", "-n", is_flag=True, help="List the documents that would be removed; change nothing.")
@user_errors
def remove(targets: tuple[str, ...], store: str, dry_run: bool) -> None:
    """Remove documents from the store: by file path, directory (every stored file under it) or graph IRI.

    Documents are keyed by the absolute path of their file: a corpus moved to
    another directory and ingested again is held twice (each citation and budget
    cell twice) until the old paths are removed; the files need not exist any more. Every target is checked first:
    one that matches no stored document is an error and nothing is removed.
    The summary graph is computed again afterwards.

    \b
    Examples:
      policygraph remove / --dry-run                       # list every stored document
      policygraph remove old/budgets/ --store ./policygraph-store
      policygraph remove https://w3id.org/policygraph/id/graph/source/57b1ede72eb53697
    """
    from .graph.owner import open_writer
    from .graph.remove import remove_documents

    if dry_run:
        from .graph import open_store

        with open_store(store, read_only=True) as graph_store:
            report = remove_documents(graph_store, targets, dry_run=True)
    else:
        with open_writer(store) as graph_store:  # a store served --writable is written through its server
            report = remove_documents(graph_store, targets)
    for graph, path in report.removed:
        click.echo(f"{'would remove' if dry_run else 'removed'}\t{path}\t{graph}")
    click.echo(f"policygraph: {len(report.removed)} document(s) {'would be ' if dry_run else ''}removed", err=True)


@cli.command()
@click.option("--store", "store", default=default_store, show_default=f"$POLICYGRAPH_STORE or ./{DEFAULT_STORE}",
              metavar="PATH", help="Oxigraph store directory.")
@user_errors
def optimize(store: str) -> None:
    """Compact a local store: the same graph in about a sixth less disk after a large --bulk ingest.

    A store built by `ingest --bulk` keeps its indexes in files on several
    levels (the build waits until the database has merged them as far as it
    would on its own); this rewrites them into one: at 10,000 documents 9.9 ->
    8.3 GiB, and queries up to 40 % cheaper (as little as 10 % in some builds;
    about 2 minutes for 10,000 documents, seconds for a few hundred). The
    store must not be in use by another ingest or serve. Nothing is lost if it
    is interrupted.

    \b
    Example:
      policygraph ingest budgets/ --store ./big-store --bulk && policygraph optimize --store ./big-store
    """
    from .graph import optimize_store

    report = optimize_store(store)
    click.echo(f"policygraph: optimized {store}: {report.quads:,} quads, "
               f"{report.bytes_before / 1e6:,.0f} MB -> {report.bytes_after / 1e6:,.0f} MB on disk")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(RDF_EXPORT_FORMATS + GRAPH_EXPORT_FORMATS), default=None,
              help="RDF: ttl/nt (union of all graphs), nq/trig/jsonld (with the named graphs; default trig). "
                   "With --graph: graphml (default), gexf, json, csv, dot.")
@click.option("--graph", "graph_kind", type=click.Choice(GRAPH_KINDS), default=None,
              help="Export a network (networkx projection) instead of RDF: see `policygraph viz --help`.")
@graph_selection_options
@out_option
@store_option
@user_errors
def export(fmt: str | None, graph_kind: str | None, year: int | None, focus: str | None, focus_type: str | None,
           depth: int, min_amount: int, include_flagged: bool, out: str | None, store: str) -> None:
    """Export the graph as RDF, or a network for Gephi/Cytoscape/Graphviz, to stdout or --out FILE.

    Files are written atomically. --graph csv writes two files for Gephi's
    spreadsheet import: --out g.csv gives g.nodes.csv and g.edges.csv.

    \b
    Examples:
      policygraph export --format trig --out graph.trig
      policygraph export --format ttl | rapper -i turtle -c -
      policygraph export --graph dependency --format gexf --out policies.gexf
      policygraph export --graph cocitation --format csv --year 2023 --out cocitation.csv
      policygraph export --graph dependency --include-flagged --out all-amounts.graphml
    """
    if graph_kind is not None or fmt in GRAPH_EXPORT_FORMATS:
        _export_network(graph_kind, fmt, out, store, year=year, focus=focus, focus_type=focus_type, depth=depth,
                        min_amount=min_amount, include_flagged=include_flagged)
        return
    if year is not None or focus or min_amount or include_flagged:
        raise PolicygraphError("--year, --focus, --min-amount and --include-flagged select part of a network: add --graph")
    fmt = fmt or "trig"
    from .graph import export_rdf, open_store

    with open_store(store, read_only=True) as graph_store:
        export_rdf(graph_store, fmt, out)


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@user_errors
def stats(store: str, fmt: str) -> None:
    """Count triples, graphs, documents, projects, citations, cited documents and money.

    \b
    Example:
      policygraph stats --store ./policygraph-store
    """
    import json

    from .graph import STAT_LABELS, open_store, store_stats

    with open_store(store, read_only=True) as graph_store:
        numbers = store_stats(graph_store)
    if fmt == "json":
        click.echo(json.dumps(numbers, ensure_ascii=False, indent=2))
        return
    width = max(len(name) for name in numbers)
    for name, value in numbers.items():
        extra = f" (= {value / 10000:,.2f} 万元)" if name == "money_yuan" else ""
        click.echo(f"{name:<{width}}  {value:>15,}  {STAT_LABELS[name]}{extra}")


@cli.command()
@store_option
@click.option("--max", "limit", type=click.IntRange(min=1), default=50, show_default=True,
              help="Show at most this many violations.")
@user_errors
def validate(store: str, limit: int) -> None:
    """Check the graph against the SHACL shapes (policygraph/ontology/shapes.ttl).

    Prints one line per violation (node, property, what is wrong) and exits
    with 1 when the graph does not conform.

    \b
    Example:
      policygraph validate --store ./policygraph-store
    """
    from .graph import open_store, validate_store

    with open_store(store, read_only=True) as graph_store:
        result = validate_store(graph_store)
    if result.summary_problem:
        click.echo(f"policygraph: {result.summary_problem}: the aggregate queries compute their summaries for "
                   "each answer (slow) until `policygraph ingest` computes them into the store", err=True)
    if result.conforms:
        click.echo("policygraph: the graph conforms to the SHACL shapes")
        return
    for line in result.lines(limit):
        click.echo(line)
    click.echo(f"policygraph: {len(result.violations)} SHACL violation(s)", err=True)
    sys.exit(1)


# ---------------------------------------------------------------------------
# queries (issue 5): named research queries, free SPARQL, the endpoint and web page


def query_format_option(fn: Callable) -> Callable:
    """--format for query answers (graph answers: table/md -> Turtle, json -> JSON-LD, csv/tsv -> N-Triples)."""
    return click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "md"]), default="table",
                        show_default=True, help="Answer format; tables align Chinese text in a terminal.")(fn)


def param_option(fn: Callable) -> Callable:
    """--param NAME=VALUE (repeatable): a query parameter, bound as a typed RDF term."""
    return click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
                        help="Query parameter (repeatable); see `policygraph query --list` for names and types.")(fn)


def max_rows_option(fn: Callable) -> Callable:
    return click.option("--max-rows", type=click.IntRange(min=1), default=None, metavar="N",
                        help="Stop after N rows (the footer says when more exist).")(fn)


def _write_text(text: str, out: str | None) -> None:
    if out:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="List the named queries, their questions and parameters.")
@click.option("--show", is_flag=True, help="Print the query's SPARQL instead of running it.")
@param_option
@query_format_option
@max_rows_option
@store_option
@out_option
@user_errors
def query(name: str | None, list_: bool, show: bool, params: tuple[str, ...], fmt: str,
          max_rows: int | None, store: str, out: str | None) -> None:
    """Run a named research query (the questions are listed in docs/queries.md).

    \b
    Examples:
      policygraph query --list
      policygraph query top-documents --format md
      policygraph query document-projects --param document=国发〔2022〕14号
      policygraph query stale-bases -p min_years=5 --format csv --out stale.csv
    """
    from .queries import get_query, named_queries, render, run_named
    from .queries.catalog import listing
    from .queries.params import parse_assignments

    if list_ or not name:
        if not list_:
            raise click.UsageError("give a query NAME, or --list to see them")
        _write_text(listing(named_queries()), out)
        return
    named = get_query(name)
    if show:
        _write_text(named.sparql, out)
        return
    from .graph.store import open_store

    with open_store(store, read_only=True) as st:
        result = run_named(st, named, parse_assignments(params), max_rows=max_rows)
    _write_text(render(result, fmt), out)


@cli.command()
@click.argument("text", required=False)
@click.option("--file", "-f", "file_", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Read the query from FILE (.rq; '# param:' header lines are honoured).")
@param_option
@query_format_option
@max_rows_option
@store_option
@out_option
@user_errors
def sparql(text: str | None, file_: str | None, params: tuple[str, ...], fmt: str, max_rows: int | None,
           store: str, out: str | None) -> None:
    """Run free SPARQL over the store (the union of all graphs is the default graph).

    TEXT is the query; use -f FILE for a query file, or - to read standard input.

    \b
    Examples:
      policygraph sparql "SELECT ?doc ?title WHERE { ?doc a pg:CitedDocument ; eli:title ?title } LIMIT 5"
      policygraph sparql -f my-question.rq --param min_years=5 --format csv
    """
    from dataclasses import replace

    from .queries import load_file, render, run_named
    from .queries.catalog import NamedQuery
    from .queries.params import PREFIXES, parse_assignments
    from .graph.sparqltext import operation, with_prefixes

    if (text is None) == (file_ is None):
        raise click.UsageError("give the query as TEXT or with -f FILE (one of them)")
    if file_ is not None:
        named = load_file(file_)
    else:
        body = sys.stdin.read() if text == "-" else text
        named = NamedQuery(name="sparql", title="", question="", sparql=body)
    if operation(named.sparql) == "UPDATE":
        raise PolicygraphError("`policygraph sparql` runs queries (SELECT, ASK, CONSTRUCT, DESCRIBE), not updates: "
                               "the graph changes only through `policygraph ingest` and `policygraph remove`")
    named = replace(named, sparql=with_prefixes(named.sparql, PREFIXES))  # pg:, eli: … work without PREFIX lines
    from .graph.store import open_store

    with open_store(store, read_only=True) as st:
        result = run_named(st, named, parse_assignments(params), max_rows=max_rows)
    _write_text(render(result, fmt), out)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free port).")
@click.option("--timeout-s", default=30.0, show_default=True, type=click.FloatRange(min=1), help="Query timeout in seconds.")
@click.option("--max-result-mb", default=32, show_default=True, type=click.IntRange(min=1),
              help="Refuse answers larger than this (never truncated silently).")
@click.option("--quiet", "-q", is_flag=True, help="Do not log requests.")
@click.option("--writable", is_flag=True,
              help="Accept SPARQL updates from clients holding the token; `policygraph ingest` on this store "
                   "then sends each document through the server (readers see each document whole).")
@click.option("--token-file", type=click.Path(dir_okay=False, exists=True, path_type=str), default=None,
              help="With --writable: the write token is this file's first line "
                   "(else $POLICYGRAPH_SERVE_TOKEN, else a new one is printed).")
@click.option("--allow-service", is_flag=True,
              help="Let SERVICE (federated queries) and, with --writable, LOAD through: the server will fetch "
                   "the URLs queries name. Off by default.")
@store_option
@user_errors
def serve(host: str, port: int, timeout_s: float, max_result_mb: int, quiet: bool, writable: bool,
          token_file: str | None, allow_service: bool, store: str) -> None:
    """Serve a read-only SPARQL endpoint (/sparql) and a web page over the store.

    The web page lists the named queries with forms, runs free SPARQL, shows
    answers as tables with links and as a network. Updates, SERVICE and LOAD are
    refused. While it runs, serve owns the store: another serve is refused, and
    so is an ingest unless the server is --writable (the ingest then goes
    through it). docs/security.md says what each protection does.

    \b
    Examples:
      policygraph serve --port 7878     # then open http://127.0.0.1:7878/
      policygraph serve --writable --token-file ~/.pg-token &
      policygraph ingest new-budgets/   # same --store: written through the server
    """
    from .queries.server import ServeConfig, is_loopback
    from .queries.server import serve as run_server

    if not is_loopback(host):
        mode = "writable with the token" if writable else "read-only"
        click.echo(f"policygraph: warning: listening on {host}, reachable from other machines ({mode})", err=True)
    if allow_service:
        click.echo("policygraph: warning: --allow-service: queries can make this machine fetch any URL", err=True)
    token = _serve_token(token_file) if writable else None
    config = ServeConfig(host=host, port=port, timeout_s=timeout_s, max_result_bytes=max_result_mb * 1024 * 1024,
                         writable=writable, token=token, allow_service=allow_service)

    def ready(url: str) -> None:
        click.echo(f"policygraph: serving {url} (SPARQL endpoint: {url}sparql); Ctrl+C to stop", err=False)
        sys.stdout.flush()

    run_server(store, config, on_ready=ready, quiet=quiet)


def _serve_token(token_file: str | None) -> str:
    """The write token of `serve --writable`: a file's first line, $POLICYGRAPH_SERVE_TOKEN, or a new one (printed)."""
    if token_file:
        with open(token_file, encoding="utf-8") as fh:
            token = fh.readline().strip()
        if len(token) < 16:
            raise PolicygraphError("the token is shorter than 16 characters", path=token_file)
        return token
    token = os.environ.get("POLICYGRAPH_SERVE_TOKEN", "").strip()
    if token:
        if len(token) < 16:
            raise PolicygraphError("$POLICYGRAPH_SERVE_TOKEN is shorter than 16 characters")
        return token
    import secrets

    token = secrets.token_urlsafe(24)
    click.echo(f"policygraph: write token (HTTP Basic, user policygraph): {token}", err=True)
    return token


# ---------------------------------------------------------------------------
# viz (issue 6): offline network pages and network exports

GRAPH_KINDS_HELP = "dependency: document → project → unit → department; cocitation: documents cited together; bipartite: unit–document"


def _build_network(store: str, kind: str, *, year, focus, focus_type, depth, min_amount, include_flagged=False,
                   max_nodes=None):
    from .graph import open_store
    from .viz import build_graph

    with open_store(store, read_only=True) as graph_store:
        # a focused network too reads every project (its measures are the whole corpus's): ~1 min at 10,000 documents
        _announce("reading the network from the store and computing its measures")
        return build_graph(graph_store, kind, year=year, focus_on=focus, focus_type=focus_type, depth=depth,
                           min_yuan=min_amount, include_flagged=include_flagged, max_nodes=max_nodes)


def _left_out_note(graph) -> str:
    """One line saying which flagged amounts the network's money leaves out ("" when none)."""
    count, yuan = graph.graph.get("flagged_projects", 0), graph.graph.get("flagged_yuan", 0)
    if not count:
        return ""
    return (f"{count} flagged implausible amount{'s' if count > 1 else ''} ({yuan:,} yuan) left out of the money; "
            "--include-flagged counts them")


def _export_network(kind: str | None, fmt: str | None, out: str | None, store: str, **selection) -> None:
    from .viz import export_text, write_export

    if fmt in RDF_EXPORT_FORMATS:
        raise PolicygraphError(f"--format {fmt} is RDF; with --graph choose one of {', '.join(GRAPH_EXPORT_FORMATS)}")
    if kind is None:
        raise PolicygraphError(f"--format {fmt} exports a network: add --graph {'|'.join(GRAPH_KINDS)}")
    fmt = fmt or "graphml"
    if out is None and fmt == "csv":
        raise PolicygraphError("csv writes two files (nodes and edges); give a file name with --out, e.g. --out graph.csv")
    if out is not None:
        from .viz.exports import csv_paths
        from .viz.files import check_output_path

        check_output_path(csv_paths(out)[0] if fmt == "csv" else out)  # before the work, not after
    graph = _build_network(store, kind, **selection)
    if _left_out_note(graph):
        click.echo(f"policygraph: {_left_out_note(graph)}", err=True)
    if out is None:
        click.echo(export_text(graph, fmt), nl=False)
        return
    written = write_export(graph, fmt, out)
    click.echo(f"policygraph: wrote {', '.join(str(p) for p in written)} "
               f"({graph.number_of_nodes()} nodes, {graph.number_of_edges()} links)", err=True)


@cli.command()
@click.option("--graph", "graph_kind", type=click.Choice(GRAPH_KINDS), default="dependency", show_default=True,
              help=GRAPH_KINDS_HELP + ".")
@graph_selection_options
@click.option("--out", "-o", "out", type=click.Path(dir_okay=False, writable=True), default="graph.html", show_default=True,
              help="The HTML page to write (self-contained: works offline, no request leaves the page).")
@click.option("--title", default=None, help="Page title (default: says what the network shows).")
@click.option("--max-nodes", "max_nodes", type=click.IntRange(min=0), default=None, metavar="N",
              help="Show at most N nodes, those with the most money behind them (default 20,000, which a browser "
                   "draws in a few seconds; 0 = every node). Exports keep every node.")
@store_option
@user_errors
def viz(graph_kind: str, year: int | None, focus: str | None, focus_type: str | None, depth: int, min_amount: int,
        include_flagged: bool, out: str, title: str | None, max_nodes: int | None, store: str) -> None:
    """Write an interactive network page: which policies drive which spending.

    Node colour is the type (documents and issuers: their level), size the money
    behind the node; hover for amount, issuer, document number, source file and
    line; click for the neighbourhood; search and filter in the side panel.
    Large networks are laid out in advance and drawn without physics. Amounts
    flagged as implausible are left out of the money (the page says how much)
    unless --include-flagged.

    \b
    Examples:
      policygraph viz --out graph.html
      policygraph viz --focus 国发〔2022〕14号 --depth 3 --out one-document.html
      policygraph viz --year 2023 --min-amount 500万 --out big-2023.html
      policygraph viz --graph cocitation --out cocitation.html
      policygraph viz --include-flagged --out with-flagged-amounts.html
      policygraph viz --max-nodes 5000 --out biggest-5000.html
    """
    from .viz import write_page
    from .viz.files import check_output_path
    from .viz.select import PAGE_MAX_NODES

    check_output_path(out)  # before the work, not after
    graph = _build_network(store, graph_kind, year=year, focus=focus, focus_type=focus_type, depth=depth,
                           min_amount=min_amount, include_flagged=include_flagged,
                           max_nodes=PAGE_MAX_NODES if max_nodes is None else max_nodes)
    heading = title or _page_title(graph_kind, year=year, focus=focus, min_amount=min_amount)
    notes = [note for note in (_cut_note(graph), _left_out_note(graph)) if note]
    _announce(f"laying out and writing the page ({graph.number_of_nodes():,} nodes)")
    path = write_page(graph, out, title=heading, subtitle=" · ".join(notes))
    click.echo(f"policygraph: wrote {path} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} links); open it in a browser")
    for note in notes:
        click.echo(f"policygraph: {note}", err=True)


def _announce(text: str) -> None:
    """Say on a terminal what a long step does (nothing in logs and pipes, whose output scripts read)."""
    if _stderr_is_terminal():
        click.echo(f"policygraph: {text} …", err=True)


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def _cut_note(graph) -> str:
    """One line saying that the page shows only the nodes with the most money ("" when it shows all)."""
    before = graph.graph.get("nodes_before")
    if not before:
        return ""
    return (f"the network has {before:,} nodes; the page shows the {graph.number_of_nodes():,} with the most money "
            "behind them (--max-nodes N to change; --focus, --year or --min-amount to choose)")


def _page_title(kind: str, *, year, focus, min_amount) -> str:
    names = {"dependency": "policies → projects → units", "cocitation": "documents cited together", "bipartite": "units and the documents they cite"}
    parts = [f"policygraph: {names[kind]}"]
    if year is not None:
        parts.append(f"{year}")
    if focus:
        parts.append(f"around {focus}")
    if min_amount:
        parts.append(f"≥ {min_amount:,} yuan")
    return " · ".join(parts)


# ---------------------------------------------------------------------------
# demo: the whole pipeline on the bundled sample corpus

DEMO_CORPUS = os.path.join("examples", "corpus")
DEMO_DIR = "policygraph-demo"

#: (named query, parameters, how many rows to show, what the table answers)
DEMO_QUERIES = (
    ("top-documents", {}, 10, "Which policy documents back the most money?"),
    ("money-by-level", {}, 10, "How much money rests on national, ministry, municipal … documents?"),
    ("cross-cutting-documents", {}, 8, "Which documents are cited by more than one unit?"),
    ("projects-without-basis", {}, 8, "Which projects cite no identifiable basis?"),
)


@cli.command()
@click.option("--corpus", default=DEMO_CORPUS, show_default=True, type=click.Path(path_type=str),
              help="Documents to ingest (files or directories).")
@click.option("--out-dir", default=DEMO_DIR, show_default=True, type=click.Path(file_okay=False, path_type=str),
              help="Where the demo writes its store and network page.")
@jobs_option
@user_errors
def demo(corpus: str, out_dir: str, jobs: int | None) -> None:
    """Run the whole pipeline on the sample corpus: extract, build the graph,
    answer headline questions, write the network page.

    Re-running is quick: unchanged documents are skipped by content hash.

    \b
    Example (from the repository root):
      policygraph demo
      policygraph serve --store policygraph-demo/store     # then open http://127.0.0.1:7878/
    """
    from .graph import ingest_paths, open_store, store_stats
    from .queries import render, run_query
    from .viz import build_graph, write_page

    if not os.path.exists(corpus):
        raise PolicygraphError(f"no corpus at {corpus!r}: run the demo from the repository root, or pass --corpus PATH")
    os.makedirs(out_dir, exist_ok=True)
    store_dir = os.path.join(out_dir, "store")
    page = os.path.join(out_dir, "graph.html")

    def report_failure(path: str, message: str) -> None:
        click.echo(f"policygraph: skipped {message}", err=True)

    click.secho(f"1. extract + ingest {corpus} → {store_dir}", bold=True)
    with open_store(store_dir) as graph_store:
        report = ingest_paths(graph_store, [corpus], progress=True, on_error=report_failure, jobs=jobs)
        click.echo(f"   {report.summary()}")
        counts = store_stats(graph_store)
        click.echo("   " + ", ".join(f"{counts[k]:,} {k.replace('_', ' ')}" for k in
                                     ("documents", "projects", "citations", "cited_documents", "triples") if k in counts))
        for n, (name, params, limit, question) in enumerate(DEMO_QUERIES, start=2):
            click.secho(f"\n{n}. {question}   (policygraph query {name})", bold=True)
            click.echo(render(run_query(graph_store, name, params, max_rows=limit), "table"), nl=False)
        graph = build_graph(graph_store, "dependency")
    write_page(graph, page, title="policygraph: policies → projects → units (sample corpus)")
    click.secho(f"\n{len(DEMO_QUERIES) + 2}. network page", bold=True)
    click.echo(f"   wrote {page} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} links): open it in a browser (works offline)")
    click.echo(f"\nNext: policygraph query --list --store {store_dir}   ·   policygraph serve --store {store_dir}")
    if report.failed:
        sys.exit(1)


def main() -> None:
    """Console-script entry point."""
    from .extract.spacy_startup import defer_spacy_cli

    defer_spacy_cli()  # this process never uses spaCy's own command line (~0.2 s of importing spaCy)
    try:
        cli(prog_name="policygraph")
    except Exception as exc:  # a bug: still one line for the user
        if os.environ.get("POLICYGRAPH_DEBUG"):
            raise
        click.echo(f"policygraph: internal error: {type(exc).__name__}: {exc} (set POLICYGRAPH_DEBUG=1 for a traceback)", err=True)
        sys.exit(70)
    finally:
        _skip_final_collection()


def _skip_final_collection() -> None:
    """Spare the interpreter's last garbage collection at exit (~0.2 s after spaCy and the rules were loaded).

    The commands close what they write (stores, output files) before they return, so objects left
    in reference cycles hold nothing that must be flushed; the operating system frees their memory.
    """
    import gc

    gc.freeze()


if __name__ == "__main__":  # `python -m policygraph.cli` works like `python -m policygraph`
    main()
