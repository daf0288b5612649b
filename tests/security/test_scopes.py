"""Row 13: a secretariat writes only contacts that hold, or are given in the same request, a role under its
convention; never a contact out of nowhere, nor another party's contact of no role of its own. One rule
(registry.auth.policy.require_contact_write) for the API and the pages."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.contacts.models import Contact
from registry.designations.models import Designation
from tests.conftest import Tokens
from tests.factories import make_contact, make_designation
from tests.registry.api.helpers import API, assert_problem, contact_body, dump
from tests.web.helpers import make_user, post, sign_in

BASEL_FP = {"convention": "basel", "role": "FP"}


def _patch(client: FlaskClient, contact: Contact, headers: dict[str, str]) -> Any:
    tag = {"If-Match": f'"contact-{contact.id}-v{contact.version}"'}
    return client.patch(
        f"{API}/contacts/{contact.id}", json={"position": "Rewritten"}, headers={**headers, **tag}
    )


def _kenyan_holding(session: Session, *role: str) -> Contact:
    """A Kenyan contact holding ``role`` (a convention and a role code), or none; committed."""
    contact = make_contact(session, "KEN")
    if role:
        make_designation(session, contact, *role)
    session.commit()
    return contact


@pytest.fixture
def basel(tokens: Tokens) -> dict[str, str]:
    return tokens.header("secretariat", convention="basel")


def test_secretariat_may_not_change_a_contact_of_no_role(
    client: FlaskClient, session: Session, basel: dict[str, str]
) -> None:
    contact = _kenyan_holding(session)
    before = dump(session)
    assert_problem(_patch(client, contact, basel), 403)
    assert dump(session) == before


def test_secretariat_may_not_change_a_contact_of_another_conventions_role(
    client: FlaskClient, session: Session, basel: dict[str, str]
) -> None:
    assert_problem(_patch(client, _kenyan_holding(session, "rotterdam", "OCP"), basel), 403)


def test_secretariat_changes_a_contact_of_its_conventions_role(
    client: FlaskClient, session: Session, basel: dict[str, str]
) -> None:
    assert _patch(client, _kenyan_holding(session, "basel", "CA"), basel).status_code == 200


@pytest.mark.parametrize("scope", [{"convention": "basel"}, {}], ids=["basel", "all"])
def test_secretariat_may_not_add_a_contact_out_of_nowhere(
    client: FlaskClient, session: Session, tokens: Tokens, scope: dict[str, str]
) -> None:
    before = dump(session)
    response = client.post(
        f"{API}/contacts", json=contact_body("KEN"), headers=tokens.header("secretariat", **scope)
    )
    assert_problem(response, 403)
    assert dump(session) == before


def test_secretariat_adds_a_contact_it_designates_in_the_same_request(
    client: FlaskClient, session: Session, basel: dict[str, str]
) -> None:
    response = client.post(
        f"{API}/contacts", json=contact_body("KEN", designations=[BASEL_FP]), headers=basel
    )
    assert response.status_code == 201
    created = response.get_json()["designations"]
    assert [(d["convention"], d["role"]) for d in created] == [("basel", "FP")]


def test_secretariat_may_not_add_a_contact_for_another_conventions_role(
    client: FlaskClient, session: Session, basel: dict[str, str]
) -> None:
    roles = [{"convention": "rotterdam", "role": "OCP"}]
    response = client.post(f"{API}/contacts", json=contact_body("KEN", designations=roles), headers=basel)
    assert_problem(response, 403)
    assert session.scalar(select(func.count()).select_from(Contact)) == 0


def test_contact_whose_designation_fails_is_not_added(
    client: FlaskClient, session: Session, basel: dict[str, str]
) -> None:
    make_designation(session, make_contact(session, "KEN"), "basel", "FP")
    session.commit()
    response = client.post(
        f"{API}/contacts", json=contact_body("KEN", designations=[BASEL_FP]), headers=basel
    )
    assert_problem(response, 409)
    assert session.scalar(select(func.count()).select_from(Contact)) == 1


def _signed_in_secretariat(client: FlaskClient, session: Session) -> None:
    user = make_user(session, "secretariat", convention="basel")
    session.commit()
    sign_in(client, user)


def test_secretariat_page_may_not_edit_a_contact_of_no_role(client: FlaskClient, session: Session) -> None:
    contact = _kenyan_holding(session)
    _signed_in_secretariat(client, session)
    assert client.get(f"/contacts/{contact.id}/edit").status_code == 403


def test_secretariat_page_asks_for_the_role_of_a_new_contact(client: FlaskClient, session: Session) -> None:
    _signed_in_secretariat(client, session)
    response = post(client, "/parties/KEN/contacts/new", {"family_name": "Otieno"})
    assert response.status_code == 422
    assert "Choose the role you designate them for." in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Contact)) == 0


def test_secretariat_page_adds_a_contact_with_its_role(client: FlaskClient, session: Session) -> None:
    _signed_in_secretariat(client, session)
    response = post(client, "/parties/KEN/contacts/new", {"family_name": "Otieno", "role": "basel:FP"})
    assert response.status_code == 302
    [(convention, role)] = session.execute(select(Designation.convention, Designation.role)).all()
    assert (convention, role) == ("basel", "FP")
