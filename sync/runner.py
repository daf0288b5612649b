"""One sync run: fetch -> parse -> normalize -> reconcile -> apply, per convention, with a run record.

Each convention is applied in its own transaction: a failure rolls that convention back whole and the
others still run. A dry run does every step (so it reports exactly what an apply would do) inside one
transaction that is rolled back at the end. A run that would end too many designations, or reads an empty
list, is *held*: reported, nothing applied.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session, SessionTransaction

from registry.audit.actor import sync_actor
from registry.conventions import CONVENTIONS
from registry.db import utcnow
from registry.parties.models import Party
from registry.parties.services import PartyResolver
from registry.syncruns.actions import SyncAction
from registry.syncruns.models import SourceState, SyncRun
from sync.apply import Applier
from sync.lock import run_lock
from sync.plan import Plan
from sync.prepare import PartyFacts, PreparedList, prepare
from sync.reconcile import reconcile
from sync.records import Fetched, SourceError
from sync.report import convention_report, run_status
from sync.snapshot import Snapshot, known_details, take_snapshot
from sync.sources import Source, get_source

log = logging.getLogger(__name__)
Progress = Callable[[str], None]


@dataclass
class RunOptions:
    sources: dict[str, str]
    conventions: tuple[str, ...] = CONVENTIONS
    dry_run: bool = False
    max_removed_share: float = 0.10
    progress: Progress = field(default=lambda message: None)
    source_factory: Callable[[str], Source] = get_source


def run_sync(session: Session, options: RunOptions) -> dict[str, Any]:
    """Run the sync and return its report (also stored with the run); raises SyncLocked if one is running."""
    with run_lock(session):
        run = SyncRun(
            id=str(uuid.uuid4()), mode="dry-run" if options.dry_run else "apply", started_at=utcnow()
        )
        session.add(run)
        session.commit()
        facts = party_facts(session)
        parts = {c: _run_convention(session, c, run.id, facts, options) for c in options.conventions}
        if options.dry_run:
            session.rollback()
        run = session.get(SyncRun, run.id) or run
        run.finished_at = utcnow()
        run.status = run_status([p["status"] for p in parts.values()])
        run.report = {
            "run_id": run.id,
            "mode": run.mode,
            "status": run.status,
            "started_at": _iso(run.started_at),
            "finished_at": _iso(run.finished_at),
            "conventions": parts,
        }
        session.commit()
        return run.report


def party_facts(session: Session) -> PartyFacts:
    resolver = PartyResolver(session)
    parties = list(session.scalars(select(Party)))
    return PartyFacts(
        resolve=resolver.resolve,
        regions={p.code: None if p.code == "EUU" else p.alpha2 for p in parties},
        parties_to={p.code: frozenset(c for c in CONVENTIONS if p.status(c) == "party") for p in parties},
        known=known_details(session),
    )


def _run_convention(
    session: Session, convention: str, run_id: str, facts: PartyFacts, options: RunOptions
) -> dict[str, Any]:
    location = options.sources[convention]
    source = options.source_factory(convention)
    info: dict[str, Any] = {"location": location, "records": None, "fetched_at": None}
    try:
        options.progress(f"{convention}: fetching {location}")
        fetched, content = _fetch(session, source, location)
        info["fetched_at"] = _iso(fetched.fetched_at)
        info["not_modified"] = fetched.not_modified
        parsed = source.parse(content)
        prepared = prepare(parsed, source.covers, source.address_layout, facts)
        info["records"] = len(parsed.records)
    except SourceError as exc:
        log.warning("%s list failed: %s", convention, exc)
        return convention_report("failed", source=info, error=str(exc))
    options.progress(f"{convention}: {len(prepared.records)} designations read; matching")
    return _reconcile_and_apply(
        session, convention, run_id, source, prepared, fetched, content, info, options
    )


def _reconcile_and_apply(
    session: Session,
    convention: str,
    run_id: str,
    source: Source,
    prepared: PreparedList,
    fetched: Fetched,
    content: bytes,
    info: dict[str, Any],
    options: RunOptions,
) -> dict[str, Any]:
    savepoint = session.begin_nested()
    try:
        snapshot, plan = _plan(session, convention, source, prepared)
        held = _held(plan, prepared, options.max_removed_share)
        if held:
            savepoint.rollback()
            return convention_report("held", source=info, plan=plan, warnings=prepared.warnings, error=held)
        options.progress(f"{convention}: applying {_counts(plan)}")
        plan = _apply(session, convention, run_id, source, prepared, plan, snapshot)
        _remember(session, convention, fetched, content)
        savepoint.commit()
        if not options.dry_run:
            session.commit()
    except Exception as exc:  # any failure, a lost database connection included, fails this convention only
        log.exception("%s apply failed", convention)
        _undo(session, savepoint, whole=not options.dry_run)
        message = f"Nothing was applied for {convention}: {type(exc).__name__}: {_first_line(exc)}"
        return convention_report("failed", source=info, warnings=prepared.warnings, error=message)
    applied = not options.dry_run
    return convention_report("ok", source=info, plan=plan, warnings=prepared.warnings, applied=applied)


def _plan(session: Session, convention: str, source: Source, prepared: PreparedList) -> tuple[Snapshot, Plan]:
    """The registry's side of the convention, and the plan that brings it in line with the list."""
    snapshot = take_snapshot(session, convention, source.address_layout)
    plan = reconcile(
        convention,
        prepared.records,
        snapshot.sides,
        snapshot.people,
        snapshot.contact_sides,
        source.address_layout,
        prepared.unreadable,
    )
    return snapshot, plan


def _apply(
    session: Session,
    convention: str,
    run_id: str,
    source: Source,
    prepared: PreparedList,
    plan: Plan,
    snapshot: Snapshot,
) -> Plan:
    """Write the plan; if the database refuses some of it (a rule the plan's checks did not foresee), plan
    again and write it row by row, setting aside only the rows it refuses. Returns the plan written."""
    actor = sync_actor(run_id, convention)
    try:
        with session.begin_nested():
            Applier(session, plan, actor, source.address_layout, run_id).apply(
                snapshot.contacts, snapshot.designations, snapshot.baselines
            )
        return plan
    except (IntegrityError, DataError):
        log.warning("%s: the database refused part of the plan; applying it row by row", convention)
    snapshot, plan = _plan(session, convention, source, prepared)
    Applier(session, plan, actor, source.address_layout, run_id).apply_row_by_row(
        snapshot.contacts, snapshot.designations, snapshot.baselines
    )
    return plan


def _undo(session: Session, savepoint: SessionTransaction, *, whole: bool) -> None:
    """Roll the convention back; when the connection itself is gone, drop it (its transaction died too)."""
    try:
        if savepoint.is_active:
            savepoint.rollback()
        if whole:
            session.rollback()
    except Exception:
        log.warning("the database connection was lost; its transaction is void", exc_info=True)
        session.close()


def _fetch(session: Session, source: Source, location: str) -> tuple[Fetched, bytes]:
    state = session.get(SourceState, source.convention)
    etag = state.etag if state is not None and state.location == location else None
    fetched = source.fetch(location, etag=etag)
    if fetched.not_modified:
        if state is None:
            raise SourceError(
                f"{location} answered 304 Not Modified, but no earlier copy of the list is kept"
            )
        return fetched, state.content
    return fetched, fetched.content


def _remember(session: Session, convention: str, fetched: Fetched, content: bytes) -> None:
    state = session.get(SourceState, convention) or SourceState(convention=convention)
    state.location = fetched.location
    state.etag = fetched.etag
    state.content = content
    state.fetched_at = fetched.fetched_at
    session.add(state)
    session.flush()


def _held(plan: Plan, prepared: PreparedList, share: float) -> str | None:
    """Why the convention's changes must not be applied, if they cross a safety limit."""
    if not prepared.records:
        return "The list came back empty; nothing was applied (is the source right?)."
    removed = plan.losses()
    if plan.baselined and removed / plan.baselined > share:
        return (
            f"The list would end {removed} of its {plan.baselined} designations without a successor "
            f"({removed / plan.baselined:.0%}), more than the {share:.0%} allowed; nothing was applied. "
            "Check the list, then raise REGISTRY_SYNC_MAX_REMOVED_SHARE for one run if the removals are real."
        )
    return None


def _counts(plan: Plan) -> str:
    applied = (SyncAction.ADDED, SyncAction.REMOVED, SyncAction.CHANGED)
    return ", ".join(f"{plan.count(a)} {a}" for a in applied if plan.count(a))


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:300]


def _iso(value: Any) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None
