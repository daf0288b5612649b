"""Designations as the API lists them, each with its contact, built from selected columns
(:mod:`registry.api.rows`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from registry.api.rows import RowShape
from registry.contacts.models import Contact
from registry.contacts.rows import embedded_contact_shape
from registry.contacts.search import ranked
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


def designations_by_id(session: Session, ids: list[int]) -> list[dict[str, Any]]:
    """The current designations ``ids``, in that order, as the API lists them (one query)."""
    if not ids:
        return []
    rows = {row.id: row for row in session.execute(current_designation_rows().where(Designation.id.in_(ids)))}
    return listed_designations([rows[i] for i in ids if i in rows])


def ranked_designations(session: Session, q: str, **filters: Any) -> list[tuple[int, int]]:
    """``(rank, id)`` of the current designations matching ``filters`` whose contact matches ``q``, best
    first (:func:`registry.contacts.search.ranked`)."""
    stmt = select(Designation.id).join(Contact, Designation.contact_id == Contact.id)
    return ranked(session, q, filter_designations(stmt, **filters), Designation.id)
