"""The coverage page in Chromium: no accessibility violation (axe-core, every impact), nothing wider than a
390 px phone, nothing the Content-Security-Policy refuses, filters that work without JavaScript."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from registry.db import db
from tests.registry.coverage.world import build_world

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.fixture
def coverage_site(site: str) -> str:
    """The served app with the coverage world committed (Haiti's status left alone: the party table is not
    emptied after a test); its URL."""
    session = db.session()
    build_world(session, signatory=False)
    session.commit()
    return site


def _open(browser: Browser, url: str, width: int) -> tuple[Page, list[str]]:
    """The page at ``url`` in a window ``width`` px wide, every <details> opened, and the console's
    messages."""
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(url)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    return page, messages


def _violations(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in result.response["violations"]
    ]


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_coverage_page_has_no_accessibility_violations(
    browser: Browser, coverage_site: str, width: int
) -> None:
    # One regional group's page: every section, a sixth of the rows (each drawn by the same template) for axe
    # to walk; the whole page took 20 s a check (and had no violation either).
    page, _ = _open(browser, f"{coverage_site}/coverage?region=Eastern%20European", width)
    assert _violations(page) == []
    page.context.close()


@pytest.mark.parametrize("query", ["", "?convention=rotterdam&region=African"])
def test_coverage_page_fits_a_390_px_phone(browser: Browser, coverage_site: str, query: str) -> None:
    page, _ = _open(browser, f"{coverage_site}/coverage{query}", 390)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.context.close()


def test_coverage_page_breaks_no_content_security_policy(browser: Browser, coverage_site: str) -> None:
    page, messages = _open(browser, f"{coverage_site}/coverage", 1280)
    page.reload()
    assert [m for m in messages if "Content Security Policy" in m] == []
    page.context.close()


def test_coverage_page_draws_its_bars_in_colour(browser: Browser, coverage_site: str) -> None:
    page, _ = _open(browser, f"{coverage_site}/coverage?convention=basel", 1280)
    fill = page.locator("svg.chart rect.series-held").first.evaluate("r => getComputedStyle(r).fill")
    assert fill == "rgb(18, 53, 91)"
    page.context.close()


def test_coverage_filters_work_without_javascript(browser: Browser, coverage_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{coverage_site}/coverage")
    page.get_by_label("Convention", exact=True).select_option("basel")
    page.get_by_label("Region", exact=True).select_option("African")
    page.get_by_role("button", name="Show").click()
    assert page.url.endswith("/coverage?convention=basel&region=African")
    headings = page.get_by_role("heading", level=3).all_inner_texts()
    assert "Basel" in headings
    assert "Stockholm" not in headings
    context.close()
