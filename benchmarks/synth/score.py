"""Score an extraction (``policygraph extract --format jsonl``) against a synthetic corpus's ground truth.

Documents are matched by file name (the extraction may have been run on any path to the
corpus). Records are matched per document with keys that follow the contract, normalised only
where the contract leaves room (whitespace, full-width forms, bracket styles, a trailing 项目
in project names):

* documents             — department, year, kind
* units                 — unit name
* projects              — name and parent
* projects with amounts — name, parent and amount_yuan (``None`` when no amount is stated)
* project units         — top-level projects: name and implementing unit
* budget lines          — table title, code and every stated column amount
* budget lines (合计)    — table title, code and the 合计 column only
* citations             — character spans overlap (one-to-one); a mention counts like any other
* policy citations      — spans overlap, both ``is_policy``
* citations with numbers— spans overlap and the normalised document numbers are equal
* citations with titles — spans overlap and the normalised titles are equal

Each gives precision, recall and F1. Breakdowns by layout and by written form (the ground
truth's ``synthetic`` keys) and examples of misses say where an extractor goes wrong.
"""

from __future__ import annotations

import bisect
import json
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Optional, TextIO

from .corpus import MANIFEST, TRUTH


class ScoreError(Exception):
    """Unreadable ground truth or extraction output: one line for the user."""


# ---------------------------------------------------------------------------
# normalisation


_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "（": "〔", "）": "〕", "(": "〔", ")": "〕", "【": "〔", "】": "〕", "﹝": "〔", "﹞": "〕",
                           "〔": "〔", "〕": "〕"})
_TITLE_DROP = re.compile(r"[\s《》〈〉<>“”\"']")


def squash(text: Optional[str]) -> Optional[str]:
    """Whitespace removed and NFKC (full-width digits and letters as ASCII)."""
    if text is None:
        return None
    return "".join(unicodedata.normalize("NFKC", text).split())


def title_key(title: Optional[str]) -> Optional[str]:
    if not title:
        return None
    return _TITLE_DROP.sub("", unicodedata.normalize("NFKC", title))


def number_key(number: Optional[str]) -> Optional[str]:
    """国发[2022]14号, 国发〔2022〕第14 号 … -> 国发〔2022〕14号."""
    if not number:
        return None
    text = "".join(number.split()).translate(_BRACKETS)
    return re.sub(r"〕第", "〕", text)


def project_key(name: Optional[str]) -> Optional[str]:
    """Names compared without whitespace and without a trailing 项目 / 项目经费情况说明."""
    if name is None:
        return None
    name = squash(name) or ""
    for suffix in ("项目经费情况说明", "经费情况说明", "项目"):
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    return name


def doc_key(source: str) -> str:
    return os.path.basename(source.replace("\\", "/"))


# ---------------------------------------------------------------------------
# reading


def _read_jsonl(fh: TextIO, name: str) -> Iterator[dict]:
    for n, line in enumerate(fh, 1):
        line = line.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ScoreError(f"{name}:{n}: not JSON ({exc.msg})") from None
        if not isinstance(obj, dict) or "type" not in obj or "source" not in obj:
            raise ScoreError(f"{name}:{n}: not an extract record (needs 'type' and 'source')")
        yield obj


def group_by_document(objs: Iterable[dict]) -> dict[str, dict[str, list[dict]]]:
    docs: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for obj in objs:
        docs[doc_key(obj["source"])][obj["type"]].append(obj)
    return docs


def truth_path(path: str) -> str:
    if os.path.isdir(path):
        path = os.path.join(path, TRUTH)
    if not os.path.isfile(path):
        raise ScoreError(f"{path}: no ground truth here (expected a corpus directory with {TRUTH})")
    return path


def load_truth(path: str) -> dict[str, dict[str, list[dict]]]:
    """The whole ground truth in memory (small corpora, tests); :func:`score` streams it instead."""
    return dict(iter_truth(path))


def iter_truth(path: str) -> Iterator[tuple[str, dict[str, list[dict]]]]:
    """(document name, records by type) of each document, streamed: the truth holds a document's lines together."""
    path = truth_path(path)
    seen: set[str] = set()
    current: Optional[str] = None
    group: dict[str, list[dict]] = defaultdict(list)
    with open(path, encoding="utf-8") as fh:
        for obj in _read_jsonl(fh, path):
            name = doc_key(obj["source"])
            if name != current:
                if current is not None:
                    yield current, group
                if name in seen:
                    raise ScoreError(f"{path}: the lines of {name} are not together; not a generated ground truth")
                seen.add(name)
                current, group = name, defaultdict(list)
            group[obj["type"]].append(obj)
    if current is not None:
        yield current, group


class Extraction:
    """An extraction JSONL indexed by document: byte ranges per document, records read when asked for.

    Keeps memory flat on 10,000-document outputs (hundreds of MB) whatever order the documents are in.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._ranges: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._memory: Optional[dict[str, dict[str, list[dict]]]] = None
        if path == "-":
            self._memory = group_by_document(_read_jsonl(sys.stdin, "<stdin>"))
            return
        if not os.path.isfile(path):
            raise ScoreError(f"{path}: no such extraction output")
        offset, last = 0, None
        with open(path, "rb") as fh:
            for n, raw in enumerate(fh, 1):
                start, offset = offset, offset + len(raw)
                if not raw.strip():
                    continue
                try:
                    obj = json.loads(raw)
                except ValueError as exc:
                    raise ScoreError(f"{path}:{n}: not JSON ({exc})") from None
                if not isinstance(obj, dict) or "type" not in obj or not isinstance(obj.get("source"), str):
                    raise ScoreError(f"{path}:{n}: not an extract record (needs 'type' and 'source')")
                name = doc_key(obj["source"])
                ranges = self._ranges[name]
                if last == name and ranges and ranges[-1][1] == start:
                    ranges[-1] = (ranges[-1][0], offset)
                else:
                    ranges.append((start, offset))
                last = name

    def names(self) -> set[str]:
        return set(self._memory) if self._memory is not None else set(self._ranges)

    def records(self, name: str) -> dict[str, list[dict]]:
        if self._memory is not None:
            return self._memory.get(name, {})
        group: dict[str, list[dict]] = defaultdict(list)
        if name not in self._ranges:
            return group
        with open(self.path, "rb") as fh:
            for start, end in self._ranges[name]:
                fh.seek(start)
                for raw in fh.read(end - start).splitlines():
                    if raw.strip():
                        obj = json.loads(raw)
                        group[obj["type"]].append(obj)
        return group


def load_extraction(path: str) -> dict[str, dict[str, list[dict]]]:
    """The whole extraction in memory (small outputs, tests)."""
    ex = Extraction(path)
    return {name: ex.records(name) for name in ex.names()}


# ---------------------------------------------------------------------------
# counting


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[str] = field(default_factory=list)  # examples of false negatives
    spurious: list[str] = field(default_factory=list)  # examples of false positives

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


EXAMPLES = 200  # examples kept per metric


def _count_keys(tally: Tally, gold: list[tuple], pred: list[tuple], doc: str, describe: Callable[[tuple], str]) -> None:
    """Multiset matching of hashable keys."""
    g, p = Counter(gold), Counter(pred)
    tp = sum((g & p).values())
    tally.add(tp, sum(p.values()) - tp, sum(g.values()) - tp)
    for key in (g - p).elements():
        if len(tally.missed) < EXAMPLES:
            tally.missed.append(f"{doc}: {describe(key)}")
    for key in (p - g).elements():
        if len(tally.spurious) < EXAMPLES:
            tally.spurious.append(f"{doc}: {describe(key)}")


def _span(obj: dict) -> Optional[tuple[int, int]]:
    span = obj.get("span")
    if isinstance(span, dict) and isinstance(span.get("start"), int) and isinstance(span.get("end"), int):
        return span["start"], span["end"]
    return None


def match_citations(gold: list[dict], pred: list[dict], same: Callable[[dict, dict], bool]) -> list[tuple[dict, dict]]:
    """One-to-one pairs whose spans overlap most (same line and overlapping text when a span is missing) and ``same`` holds."""
    indexed = sorted(((s, g) for g in gold if (s := _span(g)) is not None), key=lambda t: t[0])
    starts = [s[0] for s, _ in indexed]
    reach = []  # reach[i]: the largest end among ground-truth spans 0..i (lets the scan stop early)
    for (_, end), _ in indexed:
        reach.append(max(end, reach[-1]) if reach else end)
    used: set[int] = set()
    pairs = []
    for p in pred:
        ps = _span(p)
        best, best_overlap = None, 0
        if ps is not None:
            i = bisect.bisect_left(starts, ps[1]) - 1  # last ground-truth span starting before this one ends
            while i >= 0 and reach[i] > ps[0]:
                (gs, ge), g = indexed[i]
                overlap = min(ge, ps[1]) - max(gs, ps[0])
                if overlap > best_overlap and id(g) not in used and same(g, p):
                    best, best_overlap = g, overlap
                i -= 1
        else:
            ptext = squash(p.get("text")) or ""
            for g in gold:
                gtext = squash(g.get("text")) or ""
                if id(g) not in used and g.get("line") == p.get("line") and ptext and (ptext in gtext or gtext in ptext) and same(g, p):
                    best = g
                    break
        if best is not None:
            used.add(id(best))
            pairs.append((best, p))
    return pairs


def _cite_desc(c: dict) -> str:
    return f"line {c.get('line')}: {squash(c.get('text'))} [{(c.get('synthetic') or {}).get('form') or c.get('rule')}]"


def _count_citations(tally: Tally, gold: list[dict], pred: list[dict], doc: str, same: Callable[[dict, dict], bool]) -> list:
    pairs = match_citations(gold, pred, same)
    matched_gold = {id(g) for g, _ in pairs}
    matched_pred = {id(p) for _, p in pairs}
    tally.add(len(pairs), len(pred) - len(pairs), len(gold) - len(pairs))
    for g in gold:
        if id(g) not in matched_gold and len(tally.missed) < EXAMPLES:
            tally.missed.append(f"{doc}: {_cite_desc(g)}")
    for p in pred:
        if id(p) not in matched_pred and len(tally.spurious) < EXAMPLES:
            tally.spurious.append(f"{doc}: {_cite_desc(p)}")
    return pairs


# ---------------------------------------------------------------------------
# the report


METRICS = ("documents", "units", "projects", "projects with amounts", "project units", "budget lines", "budget lines (合计)",
           "citations", "policy citations", "citations with numbers", "citations with titles")
HEADLINE = ("projects with amounts", "budget lines", "citations with numbers")


@dataclass
class Report:
    truth: str
    extraction: str
    n_truth_docs: int = 0
    n_pred_docs: int = 0
    n_unknown_docs: int = 0  # extracted documents that are not in the ground truth
    metrics: dict[str, Tally] = field(default_factory=lambda: {m: Tally() for m in METRICS})
    by_layout: dict[str, dict[str, Tally]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(Tally)))
    form_recall: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))  # citation form -> tp/fn
    amount_recall: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))  # amount form -> tp/fn
    attributes: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # matched citations: attr -> right/wrong

    def as_dict(self) -> dict[str, Any]:
        return {
            "truth": self.truth, "extraction": self.extraction, "documents_in_truth": self.n_truth_docs,
            "documents_extracted": self.n_pred_docs, "documents_not_in_truth": self.n_unknown_docs,
            "metrics": {m: t.as_dict() for m, t in self.metrics.items()},
            "by_layout": {lay: {m: t.as_dict() for m, t in ms.items()} for lay, ms in sorted(self.by_layout.items())},
            "citation_form_recall": {f: round(t.recall, 4) for f, t in sorted(self.form_recall.items())},
            "amount_form_recall": {f: round(t.recall, 4) for f, t in sorted(self.amount_recall.items())},
            "citation_attributes": {a: {"right": c["right"], "wrong": c["wrong"]} for a, c in sorted(self.attributes.items())},
        }

    def headline_f1(self) -> float:
        return min(self.metrics[m].f1 for m in HEADLINE)


def _project_keys(projects: list[dict], with_amount: bool) -> list[tuple]:
    keys = []
    for p in projects:
        key: tuple = (project_key(p.get("name")), project_key(p.get("parent")))
        if with_amount:
            key += (p.get("amount_yuan"),)
        keys.append(key)
    return keys


def _line_keys(lines: list[dict], total_only: bool) -> list[tuple]:
    keys = []
    for b in lines:
        amounts = b.get("amounts") or {}
        value: Any = amounts.get("合计") if total_only else tuple(sorted((squash(k), v) for k, v in amounts.items() if v is not None))
        keys.append((squash(b.get("table")), str(b.get("code")), value))
    return keys


def _score_document(report: Report, name: str, gold: dict[str, list[dict]], pred: dict[str, list[dict]]) -> None:
    m = report.metrics
    layout = ((gold.get("document") or [{}])[0].get("synthetic") or {}).get("layout", "?")
    per_layout = report.by_layout[layout]

    def both(metric: str, fn, *args) -> None:
        before = (m[metric].tp, m[metric].fp, m[metric].fn)
        fn(m[metric], *args)
        t = per_layout[metric]
        t.add(m[metric].tp - before[0], m[metric].fp - before[1], m[metric].fn - before[2])

    def doc_fields(d: dict) -> tuple:
        return (squash(d.get("department")), d.get("year"), d.get("kind"))

    both("documents", _count_keys, [doc_fields(d) for d in gold.get("document", [])], [doc_fields(d) for d in pred.get("document", [])],
         name, lambda k: f"department={k[0]} year={k[1]} kind={k[2]}")
    both("units", _count_keys, [(squash(u.get("name")),) for u in gold.get("unit", [])], [(squash(u.get("name")),) for u in pred.get("unit", [])],
         name, lambda k: str(k[0]))
    gp, pp = gold.get("project", []), pred.get("project", [])
    both("projects", _count_keys, _project_keys(gp, False), _project_keys(pp, False), name, lambda k: f"{k[0]} (parent {k[1]})")
    both("projects with amounts", _count_keys, _project_keys(gp, True), _project_keys(pp, True), name,
         lambda k: f"{k[0]} (parent {k[1]}) = {k[2]}")
    top_units = lambda ps: [(project_key(p.get("name")), squash(p.get("unit"))) for p in ps if not p.get("parent")]  # noqa: E731
    both("project units", _count_keys, top_units(gp), top_units(pp), name, lambda k: f"{k[0]}: unit {k[1]}")
    gb, pb = gold.get("budget_line", []), pred.get("budget_line", [])
    both("budget lines", _count_keys, _line_keys(gb, False), _line_keys(pb, False), name, lambda k: f"{k[0]} {k[1]} {dict(k[2])}")
    both("budget lines (合计)", _count_keys, _line_keys(gb, True), _line_keys(pb, True), name, lambda k: f"{k[0]} {k[1]} 合计={k[2]}")

    pred_amounts = Counter(_project_keys(pp, True))
    for p, key in zip(gp, _project_keys(gp, True)):
        form = (p.get("synthetic") or {}).get("amount_form", "?")
        hit = pred_amounts[key] > 0
        if hit:
            pred_amounts[key] -= 1
        report.amount_recall[form].add(int(hit), 0, int(not hit))

    gc, pc = gold.get("citation", []), pred.get("citation", [])
    pairs = []
    both("citations", lambda t: pairs.extend(_count_citations(t, gc, pc, name, lambda g, p: True)))
    matched = {id(g) for g, _ in pairs}
    for g in gc:
        form = (g.get("synthetic") or {}).get("form", "?")
        report.form_recall[form].add(int(id(g) in matched), 0, int(id(g) not in matched))
    for g, p in pairs:
        _attributes(report.attributes, g, p)
    both("policy citations", lambda t: _count_citations(t, [g for g in gc if g.get("is_policy")], [p for p in pc if p.get("is_policy")],
                                                           name, lambda g, p: True))
    both("citations with numbers", lambda t: _count_citations(
        t, [g for g in gc if g.get("doc_number")], [p for p in pc if p.get("doc_number")], name,
        lambda g, p: number_key(g.get("doc_number")) == number_key(p.get("doc_number"))))
    both("citations with titles", lambda t: _count_citations(
        t, [g for g in gc if g.get("title")], [p for p in pc if p.get("title")], name, same_title))


def same_title(g: dict, p: dict) -> bool:
    """Equal normalised titles; an issuer written in front of one of them (上海市政府关于印发《A》的通知) may be left out."""
    gt, pt = title_key(g.get("title")), title_key(p.get("title"))
    if gt == pt:
        return True
    for issuer in {squash(g.get("issuer")), squash((g.get("synthetic") or {}).get("issuer_canonical")), squash(p.get("issuer"))}:
        if issuer and gt and pt and (gt == issuer + pt or pt == issuer + gt):
            return True
    return False


def _attributes(counter: dict[str, Counter], g: dict, p: dict) -> None:
    """Right/wrong of the secondary attributes of a matched citation."""
    checks = {
        "kind": g.get("kind") == p.get("kind"),
        "is_policy": g.get("is_policy") == p.get("is_policy"),
        "section": g.get("section") == p.get("section"),
        "project": project_key(g.get("project")) == project_key(p.get("project")),
    }
    if g.get("level"):
        checks["level"] = g.get("level") == p.get("level")
    if g.get("issuer"):
        canonical = (g.get("synthetic") or {}).get("issuer_canonical")
        checks["issuer"] = squash(p.get("issuer")) in {squash(g.get("issuer")), squash(canonical)}
    if g.get("doc_type"):
        checks["doc_type"] = g.get("doc_type") == p.get("doc_type")
    for name, ok in checks.items():
        counter[name]["right" if ok else "wrong"] += 1


def score(truth: str, extraction: str) -> Report:
    """Compare ``extraction`` (JSONL path or "-") with the ground truth of the corpus at ``truth``.

    The ground truth is streamed document by document and the extraction read per document
    through an index, so memory does not grow with the corpus.
    """
    truth_path(truth)  # a missing ground truth is the first thing to say
    pred = Extraction(extraction)
    pred_names = pred.names()
    report = Report(truth=truth, extraction=extraction)
    for name, gold in iter_truth(truth):
        report.n_truth_docs += 1
        if name in pred_names:
            report.n_pred_docs += 1
            pred_names.discard(name)
        _score_document(report, name, gold, pred.records(name))
    report.n_unknown_docs = len(pred_names)
    return report


# ---------------------------------------------------------------------------
# text output


def format_report(report: Report, *, misses: int = 0) -> str:
    out = [f"ground truth: {report.truth} ({report.n_truth_docs:,} documents)",
           f"extraction:   {report.extraction} ({report.n_pred_docs:,} of them extracted"
           + (f"; {report.n_unknown_docs:,} other documents ignored" if report.n_unknown_docs else "") + ")", ""]
    out.append(f"{'metric':<24}{'gold':>11}{'pred':>11}{'tp':>11}{'precision':>11}{'recall':>9}{'F1':>8}")
    for name, t in report.metrics.items():
        flag = " *" if name in HEADLINE else ""
        out.append(f"{name:<24}{t.tp + t.fn:>11,}{t.tp + t.fp:>11,}{t.tp:>11,}{t.precision:>11.4f}{t.recall:>9.4f}{t.f1:>8.4f}{flag}")
    out.append(f"\n* headline metrics (target F1 >= 0.99); lowest: {report.headline_f1():.4f}")
    if report.by_layout:
        out.append("\nF1 by layout:")
        layouts = sorted(report.by_layout)
        out.append(f"{'metric':<24}" + "".join(f"{lay:>11}" for lay in layouts))
        for name in METRICS:
            out.append(f"{name:<24}" + "".join(f"{report.by_layout[lay][name].f1:>11.4f}" for lay in layouts))
    if report.form_recall:
        out.append("\ncitation recall by written form (span overlap):")
        for form, t in sorted(report.form_recall.items(), key=lambda kv: kv[1].recall):
            out.append(f"  {form:<28}{t.recall:>8.4f}  ({t.tp:,}/{t.tp + t.fn:,})")
    if report.amount_recall:
        out.append("\nproject amount recall by written form:")
        for form, t in sorted(report.amount_recall.items(), key=lambda kv: kv[1].recall):
            out.append(f"  {form:<28}{t.recall:>8.4f}  ({t.tp:,}/{t.tp + t.fn:,})")
    if report.attributes:
        out.append("\nattributes of matched citations (right / wrong):")
        for name, c in sorted(report.attributes.items()):
            total = c["right"] + c["wrong"]
            out.append(f"  {name:<12}{c['right']:>9,} / {c['wrong']:<9,} {c['right'] / total if total else 1:.4f}")
    if misses:
        for name, t in report.metrics.items():
            if t.missed or t.spurious:
                out.append(f"\n{name}: examples of misses (gold not extracted)")
                out += [f"  - {x}" for x in t.missed[:misses]]
                out.append(f"{name}: examples of spurious records (extracted, not in gold)")
                out += [f"  + {x}" for x in t.spurious[:misses]]
    return "\n".join(out) + "\n"


def manifest_of(path: str) -> Optional[dict]:
    folder = path if os.path.isdir(path) else os.path.dirname(path)
    try:
        with open(os.path.join(folder, MANIFEST), encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None
