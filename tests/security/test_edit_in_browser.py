"""Row 2 in Chromium: someone changes a contact through the API while an official has its edit form open;
the official's save, and a second save of the same form, keep that change."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import requests

from registry.audit.services import history
from registry.auth.models import User
from registry.auth.services import create_token
from registry.db import db
from tests.web.browser.checks import serious_violations
from tests.web.browser.edit_form import fill_and_save, make_official, save, sign_in_and_edit, stored_contact
from tests.web.browser.fixtures import SignIn

if TYPE_CHECKING:
    from playwright.sync_api import Page


@pytest.fixture
def official(site: str) -> User:
    return make_official()


def _api_change(site: str, **fields: str) -> None:
    """A colleague's change through the API (a real request to the served app)."""
    session = db.session()
    _, secret = create_token(session, role="party", party="KEN", name="colleague")
    session.commit()
    url = f"{site}/api/v1/contacts/{stored_contact('Wanjiku').id}"
    db.session.remove()  # the test's transaction ends here: on SQLite the served app could not write
    etag = requests.get(url, timeout=10).headers["ETag"]
    headers = {"Authorization": f"Bearer {secret}", "If-Match": etag}
    assert requests.patch(url, json=fields, headers=headers, timeout=10).status_code == 200


def _save_over_a_colleagues_change(
    page: Page, site: str, official: User, sign_in: SignIn, **colleagues: str
) -> None:
    """The official opens the edit form; a colleague then changes ``colleagues`` through the API; the official
    saves the form, opened before, with the position "Head of Unit"."""
    sign_in_and_edit(sign_in, page, official, site)
    _api_change(site, **colleagues)
    fill_and_save(page, "Position", "Head of Unit")


def test_second_save_after_an_api_change_keeps_the_colleagues_department(
    page: Page, site: str, official: User, sign_in: SignIn
) -> None:
    _save_over_a_colleagues_change(page, site, official, sign_in, department="Chemicals Division")
    assert "their change is kept" in page.get_by_role("status").inner_text()
    page.go_back()  # the stale form again, and Save again, as the old page invited
    save(page)
    contact = stored_contact("Wanjiku")
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
    _save_over_a_colleagues_change(page, site, official, sign_in, position="Director")
    choice = page.locator("#choice-position")
    assert "Head of Unit" in choice.inner_text()
    assert "Director" in choice.inner_text()
    assert serious_violations(page) == []
    page.get_by_label("Theirs, saved meanwhile: Director").check()
    save(page)
    assert stored_contact("Wanjiku").position == "Director"
