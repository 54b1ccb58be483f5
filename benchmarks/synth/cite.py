"""Surface forms of citations, as the samples write them, with their ground truth.

Each function returns a list of segments (plain text and :class:`~.text.Mark`); a Mark's
payload is a :class:`CiteGold` that becomes a ``Citation`` once the builder knows its span.
The ``rule`` of a ground-truth citation is ``synthetic:<form>``, so the scorer can say which
written forms an extractor misses.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Optional

from policygraph.extract.models import DocNumber

from . import data
from .text import Mark, Segment
from .world import CatalogDoc, Department, regions


def CITY_NAMES() -> tuple[str, ...]:  # noqa: N802 - a constant computed once from the data
    return tuple(r.name for r in regions() if r.kind == "city")

# bracket pairs around the year of a document number, with how often each is used
BRACKETS = ((("〔", "〕"), 60), (("[", "]"), 10), (("（", "）"), 10), (("(", ")"), 5), (("【", "】"), 9), (("﹝", "﹞"), 6))
# how a title inside a title is bracketed: 《A关于印发〈B〉的通知》
INNER_BRACKETS = (("〈", "〉"), ("<", ">"), ("《", "》"))


@dataclass(frozen=True)
class CiteGold:
    """What the ground truth says about one citation (span and project are added by the caller)."""

    form: str
    kind: str
    is_policy: bool
    title: Optional[str] = None
    doc_number: Optional[DocNumber] = None
    issuer: Optional[str] = None
    issuer_from: Optional[str] = None
    issuer_canonical: Optional[str] = None
    doc_type: Optional[str] = None
    level: Optional[str] = None
    year: Optional[int] = None
    cites: tuple[str, ...] = ()
    catalog_key: Optional[str] = None
    confidence: float = 1.0

    @property
    def doc_id(self) -> Optional[str]:
        if self.kind == "instruction":
            return None
        if self.doc_number is not None:
            return "num:" + self.doc_number.normalized
        if self.title:
            title = "".join(self.title.split())
            return f"title:{title}@{self.issuer_canonical}" if self.form.endswith("!shared") else "title:" + title
        return None


def number_text(rng: random.Random, number: tuple[str, int, str]) -> tuple[str, DocNumber]:
    """A document number written in one of the samples' styles, and its parsed form."""
    code, year, serial = number
    names, weights = zip(*BRACKETS)
    left, right = rng.choices(names, weights)[0]
    di = "第" if rng.random() < 0.03 else ""
    space = " " if rng.random() < 0.03 else ""
    text = f"{code}{left}{year}{right}{di}{serial}{space}号"
    return text, DocNumber(text=text, issuer_code=code, year=year, serial=serial)


def _issuer_fields(doc: CatalogDoc, written: Optional[str], shown: Optional[DocNumber]) -> dict:
    if written:
        return {"issuer": written, "issuer_from": "text"}
    if doc.title.startswith(doc.issuer.name):
        return {"issuer": doc.issuer.name, "issuer_from": "text"}
    if shown is not None and shown.issuer_code in doc.issuer.codes:
        return {"issuer": doc.issuer.name, "issuer_from": "code"}
    return {"issuer": None, "issuer_from": None}


def _gold(doc: CatalogDoc, form: str, *, title: Optional[str], shown: Optional[DocNumber], written_issuer: Optional[str] = None,
          doc_type: Optional[str] = None, cites: tuple[str, ...] = ()) -> CiteGold:
    kind = "law" if doc.kind == "law" else "document"
    if doc.shared_title and shown is None:
        form += "!shared"
    issuer = _issuer_fields(doc, written_issuer, shown)
    doc_type = doc_type or doc.doc_type
    return CiteGold(
        form=form,
        kind=kind,
        is_policy=True,
        title="".join(title.split()) if title else None,
        doc_number=shown,
        issuer_canonical=doc.issuer.name,
        # only what the text tells: the type when the title names it, the level when the issuer is known
        doc_type=doc_type if title and doc_type in title else None,
        level=doc.level if issuer["issuer"] else None,
        year=shown.year if shown else None,
        cites=cites,
        catalog_key=doc.key,
        **issuer,
    )


def alias(rng: random.Random, doc: CatalogDoc) -> str:
    return rng.choice(doc.issuer.aliases)


def cite_document(rng: random.Random, doc: CatalogDoc, *, allow_issuer: bool = True) -> list[Segment]:
    """One citation of ``doc`` in running text or a list item (several written forms)."""
    if doc.kind == "law":
        return cite_law(rng, doc)
    title = doc.title
    has_number = doc.number is not None
    r = rng.random()
    if has_number and r < 0.45:
        num, parsed = number_text(rng, doc.number)  # type: ignore[arg-type]
        open_, close = ("（", "）") if rng.random() < 0.85 else ("(", ")")
        return [Mark(f"《{title}》{open_}{num}{close}", _gold(doc, "title_number_paren", title=title, shown=parsed))]
    if has_number and r < 0.55:
        num, parsed = number_text(rng, doc.number)  # type: ignore[arg-type]
        return [Mark(f"《{title}》{num}", _gold(doc, "title_number_bare", title=title, shown=parsed))]
    if has_number and r < 0.58:
        num, parsed = number_text(rng, doc.number)  # type: ignore[arg-type]
        return [Mark(f"{num}《{title}》", _gold(doc, "number_title", title=title, shown=parsed))]
    if allow_issuer and r < 0.72 and not title.startswith(doc.issuer.name):
        who = alias(rng, doc)
        verb = rng.choice(("", "", "印发", "下发", "发布的"))
        shown = None
        tail = ""
        if has_number and rng.random() < 0.7:
            num, shown = number_text(rng, doc.number)  # type: ignore[arg-type]
            tail = f"（{num}）"
        if not title.startswith("关于") and doc.doc_type in ("办法", "规划", "方案", "纲要", "规定", "细则", "计划", "标准") \
                and rng.random() < 0.4:
            # the cited document is the notice; its title starts with the issuer, as the team's golden sets write it
            outer = f"{who}关于印发《{title}》的通知"
            return [Mark(f"{outer}{tail}", _gold(doc, "issuer_notice", title=outer, shown=shown, written_issuer=who,
                                                doc_type="通知", cites=(title,)))]
        sep = " " if verb == "" and rng.random() < 0.3 else ""
        return [Mark(f"{who}{sep}{verb}《{title}》{tail}", _gold(doc, "issuer_front", title=title, shown=shown, written_issuer=who))]
    if has_number and r < 0.8 and not title.startswith("关于") and not title.startswith(doc.issuer.name):
        left, right = rng.choice(INNER_BRACKETS)
        who = doc.issuer.name
        num, parsed = number_text(rng, doc.number)  # type: ignore[arg-type]
        outer = f"{who}关于印发{left}{title}{right}的通知"
        return [Mark(f"《{outer}》（{num}）", _gold(doc, "nested_title", title=outer, shown=parsed, doc_type="通知", cites=(title,)))]
    return [Mark(f"《{title}》", _gold(doc, "title_only", title=title, shown=None))]


def cite_law(rng: random.Random, doc: CatalogDoc, *, brackets: Optional[bool] = None) -> list[Segment]:
    """A law or regulation, named with or without 《》."""
    if brackets is None:
        brackets = rng.random() < 0.7
    gold = CiteGold(form="law_brackets" if brackets else "law_plain", kind="law", is_policy=True, title=doc.title,
                    issuer_canonical=doc.issuer.name, doc_type=doc.doc_type, catalog_key=doc.key,
                    level=doc.level if doc.title.startswith(("中华人民共和国", *CITY_NAMES())) else None)
    return [Mark(f"《{doc.title}》" if brackets else doc.title, gold)]


def cite_meta_line(rng: random.Random, doc: CatalogDoc) -> list[Segment]:
    """《title》，issuer，2022年7月  /  《title》，issuer，国发〔2005〕44号 (the list style of one sample)."""
    if doc.kind == "law":
        return cite_law(rng, doc, brackets=True)
    who = alias(rng, doc)
    if doc.number is not None and rng.random() < 0.5:
        num, parsed = number_text(rng, doc.number)
        gold = _gold(doc, "meta_number", title=doc.title, shown=parsed)
        return [Mark(f"《{doc.title}》，{who}，{num}", gold)]
    gold = _gold(doc, "meta_date", title=doc.title, shown=None)
    date = f"，{who}，{doc.year}年{rng.randint(1, 12)}月" if rng.random() < 0.8 else f"，{who}"
    return [Mark(f"《{doc.title}》", gold), date]


def cite_number_only(rng: random.Random, doc: CatalogDoc) -> list[Segment]:
    """A basis given by its number alone: 经国家人事部（国人部发[2006]53号）批准设立."""
    if doc.number is None:
        return cite_document(rng, doc)
    num, parsed = number_text(rng, doc.number)
    who = alias(rng, doc)
    gold = CiteGold(form="number_only", kind="document", is_policy=True, doc_number=parsed, issuer=who, issuer_from="text",
                    issuer_canonical=doc.issuer.name, doc_type=None, level=doc.level, year=parsed.year, catalog_key=doc.key)
    before, after = rng.choice((("根据{who}（", "）批复，"), ("经{who}（", "）批准，"), ("根据{who}", "文件要求，")))
    return [before.format(who=who), Mark(num, gold), after]


def cite_number_list(rng: random.Random, first: CatalogDoc, second: CatalogDoc, who: str) -> list[Segment]:
    """国科发火字〔1994〕304号和〔2003〕96号: two documents of one issuer code, the second without its code."""
    code, y1, s1 = first.number  # type: ignore[misc]
    _, y2, s2 = second.number  # type: ignore[misc]
    left, right = rng.choice((("〔", "〕"), ("（", "）")))
    t1, t2 = f"{code}{left}{y1}{right}{s1}号", f"{left}{y2}{right}{s2}号"
    g1 = CiteGold(form="number_list", kind="document", is_policy=True, doc_number=DocNumber(t1, code, y1, s1),
                  issuer=who, issuer_from="text", issuer_canonical=first.issuer.name, level=first.level, year=y1,
                  catalog_key=first.key)
    g2 = CiteGold(form="number_list", kind="document", is_policy=True, doc_number=DocNumber(t2, code, y2, s2),
                  issuer=who, issuer_from="text", issuer_canonical=second.issuer.name, level=second.level, year=y2,
                  catalog_key=second.key)
    return [Mark(t1, g1), "和", Mark(t2, g2), "文件"]


def cite_instruction(rng: random.Random, dept: Department, topic: str) -> list[Segment]:
    """A basis without any title: 根据中国反邪教协会、市委政法委相关文件精神 (low confidence)."""
    prose = data.js("prose.json")
    who = "、".join(rng.sample(prose["instruction_issuers"], rng.randint(1, 2))).format(dept_short=dept.short)
    text = rng.choice(prose["instructions"]).format(issuers=who, topic=topic)
    gold = CiteGold(form="instruction", kind="instruction", is_policy=True, confidence=0.5)
    return [Mark(text, gold)]


MENTION_VERBS = {"newsletter": ("按月编辑", "形成12期"), "report": ("编写", "完成"), "magazine": ("征订", "订阅"),
                 "meeting": ("组织召开", "参与主办"), "book": ("编印", "出版"), "contract": ("签订", "履行")}


def cite_mention(rng: random.Random, topic: str, city: str, year: int) -> list[Segment]:
    """Something in 《》 that is not a policy: a magazine, newsletter, report, meeting, book or contract, with a verb."""
    template, suffix, what = rng.choice(data.tsv("mentions.tsv"))
    text = template.format(topic=topic, city=city, year=year - 1)
    inner = text[: len(text) - len(suffix)] if suffix else text
    gold = CiteGold(form=f"mention_{what}", kind="mention", is_policy=False, title=inner[1:-1])
    return [rng.choice(MENTION_VERBS[what]), Mark(inner, gold), suffix]
