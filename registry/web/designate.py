"""Designating a contact for a role, and ending a designation."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from registry.api.paths import ID_PATH
from registry.audit.services import changes_since
from registry.auth.policy import may_designate, require_designation_write
from registry.contacts.models import Contact
from registry.contacts.services import get_contact
from registry.db import db, utcnow
from registry.designations.models import Designation
from registry.designations.schemas import DesignationCreateSchema, EndArgs
from registry.designations.services import create_designation, end_designation, get_designation
from registry.errors import Forbidden, RegistryError, integrity_problem
from registry.web import bp
from registry.web.auth import sign_in_required, signed_in, signed_in_actor
from registry.web.cards import ROLE_ORDER
from registry.web.forms import Errors, FormErrors, flatten, form_int, registry_errors, versioned_form

Page = str | tuple[str, int] | Response


def role_choices(party_code: str) -> list[tuple[str, str, str]]:
    """The roles the signed-in user may designate someone of the party for: (value, convention, role)."""
    return [(f"{c}:{r}", c, r) for c, r in ROLE_ORDER if may_designate(signed_in(), party_code, c)]


def _designate_form(contact: Contact, values: dict[str, Any], errors: Errors | None = None) -> str:
    choices = role_choices(contact.party_code)
    if not choices:
        raise Forbidden(
            gettext("This account may not designate contacts of %(party)s.", party=contact.party_code)
        )
    return render_template("designate.html", contact=contact, choices=choices, values=values, errors=errors)


@bp.get(f"/contacts/<{ID_PATH}:contact_id>/designate")
@sign_in_required
def designate(contact_id: int) -> str:
    contact = get_contact(db.session(), contact_id)
    values = {"role": "", "scope": "", "is_transit": False, "starts_on": ""}
    return _designate_form(contact, values)


@bp.post(f"/contacts/<{ID_PATH}:contact_id>/designate")
@sign_in_required
def designate_submit(contact_id: int) -> Page:
    session = db.session()
    contact = get_contact(session, contact_id)
    values = {
        "role": request.form.get("role", ""),
        "scope": request.form.get("scope", ""),
        "is_transit": request.form.get("is_transit") == "on",
        "starts_on": request.form.get("starts_on", ""),
    }
    try:
        designation = _create(session, contact, values)
    except FormErrors as exc:
        session.rollback()
        return _designate_form(contact, values, exc.errors), 422
    session.commit()
    flash(gettext("%(name)s is now designated.", name=contact.display_name))
    return redirect(url_for("web.party", code=designation.party_code, _anchor=f"contact-{contact.id}"))


def designate_new(session: Session, contact: Contact, values: dict[str, str]) -> Designation:
    """Designate a contact just added (its form's role and scope); FormErrors as on the designate page."""
    return _create(
        session,
        contact,
        {"role": values["role"], "scope": values["scope"], "is_transit": False, "starts_on": ""},
    )


def _create(session: Session, contact: Contact, values: dict[str, Any]) -> Designation:
    """The new designation; FormErrors with the API's messages (the role's errors under ``role``)."""
    convention, _, role = str(values["role"]).partition(":")
    payload = {
        "convention": convention,
        "role": role,
        "contact_id": contact.id,
        "is_transit": values["is_transit"],
    }
    payload.update({k: values[k] for k in ("scope", "starts_on") if values[k]})
    try:
        data = DesignationCreateSchema().load(payload)
        require_designation_write(signed_in_actor(), contact.party_code, data["convention"])
        return create_designation(
            session,
            **{k: data[k] for k in ("convention", "role", "scope", "is_transit", "starts_on")},
            contact=contact,
            actor=signed_in_actor(),
            source="web",
        )
    except ma.ValidationError as exc:
        errors = flatten(exc.messages)
    except IntegrityError as exc:  # the database settles a second holder of a single role, even in a race
        session.rollback()
        errors = registry_errors(integrity_problem(exc))
    except Forbidden:
        raise
    except RegistryError as exc:
        errors = registry_errors(exc)
    if "convention" in errors:
        errors.setdefault("role", []).extend(errors.pop("convention"))
    raise FormErrors(errors)


@bp.get(f"/designations/<{ID_PATH}:designation_id>/end")
@sign_in_required
def end(designation_id: int) -> str:
    session = db.session()
    designation = get_designation(session, designation_id)
    require_designation_write(signed_in_actor(), designation.party_code, designation.convention)
    return _end_form(session, designation, {"ends_on": utcnow().date().isoformat()})


def _end_form(session: Session, designation: Designation, values: dict[str, str], **extra: Any) -> str:
    return versioned_form(
        "end.html", session, "designation", designation, values, designation=designation, **extra
    )


@bp.post(f"/designations/<{ID_PATH}:designation_id>/end")
@sign_in_required
def end_submit(designation_id: int) -> Page:
    session, actor = db.session(), signed_in_actor()
    designation = get_designation(session, designation_id)
    require_designation_write(actor, designation.party_code, designation.convention)
    values = {"ends_on": request.form.get("ends_on", "").strip()}
    if form_int("version") != designation.version:
        since = changes_since(session, "designation", designation.id, form_int("seen"))
        return _end_form(session, designation, values, conflict=since), 409
    try:
        on = EndArgs().load({"ends_on": values["ends_on"]} if values["ends_on"] else {})["ends_on"]
        end_designation(session, designation, actor, on)
    except ma.ValidationError as exc:
        return _end_form(session, designation, values, errors=flatten(exc.messages)), 422
    except RegistryError as exc:
        session.rollback()
        return _end_form(session, designation, values, errors=registry_errors(exc, "ends_on")), 422
    session.commit()
    flash(gettext("The designation has ended; it stays in the history."))
    return redirect(
        url_for("web.party", code=designation.party_code, _anchor=f"contact-{designation.contact_id}")
    )
