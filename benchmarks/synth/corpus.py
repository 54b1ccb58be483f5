"""Stream a synthetic corpus and its ground truth to disk.

Layout of the output directory::

    DIR/corpus/000/00000_<hash>.txt   the documents, 1,000 per sub-directory
    DIR/truth.jsonl                   ground truth in the `policygraph extract --format jsonl` contract
    DIR/manifest.json                 seed, size, counts and checksums (nothing time-dependent)

The ground truth's ``source`` is the path relative to ``DIR/corpus``; the scorer matches
documents by file name, so an extraction run on any path to the corpus can be scored.

Documents are generated one at a time (or by worker processes, results written in order), so
memory stays flat however many documents are asked for, and the bytes do not depend on the
number of workers. The corpus is written into ``DIR.partial`` and renamed when complete:
an interrupted run never leaves a half-written corpus under ``DIR``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
from collections import Counter
from multiprocessing import get_context
from typing import Callable, Iterator, Optional

from policygraph.extract.jsonl import record_dicts

from . import GENERATOR_VERSION
from .document import GeneratedDocument, generate_document
from .world import capacity, document_slots

TRUTH = "truth.jsonl"
MANIFEST = "manifest.json"
CORPUS = "corpus"
SHARD = 1000
_JSON = json.JSONEncoder(ensure_ascii=False)  # one encoder: json.dumps with options builds a new one per call


class GenerateError(Exception):
    """A bad request (size, output directory): one line for the user."""


def relative_path(index: int, name: str) -> str:
    return f"{index // SHARD:03d}/{name}"


def truth_lines(doc: GeneratedDocument) -> Iterator[str]:
    """The document's ground-truth JSONL lines: the extract contract plus a ``synthetic`` key of generator facts."""
    projects = iter(doc.project_extra)
    citations = iter(doc.citation_extra)
    for obj in record_dicts(doc.record):
        kind = obj["type"]
        if kind == "document":
            obj["synthetic"] = doc.extra
        elif kind == "project":
            obj["synthetic"] = next(projects)
        elif kind == "citation":
            obj["synthetic"] = next(citations)
        yield _JSON.encode(obj)


def _one(args: tuple[int, int, object, int]) -> tuple[str, bytes, str, dict]:
    seed, index, dept, year = args
    doc = generate_document(seed, index, dept, year)  # type: ignore[arg-type]
    rel = relative_path(index, doc.name)
    doc.record = dataclasses.replace(doc.record, source=rel)
    counts = {"projects": len(doc.record.projects), "citations": len(doc.record.citations),
              "budget_lines": len(doc.record.budget_lines), "bytes": len(doc.raw), "layout": doc.extra["layout"]}
    return rel, doc.raw, "".join(line + "\n" for line in truth_lines(doc)), counts


def iter_documents(n_docs: int, seed: int, jobs: int = 1, every: int = 1) -> Iterator[tuple[str, bytes, str, dict]]:
    """(relative path, raw bytes, truth JSONL text, counts) of each document, in corpus order.

    ``every`` > 1 takes every k-th document of a corpus ``every`` times larger (a sample spread
    over departments, regions and layouts; each file is the same as in the full corpus).
    """
    slots = document_slots((n_docs - 1) * every + 1)
    tasks = [(seed, i, *slots[i]) for i in range(0, len(slots), every)]
    if jobs <= 1:
        yield from map(_one, tasks)
        return
    with get_context("fork" if hasattr(os, "fork") else "spawn").Pool(jobs) as pool:
        yield from pool.imap(_one, tasks, chunksize=16)


def _prepare(out: str, force: bool) -> str:
    if os.path.exists(out) and not os.path.isdir(out):
        raise GenerateError(f"{out}: exists and is not a directory")
    if os.path.isdir(out) and os.listdir(out):
        if not force:
            raise GenerateError(f"{out}: directory is not empty (use --force to replace a corpus written here)")
        if not os.path.exists(os.path.join(out, MANIFEST)):
            raise GenerateError(f"{out}: not a synthetic corpus (no {MANIFEST}); refusing to delete it")
    partial = out.rstrip("/\\") + ".partial"
    shutil.rmtree(partial, ignore_errors=True)
    os.makedirs(os.path.join(partial, CORPUS))
    return partial


def generator_digest() -> str:
    """sha256 of the generator's code and vocabularies: a corpus made by other code is a different corpus."""
    here = os.path.dirname(os.path.abspath(__file__))
    folders = [here, os.path.join(os.path.dirname(here), "synth_data")]
    digest = hashlib.sha256()
    for folder in folders:
        for name in sorted(os.listdir(folder)):
            if name.endswith((".py", ".tsv", ".json")):
                digest.update(name.encode() + b"\0")
                with open(os.path.join(folder, name), "rb") as fh:
                    digest.update(fh.read())
    return digest.hexdigest()


def ensure_corpus(n_docs: int, seed: int = 7, *, root: Optional[str] = None, jobs: Optional[int] = None) -> str:
    """A corpus of ``n_docs`` documents, generated once and reused (for benchmarks that need 10,000 documents).

    Kept under ``root``, ``$POLICYGRAPH_SYNTH_DIR`` or the temporary directory; regenerated when the
    generator's code or vocabularies changed since.
    """
    root = root or os.environ.get("POLICYGRAPH_SYNTH_DIR") or os.path.join(tempfile.gettempdir(), "policygraph-synthetic")
    path = os.path.join(root, f"seed{seed}-{n_docs}")
    try:
        with open(os.path.join(path, MANIFEST), encoding="utf-8") as fh:
            manifest = json.load(fh)
        if manifest.get("generator_sha256") == generator_digest() and manifest.get("documents") == n_docs:
            return path
    except (OSError, ValueError):
        pass
    os.makedirs(root, exist_ok=True)
    generate_corpus(path, n_docs, seed, jobs=jobs or os.cpu_count() or 1, force=True)
    return path


def generate_corpus(out: str, n_docs: int, seed: int, *, jobs: int = 1, force: bool = False, every: int = 1,
                    progress: Optional[Callable[[int], None]] = None) -> dict:
    """Write ``n_docs`` documents (every ``every``-th of the corpus order) and their ground truth under ``out``."""
    if every < 1:
        raise GenerateError(f"--every must be at least 1, got {every}")
    if n_docs < 1 or (n_docs - 1) * every + 1 > capacity():
        raise GenerateError(f"--docs must be between 1 and {capacity() // every + (1 if capacity() % every else 0):,} "
                            f"(departments x years{f' / every {every}' if every > 1 else ''}), got {n_docs}")
    partial = _prepare(out, force)
    corpus_hash, truth_hash = hashlib.sha256(), hashlib.sha256()
    totals: Counter = Counter()
    layouts: Counter = Counter()
    try:
        with open(os.path.join(partial, TRUTH), "w", encoding="utf-8", newline="\n") as truth:
            made_dirs: set[str] = set()
            for n, (rel, raw, lines, counts) in enumerate(iter_documents(n_docs, seed, jobs, every), 1):
                path = os.path.join(partial, CORPUS, rel)
                shard = os.path.dirname(path)
                if shard not in made_dirs:
                    os.makedirs(shard, exist_ok=True)
                    made_dirs.add(shard)
                with open(path, "wb") as fh:
                    fh.write(raw)
                truth.write(lines)
                corpus_hash.update(f"{rel}\0{hashlib.sha256(raw).hexdigest()}\n".encode())
                truth_hash.update(lines.encode("utf-8"))
                layouts[counts.pop("layout")] += 1
                totals.update(counts)
                if progress:
                    progress(n)
        manifest = {
            "generator": "benchmarks.synthetic", "version": GENERATOR_VERSION, "generator_sha256": generator_digest(),
            "seed": seed, "documents": n_docs, "every": every,
            "corpus": CORPUS, "truth": TRUTH, "corpus_sha256": corpus_hash.hexdigest(), "truth_sha256": truth_hash.hexdigest(),
            "totals": dict(sorted(totals.items())), "layouts": dict(sorted(layouts.items())),
        }
        with open(os.path.join(partial, MANIFEST), "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.replace(partial, out)
    return manifest
