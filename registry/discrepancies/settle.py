"""Carry out a resolution: the steps a run computed for each way of settling a conflict, done through the
registry's services with the person who settles it as their author.

The registry knows nothing of how a list is formatted, so the run that found the conflict says what each
choice means, as plain data (a discrepancy's ``settlement``: ``{"list": [step, ...], "registry": [...]}``):

- ``{"op": "contact", "data": {...}}``: write these contact fields (the list's values, in the registry's
  form);
- ``{"op": "designation", "data": {"scope": ..., "is_transit": ...}}``: change the designation;
- ``{"op": "end"}``: end the designation (and forget what the list said of it: the list dropped it);
- ``{"op": "designate", "contact_id": id or None, "new_contact": {...}, "designation": {...},
  "baseline": {...}}``: end the designation (the registry's holder of a role held once) and designate the
  list's holder instead (an existing contact, or a new one), with what the list said of it as its baseline;
- ``{"op": "baseline", "fields": {...}, "registry": {...}, "shown": {...}, "identity": {...},
  "source_ref": ...}``: what the list said (and, where given, what the registry held) becomes the baseline of
  these fields, so that the same list values are no change the next night;
- ``{"op": "forget_baseline"}``: the designation no longer has a baseline in this list (the list dropped it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from registry.audit.actor import Actor
from registry.contacts.services import create_contacts, get_contact, update_contact
from registry.designations.models import Designation
from registry.designations.services import (
    NewDesignation,
    create_designations,
    end_designation,
    get_designation,
    update_designation,
)
from registry.discrepancies.models import Discrepancy
from registry.errors import Conflict
from registry.syncruns.models import ListBaseline

Step = dict[str, Any]


def carry_out(session: Session, discrepancy: Discrepancy, steps: list[Step], actor: Actor) -> None:
    """Do ``steps`` for the discrepancy's designation, in order (the caller's transaction holds them all)."""
    designation = get_designation(session, discrepancy.designation_id)
    for step in steps:
        op = step.get("op")
        if op == "contact":
            update_contact(session, get_contact(session, designation.contact_id), step["data"], actor)
        elif op == "designation":
            _still_current(designation)
            update_designation(session, designation, step["data"], actor)
        elif op == "end":
            if designation.ends_on is None:  # else someone ended it already: what the list asked for
                end_designation(session, designation, actor)
            _forget_baseline(session, designation.id)
        elif op == "designate":
            _designate(session, discrepancy, designation, step, actor)
        elif op == "baseline":
            move_baseline(session, discrepancy, designation, step)
        elif op == "forget_baseline":
            _forget_baseline(session, designation.id)
        else:
            raise ValueError(f"unknown settlement step {op!r}")
    session.flush()


def _still_current(designation: Designation) -> None:
    if designation.ends_on is not None:
        raise Conflict(
            _(
                "Designation %(id)s ended on %(day)s, after the run found this; the next run will show what "
                "is left to settle.",
                id=designation.id,
                day=designation.ends_on.isoformat(),
            )
        )


def move_baseline(session: Session, discrepancy: Discrepancy, designation: Designation, step: Step) -> None:
    """Merge the step's values into the designation's baseline in this list (made if it has none)."""
    baseline = session.scalar(select(ListBaseline).where(ListBaseline.designation_id == designation.id))
    if baseline is None:
        baseline = ListBaseline(
            convention=discrepancy.convention,
            party_code=designation.party_code,
            designation_id=designation.id,
            run_id=discrepancy.last_run_id,
            record={"fields": {}},
            registry_record={},
        )
        session.add(baseline)
    record = dict(baseline.record)
    record["fields"] = {**record.get("fields", {}), **step.get("fields", {})}
    record["shown"] = {**record.get("shown", {}), **step.get("shown", {})}
    for key in ("identity", "source_ref"):
        if key in step:
            record[key] = step[key]
    baseline.record = record
    baseline.registry_record = {**baseline.registry_record, **step.get("registry", {})}


def _forget_baseline(session: Session, designation_id: int) -> None:
    session.execute(delete(ListBaseline).where(ListBaseline.designation_id == designation_id))


def _designate(
    session: Session, discrepancy: Discrepancy, holder: Designation, step: Step, actor: Actor
) -> None:
    """End the registry's holder of the role and designate the list's (a role held once has one holder)."""
    if holder.ends_on is None:
        end_designation(session, holder, actor)
    if step.get("contact_id"):
        contact = get_contact(session, step["contact_id"])
    else:
        contact = create_contacts(session, [(holder.party_code, step["new_contact"])], actor)[0]
    spec = step["designation"]
    starts_on = dt.date.fromisoformat(spec["starts_on"]) if spec.get("starts_on") else None
    new = NewDesignation(
        discrepancy.convention,
        holder.role,
        contact,
        spec.get("scope"),
        bool(spec.get("is_transit")),
        starts_on,
        source=discrepancy.convention,
        source_key=spec.get("source_key"),
    )
    [designation] = create_designations(session, [new], actor)
    move_baseline(session, discrepancy, designation, step["baseline"])
