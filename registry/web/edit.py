"""Adding a contact to a party and editing one, with concurrent edits detected rather than overwritten.

The edit form carries the version of the contact it showed and the last change of its history then. When
someone else changed the contact meanwhile, nothing is saved: the form comes back with the user's input, and
the changes made since, from the history, so the user can apply theirs again.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from registry.api import ID_PATH
from registry.audit.models import Change
from registry.audit.services import history
from registry.auth.services import require_contact_write
from registry.contacts.models import Contact
from registry.contacts.services import contact_region, create_contact, get_contact, update_contact
from registry.db import db
from registry.errors import Forbidden
from registry.parties.models import Party
from registry.parties.services import get_party
from registry.web import bp
from registry.web.auth import current_actor, may_add_contact, sign_in_required
from registry.web.designate import designate_new, role_choices
from registry.web.forms import Errors, FormErrors, contact_data, contact_values, form_int, read_contact_form

Page = str | tuple[str, int] | Response


def last_change(session: Session, contact_id: int) -> int:
    """The sequence number of the contact's latest change (0: none)."""
    stmt = select(func.max(Change.seq)).where(Change.resource == "contact", Change.resource_id == contact_id)
    return int(session.scalar(stmt) or 0)


def changes_since(session: Session, contact_id: int, seen: int) -> list[Change]:
    """The contact's changes after the one the form was shown with, oldest first."""
    return [c for c in history(session, "contact", contact_id) if c.seq > seen]


def _new_form(party: Party, values: dict[str, str], errors: Errors | None = None) -> str:
    return render_template(
        "contact_form.html",
        party=party,
        contact=None,
        values=values,
        errors=errors,
        choices=role_choices(party.code),
        role_required=current_actor().role == "secretariat",
    )


@bp.get("/parties/<code>/contacts/new")
@sign_in_required
def new_contact(code: str) -> str:
    party = get_party(db.session(), code)
    if not may_add_contact(party.code):
        raise Forbidden(f"This account may not add contacts to {party.code}.")
    return _new_form(party, contact_values(None))


@bp.post("/parties/<code>/contacts/new")
@sign_in_required
def create_contact_submit(code: str) -> Page:
    session, actor = db.session(), current_actor()
    party = get_party(session, code)
    values = {**read_contact_form(request.form), "role": request.form.get("role", "")}
    values["scope"] = request.form.get("scope", "")
    if not values["role"] and actor.role == "secretariat":
        return _new_form(party, values, {"role": ["Choose the role you designate them for."]}), 422
    require_contact_write(actor, party.code, None, giving={values["role"].partition(":")[0]} - {""})
    try:
        contact = create_contact(
            session, party.code, contact_data(values, contact_region(session, party.code)), actor
        )
        if values["role"]:
            designate_new(session, contact, values)
    except FormErrors as exc:
        session.rollback()
        return _new_form(party, values, exc.errors), 422
    session.commit()
    if values["role"]:
        flash(f"Added {contact.display_name}, designated.")
        return redirect(url_for("web.party", code=party.code, _anchor=f"contact-{contact.id}"))
    flash(f"Added {contact.display_name}. Now designate them for a role.")
    return redirect(url_for("web.designate", contact_id=contact.id))


@bp.get(f"/contacts/<{ID_PATH}:contact_id>/edit")
@sign_in_required
def edit_contact(contact_id: int) -> str:
    session = db.session()
    contact = get_contact(session, contact_id)
    require_contact_write(current_actor(), contact.party_code, contact)
    return _form(session, contact, contact_values(contact))


def _form(session: Session, contact: Contact, values: dict[str, str], **extra: Any) -> str:
    return render_template(
        "contact_form.html",
        party=get_party(session, contact.party_code),
        contact=contact,
        values=values,
        version=contact.version,
        seen=last_change(session, contact.id),
        **extra,
    )


@bp.post(f"/contacts/<{ID_PATH}:contact_id>/edit")
@sign_in_required
def update_contact_submit(contact_id: int) -> Page:
    session, actor = db.session(), current_actor()
    contact = get_contact(session, contact_id)
    require_contact_write(actor, contact.party_code, contact)
    values = read_contact_form(request.form)
    if form_int("version") != contact.version:
        return _conflict(session, contact, values, form_int("seen"))
    try:
        data = contact_data(values, contact_region(session, contact.party_code))
        changed = update_contact(session, contact, data, actor)
        session.commit()
    except FormErrors as exc:
        session.rollback()
        return _form(session, contact, values, errors=exc.errors), 422
    except StaleDataError:  # changed between reading it and writing it (caught by the version column)
        session.rollback()
        return _conflict(session, get_contact(session, contact_id), values, form_int("seen"))
    flash(f"Saved {contact.display_name}." if changed else f"Nothing changed for {contact.display_name}.")
    return redirect(url_for("web.party", code=contact.party_code, _anchor=f"contact-{contact.id}"))


def _conflict(session: Session, contact: Contact, values: dict[str, str], seen: int) -> tuple[str, int]:
    changes = changes_since(session, contact.id, seen)
    return _form(session, contact, values, conflict=changes), 409
