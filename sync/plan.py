"""The plain records a reconciliation hands to apply and to the report: a designation as the registry holds it
(with the baseline the last run kept), and the plan of items that brings the registry in line with a list."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from registry.syncruns.actions import SyncAction
from registry.syncruns.report import FieldValues
from sync.identity import Identity
from sync.records import ListRecord, Person, RowWarning


@dataclass(frozen=True, slots=True)
class Baseline:
    """What the last run kept of one designation's row: the list's comparable values (``fields``), the
    registry's for the same fields after that run (``registry``), the values as the list showed them
    (``shown``, for reports), who the row named (``identity``) and where it was (``source_ref``)."""

    fields: dict[str, Any]
    registry: dict[str, Any]
    identity: Identity
    source_ref: str | None = None
    shown: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RegistrySide:
    """A registry designation as the reconciliation sees it, with what the last run kept of its list."""

    designation_id: int
    contact_id: int
    party: str
    role: str
    scope: str | None
    ended: bool
    source_key: str | None
    person: Person
    registry: dict[str, Any]  # the registry's comparable values now (projected onto this list)
    human: frozenset[str]  # compared fields whose current value a person set
    baseline: Baseline | None = None


@dataclass(slots=True)
class PlanItem:
    action: SyncAction
    record: ListRecord | None = None
    side: RegistrySide | None = None
    fields: dict[str, FieldValues] = field(default_factory=dict)
    write: list[str] = field(default_factory=list)  # compared fields (and "scope") to write
    advance: list[str] = field(default_factory=list)  # fields whose baseline moves to the list's value
    contact: Hashable | None = None  # for an added designation: a contact id, or ("new", n)
    not_applied: list[str] = field(default_factory=list)
    designation_id: int | None = None  # filled in by apply for an added designation
    contact_id: int | None = None
    refused: str | None = None  # why the database refused it, when apply set it aside
    compared: list[str] = field(default_factory=list)  # for a conflict or registry_ahead: its compared fields
    holder: RegistrySide | None = None  # for a list naming another holder of a role held once: the registry's
    discrepancy_id: int | None = None  # the discrepancy a conflict or registry_ahead opened or found open

    @property
    def applies(self) -> bool:
        return self.action.applies and self.refused is None


@dataclass
class Plan:
    convention: str
    items: list[PlanItem] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)
    new_contacts: dict[Hashable, ListRecord] = field(default_factory=dict)
    baselined: int = 0  # designations the last run read from this list

    def count(self, action: SyncAction) -> int:
        return sum(1 for item in self.items if item.action == action)

    def losses(self) -> int:
        """Designations the plan ends without a successor in the same party and role (a role that passes
        to another person is no loss): what the failsafe weighs."""
        removed = Counter(
            (i.side.party, i.side.role) for i in self.items if i.action is SyncAction.REMOVED and i.side
        )
        added = Counter(
            (i.record.party, i.record.role) for i in self.items if i.action is SyncAction.ADDED and i.record
        )
        return sum(max(0, count - added[slot]) for slot, count in removed.items())
