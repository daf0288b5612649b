"""Field names, values and authors as a person reads them on a page (pure functions)."""

from __future__ import annotations

import re
from typing import Any

import phonenumbers
from flask_babel import LazyString, gettext
from flask_babel import lazy_gettext as _l

from registry.contacts.fields import LABELS as CONTACT_LABELS
from registry.conventions import CONVENTIONS, convention_label, role_label, scope_label
from registry.designations.fields import LABELS as DESIGNATION_LABELS

FIELD_LABELS: dict[str, LazyString] = CONTACT_LABELS | DESIGNATION_LABELS
ROLE_LABELS = {"admin": _l("admin"), "secretariat": _l("secretariat"), "party": _l("party official")}
# Where a designation came from (``source``): a person, through one of the registry's doors, or a list.
SOURCE_LABELS = {"api": _l("the API"), "web": _l("the pages"), "cli": _l("the command line")}
# Where a list's record was read (the sync's ``source_ref``: "row 5", "record 3", "id 17"), by its first word.
PLACE_LABELS = {
    # Translators: a row of a list's spreadsheet or CSV file ("row 5").
    "row": _l("row %(number)s"),
    # Translators: the n-th record of a list's JSON file ("record 3").
    "record": _l("record %(number)s"),
    # Translators: a record of a list by its identifier in that list ("id 17").
    "id": _l("id %(number)s"),
}
_PLACE = re.compile(r"^(row|record|id) (\S+)$")


def field_label(name: str) -> str:
    """A field's name as a page shows it (``given_name``: "Given name")."""
    label = FIELD_LABELS.get(name)
    return str(label) if label is not None else name.replace("_", " ").capitalize()


def display_value(value: Any) -> str:
    """A recorded value as text: lists one item a line, an address on its lines, nothing as "(none)"."""
    if value in (None, "", [], {}):
        return str(gettext("(none)"))
    if isinstance(value, bool):
        return str(gettext("yes") if value else gettext("no"))
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if isinstance(value, dict):
        return "\n".join(str(v) for v in value.values() if v) or str(gettext("(none)"))
    return str(value)


def field_value(value: Any, name: str) -> str:
    """A recorded value of field ``name`` as text: the vocabulary's values (a designation's convention, role,
    scope, source) in the page's language, anything else as :func:`display_value` writes it."""
    if isinstance(value, str):
        if name == "convention":
            return convention_label(value)
        if name == "role":
            return role_label(value)
        if name == "scope":
            return scope_label(value)
        if name == "source":
            return str(SOURCE_LABELS[value]) if value in SOURCE_LABELS else convention_label(value)
    return display_value(value)


def source_place(ref: str | None) -> str:
    """Where a list's record was read (``row 5``), in the page's language; any other reference as written."""
    found = _PLACE.match(ref or "")
    if found is None:
        return ref or ""
    return str(PLACE_LABELS[found.group(1)] % {"number": found.group(2)})


# The visitors the history names (registry.audit.actor.visitor), in the page's language.
VISITORS: dict[str, LazyString] = {"password reset form": _l("password reset form")}


def author(actor: dict[str, Any]) -> str:
    """Who made a change, from the history's record of its author."""
    kind = actor.get("kind")
    name = actor.get("name")
    if kind == "sync":
        convention = convention_label(str(actor.get("convention", "")))
        run = actor.get("run_id")
        return str(gettext("the %(convention)s list (sync run %(run)s)", convention=convention, run=run))
    if kind == "cli":
        if name in (None, "command line"):  # cli_actor()'s own name for someone unnamed
            return str(gettext("the command line"))
        return str(gettext("%(name)s (command line)", name=name))
    if kind == "visitor":  # anyone, without signing in (the password reset form)
        return str(VISITORS.get(str(name), name))
    role = str(ROLE_LABELS.get(str(actor.get("role")), actor.get("role") or ""))
    scope = actor.get("party") or actor.get("convention")
    if scope in CONVENTIONS:
        scope = convention_label(str(scope))
    what = gettext("API token") if kind == "token" else gettext("signed in")
    details = gettext(", ").join(x for x in (role, str(scope) if scope else "", what) if x)
    return str(gettext("%(name)s (%(details)s)", name=name, details=details))


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
