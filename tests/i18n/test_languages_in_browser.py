"""The pages in Chromium in each language: no accessibility violation (axe-core, every impact), Arabic laid
out right to left (the header, the cards, the charts mirrored), nothing wider than a 390 px phone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from registry.db import db
from registry.i18n import LANGUAGES
from tests.i18n.world import build_world
from tests.registry.coverage.world import build_world as build_coverage

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# The coverage page of one convention: the same words as the whole page, a third of its length. For axe,
# also of one regional group: every section, a tenth of the rows (each drawn by one template) to walk (the
# whole page, checked once in each language, had no violation either: 15-20 s a language, against 1-2 s).
PAGES = ("/parties/KEN", "/coverage?convention=basel")
CHECKED_PAGES = ("/parties/KEN", "/coverage?convention=basel&region=Eastern%20European")

# Each test asks for its page's site as it runs (request.getfixturevalue): say so here, so that they count
# as using the database (tests/conftest.py runs only those on PostgreSQL).
pytestmark = pytest.mark.usefixtures("site")


@pytest.fixture
def kenya_site(site: str) -> str:
    """The served app with Kenya's contacts committed; its URL."""
    build_world(db.session())
    db.session().commit()
    return site


@pytest.fixture
def coverage_site(site: str) -> str:
    """The served app with the coverage tests' world committed; its URL."""
    build_coverage(db.session(), signatory=False)
    db.session().commit()
    return site


def _url(request: pytest.FixtureRequest, path: str, language: str) -> str:
    """The page at ``path`` in ``language``, on the site served with the world that page shows."""
    site: str = request.getfixturevalue("coverage_site" if path.startswith("/coverage") else "kenya_site")
    return f"{site}{path}{'&' if '?' in path else '?'}lang={language}"


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 800})
    yield context.new_page()
    context.close()


def _violations(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in result.response["violations"]
    ]


def _open(page: Page, url: str) -> Page:
    page.goto(url)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    return page


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", CHECKED_PAGES)
def test_page_in_each_language_has_no_accessibility_violations(
    page: Page, request: pytest.FixtureRequest, path: str, language: str
) -> None:
    assert _violations(_open(page, _url(request, path, language))) == []


@pytest.mark.parametrize("language", ["ar", "zh", "ru"])
@pytest.mark.parametrize("path", PAGES)
def test_page_in_each_language_fits_a_390_px_phone(
    phone: Page, request: pytest.FixtureRequest, path: str, language: str
) -> None:
    _open(phone, _url(request, path, language))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_arabic_page_is_laid_out_right_to_left(page: Page, kenya_site: str) -> None:
    _open(page, f"{kenya_site}/parties/KEN?lang=ar")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    brand = page.locator(".brand").bounding_box()
    search = page.get_by_role("navigation", name="الموقع").bounding_box()
    assert brand is not None
    assert search is not None
    assert brand["x"] > search["x"], "the site's name starts the header on the right"


def test_arabic_card_details_start_on_the_right(page: Page, kenya_site: str) -> None:
    _open(page, f"{kenya_site}/parties/KEN?lang=ar")
    card = page.locator(".card", has_text="Wanjiru Kamau").first
    box, label = card.bounding_box(), card.locator("dt").first.bounding_box()
    assert box is not None
    assert label is not None
    assert box["x"] + box["width"] - (label["x"] + label["width"]) < 40


def test_arabic_chart_labels_stay_inside_their_drawing(page: Page, coverage_site: str) -> None:
    _open(page, f"{coverage_site}/coverage?lang=ar&convention=basel")
    outside = page.evaluate(
        """() => [...document.querySelectorAll('svg.chart')].flatMap(svg => {
            const frame = svg.getBoundingClientRect();
            return [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect())
                .filter(r => r.left < frame.left - 1 || r.right > frame.right + 1);
        }).length"""
    )
    assert outside == 0


def test_arabic_chart_bars_grow_from_the_right(page: Page, coverage_site: str) -> None:
    _open(page, f"{coverage_site}/coverage?lang=ar&convention=basel")
    svg = page.locator("svg.chart").first
    frame, bar = svg.bounding_box(), svg.locator("rect[class^='series-']").first.bounding_box()
    assert frame is not None
    assert bar is not None
    assert abs((frame["x"] + frame["width"]) - (bar["x"] + bar["width"])) < 2


def test_language_switcher_leads_to_the_same_page_in_another_language(page: Page, kenya_site: str) -> None:
    _open(page, f"{kenya_site}/parties/KEN?convention=basel")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="中文").click()
    assert page.url.endswith("/parties/KEN?convention=basel&lang=zh")
    assert page.get_by_role("heading", level=2).first.inner_text() == "各公约下的职务"
    page.get_by_role("link", name="覆盖情况").click()
    assert page.locator("html").get_attribute("lang") == "zh", "the cookie keeps the language"
