"""Editing in a browser, signed in: a change shows on the public page, a form says what is wrong beside the
field, another party's contact is out of reach, a concurrent edit is merged, the history says who did what."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from registry.audit.actor import cli_actor
from registry.auth.models import User
from registry.contacts.services import update_contact
from registry.db import db
from tests.factories import make_contact, make_designation
from tests.web.browser.checks import serious_violations
from tests.web.browser.edit_form import (
    fill_and_save,
    make_official,
    open_edit_form,
    sign_in_and_edit,
    stored_contact,
)
from tests.web.browser.fixtures import SignIn
from tests.web.helpers import make_user

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


@pytest.fixture
def official(site: str) -> User:
    return make_official()


def test_official_edits_a_contact_and_the_public_page_shows_it(
    page: Page, browser: Browser, site: str, official: User, sign_in: SignIn
) -> None:
    sign_in_and_edit(sign_in, page, official, site)
    fill_and_save(page, "Position", "Director of Chemicals")
    assert "Saved Dr. Amina Wanjiku." in page.get_by_role("status").inner_text()
    public = browser.new_context().new_page()
    public.goto(f"{site}/parties/KEN")
    assert "Director of Chemicals" in public.locator(".card", has_text="Amina Wanjiku").inner_text()
    public.context.close()


def test_official_cannot_edit_another_partys_contact(
    page: Page, site: str, official: User, sign_in: SignIn
) -> None:
    session = db.session()
    ugandan = make_contact(session, party="UGA", family_name="Okello", position="Officer")
    make_designation(session, ugandan)
    session.commit()
    sign_in(page, official)
    page.goto(f"{site}/parties/UGA")
    assert page.get_by_role("link", name="Edit Dr. Amina Okello").count() == 0
    response = page.goto(f"{site}/contacts/{ugandan.id}/edit")
    assert response is not None
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Forbidden"
    assert stored_contact("Okello").position == "Officer"


def test_form_error_is_shown_beside_its_field_with_the_input_kept(
    page: Page, site: str, official: User, sign_in: SignIn
) -> None:
    sign_in_and_edit(sign_in, page, official, site)
    fill_and_save(page, "E-mail addresses", "a.wanjiku(at)nema.go.ke")
    field = page.locator("#field-emails")
    assert "is not a valid e-mail address" in field.locator(".error").inner_text()
    assert page.get_by_label("E-mail addresses").input_value() == "a.wanjiku(at)nema.go.ke"
    assert page.get_by_label("E-mail addresses").get_attribute("aria-invalid") == "true"


def test_edit_form_with_an_error_has_no_serious_accessibility_violations(
    page: Page, site: str, official: User, sign_in: SignIn
) -> None:
    sign_in_and_edit(sign_in, page, official, site)
    fill_and_save(page, "Phone numbers", "12")
    assert serious_violations(page) == []


def test_concurrent_edit_of_another_field_is_merged_and_nothing_is_overwritten(
    page: Page, browser: Browser, site: str, official: User, sign_in: SignIn
) -> None:
    colleague = browser.new_context().new_page()
    sign_in(page, official)
    sign_in(colleague, official)
    open_edit_form(page, site)
    open_edit_form(colleague, site)
    fill_and_save(colleague, "Department", "Chemicals Division")
    fill_and_save(page, "Position", "Head of Unit")
    assert (
        "Department while you were editing; their change is kept" in page.get_by_role("status").inner_text()
    )
    contact = stored_contact("Wanjiku")
    assert (contact.position, contact.department) == ("Head of Unit", "Chemicals Division")
    colleague.context.close()


def test_history_page_tells_who_changed_what(page: Page, site: str, sign_in: SignIn) -> None:
    session = db.session()
    secretariat = make_user(session, "secretariat")
    contact = make_contact(session, family_name="Njeri", position="Officer")
    update_contact(session, contact, {"position": "Director"}, cli_actor("registry operator"))
    session.commit()
    sign_in(page, secretariat)
    page.goto(f"{site}/contacts/{contact.id}/history")
    latest = page.locator("ol.timeline > li").first
    assert "Contact changed" in latest.inner_text()
    assert "by registry operator (command line)" in latest.inner_text()
    assert latest.locator("tbody tr").inner_text().split("\t") == ["Position", "Officer", "Director"]
