"""Create, change and find contacts; every change is checked, recorded in the history, and its source kept."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from registry.audit.actor import Actor
from registry.audit.services import diff, iso, record_change
from registry.contacts.fields import ADDRESS_PARTS, API_FIELDS, BY_NAME, LIST_FIELDS, TEXT_FIELDS, Kind
from registry.contacts.models import Contact
from registry.contacts.search import index_text, matches, query_words
from registry.contacts.values import normalize_email, normalize_phone, region_of
from registry.db import utcnow
from registry.errors import InvalidInput, NotFound
from registry.parties.services import get_party
from registry.text import clean, clean_block


def contact_state(contact: Contact) -> dict[str, Any]:
    """The contact's fields as the API names them (what the history records and the ETag covers)."""
    state: dict[str, Any] = {"id": contact.id, "party": contact.party_code}
    for name in API_FIELDS:
        if name == "address":
            state[name] = {part: getattr(contact, part) for part in ADDRESS_PARTS}
        elif name in LIST_FIELDS:
            state[name] = list(getattr(contact, name))
        else:
            state[name] = getattr(contact, name)
    return state


def clean_contact_fields(data: dict[str, Any], region: str | None) -> dict[str, Any]:
    """The given fields trimmed, NFC-normalized, e-mails and phones checked and canonical.

    Raises InvalidInput naming each bad field (``{"emails": ["'x' is not a valid e-mail address ..."]}``).
    """
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, value in data.items():
        if name in TEXT_FIELDS:
            cleaned[name] = clean(value)
        elif name == "address":
            cleaned[name] = _clean_address(value or {})
        elif name in LIST_FIELDS:
            values, problems = _clean_list(name, value or [], region)
            cleaned[name] = values
            if problems:
                errors[name] = problems
    if errors:
        raise InvalidInput(errors)
    return cleaned


def _clean_address(value: dict[str, Any]) -> dict[str, str | None]:
    return {
        part: (clean_block if BY_NAME[part].kind is Kind.LINES else clean)(value.get(part))
        for part in ADDRESS_PARTS
    }


def _clean_list(name: str, values: list[str], region: str | None) -> tuple[list[str], list[str]]:
    result: list[str] = []
    problems: list[str] = []
    for value in values:
        if not clean(value):
            continue
        try:
            item = normalize_email(value) if name == "emails" else normalize_phone(value, region)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        if item not in result:
            result.append(item)
    return result, problems


def create_contact(session: Session, party_code: str, data: dict[str, Any], actor: Actor) -> Contact:
    """A new contact of the party, from already cleaned fields (see :func:`clean_contact_fields`)."""
    party = get_party(session, party_code)
    return create_contacts(session, [(party.code, data)], actor)[0]


def create_contacts(session: Session, new: list[tuple[str, dict[str, Any]]], actor: Actor) -> list[Contact]:
    """Several new contacts ``(party code, cleaned fields)``, inserted together (one flush, not one each)."""
    contacts = []
    for party_code, data in new:
        contact = Contact(
            party_code=party_code, emails=[], phones=[], faxes=[], unparsed_phones=[], sources={}
        )
        _assign(contact, data, actor)
        contacts.append(contact)
    session.add_all(contacts)
    session.flush()
    for contact in contacts:
        record_change(session, "created", "contact", contact, {}, contact_state(contact), actor)
    return contacts


def update_contact(session: Session, contact: Contact, data: dict[str, Any], actor: Actor) -> list[str]:
    """Change the given (cleaned) fields; returns the names of those that really changed (none: no
    history)."""
    before = contact_state(contact)
    _assign(contact, data, actor)
    after = contact_state(contact)
    changed = diff(before, after)
    if changed:
        session.flush()
        record_change(session, "updated", "contact", contact, before, after, actor)
    return sorted(changed)


def _assign(contact: Contact, data: dict[str, Any], actor: Actor) -> None:
    before = contact_state(contact)
    for name, value in data.items():
        if name == "address":
            for part in ADDRESS_PARTS:
                setattr(contact, part, value.get(part))
        elif name in API_FIELDS or name == "unparsed_phones":
            setattr(contact, name, list(value) if name in (*LIST_FIELDS, "unparsed_phones") else value)
    after = contact_state(contact)
    changed = [name for name in API_FIELDS if before.get(name) != after.get(name)]
    if changed or contact.id is None:
        now = utcnow()
        sources = dict(contact.sources or {})
        for name in changed:
            sources[name] = {"by": actor.label, "kind": actor.kind, "at": iso(now), **_run(actor)}
        contact.sources = sources
        contact.updated_at = now
        if contact.id is None:  # created now: one moment for both (the column's default would come later)
            contact.created_at = now
        contact.search_text = search_text(contact)


def _run(actor: Actor) -> dict[str, Any]:
    return {"run_id": actor.run_id, "convention": actor.convention} if actor.is_list else {}


def search_text(contact: Contact) -> str:
    """What a search matches: names, organization, department and e-mails, in each of the forms a query may
    take (:func:`registry.contacts.search.index_text`)."""
    return index_text(search_parts(contact.given_name, contact.family_name, contact.organization,
                                   contact.department, contact.emails))  # fmt: skip


def search_parts(
    given_name: str | None,
    family_name: str | None,
    organization: str | None,
    department: str | None,
    emails: list[str],
) -> list[str | None]:
    """The values of a contact a search looks in."""
    return [given_name, family_name, organization, department, *emails]


def get_contact(session: Session, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(gettext("There is no contact %(id)s.", id=contact_id))
    return contact


def contact_region(session: Session, party_code: str) -> str | None:
    party = get_party(session, party_code)
    return region_of(party.code, party.alpha2)


def search_contacts(party: str | None = None, q: str | None = None) -> Select[Contact]:
    """The query for contacts of a party and/or matching ``q`` (every word, in any field and script; see
    :mod:`registry.contacts.search`, whose :func:`~registry.contacts.search.ranked` puts them in order)."""
    stmt = select(Contact)
    if party:
        stmt = stmt.where(Contact.party_code == party.upper())
    if query_words(q):
        stmt = stmt.where(matches(query_words(q)))
    return stmt
