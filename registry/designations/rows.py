"""Designations as the API lists them, each with its contact, built from selected columns
(:mod:`registry.api.rows`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, select

from registry.api.rows import RowShape
from registry.contacts.models import Contact
from registry.contacts.rows import embedded_contact_shape
from registry.designations.models import Designation
from registry.designations.schemas import DesignationSchema
from registry.designations.services import filter_designations

_SCHEMA = DesignationSchema()
_COLUMNS = {
    attribute: getattr(Designation, attribute)
    for attribute in (f.attribute or n for n, f in _SCHEMA.dump_fields.items() if n != "contact")
}
CONTACT = embedded_contact_shape(offset=len(_COLUMNS))
LISTED = RowShape(_SCHEMA, _COLUMNS, {"contact": lambda _: CONTACT.build})


def current_designation_rows(**filters: Any) -> Select[Any]:
    """The query of current designations with their contacts matching ``filters`` (those of
    :func:`~registry.designations.services.filter_designations`), selecting a listed designation's columns."""
    stmt = select(*LISTED.columns, *CONTACT.columns).join(Contact, Designation.contact_id == Contact.id)
    return filter_designations(stmt, **filters)


def listed_designations(rows: Sequence[Any]) -> list[dict[str, Any]]:
    """The designations of ``rows`` (from :func:`current_designation_rows`) as the API lists them."""
    return [LISTED.build(row) for row in rows]
