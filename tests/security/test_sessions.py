"""Row 7: sessions live in the database. Signing out ends them (a replayed cookie is signed out), they end
when idle and at a fixed age however busy, and "sign out everywhere" ends every browser's."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from registry.auth.models import User
from registry.auth.sessions import (
    Lifetimes,
    UserSession,
    count_user_sessions,
    end_user_sessions,
    start_user_session,
)
from registry.db import utcnow
from registry.web.auth import lifetimes
from tests.web.helpers import csrf_token, make_user, sign_in


def _signed_in(app: Flask, session: Session) -> tuple[FlaskClient, User]:
    user = make_user(session, "admin")
    session.commit()
    client = app.test_client()
    assert sign_in(client, user).status_code == 302
    return client, user


def _is_signed_in(client: FlaskClient) -> bool:
    return client.get("/sync/runs").status_code == 200


def _cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _age(session: Session, user: User, **ago: dt.timedelta) -> None:
    """Move the user's sessions back in time (``created_at=``, ``last_seen_at=``: how long ago)."""
    now = utcnow()
    values = {column: now - delta for column, delta in ago.items()}
    session.execute(update(UserSession).where(UserSession.user_id == user.id).values(**values))
    session.commit()


def test_cookie_replayed_after_sign_out_is_signed_out(app: Flask, session: Session) -> None:
    client, _ = _signed_in(app, session)
    stolen = _cookie(client)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert not _is_signed_in(replay)


def test_session_is_kept_in_the_database_as_a_hash(app: Flask, session: Session) -> None:
    client, user = _signed_in(app, session)
    [row] = session.scalars(select(UserSession).where(UserSession.user_id == user.id))
    assert len(row.secret_hash) == 64
    assert row.secret_hash not in _cookie(client)


def test_session_ends_when_idle_too_long(app: Flask, session: Session) -> None:
    client, user = _signed_in(app, session)
    idle = lifetimes_of(app).idle
    _age(
        session, user, created_at=idle + dt.timedelta(minutes=2), last_seen_at=idle + dt.timedelta(minutes=1)
    )
    assert not _is_signed_in(client)


def test_session_ends_at_its_absolute_lifetime_however_busy(app: Flask, session: Session) -> None:
    client, user = _signed_in(app, session)
    absolute = lifetimes_of(app).absolute
    _age(session, user, created_at=absolute + dt.timedelta(minutes=1), last_seen_at=dt.timedelta(seconds=5))
    assert not _is_signed_in(client)


def test_activity_keeps_a_session_alive(app: Flask, session: Session) -> None:
    client, user = _signed_in(app, session)
    _age(session, user, created_at=dt.timedelta(hours=1), last_seen_at=dt.timedelta(minutes=30))
    assert _is_signed_in(client)
    seen = session.scalar(select(UserSession.last_seen_at).where(UserSession.user_id == user.id))
    assert seen is not None
    assert utcnow() - seen < dt.timedelta(minutes=1)


def test_last_seen_is_written_at_most_once_a_minute(app: Flask, session: Session) -> None:
    client, user = _signed_in(app, session)
    _age(session, user, created_at=dt.timedelta(hours=1), last_seen_at=dt.timedelta(seconds=20))
    before = session.scalar(select(UserSession.last_seen_at).where(UserSession.user_id == user.id))
    assert _is_signed_in(client)
    session.expire_all()
    assert session.scalar(select(UserSession.last_seen_at).where(UserSession.user_id == user.id)) == before


def test_sign_out_everywhere_ends_every_browsers_session(app: Flask, session: Session) -> None:
    laptop, user = _signed_in(app, session)
    phone = app.test_client()
    sign_in(phone, user)
    response = laptop.post("/sign-out-everywhere", data={"csrf_token": csrf_token(laptop, "/")})
    assert response.status_code == 302
    assert not _is_signed_in(phone)
    assert not _is_signed_in(laptop)
    assert count_user_sessions(session, user.id) == 0


def test_end_user_sessions_can_keep_the_callers_own(app: Flask, session: Session) -> None:
    limits = lifetimes_of(app)
    user = make_user(session, "admin")
    mine = start_user_session(session, user, limits)
    start_user_session(session, user, limits)
    assert end_user_sessions(session, user.id, keep=mine) == 1
    assert count_user_sessions(session, user.id) == 1


def test_sign_in_starts_a_new_session_id(app: Flask, session: Session) -> None:
    client, user = _signed_in(app, session)
    first = _cookie(client)
    sign_in(client, user)
    replay = app.test_client()
    replay.set_cookie("session", first)
    assert _is_signed_in(client)
    assert _is_signed_in(replay)  # signing in again elsewhere does not end the first session...
    assert count_user_sessions(session, user.id) == 2  # ...each is its own row, ended on its own


def lifetimes_of(app: Flask) -> Lifetimes:
    """The app's session lifetimes (read in a request context, whose end closes the database session)."""
    with app.test_request_context("/"):
        return lifetimes()
