"""Answers as text: terminal tables that align Chinese, CSV, TSV, JSON, Markdown.

Display conventions (table and md only; csv/tsv/json keep raw values):
IRIs of known namespaces are shortened to ``prefix:local``; integers in money
columns (a name containing ``yuan``) get thousands separators; numbers are
right-aligned. Terminal widths come from wcwidth (a CJK character is two
columns), so Chinese titles line up.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Optional

import pyoxigraph as ox
from wcwidth import wcswidth

from ..errors import QueryError
from .params import PREFIXES, compact_iri
from .runner import Result, Term, python_value

FORMATS = ("table", "csv", "tsv", "json", "md")
MAX_CELL_WIDTH = 60  # terminal columns per table cell before "…"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def render(result: Result, fmt: str = "table") -> str:
    """The whole answer as text in ``fmt``; graph answers become Turtle/N-Triples/JSON-LD."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if result.kind == "ask":
        value = "true" if result.boolean else "false"
        return json.dumps({"boolean": result.boolean}) + "\n" if fmt == "json" else value + "\n"
    if result.kind == "graph":
        return _graph(result, fmt)
    return {"table": table, "csv": to_csv, "tsv": to_tsv, "json": to_json, "md": markdown}[fmt](result)


# ---------------------------------------------------------------------------
# cell text


def display(term: Optional[Term], column: str = "") -> str:
    """Short human text for a cell: compact IRIs, grouped money, one line."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value)
    if isinstance(term, ox.Literal):
        value = python_value(term)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)) and "yuan" in column.lower():
            return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"
        if isinstance(value, float):
            return f"{value:.4g}" if abs(value) < 1e6 else f"{value:,.2f}"
        return _one_line(term.value)
    return _one_line(str(term))


def plain(term: Optional[Term]) -> str:
    """Raw cell value for machine formats: full IRIs, literal lexical forms."""
    if term is None:
        return ""
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _one_line(text: str) -> str:
    return _CONTROL.sub(" ", text.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


def _is_number(term: Optional[Term]) -> bool:
    return isinstance(term, ox.Literal) and isinstance(python_value(term), (int, float)) and not isinstance(python_value(term), bool)


def width(text: str) -> int:
    w = wcswidth(text)
    return w if w >= 0 else sum(max(0, wcswidth(ch)) for ch in text)


def clip(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` terminal columns, marking the cut with "…"."""
    if width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        w = max(0, wcswidth(ch))
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(text: str, cols: int, right: bool = False) -> str:
    gap = " " * max(0, cols - width(text))
    return gap + text if right else text + gap


# ---------------------------------------------------------------------------
# formats


def table(result: Result, max_cell: int = MAX_CELL_WIDTH) -> str:
    if not result.columns:
        return "(no columns)\n"
    cells = [[clip(display(v, c), max_cell) for v, c in zip(row, result.columns)] for row in result.rows]
    numeric = [
        all(_is_number(row[i]) or row[i] is None for row in result.rows) and any(row[i] is not None for row in result.rows)
        for i in range(len(result.columns))
    ]
    widths = [max([width(c)] + [width(r[i]) for r in cells]) for i, c in enumerate(result.columns)]
    lines = [
        "  ".join(pad(c, widths[i], numeric[i]) for i, c in enumerate(result.columns)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    for r in cells:
        lines.append("  ".join(pad(v, widths[i], numeric[i]) for i, v in enumerate(r)).rstrip())
    lines.append(_footer(result))
    return "\n".join(lines) + "\n"


def _footer(result: Result) -> str:
    n = len(result.rows)
    more = " (more rows exist; raise --max-rows)" if result.truncated else ""
    return f"({n} row{'s' if n != 1 else ''}{more})"


def markdown(result: Result) -> str:
    def cell(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")

    numeric = [any(_is_number(row[i]) for row in result.rows) for i in range(len(result.columns))]
    lines = [
        "| " + " | ".join(cell(c) for c in result.columns) + " |",
        "|" + "|".join("---:" if n else "---" for n in numeric) + "|",
    ]
    for row in result.rows:
        lines.append("| " + " | ".join(cell(display(v, c)) for v, c in zip(row, result.columns)) + " |")
    return "\n".join(lines) + "\n"


def to_csv(result: Result) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([plain(v) for v in row])
    return buf.getvalue()


def to_tsv(result: Result) -> str:
    def cell(term: Optional[Term]) -> str:
        return plain(term).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

    lines = ["\t".join(result.columns)]
    lines += ["\t".join(cell(v) for v in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def to_json(result: Result) -> str:
    return json.dumps(result.values(), ensure_ascii=False, indent=1) + "\n"


def to_sparql_json(result: Result) -> dict:
    """The answer in the SPARQL 1.1 Query Results JSON Format (what the web page reads)."""
    if result.kind == "ask":
        return {"head": {}, "boolean": bool(result.boolean)}
    if result.kind != "select":
        raise QueryError("graph answers have no SPARQL JSON results form; use Turtle or JSON-LD")
    bindings = []
    for row in result.rows:
        bindings.append({c: _json_term(v) for c, v in zip(result.columns, row) if v is not None})
    return {"head": {"vars": list(result.columns)}, "results": {"bindings": bindings}, "truncated": result.truncated}


def _json_term(term: Term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}


def _graph(result: Result, fmt: str) -> str:
    fmt_map = {"table": ox.RdfFormat.TURTLE, "md": ox.RdfFormat.TURTLE, "json": ox.RdfFormat.JSON_LD,
               "csv": ox.RdfFormat.N_TRIPLES, "tsv": ox.RdfFormat.N_TRIPLES}
    rdf_format = fmt_map[fmt]
    prefixes = PREFIXES if rdf_format == ox.RdfFormat.TURTLE else None
    data = ox.serialize(list(result.triples), format=rdf_format, prefixes=prefixes) if prefixes else \
        ox.serialize(list(result.triples), format=rdf_format)
    return data.decode("utf-8")

