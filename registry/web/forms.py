"""Forms of the pages: what a form sent, kept as typed (to show again) and made into what the services take.

Input is checked by the API's own schemas and then by the services, so a page shows the same messages as the
API, each next to its field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import marshmallow as ma
from flask import render_template, request
from flask_babel import gettext
from sqlalchemy.orm import Session

from registry.audit.services import last_change_seq
from registry.contacts.fields import ADDRESS_PARTS, FIELDS, LIST_FIELDS, TEXT_FIELDS
from registry.contacts.models import Contact
from registry.contacts.schemas import ContactPatchSchema
from registry.contacts.services import clean_contact_fields, contact_state
from registry.conventions import CONVENTIONS
from registry.designations.models import Designation
from registry.errors import RegistryError

# The contact form's fields, in the order the form shows them.
CONTACT_FORM_FIELDS: tuple[str, ...] = tuple(field.name for field in FIELDS)
Errors = dict[str, list[str]]


class FormErrors(Exception):
    """Messages by form field (``{"emails": ["'x' is not a valid e-mail address: ..."]}``)."""

    def __init__(self, errors: Errors) -> None:
        super().__init__(", ".join(sorted(errors)))
        self.errors = errors


def flatten(messages: Any, prefix: str = "") -> Errors:
    """Errors of a schema or a service by form field: an address part is its own field, and a list item's
    message names the line (``{"emails": {0: [...]}}`` becomes ``{"emails": ["Line 1: ..."]}``)."""
    errors: Errors = {}
    if not isinstance(messages, Mapping):
        return {prefix or "form": [str(m) for m in _as_list(messages)]}
    for name, value in messages.items():
        if isinstance(name, int):
            errors.setdefault(prefix, []).extend(
                gettext("Line %(line)d: %(message)s", line=name + 1, message=m) for m in _as_list(value)
            )
        elif isinstance(value, Mapping):
            for field, found in flatten(value, prefix=str(name)).items():
                target = field if name == "address" and field != "address" else str(name)
                errors.setdefault(target, []).extend(found)
        else:
            errors.setdefault(str(name), []).extend(str(m) for m in _as_list(value))
    return errors


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def form_int(name: str) -> int:
    """A whole number the form sent back (a version, a sequence number); 0 when it sent none."""
    value = request.form.get(name, "")
    return int(value) if value.isdigit() and len(value) < 19 else 0


def versioned_form(
    template: str,
    session: Session,
    resource: str,
    record: Contact | Designation,
    values: dict[str, str],
    **context: Any,
) -> str:
    """Page ``template``: the form that changes ``record`` (a ``resource``), showing ``values``, and carrying
    the version it was read at and the record's last change, which its save compares with the record's own."""
    seen = last_change_seq(session, resource, record.id)
    return render_template(template, values=values, version=record.version, seen=seen, **context)


def registry_errors(exc: RegistryError, field: str = "form") -> Errors:
    """The messages of a service's error by field (one without fields is the whole form's)."""
    return flatten(exc.errors) if exc.errors else {field: [exc.detail]}


def contact_values(contact: Contact | None) -> dict[str, str]:
    """What the contact form shows for ``contact`` (empty for a new one): lists one item a line."""
    if contact is None:
        return dict.fromkeys(CONTACT_FORM_FIELDS, "")
    return form_values(contact_state(contact))


def form_values(state: dict[str, Any]) -> dict[str, str]:
    """A contact's state (as :func:`~registry.contacts.services.contact_state` or the history records it) as
    the contact form shows it."""
    address = state.get("address") or {}
    values = {name: state.get(name) or "" for name in TEXT_FIELDS}
    values.update({part: address.get(part) or "" for part in ADDRESS_PARTS})
    values.update({name: "\n".join(state.get(name) or []) for name in LIST_FIELDS})
    return values


def read_contact_form(form: Mapping[str, str]) -> dict[str, str]:
    """The contact form's fields as typed (shown again when something is wrong)."""
    return {name: form.get(name, "") for name in CONTACT_FORM_FIELDS}


def contact_data(values: dict[str, str], region: str | None) -> dict[str, Any]:
    """The fields to give create_contact or update_contact; FormErrors with the API's messages."""
    data: dict[str, Any] = {name: values[name] or None for name in TEXT_FIELDS}
    data["address"] = {part: values[part] or None for part in ADDRESS_PARTS}
    data.update({name: [line for line in values[name].splitlines() if line.strip()] for name in LIST_FIELDS})
    try:
        loaded = ContactPatchSchema().load(data)
        return clean_contact_fields(loaded, region)
    except ma.ValidationError as exc:
        raise FormErrors(flatten(exc.messages)) from None
    except RegistryError as exc:
        raise FormErrors(registry_errors(exc)) from None


def list_filters() -> dict[str, str | None]:
    """The party and convention a page's list is narrowed to (``?party=KEN&convention=basel``); a value that
    names none (empty, unknown) narrows nothing."""
    convention = request.args.get("convention", "")
    party = request.args.get("party", "").strip().upper()
    return {
        "convention": convention if convention in CONVENTIONS else None,
        "party": party if len(party) == 3 and party.isascii() and party.isalpha() else None,
    }
