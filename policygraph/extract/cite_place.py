"""Which project and section a citation sits in (``Placer(text, projects).place(offset)``).

Structure (``record.projects``) gives each project an extent (heading to the end of its
last section) and sections (heading + body). A citation is placed, in this order:

1. in the innermost project whose extent holds it, in the section whose heading or body
   holds it (a sub-project that does not repeat its parent's sections: the parent's);
2. outside every extent, in the project one of whose section bodies holds it: a summary
   table's 立项依据 cell before the detailed descriptions is a ``basis`` section of the
   project described later, outside that project's extent (held-out h6);
3. in a project but in no section (a flattened 绩效目标申报表 whose values the PDF moved
   away from their labels, sample 002): in the section of the nearest form label above
   it inside the project, when that label and the run of labels it stands in name one
   section only (a run 项目概况 / 立项依据 / 项目设立的必要性 followed by their values
   says nothing about which value is which; 质量目标 / 时效目标 / 备注 all belong to the
   performance table). Labels: ``structure_data/form_labels.tsv`` and the performance
   table's headings in ``data/form_value_sections.tsv``.

A citation in a footnote or a table note (a line opening with ``[1]``, ``［1］``, ``注①：``,
``注1：``, up to a blank line or the next note) is placed where the note is referred to
(``…总体方案》[1]``, ``见注①``: the first reference outside the note), since that is the text it
justifies; a note nobody refers to is placed like any text.

Department-level text (no project's extent or section) stays project None.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Optional, Sequence

from . import vocab
from .cite_data import read_table
from .models import Project, Section

#: a label line that opens no section (项目名称, 备注 …): part of a run, says nothing itself
NEUTRAL = "-"
_SPACE = re.compile(r"[\s\u3000]+")
_MAX_LINES_BACK = 400


@lru_cache(maxsize=1)
def label_sections() -> dict[str, str]:
    """form label (whitespace removed) -> section key, or NEUTRAL."""
    labels = {label: (key if key and key != "-" else NEUTRAL) for label, key in vocab.form_labels().items()}
    for row in read_table("form_value_sections.tsv"):
        labels[_SPACE.sub("", row[0])] = row[1]
    return labels


class Placer:
    """Places offsets of one document's text in its projects and sections."""

    def __init__(self, text: str, projects: Sequence[Project]) -> None:
        self.text = text
        self.projects = tuple(projects)
        self._lines: Optional[list[int]] = None  # start offset of every line
        self._kinds: dict[int, Optional[str]] = {}  # line index -> label key / NEUTRAL / None
        self._notes: Optional[list[tuple[int, int, Optional[int]]]] = None  # (start, end, where referred to)

    def place(self, start: int) -> tuple[Optional[str], Optional[str]]:
        """(project name, section key) of the citation starting at ``start``."""
        return self._place(self.anchor(start))

    def anchor(self, start: int) -> int:
        """The offset a citation starting at ``start`` is placed by: where its note is referred
        to when it stands in a footnote, else its own."""
        ref = self._note_reference(start)
        return ref if ref is not None else start

    def _place(self, start: int) -> tuple[Optional[str], Optional[str]]:
        best = self._innermost(start)
        if best is None:
            return self._by_section_body(start)
        section = _section_of(start, best.sections)
        if section is None and best.parent:
            # a sub-project may not repeat its parent's sections: look in the parent
            for p in self.projects:
                if p.name == best.parent and p.extent.start <= start < p.extent.end:
                    section = _section_of(start, p.sections)
        if section is None:
            section = self._by_form_label(start, best)
        return best.name, section

    def _innermost(self, start: int) -> Optional[Project]:
        best: Optional[Project] = None
        for p in self.projects:
            if p.extent.start <= start < p.extent.end:
                if best is None or (p.extent.end - p.extent.start) < (best.extent.end - best.extent.start):
                    best = p
        return best

    def _by_section_body(self, start: int) -> tuple[Optional[str], Optional[str]]:
        """The project whose section body (the smallest, if several) holds ``start``."""
        best: Optional[tuple[int, Project, Section]] = None
        for p in self.projects:
            for s in p.sections:
                if s.body.start <= start < s.body.end:
                    size = s.body.end - s.body.start
                    if best is None or size < best[0]:
                        best = (size, p, s)
        if best is None:
            return None, None
        return best[1].name, best[2].key

    # -- notes ----------------------------------------------------------------

    def _note_reference(self, start: int) -> Optional[int]:
        """Where the note holding ``start`` is referred to, if it is in a note that is."""
        if self._notes is None:
            self._notes = _notes(self.text)
        for lo, hi, ref in self._notes:
            if lo <= start < hi:
                return ref
        return None

    # -- form labels --------------------------------------------------------

    def _line_starts(self) -> list[int]:
        if self._lines is None:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._lines = starts
        return self._lines

    def _line_text(self, i: int) -> str:
        starts = self._line_starts()
        end = starts[i + 1] if i + 1 < len(starts) else len(self.text)
        return _SPACE.sub("", self.text[starts[i]:end])

    def _kind(self, i: int) -> Optional[str]:
        """The label key of line ``i`` (a label wrapped over two lines counts on both), NEUTRAL,
        or None for a line that is no label."""
        if i not in self._kinds:
            labels = label_sections()
            one = self._line_text(i)
            kind = labels.get(one) if one else None
            if kind is None and one:
                n = len(self._line_starts())
                nxt = self._line_text(i + 1) if i + 1 < n else ""
                prev = self._line_text(i - 1) if i > 0 else ""
                kind = (labels.get(one + nxt) if nxt else None) or (labels.get(prev + one) if prev else None)
            self._kinds[i] = kind
        return self._kinds[i]

    def _by_form_label(self, start: int, project: Project) -> Optional[str]:
        starts = self._line_starts()
        here = bisect.bisect_right(starts, start) - 1
        first = bisect.bisect_right(starts, project.extent.start) - 1
        for i in range(here - 1, max(first, here - _MAX_LINES_BACK) - 1, -1):
            kind = self._kind(i)
            if kind is None or kind == NEUTRAL:
                continue
            return kind if self._run_agrees(i, kind, first, here) else None
        return None

    def _run_agrees(self, i: int, kind: str, first: int, last: int) -> bool:
        """Whether every keyed label of the run of label lines around line ``i`` (blank lines
        between them allowed) names ``kind``."""
        for step in (-1, 1):
            j = i + step
            while first <= j < last:
                if self._line_text(j):
                    other = self._kind(j)
                    if other is None:
                        break
                    if other not in (kind, NEUTRAL):
                        return False
                j += step
        return True


def _section_of(start: int, sections: Sequence[Section]) -> Optional[str]:
    for s in sections:
        if s.body.start <= start < s.body.end or s.span.start <= start < s.span.end:
            return s.key
    return None


#: a footnote or table note: [1] …, ［1］…, 注①：…, 注1：…
_NOTE = re.compile(r"^[ \t\u3000]*(?:\[(?P<b>\d{1,2})\]|［(?P<w>\d{1,2})］|注[ \t\u3000]*(?P<c>[①-⑳]|\d{1,2})[ \t\u3000]*[：:])", re.M)
_NOTE_END = re.compile(r"\n[ \t\u3000]*(?:\r?\n|(?=\[\d{1,2}\]|［\d{1,2}］|注[ \t\u3000]*(?:[①-⑳]|\d{1,2})[ \t\u3000]*[：:]))")


def _notes(text: str) -> list[tuple[int, int, Optional[int]]]:
    """(start, end, offset of the first reference elsewhere) of every note in ``text``."""
    out = []
    for m in _NOTE.finditer(text):
        end_m = _NOTE_END.search(text, m.end())
        end = end_m.start() + 1 if end_m else len(text)
        if m.group("b") or m.group("w"):
            refs = re.compile(r"(?<=[^\s\u3000])(?:\[%s\]|［%s］)" % (m.group("b") or m.group("w"), m.group("b") or m.group("w")))
        else:
            mark = m.group("c")
            refs = re.compile(re.escape(mark) if not mark.isdigit() else "注" + re.escape(mark) + r"(?!\d)")
        ref = next((r.start() for r in refs.finditer(text) if not (m.start() <= r.start() < end)), None)
        out.append((m.start(), end, ref))
    return out
