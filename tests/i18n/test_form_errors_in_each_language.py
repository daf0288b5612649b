"""What a form says back (a refused value, a broken rule) in the page's language; the API's words stay
English."""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from registry.contacts.values import normalize_phone
from tests.conftest import Tokens
from tests.factories import make_contact, make_designation
from tests.web.helpers import make_user, post, sign_in, text


def _signed_in(client: FlaskClient, session: Session, language: str) -> None:
    user = make_user(session, "party", party="KEN")
    session.commit()
    sign_in(client, user)
    client.get(f"/?lang={language}")


def test_form_error_of_a_rule_is_said_in_the_page_language(client: FlaskClient, session: Session) -> None:
    make_designation(session, make_contact(session), "basel", "FP")
    contact = make_contact(session)
    _signed_in(client, session, "fr")
    page = html.unescape(text(post(client, f"/contacts/{contact.id}/designate", {"role": "basel:FP"})))
    assert (
        "Cette Partie a déjà un titulaire actuel de ce rôle ; mettez d'abord fin à cette désignation." in page
    )


def test_form_error_of_a_value_is_said_in_the_page_language(client: FlaskClient, session: Session) -> None:
    contact = make_contact(session)
    _signed_in(client, session, "ru")
    form = {"given_name": "Amina", "family_name": "Wanjiku", "phones": "12", "version": contact.version}
    page = html.unescape(text(post(client, f"/contacts/{contact.id}/edit", form)))
    assert "'12' — не номер телефона, по которому можно позвонить (укажите его в виде +CC ...)" in page


def test_form_error_said_outside_a_page_is_english() -> None:
    with pytest.raises(ValueError, match=r"^'12' is not a phone number that can be dialled \(write it as"):
        normalize_phone("12", "KE")


def test_api_error_of_a_rule_stays_english(client: FlaskClient, session: Session, tokens: Tokens) -> None:
    contact = make_contact(session)
    session.commit()
    headers = {"Accept-Language": "fr", **tokens.header("admin")}
    body = {"convention": "basel", "role": "NFP", "contact_id": contact.id}
    response = client.post("/api/v1/designations", json=body, headers=headers)
    assert response.status_code == 422
    assert "The basel convention has the roles FP and CA." in str(response.get_json())
