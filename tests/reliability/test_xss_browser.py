"""XSS through `policygraph serve`'s web page, in headless Chromium: markup in a document stays text.

A budget document whose cited title and project name carry HTML (an <img>
with onerror, a <script>, an <svg onload>) is ingested and served. Its strings
then reach the page through every view: named-query tables, describe, the
network view, the network explorer (/network), and the URL hash. Nothing may
run (no global set, no dialog), nothing may load (no request for the payload's
image), and the markup must be on screen as the text it is.
"""

from __future__ import annotations

import json
import urllib.parse

import pytest

from tests.support.browser import open_page

from .conftest import SMALL_DOC, http, start_serve, stop_serve

pytestmark = [pytest.mark.browser, pytest.mark.server]

IMG = '<img src=/pwned-img onerror="window.__xss=1">'
TITLE_MARKUP = f"上海市科学技术协会{IMG}星级学会<script>window.__xss=2</script>管理办法"
NUMBER = "沪科协〔2014〕69号"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    text = SMALL_DOC.read_text(encoding="utf-8")
    original = f"《上海市科学技术协会星级学会管理办法》（{NUMBER}）"
    assert original in text and "星级学会引领项目" in text
    text = text.replace(original, f"《{TITLE_MARKUP}》（{NUMBER}）")
    text = text.replace("星级学会引领项目", '星级学会<svg onload="window.__xss=3">引领项目', 1)
    (folder / "hostile.txt").write_text(text, encoding="utf-8")
    from policygraph.queries.sample import disk_store

    store = disk_store(folder / "store", [folder / "hostile.txt"])
    proc, url = start_serve(store)
    try:
        yield url
    finally:
        stop_serve(proc)


def watch(page):
    """Record loads of the payload's images (not API calls carrying it as data) and dialogs."""
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if urllib.parse.urlsplit(r.url).path.startswith("/pwned") else None)
    page.on("dialog", lambda d: (seen.append("dialog:" + d.message), d.dismiss()))
    return seen


def assert_nothing_ran(page, seen):
    page.wait_for_timeout(300)  # let onerror/onload handlers fire if any element was created
    assert page.evaluate("window.__xss") is None
    assert seen == []
    assert page.locator("#results script, #results img, #results svg").count() == 0
    assert page.page_errors == [] and page.outside_requests == []


def run_hash(page, url, fragment):
    page.goto(url + "#" + fragment)
    # a function, not a string: the page's CSP (no 'unsafe-eval') refuses to evaluate strings
    page.wait_for_function("() => /row|ASK|error|no named|failed|refused/i.test(document.querySelector('#status').textContent)",
                           timeout=60_000)


def iri_of(url: str, pattern: str) -> str:
    query = "PREFIX eli: <http://data.europa.eu/eli/ontology#> PREFIX pg: <https://w3id.org/policygraph/ontology#> "\
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " + pattern
    status, _, body = http(url + "sparql?" + urllib.parse.urlencode({"query": query}), headers={"Accept": "application/sparql-results+json"})
    assert status == 200, body
    return json.loads(body)["results"]["bindings"][0]["x"]["value"]


def test_document_strings_stay_text_in_every_view(hostile_server):
    url = hostile_server
    document = iri_of(url, f'SELECT ?x WHERE {{ ?x eli:id_local "{NUMBER}" }}')
    project = iri_of(url, 'SELECT ?x WHERE { ?x a pg:Project ; rdfs:label ?n FILTER(CONTAINS(?n, "<svg")) }')

    with open_page() as page:
        seen = watch(page)
        # a table answer: the title is there, as text
        run_hash(page, url, "q=top-documents&run=1")
        assert TITLE_MARKUP in page.inner_text("#results")
        assert "&lt;script&gt;" in page.inner_html("#results")
        assert_nothing_ran(page, seen)
        # describe the project whose name carries an <svg onload>
        run_hash(page, url, "describe=" + urllib.parse.quote(project, safe=""))
        assert '<svg' in page.inner_text("#results")
        assert_nothing_ran(page, seen)
        # describe the cited document
        run_hash(page, url, "describe=" + urllib.parse.quote(document, safe=""))
        assert TITLE_MARKUP in page.inner_text("#results")
        assert_nothing_ran(page, seen)
        # the network view of that answer: labels are drawn on a canvas, tooltips are text
        page.click("#network-toggle")
        page.wait_for_selector("#network canvas", timeout=30_000)
        assert_nothing_ran(page, seen)
        assert page.locator("#network script, #network img").count() == 0


def test_network_explorer_page_keeps_markup_as_text(hostile_server):
    url = hostile_server
    with open_page() as page:
        seen = watch(page)
        page.goto(url + "network?" + urllib.parse.urlencode({"focus": NUMBER, "depth": "1"}))
        page.wait_for_function("() => window.pg && window.pg.drawn", timeout=60_000)
        assert page.evaluate("window.__xss") is None and seen == []
        labels = page.evaluate("Object.values(pg.infoOf).map(i => i.label)")
        assert any("<script>" in label for label in labels)  # the title, as the text it is
        assert page.locator("body script").evaluate_all("(ss) => ss.filter(s => s.textContent.includes('window.__xss=2') && !s.textContent.includes('\\\\u003c')).length") == 0
        assert page.page_errors == [] and page.outside_requests == []


@pytest.mark.parametrize("fragment", [
    "q=" + urllib.parse.quote(IMG),
    "describe=" + urllib.parse.quote("javascript:window.__xss=5"),
    "describe=" + urllib.parse.quote('"><img src=/pwned-hash onerror="window.__xss=6">'),
    "q=top-documents&year=" + urllib.parse.quote("<img src=/pwned-param onerror=window.__xss=7>") + "&run=1",
])
def test_hostile_url_fragments_run_nothing(hostile_server, fragment):
    with open_page() as page:
        seen = watch(page)
        run_hash(page, hostile_server, fragment)
        for link in page.locator("#results a, #explorer-link").all():
            assert not (link.get_attribute("href") or "").lower().startswith("javascript:")
        assert_nothing_ran(page, seen)
