"""Designating contacts and ending designations through the pages."""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.audit.actor import cli_actor
from registry.contacts.models import Contact
from registry.designations.models import Designation
from registry.designations.services import update_designation
from registry.errors import CONSTRAINT_MESSAGES
from tests.factories import make_contact, make_designation
from tests.web.helpers import csrf_token, make_user, post, sign_in, text


def _signed_in(client: FlaskClient, session: Session, role: str = "party", **scope: str) -> None:
    user = make_user(session, role, **scope)
    session.commit()
    sign_in(client, user)


@pytest.fixture
def contact(session: Session) -> Contact:
    """A Kenyan contact of no role, to designate."""
    return make_contact(session)


def _designations(session: Session, contact_id: int) -> list[Designation]:
    session.expire_all()
    return list(session.scalars(select(Designation).where(Designation.contact_id == contact_id)))


def test_designate_creates_a_designation_from_the_web(
    client: FlaskClient, session: Session, contact: Contact
) -> None:
    _signed_in(client, session, party="KEN")
    response = post(client, f"/contacts/{contact.id}/designate", {"role": "rotterdam:DNA", "scope": "cp"})
    assert response.status_code == 302
    [designation] = _designations(session, contact.id)
    assert (designation.convention, designation.role, designation.scope) == ("rotterdam", "DNA", "CP")
    assert designation.source == "web"


def test_designate_a_dna_without_scope_shows_the_rule_beside_the_scope(
    client: FlaskClient, session: Session, contact: Contact
) -> None:
    _signed_in(client, session, party="KEN")
    response = post(client, f"/contacts/{contact.id}/designate", {"role": "rotterdam:DNA"})
    assert response.status_code == 422
    page = html.unescape(text(response))
    field = page[page.index('id="field-scope"') :]
    assert (
        "A DNA's scope is P (pesticides), C (industrial chemicals) or CP (both)."
        in field[: field.index("</div>")]
    )
    assert _designations(session, contact.id) == []


def test_designate_a_second_focal_point_shows_the_constraints_message(
    client: FlaskClient, session: Session
) -> None:
    make_designation(session, make_contact(session), "basel", "FP")
    contact = make_contact(session)
    _signed_in(client, session, party="KEN")
    response = post(client, f"/contacts/{contact.id}/designate", {"role": "basel:FP"})
    assert response.status_code == 422
    field, message = CONSTRAINT_MESSAGES["uq_designations_single_holder"]
    assert field == "role"
    page = html.unescape(text(response))
    assert str(message) in page[page.index('id="field-role"') :]


def test_designate_offers_a_secretariat_only_its_conventions_roles(
    client: FlaskClient, session: Session, contact: Contact
) -> None:
    _signed_in(client, session, "secretariat", convention="basel")
    page = text(client.get(f"/contacts/{contact.id}/designate"))
    assert 'value="basel:CA"' in page
    assert 'value="rotterdam:DNA"' not in page


def test_designate_for_another_convention_than_the_secretariats_is_a_403(
    client: FlaskClient, session: Session, contact: Contact
) -> None:
    _signed_in(client, session, "secretariat", convention="basel")
    response = client.post(
        f"/contacts/{contact.id}/designate",
        data={"role": "stockholm:NFP", "csrf_token": csrf_token(client, "/")},
    )
    assert response.status_code == 403
    assert _designations(session, contact.id) == []


def test_end_ends_the_designation_and_keeps_it(client: FlaskClient, session: Session) -> None:
    designation = make_designation(session)
    _signed_in(client, session, party="KEN")
    page = f"/designations/{designation.id}/end"
    response = post(client, page, {"ends_on": "", "version": str(designation.version), "seen": "0"})
    assert response.status_code == 302
    [ended] = _designations(session, designation.contact_id)
    assert ended.ends_on is not None


def test_end_after_someone_elses_change_is_refused(client: FlaskClient, session: Session) -> None:
    designation = make_designation(session, convention="basel", role="CA", scope="Import")
    _signed_in(client, session, party="KEN")
    token = csrf_token(client, f"/designations/{designation.id}/end")
    fresh = session.get(Designation, designation.id)
    assert fresh is not None
    update_designation(session, fresh, {"scope": "Export"}, cli_actor("a colleague"))
    session.commit()
    response = client.post(
        f"/designations/{designation.id}/end", data={"version": "1", "seen": "0", "csrf_token": token}
    )
    assert response.status_code == 409
    assert "Export" in text(response)
    assert _designations(session, designation.contact_id)[0].ends_on is None


def test_end_before_the_start_shows_the_services_message(client: FlaskClient, session: Session) -> None:
    designation = make_designation(session)
    _signed_in(client, session, party="KEN")
    form = {"ends_on": "2000-01-01", "version": str(designation.version), "seen": "0"}
    response = post(client, f"/designations/{designation.id}/end", form)
    assert response.status_code == 422
    assert "Must lie between the start (2024-01-01) and today." in text(response)


def test_end_of_another_partys_designation_is_a_403(client: FlaskClient, session: Session) -> None:
    designation = make_designation(session, make_contact(session, party="UGA"))
    _signed_in(client, session, party="KEN")
    assert client.get(f"/designations/{designation.id}/end").status_code == 403
