"""Row 2: a form that meets a concurrent change merges; a second save never undoes a colleague's edit."""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from registry.audit.services import history
from registry.contacts.models import Contact
from tests.conftest import Tokens
from tests.factories import make_contact
from tests.web.helpers import make_user, sign_in, text


def _fields(page: str) -> dict[str, str]:
    """A page's form fields as the browser would send them (hidden ones and checked radios included)."""
    fields = dict(re.findall(r'<input[^>]*name="([\w-]+)"[^>]*value="([^"]*)"', page))
    fields.update(re.findall(r'<textarea[^>]*name="(\w+)"[^>]*>([^<]*)</textarea>', page))
    fields.update(re.findall(r'<input type="radio"[^>]*name="([\w-]+)" value="(\w+)" checked', page))
    return {k: html.unescape(v) for k, v in fields.items()}


def _setup(client: FlaskClient, session: Session) -> tuple[Contact, dict[str, str]]:
    """A Kenyan contact, its official signed in, and the edit form as it was shown."""
    contact = make_contact(session, position="Officer", department="Waste")
    user = make_user(session, "party", party="KEN")
    session.commit()
    sign_in(client, user)
    return contact, _fields(text(client.get(f"/contacts/{contact.id}/edit")))


def _colleague_patches(client: FlaskClient, contact: Contact, tokens: Tokens, **fields: str) -> None:
    etag = client.get(f"/api/v1/contacts/{contact.id}").headers["ETag"]
    headers = {**tokens.header("party", party="KEN"), "If-Match": etag}
    assert client.patch(f"/api/v1/contacts/{contact.id}", json=fields, headers=headers).status_code == 200


def _save(client: FlaskClient, contact: Contact, form: dict[str, str]) -> TestResponse:
    return client.post(f"/contacts/{contact.id}/edit", data=form)


def _conflict_over_the_position(
    client: FlaskClient, session: Session, tokens: Tokens
) -> tuple[Contact, dict[str, str]]:
    """A colleague made the position "Head" while the person, on a stale form, made it "Director": the
    contact, and the form of the conflict page this save was answered with."""
    contact, form = _setup(client, session)
    _colleague_patches(client, contact, tokens, position="Head")
    return contact, _fields(text(_save(client, contact, {**form, "position": "Director"})))


def _now(session: Session, contact: Contact) -> tuple[str | None, str | None]:
    session.expire_all()
    fresh = session.get(Contact, contact.id)
    assert fresh is not None
    return fresh.position, fresh.department


def test_second_save_of_a_stale_form_keeps_the_colleagues_value(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    contact, form = _setup(client, session)
    _colleague_patches(client, contact, tokens, department="Chemicals")
    mine = {**form, "position": "Director"}
    assert _save(client, contact, mine).status_code == 302
    _save(client, contact, mine)  # the same form, sent again
    assert _now(session, contact) == ("Director", "Chemicals")
    changes = history(session, "contact", contact.id)[1:]
    departments = [c.fields["department"] for c in changes if "department" in c.fields]
    assert departments == [["Waste", "Chemicals"]]  # the colleague's change, never undone


def test_conflict_page_shows_both_and_saves_only_what_was_shown(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    contact, form = _setup(client, session)
    _colleague_patches(client, contact, tokens, department="Chemicals", position="Head")
    response = _save(client, contact, {**form, "position": "Director"})
    assert response.status_code == 409
    again = _fields(text(response))
    assert (again["department"], again["take-position"]) == ("Chemicals", "mine")
    assert _save(client, contact, again).status_code == 302
    assert _now(session, contact) == ("Director", "Chemicals")


def test_conflict_page_lets_the_person_keep_their_value(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    contact, again = _conflict_over_the_position(client, session, tokens)
    _save(client, contact, {**again, "take-position": "theirs"})
    assert _now(session, contact) == ("Head", "Waste")


def test_conflict_page_after_yet_another_change_merges_again(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    contact, again = _conflict_over_the_position(client, session, tokens)
    _colleague_patches(client, contact, tokens, department="Chemicals")
    _save(client, contact, again)
    assert _now(session, contact) == ("Director", "Chemicals")


def test_stale_form_of_unknown_origin_saves_nothing(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    contact, form = _setup(client, session)
    _colleague_patches(client, contact, tokens, department="Chemicals")
    response = _save(client, contact, {**form, "seen": "0", "position": "Director"})
    assert response.status_code == 409
    assert _now(session, contact) == ("Officer", "Chemicals")
