"""A contact's history as a timeline: every change to it and to its designations, who made it, when."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext

from registry.api.paths import ID_PATH
from registry.audit.models import Change
from registry.audit.services import contact_timeline
from registry.auth.policy import require_history_read
from registry.contacts.services import get_contact
from registry.db import db
from registry.web import bp
from registry.web.auth import sign_in_required, signed_in_actor
from registry.web.site import role_in
from registry.web.timeline import Entry, shown_fields
from registry.web.values import author

# A designation's heading names the role, and the page the contact; ids say nothing to a reader.
_HIDDEN = ("id", "contact_id", "party", "source_key", "convention", "role")


def _entry(change: Change) -> Entry:
    if change.resource == "contact":
        headings = {"created": gettext("Contact added"), "updated": gettext("Contact changed")}
        heading = headings.get(change.kind, change.kind)
    else:
        state = change.state
        role = role_in(str(state.get("convention", "")), state["role"])
        heading = {
            "created": gettext("Designated as %(role)s", role=role),
            "updated": gettext("Designation changed: %(role)s", role=role),
            "ended": gettext("Stopped being %(role)s", role=role),
        }[change.kind]
    fields = shown_fields(change, () if change.resource == "contact" else _HIDDEN)
    return Entry(change, heading, fields, author(change.actor))


@bp.get(f"/contacts/<{ID_PATH}:contact_id>/history")
@sign_in_required
def contact_history(contact_id: int) -> str:
    session = db.session()
    contact = get_contact(session, contact_id)
    require_history_read(signed_in_actor(), contact.party_code)
    entries = [_entry(change) for change in contact_timeline(session, contact.id)]
    return render_template("history.html", contact=contact, entries=entries)
