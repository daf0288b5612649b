"""Settling discrepancies in a browser: each button, a form another person answered first, and the pages
(discrepancies and recent changes) without serious accessibility violations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from registry.audit.actor import cli_actor
from registry.auth.models import User
from registry.contacts.models import Contact
from registry.db import db
from registry.discrepancies.models import Discrepancy
from registry.discrepancies.services import resolve
from tests.factories import finding, make_contact, make_designation, make_discrepancies
from tests.web.browser.checks import serious_violations, serious_violations_at
from tests.web.browser.fixtures import SignIn
from tests.web.helpers import make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page


@dataclass(frozen=True)
class Desk:
    """The Basel secretariat's user, a conflict (Kenya's focal point: the list says "Adviser", the registry
    "Director") and a list out of date (Kenya's competent authority)."""

    site: str
    secretariat: User
    conflict: int
    contact: int


@pytest.fixture
def desk(site: str) -> Desk:
    session = db.session()
    user = make_user(session, "secretariat", convention="basel")
    contact = make_contact(session, given_name="Amina", family_name="Wanjiku", position="Director")
    focal_point = make_designation(session, contact, "basel", "FP")
    authority = make_designation(session, make_contact(session, family_name="Otieno"), "basel", "CA")
    conflict, _ = make_discrepancies(
        session, [finding(focal_point, listed="Adviser"), finding(authority, kind="registry_ahead")]
    )
    session.commit()
    desk = Desk(site, user, conflict.id, contact.id)
    db.session.remove()  # no transaction left open: the server's requests write
    return desk


def _position(desk: Desk) -> str | None:
    session = db.session()
    session.expire_all()
    return session.get_one(Contact, desk.contact).position


def _open_page(page: Page, desk: Desk, sign_in: SignIn) -> None:
    sign_in(page, desk.secretariat)
    page.get_by_role("link", name="Discrepancies").click()
    page.get_by_role("heading", name="Conflicts waiting for a person (1)").wait_for()


def test_keep_the_lists_values_button_writes_them(page: Page, desk: Desk, sign_in: SignIn) -> None:
    _open_page(page, desk, sign_in)
    page.get_by_role("button", name="Keep the list's values").click()
    assert "Kept the list's values for Amina Wanjiku" in page.get_by_role("status").inner_text()
    assert page.get_by_role("heading", name="Conflicts waiting for a person (0)").is_visible()
    assert _position(desk) == "Adviser"


def test_keep_the_registrys_values_button_leaves_the_contact(page: Page, desk: Desk, sign_in: SignIn) -> None:
    _open_page(page, desk, sign_in)
    page.get_by_role("button", name="Keep the registry's values").click()
    assert "Kept the registry's values for Amina Wanjiku" in page.get_by_role("status").inner_text()
    assert _position(desk) == "Director"
    assert page.get_by_role("link", name="Amina Wanjiku").count() == 1  # listed under "Settled lately"


def test_a_form_another_person_answered_first_changes_nothing(
    page: Page, desk: Desk, sign_in: SignIn
) -> None:
    _open_page(page, desk, sign_in)
    session = db.session()
    resolve(session, session.get_one(Discrepancy, desk.conflict), "registry", cli_actor("operator ana"))
    session.commit()
    db.session.remove()
    page.get_by_role("button", name="Keep the list's values").click()
    alert = page.get_by_role("alert").inner_text()
    assert "Someone else settled this meanwhile" in alert
    assert "operator ana" in alert
    assert _position(desk) == "Director"


def test_discrepancies_page_has_no_serious_accessibility_violations(
    page: Page, desk: Desk, sign_in: SignIn
) -> None:
    _open_page(page, desk, sign_in)
    assert serious_violations(page) == []


def test_one_discrepancy_page_has_no_serious_accessibility_violations(
    page: Page, desk: Desk, sign_in: SignIn
) -> None:
    sign_in(page, desk.secretariat)
    assert serious_violations_at(page, f"{desk.site}/discrepancies/{desk.conflict}") == []


def test_recent_changes_page_has_no_serious_accessibility_violations(page: Page, desk: Desk) -> None:
    page.goto(f"{desk.site}/changes")
    page.get_by_role("heading", name="Recent changes").wait_for()
    assert serious_violations(page) == []
