"""Imported once by the server that ingest workers fork from (graph/pipeline.py).

Importing spaCy and compiling the citation rules costs seconds; done here, before
the fork, every worker starts with them ready instead of paying for them itself.
"""

from __future__ import annotations

#: a few lines that run every extraction stage (structure, a project, a cited document)
_SAMPLE = (
    "上海市科学技术协会2023年部门预算\n"
    "预算主管部门：上海市科学技术协会\n"
    "## 科普活动项目经费情况说明\n"
    "### 二、立项依据\n"
    "《国务院关于加强数字政府建设的指导意见》（国发〔2022〕14号）。\n"
    "### 六、年度预算安排\n"
    "2023年计划投入50万元。\n"
)


def warm() -> None:
    from ..extract.spacy_startup import defer_spacy_cli

    defer_spacy_cli()  # the workers never use spaCy's command line: ~0.2 s less start-up
    from ..extract import extract_text
    from .mapping import record_nquads

    record = extract_text(_SAMPLE, path="/warm-up.txt")
    record_nquads(record, _SAMPLE)


try:
    warm()
except Exception:  # noqa: BLE001 - warming is an optimisation; a worker reports real errors itself
    pass
