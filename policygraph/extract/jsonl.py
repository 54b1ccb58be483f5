"""The JSONL output contract of ``policygraph extract --format jsonl``.

One JSON object per line; ``type`` says which record it is. The keys listed in
the issue are the contract (independent checks rely on them); extra keys may be
added beside them, never renamed.
"""

from __future__ import annotations

import json
from typing import Any, Iterator

from .models import BudgetLine, Citation, DocumentRecord, Figure, Project, Span, Unit, Warning_


def _span(span: Span | None) -> dict[str, int] | None:
    return None if span is None else {"start": span.start, "end": span.end, "line": span.line}


def document_dict(rec: DocumentRecord) -> dict[str, Any]:
    return {
        "type": "document",
        "source": rec.source,
        "department": rec.department,
        "year": rec.year,
        "kind": rec.kind,
        "title": rec.title,
        "sha256": rec.sha256,
        "encoding": rec.encoding,
        "units": [u.name for u in rec.units],
        "n_projects": len(rec.projects),
        "n_citations": len(rec.citations),
    }


def unit_dict(rec: DocumentRecord, unit: Unit) -> dict[str, Any]:
    return {"type": "unit", "source": rec.source, "name": unit.name, "kind": unit.kind, "line": unit.span.line, "span": _span(unit.span)}


def project_dict(rec: DocumentRecord, p: Project) -> dict[str, Any]:
    amount = p.amount
    return {
        "type": "project",
        "source": rec.source,
        "name": p.name,
        "parent": p.parent,
        "unit": p.unit,
        "amount_yuan": amount.yuan if amount else None,
        "line": p.span.line,
        "amount_text": amount.text if amount else None,
        "amount_derived": amount.derived if amount else False,
        "amount_approximate": amount.approximate if amount else False,
        "quarterly": list(amount.quarterly) if amount and amount.quarterly else None,
        "total_amount_yuan": p.total_amount.yuan if p.total_amount else None,
        "period": p.period,
        "period_start": p.period_start,
        "period_end": p.period_end,
        "sections": [s.key for s in p.sections],
        "flags": list(p.flags),
        "span": _span(p.span),
    }


def budget_line_dict(rec: DocumentRecord, b: BudgetLine) -> dict[str, Any]:
    return {
        "type": "budget_line",
        "source": rec.source,
        "table": b.table,
        "code": b.code,
        "name": b.name,
        "amounts": dict(b.amounts),
        "line": b.span.line,
        "classification": b.classification,
    }


def figure_dict(rec: DocumentRecord, f: Figure) -> dict[str, Any]:
    return {"type": "figure", "source": rec.source, "name": f.name, "yuan": f.yuan, "table": f.table, "line": f.span.line}


def citation_dict(rec: DocumentRecord, c: Citation) -> dict[str, Any]:
    num = c.doc_number
    return {
        "type": "citation",
        "source": rec.source,
        "project": c.project,
        "section": c.section,
        "line": c.span.line,
        "text": c.text,
        "title": c.title,
        "doc_number": num.normalized if num else None,
        "issuer": c.issuer,
        "kind": c.kind,
        "is_policy": c.is_policy,
        "doc_id": c.doc_id,
        "rule": c.rule,
        "doc_number_parts": {"issuer_code": num.issuer_code, "year": num.year, "serial": num.serial} if num else None,
        "issuer_from": c.issuer_from,
        # the issuer's full official name(s) in the citing document's place (市政府 in a Shanghai
        # document -> 上海市人民政府); ``issuer`` stays the text's form (tests/golden/CITATIONS.md)
        "issuer_canonical": c.issuer_canonical,
        "doc_type": c.doc_type,
        "level": c.level,
        "year": c.year,
        "confidence": c.confidence,
        "cites": list(c.cites),
        "span": _span(c.span),
    }


def warning_dict(rec: DocumentRecord, w: Warning_) -> dict[str, Any]:
    return {"type": "warning", "source": rec.source, "code": w.code, "message": w.message, "line": w.span.line if w.span else None}


def record_dicts(rec: DocumentRecord) -> Iterator[dict[str, Any]]:
    """All objects of one document, document first, in a stable order."""
    yield document_dict(rec)
    for u in rec.units:
        yield unit_dict(rec, u)
    for p in rec.projects:
        yield project_dict(rec, p)
    for b in rec.budget_lines:
        yield budget_line_dict(rec, b)
    for f in rec.figures:
        yield figure_dict(rec, f)
    for c in rec.citations:
        yield citation_dict(rec, c)
    for w in rec.warnings:
        yield warning_dict(rec, w)


def record_lines(rec: DocumentRecord) -> Iterator[str]:
    for obj in record_dicts(rec):
        yield json.dumps(obj, ensure_ascii=False)
