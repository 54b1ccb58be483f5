"""The bad-input catalogue through the command line: `policygraph extract` and `policygraph ingest`.

Researchers point the tool at whatever they downloaded. Every bad file gets one
line naming it and saying why; the good files around it are still extracted and
stored, each completely; the exit code is 1 and a summary counts the failures.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest

from policygraph.graph import iris, open_store
from policygraph.graph.ingest import incomplete_sources, loaded_sources

from .conftest import FIXTURES, SMALL_DOC, assert_one_line_messages, cli

ORIGINAL = SMALL_DOC.read_text(encoding="utf-8")
LINES = ORIGINAL.splitlines(keepends=True)
HALF = len(LINES) // 2
NON_UTF8_NAME = b"\xb2\xbf\xc3\xc5\xd4\xa4\xcb\xe3.txt"  # 部门预算.txt in GBK, as a Windows zip leaves it
NON_UTF8_SHOWN = "\\xb2\\xbf\\xc3\\xc5Ԥ\\xcb\\xe3.txt"  # as shown: bytes that are not UTF-8 escaped (d4 a4 is Ԥ)


def _pdf(**encrypt) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(FIXTURES / "kx2024_printed.pdf"))
    if encrypt:
        writer.encrypt(**encrypt, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# name -> (content, reason printed for it, or None when the file must be read)
CATALOGUE = {
    "binary.txt": (bytes(range(256)) * 40, "is a binary file (contains NUL bytes)"),
    "scan.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(200)), "is a PNG image"),
    "report.txt": (b"PK\x03\x04" + b"\x00" * 100, "is a ZIP archive"),
    "empty.txt": (b"", "empty file"),
    "blank.md": (b"  \n\r\n\t \n", "empty file"),
    "latin1.txt": ("Budget du département, coût prévu: 5 000 €\n".encode("cp1252") * 40, "cannot decode as UTF-8 or GB18030"),
    "huge_line.txt": ("预算" * 10_500_000).encode("utf-8"),  # 63 MB, 21 million characters, no newline
    "utf16.txt": (ORIGINAL.encode("utf-16"), None),
    "gbk.txt": (ORIGINAL.encode("gb18030"), None),
    # two downloads pasted together: first half UTF-8, second half GBK (at a line break, and mid-line)
    "mixed.txt": ("".join(LINES[:HALF]).encode("utf-8") + "".join(LINES[HALF:]).encode("gb18030"), None),
    "mixed_midline.txt": (ORIGINAL[: len(ORIGINAL) // 3].encode("utf-8") + ORIGINAL[len(ORIGINAL) // 3:].encode("gb18030"), None),
    "nested.txt": (("立项依据：根据" + "《" * 5000 + "关于推进科技创新的意见" + "》" * 7 + "（沪府发〔2020〕1号）\n").encode("utf-8") * 3, None),
    "unbalanced.txt": (("二、立项依据\n" + "》》《《《〔〕（" * 3000 + "\n" + "《" * 20000 + "\n" + "〕号》" * 4000 + "\n").encode("utf-8"), None),
    "encrypted.pdf": (lambda: _pdf(user_password="secret", owner_password="owner"), "encrypted PDF (needs a password)"),
    "owner_only.pdf": (lambda: _pdf(user_password="", owner_password="owner"), None),  # opens without a password
    "truncated.pdf": (lambda: _pdf()[: len(_pdf()) // 2], "damaged or truncated PDF"),
    "notreally.pdf": (ORIGINAL.encode("utf-8"), "has a .pdf name but is not a PDF"),
}
CATALOGUE["huge_line.txt"] = (CATALOGUE["huge_line.txt"], "a line of 21,000,000 characters")

#: what is not a plain file: made in the fixture
SPECIAL = {
    "pipe.txt": "is a named pipe, not a regular file",  # opening it would block forever
    "dangling.txt": "broken symbolic link",
    NON_UTF8_SHOWN: "file name is not UTF-8",
}
GOOD = sorted([name for name, (_, reason) in CATALOGUE.items() if reason is None] + ["good.txt"])
BAD = {**{name: reason for name, (_, reason) in CATALOGUE.items() if reason}, **SPECIAL}


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory) -> Path:
    top = tmp_path_factory.mktemp("downloads")
    folder = top / "budgets"
    (folder / "sub").mkdir(parents=True)
    for name, (content, _) in CATALOGUE.items():
        (folder / name).write_bytes(content() if callable(content) else content)
    shutil.copy(SMALL_DOC, folder / "sub" / "good.txt")
    os.mkfifo(folder / "pipe.txt")
    os.symlink(top / "nowhere.txt", folder / "dangling.txt")
    os.symlink(folder, folder / "sub" / "loop")  # a symlink loop: walked once, not forever
    (folder / "sub" / "notes.html").write_text("<p>not a document: skipped by its suffix</p>")
    with open(os.path.join(os.fsencode(folder), NON_UTF8_NAME), "wb") as fh:
        fh.write(ORIGINAL.encode("utf-8"))
    return folder


def test_extract_reports_each_bad_file_in_one_line_and_goes_on(bad_dir):
    run = cli("extract", str(bad_dir), "--format", "jsonl")
    assert_one_line_messages(run)
    assert run.returncode == 1
    skipped = run.skipped()
    assert set(skipped) == set(BAD), run.stderr
    for name, reason in BAD.items():
        assert reason in skipped[name], (name, skipped[name])
    assert f"policygraph: {len(BAD)} file(s) could not be read" in run.stderr
    docs = {}
    for line in run.stdout.splitlines():  # valid UTF-8 JSON lines only (no name with raw bytes)
        obj = json.loads(line)
        if obj["type"] == "document":
            docs[os.path.basename(obj["source"])] = obj
    assert sorted(docs) == GOOD  # each good file once: the symlink loop is not followed twice
    assert docs["mixed.txt"]["encoding"] == "utf-8+gb18030" and docs["gbk.txt"]["encoding"] == "gb18030"


@pytest.mark.parametrize("name", ["gbk.txt", "utf16.txt", "mixed.txt", "mixed_midline.txt"])
def test_other_encodings_read_to_the_same_text(bad_dir, name):
    """A GBK, UTF-16 or half-GBK copy is the same document: same text, so the same offsets and facts."""
    from policygraph.extract import read_source

    assert read_source(bad_dir / name).text == ORIGINAL


def test_brackets_nested_thousands_deep_give_citations_inside_the_text(bad_dir):
    from policygraph.extract import extract_path

    for name in ("nested.txt", "unbalanced.txt"):
        record = extract_path(bad_dir / name)
        text = (bad_dir / name).read_text(encoding="utf-8")
        for citation in record.citations:
            assert text[citation.span.start:citation.span.end] == citation.text
    record = extract_path(bad_dir / "nested.txt")
    assert {c.doc_id for c in record.citations} >= {"num:沪府发〔2020〕1号"}


def test_ingest_stores_exactly_the_good_files_each_complete(bad_dir, tmp_path):
    location = tmp_path / "store"
    run = cli("ingest", str(bad_dir), "--store", str(location), "--jobs", "2")
    assert_one_line_messages(run)
    assert run.returncode == 1
    skipped = run.skipped()
    assert set(skipped) == set(BAD), run.stderr
    for name, reason in BAD.items():
        assert reason in skipped[name], (name, skipped[name])
    assert f"{len(GOOD)} loaded, 0 unchanged, {len(BAD)} failed" in run.stdout
    assert f"policygraph: {len(BAD)} file(s) could not be ingested" in run.stderr
    with open_store(str(location), read_only=True) as store:
        loaded = loaded_sources(store)
        assert sorted(os.path.basename(s.path) for s in loaded.values()) == GOOD
        assert not incomplete_sources(store)  # nothing half-written
        graphs = {g.value for g in store.named_graphs() if g.value.startswith(iris.SOURCE_GRAPH_PREFIX)}
        assert graphs == set(loaded)

    again = cli("ingest", str(bad_dir), "--store", str(location), "--jobs", "1")  # the rerun: same failures, nothing new
    assert again.returncode == 1 and f"0 loaded, {len(GOOD)} unchanged, {len(BAD)} failed" in again.stdout


def test_non_utf8_name_given_on_the_command_line(bad_dir, tmp_path):
    path = os.path.join(os.fsencode(bad_dir), NON_UTF8_NAME)
    run = cli("extract", os.fsdecode(path), str(bad_dir / "sub" / "good.txt"), "--format", "summary")
    assert_one_line_messages(run)
    assert run.returncode == 1
    assert set(run.skipped()) == {NON_UTF8_SHOWN}
    assert "file name is not UTF-8" in run.stderr and "convmv" in run.stderr
    assert "good.txt\tdepartment_budget" in run.stdout


def test_missing_paths_are_named(tmp_path):
    run = cli("ingest", str(tmp_path / "absent"), str(SMALL_DOC), "--store", str(tmp_path / "store"), "-j", "1")
    assert_one_line_messages(run)
    assert run.returncode == 1 and run.skipped() == {"absent": "no such file or directory"}
    assert "1 loaded, 0 unchanged, 1 failed" in run.stdout


# -- a big download folder with some unreadable files ------------------------------------

TINY = "上海市科学技术协会2023年部门预算\n一、项目概述\n根据《国务院关于推动创新创业高质量发展打造“双创”升级版的意见》（国发〔2018〕32号）实施第{i}号。\n"


@pytest.fixture(scope="module")
def big_dir(tmp_path_factory) -> Path:
    """3,000 files: 400 small documents (every 50th unreadable), 2,600 other downloads, a locked subfolder."""
    folder = tmp_path_factory.mktemp("many") / "downloads"
    folder.mkdir()
    for i in range(400):
        path = folder / f"doc{i:04d}.txt"
        path.write_text(TINY.format(i=i), encoding="utf-8")
        if i % 50 == 7:
            path.chmod(0)
    for i in range(2600):
        (folder / f"page{i:04d}.{('html', 'json', 'xls', 'png')[i % 4]}").write_bytes(b"<html></html>")
    locked = folder / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(TINY.format(i=999), encoding="utf-8")
    locked.chmod(0)
    return folder


UNREADABLE = {f"doc{i:04d}.txt" for i in range(7, 400, 50)}


def test_thousands_of_files_with_unreadable_ones(big_dir, tmp_path):
    run = cli("extract", str(big_dir), "--format", "summary", drop_dac=True)
    assert_one_line_messages(run)
    assert run.returncode == 1
    expected = {**{name: "permission denied" for name in UNREADABLE}, "locked": "cannot list directory (Permission denied)"}
    assert run.skipped() == expected
    assert len(run.stdout.splitlines()) == 400 - len(UNREADABLE)
    assert f"policygraph: {len(expected)} file(s) could not be read" in run.stderr

    location = tmp_path / "store"
    run = cli("ingest", str(big_dir), "--store", str(location), "--jobs", "2", drop_dac=True)
    assert_one_line_messages(run)
    assert run.returncode == 1 and run.skipped() == expected
    assert f"{400 - len(UNREADABLE)} loaded, 0 unchanged, {len(expected)} failed" in run.stdout
    with open_store(str(location), read_only=True) as store:
        assert len(loaded_sources(store)) == 400 - len(UNREADABLE) and not incomplete_sources(store)
