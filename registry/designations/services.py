"""Designate a contact for a role, change or end a designation, and find the current ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

from flask_babel import gettext
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, contains_eager

from registry.audit.actor import Actor
from registry.audit.services import diff, iso, record_change
from registry.contacts.models import Contact
from registry.contacts.search import matches, query_words
from registry.conventions import CONVENTIONS, DNA_SCOPES, ROLES, DnaScope
from registry.db import utcnow
from registry.designations.models import Designation
from registry.errors import Conflict, InvalidInput, NotFound
from registry.text import clean


def designation_state(designation: Designation) -> dict[str, Any]:
    """The designation's own fields as the API names them (the history records these)."""
    return {
        "id": designation.id,
        "convention": designation.convention,
        "role": designation.role,
        "party": designation.party_code,
        "scope": designation.scope,
        "is_transit": designation.is_transit,
        "contact_id": designation.contact_id,
        "starts_on": iso(designation.starts_on),
        "ends_on": iso(designation.ends_on),
        "source": designation.source,
        "source_key": designation.source_key,
    }


def check_role(convention: str, role: str, scope: str | None, is_transit: bool) -> str | None:
    """The scope in its stored form, or InvalidInput naming what does not fit the role.

    The database holds the same rules (check constraints); this says it first, in words.
    """
    errors: dict[str, list[str]] = {}
    if convention not in CONVENTIONS:
        errors["convention"] = [gettext("Must be one of: %(choices)s.", choices=", ".join(CONVENTIONS))]
    elif role not in ROLES[convention]:
        roles = " and ".join(ROLES[convention])
        errors["role"] = [
            gettext(
                "The %(convention)s convention has the roles %(roles)s.", convention=convention, roles=roles
            )
        ]
    scope = clean(scope)
    if role == "DNA" and convention == "rotterdam":
        scope = {"PC": "CP"}.get((scope or "").upper(), (scope or "").upper()) or None
        if scope not in DNA_SCOPES:
            errors["scope"] = [
                gettext("A DNA's scope is P (pesticides), C (industrial chemicals) or CP (both).")
            ]
    elif role != "CA" and scope is not None:
        errors["scope"] = [gettext("A %(role)s has no scope.", role=role)]
    if is_transit and not (convention == "basel" and role == "CA"):
        errors["is_transit"] = [gettext("Only a Basel competent authority can be the authority for transit.")]
    if errors:
        raise InvalidInput(errors)
    return scope


@dataclass(frozen=True)
class NewDesignation:
    """What :func:`create_designations` needs of each designation."""

    convention: str
    role: str
    contact: Contact
    scope: str | None = None
    is_transit: bool = False
    starts_on: dt.date | None = None
    source: str = "api"
    source_key: str | None = None


def create_designation(
    session: Session,
    *,
    convention: str,
    role: str,
    contact: Contact,
    actor: Actor,
    scope: str | None = None,
    is_transit: bool = False,
    starts_on: dt.date | None = None,
    source: str = "api",
    source_key: str | None = None,
) -> Designation:
    """Designate ``contact`` for ``role``; the database refuses a second current FP/OCP/NFP
    (IntegrityError)."""
    new = NewDesignation(convention, role, contact, scope, is_transit, starts_on, source, source_key)
    return create_designations(session, [new], actor)[0]


def create_designations(session: Session, new: list[NewDesignation], actor: Actor) -> list[Designation]:
    """Several designations, checked one by one (InvalidInput) and inserted together (one flush)."""
    now = utcnow()
    designations = [
        Designation(
            convention=n.convention,
            role=n.role,
            party_code=n.contact.party_code,
            contact_id=n.contact.id,
            scope=check_role(n.convention, n.role, n.scope, n.is_transit),
            is_transit=n.is_transit,
            starts_on=n.starts_on or now.date(),
            source=n.source,
            source_key=n.source_key,
            created_at=now,
            updated_at=now,
        )
        for n in new
    ]
    session.add_all(designations)
    session.flush()
    for designation in designations:
        _record(session, "created", designation, {}, actor)
    return designations


def update_designation(
    session: Session, designation: Designation, data: dict[str, Any], actor: Actor
) -> list[str]:
    """Change scope, transit flag or start date; returns the fields that changed."""
    if designation.ends_on is not None:
        raise Conflict(gettext("This designation has ended; designate the contact again instead."))
    before = designation_state(designation)
    is_transit = data.get("is_transit", designation.is_transit)
    scope = check_role(
        designation.convention, designation.role, data.get("scope", designation.scope), is_transit
    )
    designation.scope = scope
    designation.is_transit = is_transit
    designation.starts_on = data.get("starts_on", designation.starts_on)
    if "source_key" in data:
        designation.source_key = data["source_key"]
    changed = diff(before, designation_state(designation))
    if changed:
        designation.updated_at = utcnow()
        session.flush()
        _record(session, "updated", designation, before, actor)
    return sorted(changed)


def end_designation(
    session: Session, designation: Designation, actor: Actor, on: dt.date | None = None
) -> None:
    """End the designation (it stays, with ``ends_on``); ending an ended one is a Conflict.

    ``on`` (default today) may lie in the past, not before the designation started nor in the future.
    """
    if designation.ends_on is not None:
        raise Conflict(
            gettext("This designation already ended on %(day)s.", day=designation.ends_on.isoformat())
        )
    if on is not None and not designation.starts_on <= on <= utcnow().date():
        message = gettext(
            "Must lie between the start (%(day)s) and today.", day=designation.starts_on.isoformat()
        )
        raise InvalidInput({"ends_on": [message]})
    before = designation_state(designation)
    designation.ends_on = max(on or utcnow().date(), designation.starts_on)
    designation.updated_at = utcnow()
    session.flush()
    _record(session, "ended", designation, before, actor)


def _record(
    session: Session, kind: str, designation: Designation, before: dict[str, Any], actor: Actor
) -> None:
    record_change(session, kind, "designation", designation, before, designation_state(designation), actor)


def contact_to_designate(session: Session, contact_id: int, party: str | None) -> Contact:
    """The contact a new designation names; InvalidInput when it does not exist or belongs to another party
    than ``party`` (None: any)."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise InvalidInput({"contact_id": [gettext("There is no contact %(id)s.", id=contact_id)]})
    if party is not None and party != contact.party_code:
        raise InvalidInput(
            {
                "contact_id": [
                    gettext(
                        "Contact %(id)s belongs to %(owner)s, not %(party)s.",
                        id=contact.id,
                        owner=contact.party_code,
                        party=party,
                    )
                ]
            }
        )
    return contact


def get_designation(session: Session, designation_id: int) -> Designation:
    designation = session.get(Designation, designation_id)
    if designation is None:
        raise NotFound(gettext("There is no designation %(id)s.", id=designation_id))
    return designation


class DesignationFilters(TypedDict, total=False):
    """What a list of designations may be narrowed to (None: not narrowed)."""

    party: str | None
    convention: str | None
    role: str | None
    scope: str | None
    q: str | None
    on: dt.date | None  # current on this past date, instead of now


def current_designations(**filters: Unpack[DesignationFilters]) -> Select[Designation]:
    """The query for designations current now (or ``on`` a past date) matching every filter given, each with
    its contact loaded."""
    stmt = (
        select(Designation)
        .join(Contact, Designation.contact_id == Contact.id)
        .options(contains_eager(Designation.contact))
    )
    return filter_designations(stmt, **filters)


def filter_designations(stmt: Select[Any], **filters: Unpack[DesignationFilters]) -> Select[Any]:
    """``stmt`` (designations joined with their contacts) kept to those current now (or ``on`` a past date)
    and matching every filter given. A DNA scope covers the scope of both: ``P`` finds ``P`` and ``CP``."""
    party, convention, role = filters.get("party"), filters.get("convention"), filters.get("role")
    scope, q, on = filters.get("scope"), filters.get("q"), filters.get("on")
    if on is None:
        stmt = stmt.where(Designation.ends_on.is_(None))
    else:
        stmt = stmt.where(
            Designation.starts_on <= on, or_(Designation.ends_on.is_(None), Designation.ends_on > on)
        )
    if party:
        stmt = stmt.where(Designation.party_code == party.upper())
    if convention:
        stmt = stmt.where(Designation.convention == convention)
    if role:
        stmt = stmt.where(Designation.role == role.upper())
    if scope:
        stmt = stmt.where(Designation.scope.in_(DnaScope(scope).found_by if scope in DNA_SCOPES else [scope]))
    if query_words(q):
        stmt = stmt.where(matches(query_words(q)))
    return stmt


# A party's designations: by convention, role and id.
PARTY_ORDER = (Designation.convention, Designation.role, Designation.id)


def party_designations(
    session: Session, party_code: str, on: dt.date | None = None, **filters: str | None
) -> list[Designation]:
    """Every designation of the party current now (or ``on`` a past date) matching ``filters`` (those of
    :func:`filter_designations`), each with its contact, by convention, role and id."""
    stmt = current_designations(party=party_code, on=on, **filters).order_by(*PARTY_ORDER)
    return list(session.scalars(stmt).unique())
