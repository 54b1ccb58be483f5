"""The synthetic corpus generator: determinism, consistency of its ground truth, the scorer, the CLI."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from benchmarks.synth import world
from benchmarks.synth.cite import CiteGold
from benchmarks.synth.corpus import CORPUS, MANIFEST, TRUTH, ensure_corpus, generate_corpus, truth_lines
from benchmarks.synth.document import generate_document
from benchmarks.synth.score import format_report, number_key, project_key, score
from benchmarks.synth.text import Mark, TextBuilder

import synth_checks as checks

ROOT = Path(__file__).resolve().parents[2]


def read_truth(corpus: Path) -> dict[str, list[dict]]:
    docs: dict[str, list[dict]] = defaultdict(list)
    with open(corpus / TRUTH, encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            docs[obj["source"]].append(obj)
    return docs


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------------------
# the text builder: spans through line wrapping and CRLF (inline markup: [..] is the marked text)


@pytest.mark.parametrize(
    "segments, newline, wrap, expected_text, expected_marks",
    [
        (["ab", "[cd]", "e"], "\n", 0, "abcde\n", [("cd", 1)]),
        (["ab", "[cdef]", "g"], "\n", 3, "abc\ndef\ng\n", [("c\ndef", 1)]),  # a mark wrapped over two lines
        (["abc", "[de]"], "\n", 3, "abc\nde\n", [("de", 2)]),  # starts right after a break: on the next line
        (["[abc]", "de"], "\n", 3, "abc\nde\n", [("abc", 1)]),  # ends right before a break: the break is not inside
        (["ab", "[cdef]", "g"], "\r\n", 3, "abc\r\ndef\r\ng\r\n", [("c\r\ndef", 1)]),
        (["x", "[y]", "z", "[w]"], "\r\n", 0, "xyzw\r\n", [("y", 1), ("w", 1)]),
    ],
)
def test_builder_spans(segments, newline, wrap, expected_text, expected_marks):
    b = TextBuilder(newline, wrap)
    b.para("first line")
    segs = [Mark(s[1:-1], s) if s.startswith("[") else s for s in segments]
    spans = b.para(*segs, flow=True)
    text = b.value()
    assert text == "first line" + newline + expected_text
    got = [(text[span.start:span.end], span.line - 1) for _, span in spans]
    assert got == expected_marks
    assert b.line == text.count("\n") + 1


def test_builder_refuses_line_breaks_inside_a_paragraph():
    with pytest.raises(ValueError, match="line break"):
        TextBuilder().para("a\nb")


# ---------------------------------------------------------------------------
# determinism


def test_same_seed_same_bytes_whatever_the_number_of_workers(synth20, tmp_path):
    again = tmp_path / "again"
    generate_corpus(str(again), 20, 7, jobs=2)
    assert tree_digest(again) == tree_digest(synth20)


def test_another_seed_gives_another_corpus(synth20, tmp_path):
    other = tmp_path / "other"
    generate_corpus(str(other), 20, 8)
    a = json.loads((synth20 / MANIFEST).read_text())
    b = json.loads((other / MANIFEST).read_text())
    assert a["corpus_sha256"] != b["corpus_sha256"]


def test_a_document_does_not_depend_on_corpus_size(synth20):
    """The 5th document of a 20-document corpus is the 5th of any larger corpus, byte for byte."""
    dept, year = world.document_slots(5)[4]
    doc = generate_document(7, 4, dept, year)
    [path] = (synth20 / CORPUS).rglob(doc.name)
    assert path.read_bytes() == doc.raw


def test_every_kth_document_is_the_same_file_as_in_the_full_corpus(tmp_path):
    out = tmp_path / "sample"
    manifest = generate_corpus(str(out), 3, 7, every=9)
    files = sorted((out / CORPUS).rglob("*.txt"))
    assert [f.name[:5] for f in files] == ["00000", "00009", "00018"] and manifest["every"] == 9
    slots = world.document_slots(19)
    for f in files:
        i = int(f.name[:5])
        assert f.read_bytes() == generate_document(7, i, *slots[i]).raw


def test_ensure_corpus_generates_once_and_reuses(tmp_path, synth20):
    path = ensure_corpus(20, 7, root=str(tmp_path), jobs=1)
    assert tree_digest(path_ := Path(path)) == tree_digest(synth20)
    marker = path_ / CORPUS / "untouched"
    marker.write_text("x")
    assert ensure_corpus(20, 7, root=str(tmp_path)) == path and marker.exists()  # reused, not regenerated


# ---------------------------------------------------------------------------
# the 20-document smoke run


def test_smoke_corpus_is_complete(synth20):
    manifest = json.loads((synth20 / MANIFEST).read_text())
    files = sorted((synth20 / CORPUS).rglob("*.txt"))
    truth = read_truth(synth20)
    assert len(files) == manifest["documents"] == 20
    assert sorted(str(f.relative_to(synth20 / CORPUS)) for f in files) == sorted(truth)
    kinds = Counter(r["type"] for recs in truth.values() for r in recs)
    assert kinds["document"] == 20
    assert kinds["project"] == manifest["totals"]["projects"]
    assert kinds["citation"] == manifest["totals"]["citations"]
    assert kinds["budget_line"] == manifest["totals"]["budget_lines"]
    assert sum(f.stat().st_size for f in files) == manifest["totals"]["bytes"]
    assert not (synth20.parent / (synth20.name + ".partial")).exists()
    for source, recs in truth.items():
        doc = recs[0]
        assert doc["type"] == "document" and doc["kind"] == "department_budget"
        assert doc["department"] and 2014 <= doc["year"] <= 2025
        assert doc["sha256"] == hashlib.sha256((synth20 / CORPUS / source).read_bytes()).hexdigest()


def test_smoke_corpus_has_several_departments_over_several_years(synth20):
    truth = read_truth(synth20)
    years = defaultdict(set)
    for recs in truth.values():
        years[recs[0]["department"]].add(recs[0]["year"])
    assert len(years) >= 4
    assert all(len(ys) >= 3 for ys in years.values())
    # the same project comes back in later years of its department (cross-year questions)
    seen = Counter((recs[0]["department"], project_key(p["name"])) for recs in truth.values() for p in recs
                   if p["type"] == "project" and not p["parent"])
    assert max(seen.values()) >= 3


def test_contract_keys_are_present(synth20):
    """The ground truth uses the `policygraph extract --format jsonl` contract keys."""
    contract = {
        "document": {"source", "department", "year", "kind"},
        "project": {"source", "name", "parent", "unit", "amount_yuan", "line"},
        "budget_line": {"source", "table", "code", "name", "amounts", "line"},
        "citation": {"source", "project", "section", "line", "text", "title", "doc_number", "issuer", "kind", "is_policy", "doc_id", "rule"},
    }
    for recs in read_truth(synth20).values():
        for r in recs:
            assert contract.get(r["type"], set()) <= set(r), r["type"]


# ---------------------------------------------------------------------------
# consistency of the ground truth, on documents of every layout


def layout_sample(per_layout: int = 2, among: int = 1500) -> list[tuple[int, world.Department, int]]:
    """The first documents of each layout in corpus order (layouts are a property of the department and year)."""
    chosen, counts = [], Counter()
    for i, (dept, year) in enumerate(world.document_slots(among)):
        layout = world.dept_world(7, dept).layout(year)
        if counts[layout] < per_layout:
            counts[layout] += 1
            chosen.append((i, dept, year))
    assert set(counts) == {*world.LAYOUTS, world.DISTRICT_LAYOUT}
    return chosen


@pytest.fixture(scope="module")
def sample_documents():
    out = []
    for i, dept, year in layout_sample():
        doc = generate_document(7, i, dept, year)
        text = doc.raw.decode(doc.record.encoding)
        records = [json.loads(line) for line in truth_lines(doc)]
        out.append((doc, text, records))
    return out


def of(records, kind):
    return [r for r in records if r["type"] == kind]


def test_every_span_slices_to_its_text_on_its_line(sample_documents):
    for doc, text, records in sample_documents:
        assert checks.check_spans(text, records) == [], doc.name


def test_citations_carry_what_their_text_says(sample_documents):
    for doc, text, records in sample_documents:
        assert checks.check_citation_fields(text, of(records, "citation")) == [], doc.name


def test_budget_tables_add_up(sample_documents):
    for doc, text, records in sample_documents:
        lines = of(records, "budget_line")
        assert lines and checks.check_tables(lines) == [], doc.name
        # every amount of a line is written in its row
        rows = text.splitlines()
        for line in lines:
            row = rows[line["line"] - 1]
            assert row.startswith(line["code"][:3]), row
            unit_wan = "单位：万元" in text[: text.find(row)].rsplit("编制部门", 1)[-1]
            for value in line["amounts"].values():
                written = f"{value // 10000:,}.{value % 10000 // 100:02d}" if unit_wan else f"{value:,}"
                assert written in row or str(value) in row, (row, value)


def test_project_amounts_are_what_the_text_says(sample_documents):
    for doc, text, records in sample_documents:
        projects = of(records, "project")
        assert checks.check_amounts_written(text, projects) == [], doc.name
        assert checks.check_subprojects(projects) == [], doc.name


def test_generated_corpus_is_consistent(synth20):
    for source, recs in read_truth(synth20).items():
        text = (synth20 / CORPUS / source).read_bytes().decode(recs[0]["encoding"])
        problems = (checks.check_spans(text, recs) + checks.check_citation_fields(text, of(recs, "citation"))
                    + checks.check_tables(of(recs, "budget_line")) + checks.check_amounts_written(text, of(recs, "project"))
                    + checks.check_subprojects(of(recs, "project")))
        assert problems == [], source


def test_layouts_look_like_the_samples(sample_documents):
    for doc, text, records in sample_documents:
        layout = doc.extra["layout"]
        headings = [r for r in of(records, "project") if not r["parent"]]
        first = text.splitlines()[headings[0]["line"] - 1] if headings else ""
        if layout == "markdown":
            assert first.startswith("## ") and "\n### 二、立项依据" in text.replace("\r\n", "\n") or "二、立项依据" in text
            assert "\t" in text
        elif layout == "plain":
            assert "\n#" not in text and "\t" in text
        elif layout == "district":  # numbered parts, projects and sections; units say their kind
            assert "五、项目支出情况说明" in text and "（一）项目概述" in text
            assert first.startswith("一、")
            assert {u["kind"] for u in of(records, "unit")} <= {"administrative", "public_institution"}
        else:
            assert "\t" not in text and (not headings or first.startswith("   "))


def test_cited_documents_follow_a_heavy_tailed_distribution():
    """Across departments, a few documents are cited very often and most rarely (like real citation counts)."""
    rng = world.rng_for(3, "test")
    depts = [dept for dept, _ in world.document_slots(2000)][::200]
    counts = Counter(world.draw_document(7, rng, dept, 2024).key for dept in depts for _ in range(500))
    ranked = sorted(counts.values(), reverse=True)
    assert len(ranked) > 500  # a long tail of rarely cited documents
    assert ranked[0] >= 50 * ranked[len(ranked) // 2]
    assert sum(ranked[: len(ranked) // 10]) > 0.4 * sum(ranked)  # the top tenth gets a large share


def test_citation_forms_cover_the_constructions_of_the_samples(synth20):
    forms = Counter(r["rule"] for recs in read_truth(synth20).values() for r in recs if r["type"] == "citation")
    expected = {"title_number_paren", "title_number_bare", "title_only", "issuer_front", "law_brackets", "law_plain",
                "instruction", "meta_date"}
    assert {f"synthetic:{f}" for f in expected} <= set(forms)
    assert any(f.startswith("synthetic:mention_") for f in forms)


def test_number_normalisation():
    assert number_key("国发[2022]14号") == "国发〔2022〕14号"
    assert number_key("沪科党组合（2007）第011号") == "沪科党组合〔2007〕011号"
    assert number_key("松委督〔2021〕034 号") == "松委督〔2021〕034号"
    assert CiteGold(form="x", kind="instruction", is_policy=True).doc_id is None


# ---------------------------------------------------------------------------
# the scorer


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_ground_truth_scores_perfectly_against_itself(synth20):
    report = score(str(synth20), str(synth20 / TRUTH))
    assert all(t.f1 == 1.0 for t in report.metrics.values())
    assert report.n_pred_docs == 20


def test_scorer_counts_misses_and_wrong_values(synth20, tmp_path):
    truth = [r for recs in read_truth(synth20).values() for r in recs]
    projects = [r for r in truth if r["type"] == "project" and r["amount_yuan"]]
    citations = [r for r in truth if r["type"] == "citation" and r["doc_number"]]
    lines = [r for r in truth if r["type"] == "budget_line"]
    changed = []
    for r in truth:
        if r is lines[0] or r is lines[1]:
            continue  # two budget lines not extracted
        copy = dict(r, source="/elsewhere/corpus/" + r["source"])  # another path to the same files
        if r is projects[0]:
            copy["amount_yuan"] += 1  # a wrong amount: a miss and a spurious record
        if r is citations[0]:
            copy["doc_number"] = "国发〔1999〕999号"
        changed.append(copy)
    report = score(str(synth20), str(write_jsonl(tmp_path / "pred.jsonl", changed)))
    m = report.metrics
    assert (m["projects with amounts"].fp, m["projects with amounts"].fn) == (1, 1)
    assert m["projects"].f1 == 1.0
    assert (m["citations with numbers"].fp, m["citations with numbers"].fn) == (1, 1)
    assert m["citations"].f1 == 1.0
    assert (m["budget lines"].fp, m["budget lines"].fn, m["budget lines"].tp) == (0, 2, len(lines) - 2)
    text = format_report(report, misses=3)
    assert "budget lines: examples of misses" in text and "citations with numbers" in text


def test_scorer_matches_citations_by_overlapping_spans(synth20, tmp_path):
    truth = [r for recs in read_truth(synth20).values() for r in recs]
    shifted = []
    for r in truth:
        if r["type"] == "citation":
            span = dict(r["span"], start=r["span"]["start"] + 1)  # a slightly different boundary still matches
            r = dict(r, span=span, text=r["text"][1:])
        shifted.append(r)
    report = score(str(synth20), str(write_jsonl(tmp_path / "pred.jsonl", shifted)))
    assert report.metrics["citations"].f1 == 1.0


def test_documents_missing_from_the_extraction_count_as_misses(synth20, tmp_path):
    truth = read_truth(synth20)
    keep = sorted(truth)[:10]
    report = score(str(synth20), str(write_jsonl(tmp_path / "half.jsonl", [r for s in keep for r in truth[s]])))
    assert report.n_pred_docs == 10
    assert report.metrics["documents"].recall == 0.5
    assert report.metrics["budget lines"].precision == 1.0 and report.metrics["budget lines"].recall < 0.7


# ---------------------------------------------------------------------------
# the command line


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "benchmarks.synthetic", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_cli_generates_and_scores(tmp_path):
    out = tmp_path / "c3"
    done = run_cli("--docs", "3", "--seed", "1", "--out", str(out), "--quiet")
    assert done.returncode == 0, done.stderr
    assert "wrote 3 documents" in done.stdout
    done = run_cli("score", str(out), str(out / TRUTH))
    assert done.returncode == 0, done.stderr
    assert "projects with amounts" in done.stdout and "1.0000" in done.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--docs", "0", "--out", "{tmp}/x"], "--docs must be between 1 and"),
        (["--docs", "2", "--out", "{tmp}/full"], "directory is not empty"),
        (["--docs", "2", "--out", "{tmp}/full", "--force"], "not a synthetic corpus"),
        (["score", "{tmp}/nothing", "{tmp}/x.jsonl"], "no ground truth here"),
        (["score", "{tmp}/c", "{tmp}/bad.jsonl"], "bad.jsonl:1: not JSON"),
    ],
)
def test_cli_errors_are_one_line(tmp_path, args, message):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / TRUTH).write_text("")
    (tmp_path / "bad.jsonl").write_text("{not json\n")
    done = run_cli(*[a.format(tmp=tmp_path) for a in args])
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"
