"""The browser harness itself: blocks outside requests and records console errors."""

import pytest

from tests.support.browser import open_page

pytestmark = pytest.mark.browser


def test_outside_requests_are_blocked_and_recorded(tmp_path):
    page_file = tmp_path / "p.html"
    page_file.write_text(
        '<html><body><p id="t">中文</p><script src="https://cdn.example.org/x.js"></script>'
        "<script>console.error('boom')</script></body></html>",
        encoding="utf-8",
    )
    with open_page() as page:
        page.goto(page_file.as_uri())
        assert page.inner_text("#t") == "中文"
        assert page.outside_requests == ["https://cdn.example.org/x.js"]
        assert any("boom" in e for e in page.console_errors)
