"""What a run found that waits for a person, handed to the registry as discrepancies.

Each ``conflict`` and ``registry_ahead`` item of an applied plan becomes a finding
(:class:`registry.discrepancies.services.Finding`); the registry opens, keeps or closes its discrepancies,
and each item learns the id of its own. For a conflict the finding carries what each way of settling it
means, in steps the registry carries out (:mod:`registry.discrepancies.settle`): the registry does not know
how a list is formatted, so the list's values and the baseline they leave are computed here, as the run
would write them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from registry.db import utcnow
from registry.discrepancies.models import Discrepancy, DiscrepancyKind
from registry.discrepancies.services import (
    Finding,
    known_findings,
    open_count,
    record_findings,
    signature_of,
)
from registry.syncruns.actions import SyncAction
from registry.syncruns.report import RunReport
from sync.apply import contact_data
from sync.fields import API_NAMES, COMPARED, list_values, projected_values, shown_values, with_fields
from sync.identity import identity_of
from sync.plan import Plan, PlanItem, RegistrySide
from sync.records import ListRecord, Person

Steps = list[dict[str, Any]]


def note_discrepancies(session: Session, plan: Plan, run_id: str, layout: str, *, dry_run: bool) -> None:
    """Record what the plan found that waits for a person, and give each of its items its discrepancy id. A
    dry run changes nothing: its items name the discrepancies already open (or none, for new ones)."""
    found = [(item, finding) for item in plan.items if (finding := finding_of(item, layout))]
    findings = [finding for _, finding in found]
    if dry_run:
        ids = known_findings(session, plan.convention, findings)
    else:
        ids = list(record_findings(session, plan.convention, run_id, findings))
    for (item, _), discrepancy_id in zip(found, ids, strict=True):
        item.discrepancy_id = discrepancy_id
        settled = discrepancy_id is not None and not session.get_one(Discrepancy, discrepancy_id).is_open
        if settled and item.action is SyncAction.CONFLICT:
            # A person settled these very list values, keeping the registry's (a list naming another holder,
            # which no baseline remembers): no news, like an unchanged row.
            item.action = SyncAction.UNCHANGED


def finding_of(item: PlanItem, layout: str) -> Finding | None:
    """The finding a plan item stands for (None: the item waits for no one, or names no designation)."""
    if item.action is SyncAction.REGISTRY_AHEAD and item.side is not None:
        return _finding(DiscrepancyKind.REGISTRY_AHEAD, item, item.side, {})
    if item.action is not SyncAction.CONFLICT:
        return None
    if item.side is not None and item.record is not None:
        return _finding(DiscrepancyKind.CONFLICT, item, item.side, field_settlement(item, layout))
    if item.side is not None:
        # The list dropped a designation a person has edited since: end it (the list), or keep it (the
        # registry), which the list then no longer describes: a registry_ahead until it shows it again.
        settlement = {"list": [{"op": "end"}], "registry": [{"op": "forget_baseline"}]}
        return _finding(DiscrepancyKind.CONFLICT, item, item.side, settlement)
    if item.holder is not None and item.record is not None:
        listed = list_values(item.record, layout)
        signature = signature_of({"holder": item.holder.designation_id, "list": listed})
        settlement = {"list": [holder_settlement(item, layout)], "registry": []}
        return _finding(DiscrepancyKind.CONFLICT, item, item.holder, settlement, signature)
    return None


def _finding(
    kind: str,
    item: PlanItem,
    side: RegistrySide,
    settlement: dict[str, Steps],
    signature: str | None = None,
) -> Finding:
    shown = side.baseline.shown if side.baseline is not None else {}
    fields = {name: {**values, "baseline": shown.get(name)} for name, values in item.fields.items()}
    return Finding(
        kind=kind,
        designation_id=side.designation_id,
        party=side.party,
        role=side.role,
        contact_id=side.contact_id,
        contact=_summary(side.person),
        fields=fields,
        settlement=settlement,
        signature=signature,
    )


def _summary(person: Person) -> dict[str, Any]:
    return {
        "title": person.title,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "organization": person.organization,
        "emails": list(person.emails),
    }


def field_settlement(item: PlanItem, layout: str) -> dict[str, Steps]:
    """Both ways to settle fields changed on both sides. ``list``: the list's values written, and the baseline
    of those fields moved to them (the registry's then being the list's). ``registry``: only the list's
    values become the baseline, so that they are no change the next night while the registry's, ahead of
    them, shows as registry_ahead until the list catches up."""
    record, side = item.record, item.side
    assert record is not None
    assert side is not None
    listed = list_values(record, layout)
    names = [name for name in item.compared if name in listed]
    person_fields = [name for name in names if name != "scope"]
    after = with_fields(side.person, record.person, person_fields)
    projected = projected_values(after, record.scope, names, layout)
    kept = _kept(record, names, listed)
    to_list: Steps = []
    if person_fields:
        to_list.append({"op": "contact", "data": contact_data(record.person, person_fields)})
    if "scope" in names:
        scope = {"scope": record.scope, "is_transit": record.is_transit}
        to_list.append({"op": "designation", "data": scope})
    to_list.append({"op": "baseline", **kept, "registry": {name: projected[name] for name in names}})
    return {"list": to_list, "registry": [{"op": "baseline", **kept}]}


def _kept(record: ListRecord, names: list[str], listed: dict[str, Any]) -> dict[str, Any]:
    """What a baseline keeps of the list's row for ``names``: the comparable values, as shown, and who."""
    shown = shown_values(record)
    return {
        "fields": {name: listed[name] for name in names},
        "shown": {api: shown.get(api) for name in names for api in API_NAMES.get(name, (name,))},
        "identity": identity_of(record.person).as_dict(),
        "source_ref": record.source_ref,
    }


def holder_settlement(item: PlanItem, layout: str) -> dict[str, Any]:
    """Settling a list that names another holder of a role held once for the list: the registry's holder's
    designation ends, and the list's person (the contact it already is, or a new one) is designated, with
    the list's row as its baseline."""
    record = item.record
    assert record is not None
    listed = list_values(record, layout)
    names = list(listed)
    existing = item.contact if isinstance(item.contact, int) else None
    # A new contact holds the list's values; an existing one keeps its own, which then show as registry_ahead
    # wherever they differ from the list's.
    written = replace(record.person, address_text=None)
    registry = listed if existing else projected_values(written, record.scope, names, layout)
    today = utcnow().date()
    starts_on: dt.date = min(record.designated_on or today, today)
    return {
        "op": "designate",
        "contact_id": existing,
        "new_contact": None if existing else contact_data(record.person, COMPARED),
        "designation": {
            "scope": record.scope,
            "is_transit": record.is_transit,
            "source_key": record.source_id,
            "starts_on": starts_on.isoformat(),
        },
        "baseline": {**_kept(record, names, listed), "registry": dict(registry)},
    }


def conflicts_waiting(session: Session, report: RunReport) -> int:
    """How many conflicts of the run's conventions wait for a person: those open (whichever run found them),
    and for a dry run also those it would open."""
    waiting = open_count(session, DiscrepancyKind.CONFLICT, list(report["conventions"]))
    if report["mode"] == "dry-run":
        items = (i for part in report["conventions"].values() for i in part["items"])
        waiting += sum(1 for i in items if i["action"] == SyncAction.CONFLICT and "discrepancy_id" not in i)
    return waiting
