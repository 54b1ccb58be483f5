"""Fast paths of the extractor against the plain definitions they replace (same results on every input)."""

from __future__ import annotations

import json
import random
import re
from importlib import resources

from policygraph.extract.budget import _TABLE_HEADER, _inside_parentheses, _table_header
from policygraph.extract.cite_rules import default_rules, required_chars
from policygraph.extract.text import _FOLD, _WIDE_THOUSANDS, fold, split_lines


def _strings(alphabet: list[str], n: int, seed: int, longest: int = 16):
    rng = random.Random(seed)
    for _ in range(n):
        yield "".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest)))


def _ranges(text: str, seed: int):
    rng = random.Random(seed)
    lo = rng.randint(0, len(text))
    return lo, rng.randint(lo, len(text))


def test_table_header_is_the_header_regex():
    alphabet = ["金额", "预算", "预算数", "(万元)", "(元)", "(亿元)", "(", ")", "万元", "\n", "a", "  ", "\t"]
    found = 0
    for k, text in enumerate(_strings(alphabet, 20000, seed=7, longest=20)):
        lo, hi = _ranges(text, k)
        m = _TABLE_HEADER.search(text, lo, hi)
        assert _table_header(text, lo, hi) == ((m.start(), m.end(), m.group("unit")) if m else None), (text, lo, hi)
        found += m is not None
    assert found > 500  # the inputs do hold headers


def test_inside_parentheses_counts_nesting_as_a_scan_does():
    def scan(view: str, lo: int, hi: int) -> set[int]:
        inside, depth = set(), 0
        for i in range(lo, hi):
            if view[i] == "(":
                depth += 1
            elif view[i] == ")":
                depth = max(0, depth - 1)
            elif depth:
                inside.add(i)
        return inside

    for k, text in enumerate(_strings(list("(()a b"), 20000, seed=3)):
        lo, hi = _ranges(text, k)
        assert _inside_parentheses(text, lo, hi) == scan(text, lo, hi), (text, lo, hi)


def test_split_lines_offsets():
    def scan(text: str) -> list[tuple[int, int, int]]:
        out, pos, no = [], 0, 1
        while True:
            nl = text.find("\n", pos)
            end = len(text) if nl == -1 else nl
            out.append((no, pos, end - 1 if end > pos and text[end - 1] == "\r" else end))
            if nl == -1:
                return out
            pos, no = nl + 1, no + 1

    for text in _strings(list("ab\r\n"), 20000, seed=1, longest=12):
        lines = split_lines(text)
        assert [(ln.no, ln.start, ln.end) for ln in lines] == scan(text), text
        assert all(ln.text(text) == text[ln.start : ln.end] for ln in lines)


def test_fold_is_the_translation_table():
    alphabet = [chr(c) for c in _FOLD] + list("ab 12，,\n中文\\[]^-")
    for text in _strings(alphabet, 20000, seed=5):
        expected = text.translate(_FOLD)
        if "\uff0c" in expected:
            expected = _WIDE_THOUSANDS.sub(",", expected)
        assert fold(text) == expected, text


def test_required_chars_of_patterns():
    assert required_chars(re.compile(r"(?<=[\u3400-\u9fff])第\d+号(?P<t>令)")) == {"第", "号", "令"}
    assert required_chars(re.compile(r"a?b*(?:c|cd)(?:e{1,3})x{0,2}(?=y)")) == {"c", "e"}
    assert required_chars(re.compile(r"(?:公告|令)号")) == {"号"}
    assert required_chars(re.compile(r"[甲乙]|丙")) == set()
    assert required_chars(re.compile(r"(?i:k)号")) == {"号"}
    assert required_chars(re.compile(r"abc", re.I)) == set()


def test_every_rule_example_holds_the_rule_s_required_chars():
    """Each pattern file example its rule matches contains the characters the prefilter asks for."""
    rules = {r.id: r for r in default_rules()}
    text = resources.files("policygraph.extract").joinpath("patterns", "citations.jsonl").read_text(encoding="utf-8")
    checked = 0
    for line in text.splitlines():
        if not line.strip() or line.startswith("//"):
            continue
        item = json.loads(line)
        rule = rules[item["id"]]
        for example in item.get("examples", []):
            if rule.regex.search(example):
                assert rule.required <= set(example), (rule.id, example)
                assert list(rule.finditer(example)), (rule.id, example)
                checked += 1
    assert checked > 20
