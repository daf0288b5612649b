"""Lists encoded from rows are byte for byte their schemas' dump of the same records, on either database."""

from __future__ import annotations

import json
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from registry.contacts.models import Contact
from registry.contacts.schemas import ContactSchema
from registry.designations.models import Designation
from registry.designations.schemas import DesignationSchema
from tests.factories import make_contact, make_designation
from tests.registry.api.helpers import API


def _variety(session: Session) -> None:
    """Designations whose contacts use every kind of value: scripts, lines, lists, nulls, a fax."""
    azeri = make_contact(
        session, "AZE", title=None, given_name="Leyla", family_name="Əfəndiyeva", phones=[],
        address={"street": "Nizami küçəsi 1\nMənzil 2", "city": "Bakı", "postal_code": "AZ1000"},
        emails=["leyla@eco.az.example", "info@eco.az.example"], faxes=["+994 12 498 1234"],
        website="https://eco.gov.az",
    )  # fmt: skip
    office = make_contact(session, "CHN", given_name=None, family_name=None, position="化学品处", emails=[])
    make_designation(session, azeri, "basel", "CA", scope='Import "and" export', is_transit=True)
    make_designation(session, azeri, "rotterdam", "DNA", scope="CP")
    make_designation(session, office, "stockholm", "OCP")
    session.commit()


def _as_flask_wrote(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def _designations(session: Session) -> list[Designation]:
    stmt = select(Designation).where(Designation.ends_on.is_(None)).options(selectinload(Designation.contact))
    return list(session.scalars(stmt.order_by(Designation.id)))


def test_designations_list_is_the_schema_dump_byte_for_byte(client: FlaskClient, session: Session) -> None:
    _variety(session)
    expected = DesignationSchema(many=True).dump(_designations(session))
    response = client.get(f"{API}/designations?limit=500")
    assert response.get_data() == _as_flask_wrote({"items": expected, "total": 3, "next": None})


def test_party_designations_are_the_schema_dump_byte_for_byte(client: FlaskClient, session: Session) -> None:
    _variety(session)
    mine = [d for d in _designations(session) if d.party_code == "AZE"]
    expected = DesignationSchema(many=True).dump(sorted(mine, key=lambda d: (d.convention, d.role, d.id)))
    response = client.get(f"{API}/parties/AZE/designations")
    assert response.get_data() == _as_flask_wrote({"items": expected, "total": 2, "next": None})


def test_contacts_list_is_the_schema_dump_byte_for_byte(client: FlaskClient, session: Session) -> None:
    _variety(session)
    stmt = select(Contact).options(selectinload(Contact.designations)).order_by(Contact.id)
    expected = ContactSchema(many=True).dump(list(session.scalars(stmt)))
    response = client.get(f"{API}/contacts?limit=500")
    assert response.get_data() == _as_flask_wrote({"items": expected, "total": 2, "next": None})


def test_searched_designations_are_the_schema_dump_byte_for_byte(
    client: FlaskClient, session: Session
) -> None:
    _variety(session)
    expected = DesignationSchema(many=True).dump(_designations(session)[:2])
    response = client.get(f"{API}/designations?q=efendiyeva")
    assert response.get_data() == _as_flask_wrote({"items": expected, "total": 2, "next": None})
