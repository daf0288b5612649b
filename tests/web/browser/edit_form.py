"""A contact's edit form as a person uses it in the browser: Kenya's official, signed in, opens the form of
Kenya's focal point from the party page, fills a field in and saves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from registry.auth.models import User
from registry.contacts.models import Contact
from registry.db import db
from tests.factories import make_contact, make_designation
from tests.web.browser.fixtures import SignIn
from tests.web.helpers import make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page


def make_official() -> User:
    """Kenya's official, and Kenya's focal point (Dr. Amina Wanjiku, an officer) to edit; committed."""
    session = db.session()
    user = make_user(session, "party", party="KEN")
    make_designation(
        session, make_contact(session, given_name="Amina", family_name="Wanjiku", position="Officer")
    )
    session.commit()
    return user


def stored_contact(family_name: str) -> Contact:
    """The contact of this family name as the database holds it now."""
    session = db.session()
    session.expire_all()
    return session.scalars(select(Contact).where(Contact.family_name == family_name)).one()


def open_edit_form(page: Page, site: str, name: str = "Dr. Amina Wanjiku") -> None:
    """Kenya's party page, then the link to edit the contact ``name``."""
    page.goto(f"{site}/parties/KEN")
    page.get_by_role("link", name=f"Edit {name}").click()


def sign_in_and_edit(sign_in: SignIn, page: Page, user: User, site: str) -> None:
    """``user`` signs in on ``page`` and opens the edit form of Kenya's focal point."""
    sign_in(page, user)
    open_edit_form(page, site)


def save(page: Page) -> None:
    page.get_by_role("button", name="Save").click()


def fill_and_save(page: Page, label: str, value: str) -> None:
    """The open form's field ``label`` set to ``value``, and the form saved."""
    page.get_by_label(label).fill(value)
    save(page)
