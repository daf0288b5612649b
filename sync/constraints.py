"""What the database would refuse in a plan, found before apply: a warning for that row, never a failed list.

The registry holds its rules as constraints (a contact holds a current role once; a list's stable id names
one current designation). A plan that broke one would fail the whole convention's transaction at apply; so
the plan is checked first, and each added designation that would break a rule is taken out of it, with a
warning naming the row and the rule, while the rest of the list is applied.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

from registry.syncruns.actions import SyncAction
from sync.records import RowWarning

if TYPE_CHECKING:
    from sync.plan import Plan, PlanItem, RegistrySide


def check_plan(plan: Plan, sides: list[RegistrySide]) -> None:
    """Take out of ``plan`` the added designations the database would refuse, each with a warning."""
    ending = {
        item.side.designation_id for item in plan.items if item.action is SyncAction.REMOVED and item.side
    }
    staying = [s for s in sides if not s.ended and s.designation_id not in ending]
    holds: dict[tuple[Hashable, str], str] = {(s.contact_id, s.role): _where(s) for s in staying}
    ids: dict[str, str] = {s.source_key: _where(s) for s in staying if s.source_key}
    kept: list[PlanItem] = []
    for item in plan.items:
        problem = _problem(item, holds, ids) if item.action is SyncAction.ADDED else None
        if problem is None:
            kept.append(item)
            continue
        assert item.record is not None
        plan.warnings.append(RowWarning("duplicate", problem, item.record.source_ref))
    plan.items = kept
    used = {item.contact for item in kept if item.action is SyncAction.ADDED}
    plan.new_contacts = {key: record for key, record in plan.new_contacts.items() if key in used}


def _problem(item: PlanItem, holds: dict[tuple[Hashable, str], str], ids: dict[str, str]) -> str | None:
    """Why the database would refuse this added designation (and, if it would not, record what it takes)."""
    record = item.record
    assert record is not None
    assert item.contact is not None
    slot = (item.contact, record.role)
    if slot in holds:
        return (
            f"The same person already holds the {record.role} role ({holds[slot]}); a person holds a role "
            "once, so this row was not applied."
        )
    if record.source_id and record.source_id in ids:
        return f"The list id {record.source_id} names another designation ({ids[record.source_id]}) too."
    holds[slot] = record.source_ref
    if record.source_id:
        ids[record.source_id] = record.source_ref
    return None


def _where(side: RegistrySide) -> str:
    return f"designation {side.designation_id}"
