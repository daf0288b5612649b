"""Open, keep and close discrepancies as the runs find them, read them, and resolve them.

A run hands over what it found (:class:`Finding`, one per designation and kind) after it applied a
convention's list; :func:`record_findings` opens what is new, moves ``last_seen`` of what is still there, and
closes what the run no longer finds (the list caught up, or the disagreement went away). A person resolves a
conflict with :func:`resolve`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from registry.audit.actor import Actor, sync_actor
from registry.db import utcnow
from registry.discrepancies.models import Discrepancy, DiscrepancyKind, DiscrepancyStatus, Keep
from registry.discrepancies.settle import carry_out
from registry.errors import Conflict, NotFound

OPEN = DiscrepancyStatus.OPEN
RESOLVED = DiscrepancyStatus.RESOLVED


@dataclass(frozen=True)
class Finding:
    """What a run found of one designation: a ``conflict`` or a ``registry_ahead``, the contact's summary,
    the differing fields (``{name: {"registry", "list", "baseline"}}``), and for a conflict the steps of each
    way to settle it (:mod:`registry.discrepancies.settle`)."""

    kind: str
    designation_id: int
    party: str
    role: str
    contact_id: int
    contact: dict[str, Any]
    fields: dict[str, dict[str, Any]]
    settlement: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    signature: str | None = None


def _merged(findings: Iterable[Finding]) -> dict[tuple[int, str], Finding]:
    """One finding per designation and kind (a designation may disagree with its list in several ways)."""
    out: dict[tuple[int, str], Finding] = {}
    for found in findings:
        key = (found.designation_id, found.kind)
        before = out.get(key)
        if before is not None:
            settlement = {
                keep: before.settlement.get(keep, []) + found.settlement.get(keep, [])
                for keep in {*before.settlement, *found.settlement}
            }
            signatures = sorted(s for s in (before.signature, found.signature) if s)
            found = Finding(
                found.kind,
                found.designation_id,
                found.party,
                found.role,
                found.contact_id,
                found.contact,
                {**before.fields, **found.fields},
                settlement,
                signature_of(signatures) if signatures else None,
            )
        out[key] = found
    return out


def signature_of(value: Any) -> str:
    """A short digest of a JSON value (what a list said), to know the same values again."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def record_findings(session: Session, convention: str, run_id: str, findings: Sequence[Finding]) -> list[int]:
    """After an applied run of ``convention``: each finding's discrepancy (opened, or kept with ``last_seen``
    moved to ``run_id``), and every open discrepancy of the convention the run no longer found closed.
    Returns the discrepancy id of each finding, in order."""
    now = utcnow()
    found = _merged(findings)
    still_open = {(d.designation_id, d.kind): d for d in session.scalars(_open_of(convention))}
    ids: dict[tuple[int, str], int] = {}
    for key, finding in found.items():
        kept = still_open.pop(key, None) or _settled_before(session, convention, finding)
        if kept is None:
            kept = _open(session, convention, run_id, finding, now)
        elif kept.is_open:
            _seen_again(kept, run_id, finding, now)
        ids[key] = kept.id
    closer = sync_actor(run_id, convention).as_dict()
    for gone in still_open.values():
        _close(gone, Keep.REGISTRY, closer, now)
    session.flush()
    return [ids[(f.designation_id, f.kind)] for f in findings]


def known_findings(session: Session, convention: str, findings: Sequence[Finding]) -> list[int | None]:
    """What a dry run may say of its findings, changing nothing: the open discrepancy each one is (None for
    one the run would open)."""
    still_open = {(d.designation_id, d.kind): d.id for d in session.scalars(_open_of(convention))}
    out: list[int | None] = []
    for finding in findings:
        known = still_open.get((finding.designation_id, finding.kind))
        settled = None if known else _settled_before(session, convention, finding)
        out.append(known or (settled.id if settled else None))
    return out


def _open_of(convention: str) -> Select[Discrepancy]:
    return select(Discrepancy).where(Discrepancy.convention == convention, Discrepancy.status == OPEN)


def _settled_before(session: Session, convention: str, finding: Finding) -> Discrepancy | None:
    """A discrepancy a person resolved keeping the registry's values, over the same list values: where no
    baseline can remember them (a list naming another holder), its signature does."""
    if finding.signature is None:
        return None
    stmt = select(Discrepancy).where(
        Discrepancy.convention == convention,
        Discrepancy.designation_id == finding.designation_id,
        Discrepancy.kind == finding.kind,
        Discrepancy.keep == Keep.REGISTRY,
        Discrepancy.signature == finding.signature,
    )
    return session.scalars(stmt.order_by(Discrepancy.id.desc()).limit(1)).first()


def _open(session: Session, convention: str, run_id: str, finding: Finding, now: Any) -> Discrepancy:
    discrepancy = Discrepancy(
        kind=finding.kind,
        status=OPEN,
        convention=convention,
        party_code=finding.party,
        role=finding.role,
        designation_id=finding.designation_id,
        contact_id=finding.contact_id,
        first_run_id=run_id,
        first_seen_at=now,
        last_run_id=run_id,
        last_seen_at=now,
    )
    _describe(discrepancy, finding)
    try:
        with session.begin_nested():
            session.add(discrepancy)
    except IntegrityError:
        # Opened by someone else meanwhile: the partial unique index keeps it one discrepancy.
        stmt = _open_of(convention).where(
            Discrepancy.designation_id == finding.designation_id, Discrepancy.kind == finding.kind
        )
        existing = session.scalars(stmt).one()
        _seen_again(existing, run_id, finding, now)
        return existing
    return discrepancy


def _describe(discrepancy: Discrepancy, finding: Finding) -> None:
    discrepancy.contact = finding.contact
    discrepancy.fields = finding.fields
    discrepancy.settlement = finding.settlement
    discrepancy.signature = finding.signature


def _seen_again(discrepancy: Discrepancy, run_id: str, finding: Finding, now: Any) -> None:
    """The run found the same disagreement: ``last_seen`` moves, and its values are the run's."""
    discrepancy.last_run_id = run_id
    discrepancy.last_seen_at = now
    discrepancy.contact_id = finding.contact_id
    _describe(discrepancy, finding)


def _close(discrepancy: Discrepancy, keep: Keep, by: dict[str, Any], now: Any) -> None:
    discrepancy.status = RESOLVED
    discrepancy.keep = keep
    discrepancy.resolved_by = by
    discrepancy.resolved_at = now


# --- Reading ------------------------------------------------------------------------------------------------


def discrepancies(
    *,
    convention: str | None = None,
    party: str | None = None,
    kind: str | None = None,
    status: str | None = OPEN,
) -> Select[Discrepancy]:
    """The query for discrepancies matching every filter given (``status`` None: open and resolved)."""
    stmt = select(Discrepancy)
    if convention:
        stmt = stmt.where(Discrepancy.convention == convention)
    if party:
        stmt = stmt.where(Discrepancy.party_code == party.upper())
    if kind:
        stmt = stmt.where(Discrepancy.kind == kind)
    if status:
        stmt = stmt.where(Discrepancy.status == status)
    return stmt


def get_discrepancy(session: Session, discrepancy_id: int, *, for_update: bool = False) -> Discrepancy:
    """The discrepancy, or NotFound; ``for_update`` locks its row until the transaction ends (PostgreSQL:
    two people resolving it at once take turns, and the second finds it resolved)."""
    stmt = select(Discrepancy).where(Discrepancy.id == discrepancy_id)
    if for_update:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    found = session.scalars(stmt).first()
    if found is None:
        raise NotFound(f"There is no discrepancy {discrepancy_id}.")
    return found


def open_count(session: Session, kind: str | None = None, conventions: Sequence[str] | None = None) -> int:
    """How many discrepancies are open (of ``kind``, in ``conventions``; None: any)."""
    stmt = select(func.count()).select_from(Discrepancy).where(Discrepancy.status == OPEN)
    if kind:
        stmt = stmt.where(Discrepancy.kind == kind)
    if conventions is not None:
        stmt = stmt.where(Discrepancy.convention.in_(list(conventions)))
    return int(session.scalar(stmt) or 0)


def opened_by(session: Session, run_id: str) -> list[Discrepancy]:
    """The discrepancies a run opened, by convention, kind and party."""
    stmt = select(Discrepancy).where(Discrepancy.first_run_id == run_id)
    order = (Discrepancy.convention, Discrepancy.kind, Discrepancy.party_code, Discrepancy.id)
    return list(session.scalars(stmt.order_by(*order)))


# --- Resolving ----------------------------------------------------------------------------------------------


def resolve(session: Session, discrepancy: Discrepancy, keep: str, actor: Actor) -> Discrepancy:
    """Settle an open conflict: ``list`` writes the list's values to the registry now, ``registry`` records
    that the list is out of date; either way its baseline moves, so the same list values never raise it
    again. Conflict (409) when it is no longer open, or is no conflict (a list out of date closes when the
    list catches up). The caller has checked that ``actor`` may (registry.auth.policy)."""
    if not discrepancy.is_open:
        raise Conflict(
            f"Discrepancy {discrepancy.id} is no longer open: it was resolved {_when(discrepancy)}, "
            f"keeping the {discrepancy.keep}'s values."
        )
    if discrepancy.kind != DiscrepancyKind.CONFLICT:
        raise Conflict(
            "A list out of date is not resolved by hand: it closes when the list shows the registry's values "
            "(the next run after the secretariat publishes the corrected list)."
        )
    carry_out(session, discrepancy, discrepancy.settlement.get(keep, []), actor)
    _close(discrepancy, Keep(keep), actor.as_dict(), utcnow())
    session.flush()
    return discrepancy


def _when(discrepancy: Discrepancy) -> str:
    at = discrepancy.resolved_at
    return f"on {at:%Y-%m-%d at %H:%M} UTC" if at else "already"
