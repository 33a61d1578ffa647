"""Browser tests of our pages: the app served in-process on loopback, Debian's headless Chromium,
and the checks every page must pass (axe-core: no serious or critical violation; a 390 px phone
without sideways scrolling).

    with served(app) as base_url, chromium() as browser: ...
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# In CI (.ci/run installs it) a missing browser fails the run instead of skipping it.
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"),
                                    reason="needs Debian's chromium package at /usr/bin/chromium")


@contextmanager
def served(app: FastAPI) -> Iterator[str]:
    """`app` served by uvicorn in a background thread on a loopback port of its own; yields its URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 180
    while not server.started:
        assert thread.is_alive(), "the server stopped while starting"
        assert time.monotonic() < deadline, "the server did not start in time"
        time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def chat_page(browser: Browser, base_url: str, viewport: dict[str, int] = PHONE) -> Iterator[Page]:
    """The chat page in a fresh context (so a fresh session id), loaded and ready; fails on any
    script error the page raised meanwhile."""
    context = browser.new_context(viewport=viewport, locale="zh-TW", base_url=base_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("data-ready", "true")
    yield page
    context.close()
    assert not errors, errors


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """The page's serious and critical accessibility violations (axe-core), each with its nodes."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') still holds for
        # the page's own scripts while axe-core runs beside them.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["html"][:160] for n in v["nodes"][:5]]}
            for v in result if v.get("impact") in ("serious", "critical")]


def sideways_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when nothing scrolls sideways)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def assert_page_is_usable(page: Page) -> None:
    """No serious/critical axe violation, and no sideways scrolling at the current viewport."""
    violations = axe_violations(page)
    assert violations == [], violations
    assert sideways_overflow(page) <= 0, f"{page.url} is {sideways_overflow(page)} px too wide"
