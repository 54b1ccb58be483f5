"""Generate the typed namespace module ``terms.py`` from ``policygraph.ttl``.

    python -m policygraph.ontology.generate          # rewrite terms.py
    python -m policygraph.ontology.generate --check  # exit 1 if terms.py is out of date

The Turtle is the source of truth: every IRI it mentions (as subject, predicate
or object) under one of its ``@prefix`` namespaces becomes a typed constant, so
code can only name terms the ontology declares or documents. tests/graph/
test_ontology.py fails when terms.py differs from what this script writes.
"""

from __future__ import annotations

import argparse
import keyword
import sys
from pathlib import Path

import rdflib

from . import ONTOLOGY_TTL

TERMS_PY = Path(__file__).with_name("terms.py")

#: namespaces that exist only to mint our own resources: the module gets the IRI, no terms
_RESOURCE_ONLY = {"pgid"}


def _class_name(prefix: str) -> str:
    return prefix.upper().replace("-", "_")


def _local_names(graph: rdflib.Graph, namespace: str) -> list[str]:
    names: set[str] = set()
    for triple in graph:
        for term in triple:
            if isinstance(term, rdflib.URIRef) and str(term).startswith(namespace):
                local = str(term)[len(namespace):]
                if local.isidentifier() and not keyword.iskeyword(local):
                    names.add(local)
    return sorted(names)


def render(ttl_path: Path = ONTOLOGY_TTL) -> str:
    """The text of terms.py for the given ontology file."""
    graph = rdflib.Graph(bind_namespaces="none")
    graph.parse(ttl_path, format="turtle")
    prefixes = sorted((str(p), str(ns)) for p, ns in graph.namespaces())
    out = [
        f'"""Typed RDF terms of the policygraph ontology. GENERATED from {ttl_path.name} — do not edit.',
        "",
        "Regenerate with ``python -m policygraph.ontology.generate``. One class per prefix of the",
        "Turtle; each attribute is a pyoxigraph NamedNode for a term the Turtle declares or uses.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Final",
        "",
        "from pyoxigraph import NamedNode",
        "",
        "#: prefix -> namespace IRI, as declared in the ontology (for serialisers and SPARQL headers)",
        "PREFIXES: Final[dict[str, str]] = {",
    ]
    out += [f'    "{p}": "{ns}",' for p, ns in prefixes]
    out += ["}", ""]
    for prefix, ns in prefixes:
        out += ["", f"class {_class_name(prefix)}:", f'    """``{prefix}:`` <{ns}>"""', "", f'    NS: Final[str] = "{ns}"']
        if prefix not in _RESOURCE_ONLY:
            for local in _local_names(graph, ns):
                out.append(f'    {local}: Final[NamedNode] = NamedNode("{ns}{local}")')
        out.append("")
    out += [
        "",
        "def sparql_prefixes(*names: str) -> str:",
        '    """``PREFIX`` lines for the given prefixes (all of them when none are given)."""',
        "    chosen = names or tuple(PREFIXES)",
        '    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\\n" for p in chosen)',
        "",
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="only check that terms.py is up to date")
    args = ap.parse_args(argv)
    text = render()
    current = TERMS_PY.read_text(encoding="utf-8") if TERMS_PY.exists() else ""
    if args.check:
        if current != text:
            print(f"{TERMS_PY} is out of date; run: python -m policygraph.ontology.generate", file=sys.stderr)
            return 1
        return 0
    if current != text:
        TERMS_PY.write_text(text, encoding="utf-8")
        print(f"wrote {TERMS_PY}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
