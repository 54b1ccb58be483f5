"""Consistency checks of a synthetic document against its ground truth (used by the scale tests).

Each function returns a list of problems (empty when consistent), so a test can report them all.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable

from benchmarks.synth.score import number_key, squash

_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def check_spans(text: str, records: Iterable[dict]) -> list[str]:
    """Every span slices to its record's text (citations, amounts) and sits on the stated line."""
    problems = []
    for r in records:
        span = r.get("span")
        if span is None:
            continue
        start, end, line = span["start"], span["end"], span["line"]
        if not (0 <= start <= end <= len(text)):
            problems.append(f"{r['type']} span out of range: {span}")
            continue
        if line_of(text, start) != line:
            problems.append(f"{r['type']} at {start}: line {line}, text says {line_of(text, start)}")
        if r.get("line") is not None and r["line"] != line:
            problems.append(f"{r['type']} line {r['line']} != span line {line}")
        if r["type"] == "citation" and text[start:end] != r["text"]:
            problems.append(f"citation text {r['text']!r} != slice {text[start:end]!r}")
        if r["type"] == "project" and r.get("parent") is None and not squash(text[start:end]).startswith(squash(r["name"])):
            problems.append(f"project heading {text[start:end]!r} does not start with its name {r['name']!r}")
        if r["type"] == "unit" and text[start:end] != r["name"]:
            problems.append(f"unit {r['name']!r} != slice {text[start:end]!r}")
    return problems


def check_citation_fields(text: str, citations: Iterable[dict]) -> list[str]:
    """A citation's number and title are written inside its text (modulo brackets, spaces and line wraps)."""
    problems = []
    for c in citations:
        flat = "".join(c["text"].split())
        if c.get("doc_number"):
            parts = c["doc_number_parts"]
            if parts["issuer_code"] not in flat and not c["rule"].endswith("number_list"):
                problems.append(f"code {parts['issuer_code']} not in {flat!r}")
            if str(parts["year"]) not in flat or parts["serial"] + "号" not in flat.replace(" ", ""):
                problems.append(f"number {c['doc_number']} not in {flat!r}")
            if number_key(c["doc_number"]) != c["doc_number"]:
                problems.append(f"doc_number {c['doc_number']} is not normalised")
        if c.get("title") and c["kind"] != "instruction":
            inner = re.sub(r"[〈〉<>《》]", "", c["title"])
            if inner not in re.sub(r"[〈〉<>《》]", "", flat):
                problems.append(f"title {c['title']!r} not in {flat!r}")
        if c["kind"] == "instruction" and c.get("doc_id") is not None:
            problems.append(f"instruction with a doc_id: {c}")
        if c["kind"] == "mention" and c["is_policy"]:
            problems.append(f"mention marked as policy: {c['text']!r}")
    return problems


def check_tables(budget_lines: list[dict]) -> list[str]:
    """Parent rows equal the sum of their children, column by column; 合计 = 基本支出 + 项目支出 = sum of income sources."""
    problems = []
    by_table: dict[str, dict[str, dict]] = defaultdict(dict)
    for b in budget_lines:
        by_table[b["table"]][b["code"]] = b["amounts"]
    for table, rows in by_table.items():
        for code, amounts in rows.items():
            children = [c for c in rows if len(c) > len(code) and c.startswith(code) and len(c) == len(code) + 2]
            if children:
                for col in set(amounts) | {k for c in children for k in rows[c]}:
                    total = sum(rows[c].get(col, 0) for c in children)
                    if total != amounts.get(col, 0):
                        problems.append(f"{table} {code} {col}: {amounts.get(col, 0)} != children {total}")
            parts = [v for k, v in amounts.items() if k != "合计"]
            if sum(parts) != amounts["合计"]:
                problems.append(f"{table} {code}: 合计 {amounts['合计']} != sum of columns {sum(parts)}")
    return problems


def check_amounts_written(text: str, projects: Iterable[dict]) -> list[str]:
    """A project's amount is what its amount text says (in yuan)."""
    problems = []
    for p in projects:
        if p["amount_yuan"] is None or p["amount_derived"]:
            continue
        raw = "".join(p["amount_text"].split()).translate(_FULLWIDTH).lstrip("约")
        m = re.fullmatch(r"([\d,]+(?:\.\d+)?)(亿元|万元|万|元)", raw)
        if not m:
            problems.append(f"amount text {p['amount_text']!r} not understood")
            continue
        factor = {"亿元": 100_000_000, "万元": 10_000, "万": 10_000, "元": 1}[m.group(2)]
        whole, _, frac = m.group(1).replace(",", "").partition(".")
        digits = len(frac)
        yuan = (int(whole) * 10**digits + (int(frac) if frac else 0)) * factor // 10**digits
        if yuan != p["amount_yuan"]:
            problems.append(f"{p['name']}: {p['amount_text']!r} is {yuan}, truth says {p['amount_yuan']}")
    return problems


def check_subprojects(projects: list[dict]) -> list[str]:
    """A parent's amount is the sum of its sub-projects'."""
    problems = []
    subs: dict[str, int] = defaultdict(int)
    for p in projects:
        if p["parent"]:
            subs[p["parent"]] += p["amount_yuan"]
    for p in projects:
        if not p["parent"] and p["name"] in subs and p["amount_yuan"] != subs[p["name"]]:
            problems.append(f"{p['name']}: {p['amount_yuan']} != sum of sub-projects {subs[p['name']]}")
    return problems
