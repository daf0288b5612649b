"""A contact's fields, defined once: name, kind, limits, label, form group and hint.

The API's schemas, the history's record of a contact, the pages' forms and labels, and the sync's rows are
all derived from :data:`FIELDS` and held to its limits, so that no writer stores what another would refuse.
Adding a field is an entry here, a column in ``contacts.models`` and a migration.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from registry.conventions import LabelledEnum
from registry.text import text_problem


class Kind(StrEnum):
    TEXT = "text"  # one line
    LINES = "lines"  # several lines (a street address)
    LIST = "list"  # several values, one per line on a form (e-mails, phones)


class Group(LabelledEnum):
    """The parts of the contact form."""

    PERSON = "person", _l("Person")
    ORGANIZATION = "organization", _l("Organization")
    ADDRESS = "address", _l("Address")
    REACH = "reach", _l("How to reach them")

    @property
    def hint(self) -> LazyString | None:
        return _GROUP_HINTS.get(self)

    @property
    def fields(self) -> tuple[ContactField, ...]:
        """This group's fields, in the form's order."""
        return tuple(f for f in FIELDS if f.group is self)


@dataclass(frozen=True)
class ContactField:
    """One stored field of a contact. ``max_length`` counts characters (of each item, for a list)."""

    name: str
    label: LazyString
    kind: Kind
    max_length: int
    group: Group
    hint: LazyString | None = None  # on the form
    note: str | None = None  # in the API's documentation

    @property
    def is_name(self) -> bool:
        return self.name in ("given_name", "family_name")

    @property
    def in_address(self) -> bool:
        """Street, city and postal code are the API's ``address`` object."""
        return self.group is Group.ADDRESS


MAX_ITEMS = 20  # e-mails, phones or faxes of one contact

FIELDS: tuple[ContactField, ...] = (
    ContactField("title", _l("Title"), Kind.TEXT, 60, Group.PERSON, _l("Ms., Mr., Dr., ...")),
    ContactField(
        "given_name",
        _l("Given name"),
        Kind.TEXT,
        300,
        Group.PERSON,
        note="Null (with family_name) for an office with no named person",
    ),
    ContactField("family_name", _l("Family name"), Kind.TEXT, 300, Group.PERSON),
    ContactField("position", _l("Position"), Kind.TEXT, 300, Group.ORGANIZATION),
    ContactField("department", _l("Department"), Kind.TEXT, 300, Group.ORGANIZATION),
    ContactField("organization", _l("Organization"), Kind.TEXT, 300, Group.ORGANIZATION),
    ContactField(
        "street",
        _l("Street"),
        Kind.LINES,
        1000,
        Group.ADDRESS,
        _l("One line per line of the address."),
        note="Lines separated by line breaks",
    ),
    ContactField("city", _l("City"), Kind.TEXT, 300, Group.ADDRESS),
    ContactField("postal_code", _l("Postal code"), Kind.TEXT, 40, Group.ADDRESS),
    ContactField(
        "emails",
        _l("E-mail addresses"),
        Kind.LIST,
        320,
        Group.REACH,
        _l("One address per line, the main one first."),
    ),
    ContactField(
        "phones",
        _l("Phone numbers"),
        Kind.LIST,
        60,
        Group.REACH,
        _l(
            "One number per line, with the country code: +254 20 123 4567. A number without one is read in "
            "the party's country."
        ),
        note="E.164; a number without country code is read in the party's country",
    ),
    ContactField("faxes", _l("Fax numbers"), Kind.LIST, 60, Group.REACH, _l("One number per line.")),
    ContactField("website", _l("Website"), Kind.TEXT, 500, Group.REACH, _l("https://...")),
)
_GROUP_HINTS = {Group.PERSON: _l("Leave the names empty for an office with no named person.")}

BY_NAME: dict[str, ContactField] = {f.name: f for f in FIELDS}
ADDRESS_PARTS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.in_address)
TEXT_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind is not Kind.LIST and not f.in_address)
LIST_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind is Kind.LIST)
# The fields a party keeps up to date, by their API names (``address`` stands for its parts), in order.
API_FIELDS: tuple[str, ...] = tuple(dict.fromkeys("address" if f.in_address else f.name for f in FIELDS))
LABELS: dict[str, LazyString] = {f.name: f.label for f in FIELDS} | {"address": _l("Address")}


def value_problem(name: str, value: Any) -> str | None:
    """Why ``value`` cannot be stored in field ``name`` (characters and lengths; e-mail and phone formats
    are checked on their own), or None."""
    field = BY_NAME[name]
    if value is None:
        return None
    if field.kind is Kind.LIST:
        items = list(value)
        if len(items) > MAX_ITEMS:
            return f"Holds {len(items)} values; at most {MAX_ITEMS} are kept."
        for item in items:
            problem = text_problem(str(item), field.max_length)
            if problem:
                return f"{str(item)[:40]!r}: {problem}"
        return None
    return text_problem(str(value), field.max_length)
