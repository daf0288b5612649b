"""Field names, values and authors as a person reads them on a page (pure functions)."""

from __future__ import annotations

from typing import Any

import phonenumbers
from flask_babel import LazyString

from registry.contacts.fields import LABELS as CONTACT_LABELS
from registry.designations.fields import LABELS as DESIGNATION_LABELS

FIELD_LABELS: dict[str, LazyString] = CONTACT_LABELS | DESIGNATION_LABELS
ROLE_LABELS = {"admin": "admin", "secretariat": "secretariat", "party": "party official"}


def field_label(name: str) -> str:
    """A field's name as a page shows it (``given_name``: "Given name")."""
    label = FIELD_LABELS.get(name)
    return str(label) if label is not None else name.replace("_", " ").capitalize()


def display_value(value: Any) -> str:
    """A recorded value as text: lists one item a line, an address on its lines, nothing as "(none)"."""
    if value in (None, "", [], {}):
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if isinstance(value, dict):
        return "\n".join(str(v) for v in value.values() if v) or "(none)"
    return str(value)


def author(actor: dict[str, Any]) -> str:
    """Who made a change, from the history's record of its author."""
    kind = actor.get("kind")
    if kind == "sync":
        return f"the {str(actor.get('convention', '')).capitalize()} list (sync run {actor.get('run_id')})"
    if kind == "cli":
        return f"{actor.get('name')} (command line)"
    if kind == "visitor":  # anyone, without signing in (the password reset form)
        return str(actor.get("name"))
    role = ROLE_LABELS.get(str(actor.get("role")), str(actor.get("role") or ""))
    scope = actor.get("party") or actor.get("convention")
    what = "API token" if kind == "token" else "signed in"
    details = ", ".join(x for x in (role, str(scope) if scope else "", what) if x)
    return f"{actor.get('name')} ({details})"


def web_link(url: str | None) -> str | None:
    """A website as a link target: only http(s) addresses (a ``javascript:`` one is no link); a bare
    ``www.example.org`` gets its https://."""
    if not url:
        return None
    text = url.strip()
    scheme, sep, _ = text.partition("://")
    if sep:
        return text if scheme.lower() in ("http", "https") else None
    return f"https://{text}" if "." in text and ":" not in text and " " not in text else None


def phone(number: str) -> str:
    """An E.164 number written for reading (``+254201234567``: "+254 20 1234567"); as stored if unreadable."""
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return number
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL))
