"""One run applies at a time: a row in ``sync_locks`` whose primary key settles the race (SQLite and
PostgreSQL alike).

A run that dies (SIGKILL, the OOM killer, a reboot) cannot remove its row. Its lock is taken over at once
when its holder was a process on this host that is gone, and by anyone after ``stale_after``. Taking over
is one ``UPDATE ... WHERE`` naming the holder and the time that were seen: of two runs racing for the same
dead lock, exactly one changes the row, and the other is refused.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager

import psutil
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from registry.db import utcnow
from registry.syncruns.models import SyncLock

NAME = "sync"
STALE_AFTER = dt.timedelta(hours=6)
# A process that started this long after the lock was taken cannot be its holder (the pid was reused).
_CLOCK_SLACK = dt.timedelta(seconds=2)


class SyncLocked(Exception):
    """Another run holds the lock; the message says which and since when."""


def holder() -> str:
    """Who this process is, as the lock records it: "host pid 1234"."""
    return f"{socket.gethostname()} pid {os.getpid()}"


@contextmanager
def run_lock(session: Session, stale_after: dt.timedelta = STALE_AFTER) -> Iterator[None]:
    """Hold the sync lock for the duration of the block, or raise SyncLocked at once."""
    _acquire(session, stale_after)
    try:
        yield
    finally:
        session.rollback()
        session.execute(delete(SyncLock).where(SyncLock.name == NAME, SyncLock.holder == holder()))
        session.commit()


def _acquire(session: Session, stale_after: dt.timedelta) -> None:
    # A few tries: the lock may be released, or taken over by another run, between reading and writing it.
    for _ in range(3):
        if _insert(session):
            return
        current = session.execute(
            select(SyncLock.holder, SyncLock.acquired_at).where(SyncLock.name == NAME)
        ).one_or_none()
        session.rollback()
        if current is None:  # released in between
            continue
        seen = (current.holder, current.acquired_at)
        if not _abandoned(*seen, stale_after):
            raise _locked(*seen)
        if _take_over(session, *seen):
            return
    raise SyncLocked(
        "The sync lock kept changing hands while this run tried to take it; this run did nothing."
    )


def _insert(session: Session) -> bool:
    # Core statements, not ORM objects: the lock row is read and written again in one session.
    try:
        session.execute(insert(SyncLock).values(name=NAME, holder=holder(), acquired_at=utcnow()))
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True


def _take_over(session: Session, seen_holder: str, seen_at: dt.datetime) -> bool:
    """Whether this run took the lock from the holder seen (False: another run changed it first)."""
    taken = session.execute(
        update(SyncLock)
        .where(SyncLock.name == NAME, SyncLock.holder == seen_holder, SyncLock.acquired_at == seen_at)
        .values(holder=holder(), acquired_at=utcnow())
    )
    session.commit()
    return bool(getattr(taken, "rowcount", 0) == 1)


def _abandoned(holder_text: str, acquired_at: dt.datetime, stale_after: dt.timedelta) -> bool:
    """Whether the lock's holder is gone: older than ``stale_after``, or a process of this host not alive."""
    if utcnow() - acquired_at > stale_after:
        return True
    host, _, pid = holder_text.rpartition(" pid ")
    if host != socket.gethostname() or not pid.isascii() or not pid.isdigit():
        return False  # another machine's process: only time tells
    return not _alive(int(pid), acquired_at)


def _alive(pid: int, since: dt.datetime) -> bool:
    """Whether process ``pid`` of this host runs and is old enough to have taken a lock at ``since``."""
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:  # killed, not yet reaped by its parent
            return False
        started = dt.datetime.fromtimestamp(process.create_time(), dt.UTC)
    except (psutil.NoSuchProcess, ValueError, OverflowError):  # gone, or a pid no process can have
        return False
    except psutil.AccessDenied:  # another user's process: it exists
        return True
    return started <= since + _CLOCK_SLACK


def _locked(holder_text: str, acquired_at: dt.datetime) -> SyncLocked:
    return SyncLocked(
        f"Another sync run ({holder_text}) has been running since {acquired_at:%Y-%m-%d %H:%M} UTC; "
        "this run did nothing. Try again when it has finished."
    )
