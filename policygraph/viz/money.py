"""Counting money once: projects nest (sub-projects sum up to their parent).

A parent project's amount already contains its sub-projects, so the money
behind a set of projects is the sum over the projects of the set that have no
ancestor in the set. A project without a stated amount counts the money of its
sub-projects, if they state one.

Amounts the extractor flagged as implausible (``implausible_amount``: more than
the department's whole budget, usually 万元 printed for 元) are left out of
every sum unless asked for: one misprint must not outweigh a whole corpus. Such
a project counts like one without a stated amount, and :meth:`ProjectTree.left_out`
says how much was left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, Optional

#: extraction flags (pg:flag) whose project amount is left out of money sums by default
LEFT_OUT_FLAGS = frozenset({"implausible_amount"})


def is_left_out(flags: Iterable[str]) -> bool:
    """True when a project's flags say its stated amount must not be summed (unless included)."""
    return not LEFT_OUT_FLAGS.isdisjoint(flags)


@dataclass
class ProjectTree:
    parent: Mapping[str, str]  # project -> parent project
    amount: Mapping[str, Optional[int]]  # stated yearly amount in yuan (None: not stated)
    flagged: frozenset[str] = frozenset()  # projects whose stated amount is not counted (LEFT_OUT_FLAGS)
    _children: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False)
    _money: dict[str, Optional[int]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for child, parent in self.parent.items():
            self._children.setdefault(parent, []).append(child)

    def ancestors(self, project: str) -> Iterable[str]:
        seen = {project}
        node = self.parent.get(project)
        while node is not None and node not in seen:  # a cycle in bad data must not hang us
            yield node
            seen.add(node)
            node = self.parent.get(node)

    def money(self, project: str) -> Optional[int]:
        """Stated amount, else the sum of the sub-projects' money; None when nothing is known.

        A flagged project's stated amount is not counted: its money is its sub-projects', if any.
        """
        if project not in self._money:
            self._money[project] = None  # guards against cycles while computing
            stated = None if project in self.flagged else self.amount.get(project)
            if stated is not None:
                self._money[project] = stated
            else:
                parts = [self.money(c) for c in self._children.get(project, ())]
                known = [p for p in parts if p is not None]
                self._money[project] = sum(known) if known else None
        return self._money[project]

    def covered(self, projects: Iterable[str]) -> int:
        """Yuan behind ``projects``, each yuan once (sub-projects of a member are inside it)."""
        members = set(projects)
        total = 0
        for project in members:
            if any(a in members for a in self.ancestors(project)):
                continue
            total += self.money(project) or 0
        return total

    def left_out(self, projects: Iterable[str]) -> tuple[int, int]:
        """(number of flagged projects, their stated yuan) among ``projects``: what the sums left out."""
        flagged = [p for p in set(projects) if p in self.flagged and self.amount.get(p) is not None]
        return len(flagged), sum(self.amount[p] for p in flagged)


_UNITS = {"": 1, "元": 1, "万": 10_000, "万元": 10_000, "亿": 100_000_000, "亿元": 100_000_000, "k": 1_000, "m": 1_000_000}


def parse_yuan(text: str) -> int:
    """``"5000000"``, ``"500万"``, ``"1.5亿"``, ``"2m"`` -> yuan; raises ValueError naming the text."""
    raw = "".join(str(text).split()).replace(",", "")
    number = raw.rstrip("元万亿kKmM")
    unit = raw[len(number):].lower()
    if unit not in _UNITS or not number:
        raise ValueError(f"cannot read {text!r} as an amount (examples: 5000000, 500万, 1.5亿)")
    try:
        value = float(number) * _UNITS[unit]
    except ValueError:
        raise ValueError(f"cannot read {text!r} as an amount (examples: 5000000, 500万, 1.5亿)") from None
    if value < 0:
        raise ValueError(f"amount {text!r} is negative")
    return int(round(value))
