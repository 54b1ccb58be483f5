"""docs/queries.md is generated from the .rq headers and the sample corpus; it must be up to date."""

from policygraph.queries import named_queries
from policygraph.queries.docs import DOCS_FILE, render_docs


def test_docs_queries_md_is_up_to_date(sample_store):
    expected = render_docs(sample_store)
    current = DOCS_FILE.read_text(encoding="utf-8") if DOCS_FILE.exists() else ""
    assert current == expected, "docs/queries.md is out of date: run  python -m policygraph.queries.docs"


def test_docs_cover_every_query_with_question_parameters_and_answer(sample_store):
    text = render_docs(sample_store)
    for q in named_queries():
        assert f'<a id="{q.name}"></a>' in text and q.question in text
        for p in q.params:
            assert f"| `{p.name}` | {p.type} |" in text
    assert text.count("Example answer on the sample corpus") == len(named_queries())
