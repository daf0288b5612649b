"""Test data made through the registry's own services (so it passes the same checks as real data)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sqlalchemy.orm import Session

from registry.audit.actor import Actor, cli_actor
from registry.contacts.models import Contact
from registry.contacts.services import clean_contact_fields, contact_region, create_contact
from registry.designations.models import Designation
from registry.designations.services import create_designation

_numbers = itertools.count(1)


def make_contact(session: Session, party: str = "KEN", actor: Actor | None = None, **fields: Any) -> Contact:
    n = next(_numbers)
    data = {
        "title": "Dr.",
        "given_name": "Amina",
        "family_name": f"Wanjiku{n}",
        "organization": "Ministry of Environment",
        "emails": [f"person{n}@env.example"],
        "phones": ["+254 20 123 4567"],
        **fields,
    }
    cleaned = clean_contact_fields(data, contact_region(session, party))
    return create_contact(session, party, cleaned, actor or cli_actor("tests"))


def make_designation(
    session: Session,
    contact: Contact | None = None,
    convention: str = "basel",
    role: str = "FP",
    actor: Actor | None = None,
    starts_on: dt.date | None = None,
    **fields: Any,
) -> Designation:
    contact = contact or make_contact(session)
    return create_designation(
        session,
        convention=convention,
        role=role,
        contact=contact,
        actor=actor or cli_actor("tests"),
        starts_on=starts_on or dt.date(2024, 1, 1),
        **fields,
    )
