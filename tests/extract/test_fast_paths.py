"""Fast paths of the extractor against the plain definitions they replace (same results on every input)."""

from __future__ import annotations

import json
import random
import re
from importlib import resources

from policygraph.extract.budget import _TABLE_HEADER, _inside_parentheses, _table_header
from policygraph.extract.cite_rules import default_rules, required_alternatives, required_chars
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


def test_required_alternatives_of_patterns():
    def alternatives(pattern: str) -> list[list[set]]:
        return [[set(a) for a in alts] for alts in required_alternatives(re.compile(pattern))]

    assert alternatives(r"第\d+号(?P<t>公告|令)") == [[{"公告"}, {"令"}]]
    # a branch inside one alternative of another binds only the matches through that alternative
    assert alternatives(r"(?:关于(?:印发|转发)|(?<=[甲乙])实施)《") == [[{"关于"}, {"实施"}]]
    assert alternatives(r"(?:甲(?:乙|丙)?|丁)") == [[{"甲"}, {"丁"}]]
    assert alternatives(r"(?:甲|(?=丙))") == []  # an alternative needing nothing: no requirement
    assert alternatives(r"(?:公告|令)?号") == []  # an optional branch: no requirement
    assert alternatives(r"(?:甲|乙乙|丙丙|丁丁)") == []  # too many alternatives to be worth checking


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
                for alts in rule.choices:
                    assert any(all(part in example for part in alt) for alt in alts), (rule.id, example)
                assert list(rule.finditer(example)), (rule.id, example)
                checked += 1
    assert checked > 20


#: pages._maybe_page_number as it was: one pattern tried at every line start (the oracle of its fast form)
_MAYBE_PAGE_NUMBER = re.compile(r"^(?=[^\n\d]*\d)(?:[^\S\n]|[\d\-第页,，/共Ppageof])*$", re.M)


def test_a_text_without_a_possible_page_number_line_has_no_page_number():
    from policygraph.extract.pages import _page_numbers
    from policygraph.extract.text import compact

    alphabet = list("0123456789-第页,，/共Pageof") + [" ", "\t", "\u3000", "\r", "\n", "\n", "x", "项"]
    seen = 0
    for text in _strings(alphabet, 20000, seed=11, longest=14):
        lines = split_lines(text)
        numbers = _page_numbers([compact(ln.text(text)) for ln in lines])
        if _MAYBE_PAGE_NUMBER.search(text) is None:
            assert not numbers, text
        seen += bool(numbers)
    assert seen > 20  # the inputs do hold page numbers


def test_maybe_page_number_is_the_line_pattern():
    from policygraph.extract.pages import _maybe_page_number

    alphabet = list("0123456789-第页,，/共Pageof") + [" ", "\t", "\u3000", "\x1c", "\r", "\n", "\n", "x", "项", "a1b"]
    maybe = 0
    for text in _strings(alphabet, 20000, seed=41, longest=14):
        expected = _MAYBE_PAGE_NUMBER.search(text) is not None
        assert _maybe_page_number(text) == expected, text
        maybe += expected
    assert 2000 < maybe < 18000  # both answers are tried


def test_joined_window_is_the_character_walk():
    from policygraph.extract.issuers import _joined_window

    def walk(text: str, lo: int, pos: int):
        if "\n" not in text[lo:pos] and "\r" not in text[lo:pos]:
            return text[lo:pos], list(range(lo, pos))
        chars, offsets, i = [], [], lo
        while i < pos:
            ch = text[i]
            if ch in "\r\n":
                line_start = text.rfind("\n", 0, i) + 1
                nxt = i + 1
                while nxt < pos and text[nxt] in "\r\n":
                    nxt += 1
                if not text.count("\n", i, nxt) > 1 and (i - line_start) >= 30:
                    while chars and chars[-1] in " \t\u3000":
                        chars.pop()
                        offsets.pop()
                    i = nxt
                    while i < pos and text[i] in " \t\u3000":
                        i += 1
                    continue
            chars.append(ch)
            offsets.append(i)
            i += 1
        return "".join(chars), offsets

    rng = random.Random(9)
    for _ in range(20000):
        n = rng.randint(0, 90)
        text = "".join(rng.choice("ab \u3000\t\n\r中") if rng.random() < 0.5 else "x" for _ in range(n))
        lo = rng.randint(0, n)
        pos = rng.randint(lo, n)
        assert _joined_window(text, lo, pos) == walk(text, lo, pos), (text, lo, pos)


def test_mention_cue_is_the_first_cue_that_holds():
    from policygraph.extract.normalize import _compiled, _mention_cues, doc_type, mention_cue, title_core

    def first_cue(title: str, after: str):
        core, type_len, lead = title_core(title), doc_type(title)[2], after.lstrip()
        for cue, what, where in _mention_cues():
            if where == "after_pattern" and _compiled(cue).match(lead):
                return what
            if where == "after" and lead.startswith(cue) and (type_len == 0 or what in ("magazine", "newspaper", "book", "media")):
                return what
            if where == "end" and core.endswith(cue) and len(cue) > type_len:
                return what
            if where == "in" and cue in core:
                return what
        return None

    words = [cue for cue, _, where in _mention_cues() if where != "after_pattern"]
    rng = random.Random(13)
    heads = ["上海市科技创新", "关于加强管理的", "茶叶科学", "中国统计", ""]
    tails = ["规划", "办法", "通知", "报告", "白皮书", "（2021-2025年）", "", "法"]
    for _ in range(5000):
        title = rng.choice(heads) + rng.choice(words + tails) + rng.choice(tails)
        after = rng.choice(["", " ", "2021年第4期", "，"]) + rng.choice(words + [""]) + rng.choice(["等", "。", ""])
        assert mention_cue(title, after) == first_cue(title, after), (title, after)


def test_two_parts_need_two_money_units_or_a_table_header():
    """structure._parts_in_content skips a section with fewer: project_money finds no two parts there."""
    from policygraph.extract.budget import project_money
    from policygraph.extract.models import Span

    pieces = ["1、设备购置", "2、运行维护", "：", "30", "万元", "元", "15.5", "亿", "（万元）", "金额(万元)", "\n", "，", "合计", "\t", "资金"]
    span_of = lambda s, e: Span(s, e, 1)  # noqa: E731
    checked = 0
    for k, text in enumerate(_strings(pieces, 4000, seed=17, longest=10)):
        units = text.count("元") + text.count("万") + text.count("亿")
        if units == 0 or (units == 1 and _table_header(text, 0, len(text)) is None):
            assert len(project_money(text, text, 0, len(text), span_of).subprojects) < 2, text
            checked += 1
    assert checked > 100


def test_known_prefix_is_the_longest_known_name_a_text_starts_with():
    from policygraph.extract.issuers import _known_longest_first, known_prefix

    names = _known_longest_first()
    rng = random.Random(21)
    texts = ["", "关于印发", "上海市人民政府办公厅关于"] + [n + rng.choice(["", "关于", "办公厅", "和"]) for n in names]
    texts += [n[: rng.randint(0, len(n))] for n in names]
    for text in texts:
        assert known_prefix(text) == next((n for n in names if text.startswith(n)), None), text


def test_line_index_is_the_first_line_holding_the_offset():
    from policygraph.extract.tables import _line_index

    for k, text in enumerate(_strings(list("ab\r\n"), 3000, seed=23, longest=12)):
        lines = split_lines(text)
        for offset in range(-1, len(text) + 2):
            expected = next((i for i, ln in enumerate(lines) if ln.start <= offset <= ln.end), len(lines))
            assert _line_index(lines, offset) == expected, (text, offset)


def test_matching_lines_is_a_search_per_line():
    from policygraph.extract.sections import _heading_start, _matching_lines, _name_label_word

    for pattern in (_heading_start(), _name_label_word()):
        alphabet = ["项目名称", "项目概述", "立项依据", "项目", "名称", "\n", "\r\n", "\r", " ", "\t", "a", "：", "一、"]
        found = 0
        for text in _strings(alphabet, 20000, seed=11, longest=12):
            lines = split_lines(text)
            expected = {i for i, ln in enumerate(lines) if pattern.search(text, ln.start, ln.end)}
            assert set(_matching_lines(pattern, text, lines)) == expected, text
            found += bool(expected)
        assert found > 5000  # the inputs do hold the words


def test_cell_label_matches_are_the_scan_of_the_block():
    from policygraph.extract.structure import _cell_label_matches, _cell_labels

    alphabet = ["实施单位", "项目实施主体", "\t实施单位\t", "预算单位:", " 预算单位 ", "实施", "单位", "\n", "\r\n", " ", "  ", "\t", "x", ":", "某局"]
    found = 0
    for k, text in enumerate(_strings(alphabet, 20000, seed=13, longest=14)):
        lo, hi = _ranges(text, k)
        expected = [(m.span(), m.groupdict()) for m in _cell_labels().finditer(text, lo, hi)]
        assert [(m.span(), m.groupdict()) for m in _cell_label_matches(text, lo, hi)] == expected, (text, lo, hi)
        found += bool(expected)
    assert found > 1000  # the inputs do hold labelled cells


def test_unit_hint_needs_the_word_unit():
    from policygraph.extract.structure import _UNIT_LINE

    for text in _strings(["单位", "金额", "：", "万元", "元", "单", "位", " ", "\n"], 5000, seed=19, longest=8):
        if "单位" not in text:
            assert _UNIT_LINE.search(text) is None, text


def test_line_starts_are_the_offsets_after_each_line_break():
    from policygraph.extract.reader import MAX_LINE_CHARS, SourceText, _check_lines

    def found(text: str) -> list[int]:
        starts, i = [0], text.find("\n")
        while i != -1:
            starts.append(i + 1)
            i = text.find("\n", i + 1)
        return starts

    for text in _strings(list("ab\r\n中"), 20000, seed=29, longest=12):
        assert list(SourceText.from_text(text, sha256="x")._line_starts) == found(text), text
    _check_lines("a\n" * 3 + "b" * MAX_LINE_CHARS, "ok.txt")  # a line of MAX_LINE_CHARS is allowed
    for text in ("b" * (MAX_LINE_CHARS + 1), "a\n" + "b" * (MAX_LINE_CHARS + 2) + "\n" + "c" * (MAX_LINE_CHARS + 5)):
        try:
            _check_lines(text, "long.txt")
        except Exception as exc:  # the first line too long is the one named
            assert f"a line of {len(text.split(chr(10))[0 if len(text.split(chr(10))) == 1 else 1]):,} characters" in str(exc)
        else:
            raise AssertionError("a line too long was let through")


def test_lines_ending_are_the_lines_whose_stripped_text_ends_like_a_title():
    from policygraph.extract.sections import _matching_lines, _suffix_end_of_line, _suffix_ends

    alphabet = ["说明", "说", "明", "情况", " ", "\t", "\u3000", "\x1c", "\x85", "\xa0", "\r", "\n", "\r\n", "a"]
    found = 0
    for text in _strings(alphabet, 20000, seed=31, longest=12):
        lines = split_lines(text)
        expected = {i for i, ln in enumerate(lines) if text[ln.start : ln.end].rstrip().endswith(_suffix_ends())}
        assert set(_matching_lines(_suffix_end_of_line(), text, lines, past_line_end=True)) == expected, text
        found += bool(expected)
    assert found > 3000  # the inputs do hold such lines


def test_part_heading_ends_are_the_stripped_line_ends():
    from policygraph.extract import vocab
    from policygraph.extract.sections import _matching_lines, _part_end_of_line

    ends = tuple({h[-2:] for h in vocab.project_part_headings()})
    alphabet = list(ends) + ["说", "明", ":", "：", " ", "\t", "\u3000", "\x1c", "\r", "\n", "\r\n", "a"]
    found = 0
    for text in _strings(alphabet, 20000, seed=37, longest=10):
        lines = split_lines(text)
        expected = [i for i, ln in enumerate(lines) if text[ln.start : ln.end].rstrip().rstrip(":：").endswith(ends)]
        assert _matching_lines(_part_end_of_line(), text, lines, past_line_end=True) == expected, text
        found += bool(expected)
    assert found > 3000  # the inputs do hold such lines


def test_to_yuan_is_the_decimal_product():
    from decimal import Decimal, InvalidOperation

    from policygraph.extract.tables import _to_yuan

    def by_decimal(text: str, unit: int):
        try:
            return int((Decimal(text.replace(",", "")) * unit).to_integral_value())
        except InvalidOperation:
            return None

    alphabet = list("0123456789") * 3 + [".", ",", "5", "50", "05", " ", "-", "_", "+"]
    for k, text in enumerate(_strings(alphabet, 10000, seed=43, longest=24)):
        for unit in (1, 1000, 10000):
            try:
                expected = by_decimal(text, unit)
            except (ValueError, ArithmeticError):  # "1e999999999" and the like: no table cell
                continue
            assert _to_yuan(text, unit) == expected, (text, unit)
    assert _to_yuan("0.5", 1) == 0 and _to_yuan("1.5", 1) == 2 and _to_yuan("2.5", 1) == 2  # half to even


def test_group_ok_options_are_the_index_loop_search():
    import itertools

    from policygraph.extract.tables import _MAX_ENUM, _Row, _group_ok_options, _vector

    def index_loops(parent, children, ncols, tolerance):  # tables._group_ok_options as it was
        members = [parent] + children
        size = 1
        for m in members:
            size *= len(m.options)
        if size == 1 or size > _MAX_ENUM:
            return None
        fixed_sum = [0] * ncols
        ambiguous = []
        for k, child in enumerate(children, start=1):
            if len(child.options) == 1:
                for c, v in enumerate(_vector(child, child.options[0], ncols)):
                    fixed_sum[c] += v
            else:
                ambiguous.append(k)
        vectors = {k: [_vector(members[k], o, ncols) for o in members[k].options] for k in ambiguous}
        ok = [set() for _ in members]
        any_ok = False
        for pi, pv in enumerate([_vector(parent, o, ncols) for o in parent.options]):
            need = [pv[c] - fixed_sum[c] for c in range(ncols)]
            if any(n < -tolerance for n in need):
                continue
            chosen = []

            def dfs(depth, sums):
                if depth == len(ambiguous):
                    if all(abs(need[c] - sums[c]) <= tolerance for c in range(ncols)):
                        for k, oi in zip(ambiguous, chosen):
                            ok[k].add(members[k].options[oi])
                        return True
                    return False
                found = False
                for oi, vec in enumerate(vectors[ambiguous[depth]]):
                    nxt = [sums[c] + vec[c] for c in range(ncols)]
                    if any(nxt[c] > need[c] + tolerance for c in range(ncols)):
                        continue
                    chosen.append(oi)
                    if dfs(depth + 1, nxt):
                        found = True
                    chosen.pop()
                return found

            if dfs(0, [0] * ncols):
                any_ok = True
                ok[0].add(parent.options[pi])
        if not any_ok:
            return None
        for k, m in enumerate(members):
            if len(m.options) == 1:
                ok[k] = set(m.options)
        return ok

    rng = random.Random(47)
    solved = 0
    for _ in range(3000):
        ncols = rng.randint(1, 4)

        def row(total: bool = False) -> _Row:
            n = rng.randint(1, ncols)
            values = [rng.choice([0, 1, 2, 3, 5, 8, 10, 13]) for _ in range(n)]
            placements = [p for p in itertools.combinations(range(ncols), n)]
            options = rng.sample(placements, rng.randint(1, len(placements)))
            return _Row("", None, values, [str(v) for v in values], 0, 0, options=options, is_total=total)

        children = [row() for _ in range(rng.randint(0, 4))]
        if rng.random() < 0.7:  # a parent that adds up under some placement of its children
            sums = [0] * ncols
            for child in children:
                for c, v in enumerate(_vector(child, rng.choice(child.options), ncols)):
                    sums[c] += v
            cols = tuple(c for c in range(ncols) if sums[c])
            values = [sums[c] for c in cols] or [0]
            cols = cols or (0,)
            others = [p for p in itertools.combinations(range(ncols), len(cols)) if p != cols]
            options = [cols] + rng.sample(others, rng.randint(0, len(others)))
            rng.shuffle(options)
            parent = _Row("", None, values, [str(v) for v in values], 0, 0, options=options, is_total=True)
        else:
            parent = row(True)
        tolerance = rng.choice([0, 0, 1, 2])
        expected = index_loops(parent, children, ncols, tolerance)
        assert _group_ok_options(parent, children, ncols, tolerance) == expected
        solved += expected is not None
    assert solved > 300  # the groups do add up often enough
