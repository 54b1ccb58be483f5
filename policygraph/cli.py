"""The `policygraph` command line: a thin layer over the library.

Only this module knows about the command line. Library errors
(:class:`policygraph.errors.PolicygraphError`) become one-line messages here;
anything else is a bug and is reported as such, still in one line unless
POLICYGRAPH_DEBUG=1 is set.
"""

from __future__ import annotations

import functools
import os
import sys
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


def out_option(fn: Callable) -> Callable:
    return click.option("--out", "-o", "out", type=click.Path(dir_okay=False, writable=True), default=None, help="Write to FILE instead of stdout.")(fn)


def user_errors(fn: Callable) -> Callable:
    """Turn library errors into one-line messages and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except PolicygraphError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            click.echo("policygraph: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            sys.exit(0)

    return wrapper


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


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@store_option
@user_errors
def ingest(paths: tuple[str, ...], store: str) -> None:
    """Extract PATHS and load them into the store (one named graph per source).

    \b
    Example:
      policygraph ingest examples/corpus --store ./policygraph-store
    """
    _not_yet("ingest")


def main() -> None:
    """Console-script entry point."""
    try:
        cli(prog_name="policygraph")
    except Exception as exc:  # a bug: still one line for the user
        if os.environ.get("POLICYGRAPH_DEBUG"):
            raise
        click.echo(f"policygraph: internal error: {type(exc).__name__}: {exc} (set POLICYGRAPH_DEBUG=1 for a traceback)", err=True)
        sys.exit(70)
