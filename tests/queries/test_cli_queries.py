"""`policygraph query` and `policygraph sparql` on an on-disk store of the sample corpus."""

import csv
import io
import json

import pytest
from click.testing import CliRunner
from wcwidth import wcswidth

from policygraph.cli import cli


@pytest.fixture(scope="module")
def run(sample_store_dir):
    def invoke(*args, input=None):
        result = CliRunner().invoke(cli, [*args, "--store", sample_store_dir], input=input, catch_exceptions=False)
        return result

    return invoke


def test_query_list_needs_no_store():
    out = CliRunner().invoke(cli, ["query", "--list"]).output
    assert "top-documents  —  Policy documents backing the most money" in out
    assert "--param document=<string> (required)" in out


def test_named_query_table_aligns_chinese(run):
    result = run("query", "document-projects", "--param", "document=国发[2018]32号")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-1] == "(4 rows)"
    # the file column starts at the same terminal column on every row, whatever Chinese precedes it
    starts = {wcswidth(line[: line.index(".txt") - 20]) for line in lines[2:-1]}
    assert len(starts) == 1
    assert any("“创·在上海”国际创新创业大赛" in line and "5,870,000" in line for line in lines)


def test_named_query_csv_and_json(run):
    rows = list(csv.DictReader(io.StringIO(run("query", "stale-bases", "-p", "min_years=25", "--format", "csv").output)))
    assert [(r["doc_number"], r["doc_year"], r["age"]) for r in rows] == [("国科发火字〔1994〕304号", "1994", "29")]
    data = json.loads(run("query", "stale-bases", "-p", "min_years=25", "--format", "json").output)
    assert data[0]["doc_year"] == 1994 and data[0]["backed_yuan"] == 15_570_000
    assert "min_years" not in data[0], "parameters are not answer columns"


def test_named_query_writes_out_file(run, tmp_path):
    out = tmp_path / "a.md"
    assert run("query", "co-citation", "--format", "md", "--out", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("| document_a | title_a | document_b |")


@pytest.mark.parametrize("args,message", [
    (["query", "document-projects"], "needs a value for parameter document"),
    (["query", "stale-bases", "-p", "min_years=ten"], "parameter min_years: expected an integer, got 'ten'"),
    (["query", "stale-bases", "-p", "nope=1"], "has no parameter 'nope' (parameters: min_years, include_flagged)"),
    (["query", "stale-bases", "-p", "min_years"], "--param 'min_years': expected name=value"),
    (["query", "no-such-query"], "no named query 'no-such-query'"),
    (["sparql", "SELECT ?x WHERE {"], "SPARQL syntax error at line:column 1:18"),
    (["sparql", "SELECT * { ?s ?p ?o }", "-p", "x=1"], "has no parameter 'x'"),
    (["sparql", "INSERT DATA { <a:b> <a:c> <a:d> }"], "`policygraph sparql` runs queries (SELECT, ASK, CONSTRUCT, DESCRIBE), not updates"),
    (["sparql", "PREFIX x: <http://x/>\nDELETE WHERE { ?s ?p ?o }"], "the graph changes only through `policygraph ingest` and `policygraph remove`"),
])
def test_errors_are_one_line(run, args, message):
    result = run(*args)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_missing_store_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["query", "top-documents", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1 and "no store here yet" in result.output


def test_sparql_knows_the_prefixes_and_reads_files_and_stdin(run, tmp_path):
    q = "SELECT ?n WHERE { ?d a pg:CitedDocument ; eli:id_local ?n FILTER(?n = \"国发〔2018〕32号\") } LIMIT 1"
    assert "国发〔2018〕32号" in run("sparql", q).output
    f = tmp_path / "q.rq"
    f.write_text("# title: mine\n# question: which?\n# param: number (string) = 国发〔2018〕32号 — a number\n"
                 "SELECT DISTINCT ?number ?d WHERE { ?d eli:id_local ?number }\n", encoding="utf-8")
    out = run("sparql", "-f", str(f), "--format", "csv").output.splitlines()
    assert out[0] == "d" and len(out) == 2
    assert "(1 row)" in run("sparql", "-", input=q).output


def test_sparql_ask_and_construct(run):
    assert run("sparql", "ASK { ?p a pg:Project }").output == "true\n"
    ttl = run("sparql", "CONSTRUCT { ?d eli:id_local ?n } WHERE { ?d eli:id_local ?n FILTER(?n = \"国发〔2018〕32号\") }").output
    assert "eli:id_local \"国发〔2018〕32号\"" in ttl
