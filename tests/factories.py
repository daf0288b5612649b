"""Test data made through the registry's own services (so it passes the same checks as real data)."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from typing import Any

from sqlalchemy.orm import Session

from registry.audit.actor import Actor, cli_actor
from registry.contacts.models import Contact
from registry.contacts.services import clean_contact_fields, contact_region, create_contact
from registry.designations.models import Designation
from registry.designations.services import create_designation
from registry.discrepancies.models import Discrepancy
from registry.discrepancies.services import Finding, record_findings

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


def make_run(session: Session) -> str:
    """A finished sync run's record (what a discrepancy names as the run that found it); its id."""
    from registry.db import utcnow
    from registry.syncruns.models import SyncRun

    run = SyncRun(id=str(uuid.uuid4()), mode="apply", status="ok", started_at=utcnow(), finished_at=utcnow())
    session.add(run)
    session.flush()
    return run.id


def finding(designation: Designation, kind: str = "conflict", listed: str = "Adviser") -> Finding:
    """What a run finds when the list gives ``listed`` for the position of the designation's contact, with
    both ways of settling it (the list's: its position written; either way, its baseline moved)."""
    contact = designation.contact
    kept = {"fields": {"position": listed.casefold()}, "shown": {"position": listed}}
    settlement = {
        "list": [{"op": "contact", "data": {"position": listed}}, {"op": "baseline", **kept}],
        "registry": [{"op": "baseline", **kept}],
    }
    summary = {"given_name": contact.given_name, "family_name": contact.family_name, "emails": contact.emails}
    return Finding(
        kind=kind,
        designation_id=designation.id,
        party=designation.party_code,
        role=designation.role,
        contact_id=contact.id,
        contact=summary,
        fields={"position": {"registry": contact.position, "list": listed, "baseline": None}},
        settlement=settlement if kind == "conflict" else {},
    )


def make_discrepancies(
    session: Session, findings: list[Finding], convention: str = "basel"
) -> list[Discrepancy]:
    """The discrepancies a run of ``convention`` opens for ``findings`` (through the registry's service)."""
    ids = record_findings(session, convention, make_run(session), findings)
    return [session.get_one(Discrepancy, found) for found in ids]


def make_discrepancy(session: Session, designation: Designation | None = None, **kwargs: Any) -> Discrepancy:
    designation = designation or make_designation(session)
    return make_discrepancies(session, [finding(designation, **kwargs)], designation.convention)[0]
