"""A text builder that knows where every marked piece ends up: offsets and 1-based lines.

Documents are written paragraph by paragraph. A paragraph is a list of segments: plain
strings and :class:`Mark` objects (text whose span the ground truth needs). Layouts that wrap
long lines at a fixed width (like the 2025 sample, which wraps mid-word) insert line breaks
inside paragraphs; the spans are mapped through the inserted breaks arithmetically, so a
citation that wraps across two lines gets a span covering the break, as in real files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

from policygraph.extract.models import Span


@dataclass(frozen=True)
class Mark:
    """A piece of text whose span is wanted; ``payload`` travels back with the span."""

    text: str
    payload: Any


Segment = Union[str, Mark]


class TextBuilder:
    """Accumulates a document; ``newline`` is "\\n" or "\\r\\n"; ``wrap`` is the width of running text (0 = none)."""

    def __init__(self, newline: str = "\n", wrap: int = 0) -> None:
        self.newline = newline
        self.wrap = wrap
        self._parts: list[str] = []
        self.pos = 0  # offset where the next character goes
        self.line = 1  # line of that offset

    def para(self, *segments: Segment, flow: bool = False, gap: int = 0) -> list[tuple[Any, Span]]:
        """Write one paragraph, its line break and ``gap`` empty lines; return ``(payload, span)`` of every Mark.

        ``flow`` paragraphs (running text) are wrapped at the builder's width; headings and
        table rows never are.
        """
        width = self.wrap if flow else 0
        if len(segments) == 1 and type(segments[0]) is str:  # fast path: one plain string
            flat, marks = segments[0], ()
        else:
            pieces: list[str] = []
            marks_: list[tuple[int, int, Any]] = []
            at = 0
            for seg in segments:
                if type(seg) is str:
                    pieces.append(seg)
                    at += len(seg)
                else:
                    pieces.append(seg.text)
                    marks_.append((at, at + len(seg.text), seg.payload))
                    at += len(seg.text)
            flat, marks = "".join(pieces), marks_
        if "\n" in flat or "\r" in flat:
            raise ValueError(f"paragraph contains a line break: {flat[:40]!r}")
        nl = len(self.newline)
        if width and len(flat) > width:
            text = self.newline.join([flat[i : i + width] for i in range(0, len(flat), width)])
            breaks = (len(flat) - 1) // width
        else:
            width, text, breaks = 0, flat, 0
        spans = []
        pos, line = self.pos, self.line
        for a, b, payload in marks:
            if width:
                before_a, inside_b = a // width, (max(b, 1) - 1) // width
                spans.append((payload, Span(pos + a + before_a * nl, pos + b + inside_b * nl, line + before_a)))
            else:
                spans.append((payload, Span(pos + a, pos + b, line)))
        self._parts.append(text)
        self._parts.append(self.newline * (1 + gap))
        self.pos = pos + len(text) + nl * (1 + gap)
        self.line = line + breaks + 1 + gap
        return spans

    def blank(self, count: int = 1) -> None:
        """Write ``count`` empty lines."""
        self._parts.append(self.newline * count)
        self.pos += len(self.newline) * count
        self.line += count

    def mark_here(self) -> Span:
        """A zero-width span at the current position (start of the next paragraph)."""
        return Span(self.pos, self.pos, self.line)

    def value(self) -> str:
        return "".join(self._parts)

