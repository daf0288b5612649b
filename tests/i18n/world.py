"""A party page worth translating: Kenya with people holding roles under each convention (a DNA with a scope,
a competent authority for transit), one contact with no role, a sync run's report with every kind of item;
and the data those pages show as written (names, codes), which no translation touches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.audit.actor import cli_actor
from registry.auth.models import User
from registry.contacts.models import Contact
from registry.contacts.services import update_contact
from registry.conventions import ROLE_CODES
from registry.designations.models import Designation
from registry.parties.models import Party
from registry.syncruns.models import SyncRun
from tests.factories import make_contact, make_designation
from tests.web.helpers import make_user

# Shown as written in every language: codes, formats, and the names of the languages in the switcher.
CODES = (*ROLE_CODES, "XLSX", "CSV", "JSON", "UTC", "API", "https://...", "run-1", "basel.xlsx")


@dataclass
class World:
    admin: User
    person: Contact
    spare: Contact
    designation: Designation
    run: SyncRun
    data: set[str] = field(default_factory=set)


def _item(action: str, **fields: object) -> dict[str, object]:
    contact = {"title": "Ms.", "given_name": "Zawadi", "family_name": "Otieno", "organization": "NEMA"}
    return {
        "action": action,
        "party": "KEN",
        "role": "FP",
        "scope": None,
        "designation_id": 1,
        "contact_id": 1,
        "contact": contact,
        "fields": fields,
        "applied": action == "added",
        "source_ref": "row 17",
        **({"not_applied": ["position"]} if action == "conflict" else {}),
    }


def _run(session: Session) -> SyncRun:
    now = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)
    summary = {
        "added": 1,
        "removed": 1,
        "changed": 1,
        "unchanged": 3,
        "conflict": 1,
        "registry_ahead": 1,
        "warnings": 1,
    }
    items = [
        _item("added"),
        _item("removed"),
        _item("changed", city={"registry": "Nairobi", "list": "Kisumu"}),
        _item("conflict", emails={"registry": ["a@ken.example"], "list": ["b@ken.example"]}),
        _item("registry_ahead", position={"registry": "Director", "list": None}),
    ]
    warning = {"code": "placeholder", "message": "IRQ FP is 'Vacant'.", "source_ref": "row 40"}
    part = {
        "status": "ok",
        "error": None,
        "summary": summary,
        "items": items,
        "warnings": [warning],
        "source": {"location": "basel.xlsx", "records": 3, "fetched_at": "2026-11-27T02:00:00Z"},
    }
    report = {"run_id": "run-1", "mode": "apply", "status": "partial", "conventions": {"basel": part}}
    run = SyncRun(id="run-1", mode="apply", status="partial", started_at=now, finished_at=now, report=report)
    session.add(run)
    return run


def build_world(session: Session) -> World:
    """Kenya's contacts, an admin to see every page with, and a sync run; the caller commits."""
    person = make_contact(
        session,
        given_name="Wanjiru",
        family_name="Kamau",
        organization="NEMA Kenya",
        position="Director",
        address={"street": "Popo Road", "city": "Nairobi"},
        website="www.nema.go.ke",
    )
    make_designation(session, person, "basel", "FP")
    make_designation(session, person, "rotterdam", "DNA", scope="CP")
    designation = make_designation(session, person, "stockholm", "OCP")
    authority = make_contact(session, given_name="Otieno", family_name="Mwangi", organization="KRA")
    make_designation(session, authority, "basel", "CA", is_transit=True, scope="Ports")
    update_contact(session, person, {"position": "Director General"}, cli_actor("operator"))
    spare = make_contact(session, given_name="Achieng", family_name="Odhiambo", organization="KEPHIS")
    admin = make_user(session, "admin")
    run = _run(session)
    session.flush()
    names = session.scalars(select(Party.name)).all()
    contacts = session.scalars(select(Contact).where(Contact.party_code == "KEN")).all()
    data = {*CODES, *names, admin.email, "operator", "tests", "Zawadi Otieno", "NEMA", "Nairobi", "Kisumu"}
    for contact in contacts:
        data.update(
            str(v)
            for v in (
                contact.display_name,
                contact.organization,
                contact.position,
                contact.street,
                contact.city,
                contact.website,
            )
            if v
        )
        data.update(contact.emails)
    return World(admin, person, spare, designation, run, data)
