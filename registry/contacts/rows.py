"""Contacts as the API lists them, built from selected columns (:mod:`registry.api.rows`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import marshmallow as ma
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from registry.api.rows import RowShape, parts
from registry.contacts.fields import ADDRESS_PARTS
from registry.contacts.models import Contact
from registry.contacts.schemas import ContactSchema, DesignationBriefSchema, EmbeddedContactSchema
from registry.designations.models import Designation

# Filled in by a query of their own: a contact's current designations.
_OWN_QUERY = ("designations",)


def contact_shape(schema: ma.Schema, offset: int = 0, prefix: str = "") -> RowShape:
    """The shape of ``schema`` (a contact's) from the contact's columns; the address from its parts."""
    attributes = [
        f.attribute or n for n, f in schema.dump_fields.items() if n not in ("address", *_OWN_QUERY)
    ]
    columns = {name: getattr(Contact, name) for name in (*attributes, *ADDRESS_PARTS)}
    nested = {"address": parts(ADDRESS_PARTS)}
    return RowShape(schema, columns, nested, omit=_OWN_QUERY, offset=offset, prefix=prefix)


LISTED = contact_shape(ContactSchema())
_BRIEF_SCHEMA = DesignationBriefSchema()
BRIEF = RowShape(
    _BRIEF_SCHEMA,
    {f.attribute or n: getattr(Designation, f.attribute or n) for n, f in _BRIEF_SCHEMA.dump_fields.items()},
)


def embedded_contact_shape(offset: int) -> RowShape:
    """A designation's contact, read from position ``offset`` of its row on."""
    return contact_shape(EmbeddedContactSchema(), offset, prefix="contact__")


def contact_rows(stmt: Select[Any]) -> Select[Any]:
    """``stmt`` (a query of contacts) selecting the columns of a listed contact."""
    return stmt.with_only_columns(*LISTED.columns)


def listed_contacts(session: Session, rows: Sequence[Any]) -> list[dict[str, Any]]:
    """The contacts of ``rows`` as the API lists them, each with its current designations (one query)."""
    ids = [row[LISTED.index("id")] for row in rows]
    held: dict[int, list[dict[str, Any]]] = {contact_id: [] for contact_id in ids}
    if ids:
        stmt = (
            select(Designation.contact_id, *BRIEF.columns)
            .where(Designation.contact_id.in_(ids), Designation.ends_on.is_(None))
            .order_by(Designation.id)
        )
        for contact_id, *brief in session.execute(stmt):
            held[contact_id].append(BRIEF.build(brief))
    return [{**LISTED.build(row), "designations": held[row[LISTED.index("id")]]} for row in rows]


def contacts_by_id(session: Session, ids: list[int]) -> list[dict[str, Any]]:
    """The contacts ``ids``, in that order, as the API lists them (two queries)."""
    if not ids:
        return []
    found = session.execute(contact_rows(select(Contact).where(Contact.id.in_(ids))))
    rows = {row[LISTED.index("id")]: row for row in found}
    return listed_contacts(session, [rows[i] for i in ids if i in rows])
