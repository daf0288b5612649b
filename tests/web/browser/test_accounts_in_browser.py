"""Accounts in Chromium, with a real SMTP server: an invited person follows the mailed link, chooses a
password and is signed in; a forgotten password is reset the same way; a token made on the page is accepted
by the API, then refused once revoked; a secretariat invites a party official on the people pages. Each page
passes axe-core's serious and critical checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import requests

from registry.auth.models import User
from registry.auth.services import create_token
from registry.db import db
from tests.accounts import link_in, wait_for_mail
from tests.mailserver import Inbox
from tests.web.browser.checks import serious_violations
from tests.web.browser.fixtures import SignIn
from tests.web.helpers import make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page

NEW_PASSWORD = "seven kites over nairobi"


def _user(role: str, **scope: str) -> User:
    session = db.session()
    user = make_user(session, role, **scope)
    session.commit()
    db.session.remove()  # the test's transaction ends: on SQLite the served app could not write
    return user


def _choose_password(page: Page, link: str) -> None:
    page.goto(link)
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_label("The same password again").fill(NEW_PASSWORD)
    assert serious_violations(page) == []
    page.get_by_role("button", name="Save the password and sign in").click()


def test_invited_person_chooses_a_password_and_is_signed_in(page: Page, site: str, mailbox: Inbox) -> None:
    session = db.session()
    _, secret = create_token(session, role="secretariat", convention="basel", name="basel desk")
    session.commit()
    db.session.remove()
    body = {"email": "a.wanjiku@nema.go.ke", "role": "party", "party": "KEN"}
    invited = requests.post(
        f"{site}/api/v1/users", json=body, headers={"Authorization": f"Bearer {secret}"}, timeout=10
    )
    assert invited.status_code == 201
    link = link_in(mailbox)
    assert link.startswith(f"{site}/account/invitation/")
    _choose_password(page, link)
    page.wait_for_url(f"{site}/")
    assert "Welcome, a.wanjiku@nema.go.ke: you are signed in." in page.get_by_role("status").inner_text()
    assert page.url == f"{site}/"


def test_forgotten_password_is_reset_through_the_mailed_link(page: Page, site: str, mailbox: Inbox) -> None:
    user = _user("party", party="KEN")
    page.goto(f"{site}/sign-in")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("E-mail address").fill(user.email)
    assert serious_violations(page) == []
    page.get_by_role("button", name="Send me a link").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your mail"
    wait_for_mail(mailbox)
    _choose_password(page, link_in(mailbox))
    page.wait_for_url(f"{site}/")
    assert f"signed in as {user.email}" in page.get_by_role("status").inner_text()


@pytest.mark.usefixtures("site")
def test_token_made_on_the_page_is_accepted_then_refused_once_revoked(
    page: Page, live_server: str, sign_in: SignIn
) -> None:
    user = _user("secretariat", convention="basel")
    sign_in(page, user)
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("nightly export")
    page.get_by_role("button", name="Make the token").click()
    field = page.get_by_label("Copy it now: it is not shown again.")
    assert field.get_attribute("readonly") is not None
    secret = field.input_value()
    assert serious_violations(page) == []
    bearer = {"Authorization": f"Bearer {secret}"}
    assert requests.get(f"{live_server}/api/v1/users", headers=bearer, timeout=10).status_code == 200
    page.goto(f"{live_server}/account/tokens")
    assert page.get_by_role("row", name="nightly export").get_by_role("cell").nth(5).inner_text() != "never"
    page.get_by_role("button", name="Revoke nightly export").click()
    assert "is revoked" in page.get_by_role("status").inner_text()
    assert requests.get(f"{live_server}/api/v1/users", headers=bearer, timeout=10).status_code == 401


def test_secretariat_invites_a_party_official_on_the_people_pages(
    page: Page, site: str, sign_in: SignIn, mailbox: Inbox
) -> None:
    sign_in(page, _user("secretariat", convention="basel"))
    page.get_by_role("link", name="People").click()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Invite a person").click()
    page.get_by_label("E-mail address").fill("a.wanjiku@nema.go.ke")
    page.get_by_label("Role").select_option("party")
    page.get_by_label("Party", exact=True).select_option("KEN")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Send the invitation").click()
    assert "Invitation sent to a.wanjiku@nema.go.ke" in page.get_by_role("status").inner_text()
    assert (
        page.get_by_role("row", name="a.wanjiku@nema.go.ke").get_by_role("cell").nth(2).inner_text()
        == "invited"
    )
    assert link_in(mailbox).startswith(f"{site}/account/invitation/")
