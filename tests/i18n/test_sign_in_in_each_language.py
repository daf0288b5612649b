"""The sign-in page, and what it says back, in each language: what a visitor sees before signing in."""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from registry.auth.models import User
from tests.i18n.english import TRANSLATED, catalog, english_left
from tests.web.helpers import PASSWORD, csrf_token, make_user, text

DATA = {"BRS", "officer@example.org"}


@pytest.fixture
def user(session: Session) -> User:
    made = make_user(session, "party", party="KEN")
    session.commit()
    return made


def _sign_in(client: FlaskClient, email: str, password: str, language: str) -> str:
    token = csrf_token(client, f"/sign-in?lang={language}")
    data = {"email": email, "password": password, "csrf_token": token}
    return text(client.post("/sign-in", data=data, follow_redirects=True))


@pytest.mark.parametrize("language", TRANSLATED)
def test_sign_in_page_leaves_no_english(client: FlaskClient, language: str) -> None:
    assert english_left(text(client.get(f"/sign-in?lang={language}")), language, DATA) == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_sign_in_refused_is_said_in_the_page_language(client: FlaskClient, user: User, language: str) -> None:
    page = _sign_in(client, "officer@example.org", "not the password", language)
    assert f'<html lang="{language}"' in page
    assert english_left(page, language, DATA) == []
    refused = catalog(language).get("That e-mail address and password do not match an active account.")
    assert refused.string in html.unescape(page)


def test_signed_in_message_is_said_in_the_page_language(client: FlaskClient, user: User) -> None:
    page = _sign_in(client, user.email, PASSWORD, "es")
    assert english_left(page, "es", {*DATA, user.email}) == []
    assert f"Sesión iniciada como {user.email}." in page


@pytest.mark.parametrize("language", TRANSLATED)
def test_form_without_its_token_is_refused_in_the_page_language(client: FlaskClient, language: str) -> None:
    client.get(f"/sign-in?lang={language}")
    response = client.post("/sign-in", data={"email": "officer@example.org", "password": "x"})
    assert response.status_code == 400
    assert english_left(text(response), language, DATA) == []
    assert catalog(language).get("The CSRF token is missing.").string in html.unescape(text(response))
