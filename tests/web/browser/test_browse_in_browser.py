"""Reading the registry in a browser: search, a party's page, no JavaScript needed, accessible."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from registry.db import db
from tests.factories import make_contact, make_designation
from tests.web.browser.checks import serious_violations_at

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


@pytest.fixture
def kenya(site: str) -> str:
    """Kenya with a person holding three roles and one holding one; the site's URL."""
    session = db.session()
    person = make_contact(session, given_name="Amina", family_name="Wanjikú", organization="NEMA Kenya")
    make_designation(session, person, "basel", "FP")
    make_designation(session, person, "rotterdam", "DNA", scope="CP")
    make_designation(session, person, "stockholm", "OCP")
    other = make_contact(
        session, title=None, given_name="محمد", family_name="الأمين", organization="وزارة البيئة"
    )
    make_designation(session, other, "stockholm", "NFP")
    session.commit()
    return site


def test_search_then_open_a_party(page: Page, kenya: str) -> None:
    page.goto(kenya)
    page.get_by_label("Name, organization, e-mail or country").fill("kenya")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Kenya").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Kenya")
    card = page.locator(".card", has_text="Amina Wanjikú")
    assert card.locator("ul.roles li").count() == 3


def test_search_finds_a_person_ignoring_accents_and_case(page: Page, kenya: str) -> None:
    page.goto(f"{kenya}/search?q=WANJIKU")
    page.get_by_role("link", name="Dr. Amina Wanjikú").click()
    assert "/parties/KEN#contact-" in page.url
    assert page.locator(".card:target h3").inner_text() == "Dr. Amina Wanjikú"


def test_party_page_reads_and_filters_without_javascript(browser: Browser, kenya: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{kenya}/parties/KEN")
    assert page.locator(".card").count() == 2
    page.get_by_role("navigation", name="Filter contacts").get_by_role("link", name="Basel").click()
    assert page.url.endswith("/parties/KEN?convention=basel")
    assert page.locator(".card h3").all_inner_texts() == ["Dr. Amina Wanjikú"]
    context.close()


def test_person_entered_arabic_text_reads_right_to_left(page: Page, kenya: str) -> None:
    page.goto(f"{kenya}/parties/KEN")
    heading = page.locator(".card h3", has_text="الأمين")
    assert heading.evaluate("element => getComputedStyle(element).direction") == "rtl"


@pytest.mark.parametrize("path", ["/", "/search?q=amina", "/parties/KEN", "/parties", "/sign-in"])
def test_reading_pages_have_no_serious_accessibility_violations(page: Page, kenya: str, path: str) -> None:
    assert serious_violations_at(page, kenya + path) == []
