"""Headless Chromium for tests, with the network blocked.

Uses Playwright to drive Debian's /usr/bin/chromium (never a downloaded browser).
Every request that is not to file:// or loopback is aborted and recorded, so a
test can assert that nothing left the machine. Console errors and page errors
are recorded too.

    with open_page() as page:            # page is a playwright Page
        page.goto(f"file://{path}")
        ...
        assert page.outside_requests == []
        assert page.console_errors == []
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from typing import Iterator
from urllib.parse import urlparse

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")

# Flags that keep Chromium from phoning home on a closed network (see env notes).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def chromium_path() -> str | None:
    env = os.environ.get("POLICYGRAPH_CHROMIUM")
    if env and os.path.exists(env):
        return env
    for cand in CHROMIUM_CANDIDATES:
        if os.path.exists(cand):
            return cand
    return shutil.which("chromium")


def require_chromium() -> str:
    path = chromium_path()
    if not path:
        pytest.skip("headless Chromium not installed (apt-get install chromium; .ci/run installs it)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        pytest.skip("playwright not installed (pip install -e '.[test]')")
    return path


def _is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("file", "data", "blob", "about"):
        return True
    return (parsed.hostname or "") in LOCAL_HOSTS


@contextlib.contextmanager
def open_page(viewport: tuple[int, int] = (1280, 900)) -> Iterator["object"]:
    """A fresh headless page; attributes outside_requests / console_errors / page_errors are lists."""
    exe = require_chromium()
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="pg-chromium-")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
                page = context.new_page()
                page.outside_requests = []
                page.console_errors = []
                page.page_errors = []

                def route(r):
                    if _is_local(r.request.url):
                        r.continue_()
                    else:
                        page.outside_requests.append(r.request.url)
                        r.abort()

                context.route("**/*", route)
                page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e: page.page_errors.append(str(e)))
                yield page
            finally:
                browser.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
