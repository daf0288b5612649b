"""Record changes in the changing transaction, and read them back (history, as-of state, the feed)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from sqlalchemy import event, func, or_, select, text
from sqlalchemy.orm import Session, SessionTransaction

from registry.audit.actor import Actor
from registry.audit.models import MAX_SEQ, Change
from registry.db import utcnow
from registry.designations.models import Designation

# Any constant: the advisory lock that orders change-log writers on PostgreSQL.
_FEED_LOCK = 0x42525301


class Recorded(Protocol):
    """A record whose changes the log keeps: a contact or a designation."""

    @property
    def id(self) -> int: ...

    @property
    def party_code(self) -> str: ...


def record_change(
    session: Session,
    kind: str,
    resource: str,
    record: Recorded,
    before: dict[str, Any],
    after: dict[str, Any],
    actor: Actor,
) -> Change:
    """Add the change of ``record`` (a ``resource``) from the state ``before`` to ``after`` to the log, in
    the session's transaction (rolled back with it). States name their fields as the API does; ``before``
    is ``{}`` for a new record.

    On PostgreSQL the first change of a transaction takes a transaction-scoped advisory lock, held until
    commit, so that sequence numbers are handed out in commit order: a feed consumer can never see a
    later number before an earlier one has committed. (SQLite serializes writers by itself.)
    """
    _lock_feed(session)
    change = Change(
        at=utcnow(),
        kind=kind,
        resource=resource,
        resource_id=record.id,
        party_code=record.party_code,
        fields=diff(before, after),
        state=after,
        actor=actor.as_dict(),
    )
    # Not flushed here: the change is inserted with the next flush, together with its neighbours (the sync
    # records thousands in one transaction); the advisory lock above is already held for that insert.
    session.add(change)
    return change


def _lock_feed(session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql" or session.info.get("feed_locked"):
        return
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _FEED_LOCK})
    session.info["feed_locked"] = True


@event.listens_for(Session, "after_transaction_end")
def _unlock_feed(session: Session, transaction: SessionTransaction) -> None:
    # The advisory lock is released with the outermost transaction; forget it then.
    if transaction.parent is None:
        session.info.pop("feed_locked", None)


def history(session: Session, resource: str, resource_id: int) -> list[Change]:
    """Every change of one contact or designation, oldest first."""
    stmt = (
        select(Change)
        .where(Change.resource == resource, Change.resource_id == resource_id)
        .order_by(Change.seq)
    )
    return list(session.scalars(stmt))


def changes_since(session: Session, resource: str, resource_id: int, seq: int) -> list[Change]:
    """The changes of one contact or designation after the change ``seq`` (0: all), oldest first."""
    return [change for change in history(session, resource, resource_id) if change.seq > seq]


def last_change_seq(session: Session, resource: str, resource_id: int) -> int:
    """The sequence number of the latest change of one contact or designation (0: none)."""
    stmt = select(func.max(Change.seq)).where(Change.resource == resource, Change.resource_id == resource_id)
    return int(session.scalar(stmt) or 0)


def change_of(session: Session, resource: str, resource_id: int, seq: int) -> Change | None:
    """The change ``seq``, if it is one of this contact's or designation's (None for any other number)."""
    change = session.get(Change, seq) if 0 < seq <= MAX_SEQ else None
    if change is None or change.resource != resource or change.resource_id != resource_id:
        return None
    return change


def contact_timeline(session: Session, contact_id: int) -> list[Change]:
    """The changes of the contact and of every designation it ever held, newest first."""
    designations = select(Designation.id).where(Designation.contact_id == contact_id)
    stmt = (
        select(Change)
        .where(
            or_(
                (Change.resource == "contact") & (Change.resource_id == contact_id),
                (Change.resource == "designation") & Change.resource_id.in_(designations),
            )
        )
        .order_by(Change.seq.desc())
    )
    return list(session.scalars(stmt))


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for each field whose value differs (the id never does)."""
    return {k: [before.get(k), after.get(k)] for k in after if k != "id" and before.get(k) != after.get(k)}


def iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def feed(session: Session, after: int, limit: int, since: dt.datetime | None = None) -> list[Change]:
    """The changes after sequence number ``after``, in commit order, at most ``limit``; with ``since``, only
    from the first change made at or after that time (every later commit included, whatever its clock)."""
    stmt = select(Change).where(Change.seq > after)
    if since is not None:
        first = select(func.min(Change.seq)).where(Change.at >= since).scalar_subquery()
        stmt = stmt.where(Change.seq >= first)
    return list(session.scalars(stmt.order_by(Change.seq).limit(limit)))


def state_as_of(
    session: Session, resource: str, ids: list[int], moment: dt.datetime
) -> dict[int, dict[str, Any]]:
    """Each resource's state as recorded at ``moment`` (its earliest known state if it was recorded later).

    One query for all ``ids``: the last change at or before ``moment``, else the first change.
    """
    if not ids:
        return {}
    changes = session.scalars(
        select(Change).where(Change.resource == resource, Change.resource_id.in_(ids)).order_by(Change.seq)
    )
    states: dict[int, dict[str, Any]] = {}
    for change in changes:
        if change.resource_id not in states or change.at <= moment:
            states[change.resource_id] = change.state
    return states
