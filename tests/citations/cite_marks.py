"""Inline span markup for citation tests: ``根据[[《上海市科学技术普及条例》]]开展``.

``[[`` and ``]]`` mark where each expected citation starts and ends; they are removed
before extraction, so the offsets refer to the clean text.
"""

from __future__ import annotations

from policygraph.extract.citations import find_citations
from policygraph.extract.models import Citation, DocumentRecord
from policygraph.extract.reader import SourceText


def unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """(text without marks, [(start, end) of each marked span])."""
    text, spans, opened = [], [], []
    i = 0
    while i < len(marked):
        if marked.startswith("[[", i):
            opened.append(len("".join(text)))
            i += 2
        elif marked.startswith("]]", i):
            spans.append((opened.pop(), len("".join(text))))
            i += 2
        else:
            text.append(marked[i])
            i += 1
    assert not opened, f"unbalanced marks in {marked!r}"
    return "".join(text), sorted(spans)


def empty_record(src: SourceText) -> DocumentRecord:
    return DocumentRecord(source=src.path, sha256=src.sha256, encoding=src.encoding, n_chars=len(src.text), kind="unknown")


def cite(text: str, record: DocumentRecord | None = None) -> tuple[Citation, ...]:
    src = SourceText.from_text(text)
    return find_citations(src, record or empty_record(src))
