"""Read a file into text: encoding detection, PDF text layer, clear refusals.

Offsets everywhere in the project index into ``SourceText.text``: the decoded
text with a UTF-8/UTF-16 BOM removed and line endings left as they are.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import UnreadableDocument
from .models import Span

#: file suffixes read as documents when walking a directory
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
PDF_SUFFIXES = (".pdf",)
DOCUMENT_SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES

# Magic numbers of common binary formats people download next to budget PDFs.
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (docx/xlsx?)",
    b"\xd0\xcf\x11\xe0": "an OLE file (doc/xls?)",
    b"\x7fELF": "an executable",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
}


@dataclass(frozen=True)
class SourceText:
    """A document's text as read, with a line index for offset -> line lookups."""

    path: str
    text: str
    encoding: str
    sha256: str
    _line_starts: tuple[int, ...] = field(repr=False, compare=False, default=())

    @classmethod
    def from_text(cls, text: str, *, path: str = "<text>", encoding: str = "str", sha256: str | None = None) -> "SourceText":
        starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
        return cls(path=path, text=text, encoding=encoding, sha256=digest, _line_starts=tuple(starts))

    def line_of(self, offset: int) -> int:
        """1-based line number of the character at ``offset``."""
        return bisect.bisect_right(self._line_starts, offset)

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.line_of(start))

    def line_count(self) -> int:
        return len(self._line_starts)


# ---------------------------------------------------------------------------
# decoding


def _looks_binary(raw: bytes) -> str | None:
    for magic, what in _BINARY_MAGIC.items():
        if raw.startswith(magic):
            return what
    head = raw[:8192]
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        return "a binary file (contains NUL bytes)"
    return None


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or 0x80 <= ord(ch) < 0xA0 or ch == "\ufffd")
    return bad / len(sample)


def decode_text(raw: bytes, path: str) -> tuple[str, str]:
    """Decode bytes of a text document; return (text, encoding) or raise UnreadableDocument."""
    if raw.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        candidates = ["utf-16"]
    else:
        # UTF-8 is strict enough that a successful decode is reliable; GB18030
        # decodes almost anything, so it comes last and is checked for sanity.
        candidates = ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if _control_ratio(text) > 0.02:
            continue
        return text, enc
    raise UnreadableDocument("cannot decode as UTF-8 or GB18030 (not a text document, or an unknown encoding)", path=path)


def _read_pdf(raw: bytes, path: str) -> str:
    import io

    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:  # pragma: no cover - pypdf is a core dependency
        raise UnreadableDocument(f"PDF support missing ({exc})", path=path) from exc
    # pypdf logs repairs ("EOF marker not found") on its own logger; the user gets
    # our one-line reason instead, so keep its chatter off stderr.
    logging.getLogger("pypdf").setLevel(logging.ERROR + 10)
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # noqa: BLE001 - pypdf raises several types here
                ok = 0
            if not ok:
                raise UnreadableDocument("encrypted PDF (needs a password)", path=path)
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableDocument:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise UnreadableDocument(f"damaged or truncated PDF ({type(exc).__name__}: {exc})", path=path) from exc
    except Exception as exc:  # noqa: BLE001 - pypdf can raise almost anything on hostile input
        raise UnreadableDocument(f"cannot read PDF ({type(exc).__name__}: {exc})", path=path) from exc
    text = "\n".join(pages)
    if not text.strip():
        raise UnreadableDocument("PDF has no text layer (scanned images?); run OCR first", path=path)
    return text


def read_source(path: str | os.PathLike[str]) -> SourceText:
    """Read one document file. Raises UnreadableDocument with a one-line reason."""
    p = Path(path)
    name = str(path)
    try:
        raw = p.read_bytes()
    except IsADirectoryError as exc:
        raise UnreadableDocument("is a directory", path=name) from exc
    except FileNotFoundError as exc:
        raise UnreadableDocument("no such file", path=name) from exc
    except PermissionError as exc:
        raise UnreadableDocument("permission denied", path=name) from exc
    except OSError as exc:
        raise UnreadableDocument(f"cannot read ({exc.strerror or exc})", path=name) from exc
    digest = hashlib.sha256(raw).hexdigest()
    if not raw.strip():
        raise UnreadableDocument("empty file", path=name)
    if raw.startswith(b"%PDF") or p.suffix.lower() in PDF_SUFFIXES:
        if not raw.startswith(b"%PDF"):
            raise UnreadableDocument("has a .pdf name but is not a PDF", path=name)
        text, enc = _read_pdf(raw, name), "pdf"
    else:
        binary = _looks_binary(raw)
        if binary:
            raise UnreadableDocument(f"is {binary}, not a text document", path=name)
        text, enc = decode_text(raw, name)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise UnreadableDocument("no text in document", path=name)
    return SourceText.from_text(text, path=name, encoding=enc, sha256=digest)


# ---------------------------------------------------------------------------
# walking


def iter_document_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[str, UnreadableDocument | None]]:
    """Expand files and directories (recursively, sorted, symlink loops safe).

    Yields ``(path, None)`` for each document file, and ``(path, error)`` for
    paths that cannot be walked, so a batch can report them and go on.
    Explicitly named files are always yielded, whatever their suffix.
    """
    for given in paths:
        name = os.fsdecode(given)
        if not os.path.exists(name):
            yield name, UnreadableDocument("no such file or directory", path=name)
            continue
        if not os.path.isdir(name):
            yield name, None
            continue
        seen: set[tuple[int, int]] = set()
        yield from _walk(name, seen)


def _walk(top: str, seen: set[tuple[int, int]]) -> Iterator[tuple[str, UnreadableDocument | None]]:
    try:
        st = os.stat(top)
    except OSError as exc:
        yield top, UnreadableDocument(f"cannot open directory ({exc.strerror})", path=top)
        return
    key = (st.st_dev, st.st_ino)
    if key in seen:  # symlink loop or the same directory twice
        return
    seen.add(key)
    try:
        entries = sorted(os.scandir(top), key=lambda e: e.name)
    except OSError as exc:
        yield top, UnreadableDocument(f"cannot list directory ({exc.strerror})", path=top)
        return
    for entry in entries:
        path = os.path.join(top, entry.name)
        try:
            is_dir = entry.is_dir()  # follows symlinks; loops are caught by `seen`
            is_file = entry.is_file()
        except OSError as exc:
            yield path, UnreadableDocument(f"cannot stat ({exc.strerror})", path=path)
            continue
        if is_dir:
            yield from _walk(path, seen)
        elif is_file and entry.name.lower().endswith(DOCUMENT_SUFFIXES) and not entry.name.startswith("."):
            yield path, None
