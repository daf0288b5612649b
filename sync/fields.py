"""How a list's values and the registry's compare, field by field, in the list's own terms.

A list cannot say more than its format allows (Rotterdam writes an address as one line, and has no
website), so the registry is compared with a list through the registry's *projection* onto that list: what
the list would say of the contact if it were up to date. Values compare after noise is removed: case, white
space, accents' encoding, order of e-mails and phones, phone formatting, the dot after a title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import Any

from registry.audit.provenance import field_set_by_person
from registry.contacts.models import Contact
from registry.syncruns.report import FieldValues
from sync.normalize import address_line, folded, normalize_title, title_key, tokens
from sync.records import ListRecord, Person

# Compared fields, in report order. "name" is the given and family names together: lists split a full name
# differently ("Kayleigh VAN DER LEEK"), so the split itself is not compared.
COMPARED = (
    "title",
    "name",
    "position",
    "department",
    "organization",
    "address",
    "emails",
    "phones",
    "faxes",
    "website",
)
DESIGNATION_FIELDS = ("scope",)
# The API names each compared field stands for in a report.
API_NAMES = {"name": ("given_name", "family_name")}


def compared_fields(person: Person) -> tuple[str, ...]:
    """The fields a record of this list can speak to."""
    covers = person.covers
    names = {"name"} if {"given_name", "family_name"} & covers else set()
    return tuple(f for f in COMPARED if f in covers or f in names)


def text_key(value: str | None) -> str:
    """How a text field compares: the registry's one normal form (case, marks, width and spacing ignored)."""
    return folded(value)


def _website_key(value: str | None) -> str:
    text = text_key(value)
    return re.sub(r"^(https?://)?(www\.)?", "", text).rstrip("/")


@lru_cache(maxsize=4096)
def _title_key(title: str | None) -> str:
    return title_key(normalize_title(title) or "")


def _person_key(field: str, person: Person, layout: str) -> Any:
    if field == "title":
        return _title_key(person.title)
    if field == "name":
        return text_key(f"{person.given_name or ''} {person.family_name or ''}")
    if field in ("position", "department", "organization"):
        return text_key(getattr(person, field))
    if field == "address":
        if layout == "parts":
            return [tokens(person.street), tokens(person.city), tokens(person.postal_code)]
        return tokens(person.address_text or address_line(person.street, person.postal_code, person.city))
    if field in ("emails", "phones", "faxes"):
        values = list(getattr(person, field))
        if field == "phones":
            values += list(person.unparsed_phones)
        return sorted(set(values))
    if field == "website":
        return _website_key(person.website)
    raise KeyError(field)


@lru_cache(maxsize=200_000)
def list_values(record: ListRecord, layout: str) -> dict[str, Any]:
    """The record's comparable values, for the fields its list gives (computed once per record: callers
    read the dict, never change it)."""
    values = {f: _person_key(f, record.person, layout) for f in compared_fields(record.person)}
    values["scope"] = text_key(record.scope)
    return values


# The contact's columns a Person has by the same name, as they are.
_AS_THEY_ARE = ("title", "given_name", "family_name", "position", "department", "organization", "street",
                "city", "postal_code", "website")  # fmt: skip


def contact_person(contact: Contact, covers: frozenset[str]) -> Person:
    """The registry's contact (or a row of its columns) as a Person (for projecting it onto a list)."""
    lists: dict[str, Any] = {
        n: tuple(getattr(contact, n)) for n in ("emails", "phones", "faxes", "unparsed_phones")
    }
    return Person(**{name: getattr(contact, name) for name in _AS_THEY_ARE}, **lists, covers=covers)


def registry_values(
    contact: Contact | Person, scope: str | None, fields: tuple[str, ...], layout: str
) -> dict[str, Any]:
    """What the list would say of the registry's contact (or the contact as a Person) and designation, in
    comparable form."""
    person = contact if isinstance(contact, Person) else contact_person(contact, frozenset())
    return projected_values(person, scope, fields, layout)


def projected_values(person: Person, scope: str | None, fields: Iterable[str], layout: str) -> dict[str, Any]:
    """What the list would say of a contact holding ``person``'s values (and a designation of ``scope``), in
    comparable form: the compared ``fields``, and always the scope."""
    values = {f: _person_key(f, person, layout) for f in fields if f != "scope"}
    values["scope"] = text_key(scope)
    return values


# The attributes of a Person that each compared field stands for (the others: the attribute of its name).
PERSON_ATTRIBUTES = {
    "name": ("given_name", "family_name"),
    "address": ("street", "city", "postal_code"),
    "phones": ("phones", "unparsed_phones"),
}


def with_fields(person: Person, source: Person, fields: Iterable[str]) -> Person:
    """``person`` with ``source``'s values of the compared ``fields``: the registry's contact as it would be
    once they are written (as :func:`sync.apply.contact_data` writes them)."""
    names = [a for f in fields if f != "scope" for a in PERSON_ATTRIBUTES.get(f, (f,))]
    return replace(person, **{name: getattr(source, name) for name in names}, address_text=None)


def display(field: str, person: Person, scope: str | None = None) -> Any:
    """A field's value as the API shows it (for the report's side-by-side values)."""
    if field == "scope":
        return scope
    if field == "name":
        return {"given_name": person.given_name, "family_name": person.family_name}
    if field == "address":
        return {"street": person.street, "city": person.city, "postal_code": person.postal_code}
    if field in ("emails", "faxes"):
        return list(getattr(person, field))
    if field == "phones":
        return [*person.phones, *person.unparsed_phones]
    return getattr(person, field)


def report_fields(
    fields: list[str], registry: Person, registry_scope: str | None, listed: Person, list_scope: str | None
) -> dict[str, FieldValues]:
    """``{api_name: {"registry": ..., "list": ...}}`` for the report, the name split into its API fields."""
    out: dict[str, FieldValues] = {}
    for field in fields:
        ours, theirs = display(field, registry, registry_scope), display(field, listed, list_scope)
        if field == "name":
            for part in API_NAMES["name"]:
                if text_key(ours[part]) != text_key(theirs[part]) or len(fields) == 1:
                    out[part] = {"registry": ours[part], "list": theirs[part]}
            continue
        out[field] = {"registry": ours, "list": theirs}
    return out


@lru_cache(maxsize=200_000)
def shown_values(record: ListRecord) -> dict[str, Any]:
    """The record's values as a report shows them, by API name (a baseline keeps them, to show what a list
    said before)."""
    shown: dict[str, Any] = {}
    for field in (*compared_fields(record.person), "scope"):
        value = display(field, record.person, record.scope)
        if field == "name":
            # The parts the list writes, as report_fields gives them beside a registry that has none.
            shown.update((part, value[part]) for part in API_NAMES["name"] if text_key(value[part]))
        else:
            shown[field] = value
    return shown


def shown_key(value: Any) -> Any:
    """A shown value in comparable form: texts folded, lists as sets, empty as ``None``."""
    if isinstance(value, dict):
        return {k: shown_key(v) for k, v in value.items()} if any(value.values()) else None
    if isinstance(value, list | tuple):
        return frozenset(folded(str(v)) for v in value) or None
    if isinstance(value, str):
        return folded(value) or None
    return value


def human_set(contact: Contact, field: str) -> bool:
    """True when the contact's current value of compared ``field`` was set by a person, not a list."""
    return field_set_by_person(contact.sources, API_NAMES.get(field, (field,)))
