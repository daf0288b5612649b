"""Browser tests: the app served on a real local port, driven by Debian's Chromium through Playwright.

(A plugin of tests/conftest.py rather than a conftest of its own: one Chromium and one served app for every
browser test, the pages' here and the security suite's in tests/security.)

Playwright's own browser download is never used (it cannot be fetched here): the tests launch
/usr/bin/chromium, and skip, saying why, when it is not installed. The server thread uses its own database
connections, so the tests that write use real commits (``committing_db``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from flask import Flask
from sqlalchemy import Engine
from werkzeug.serving import make_server

from registry.auth.models import User
from tests.web.helpers import PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (a development dependency)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def live_server(app: Flask, browser: Browser) -> Iterator[str]:
    """The app on 127.0.0.1 (a free port), one thread per request; its base URL (only when there is a
    browser to test it with)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def site(live_server: str, committing_db: Engine) -> str:
    """The served app, for a test whose data is committed (and removed afterwards)."""
    return live_server


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


SignIn = Callable[["Page", User], None]


@pytest.fixture
def sign_in(live_server: str) -> SignIn:
    """Sign a page in as a user, through the sign-in form."""

    def _sign_in(page: Page, user: User) -> None:
        page.goto(f"{live_server}/sign-in")
        page.get_by_label("E-mail address").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server}/")

    return _sign_in
