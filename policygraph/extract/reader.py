"""Read a file into text: encoding detection, PDF text layer, clear refusals.

Offsets everywhere in the project index into ``SourceText.text``: the decoded
text with a UTF-8/UTF-16 BOM removed and line endings left as they are.

Whatever people download lands here, so every refusal is an
:class:`UnreadableDocument` with a one-line reason naming the file, and nothing
can hang or exhaust memory: only regular files are opened (a named pipe would
block forever), files over :data:`MAX_FILE_BYTES` are refused before they are
read, and so are texts with a line longer than :data:`MAX_LINE_CHARS` (minified
data, a binary blob: no budget document has one, and extraction would take
minutes on it). File names that are not UTF-8 are refused with a hint, because
the name is the document's provenance in every record and graph.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from itertools import accumulate
from typing import Iterable, Iterator

from ..errors import UnreadableDocument
from .models import Span

#: file suffixes read as documents when walking a directory
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
PDF_SUFFIXES = (".pdf",)
DOCUMENT_SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES

#: larger files are refused before reading (published budget PDFs are a few MB, scanned ones < 100 MB)
MAX_FILE_BYTES = 256 * 1024 * 1024
#: a longer line means the file is not prose or tables (the samples' longest is under 2,000 characters)
MAX_LINE_CHARS = 1_000_000

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
        # the offset after every "\n": the running sum of the lines' lengths (split in C, not found one by one)
        starts = list(accumulate((len(line) + 1 for line in text.split("\n")[:-1]), initial=0))
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
    return len(_CONTROL_CHARS.findall(sample)) / len(sample)


#: control characters other than line breaks, tabs and form feeds, C1 controls and U+FFFD: what a
#: wrong decoding or a binary file leaves in the text (one regex: a per-character loop cost ~10 ms/doc)
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x80-\x9f\ufffd]")


def decode_text(raw: bytes, path: str) -> tuple[str, str]:
    """Decode bytes of a text document; return (text, encoding) or raise UnreadableDocument.

    The encoding is ``utf-8``, ``utf-8-sig``, ``utf-16``, ``gb18030``, or
    ``utf-8+gb18030`` for a file whose lines are in either (two downloads pasted
    together): each line is then decoded on its own, UTF-8 when it is valid
    UTF-8 (GBK text practically never is), else GB18030.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        decoders = [lambda: (raw.decode("utf-8-sig"), "utf-8-sig")]
    elif raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        decoders = [lambda: (raw.decode("utf-16"), "utf-16")]
    else:
        # UTF-8 is strict enough that a successful decode is reliable; GB18030
        # decodes almost anything, so it is tried line by line after UTF-8 and
        # the result is checked for sanity.
        decoders = [lambda: (raw.decode("utf-8"), "utf-8"), lambda: _decode_lines(raw)]
    for decode in decoders:
        try:
            text, enc = decode()
        except UnicodeDecodeError:
            continue
        if _control_ratio(text) > 0.02:
            continue
        return text, enc
    raise UnreadableDocument("cannot decode as UTF-8 or GB18030 (not a text document, or an unknown encoding)", path=path)


def _decode_lines(raw: bytes) -> tuple[str, str]:
    """GB18030, or UTF-8 and GB18030 line by line; UnicodeDecodeError when a line is neither.

    A line is taken as UTF-8 when it is valid UTF-8 holding a character of three
    or more bytes (CJK). Short GBK lines can be valid UTF-8 by accident, but then
    only as two-byte Latin letters (目 录 in GBK reads as "Ŀ ¼"), so those lines
    are GB18030 unless they do not decode as GB18030.
    """
    parts: list[str] = []
    used: set[str] = set()
    for line in raw.splitlines(keepends=True):  # bytes: splits on \n, \r\n and \r only
        if line.isascii():
            parts.append(line.decode("ascii"))
            continue
        text, enc = _decode_line(line)
        parts.append(text)
        used.update(enc)
    return "".join(parts), "+".join(sorted(used, reverse=True)) or "utf-8"


def _decode_line(line: bytes) -> tuple[str, tuple[str, ...]]:
    try:
        utf8 = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8, utf8_end = None, exc.start
    if utf8 is not None and max(map(ord, utf8)) >= 0x800:
        return utf8, ("utf-8",)
    try:
        return line.decode("gb18030"), ("gb18030",)
    except UnicodeDecodeError:
        if utf8 is not None:
            return utf8, ("utf-8",)
    # the switch happened inside this line (a file without a final newline pasted
    # before another): its valid UTF-8 start, then GB18030; raises if that fails too
    return line[:utf8_end].decode("utf-8") + line[utf8_end:].decode("gb18030"), ("utf-8", "gb18030")


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


def display_path(path: str | os.PathLike[str] | bytes) -> str:
    """A path as it can be printed: bytes that are not UTF-8 shown as \\xNN escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _check_name(name: str) -> None:
    """Refuse names that cannot travel as UTF-8 text (they would break JSONL, IRIs and messages)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise UnreadableDocument(
            "file name is not UTF-8 (a GBK name from a Windows archive?); rename it, e.g. convmv -f gbk -t utf-8",
            path=display_path(name),
        ) from None


def _check_file(p: Path, name: str) -> None:
    """Only regular files of a sane size are opened: a FIFO or device would block or never end."""
    try:
        st = p.stat()
    except FileNotFoundError:
        reason = "broken symbolic link" if p.is_symlink() else "no such file"
        raise UnreadableDocument(reason, path=name) from None
    except PermissionError:
        raise UnreadableDocument("permission denied", path=name) from None
    except OSError as exc:
        raise UnreadableDocument(f"cannot read ({exc.strerror or exc})", path=name) from None
    if stat.S_ISDIR(st.st_mode):
        raise UnreadableDocument("is a directory", path=name)
    if not stat.S_ISREG(st.st_mode):
        raise UnreadableDocument(f"is {_file_kind(st.st_mode)}, not a regular file", path=name)
    if st.st_size > MAX_FILE_BYTES:
        raise UnreadableDocument(
            f"{st.st_size // (1024 * 1024)} MB is larger than a budget document ({MAX_FILE_BYTES // (1024 * 1024)} MB at most)",
            path=name,
        )


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _check_lines(text: str, name: str) -> None:
    """Refuse a text with a line over MAX_LINE_CHARS (linear scan; the extractors would take minutes)."""
    lengths = list(map(len, text.split("\n")))
    if max(lengths) <= MAX_LINE_CHARS:
        return
    first = next(n for n in lengths if n > MAX_LINE_CHARS)  # the message names the first such line
    raise UnreadableDocument(
        f"a line of {first:,} characters (more than {MAX_LINE_CHARS:,}): not a budget document "
        "(minified data, or line breaks lost?)",
        path=name,
    )


def read_source(path: str | os.PathLike[str]) -> SourceText:
    """Read one document file. Raises UnreadableDocument with a one-line reason."""
    p = Path(path)
    name = str(path)
    _check_name(name)
    _check_file(p, name)
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
    del raw
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise UnreadableDocument("no text in document", path=name)
    _check_lines(text, name)
    return SourceText.from_text(text, path=name, encoding=enc, sha256=digest)


# ---------------------------------------------------------------------------
# walking


def iter_document_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[str, UnreadableDocument | None]]:
    """Expand files and directories (recursively, sorted, symlink loops safe).

    Yields ``(path, None)`` for each document file, and ``(path, error)`` for
    paths that cannot be walked or will not read (a name that is not UTF-8, a
    named pipe or a broken link with a document suffix), so a batch can report
    them and go on. Explicitly named files are always yielded, whatever their suffix.
    """
    for given in paths:
        name = os.fsdecode(given)
        try:
            _check_name(name)
        except UnreadableDocument as exc:
            yield display_path(name), exc
            continue
        if not os.path.exists(name):
            problem = "broken symbolic link" if os.path.islink(name) else "no such file or directory"
            yield name, UnreadableDocument(problem, path=name)
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
        with os.scandir(top) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        yield top, UnreadableDocument(f"cannot list directory ({exc.strerror})", path=top)
        return
    for entry in entries:
        path = os.path.join(top, entry.name)
        try:
            _check_name(entry.name)
        except UnreadableDocument as exc:
            if _is_document_name(os.fsencode(entry.name).decode("utf-8", "replace")) or entry.is_dir():
                yield display_path(path), UnreadableDocument(exc.reason, path=display_path(path))
            continue
        try:
            is_dir = entry.is_dir()  # follows symlinks; loops are caught by `seen`
            is_file = entry.is_file()
        except OSError as exc:
            yield path, UnreadableDocument(f"cannot stat ({exc.strerror})", path=path)
            continue
        if is_dir:
            yield from _walk(path, seen)
        elif not _is_document_name(entry.name):
            continue
        elif is_file:
            yield path, None
        else:  # a document's name on a named pipe, socket or broken link: say so instead of skipping it silently
            try:
                _check_file(Path(path), path)
            except UnreadableDocument as exc:
                yield path, exc


def _is_document_name(name: str) -> bool:
    return name.lower().endswith(DOCUMENT_SUFFIXES) and not name.startswith(".")
