"""Read what the reconciliation needs of the registry, in a handful of queries (never one per row).

The snapshot holds plain values, not ORM objects: rows read with the columns the sync compares, each contact
projected once per version (:class:`ContactViews`, kept across the conventions of a run, so the second and
third list re-read only the contacts the first one changed, and index them again only then). A baseline's
record is held as its JSON text, the largest part of a snapshot otherwise. Apply loads the ORM objects of
what it writes.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any

import orjson
from sqlalchemy import Text, cast, or_, select
from sqlalchemy.orm import Session

from registry.audit.provenance import PERSON_KINDS, field_set_by_person
from registry.contacts.models import Contact
from registry.designations.models import PERSON_SOURCES, Designation
from registry.syncruns.models import ListBaseline
from sync.fields import API_NAMES, COMPARED, contact_person, registry_values
from sync.identity import Identity, PersonIndex, identity_of
from sync.plan import Baseline, RegistrySide
from sync.prepare import Known
from sync.records import Person

# Rows per ``IN (...)`` list: well under SQLite's and PostgreSQL's limits on bound parameters.
CHUNK = 2000


def batched(items: list[int], size: int = CHUNK) -> Iterator[list[int]]:
    """``items`` in lists of ``size`` (``itertools.batched`` from Python 3.12)."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


@dataclass(frozen=True, slots=True)
class ContactView:
    """One version of a registry contact as the sync reads it."""

    id: int
    party_code: str
    version: int
    person: Person
    identity: Identity
    human: frozenset[str]  # compared fields whose current value a person set


# The contact's columns a view does not read (the search text is long; the times would be parsed for nothing;
# the authors are read as text, see _human).
UNREAD = frozenset({"search_text", "created_at", "updated_at", "sources"})


class ContactViews:
    """Every contact's view, read again only for the contacts whose version moved since the last read."""

    def __init__(self) -> None:
        self._views: dict[int, ContactView] = {}
        self._index: PersonIndex | None = None

    def read(self, session: Session) -> dict[int, ContactView]:
        versions: dict[int, int] = dict(session.execute(select(Contact.id, Contact.version)).all())
        stale = [i for i, v in versions.items() if i not in self._views or self._views[i].version != v]
        if stale or versions.keys() != self._views.keys():
            self._index = None
        columns = [c for c in Contact.__table__.c if c.key not in UNREAD]
        columns.append(cast(Contact.sources, Text).label("sources"))
        for ids in batched(stale):
            # A few hundred rows at a time: each carries its authors' JSON, read only to find the people.
            stmt = select(*columns).where(Contact.id.in_(ids))
            for row in session.execute(stmt, execution_options={"yield_per": 500}):
                self._views[row.id] = _view(row)
        self._views = {i: self._views[i] for i in versions}
        return self._views

    def index(self) -> PersonIndex:
        """The views of the last :meth:`read`, indexed by identity: built again only when a contact changed
        (the reconciliation reads the index and changes a copy)."""
        if self._index is None:
            self._index = PersonIndex()
            for view in self._views.values():
                self._index.add(view.id, view.party_code, view.identity)
        return self._index


def _view(row: Any) -> ContactView:
    person = contact_person(row, frozenset())
    return ContactView(row.id, row.party_code, row.version, person, identity_of(person), _human(row.sources))


def _human(sources: str | None) -> frozenset[str]:
    """The compared fields whose current value a person set, by the contact's per-field ``sources`` (as
    JSON text)."""
    # Most contacts hold only what lists wrote: a person's kind of author (a JSON string, never escaped)
    # then appears nowhere in the text, and the JSON, the longest of a contact's columns, is not decoded.
    if not sources or not any(f'"{kind}"' in sources for kind in PERSON_KINDS):
        return NOBODY
    by_field = orjson.loads(sources) or {}
    return frozenset(f for f in COMPARED if field_set_by_person(by_field, API_NAMES.get(f, (f,))))


NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class KeptBaseline:
    """A baseline row as stored (apply compares what it would keep with it, and writes only a change).

    The record is held as its JSON: decoded, a row's record (its identity and shown values most of all) was
    most of what a snapshot held, and only apply reads it whole, once per row.
    """

    id: int
    packed: str
    registry_record: dict[str, Any]

    @classmethod
    def of(cls, baseline_id: int, record: dict[str, Any], registry_record: dict[str, Any]) -> KeptBaseline:
        # As text: the bytes orjson returns keep its whole working buffer (4 KB), the text only its length.
        return cls(baseline_id, orjson.dumps(record).decode(), registry_record)

    @property
    def record(self) -> dict[str, Any]:
        """The record, decoded anew (the caller may keep or change it)."""
        record: dict[str, Any] = orjson.loads(self.packed)
        return record


class ShownPart(Mapping[str, Any]):
    """A baseline's shown values, decoded from its packed record when asked for (a report of a change
    another list brought: seldom)."""

    def __init__(self, packed: str) -> None:
        self._packed = packed
        self._shown: dict[str, Any] | None = None

    def _values(self) -> dict[str, Any]:
        # Decoded on the first question and kept: a report asks for several fields of the same row.
        if self._shown is None:
            self._shown = orjson.loads(self._packed).get("shown", {})
        return self._shown

    def __getitem__(self, key: str) -> Any:
        return self._values()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values())

    def __len__(self) -> int:
        return len(self._values())


@dataclass
class Snapshot:
    """One convention's designations with their baselines, and every contact, as plain values."""

    sides: list[RegistrySide]
    people: PersonIndex
    contact_sides: ContactSides
    contacts: dict[int, ContactView]
    baselines: dict[int, KeptBaseline]  # by designation id


class ContactSides(Mapping[Hashable, RegistrySide]):
    """Each contact projected onto the list, computed when first asked for."""

    def __init__(self, contacts: dict[int, ContactView], layout: str) -> None:
        self._contacts = contacts
        self._layout = layout
        self._cache: dict[Hashable, RegistrySide] = {}

    def __getitem__(self, key: Hashable) -> RegistrySide:
        if key not in self._cache:
            if not isinstance(key, int) or key not in self._contacts:
                raise KeyError(key)
            self._cache[key] = _side(self._contacts[key], self._layout)
        return self._cache[key]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, int) and key in self._contacts

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._contacts)

    def __len__(self) -> int:
        return len(self._contacts)


def take_snapshot(
    session: Session, convention: str, layout: str, views: ContactViews | None = None
) -> Snapshot:
    """The convention's current designations (and ended ones its list last read), baselines and contacts."""
    views = views or ContactViews()
    contacts = views.read(session)
    people = views.index()
    d, b = Designation, ListBaseline
    columns = (d.id, d.contact_id, d.party_code, d.role, d.scope, d.ends_on, d.source_key, d.source)
    stmt = (
        select(*columns, b.id.label("baseline_id"), b.record, b.registry_record)
        .outerjoin(b, b.designation_id == d.id)
        .where(d.convention == convention)
        .where(or_(d.ends_on.is_(None), b.id.is_not(None)))
        .order_by(d.id)
    )
    sides: list[RegistrySide] = []
    baselines: dict[int, KeptBaseline] = {}
    # Rows in batches: all of a large convention's baseline JSON at once would be the run's peak of memory.
    for row in session.execute(stmt, execution_options={"yield_per": 500}):
        view, kept = contacts[row.contact_id], None
        if row.baseline_id is not None:
            stored = _stored(row.baseline_id, row.record, row.registry_record)
            baselines[row.id] = stored
            kept = kept_baseline(row.record, stored.registry_record, view.identity, stored.packed)
        sides.append(_side(view, layout, row, kept))
    return Snapshot(sides, people, ContactSides(contacts, layout), contacts, baselines)


def _stored(baseline_id: int, record: dict[str, Any], registry_record: dict[str, Any]) -> KeptBaseline:
    """A baseline row as read, its registry values one object with the list's when they are equal (as on
    most nights): a baseline's JSON is most of what a snapshot holds, and nothing changes these dicts."""
    fields = record.get("fields")
    return KeptBaseline.of(baseline_id, record, fields if fields == registry_record else registry_record)


def _side(view: ContactView, layout: str, row: Any = None, baseline: Baseline | None = None) -> RegistrySide:
    """A designation's row (or, with none, the contact alone) as the reconciliation sees it."""
    if row is None:
        return RegistrySide(0, view.id, view.party_code, "", None, False, None, view.person,
                            registry_values(view.person, None, COMPARED, layout), view.human)  # fmt: skip
    human = view.human | {"scope"} if row.source in PERSON_SOURCES else view.human
    values = registry_values(view.person, row.scope, COMPARED, layout)
    if baseline is not None and values == baseline.registry:
        values = baseline.registry  # one dict for equal values (read only, as the baseline's is)
    return RegistrySide(
        row.id, view.id, row.party_code, row.role, row.scope, row.ends_on is not None, row.source_key,
        view.person, values, human, baseline,
    )  # fmt: skip


def kept_baseline(
    record: dict[str, Any],
    registry_record: dict[str, Any],
    known: Identity | None = None,
    packed: str | None = None,
) -> Baseline:
    """A baseline row as the reconciliation reads it: its identity is ``known`` (the contact's) when equal,
    one object in memory; its shown values are read from ``packed`` (the record as JSON) when given."""
    data = record.get("identity", {})
    if known is None or not _describes(data, known):
        identity = Identity.from_dict(data)
        known = known if identity == known else identity
    return Baseline(
        fields=record.get("fields", {}),
        registry=registry_record,
        identity=known,
        source_ref=record.get("source_ref"),
        shown=ShownPart(packed) if packed is not None else record.get("shown", {}),
    )


def _describes(data: dict[str, Any], identity: Identity) -> bool:
    """True when a kept identity (as JSON) is certainly ``identity``, as on most nights; False when it may
    not be (:meth:`Identity.from_dict` then reads it)."""
    texts = ("name", "organization", "position", "department")
    if any(data.get(key) != getattr(identity, key) for key in texts):
        return False
    return all(_same_set(data.get(key), getattr(identity, key)) for key in ("emails", "phones", "address"))


def _same_set(value: Any, items: frozenset[str]) -> bool:
    try:
        return isinstance(value, list) and len(value) == len(items) and items.issuperset(value)
    except TypeError:  # an unhashable item: not one of ``items``
        return False


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
