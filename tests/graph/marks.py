"""Inline span markup for hand-made records: ``⟦`` and ``⟧`` around each span.

    >>> text, spans = marked("部门：⟦上海市科学技术委员会⟧\\n⟦某项目⟧")
    >>> text[spans[0].start:spans[0].end], spans[1].line
    ('上海市科学技术委员会', 2)

Spans are numbered in the order their opening marks appear; nesting is allowed
(a project extent around its heading).
"""

from __future__ import annotations

from policygraph.extract.models import Span

OPEN, CLOSE = "⟦", "⟧"


def marked(source: str) -> tuple[str, list[Span]]:
    text: list[str] = []
    opened: list[int] = []  # indexes into `spans` of open marks
    starts: list[int] = []
    ends: dict[int, int] = {}
    pos = 0
    for ch in source:
        if ch == OPEN:
            opened.append(len(starts))
            starts.append(pos)
        elif ch == CLOSE:
            ends[opened.pop()] = pos
        else:
            text.append(ch)
            pos += 1
    if opened:
        raise ValueError("unclosed ⟦")
    plain = "".join(text)
    return plain, [Span(s, ends[i], plain.count("\n", 0, s) + 1) for i, s in enumerate(starts)]
