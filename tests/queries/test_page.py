"""The web page of `policygraph serve` in headless Chromium, with every outside request blocked."""

import pytest

from tests.support.browser import open_page

pytestmark = [pytest.mark.browser, pytest.mark.server]


def answer_rows(page):
    return page.locator("table.answer tbody tr")


def test_named_query_runs_from_its_form_and_shows_the_table(server):
    with open_page() as page:
        page.goto(server)
        page.get_by_role("link", name="Projects citing one document").click()
        page.fill("#param-document", "国发〔2018〕32号")
        page.click("#named-run")
        page.wait_for_selector("table.answer tbody tr")
        assert answer_rows(page).count() == 4
        assert "4 rows" in page.inner_text("#status")
        headers = page.locator("table.answer th").all_inner_texts()
        assert "document" not in headers and "file" in headers and "yuan" in headers
        table = page.inner_text("table.answer")
        assert "“创·在上海”国际创新创业大赛" in table and "5,870,000" in table and "000_54c0a28505620ce4.txt" in table
        # the run is linkable: the hash holds the query and its parameters
        assert "q=document-projects" in page.url and "document=" in page.url
        # links in the answer describe the resource
        page.locator("table.answer a").first.click()
        page.wait_for_selector("table.answer th:text('property')")
        assert answer_rows(page).count() > 0
        assert page.outside_requests == [] and page.console_errors == [] and page.page_errors == []


def test_default_parameters_and_network_view(server):
    with open_page() as page:
        page.goto(server + "#q=top-documents&run=1")
        page.wait_for_selector("table.answer tbody tr")
        assert page.input_value("#param-year") == "0"
        # 001's 60000.00万元 (flagged implausible) is left out by default; the checkbox counts it
        assert not page.is_checked("#param-include_flagged")
        assert "600,060,000" not in answer_rows(page).first.inner_text()
        headers = page.locator("table.answer th").all_inner_texts()
        assert "flagged_projects" in headers and "flagged_yuan" in headers
        page.check("#param-include_flagged")
        page.click("#named-run")
        page.wait_for_function("location.hash.includes('include_flagged=true')")
        page.wait_for_selector("table.answer tbody tr >> text=600,060,000")
        first = answer_rows(page).first.inner_text()
        assert "中办发〔2015〕51号" in first and "600,060,000" in first
        page.click("#network-toggle")
        page.wait_for_selector("#network canvas")
        legend = page.inner_text("#network-legend")
        assert "nodes" in legend and not legend.startswith("0 nodes")
        assert page.outside_requests == [] and page.console_errors == [] and page.page_errors == []


def test_free_sparql_in_the_editor_and_text_stays_text(server):
    hostile = '<img src=x onerror="document.title=1">'
    with open_page() as page:
        page.goto(server)
        page.wait_for_selector("#query-list li")
        page.fill("#editor", f"SELECT ?x ?n WHERE {{ BIND('{hostile}' AS ?x) BIND(12345678 AS ?n) }}")
        page.press("#editor", "Control+Enter")
        page.wait_for_selector("table.answer tbody tr")
        cell = page.locator("table.answer tbody td").first
        assert cell.inner_text() == hostile
        assert page.locator("table.answer img").count() == 0
        page.fill("#editor", "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
        page.click("#editor-run")
        page.wait_for_selector("#status.error")
        assert "SERVICE" in page.inner_text("#status")
        assert page.outside_requests == [] and page.page_errors == []


def test_parameter_errors_are_shown(server):
    with open_page() as page:
        page.goto(server + "#q=stale-bases")
        page.wait_for_selector("#param-min_years")
        page.fill("#param-min_years", "ten")
        page.click("#named-run")
        page.wait_for_selector("#status.error")
        assert "parameter min_years: expected an integer" in page.inner_text("#status")


def test_describe_links_to_the_network_explorer(server):
    with open_page() as page:
        page.goto(server + "#q=document-projects&document=国发〔2018〕32号&run=1")
        page.wait_for_selector("table.answer tbody tr")
        page.locator("table.answer a").first.click()  # the document: describe it
        page.wait_for_selector("#explorer-link:not([hidden])")
        href = page.get_attribute("#explorer-link", "href")
        assert href.startswith("/network?focus=")
        page.goto(server + href.lstrip("/"))
        page.wait_for_selector("canvas")
        assert page.outside_requests == [] and page.page_errors == []
