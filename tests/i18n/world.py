"""A party page worth translating: Kenya with people holding roles under each convention (a DNA with a scope,
a competent authority for transit), one contact with no role, a sync run's report with every kind of item,
the discrepancies a run found (a conflict, a list out of date, a conflict settled), people in each state
(invited, disabled, with a password reset asked), an API token; and the data those pages show as written
(names, codes, e-mail addresses), which no translation touches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.audit.actor import cli_actor
from registry.auth.invitations import invite
from registry.auth.models import User
from registry.auth.resets import request_reset
from registry.auth.services import grant_token
from registry.auth.users import disable_user, user_actor
from registry.contacts.models import Contact
from registry.contacts.services import update_contact
from registry.conventions import ROLE_CODES
from registry.designations.models import Designation
from registry.discrepancies.services import resolve
from registry.parties.models import Party
from registry.syncruns.models import SyncRun
from tests.factories import finding, make_contact, make_designation, make_discrepancies
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
    conflict: int = 0  # open, on Kenya's Basel focal point
    conflict_version: int = 0
    ahead: int = 0  # a list out of date on Kenya's Basel competent authority
    settled: int = 0  # a conflict on Kenya's Rotterdam DNA, settled keeping the registry's values
    invitation: str = ""  # the secret of a live invitation's link
    reset: str = ""  # the secret of a live password reset link
    leaving: int = 0  # the id of an active secretariat user, to disable
    token: int = 0  # the id of the admin's API token
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
    focal_point = make_designation(session, person, "basel", "FP")
    dna = make_designation(session, person, "rotterdam", "DNA", scope="CP")
    designation = make_designation(session, person, "stockholm", "OCP")
    authority = make_contact(session, given_name="Otieno", family_name="Mwangi", organization="KRA")
    transit = make_designation(session, authority, "basel", "CA", is_transit=True, scope="Ports")
    update_contact(session, person, {"position": "Director General"}, cli_actor("operator"))
    spare = make_contact(session, given_name="Achieng", family_name="Odhiambo", organization="KEPHIS")
    admin = make_user(session, "admin")
    run = _run(session)
    conflict, ahead = make_discrepancies(
        session, [finding(focal_point, listed="Adviser"), finding(transit, kind="registry_ahead")]
    )
    settled = make_discrepancies(session, [finding(dna, listed="Adviser")], "rotterdam")[0]
    resolve(session, settled, "registry", user_actor(admin))
    accounts = _accounts(session, admin)
    session.flush()
    names = [*session.scalars(select(Party.name)), *session.scalars(select(Party.code))]
    contacts = session.scalars(select(Contact).where(Contact.party_code == "KEN")).all()
    data = {*CODES, *names, *accounts.emails, admin.email, "operator", "tests", "Zawadi Otieno", "NEMA"}
    data.update(("Nairobi", "Kisumu", "Adviser", accounts.token))
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
    return World(
        admin,
        person,
        spare,
        designation,
        run,
        conflict=conflict.id,
        conflict_version=conflict.version,
        ahead=ahead.id,
        settled=settled.id,
        invitation=accounts.invitation,
        reset=accounts.reset,
        leaving=accounts.leaving,
        token=accounts.token_id,
        data=data,
    )


@dataclass(frozen=True)
class _Accounts:
    emails: tuple[str, ...]  # and the token's first letters, shown as written
    token: str
    invitation: str
    reset: str
    leaving: int
    token_id: int


def _accounts(session: Session, admin: User) -> _Accounts:
    """People in each state, and what each leaves in the history of accounts; an API token of the admin."""
    operator = cli_actor("operator")
    invited = invite(session, operator, email="amina@nema.go.ke", role="party", party="KEN", convention=None)
    official = make_user(session, "party", party="KEN")
    reset = request_reset(session, official.email)
    assert reset is not None
    left = make_user(session, "secretariat", convention="basel")
    leaving = make_user(session, "secretariat", convention="basel")
    session.flush()
    disable_user(session, left.id, operator)
    token, _secret = grant_token(
        session,
        user_actor(admin),
        admin,
        name="nightly-export",
        role="admin",
        party=None,
        convention=None,
        expires_in_days=90,
    )
    session.flush()
    emails = (invited.user.email, official.email, left.email, leaving.email)
    return _Accounts(
        (*emails, token.prefix), token.name, invited.link.secret, reset.link.secret, leaving.id, token.id
    )
