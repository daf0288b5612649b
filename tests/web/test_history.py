"""A contact's history page: who changed what, when."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from registry.audit.actor import cli_actor
from registry.auth.users import user_actor
from registry.contacts.services import update_contact
from tests.factories import make_contact, make_designation
from tests.web.helpers import make_user, sign_in, text


def test_history_shows_each_change_with_its_author(client: FlaskClient, session: Session) -> None:
    official = make_user(session, "party", party="KEN")
    contact = make_contact(session, position="Officer")
    update_contact(session, contact, {"position": "Director"}, user_actor(official))
    session.commit()
    sign_in(client, official)
    page = text(client.get(f"/contacts/{contact.id}/history"))
    assert "Contact changed" in page
    assert f'by <span dir="auto">{official.email} (party official, KEN, signed in)</span>' in page
    assert '<td class="value" dir="auto">Officer</td><td class="value" dir="auto">Director</td>' in page


def test_history_includes_the_contacts_roles(client: FlaskClient, session: Session) -> None:
    designation = make_designation(session, actor=cli_actor("operator"))
    user = make_user(session, "secretariat")
    session.commit()
    sign_in(client, user)
    page = text(client.get(f"/contacts/{designation.contact_id}/history"))
    assert "Designated as Basel Focal Point" in page
    assert "operator (command line)" in page


def test_history_of_another_partys_contact_is_a_403(client: FlaskClient, session: Session) -> None:
    contact = make_contact(session, party="UGA")
    user = make_user(session, "party", party="KEN")
    session.commit()
    sign_in(client, user)
    assert client.get(f"/contacts/{contact.id}/history").status_code == 403
