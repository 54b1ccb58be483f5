"""Answers as terminal tables (Chinese aligned), CSV, TSV, JSON, Markdown and SPARQL JSON."""

import csv
import io
import json

import pyoxigraph as ox
import pytest
from wcwidth import wcswidth

from policygraph.errors import QueryError
from policygraph.queries.formats import clip, render, to_sparql_json
from policygraph.queries.runner import Result

XSD = "http://www.w3.org/2001/XMLSchema#"
DOC = ox.NamedNode("https://w3id.org/policygraph/id/doc/3f2a")

RESULT = Result(
    kind="select",
    columns=("doc", "title", "total_yuan", "year"),
    rows=(
        (DOC, ox.Literal("《上海市科技创新“十四五”规划》"), ox.Literal("153770000", datatype=ox.NamedNode(XSD + "integer")), ox.Literal("2021", datatype=ox.NamedNode(XSD + "integer"))),
        (ox.NamedNode("http://example.org/x"), ox.Literal("Plan, with \"quotes\"\tand tab"), ox.Literal("12.5", datatype=ox.NamedNode(XSD + "decimal")), None),
        (None, ox.Literal("<script>alert(1)</script> | pipe"), None, ox.Literal("2019", datatype=ox.NamedNode(XSD + "integer"))),
    ),
)


def test_table_aligns_chinese_by_terminal_width():
    lines = render(RESULT, "table").splitlines()
    body = lines[:-1]  # the last line is the row count
    assert lines[-1] == "(3 rows)"
    # the money column is right-aligned with thousands separators, years are not grouped
    assert body[2].rstrip().endswith("2021")
    assert "153,770,000" in body[2] and "2,021" not in body[2]
    assert "pgid:doc/3f2a" in body[2]
    money_end = {wcswidth(line[: line.index(v) + len(v)]) for line, v in ((body[2], "153,770,000"), (body[3], "12.50"))}
    assert len(money_end) == 1, "right-aligned money column"
    title_start = {wcswidth(line[: line.index(v)]) for line, v in ((body[2], "《上海"), (body[3], "Plan"), (body[4], "<script>"))}
    assert len(title_start) == 1, "the title column starts at the same terminal column on every row"
    assert title_start == {wcswidth(body[0][: body[0].index("title")])}


def test_clip_counts_wide_characters():
    assert clip("上海市科学技术委员会", 9) == "上海市科…"
    assert wcswidth(clip("上海市科学技术委员会", 9)) <= 9
    assert clip("short", 9) == "short"


def test_csv_and_tsv_keep_raw_values():
    rows = list(csv.reader(io.StringIO(render(RESULT, "csv"))))
    assert rows[0] == ["doc", "title", "total_yuan", "year"]
    assert rows[1] == [DOC.value, "《上海市科技创新“十四五”规划》", "153770000", "2021"]
    assert rows[2][1] == 'Plan, with "quotes"\tand tab'
    tsv = render(RESULT, "tsv").splitlines()
    assert tsv[2].split("\t")[1] == 'Plan, with "quotes"\\tand tab'


def test_json_gives_plain_values():
    data = json.loads(render(RESULT, "json"))
    assert data[0] == {"doc": DOC.value, "title": "《上海市科技创新“十四五”规划》", "total_yuan": 153770000, "year": 2021}
    assert data[1]["total_yuan"] == 12.5 and data[2]["doc"] is None


def test_markdown_escapes_html_and_pipes():
    md = render(RESULT, "md")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\| pipe" in md
    assert md.splitlines()[1] == "|---|---|---:|---:|"


def test_sparql_json_shape():
    data = to_sparql_json(RESULT)
    assert data["head"]["vars"] == list(RESULT.columns)
    first = data["results"]["bindings"][0]
    assert first["doc"] == {"type": "uri", "value": DOC.value}
    assert first["total_yuan"] == {"type": "literal", "value": "153770000", "datatype": XSD + "integer"}
    assert first["title"] == {"type": "literal", "value": "《上海市科技创新“十四五”规划》"}
    assert "doc" not in data["results"]["bindings"][2]


def test_ask_and_graph_answers():
    assert render(Result(kind="ask", boolean=True), "table") == "true\n"
    triples = (ox.Triple(DOC, ox.NamedNode("http://data.europa.eu/eli/ontology#title"), ox.Literal("规划")),)
    ttl = render(Result(kind="graph", triples=triples), "table")
    assert "eli:title" in ttl and "规划" in ttl
    assert json.loads(render(Result(kind="graph", triples=triples), "json"))


def test_unknown_format():
    with pytest.raises(QueryError, match="unknown format 'xml'"):
        render(RESULT, "xml")
