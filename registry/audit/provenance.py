"""Where a designation's and a contact's current values came from, and when a list or the party last
confirmed them; and designations as they stood on a past date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.audit.actor import public_author
from registry.audit.models import Change
from registry.audit.services import state_as_of
from registry.designations.models import PERSON_SOURCES, Designation
from registry.syncruns.models import ListBaseline, SyncRun

# The authors that are people (a token's holder, a signed-in user, an operator), as a contact's ``sources``
# name them; any other (a sync run) is a list.
PERSON_KINDS = frozenset({"token", "user", "cli"})


def field_set_by_person(sources: dict[str, Any], names: tuple[str, ...]) -> bool:
    """Whether a person (not a list) set the current value of any of the contact fields ``names``, by the
    contact's per-field ``sources``."""
    return any((sources or {}).get(name, {}).get("kind") in PERSON_KINDS for name in names)


def designation_set_by_person(designation: Designation) -> bool:
    """Whether a person (not a list) made the designation."""
    return designation.source in PERSON_SOURCES


def _who(actor: dict[str, Any]) -> dict[str, Any]:
    keys = ("kind", "name", "role", "party", "convention", "run_id")
    return {k: actor[k] for k in keys if actor.get(k) is not None}


def public_sources(sources: dict[str, Any]) -> dict[str, Any]:
    """A contact's ``sources`` as anyone may read them: per field, the kind of author and when (and, for a
    list, which and in which run), never who."""
    keys = ("kind", "at", "convention", "run_id")
    return {name: {k: v[k] for k in keys if k in v} for name, v in sources.items() if isinstance(v, dict)}


def designation_provenance(
    session: Session, designation: Designation, show_authors: bool = True
) -> dict[str, Any]:
    """Who created the designation and last changed it (``show_authors`` False: only the kind and role of
    author), and the last list run that confirmed it."""
    who = _who if show_authors else public_author
    changes = list(
        session.scalars(
            select(Change)
            .where(Change.resource == "designation", Change.resource_id == designation.id)
            .order_by(Change.seq)
        )
    )
    confirmed = session.execute(
        select(ListBaseline.convention, SyncRun.id, SyncRun.started_at)
        .join(SyncRun, SyncRun.id == ListBaseline.run_id)
        .where(ListBaseline.designation_id == designation.id)
    ).first()
    return {
        "source": designation.source,
        "created": {"at": changes[0].at.isoformat(), "by": who(changes[0].actor)} if changes else None,
        "last_changed": {"at": changes[-1].at.isoformat(), "by": who(changes[-1].actor)} if changes else None,
        "confirmed_by_list": (
            {"convention": confirmed[0], "run_id": confirmed[1], "at": confirmed[2].isoformat()}
            if confirmed
            else None
        ),
    }


def contact_confirmations(session: Session, contact_id: int) -> dict[str, Any]:
    """When a list last read this contact unchanged or changed (any of its designations), and when its own
    party last edited it."""
    listed = session.execute(
        select(ListBaseline.convention, func.max(SyncRun.started_at))
        .join(SyncRun, SyncRun.id == ListBaseline.run_id)
        .join(Designation, Designation.id == ListBaseline.designation_id)
        .where(Designation.contact_id == contact_id)
        .group_by(ListBaseline.convention)
    ).all()
    by_party = session.scalar(
        select(func.max(Change.at)).where(
            Change.resource == "contact",
            Change.resource_id == contact_id,
            Change.actor["role"].as_string() == "party",
        )
    )
    return {
        "by_lists": {convention: at.isoformat() for convention, at in listed},
        "by_party": by_party.isoformat() if by_party else None,
    }


def as_of(session: Session, designations: list[Designation], day: dt.date) -> list[dict[str, Any]]:
    """The designations with their own fields and their contacts' as the registry recorded them on ``day``."""
    moment = dt.datetime.combine(day, dt.time.max, tzinfo=dt.UTC)
    own = state_as_of(session, "designation", [d.id for d in designations], moment)
    contacts = state_as_of(session, "contact", list({d.contact_id for d in designations}), moment)
    out = []
    for d in designations:
        state = {**own.get(d.id, {}), "id": d.id, "party_code": d.party_code, "ends_on": d.ends_on}
        state["starts_on"] = d.starts_on
        contact = contacts.get(d.contact_id, {"id": d.contact_id})
        state["contact"] = {**contact, "party_code": d.party_code}
        out.append(state)
    return out
