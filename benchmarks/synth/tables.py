"""Budget tables whose rows add up, written in the samples' two table layouts.

A department-year budget is drawn leaf by leaf (功能分类 项 rows); every 款 and 类 row, every
合计 row and every other table (income, expenditure, general public budget, economic
classification, the two summary tables, 三公) is computed from the leaves, so all totals agree.

Layouts: ``tab`` (cells separated by tabs, empty cells kept, as in the 2023 samples) and
``space`` (cells separated by one space, empty cells left out, headers wrapped over several
lines and repeated at page breaks, as in the 2025 sample). In the space layout a row with
empty cells does not say which column a number belongs to; that is how the real file is.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from policygraph.extract.models import BudgetLine, Figure

from . import data, money
from .text import Mark, TextBuilder
from .world import DeptWorld

INCOME_COLUMNS = ("合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入")
SPENDING_COLUMNS = ("合计", "基本支出", "项目支出")
ECONOMIC_COLUMNS = ("合计", "人员经费", "公用经费")
CN_ORDINALS = "一二三四五六七八九十"

# share of 基本支出 taken by the rows every department has (pensions, medical insurance, housing)
COMMON_SHARES = {
    "2080501": (0.7, 0.010), "2080502": (0.6, 0.015), "2080505": (1.0, 0.080), "2080506": (1.0, 0.040),
    "2080599": (0.4, 0.002), "2101101": (0.8, 0.015), "2101102": (0.8, 0.030), "2101103": (0.3, 0.003),
    "2210201": (1.0, 0.040), "2210202": (0.2, 0.005), "2210203": (0.7, 0.010),
}


@dataclass(frozen=True)
class CodeRow:
    code: str
    name: str
    hint: str
    domains: tuple[str, ...]


@lru_cache(maxsize=None)
def function_codes() -> dict[str, CodeRow]:
    return {r[0]: CodeRow(r[0], r[1], r[2], tuple(r[3].split(",")) if r[3] else ()) for r in data.tsv("function_codes.tsv")}


@lru_cache(maxsize=None)
def economic_codes() -> dict[str, tuple[str, str, float]]:
    return {r[0]: (r[1], r[2], float(r[3]) if r[3] else 0.0) for r in data.tsv("economic_codes.tsv")}


@dataclass
class Leaf:
    code: str
    basic: int = 0
    project: int = 0
    fiscal_basic: int = 0
    fiscal_project: int = 0
    business: int = 0  # 事业收入
    operating: int = 0  # 事业单位经营收入
    other: int = 0  # 其他收入

    @property
    def total(self) -> int:
        return self.basic + self.project

    @property
    def fiscal(self) -> int:
        return self.fiscal_basic + self.fiscal_project


LEAF_COLUMNS = ("total", "basic", "project", "fiscal", "fiscal_basic", "fiscal_project", "business", "operating", "other")


@dataclass
class Budget:
    year: int
    unit: str  # "元" | "万元": how the tables are written
    quantum: int  # 1 yuan, or 100 yuan when tables are in 万元 with two decimals
    leaves: dict[str, Leaf]
    economic: dict[str, tuple[int, str]] = field(default_factory=dict)  # code -> (amount, column)
    sangong: dict[str, int] = field(default_factory=dict)
    running_cost: int = 0  # 机关运行经费
    previous_fiscal: int = 0  # last year's 财政拨款, for the 编制说明 text
    _totals: Optional[dict[str, dict[str, int]]] = None

    def sum(self, prefix: str, attr: str) -> int:
        return self.totals().get(prefix, {}).get(attr, 0)

    def totals(self) -> dict[str, dict[str, int]]:
        """Every column of every 类/款/项 code, summed from the leaves once."""
        if self._totals is None:
            self._totals = {}
            for leaf in self.leaves.values():
                values = {a: getattr(leaf, a) for a in LEAF_COLUMNS}
                for prefix in (leaf.code[:3], leaf.code[:5], leaf.code):
                    row = self._totals.setdefault(prefix, dict.fromkeys(LEAF_COLUMNS, 0))
                    for a, v in values.items():
                        row[a] += v
        return self._totals

    @property
    def total(self) -> int:
        return sum(leaf.total for leaf in self.leaves.values())

    @property
    def fiscal(self) -> int:
        return sum(leaf.fiscal for leaf in self.leaves.values())

    def classes(self) -> list[str]:
        return sorted({code[:3] for code in self.leaves})


def _choose_leaves(rng: random.Random, world: DeptWorld) -> tuple[list[str], list[str]]:
    """(leaves carrying 基本支出, leaves carrying 项目支出) for a department in one year."""
    rows = function_codes()
    domain = world.dept.domain
    own = [c for c, r in rows.items() if len(c) == 7 and domain in r.domains]
    basic = [c for c in own if rows[c].hint in ("basic", "mixed")]
    project = [c for c in own if rows[c].hint in ("project", "mixed")]
    basic = [c for c in basic if rng.random() < 0.75] or basic[:1]
    project = [c for c in project if rng.random() < 0.7] or project[:1]
    common = [c for c, (p, _) in COMMON_SHARES.items() if rng.random() < p]
    if rng.random() < 0.15:
        project.append("2109999")
    return sorted(set(basic + common)), sorted(set(project))


def make_budget(rng: random.Random, world: DeptWorld, year: int, projects_total: int) -> Budget:
    quantum = 100 if world.table_unit == "万元" else 1
    q = lambda v: (int(v) // quantum) * quantum  # noqa: E731
    basic_total = q(world.basic_median * (1.05 ** (year - 2014)) * rng.uniform(0.9, 1.1))
    project_total = q(max(projects_total * rng.uniform(1.05, 2.5), basic_total * rng.uniform(0.05, 0.6)))
    basic_codes, project_codes = _choose_leaves(rng, world)
    leaves: dict[str, Leaf] = {}

    common = [c for c in basic_codes if c in COMMON_SHARES]
    own_basic = [c for c in basic_codes if c not in COMMON_SHARES]
    common_amounts = [q(basic_total * COMMON_SHARES[c][1] * rng.uniform(0.7, 1.3)) for c in common]
    rest = basic_total - sum(common_amounts)
    own_amounts = money.allocate(rest, [rng.uniform(0.2, 3.0) for _ in own_basic], quantum)
    for code, amount in zip(common + own_basic, common_amounts + own_amounts):
        leaves.setdefault(code, Leaf(code)).basic += amount
    # a running-cost row sometimes carries a small project part too (行政运行 with 130,240 of 项目支出)
    small = [c for c in own_basic if rng.random() < 0.25]
    small_total = q(project_total * 0.02) if small else 0
    for code, amount in zip(small, money.allocate(small_total, [1.0] * len(small), quantum)):
        leaves[code].project += amount
    for code, amount in zip(project_codes, money.allocate(project_total - small_total, [rng.uniform(0.1, 3.0) for _ in project_codes], quantum)):
        leaves.setdefault(code, Leaf(code)).project += amount
    leaves = {c: leaf for c, leaf in leaves.items() if leaf.total > 0}

    has_business = len(world.units) > world.n_admin
    for leaf in leaves.values():
        share = 1.0 if rng.random() < 0.6 or not has_business else rng.uniform(0.55, 0.98)
        leaf.fiscal_basic = q(leaf.basic * share) if share < 1 else leaf.basic
        leaf.fiscal_project = q(leaf.project * share) if share < 1 and rng.random() < 0.5 else leaf.project
        rest = leaf.total - leaf.fiscal
        if rest:
            r = rng.random()
            if r < 0.7:
                leaf.business = rest
            elif r < 0.9:
                leaf.business = q(rest * rng.uniform(0.3, 0.9))
                leaf.other = rest - leaf.business
            elif r < 0.95:
                leaf.operating = rest
            else:
                leaf.other = rest
    budget = Budget(year, world.table_unit, quantum, dict(sorted(leaves.items())))
    _economic(rng, budget)
    _sangong(rng, budget)
    budget.previous_fiscal = q(budget.fiscal * rng.uniform(0.85, 1.1))
    return budget


def _economic(rng: random.Random, budget: Budget) -> None:
    """Spread the general-public-budget 基本支出 over economic classification rows."""
    fb = sum(leaf.fiscal_basic for leaf in budget.leaves.values())
    rows = [(c, col, w * rng.uniform(0.5, 1.5)) for c, (_, col, w) in economic_codes().items()
            if len(c) == 5 and (w >= 0.5 or rng.random() < 0.7)]
    amounts = money.allocate(fb, [w for _, _, w in rows], budget.quantum)
    budget.economic = {c: (a, col) for (c, col, _), a in zip(rows, amounts) if a > 0}


def _sangong(rng: random.Random, budget: Budget) -> None:
    """三公 经费 and 机关运行经费, in multiples of 100 yuan (the table shows 万元 with two decimals)."""
    fb = sum(leaf.fiscal_basic for leaf in budget.leaves.values())
    h = lambda v: int(v) // 100 * 100  # noqa: E731
    abroad = h(fb * rng.uniform(0.0005, 0.004))
    reception = h(fb * rng.uniform(0.0002, 0.002))
    buy = h(fb * rng.uniform(0.0005, 0.003)) if rng.random() < 0.2 else 0
    run = h(fb * rng.uniform(0.0005, 0.003))
    budget.sangong = {"因公出国(境)费": abroad, "公务接待费": reception, "公务用车购置费": buy, "公务用车运行费": run}
    public = sum(a for a, col in budget.economic.values() if col == "公用经费")
    budget.running_cost = h(public * rng.uniform(0.3, 0.8))


# ---------------------------------------------------------------------------
# writing the tables


@dataclass
class TableStyle:
    layout: str  # "tab" | "space"
    heading: str  # "## " for Markdown, "" for plain
    number: str  # "sep" | "plain" | "decimals"
    page_rows: int  # rows per "page" before a break
    repeat_header: bool
    names: bool = True  # the 科目名称 column is present


def fmt(style: TableStyle, budget: Budget, yuan: int) -> str:
    if budget.unit == "万元":
        return money.wan(yuan, min_decimals=2, sep=style.number != "plain")
    if style.number == "plain":
        return str(yuan)
    if style.number == "decimals":
        return f"{yuan:,}.00"
    return f"{yuan:,}"


def _split_code(code: str) -> list[str]:
    return [code[:3], code[3:5], code[5:7]]


def _title(b: TextBuilder, style: TableStyle, title: str, dept_name: str, unit: str) -> None:
    b.para(style.heading + title)
    b.blank()
    if style.layout == "space":
        b.para(f"编制部门：{dept_name} 单位：{unit}")
        b.blank()
    else:
        b.para(f"编制部门：{dept_name}")
        b.blank()
        b.para(f"单位：{unit}")
        b.blank()


def _header(b: TextBuilder, style: TableStyle, group: str, columns: tuple[str, ...], economic: bool = False) -> None:
    code_title = "部门预算经济分类科目编码" if economic else "功能分类科目编码"
    name_title = "经济分类科目名称" if economic else "功能分类科目名称"
    levels = ["类", "款"] if economic else ["类", "款", "项"]
    if style.layout == "tab":
        width = len(levels) + (1 if style.names else 0) + len(columns)
        b.para("项目" + "\t" * len(levels) + group + "\t" * (width - len(levels) - 1))
        names = [name_title] if style.names else []
        b.para(code_title + "\t" * len(levels) + "\t".join(names + list(columns)))
        b.para("\t".join(levels) + "\t" * (width - len(levels) + 1))
    else:
        b.para(f"项目 {group}")
        b.blank()
        if economic:
            b.para("部门预算经济")
            b.para(f"分类科目编码 {name_title} " + " ".join(columns))
        else:
            b.para(code_title)
            # long column names wrap in the 2025 sample: "…事业收入\n\n事业单位\n经营收入\n\n其他收入"
            long_at = next((i for i, col in enumerate(columns) if len(col) > 6), len(columns))
            b.para(f"{name_title} " + " ".join(columns[:long_at]))
            for col in columns[long_at:]:
                b.blank()
                if len(col) > 6:
                    b.para(col[:4])
                    b.para(col[4:])
                else:
                    b.para(col)
        if not economic and len(columns) > 3:
            b.blank()
        b.para(" ".join(levels))
        b.blank()


def _row(b: TextBuilder, style: TableStyle, parts: list[str], name: Optional[str], values: list[str]) -> tuple:
    if style.layout == "tab":
        cells = parts + ([name or ""] if style.names else []) + values
        text = "\t".join(cells)
    else:
        cells = [p for p in parts if p] + ([name] if name and style.names else []) + [v for v in values if v]
        text = " ".join(cells)
    (payload, span), = b.para(Mark(text, "row"), gap=1 if style.layout == "space" else 0)
    return span


def write_classified(b: TextBuilder, style: TableStyle, budget: Budget, title: str, dept_name: str, group: str,
                     columns: tuple[str, ...], values_of, codes: list[str], economic: bool = False) -> list[BudgetLine]:
    """One classified table: a row per 类/款/项 code (parents are sums), then 合计. Returns its budget lines."""
    _title(b, style, title, dept_name, budget.unit)
    _header(b, style, group, columns, economic)
    lines: list[BudgetLine] = []
    names = {c: r[0] for c, r in economic_codes().items()} if economic else {c: r.name for c, r in function_codes().items()}
    for i, code in enumerate(codes):
        if i and i % style.page_rows == 0:
            b.blank(2 if style.layout == "space" else 1)
            if style.repeat_header:
                _header(b, style, group, columns, economic)
        amounts = values_of(code)
        cells = [fmt(style, budget, amounts[col]) if amounts.get(col) else "" for col in columns]
        parts = [code[:3], code[3:5]] if economic else _split_code(code)
        span = _row(b, style, parts, names[code], cells)
        lines.append(BudgetLine(table=title, classification="economic" if economic else "function", code=code,
                                name=names[code] if style.names else None,
                                amounts=tuple((col, amounts[col]) for col in columns if amounts.get(col)), span=span))
    totals = {col: sum(values_of(c).get(col, 0) for c in codes if len(c) == 3) for col in columns}
    cells = [fmt(style, budget, totals[col]) if totals.get(col) else "" for col in columns]
    if style.layout == "tab":
        leading = (2 if economic else 3) + (1 if style.names else 0)  # empty code (and name) cells after 合计
        b.para("合计" + "\t" * leading + "\t".join(cells))
    else:
        b.para("合计 " + " ".join(c for c in cells if c))
    b.blank(3 if style.layout == "space" else 1)
    return lines


def _function_codes(leaves: list) -> list[str]:
    codes = set()
    for leaf in leaves:
        codes.update((leaf.code[:3], leaf.code[:5], leaf.code))
    return sorted(codes)


def write_function_tables(b: TextBuilder, style: TableStyle, budget: Budget, dept_name: str) -> list[BudgetLine]:
    y = budget.year
    leaves = list(budget.leaves.values())
    fiscal = [leaf for leaf in leaves if leaf.fiscal > 0]

    def income(code: str) -> dict[str, int]:
        return {"合计": budget.sum(code, "total"), "财政拨款收入": budget.sum(code, "fiscal"),
                "事业收入": budget.sum(code, "business"), "事业单位经营收入": budget.sum(code, "operating"),
                "其他收入": budget.sum(code, "other")}

    def spending(code: str) -> dict[str, int]:
        return {"合计": budget.sum(code, "total"), "基本支出": budget.sum(code, "basic"), "项目支出": budget.sum(code, "project")}

    def public(code: str) -> dict[str, int]:  # fiscal columns; codes without fiscal money are not listed
        return {"合计": budget.sum(code, "fiscal"), "基本支出": budget.sum(code, "fiscal_basic"),
                "项目支出": budget.sum(code, "fiscal_project")}

    lines = []
    lines += write_classified(b, style, budget, f"{y}年部门收入预算总表", dept_name, "收入预算", INCOME_COLUMNS, income,
                              _function_codes(leaves))
    lines += write_classified(b, style, budget, f"{y}年部门支出预算总表", dept_name, "支出预算", SPENDING_COLUMNS, spending,
                              _function_codes(leaves))
    write_fiscal_summary(b, style, budget, dept_name)
    lines += write_classified(b, style, budget, f"{y}年部门一般公共预算支出功能分类预算表", dept_name, "一般公共预算支出",
                              SPENDING_COLUMNS, public, _function_codes(fiscal))
    for fund in ("政府性基金", "国有资本经营"):
        write_empty(b, style, budget, f"{y}年部门{fund}预算支出功能分类预算表", dept_name, f"{fund}预算支出")
    lines += write_economic(b, style, budget, dept_name)
    return lines


def write_economic(b: TextBuilder, style: TableStyle, budget: Budget, dept_name: str) -> list[BudgetLine]:
    title = f"{budget.year}年部门一般公共预算基本支出部门预算经济分类预算表"
    codes = sorted({c[:3] for c in budget.economic} | set(budget.economic))

    sums: dict[str, dict[str, int]] = {}
    for c, (amount, col) in budget.economic.items():
        for prefix in (c[:3], c):
            row = sums.setdefault(prefix, {"合计": 0, "人员经费": 0, "公用经费": 0})
            row["合计"] += amount
            row[col] += amount

    def values(code: str) -> dict[str, int]:
        return sums[code]

    return write_classified(b, style, budget, title, dept_name, "一般公共预算基本支出", ECONOMIC_COLUMNS, values, codes, economic=True)


def write_empty(b: TextBuilder, style: TableStyle, budget: Budget, title: str, dept_name: str, group: str) -> None:
    _title(b, style, title, dept_name, budget.unit)
    _header(b, style, group, SPENDING_COLUMNS)
    b.para("合计" + ("\t" * 6 if style.layout == "tab" else ""))
    b.blank(3 if style.layout == "space" else 1)


def _pairs(b: TextBuilder, style: TableStyle, left: list[tuple[str, Optional[int]]], right: list[tuple[str, list[Optional[int]]]],
           budget: Budget) -> None:
    """Rows of a two-sided summary table (income items | spending items)."""
    sep = "\t" if style.layout == "tab" else " "
    for i in range(max(len(left), len(right))):
        cells: list[str] = []
        if i < len(left):
            name, value = left[i]
            indent = "　　" if style.layout == "space" and name[:1].isdigit() else ""
            cells += [indent + name, fmt(style, budget, value) if value else ""]
        else:
            cells += ["", ""]
        if i < len(right):
            name, values = right[i]
            cells += [name] + [fmt(style, budget, v) if v else "" for v in values]
        text = sep.join(cells) if style.layout == "tab" else " ".join(c for c in cells if c)
        b.para(text, gap=1 if style.layout == "space" else 0)


def write_money_summary(b: TextBuilder, style: TableStyle, budget: Budget, dept_name: str) -> list[Figure]:
    """部门财务收支预算总表: income sources against spending by 类. Returns the 收入总计/支出总计 figures."""
    title = f"{budget.year}年部门财务收支预算总表"
    _title(b, style, title, dept_name, budget.unit)
    sep = "\t" if style.layout == "tab" else " "
    b.para(sep.join(["本年收入", "", "本年支出", ""]) if style.layout == "tab" else "本年收入 本年支出")
    if style.layout == "space":
        b.blank()
    b.para(sep.join(["项目", "预算数", "项目", "预算数"]))
    if style.layout == "space":
        b.blank()
    fiscal = budget.fiscal
    business = sum(leaf.business for leaf in budget.leaves.values())
    operating = sum(leaf.operating for leaf in budget.leaves.values())
    other = sum(leaf.other for leaf in budget.leaves.values())
    dot = "、" if style.layout == "tab" else ". "
    left = [("一、财政拨款收入", fiscal), (f"1{dot}一般公共预算资金" if style.layout == "space" else "1、一般预算资金", fiscal),
            (f"2{dot}政府性基金", None), (f"3{dot}国有资本经营预算", None), ("二、事业收入", business),
            ("三、事业单位经营收入", operating), ("四、其他收入", other)]
    names = function_codes()
    right = [(f"{CN_ORDINALS[i]}、{names[c].name}", [budget.sum(c, "total")]) for i, c in enumerate(budget.classes())]
    _pairs(b, style, left, right, budget)
    total = budget.total
    pieces = ["收入总计", sep, Mark(fmt(style, budget, total), "收入总计"), sep, "支出总计", sep, Mark(fmt(style, budget, total), "支出总计")]
    spans = b.para(*pieces)
    b.blank(3 if style.layout == "space" else 1)
    return [Figure(name=name, yuan=total, span=span, table=title) for name, span in spans]


def write_fiscal_summary(b: TextBuilder, style: TableStyle, budget: Budget, dept_name: str) -> None:
    """部门财政拨款收支预算总表 (no classified rows: only 类 names)."""
    _title(b, style, f"{budget.year}年部门财政拨款收支预算总表", dept_name, budget.unit)
    sep = "\t" if style.layout == "tab" else " "
    b.para(sep.join(["财政拨款收入", "", "财政拨款支出", "", "", "", ""]) if style.layout == "tab" else "财政拨款收入 财政拨款支出")
    if style.layout == "space":
        b.blank()
    b.para(sep.join(["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]))
    if style.layout == "space":
        b.blank()
    fiscal = budget.fiscal
    names = function_codes()
    left = [("一、一般公共预算资金" if style.layout == "space" else "一、一般预算资金", fiscal), ("二、政府性基金", None),
            ("三、国有资本经营预算", None)]
    right = [(f"{CN_ORDINALS[i]}、{names[c].name}", [budget.sum(c, "fiscal"), budget.sum(c, "fiscal")])
             for i, c in enumerate(budget.classes()) if budget.sum(c, "fiscal")]
    _pairs(b, style, left, right, budget)
    total = fmt(style, budget, fiscal)
    b.para(sep.join(["收入总计", total, "支出总计", total, total, "", ""]) if style.layout == "tab"
           else f"收入总计 {total} 支出总计 {total} {total}")
    b.blank(3 if style.layout == "space" else 1)


def write_sangong(b: TextBuilder, style: TableStyle, budget: Budget, dept_name: str, title: str) -> list[Figure]:
    """部门“三公”经费和机关运行经费预算表, always in 万元 with two decimals."""
    _title(b, style, title, dept_name, "万元")
    s = budget.sangong
    car = s["公务用车购置费"] + s["公务用车运行费"]
    total = s["因公出国(境)费"] + s["公务接待费"] + car
    y = budget.year
    values = [("三公经费合计", total), ("因公出国(境)费", s["因公出国(境)费"]), ("公务接待费", s["公务接待费"]),
              ("公务用车购置及运行费", car), ("公务用车购置费", s["公务用车购置费"]), ("公务用车运行费", s["公务用车运行费"]),
              ("机关运行经费", budget.running_cost)]
    if style.layout == "tab":
        b.para(f"{y}年“三公”经费预算数" + "\t" * 6 + f"{y}年机关运行 经费预算数")
        b.para("合计\t因公出国(境)费\t公务接待费\t公务用车购置及运行费\t\t\t")
        b.para("\t\t\t小计\t购置费\t运行费\t")
    else:
        b.para("“三公”经费预算数")
        b.blank()
        b.para("机关运行经费预")
        b.para("算数合计 因公出国(境)费 公务接待费")
        b.blank()
        b.para("公务用车购置及运行费")
        b.blank()
        b.para("小计 购置费 运行费")
        b.blank()
    sep = "\t" if style.layout == "tab" else " "
    segments: list = []
    for i, (name, yuan) in enumerate(values):
        if i:
            segments.append(sep)
        if yuan or name != "公务用车购置费":
            segments.append(Mark(money.wan(yuan, min_decimals=2, sep=True), name))
        elif style.layout == "space":
            segments.pop()  # an empty cell disappears in the space layout
    spans = b.para(*segments)
    b.blank(3 if style.layout == "space" else 1)
    yuan_of = dict(values)
    return [Figure(name=name, yuan=yuan_of[name], span=span, table=title) for name, span in spans]
