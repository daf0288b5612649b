"""A contact's history as a timeline: every change to it and to its designations, who made it, when."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import render_template
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from registry.api import ID_PATH
from registry.audit.models import Change
from registry.contacts.services import get_contact
from registry.db import db
from registry.designations.models import Designation
from registry.web import bp
from registry.web.auth import current_actor, require_history_read, sign_in_required
from registry.web.site import role_name
from registry.web.values import author


@dataclass(frozen=True)
class Entry:
    """One change as the timeline shows it."""

    change: Change
    heading: str
    author: str
    fields: list[tuple[str, Any, Any]]


def contact_timeline(session: Session, contact_id: int) -> list[Entry]:
    """The changes of the contact and of every designation it ever held, newest first."""
    designations = select(Designation.id).where(Designation.contact_id == contact_id)
    stmt = (
        select(Change)
        .where(
            or_(
                (Change.resource == "contact") & (Change.resource_id == contact_id),
                (Change.resource == "designation") & Change.resource_id.in_(designations),
            )
        )
        .order_by(Change.seq.desc())
    )
    return [_entry(change) for change in session.scalars(stmt)]


def _entry(change: Change) -> Entry:
    fields = [(name, old, new) for name, (old, new) in change.fields.items()]
    if change.resource == "contact":
        heading = {"created": "Contact added", "updated": "Contact changed"}.get(change.kind, change.kind)
    else:
        state = change.state
        role = (
            f"{str(state.get('convention', '')).capitalize()} {role_name(state['convention'], state['role'])}"
        )
        heading = {"created": "Designated as", "updated": "Designation changed:", "ended": "Stopped being"}[
            change.kind
        ]
        heading = f"{heading} {role}"
        # The heading names the role, and the page the contact; ids say nothing to a reader.
        hidden = ("id", "contact_id", "party", "source_key", "convention", "role")
        fields = [f for f in fields if f[0] not in hidden]
    if change.kind == "created":  # what a new record left empty is no news
        fields = [f for f in fields if f[2] not in (None, "", [], {}, False)]
    return Entry(change=change, heading=heading, author=author(change.actor), fields=fields)


@bp.get(f"/contacts/<{ID_PATH}:contact_id>/history")
@sign_in_required
def contact_history(contact_id: int) -> str:
    session = db.session()
    contact = get_contact(session, contact_id)
    require_history_read(current_actor(), contact.party_code)
    return render_template("history.html", contact=contact, entries=contact_timeline(session, contact.id))
