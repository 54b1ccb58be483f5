"""Citation rules as data: regex fragments and rules loaded from ``patterns/*.jsonl``.

``patterns/fragments.jsonl`` holds named, documented regex fragments
(``{"name": "LB", "regex": "…", "doc": "…"}``); ``patterns/citations.jsonl`` holds the
rules (``{"id": "docnum.bracket", "label": "DOCNUM", "regex": "…{LB}…", "confidence":
0.95, "doc": "…", "examples": […]}``). ``{NAME}`` in a rule's regex is replaced by the
fragment ``NAME`` (upper-case names only, so ``{1,5}`` quantifiers are left alone).
Every rule has a stable ``id``; each citation carries the id of the rule that found it.

Labels say what a match is to the assembler (``cite_assemble``): TITLE, TITLE_OPEN,
WRAPPER, DOCNUM, LAW, INSTRUCTION.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional

from ..errors import PolicygraphError

LABELS = ("TITLE", "TITLE_OPEN", "TITLE_BARE", "WRAPPER", "DOCNUM", "LAW", "INSTRUCTION")
_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z_]*)\}")


class PatternError(PolicygraphError):
    """A pattern file is malformed (bad JSON, unknown fragment, invalid regex)."""


@dataclass(frozen=True)
class Rule:
    """A compiled rule. ``anchor``/``window``: where the rule can match at all — every match
    contains an anchor (a keyword such as 法 or 规划) and lies within ``window`` = (chars
    before, chars after) of it, so the rule runs only around anchors (the regex is the same;
    a rule that starts with a variable-length run is slow when tried at every position)."""

    id: str
    label: str
    regex: re.Pattern
    confidence: float
    doc: str = ""
    anchor: Optional[re.Pattern] = None
    window: tuple[int, int] = (0, 0)
    #: characters every match needs in the text (read from the regex: required_chars); a text
    #: lacking one is not searched at all (the rules for 令 and 公告 numbers try every position)
    required: frozenset = frozenset()
    #: alternatives a match needs one of (required_alternatives: "公告" or "令" after a 号), each a set of
    #: strings the text must all hold
    choices: tuple = ()

    def finditer(self, text: str):
        for char in self.required:
            if char not in text:
                return
        for alternatives in self.choices:
            if not any(all(part in text for part in alternative) for alternative in alternatives):
                return
        if self.anchor is None:
            yield from self.regex.finditer(text)
            return
        before, after = self.window
        last_end = 0
        windows: list[list[int]] = []
        for m in self.anchor.finditer(text):
            lo, hi = max(0, m.start() - before), min(len(text), m.end() + after)
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], hi)
            else:
                windows.append([lo, hi])
        for lo, hi in windows:
            pos = max(lo, last_end)
            for match in self.regex.finditer(text, pos, hi):
                last_end = match.end()
                yield match


def _read_jsonl(path: str, text: str) -> list[dict]:
    items = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise PatternError(f"line {n}: not JSON ({exc.msg})", path=path) from None
    return items


def _package_text(name: str) -> tuple[str, str]:
    ref = resources.files(__package__).joinpath("patterns", name)
    return str(ref), ref.read_text(encoding="utf-8")


def expand(regex: str, fragments: dict[str, str], *, where: str = "") -> str:
    """Replace ``{NAME}`` by its fragment (fragments may use other fragments)."""

    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name not in fragments:
            raise PatternError(f"unknown fragment {{{name}}}", path=where or None)
        return "(?:" + expand(fragments[name], fragments, where=where) + ")"

    return _PLACEHOLDER.sub(sub, regex)


def load_fragments(path: Optional[str] = None) -> dict[str, str]:
    where, text = (path, open(path, encoding="utf-8").read()) if path else _package_text("fragments.jsonl")
    frags = {}
    for item in _read_jsonl(where, text):
        if "name" not in item or "regex" not in item:
            raise PatternError("a fragment needs 'name' and 'regex'", path=where)
        frags[item["name"]] = item["regex"]
    return frags


def load_rules(path: Optional[str] = None, fragments_path: Optional[str] = None) -> tuple[Rule, ...]:
    """Compile the citation rules; raises PatternError naming the file and rule on any problem."""
    fragments = load_fragments(fragments_path)
    where, text = (path, open(path, encoding="utf-8").read()) if path else _package_text("citations.jsonl")
    rules, seen = [], set()
    for item in _read_jsonl(where, text):
        rid = item.get("id")
        if not rid or rid in seen:
            raise PatternError(f"rule without an id or duplicate id {rid!r}", path=where)
        seen.add(rid)
        label = item.get("label")
        if label not in LABELS:
            raise PatternError(f"rule {rid}: unknown label {label!r}", path=where)
        source = expand(item.get("regex", ""), fragments, where=where)
        try:
            compiled = re.compile(source)
        except re.error as exc:
            raise PatternError(f"rule {rid}: invalid regex ({exc})", path=where) from None
        anchor = None
        if item.get("anchor"):
            try:
                anchor = re.compile(expand(item["anchor"], fragments, where=where))
            except re.error as exc:
                raise PatternError(f"rule {rid}: invalid anchor ({exc})", path=where) from None
        window = tuple(item.get("window", (80, 40)))
        rules.append(Rule(rid, label, compiled, float(item.get("confidence", 0.9)), item.get("doc", ""), anchor, window,
                          required_chars(compiled), required_alternatives(compiled)))
    return tuple(rules)


def _parsed(pattern: re.Pattern):
    """``(opcodes, parse tree, repeat opcodes, atomic-group opcode)`` of a pattern (re's own parser),
    or None when it is not for this analysis (case-insensitive, verbose, bytes, unparsable)."""
    if pattern.flags & (re.IGNORECASE | re.VERBOSE) or not isinstance(pattern.pattern, str):
        return None
    try:
        from re import _parser as sre_parse  # Python 3.11+
    except ImportError:  # pragma: no cover - older Pythons
        import sre_parse  # type: ignore[no-redef]
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - an analysis only: no prefilter then
        return None
    c = sre_parse  # opcodes live beside the parser
    repeats = {c.MAX_REPEAT, c.MIN_REPEAT} | ({c.POSSESSIVE_REPEAT} if hasattr(c, "POSSESSIVE_REPEAT") else set())
    return c, parsed, repeats, getattr(c, "ATOMIC_GROUP", None)


def required_alternatives(pattern: re.Pattern) -> tuple:
    """What the text must hold for ``pattern`` to match anywhere, as branches of it say it: for each
    branch all of whose alternatives need some literal text (outside optional parts), the
    alternatives' needed strings ("(?:公告|令)" -> ({"公告"}, {"令"})). The text must hold all strings
    of one alternative at least, for every branch. Empty when unsure."""
    found = _parsed(pattern)
    if found is None:
        return ()
    c, parsed, repeats, atomic = found

    def strings(items, out: list) -> set:
        """Strings every match of ``items`` holds (runs of literals outside optional parts); the
        branches every match goes through are added to ``out``."""
        held: set = set()
        run = ""
        for op, av in items:
            if op is c.LITERAL:
                run += chr(av)
                continue
            if run:
                held.add(run)
                run = ""
            if op is c.SUBPATTERN:
                _group, add_flags, _del, sub = av
                if not add_flags & re.IGNORECASE:
                    held |= strings(sub, out)
            elif op in repeats:
                low, _high, sub = av
                if low >= 1:
                    held |= strings(sub, out)
            elif atomic is not None and op is atomic:
                held |= strings(av, out)
            elif op is c.BRANCH:
                # a branch inside one alternative binds only the matches through that alternative: dropped
                alternatives = [frozenset(strings(alt, [])) for alt in av[1]]
                if alternatives and all(alternatives):
                    out.append(tuple(alternatives))
        if run:
            held.add(run)
        return held

    found_branches: list = []
    strings(parsed, found_branches)
    # each alternative is a scan of the text: a branch of many (的通知|的意见|…, in documents that
    # hold one anyway) costs more than the search it might spare
    return tuple(dict.fromkeys(alts for alts in found_branches if len(alts) <= MAX_ALTERNATIVES))


#: branches of more alternatives than this are no prefilter (see required_alternatives)
MAX_ALTERNATIVES = 3


def required_chars(pattern: re.Pattern) -> frozenset:
    """Characters that every match of ``pattern`` contains: its literals outside optional parts
    (a repeat of at least one, a group, a character all alternatives of a branch need; never
    inside lookarounds, character sets or case-insensitive parts). Empty when unsure."""
    found = _parsed(pattern)
    if found is None:
        return frozenset()
    c, parsed, repeats, atomic = found

    def walk(items) -> set:
        out: set = set()
        for op, av in items:
            if op is c.LITERAL:
                out.add(chr(av))
            elif op is c.SUBPATTERN:
                _group, add_flags, _del, sub = av
                if not add_flags & re.IGNORECASE:
                    out |= walk(sub)
            elif op in repeats:
                low, _high, sub = av
                if low >= 1:
                    out |= walk(sub)
            elif op is c.BRANCH:
                alternatives = [walk(alt) for alt in av[1]]
                if alternatives:
                    out |= set.intersection(*alternatives)
            elif atomic is not None and op is atomic:
                out |= walk(av)
        return out

    return frozenset(walk(parsed))


@lru_cache(maxsize=1)
def default_rules() -> tuple[Rule, ...]:
    return load_rules()


@lru_cache(maxsize=None)
def fragment(name: str) -> re.Pattern:
    """One packaged fragment compiled on its own (used by the assembler for local checks)."""
    frags = load_fragments()
    return re.compile(expand("{" + name + "}", frags))
