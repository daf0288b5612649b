"""Read what the reconciliation needs of the registry, in a handful of queries (never one per row)."""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from registry.audit.provenance import designation_set_by_person
from registry.contacts.models import Contact
from registry.designations.models import Designation
from registry.parties.models import Party
from registry.syncruns.models import ListBaseline
from sync.fields import COMPARED, contact_person, human_set, registry_values
from sync.identity import Identity, PersonIndex, identity_of
from sync.plan import Baseline, RegistrySide
from sync.prepare import Known


@dataclass
class Snapshot:
    """One convention's designations with their baselines, and every contact, as plain values."""

    sides: list[RegistrySide]
    people: PersonIndex
    contact_sides: ContactSides
    contacts: dict[int, Contact]
    designations: dict[int, Designation]
    baselines: dict[int, ListBaseline]
    # Held so that the session's (weak) identity map keeps them: services look parties up by key.
    parties: list[Party]


class ContactSides(Mapping[Hashable, RegistrySide]):
    """Each contact projected onto the list, computed when first asked for."""

    def __init__(self, contacts: dict[int, Contact], layout: str) -> None:
        self._contacts = contacts
        self._layout = layout
        self._cache: dict[Hashable, RegistrySide] = {}

    def __getitem__(self, key: Hashable) -> RegistrySide:
        if key not in self._cache:
            if not isinstance(key, int) or key not in self._contacts:
                raise KeyError(key)
            self._cache[key] = _side(None, self._contacts[key], self._layout, None)
        return self._cache[key]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, int) and key in self._contacts

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._contacts)

    def __len__(self) -> int:
        return len(self._contacts)


def take_snapshot(session: Session, convention: str, layout: str) -> Snapshot:
    """The convention's current designations (and ended ones its list last read), baselines and contacts."""
    baselines = {
        b.designation_id: b
        for b in session.scalars(select(ListBaseline).where(ListBaseline.convention == convention))
    }
    stmt = (
        select(Designation)
        .outerjoin(ListBaseline, ListBaseline.designation_id == Designation.id)
        .where(Designation.convention == convention)
        .where(or_(Designation.ends_on.is_(None), ListBaseline.id.is_not(None)))
        .options(joinedload(Designation.contact))
        .order_by(Designation.id)
    )
    designations = {d.id: d for d in session.scalars(stmt).unique()}
    contacts = {c.id: c for c in session.scalars(select(Contact).order_by(Contact.id))}
    people = PersonIndex()
    for contact in contacts.values():
        people.add(contact.id, contact.party_code, identity_of(contact_person(contact, frozenset())))
    sides = [_side(d, d.contact, layout, baselines.get(d.id)) for d in designations.values()]
    parties = list(session.scalars(select(Party)))
    return Snapshot(sides, people, ContactSides(contacts, layout), contacts, designations, baselines, parties)


def _side(
    designation: Designation | None, contact: Contact, layout: str, baseline: ListBaseline | None
) -> RegistrySide:
    human = {f for f in COMPARED if human_set(contact, f)}
    if designation is not None and designation_set_by_person(designation):
        human.add("scope")
    return RegistrySide(
        designation_id=designation.id if designation else 0,
        contact_id=contact.id,
        party=designation.party_code if designation else contact.party_code,
        role=designation.role if designation else "",
        scope=designation.scope if designation else None,
        ended=designation.ends_on is not None if designation else False,
        source_key=designation.source_key if designation else None,
        person=contact_person(contact, frozenset()),
        registry=registry_values(contact, designation.scope if designation else None, COMPARED, layout),
        human=frozenset(human),
        baseline=kept_baseline(baseline) if baseline is not None else None,
    )


def kept_baseline(row: ListBaseline) -> Baseline:
    """A baseline row as the reconciliation reads it."""
    return Baseline(
        fields=row.record.get("fields", {}),
        registry=row.registry_record,
        identity=Identity.from_dict(row.record.get("identity", {})),
        source_ref=row.record.get("source_ref"),
        shown=row.record.get("shown", {}),
    )


def known_details(session: Session) -> Known:
    """Every e-mail address and phone or fax number the registry holds (one query, three columns)."""
    emails: set[str] = set()
    phones: set[str] = set()
    for row_emails, row_phones, row_faxes in session.execute(
        select(Contact.emails, Contact.phones, Contact.faxes)
    ):
        emails.update(row_emails or ())
        phones.update(row_phones or ())
        phones.update(row_faxes or ())
    return Known(frozenset(emails), frozenset(phones))
