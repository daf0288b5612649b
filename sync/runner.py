"""One sync run: fetch -> parse -> normalize -> reconcile -> apply, per convention, with a run record.

Each convention is applied in its own transaction: a failure rolls that convention back whole and the
others still run. A dry run does every step (so it reports exactly what an apply would do) inside one
transaction that is rolled back at the end. A run that would end too many designations, or reads an empty
list, is *held*: reported, nothing applied.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session, SessionTransaction

from registry.audit.actor import sync_actor
from registry.conventions import CONVENTIONS
from registry.parties.models import Party
from registry.parties.services import PartyResolver
from registry.syncruns.actions import SyncAction
from registry.syncruns.models import SourceState
from registry.syncruns.report import ConventionReport, RunReport, SourceReport
from sync.apply import Applier
from sync.discrepancies import note_discrepancies
from sync.fields import list_values, shown_values
from sync.identity import identity_of
from sync.lock import run_lock
from sync.plan import Plan
from sync.prepare import PartyFacts, PreparedList, phone_cell, prepare
from sync.reconcile import reconcile
from sync.records import Fetched, SourceError
from sync.report import convention_report
from sync.runs import abandon_run, end_interrupted_runs, finish_run, iso, start_run
from sync.snapshot import ContactViews, Snapshot, known_details, take_snapshot
from sync.sources import DEFAULT_LIMITS, Limits, Source, get_source
from sync.sources.limits import size

log = logging.getLogger(__name__)
Progress = Callable[[str], None]
Received = Callable[[str, int], None]


@dataclass
class RunOptions:
    """What one run reads and how: ``limits`` bound each list; ``progress`` hears each stage of each
    convention, ``received`` the bytes of a download as they come."""

    sources: dict[str, str]
    conventions: tuple[str, ...] = CONVENTIONS
    dry_run: bool = False
    max_removed_share: float = 0.10
    limits: Limits = DEFAULT_LIMITS
    progress: Progress = field(default=lambda message: None)
    received: Received = field(default=lambda convention, count: None)
    source_factory: Callable[[str], Source] = get_source


def run_sync(session: Session, options: RunOptions) -> RunReport:
    """Run the sync and return its report (also stored with the run); raises SyncLocked if one is running.

    A failure in one convention fails that convention only. Whatever else stops the run (Ctrl-C, SIGTERM, a
    lost database) marks it failed before the exception goes on: no run is left ``running``.
    """
    with run_lock(session), fewer_collections():
        end_interrupted_runs(session)
        run_id = start_run(session, dry_run=options.dry_run)
        try:
            facts = party_facts(session)
            views = ContactViews()  # the contacts as read, kept across the conventions
            parts = {
                c: ConventionRun(session, c, run_id, options, views).run(facts) for c in options.conventions
            }
            if options.dry_run:
                session.rollback()
            return finish_run(session, run_id, parts)
        except BaseException as exc:
            abandon_run(session, run_id, exc)
            raise


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Python's cyclic garbage collector, run less often while a sync runs, and never again over what was
    alive before it (the modules' own objects: gc.freeze). A run holds hundreds of thousands of live objects
    (rows, contacts' views, plans) that every full collection walks again; with the default thresholds (700,
    10, 10) that was a quarter to a third of a steady night at 10x (``bench.generate 10``). Garbage is still
    collected, in larger batches; all is as it was afterwards."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def forget_records() -> None:
    """Empty the caches of what was computed per record of a list: the next list's records are others, and a
    large list's would otherwise stay in memory for the rest of the run."""
    for cache in (list_values, shown_values, identity_of, phone_cell):
        cache.cache_clear()


def party_facts(session: Session) -> PartyFacts:
    resolver = PartyResolver(session)
    parties = list(session.scalars(select(Party)))
    return PartyFacts(
        resolve=resolver.resolve,
        regions={p.code: None if p.code == "EUU" else p.alpha2 for p in parties},
        parties_to={p.code: frozenset(c for c in CONVENTIONS if p.status(c) == "party") for p in parties},
        known=known_details(session),
    )


@dataclass(frozen=True)
class ListRead:
    """A list as read: the fetch (and its bytes, kept for the next conditional request) and its rows."""

    fetched: Fetched
    content: bytes
    prepared: PreparedList


class ConventionRun:
    """One convention's part of a run: read its list, plan, apply (or hold), and report."""

    def __init__(
        self, session: Session, convention: str, run_id: str, options: RunOptions, views: ContactViews
    ) -> None:
        self.session = session
        self.views = views
        self.convention = convention
        self.run_id = run_id
        self.options = options
        self.info: SourceReport = {
            "location": options.sources[convention],
            "records": None,
            "fetched_at": None,
        }

    def run(self, facts: PartyFacts) -> ConventionReport:
        """The convention's report; whatever goes wrong fails this convention only."""
        try:
            source = self.options.source_factory(self.convention)
            read = self._read(source, facts)
        except Exception as exc:
            log.info("%s list failed", self.convention, exc_info=True)
            self._say("failed")
            return convention_report("failed", source=self.info, error=_failure(self.convention, exc))
        self._say(f"{len(read.prepared.records)} designations read; matching")
        try:
            part = self._reconcile_and_apply(source, read)
        finally:
            forget_records()
        self._say(part["status"])
        return part

    def _say(self, message: str) -> None:
        self.options.progress(f"{self.convention}: {message}")

    def _read(self, source: Source, facts: PartyFacts) -> ListRead:
        location = self.info["location"]
        self._say(f"fetching {location}")
        fetched, content = _fetch(self.session, source, location, self.options)
        self.info["fetched_at"] = iso(fetched.fetched_at)
        self.info["not_modified"] = fetched.not_modified
        kept = " (not modified: the copy kept from the last run)" if fetched.not_modified else ""
        self._say(f"parsing {size(len(content))}{kept}")
        parsed = source.parse(content, self.options.limits)
        self.info["records"] = len(parsed.records)
        return ListRead(fetched, content, prepare(parsed, source.covers, source.address_layout, facts))

    def _reconcile_and_apply(self, source: Source, read: ListRead) -> ConventionReport:
        session, options, warnings = self.session, self.options, read.prepared.warnings
        savepoint = session.begin_nested()
        try:
            snapshot, plan = _plan(session, self.convention, source, read.prepared, self.views)
            held = _held(plan, read.prepared, options.max_removed_share)
            if held:
                savepoint.rollback()
                return convention_report("held", source=self.info, plan=plan, warnings=warnings, error=held)
            self._say(f"applying {_counts(plan)}" if _counts(plan) else "nothing to apply")
            plan = _apply(session, self.run_id, source, read.prepared, plan, snapshot)
            note_discrepancies(session, plan, self.run_id, source.address_layout, dry_run=options.dry_run)
            _remember(session, self.convention, read.fetched, read.content)
            savepoint.commit()
            if not options.dry_run:
                session.commit()
        except Exception as exc:  # a failure, a lost database connection included, fails this convention only
            log.info("%s apply failed", self.convention, exc_info=True)
            _undo(session, savepoint, whole=not options.dry_run)
            message = f"Nothing was applied for {self.convention}: {type(exc).__name__}: {_first_line(exc)}"
            return convention_report("failed", source=self.info, warnings=warnings, error=message)
        applied = not options.dry_run
        return convention_report("ok", source=self.info, plan=plan, warnings=warnings, applied=applied)


def _failure(convention: str, exc: Exception) -> str:
    """The report's error for a list that could not be read: a source's own message says it all."""
    if isinstance(exc, SourceError):
        return str(exc)
    return f"Nothing was read from the {convention} list: {type(exc).__name__}: {_first_line(exc)}"


def _plan(
    session: Session, convention: str, source: Source, prepared: PreparedList, views: ContactViews
) -> tuple[Snapshot, Plan]:
    """The registry's side of the convention, and the plan that brings it in line with the list."""
    snapshot = take_snapshot(session, convention, source.address_layout, views)
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
    session: Session, run_id: str, source: Source, prepared: PreparedList, plan: Plan, snapshot: Snapshot
) -> Plan:
    """Write the plan; if the database refuses some of it (a rule the plan's checks did not foresee), plan
    again and write it row by row, setting aside only the rows it refuses. Returns the plan written."""
    convention = source.convention
    actor = sync_actor(run_id, convention)
    try:
        with session.begin_nested():
            Applier(session, plan, actor, source.address_layout, run_id).apply(
                snapshot.contacts, snapshot.baselines
            )
        return plan
    except (IntegrityError, DataError):
        log.info("%s: the database refused part of the plan; applying it row by row", convention)
    snapshot, plan = _plan(session, convention, source, prepared, ContactViews())
    Applier(session, plan, actor, source.address_layout, run_id).apply_row_by_row(
        snapshot.contacts, snapshot.baselines
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
        log.info("the database connection was lost; its transaction is void", exc_info=True)
        session.close()


def _fetch(session: Session, source: Source, location: str, options: RunOptions) -> tuple[Fetched, bytes]:
    state = session.get(SourceState, source.convention)
    etag = state.etag if state is not None and state.location == location else None
    convention = source.convention
    fetched = source.fetch(
        location,
        etag=etag,
        limits=options.limits,
        received=lambda count: options.received(convention, count),
    )
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
