"""Signed-in sessions of the web pages, kept in the database so that signing out ends them everywhere.

The browser holds a random session secret (inside Flask's signed cookie); the table holds only its SHA-256
hash, the user, when the session started and when it was last seen. A session ends when its user signs out
(the row is deleted: a copy of the cookie replayed later finds nothing), signs out everywhere, is disabled,
or when it has been idle longer than the idle lifetime or lived longer than the absolute lifetime, whichever
comes first. Any gunicorn worker on any machine reads the same rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, delete, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from registry.auth.models import User
from registry.db import Base, UTCDateTime, count, utcnow

# How stale ``last_seen_at`` may grow before a request writes it again: a page view is not a write.
SEEN_PRECISION = dt.timedelta(minutes=1)


class UserSession(Base):
    """One signed-in browser of a user."""

    __tablename__ = "user_sessions"
    __table_args__ = (
        CheckConstraint("last_seen_at >= created_at", name="seen_after_start"),
        Index("ix_user_sessions_last_seen_at", "last_seen_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


@dataclass(frozen=True)
class Lifetimes:
    """How long a session lasts without a request (``idle``), and at most (``absolute``)."""

    idle: dt.timedelta
    absolute: dt.timedelta


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def start_user_session(session: Session, user: User, lifetimes: Lifetimes) -> str:
    """A new session of ``user``; returns its secret (for the cookie; only its hash is stored). Sessions
    of anyone that have run out are deleted on the way."""
    now = utcnow()
    session.execute(
        delete(UserSession).where(
            (UserSession.last_seen_at < now - lifetimes.idle)
            | (UserSession.created_at < now - lifetimes.absolute)
        )
    )
    secret = secrets.token_urlsafe(32)
    session.add(UserSession(user_id=user.id, secret_hash=_hash(secret), created_at=now, last_seen_at=now))
    session.flush()
    return secret


def resume_user_session(session: Session, secret: str, lifetimes: Lifetimes) -> tuple[User | None, bool]:
    """The active user whose live session ``secret`` names (None: unknown, ended, run out, or its user
    disabled), and whether its ``last_seen_at`` is due to be written (:func:`touch_user_session`)."""
    found = session.execute(
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.secret_hash == _hash(secret))
    ).first()
    if found is None:
        return None, False
    row, user = found
    now = utcnow()
    if (
        not user.is_active
        or row.last_seen_at < now - lifetimes.idle
        or row.created_at < now - lifetimes.absolute
    ):
        return None, False
    return user, row.last_seen_at < now - SEEN_PRECISION


def touch_user_session(session: Session, secret: str) -> None:
    """Record that the session was used now (it stays alive for another idle lifetime)."""
    session.execute(
        update(UserSession).where(UserSession.secret_hash == _hash(secret)).values(last_seen_at=utcnow())
    )


def end_user_session(session: Session, secret: str) -> None:
    """End one session (signing out): its secret names nothing any more."""
    session.execute(delete(UserSession).where(UserSession.secret_hash == _hash(secret)))


def end_user_sessions(session: Session, user_id: int, *, keep: str | None = None) -> int:
    """End every session of the user, except the one whose secret is ``keep`` (the caller's own, e.g. after
    a password change); returns how many ended."""
    stmt = delete(UserSession).where(UserSession.user_id == user_id)
    if keep is not None:
        stmt = stmt.where(UserSession.secret_hash != _hash(keep))
    return session.execute(stmt).rowcount  # type: ignore[attr-defined, no-any-return]


def count_user_sessions(session: Session, user_id: int) -> int:
    """How many sessions of the user are stored (live, or run out and not yet cleaned up)."""
    return count(session, select(UserSession).where(UserSession.user_id == user_id))
