"""Carry out a plan through the registry's services, and keep what was read as the next run's baseline."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import partial
from typing import Any

from sqlalchemy import delete, insert, inspect, select, update
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session, joinedload

from registry.audit.actor import Actor
from registry.contacts.models import Contact
from registry.contacts.services import create_contacts, update_contact
from registry.db import utcnow
from registry.designations.models import Designation
from registry.designations.services import (
    NewDesignation,
    create_designations,
    end_designation,
    update_designation,
)
from registry.errors import RegistryError
from registry.syncruns.actions import SyncAction
from registry.syncruns.models import ListBaseline
from sync.fields import API_NAMES, COMPARED, list_values, registry_values, shown_values
from sync.identity import identity_of
from sync.plan import Plan, PlanItem, RegistrySide
from sync.records import ListRecord, Person, RowWarning
from sync.snapshot import ContactView, KeptBaseline, batched


def contact_data(person: Person, fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """The registry fields (API names) that compared fields of ``person`` stand for, ready to store."""
    data: dict[str, Any] = {}
    for name in fields:
        if name == "name":
            data.update(given_name=person.given_name, family_name=person.family_name)
        elif name == "address":
            data["address"] = {
                "street": person.street,
                "city": person.city,
                "postal_code": person.postal_code,
            }
        elif name == "phones":
            data["phones"] = list(person.phones)
            data["unparsed_phones"] = list(person.unparsed_phones)
        elif name in ("emails", "faxes"):
            data[name] = list(getattr(person, name))
        elif name != "scope":
            data[name] = getattr(person, name)
    return data


# The id of a baseline this apply will insert.
NOT_YET = 0


class Applier:
    """Writes one convention's plan in the session's transaction (the runner commits or rolls back).

    It loads the ORM objects of only what it writes (designations it changes or ends, contacts it gives a
    role or changes); a row the list confirms as it was costs no query, and its baseline is written only
    when what it would keep differs from what is kept.
    """

    def __init__(self, session: Session, plan: Plan, actor: Actor, layout: str, run_id: str) -> None:
        self.session = session
        self.plan = plan
        self.actor = actor
        self.layout = layout
        self.run_id = run_id
        self.contacts: dict[Hashable, Contact] = {}
        self.designations: dict[int, Designation] = {}
        self.baselines: dict[int, KeptBaseline] = {}
        self.registry_now: dict[tuple[int, int, str | None], dict[str, Any]] = {}
        self.versions: dict[int, int] = {}
        self.new_baselines: dict[int, dict[str, Any]] = {}  # by designation id

    def apply(self, contacts: dict[int, ContactView], baselines: dict[int, KeptBaseline]) -> None:
        """Removals first (a role that passes to another person frees its place), then changes, then
        additions."""
        self._start(contacts, baselines)
        for item in self.plan.items:
            if item.action is SyncAction.REMOVED and item.side:
                self._remove(item.side)
        for item in self.plan.items:
            if item.side and item.record and not item.side.ended:
                self._update(item, item.side)
        new = list(self.plan.new_contacts.items())
        created = create_contacts(
            self.session, [(r.party, contact_data(r.person, COMPARED)) for _, r in new], self.actor
        )
        self.contacts.update(zip((key for key, _ in new), created, strict=True))
        self._add([item for item in self.plan.items if item.action is SyncAction.ADDED])
        self.confirm()

    def apply_row_by_row(self, contacts: dict[int, ContactView], baselines: dict[int, KeptBaseline]) -> None:
        """As :meth:`apply`, but each item in a savepoint of its own: an item the database refuses is set
        aside (``PlanItem.refused``, and a warning naming its row) while the others are applied. Slower; for
        a plan that :meth:`apply` could not write whole."""
        self._start(contacts, baselines)
        for item in self.plan.items:
            if item.action is SyncAction.REMOVED and item.side:
                self._guarded(item, partial(self._remove, item.side))
        for item in self.plan.items:
            if item.side and item.record and not item.side.ended:
                self._guarded(item, partial(self._update, item, item.side))
        for item in self.plan.items:
            if item.action is SyncAction.ADDED:
                self._guarded(item, partial(self._add_one, item))
        self.confirm()

    def _start(self, contacts: dict[int, ContactView], baselines: dict[int, KeptBaseline]) -> None:
        self.baselines = dict(baselines)
        self.versions = {view.id: view.version for view in contacts.values()}
        # What the reconciliation read of the registry is its state now, until apply writes.
        for item in self.plan.items:
            side = item.side
            if side is not None and side.contact_id in self.versions:
                self.registry_now[(side.contact_id, self.versions[side.contact_id], side.scope)] = (
                    side.registry
                )
        # The ORM objects of what will be written, read together.
        ended = {i.side.designation_id for i in self.plan.items if i.side and i.action is SyncAction.REMOVED}
        changed = {i.side.designation_id for i in self.plan.items if i.side and i.record and i.write}
        for ids in batched(sorted(ended | changed)):
            stmt = select(Designation).where(Designation.id.in_(ids)).options(joinedload(Designation.contact))
            self.designations.update((d.id, d) for d in self.session.scalars(stmt))
        given = {
            i.contact for i in self.plan.items if i.action is SyncAction.ADDED and isinstance(i.contact, int)
        }
        for ids in batched(sorted(given)):
            self.contacts.update(
                (c.id, c) for c in self.session.scalars(select(Contact).where(Contact.id.in_(ids)))
            )

    def _guarded(self, item: PlanItem, write: Callable[[], None]) -> None:
        try:
            with self.session.begin_nested():
                write()
                self.write_new_baselines()
        except (IntegrityError, DataError, RegistryError) as exc:
            reason = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0][:200]
            item.refused = reason
            ref = (
                item.record.source_ref
                if item.record
                else f"designation {item.side and item.side.designation_id}"
            )
            message = f"The registry refused this row ({reason}); it was not applied."
            self.plan.warnings.append(RowWarning("refused", message, ref))

    def _add_one(self, item: PlanItem) -> None:
        assert item.contact is not None
        known = self.contacts.get(item.contact)
        if known is None or not inspect(known).persistent:  # new, or created in a savepoint undone since
            record = self.plan.new_contacts[item.contact]
            data = [(record.party, contact_data(record.person, COMPARED))]
            self.contacts[item.contact] = create_contacts(self.session, data, self.actor)[0]
        self._add([item])

    def _remove(self, side: RegistrySide) -> None:
        end_designation(self.session, self.designations[side.designation_id], self.actor)
        self.session.execute(delete(ListBaseline).where(ListBaseline.designation_id == side.designation_id))
        self.baselines.pop(side.designation_id, None)

    def _update(self, item: PlanItem, side: RegistrySide) -> None:
        assert item.record is not None
        if item.write:
            designation = self.designations[side.designation_id]
            person_fields = [f for f in item.write if f != "scope"]
            if person_fields:
                contact = designation.contact
                update_contact(
                    self.session, contact, contact_data(item.record.person, person_fields), self.actor
                )
                self.versions[contact.id] = contact.version
                self.contacts[contact.id] = contact
            if "scope" in item.write:
                update_designation(
                    self.session,
                    designation,
                    {"scope": item.record.scope, "is_transit": item.record.is_transit},
                    self.actor,
                )
            scope = designation.scope
        else:
            scope = side.scope
        if item.advance:
            self._baseline(side.designation_id, side.party, side.contact_id, scope, item.record, item.advance)

    def _add(self, items: list[PlanItem]) -> None:
        """The new designations, inserted together; then what the list said of each, as its baseline."""
        today = utcnow().date()
        new = []
        for item in items:
            record = item.record
            assert record is not None
            assert item.contact is not None
            contact = self.contacts[item.contact]
            if item.write:
                update_contact(self.session, contact, contact_data(record.person, item.write), self.actor)
                self.versions[contact.id] = contact.version
            starts_on = min(record.designated_on or today, today)
            convention = self.plan.convention
            new.append(
                NewDesignation(
                    convention, record.role, contact, record.scope, record.is_transit, starts_on, convention,
                    record.source_id,
                )
            )  # fmt: skip
        for item, designation, spec in zip(
            items, create_designations(self.session, new, self.actor), new, strict=True
        ):
            assert item.record is not None
            item.designation_id = designation.id
            item.contact_id = spec.contact.id
            self.contacts[spec.contact.id] = spec.contact
            self.versions[spec.contact.id] = spec.contact.version
            self._baseline(
                designation.id, designation.party_code, spec.contact.id, designation.scope, item.record,
                item.advance,
            )  # fmt: skip

    def _baseline(
        self,
        designation_id: int,
        party: str,
        contact_id: int,
        scope: str | None,
        record: ListRecord,
        advance: list[str],
    ) -> None:
        """Keep what the list said and what the registry holds now, for the fields that advance."""
        listed = list_values(record, self.layout)
        now = self._registry_now(contact_id, scope)
        baseline = self.baselines.get(designation_id)
        record_was = baseline.record if baseline else {"fields": {}}  # decoded from its JSON, once a row
        registry_was = baseline.registry_record if baseline else {}
        kept_fields = dict(record_was.get("fields", {}))
        kept_registry = dict(registry_was)
        kept_shown = dict(record_was.get("shown", {}))
        shown = shown_values(record)
        for name in advance:
            kept_fields[name] = listed[name]
            kept_registry[name] = now[name]
            for api_name in API_NAMES.get(name, (name,)):
                kept_shown[api_name] = shown.get(api_name)
        kept = {
            "fields": kept_fields,
            "identity": identity_of(record.person).as_dict(),
            "source_ref": record.source_ref,
            "shown": kept_shown,
        }
        # Most nights nothing changed: then the row is left alone (confirm() marks it read, in one statement).
        if baseline is not None and kept == record_was and kept_registry == baseline.registry_record:
            return
        values: dict[str, Any] = {"run_id": self.run_id, "record": kept, "registry_record": kept_registry}
        if baseline is None or baseline.id == NOT_YET:
            values |= {
                "convention": self.plan.convention,
                "party_code": party,
                "designation_id": designation_id,
            }
            self.new_baselines[designation_id] = values  # inserted together, by write_new_baselines()
            self.baselines[designation_id] = KeptBaseline.of(NOT_YET, kept, kept_registry)
        else:
            self.session.execute(update(ListBaseline).where(ListBaseline.id == baseline.id).values(values))
            self.baselines[designation_id] = KeptBaseline.of(baseline.id, kept, kept_registry)

    def _registry_now(self, contact_id: int, scope: str | None) -> dict[str, Any]:
        """The registry's comparable values of the contact (with ``scope``) as they stand now: computed once
        per version of the contact (a write flushes, and so moves the version)."""
        key = (contact_id, self.versions.get(contact_id, 0), scope)
        if key not in self.registry_now:
            contact = self.contacts.get(contact_id) or self.session.get_one(Contact, contact_id)
            self.registry_now[key] = registry_values(contact, scope, COMPARED, self.layout)
        return self.registry_now[key]

    def write_new_baselines(self) -> None:
        if self.new_baselines:
            self.session.execute(insert(ListBaseline), list(self.new_baselines.values()))
            self.new_baselines.clear()

    def confirm(self) -> None:
        """Mark every baseline of the convention as read by this run (when the list last confirmed it)."""
        self.write_new_baselines()
        self.session.flush()
        self.session.execute(
            update(ListBaseline)
            .where(ListBaseline.convention == self.plan.convention)
            .values(run_id=self.run_id)
        )
