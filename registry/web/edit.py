"""Adding a contact to a party and editing one, with concurrent edits detected rather than overwritten.

The edit form carries the version of the contact it showed and the last change of its history then. When
someone else changed the contact meanwhile, nothing is saved: the form comes back with the user's input, and
the changes made since, from the history, so the user can apply theirs again.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from registry.api.paths import ID_PATH
from registry.audit.services import change_of, changes_since
from registry.auth.policy import may_add_contact, must_designate_new_contact, require_contact_write
from registry.contacts.models import Contact
from registry.contacts.services import contact_region, create_contact, get_contact, update_contact
from registry.db import db
from registry.errors import Forbidden
from registry.parties.models import Party
from registry.parties.services import get_party
from registry.web import bp
from registry.web.auth import sign_in_required, signed_in, signed_in_actor
from registry.web.designate import designate_new, role_choices
from registry.web.forms import (
    CONTACT_FORM_FIELDS,
    Errors,
    FormErrors,
    contact_data,
    contact_values,
    form_int,
    form_values,
    read_contact_form,
    versioned_form,
)
from registry.web.merge import choose, merge
from registry.web.values import field_label

Page = str | tuple[str, int] | Response


def _new_form(party: Party, values: dict[str, str], errors: Errors | None = None) -> str:
    return render_template(
        "contact_form.html",
        party=party,
        contact=None,
        values=values,
        errors=errors,
        choices=role_choices(party.code),
        role_required=must_designate_new_contact(signed_in_actor()),
    )


@bp.get("/parties/<code>/contacts/new")
@sign_in_required
def new_contact(code: str) -> str:
    party = get_party(db.session(), code)
    if not may_add_contact(signed_in(), party.code):
        raise Forbidden(gettext("This account may not add contacts to %(party)s.", party=party.code))
    return _new_form(party, contact_values(None))


@bp.post("/parties/<code>/contacts/new")
@sign_in_required
def create_contact_submit(code: str) -> Page:
    session, actor = db.session(), signed_in_actor()
    party = get_party(session, code)
    values = {**read_contact_form(request.form), "role": request.form.get("role", "")}
    values["scope"] = request.form.get("scope", "")
    if not values["role"] and must_designate_new_contact(actor):
        errors = {"role": [gettext("Choose the role you designate them for.")]}
        return _new_form(party, values, errors), 422
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
        flash(gettext("Added %(name)s, designated.", name=contact.display_name))
        return redirect(url_for("web.party", code=party.code, _anchor=f"contact-{contact.id}"))
    flash(gettext("Added %(name)s. Now designate them for a role.", name=contact.display_name))
    return redirect(url_for("web.designate", contact_id=contact.id))


@bp.get(f"/contacts/<{ID_PATH}:contact_id>/edit")
@sign_in_required
def edit_contact(contact_id: int) -> str:
    session = db.session()
    contact = get_contact(session, contact_id)
    require_contact_write(signed_in_actor(), contact.party_code, contact)
    return _form(session, contact, contact_values(contact))


def _form(session: Session, contact: Contact, values: dict[str, str], **extra: Any) -> str:
    party = get_party(session, contact.party_code)
    return versioned_form(
        "contact_form.html", session, "contact", contact, values, party=party, contact=contact, **extra
    )


@bp.post(f"/contacts/<{ID_PATH}:contact_id>/edit")
@sign_in_required
def update_contact_submit(contact_id: int) -> Page:
    """Save the form; when someone changed the contact since the form was shown, merge (registry.web.merge)
    rather than overwrite: their changes stay, and only a field both changed waits for the person."""
    session = db.session()
    contact = get_contact(session, contact_id)
    require_contact_write(signed_in_actor(), contact.party_code, contact)
    seen = form_int("seen")
    shown = values_at(session, contact.id, seen)
    takes_theirs = {name for name in CONTACT_FORM_FIELDS if request.form.get(f"take-{name}") == "theirs"}
    values = choose(read_contact_form(request.form), shown, takes_theirs)
    if form_int("version") != contact.version:
        return _merged(session, contact, values, shown, seen)
    return _save(session, contact, values, shown, seen)


def values_at(session: Session, contact_id: int, seq: int) -> dict[str, str] | None:
    """The contact form's values as the contact's change ``seq`` left it: what a form carrying ``seq`` showed
    (None when ``seq`` is no change of this contact)."""
    change = change_of(session, "contact", contact_id, seq)
    return form_values(change.state) if change is not None else None


def _save(
    session: Session,
    contact: Contact,
    values: dict[str, str],
    shown: dict[str, str] | None,
    seen: int,
    note: str = "",
) -> Page:
    try:
        data = contact_data(values, contact_region(session, contact.party_code))
        changed = update_contact(session, contact, data, signed_in_actor())
        session.commit()
    except FormErrors as exc:
        session.rollback()
        return _form(session, contact, values, errors=exc.errors), 422
    except StaleDataError:  # changed between reading it and writing it (caught by the version column)
        session.rollback()
        return _merged(session, get_contact(session, contact.id), values, shown, seen)
    name = contact.display_name
    flash(
        gettext("Saved %(name)s.", name=name)
        if changed
        else gettext("Nothing changed for %(name)s.", name=name)
    )
    if note:
        flash(note)
    return redirect(url_for("web.party", code=contact.party_code, _anchor=f"contact-{contact.id}"))


def _merged(
    session: Session, contact: Contact, values: dict[str, str], shown: dict[str, str] | None, seen: int
) -> Page:
    """Merge the form with the contact now: saved when no field was changed by both, else the form again,
    showing their values, both sides of each clash, and the version it now stands on."""
    result = merge(shown, values, contact_values(contact))
    if result.conflicts:
        since = changes_since(session, "contact", contact.id, seen)
        return _form(session, contact, result.values, conflict=since, both=result.conflicts), 409
    labels = gettext(", ").join(field_label(name) for name in result.taken)
    note = (
        gettext(
            "Someone else changed %(fields)s while you were editing; their change is kept.", fields=labels
        )
        if labels
        else ""
    )
    return _save(session, contact, result.values, shown, seen, note)
