"""Row 2 in Chromium: someone changes a contact through the API while an official has its edit form open;
the official's save, and a second save of the same form, keep that change."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import requests
from sqlalchemy import select

from registry.audit.services import history
from registry.auth.models import User
from registry.auth.services import create_token
from registry.contacts.models import Contact
from registry.db import db
from tests.factories import make_contact, make_designation
from tests.web.browser.checks import serious_violations
from tests.web.browser.fixtures import SignIn
from tests.web.helpers import make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page

NAME = "Dr. Amina Wanjiku"


@pytest.fixture
def official(site: str) -> User:
    """Kenya's official, and Kenya's focal point (contact) to edit."""
    session = db.session()
    user = make_user(session, "party", party="KEN")
    contact = make_contact(session, given_name="Amina", family_name="Wanjiku", position="Officer")
    make_designation(session, contact)
    session.commit()
    return user


def _contact() -> Contact:
    session = db.session()
    session.expire_all()
    return session.scalars(select(Contact).where(Contact.family_name == "Wanjiku")).one()


def _api_change(site: str, **fields: str) -> None:
    """A colleague's change through the API (a real request to the served app)."""
    session = db.session()
    _, secret = create_token(session, role="party", party="KEN", name="colleague")
    session.commit()
    url = f"{site}/api/v1/contacts/{_contact().id}"
    db.session.remove()  # the test's transaction ends here: on SQLite the served app could not write
    etag = requests.get(url, timeout=10).headers["ETag"]
    headers = {"Authorization": f"Bearer {secret}", "If-Match": etag}
    assert requests.patch(url, json=fields, headers=headers, timeout=10).status_code == 200


def _open_form(page: Page, site: str) -> None:
    page.goto(f"{site}/parties/KEN")
    page.get_by_role("link", name=f"Edit {NAME}").click()


def test_second_save_after_an_api_change_keeps_the_colleagues_department(
    page: Page, site: str, official: User, sign_in: SignIn
) -> None:
    sign_in(page, official)
    _open_form(page, site)
    _api_change(site, department="Chemicals Division")
    page.get_by_label("Position").fill("Head of Unit")
    page.get_by_role("button", name="Save").click()
    assert "their change is kept" in page.get_by_role("status").inner_text()
    page.go_back()  # the stale form again, and Save again, as the old page invited
    page.get_by_role("button", name="Save").click()
    contact = _contact()
    assert (contact.position, contact.department) == ("Head of Unit", "Chemicals Division")
    departments = [
        c.fields["department"]
        for c in history(db.session(), "contact", contact.id)[1:]
        if "department" in c.fields
    ]
    assert departments == [[None, "Chemicals Division"]]


def test_field_changed_by_both_is_shown_side_by_side_to_choose(
    page: Page, site: str, official: User, sign_in: SignIn
) -> None:
    sign_in(page, official)
    _open_form(page, site)
    _api_change(site, position="Director")
    page.get_by_label("Position").fill("Head of Unit")
    page.get_by_role("button", name="Save").click()
    choice = page.locator("#choice-position")
    assert "Head of Unit" in choice.inner_text()
    assert "Director" in choice.inner_text()
    assert serious_violations(page) == []
    page.get_by_label("Theirs, saved meanwhile: Director").check()
    page.get_by_role("button", name="Save").click()
    assert _contact().position == "Director"
