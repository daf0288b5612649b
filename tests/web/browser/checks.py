"""Checks the browser tests share: axe-core's accessibility rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

BLOCKING = ("serious", "critical")


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page, each with the elements it found."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in result.response["violations"]
        if v.get("impact") in BLOCKING
    ]


def serious_violations_at(page: Page, url: str) -> list[str]:
    """The serious and critical violations of the page at ``url``, once the page has loaded it."""
    page.goto(url)
    return serious_violations(page)
