"""Contacts as the pages list them: a search's first results, and a party's contacts that hold no role.

(The search is :mod:`registry.contacts.search`'s, as the API's.)
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from registry.contacts.models import Contact
from registry.contacts.search import ranked
from registry.designations.models import Designation
from registry.paging import Page


def contacts_found(session: Session, q: str, number: int, size: int) -> Page[Contact]:
    """Page ``number`` (from 1, ``size`` a page) of the contacts matching ``q``, best first
    (:func:`registry.contacts.search.ranked`), each with its designations, and how many match in all."""
    order = ranked(session, q, select(Contact), Contact.id)
    ids = [key for _, key in order[(number - 1) * size : number * size]]
    stmt = select(Contact).where(Contact.id.in_(ids)).options(selectinload(Contact.designations))
    found = {contact.id: contact for contact in session.scalars(stmt)}
    return Page([found[i] for i in ids], len(order), len(order) > number * size)


def contacts_without_role(session: Session, party_code: str) -> list[Contact]:
    """The party's contacts that hold no current role, newest first."""
    current = select(Designation.contact_id).where(Designation.ends_on.is_(None))
    stmt = (
        select(Contact)
        .where(Contact.party_code == party_code, Contact.id.not_in(current))
        .order_by(Contact.id.desc())
    )
    return list(session.scalars(stmt))
