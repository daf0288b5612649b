"""Contacts as the pages list them: a search's first results, and a party's contacts that hold no role.

(The API's list is :func:`registry.contacts.services.search_contacts`, which the search here builds on.)
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from registry.contacts.models import Contact
from registry.contacts.services import search_contacts
from registry.designations.models import Designation
from registry.paging import Order, Page, numbered_page
from registry.text import fold


def contacts_by_name(session: Session, q: str, limit: int) -> Page[Contact]:
    """The first ``limit`` contacts matching every word of ``q`` (accents ignored) by family name, each with
    its designations, and how many match in all."""
    if not fold(q).split():
        return Page([], 0, False)
    stmt = search_contacts(q=q).options(selectinload(Contact.designations))
    order: list[Order] = [func.lower(Contact.family_name), Contact.id]
    return numbered_page(session, stmt, order, 1, limit)


def contacts_without_role(session: Session, party_code: str) -> list[Contact]:
    """The party's contacts that hold no current role, newest first."""
    current = select(Designation.contact_id).where(Designation.ends_on.is_(None))
    stmt = (
        select(Contact)
        .where(Contact.party_code == party_code, Contact.id.not_in(current))
        .order_by(Contact.id.desc())
    )
    return list(session.scalars(stmt))
