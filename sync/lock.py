"""One run applies at a time: a row in ``sync_locks`` whose primary key settles the race (SQLite and
PostgreSQL alike). A lock left by a run that died is taken over after ``stale_after``."""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from registry.db import utcnow
from registry.syncruns.models import SyncLock

NAME = "sync"


class SyncLocked(Exception):
    """Another run holds the lock; the message says which and since when."""


def holder() -> str:
    return f"{socket.gethostname()} pid {os.getpid()}"


@contextmanager
def run_lock(session: Session, stale_after: dt.timedelta = dt.timedelta(hours=6)) -> Iterator[None]:
    """Hold the sync lock for the duration of the block, or raise SyncLocked at once."""
    _acquire(session, stale_after)
    try:
        yield
    finally:
        session.rollback()
        session.execute(delete(SyncLock).where(SyncLock.name == NAME, SyncLock.holder == holder()))
        session.commit()


def _acquire(session: Session, stale_after: dt.timedelta) -> None:
    try:
        session.add(SyncLock(name=NAME, holder=holder(), acquired_at=utcnow()))
        session.commit()
        return
    except IntegrityError:
        session.rollback()
    current = session.get(SyncLock, NAME)
    if current is None:  # released in between: try once more
        _acquire(session, stale_after)
        return
    if utcnow() - current.acquired_at > stale_after:
        current.holder, current.acquired_at = holder(), utcnow()
        session.commit()
        return
    raise SyncLocked(
        f"Another sync run ({current.holder}) has been running since "
        f"{current.acquired_at:%Y-%m-%d %H:%M} UTC; this run did nothing. Try again when it has finished."
    )
