"""The world the corpus describes: regions, departments, units, projects and cited documents.

Everything here is a pure function of the corpus seed and a name (region, department,
catalogue pool), never of how many documents are generated or in which order, so the same
department has the same units and projects whether the corpus holds 20 or 10,000 documents,
and documents can be generated in any order (or in parallel) with identical bytes.
"""

from __future__ import annotations

import bisect
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Optional

from . import data, money

YEARS = tuple(range(2014, 2026))  # fiscal years of the generated budgets
ZIPF_S = 1.1  # popularity exponent of cited documents within a pool (heavy tail)

_NUMBER = re.compile(r"^(?P<code>.+?)〔(?P<year>\d{4})〕(?P<serial>\d+)号$")


def rng_for(seed: int, *key: object) -> random.Random:
    """An independent, reproducible random stream for ``key`` (string seeding is stable across runs)."""
    return random.Random("\x1f".join([str(seed), *map(str, key)]))


# ---------------------------------------------------------------------------
# regions and departments


@dataclass(frozen=True)
class Region:
    kind: str  # "city" | "district"
    name: str  # 上海市 | 浦东新区
    short: str  # issuer-code prefix: 沪, 浦
    city: str  # the city the region belongs to
    gov_code: str
    gov_office_code: str
    party_code: str

    @property
    def full(self) -> str:
        """上海市 or 上海市浦东新区."""
        return self.name if self.kind == "city" else self.city + self.name

    @property
    def level_word(self) -> str:
        return "市级" if self.kind == "city" else "区级"

    @property
    def unit_prefix(self) -> str:
        """How unit names start: 上海市… for the city, 浦东新区… for a district."""
        return self.name

    @property
    def city_stem(self) -> str:
        """上海 (for 上海科技馆-style names)."""
        return self.city[:-1] if self.city.endswith("市") else self.city


@dataclass(frozen=True)
class DeptType:
    municipal_name: str
    district_name: Optional[str]
    short: str
    domain: str
    code: str


@dataclass(frozen=True)
class Department:
    region: Region
    dtype: DeptType

    @property
    def name(self) -> str:
        base = self.dtype.municipal_name if self.region.kind == "city" else self.dtype.district_name
        return self.region.full + base

    @property
    def short(self) -> str:
        return ("市" if self.region.kind == "city" else "区") + self.dtype.short

    @property
    def domain(self) -> str:
        return self.dtype.domain

    @property
    def key(self) -> str:
        return self.name


@lru_cache(maxsize=None)
def regions() -> tuple[Region, ...]:
    rows = [Region(*row[:7]) for row in data.tsv("regions.tsv")]
    # Order documents the way a researcher's corpus grows: one city's departments (all years),
    # that city's districts, then other cities and their districts.
    ordered: list[Region] = []
    for city in (r for r in rows if r.kind == "city"):
        ordered.append(city)
        ordered.extend(r for r in rows if r.kind == "district" and r.city == city.name)
    return tuple(ordered)


@lru_cache(maxsize=None)
def dept_types() -> tuple[DeptType, ...]:
    return tuple(DeptType(r[0], None if r[1] == "-" else r[1], r[2], r[3], r[4]) for r in data.tsv("departments.tsv"))


def departments_of(region: Region) -> list[Department]:
    return [Department(region, t) for t in dept_types() if region.kind == "city" or t.district_name]


YEAR_BLOCK = 4  # years of one department written before the next department


def document_slots(n_docs: int) -> list[tuple[Department, int]]:
    """The first ``n_docs`` (department, year) pairs, in corpus order.

    Within a region, the newest four years of every department come first, then the four before,
    and so on; so even a small corpus has several departments with several years each
    (cross-year questions have answers), and a large one covers every department and year.
    """
    if n_docs > capacity():
        raise ValueError(f"at most {capacity():,} documents can be generated (departments x years), got {n_docs:,}")
    newest_first = sorted(YEARS, reverse=True)
    blocks = [sorted(newest_first[i : i + YEAR_BLOCK]) for i in range(0, len(newest_first), YEAR_BLOCK)]
    slots: list[tuple[Department, int]] = []
    for region in regions():
        for block in blocks:
            for dept in departments_of(region):
                for year in block:
                    if len(slots) == n_docs:
                        return slots
                    slots.append((dept, year))
    return slots


def capacity() -> int:
    return sum(len(departments_of(r)) for r in regions()) * len(YEARS)


# ---------------------------------------------------------------------------
# issuers and the catalogue of cited documents


@dataclass(frozen=True)
class Issuer:
    name: str
    aliases: tuple[str, ...]  # how the text names it
    codes: tuple[str, ...]  # document-number issuer codes
    level: str
    domains: tuple[str, ...]


@dataclass(frozen=True)
class CatalogDoc:
    """One citable document (or law) of the world."""

    key: str  # unique id within the world, e.g. "national/science/12"
    title: str
    issuer: Issuer
    number: Optional[tuple[str, int, str]]  # (issuer_code, year, serial as written)
    year: int
    doc_type: str
    level: str
    kind: str = "document"  # "document" | "law"
    shared_title: bool = False  # another document has the same title (doc_id needs the issuer)

    @property
    def inner(self) -> Optional[str]:
        """The title cited inside this title: 关于印发《X》的通知 -> X."""
        m = re.search(r"《(.+)》", self.title)
        return m.group(1) if m else None


@dataclass
class Pool:
    docs: list[CatalogDoc]
    cum: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cum = list(accumulate(1.0 / (rank**ZIPF_S) for rank in range(1, len(self.docs) + 1)))

    def draw(self, rng: random.Random) -> CatalogDoc:
        return self.docs[bisect.bisect_left(self.cum, rng.random() * self.cum[-1])]


@lru_cache(maxsize=None)
def national_issuers() -> dict[str, Issuer]:
    out = {}
    for name, aliases, codes, level, domains in data.tsv("issuers.tsv"):
        out[name] = Issuer(name, tuple(aliases.split(",")), tuple(codes.split(",")), level, tuple(domains.split(",")))
    out["全国人民代表大会常务委员会"] = Issuer("全国人民代表大会常务委员会", ("全国人大常委会",), (), "national", ("*",))
    return out


@lru_cache(maxsize=None)
def local_issuers(region_name: str) -> dict[str, Issuer]:
    """Government, office, party committee and department issuers of a city or district."""
    region = next(r for r in regions() if r.name == region_name)
    full, out = region.full, {}

    def add(name: str, aliases: tuple[str, ...], codes: tuple[str, ...], level: str, domains: tuple[str, ...]) -> None:
        out[name] = Issuer(name, aliases, codes, level, domains)

    office_codes = (region.gov_office_code,)
    if region.gov_office_code.endswith("发"):
        office_codes += (region.gov_office_code[:-1] + "规",)
    if region.kind == "city":
        add(f"{full}人民政府", (f"{full}人民政府", f"{full}政府"), (region.gov_code,), "municipal", ("*",))
        add(f"{full}人民政府办公厅", (f"{full}人民政府办公厅",), office_codes, "municipal", ("*",))
        add(f"中共{full}委", (f"中共{full}委", f"{full}委"), (region.party_code,), "party", ("*",))
        for t in dept_types():
            add(full + t.municipal_name, (full + t.municipal_name,), (region.short + t.code, region.short + t.code + "规"), "municipal", (t.domain,))
        add(f"{full}人民代表大会常务委员会", (f"{full}人大常委会",), (), "municipal", ("*",))
    else:
        add(f"{full}人民政府", (f"{region.name}人民政府", f"{full}人民政府"), (region.gov_code,), "district", ("*",))
        add(f"{full}人民政府办公室", (f"{region.name}人民政府办公室",), office_codes, "district", ("*",))
        add(f"中共{full}委员会", (f"中共{full}委员会", f"{region.name}区委".replace("区区", "区")), (region.party_code,), "party", ("*",))
    return out


def parse_number(text: str) -> Optional[tuple[str, int, str]]:
    m = _NUMBER.match(text)
    return (m["code"], int(m["year"]), m["serial"]) if m else None


def _domains() -> list[str]:
    return sorted({t.domain for t in dept_types()})


@lru_cache(maxsize=None)
def seed_docs() -> tuple[tuple[str, tuple[str, ...], CatalogDoc], ...]:
    """(scope, domains, doc) of the real documents in policies.tsv."""
    titles: dict[str, int] = {}
    rows = data.tsv("policies.tsv")
    for row in rows:
        titles[row[0]] = titles.get(row[0], 0) + 1
    out = []
    for i, (title, issuer_name, number, year, doc_type, level, scope, domains) in enumerate(rows):
        if scope == "national":
            issuer = national_issuers().get(issuer_name)
        else:
            region = next(r for r in regions() if r.short == scope)
            issuer = local_issuers(region.name).get(issuer_name)
        if issuer is None:  # an issuer not in the tables (e.g. a party working committee)
            issuer = Issuer(issuer_name, (issuer_name,), (), level, ("*",))
        doc = CatalogDoc(f"seed/{i}", title, issuer, parse_number(number) if number else None, int(year), doc_type, level,
                         shared_title=titles[title] > 1)
        out.append((scope, tuple(domains.split(",")), doc))
    return tuple(out)


def _serial(rng: random.Random, zero_pad: float) -> str:
    serial = min(400, int(rng.paretovariate(1.1) * 4))
    text = str(serial)
    if serial < 100 and rng.random() < zero_pad:
        text = f"{serial:03d}"
    return text


def _doc_year(rng: random.Random) -> int:
    return max(2003, 2024 - int(rng.expovariate(1 / 5.0)))


def _generate_docs(rng: random.Random, key: str, count: int, templates: list, topics: list[str], place: str,
                   issuers: list[Issuer], level_of: dict[str, str], taken: set[str]) -> list[CatalogDoc]:
    docs = []
    for i in range(count * 3):
        if len(docs) == count:
            break
        template, doc_type = rng.choice(templates)
        topic, topic2 = rng.choice(topics), rng.choice(topics)
        year = _doc_year(rng)
        inner = f"{topic2}管理办法" if "{inner}" in template else ""
        title = template.format(topic=topic, topic2=topic2, place=place, y=year, y2=year + rng.choice((2, 3, 5)), inner=inner)
        issuer = rng.choice(issuers)
        if title.startswith("关于") and rng.random() < 0.35:
            title = issuer.name + title
        if title in taken:
            continue
        taken.add(title)
        number = None
        numbered = 0.4 if doc_type in ("规划", "纲要", "标准", "要点") else 0.75
        if issuer.codes and rng.random() < numbered:
            number = (rng.choice(issuer.codes), year, _serial(rng, 0.15 if issuer.level == "district" else 0.03))
        docs.append(CatalogDoc(f"{key}/{i}", title, issuer, number, year, doc_type, level_of.get(issuer.name, issuer.level)))
    return docs


@lru_cache(maxsize=None)
def pool(seed: int, scope: str, domain: str) -> Pool:
    """Documents of one scope ("national", a city or a district name) and domain ("*" = general).

    Real documents from policies.tsv come first (most cited); a generated tail follows. Sizes are
    chosen so that popular documents are cited by many departments and most are cited rarely.
    """
    rng = rng_for(seed, "catalog", scope, domain)
    prose = data.js("prose.json")
    topics = prose["general_topics"] if domain == "*" else data.js("domains.json")[domain]["topics"]
    head = [doc for sc, doms, doc in seed_docs() if _scope_of(sc) == scope and domain in doms]
    rng.shuffle(head)
    taken = {doc.title for doc in head}
    templates = data.js("policy_templates.json")
    if scope == "national":
        issuers = [i for i in national_issuers().values() if i.codes and (domain in i.domains or "*" in i.domains)]
        tail = _generate_docs(rng, f"national/{domain}", 160 if domain == "*" else 90, templates["national"], topics, "",
                              issuers, {}, taken)
    else:
        region = next(r for r in regions() if r.name == scope)
        issuers = [i for i in local_issuers(scope).values() if i.codes and (domain in i.domains or "*" in i.domains)]
        size = (90 if domain == "*" else 50) if region.kind == "city" else (40 if domain == "*" else 15)
        place = "本市" if region.kind == "city" and rng.random() < 0.3 else region.full
        tail = _generate_docs(rng, f"{scope}/{domain}", size, templates["local"], topics, place, issuers, {}, taken)
    return Pool(head + tail)


def _scope_of(seed_scope: str) -> str:
    if seed_scope == "national":
        return "national"
    return next(r.name for r in regions() if r.short == seed_scope)


@lru_cache(maxsize=None)
def law_pool(city: str, domain: str) -> Pool:
    """Laws and regulations a department of ``city`` in ``domain`` cites (the city's own 条例 included)."""
    ranked: list[tuple[int, CatalogDoc]] = []
    city_region = next(r for r in regions() if r.name == city)
    for i, (name, doc_type, level, domains) in enumerate(data.tsv("laws.tsv")):
        doms = domains.split(",")
        if domain not in doms and "*" not in doms:
            continue
        if level == "national":
            issuer = national_issuers()["全国人民代表大会常务委员会" if doc_type == "法" else "国务院"]
        else:
            issuer = local_issuers(city_region.name)[f"{city}人民代表大会常务委员会"]
        doc = CatalogDoc(f"law/{city}/{i}", name.format(city=city), issuer, None, 2000, doc_type, level, kind="law")
        ranked.append((0 if domain in doms else 1, doc))  # the domain's own laws are the ones it cites most
    ranked.sort(key=lambda t: t[0])  # stable: file order within each group
    return Pool([doc for _, doc in ranked])


def draw_document(seed: int, rng: random.Random, dept: Department, year: int) -> CatalogDoc:
    """A cited document for a project of ``dept`` first budgeted in ``year`` (never a later document)."""
    for _ in range(12):
        r = rng.random()
        if r < 0.12:
            doc = law_pool(dept.region.city, dept.domain).draw(rng)
            return doc
        if r < 0.55:
            scope = "national"
        elif r < 0.88 or dept.region.kind == "city":
            scope = dept.region.city
        else:
            scope = dept.region.name
        domain = dept.domain if rng.random() < 0.6 else "*"
        doc = pool(seed, scope, domain).draw(rng)
        if doc.year <= year and (doc.number is None or doc.number[1] <= year):
            return doc
    return law_pool(dept.region.city, dept.domain).draw(rng)


# ---------------------------------------------------------------------------
# a department's units and projects (stable across years)


@dataclass(frozen=True)
class SubProject:
    name: str
    weight: float


@dataclass(frozen=True)
class ProjectSpec:
    pid: int
    name: str
    unit: Optional[str]  # the implementing budget unit; None when the text names an internal division
    topic: str
    topic2: str
    base_yuan: int
    start: int
    end: int
    growth: float
    subprojects: tuple[SubProject, ...]
    sub_style: str  # "none" | "stated" | "headings" | "list"
    amount_style: str
    quarterly: Optional[tuple[int, int, int, int]]
    basis_style: str
    basis_docs: tuple[CatalogDoc, ...]
    later_docs: tuple[tuple[int, CatalogDoc], ...]  # (year, doc) added to the basis from that year on
    implementer_style: str
    period_style: str
    missing: tuple[str, ...]  # section keys left out (e.g. "budget" -> no amount stated)

    def active(self, year: int) -> bool:
        return self.start <= year <= self.end

    def docs_for(self, year: int) -> tuple[CatalogDoc, ...]:
        return self.basis_docs + tuple(doc for y, doc in self.later_docs if y <= year)


@dataclass(frozen=True)
class DeptWorld:
    dept: Department
    units: tuple[str, ...]  # first is the department's own office (本部)
    n_admin: int
    projects: tuple[ProjectSpec, ...]
    layouts: tuple[str, str]  # layout before / from switch_year
    switch_year: int
    basic_median: int  # yearly 基本支出 scale in yuan
    table_unit: str  # "元" | "万元"
    glossary: bool

    def layout(self, year: int) -> str:
        return self.layouts[0] if year < self.switch_year else self.layouts[1]


LAYOUTS = ("markdown", "plain", "indented")
DISTRICT_LAYOUT = "district"  # only for district departments

AMOUNT_STYLES = (
    ("plan_wan", 22), ("total_fiscal", 8), ("arranged_wan", 10), ("apply_yuan", 6), ("bare_yuan", 5),
    ("bare_wan", 10), ("approx_quarters", 4), ("items_wan", 6), ("self_raised", 5), ("named_wan", 5),
    ("fiscal_total_yuan", 5), ("space_wan", 3), ("fullwidth_wan", 2), ("yi", 2), ("wan_only", 3),
)
BASIS_STYLES = (("numbered", 38), ("prose", 22), ("meta_lines", 8), ("no_citation", 12), ("instruction", 8),
                ("number_only", 7), ("bullets", 5))
IMPLEMENTER_STYLES = (("bare", 55), ("sentence", 15), ("lead", 10), ("describe", 12), ("division", 8))
PERIOD_STYLES = ("dots", "cn_range", "cn_full", "year", "whole_year", "months", "dash_full")


def _weighted(rng: random.Random, table) -> str:
    names, weights = zip(*table)
    return rng.choices(names, weights)[0]


def _unit_names(rng: random.Random, dept: Department, count: int) -> list[str]:
    dom = data.js("domains.json")[dept.domain]
    names = [dept.name + "本部"] if dept.region.kind == "city" or rng.random() < 0.5 else [dept.name + "机关"]
    seen = set(names)
    for _ in range(count * 6):
        if len(names) == count + 1:
            break
        template = rng.choice(dom["units"])
        name = template.format(region=dept.region.unit_prefix, city=dept.region.city_stem, topic=rng.choice(dom["topics"]),
                               n=rng.randint(1, 12))
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def name_key(name: str) -> str:
    """Project names compared without a trailing 项目 (X and X项目 are the same project)."""
    name = "".join(name.split())
    return name[:-2] if name.endswith("项目") else name


def _project_name(rng: random.Random, dept: Department, topic: str, year: int, taken: set[str]) -> str:
    dom = data.js("domains.json")[dept.domain]
    for _ in range(10):
        name = rng.choice(dom["projects"]).format(topic=topic, year=year)
        if rng.random() < 0.12 and not name.endswith("项目"):
            name += "项目"  # "纳米科技高端人才建设项目项目经费情况说明" happens
        if name_key(name) not in taken:
            taken.add(name_key(name))
            return name
    name = f"{topic}{len(taken)}号专项"
    taken.add(name_key(name))
    return name


def _subprojects(rng: random.Random, topic: str) -> tuple[SubProject, ...]:
    names = rng.sample(data.js("prose.json")["subprojects"], rng.randint(2, 6))
    return tuple(SubProject(topic + n if rng.random() < 0.3 else n, rng.uniform(0.5, 3.0)) for n in names)


def _quarters(rng: random.Random) -> tuple[int, int, int, int]:
    cuts = sorted(rng.sample(range(1, 10), 3))
    parts = [cuts[0], cuts[1] - cuts[0], cuts[2] - cuts[1], 10 - cuts[2]]
    return tuple(p * 10 for p in parts)  # type: ignore[return-value]


def _project(seed: int, rng: random.Random, dept: Department, pid: int, units: tuple[str, ...], taken: set[str]) -> ProjectSpec:
    dom = data.js("domains.json")[dept.domain]
    topic, topic2 = rng.choice(dom["topics"]), rng.choice(dom["topics"])
    start = rng.choice(YEARS[:-1]) if rng.random() < 0.6 else YEARS[0]
    end = min(YEARS[-1], start + rng.choice((1, 2, 3, 5, 8, 12, 12, 12)))
    name = _project_name(rng, dept, topic, start, taken)
    base = money.lognormal_yuan(rng, 1_200_000, 1.3, 30_000, 400_000_000)
    sub_style = rng.choices(("none", "stated", "headings", "list"), (80, 9, 5, 6))[0]
    subs = _subprojects(rng, topic) if sub_style != "none" else ()
    amount_style = _weighted(rng, AMOUNT_STYLES)
    quarterly = _quarters(rng) if amount_style in ("plan_wan", "approx_quarters") and rng.random() < 0.6 else None
    if amount_style == "approx_quarters":
        quarterly = _quarters(rng)
    basis_style = _weighted(rng, BASIS_STYLES)
    n_docs = {"numbered": rng.randint(1, 8), "prose": rng.randint(1, 4), "meta_lines": rng.randint(2, 8), "bullets": rng.randint(1, 5),
              "number_only": 1}.get(basis_style, 0)
    docs = []
    for _ in range(n_docs):
        doc = draw_document(seed, rng, dept, start)
        if doc not in docs:
            docs.append(doc)
    later = []
    if basis_style in ("numbered", "prose", "bullets") and rng.random() < 0.3:
        year = rng.randint(start, end)
        doc = draw_document(seed, rng, dept, year)
        if doc not in docs:
            later.append((year, doc))
    implementer = _weighted(rng, IMPLEMENTER_STYLES)
    unit = None if implementer == "division" else rng.choice(units if rng.random() < 0.8 else units[:1])
    missing = ()
    r = rng.random()
    if r < 0.03:
        missing = ("budget",)
    elif r < 0.08:
        missing = ("performance",)
    return ProjectSpec(pid, name, unit, topic, topic2, base, start, end, rng.uniform(-0.08, 0.15), subs, sub_style, amount_style,
                       quarterly, basis_style, tuple(docs), tuple(later), implementer, rng.choice(PERIOD_STYLES), missing)


@lru_cache(maxsize=64)
def dept_world(seed: int, dept: Department) -> DeptWorld:
    rng = rng_for(seed, "department", dept.key)
    n_units = min(30, int(rng.paretovariate(1.3) * 2) - 1) if rng.random() < 0.9 else 0
    units = tuple(_unit_names(rng, dept, max(0, n_units)))
    n_admin = 1 + (1 if len(units) > 4 and rng.random() < 0.4 else 0)
    per_year = max(3, min(40, int(rng.paretovariate(1.6) * 5)))
    taken: set[str] = set()
    projects = tuple(_project(seed, rng, dept, i, units, taken) for i in range(int(per_year * 2.2)))
    first = rng.choice(LAYOUTS)
    second = first if rng.random() < 0.6 else rng.choice(LAYOUTS)
    if dept.region.kind == "district" and rng.random() < 0.4:
        # district budgets number their projects (一、X项目 / （一）项目概述), as in tests/fixtures/district_2024.txt
        first, second = (DISTRICT_LAYOUT, second) if rng.random() < 0.5 else (first, DISTRICT_LAYOUT)
    return DeptWorld(
        dept=dept,
        units=units,
        n_admin=min(n_admin, len(units)),
        projects=projects,
        layouts=(first, second),
        switch_year=rng.choice(YEARS),
        basic_median=money.lognormal_yuan(rng, 40_000_000, 0.9, 3_000_000, 2_000_000_000),
        table_unit="万元" if rng.random() < 0.1 else "元",
        glossary=rng.random() < 0.85,
    )
