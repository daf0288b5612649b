"""``/changes``: what changed in the registry, a day at a time, newest first; filtered by party and
convention. Anyone reads what changed; only those who may read a party's history see who changed it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from registry.audit.models import Change
from registry.audit.recent import changes_on, latest_day, neighbours
from registry.auth.policy import sees_authors
from registry.contacts.models import Contact
from registry.conventions import convention_label, role_label
from registry.db import db, utcnow
from registry.web import bp
from registry.web.auth import signed_in
from registry.web.forms import list_filters
from registry.web.timeline import Entry, shown_fields
from registry.web.values import author

PER_PAGE = 100
MAX_PAGE = 1000
# What a designation's change says in its heading, not again in its table (ids say nothing to a reader).
HIDDEN = ("id", "contact_id", "party", "source_key", "convention", "role", "source")


def _day(filters: dict[str, str | None]) -> dt.date:
    try:
        return dt.date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        return latest_day(db.session(), **filters) or utcnow().date()


@bp.get("/changes")
def changes_page() -> str:
    """The changes of one day (the latest day with changes, unless ``?day=`` says), newest first."""
    filters = list_filters()
    day = _day(filters)
    number = min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
    page = changes_on(db.session(), day, number, PER_PAGE, **filters)
    earlier, later = neighbours(db.session(), day, **filters)
    return render_template(
        "changes.html",
        day=day,
        entries=_entries(page.items),
        total=page.total,
        number=number,
        more=page.more,
        earlier=earlier,
        later=later,
        filters=filters,
    )


def _entries(changes: list[Change]) -> list[Entry]:
    names = _contact_names({c.state.get("contact_id") for c in changes if c.resource == "designation"})
    viewer = signed_in()
    return [_entry(change, names, viewer) for change in changes]


def _contact_names(ids: set[Any]) -> dict[int, str]:
    wanted = [i for i in ids if isinstance(i, int)]
    if not wanted:
        return {}
    return {c.id: c.display_name for c in db.session().scalars(select(Contact).where(Contact.id.in_(wanted)))}


def _entry(change: Change, names: dict[int, str], viewer: Any) -> Entry:
    state = change.state
    if change.resource == "contact":
        subject = _person(state)
        what = {"created": _("Contact added"), "updated": _("Contact changed")}.get(change.kind, change.kind)
    else:
        subject = names.get(state.get("contact_id") or 0, "")
        role = f"{convention_label(state.get('convention', ''))} {role_label(state.get('role', ''))}"
        what = {
            "created": _("Designated as %(role)s", role=role),
            "updated": _("Designation as %(role)s changed", role=role),
            "ended": _("No longer %(role)s", role=role),
        }.get(change.kind, change.kind)
    fields = shown_fields(change, () if change.resource == "contact" else HIDDEN)
    shown = author(change.actor) if sees_authors(viewer, change.party_code) else None
    return Entry(change, str(what), fields, shown, subject)


def _person(state: dict[str, Any]) -> str:
    name = " ".join(p for p in (state.get("title"), state.get("given_name"), state.get("family_name")) if p)
    return name or state.get("position") or state.get("organization") or ""
