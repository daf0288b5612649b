"""What a test compares: the registry's designations and people, and the truth files', in one shape."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.audit.models import Change
from registry.contacts.models import Contact
from registry.designations.models import Designation
from registry.syncruns.models import ListBaseline
from sync.normalize import name_key

DesignationKey = tuple[str, str, str, str, str]


def _who(given: str | None, family: str | None, emails: list[str]) -> str:
    return name_key(given, family) or ",".join(sorted(emails))


def registry_state(
    session: Session,
) -> tuple[set[DesignationKey], set[frozenset[DesignationKey]], dict[str, Any]]:
    """Current designations as keys, the partition of them into contacts, and each person's main fields."""
    designations = session.scalars(select(Designation).where(Designation.ends_on.is_(None))).all()
    by_contact: dict[int, set[DesignationKey]] = defaultdict(set)
    fields: dict[str, Any] = {}
    for d in designations:
        c = d.contact
        who = _who(c.given_name, c.family_name, c.emails)
        key = (d.convention, d.party_code, d.role, d.scope or "", who)
        by_contact[c.id].add(key)
        fields[f"{c.party_code}:{who}"] = _fields(c.emails, c.phones, c.faxes, c.position, c.organization)
    keys = {k for group in by_contact.values() for k in group}
    return keys, {frozenset(g) for g in by_contact.values()}, fields


def truth_state(
    state: dict[str, Any],
) -> tuple[set[DesignationKey], set[frozenset[DesignationKey]], dict[str, Any]]:
    people = state["people"]
    by_person: dict[str, set[DesignationKey]] = defaultdict(set)
    fields: dict[str, Any] = {}
    for d in state["designations"]:
        p = people[d["pid"]]
        who = _who(p["given"], p["family"], p["emails"])
        by_person[d["pid"]].add((d["convention"], d["party"], d["role"], d["scope"], who))
        fields[f"{p['party']}:{who}"] = _fields(
            p["emails"], p["phones"], p["fax"], p["position"], p["organization"]
        )
    keys = {k for group in by_person.values() for k in group}
    return keys, {frozenset(g) for g in by_person.values()}, fields


def _fields(
    emails: list[str], phones: list[str], faxes: list[str], position: str | None, org: str | None
) -> Any:
    return (
        frozenset(emails),
        frozenset(phones),
        frozenset(faxes),
        (position or "").casefold(),
        (org or "").casefold(),
    )


def dump(session: Session) -> dict[str, Any]:
    """Everything a sync may write, to compare before and after a run that must change nothing."""
    contacts = session.execute(select(Contact.id, Contact.version, Contact.emails, Contact.phones)).all()
    designations = session.execute(
        select(Designation.id, Designation.version, Designation.ends_on, Designation.scope)
    ).all()
    return {
        "contacts": sorted(map(tuple, contacts)),
        "designations": sorted(map(tuple, designations)),
        "changes": session.scalar(select(func.count()).select_from(Change)),
        "baselines": sorted(
            map(tuple, session.execute(select(ListBaseline.id, ListBaseline.record)).all()),
            key=lambda r: r[0],
        ),
    }
