"""Editing contacts through the pages: the same rules, messages and history as the API."""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from registry.audit.actor import cli_actor
from registry.audit.services import history
from registry.contacts.models import Contact
from registry.contacts.services import update_contact
from tests.conftest import Tokens
from tests.factories import make_contact
from tests.web.helpers import csrf_token, make_user, post, sign_in, text


def _signed_in(client: FlaskClient, session: Session, role: str = "party", **scope: str) -> None:
    user = make_user(session, role, **scope)
    session.commit()
    sign_in(client, user)


def _form(client: FlaskClient, contact_id: int) -> dict[str, str]:
    """The edit form's fields as the page filled them in (hidden ones included)."""
    page = text(client.get(f"/contacts/{contact_id}/edit"))
    fields = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', page))
    fields.update(re.findall(r'<textarea[^>]*name="(\w+)"[^>]*>([^<]*)</textarea>', page))
    return {k: html.unescape(v) for k, v in fields.items()}


def _field(page: str, name: str) -> str:
    """The HTML of one form field: its label, hint, error messages and input."""
    start = page.index(f'<div class="field invalid" id="field-{name}">')
    return page[start : page.index("</div>", start)]


def _save(client: FlaskClient, contact_id: int, form: dict[str, str]) -> TestResponse:
    return client.post(f"/contacts/{contact_id}/edit", data=form)


def _stored(session: Session, contact_id: int) -> Contact:
    """The contact as the database holds it now."""
    session.expire_all()
    return session.get_one(Contact, contact_id)


def _form_before_a_colleagues_change(
    client: FlaskClient, session: Session, change: dict[str, str]
) -> tuple[Contact, dict[str, str]]:
    """A Kenyan officer in Waste, and the edit form as the signed-in official opened it before a colleague
    made ``change`` (committed)."""
    contact = make_contact(session, position="Officer", department="Waste")
    _signed_in(client, session, party="KEN")
    form = _form(client, contact.id)
    fresh = session.get_one(Contact, contact.id)  # the requests closed the test's session: read it again
    update_contact(session, fresh, change, cli_actor("a colleague"))
    session.commit()
    return contact, form


def test_edit_saves_and_records_the_user_as_author(client: FlaskClient, session: Session) -> None:
    contact = make_contact(session, position="Officer")
    _signed_in(client, session, party="KEN")
    response = _save(client, contact.id, {**_form(client, contact.id), "position": "Director"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/parties/KEN#contact-{contact.id}"
    last = history(session, "contact", contact.id)[-1]
    assert last.fields == {"position": ["Officer", "Director"]}
    assert last.actor["kind"] == "user"
    assert last.actor["party"] == "KEN"


def test_edit_takes_several_emails_one_a_line(client: FlaskClient, session: Session) -> None:
    contact = make_contact(session)
    _signed_in(client, session, party="KEN")
    form = {**_form(client, contact.id), "emails": "A.Wanjiku@nema.go.ke\r\n\r\nregistry@nema.go.ke\r\n"}
    _save(client, contact.id, form)
    assert _stored(session, contact.id).emails == ["a.wanjiku@nema.go.ke", "registry@nema.go.ke"]


def test_edit_of_another_partys_contact_is_a_403_and_changes_nothing(
    client: FlaskClient, session: Session
) -> None:
    contact = make_contact(session, party="UGA", position="Officer")
    _signed_in(client, session, party="KEN")
    form = {"position": "Hacked", "csrf_token": csrf_token(client, "/")}
    response = _save(client, contact.id, form)
    assert response.status_code == 403
    assert response.mimetype == "text/html"
    assert _stored(session, contact.id).position == "Officer"


def test_edit_form_of_another_partys_contact_is_a_403(client: FlaskClient, session: Session) -> None:
    contact = make_contact(session, party="UGA")
    _signed_in(client, session, party="KEN")
    assert client.get(f"/contacts/{contact.id}/edit").status_code == 403


def test_edit_form_needs_signing_in(client: FlaskClient, session: Session) -> None:
    contact = make_contact(session)
    session.commit()
    response = client.get(f"/contacts/{contact.id}/edit")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/sign-in?next=/contacts/{contact.id}/edit"


def test_edit_shows_the_apis_message_beside_the_field(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    contact = make_contact(session)
    api = client.patch(
        f"/api/v1/contacts/{contact.id}",
        json={"emails": ["not-an-address"]},
        headers={**tokens.header("admin"), "If-Match": f'"contact-{contact.id}-v{contact.version}"'},
    )
    [message] = api.get_json()["errors"]["emails"]
    _signed_in(client, session, party="KEN")
    response = _save(client, contact.id, {**_form(client, contact.id), "emails": "not-an-address"})
    assert response.status_code == 422
    field = _field(text(response), "emails")
    assert message in html.unescape(field)
    assert ">not-an-address</textarea>" in field


def test_edit_shows_a_length_error_beside_the_field(client: FlaskClient, session: Session) -> None:
    contact = make_contact(session)
    _signed_in(client, session, party="KEN")
    response = _save(client, contact.id, {**_form(client, contact.id), "title": "T" * 61})
    assert "Longer than maximum length 60." in _field(text(response), "title")


def test_edit_after_someone_elses_change_of_another_field_keeps_both(
    client: FlaskClient, session: Session
) -> None:
    contact, form = _form_before_a_colleagues_change(client, session, {"department": "Chemicals"})
    assert _save(client, contact.id, {**form, "position": "Director"}).status_code == 302
    saved = _stored(session, contact.id)
    assert (saved.position, saved.department) == ("Director", "Chemicals")
    assert "Department while you were editing; their change is kept" in text(client.get("/"))


def test_edit_after_someone_elses_change_of_the_same_field_shows_both(
    client: FlaskClient, session: Session
) -> None:
    change = {"position": "Head", "department": "Chemicals"}
    contact, form = _form_before_a_colleagues_change(client, session, change)
    response = _save(client, contact.id, {**form, "position": "Director"})
    assert response.status_code == 409
    page = text(response)
    assert "Someone else changed this contact" in page
    assert 'name="take-position" value="theirs"' in page
    assert 'name="position" type="text" value="Director"' in page
    assert 'name="department" type="text" value="Chemicals"' in page
    assert _stored(session, contact.id).position == "Head"


def test_add_contact_then_asks_for_its_role(client: FlaskClient, session: Session) -> None:
    _signed_in(client, session, party="KEN")
    form = {"given_name": "Grace", "family_name": "Otieno", "emails": "g.otieno@nema.go.ke"}
    response = post(client, "/parties/KEN/contacts/new", form)
    assert response.status_code == 302
    contact_id = int(response.headers["Location"].split("/")[2])
    assert response.headers["Location"] == f"/contacts/{contact_id}/designate"
    assert session.get(Contact, contact_id).family_name == "Otieno"  # type: ignore[union-attr]


def test_add_contact_to_another_party_is_a_403(client: FlaskClient, session: Session) -> None:
    _signed_in(client, session, party="KEN")
    response = client.post(
        "/parties/UGA/contacts/new", data={"family_name": "X", "csrf_token": csrf_token(client, "/")}
    )
    assert response.status_code == 403
