"""Create, list, revoke and check API tokens (what a token may do: registry.auth.policy).

A token expires (365 days after it was made, unless its maker chose fewer or more days). Its ``last_used_at``
is written at most once a minute: a request compares first, and writes only when the time it holds is older.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask_babel import gettext as _
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from registry.audit.actor import Actor, cli_actor, scoped_actor
from registry.auth.events import EventKind, record_event
from registry.auth.models import DEFAULT_DAYS, MAX_DAYS, ApiToken, User, scope_errors
from registry.auth.policy import require_token_grant
from registry.auth.users import party_field
from registry.db import utcnow
from registry.errors import InvalidInput, NotFound, Unauthorized

TOKEN_PREFIX = "brs_"
# How stale ``last_used_at`` may grow before a request writes it again: a request is not a write.
USED_PRECISION = dt.timedelta(minutes=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session,
    *,
    role: str,
    name: str,
    party: str | None = None,
    convention: str | None = None,
    expires_in_days: int = DEFAULT_DAYS,
    user: User | None = None,
    actor: Actor | None = None,
) -> tuple[ApiToken, str]:
    """A new token (flushed, and recorded with ``actor`` as author: None for the command line) and its
    secret text (shown once; only its hash is stored)."""
    errors = scope_errors(role, party, convention, "token")
    if not 1 <= expires_in_days <= MAX_DAYS:
        errors["expires_in"] = [_("Choose from 1 to %(max)d days.", max=MAX_DAYS)]
    if errors:
        raise InvalidInput(errors)
    party_code = party_field(session, party)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    token = ApiToken(
        name=name,
        role=role,
        party_code=party_code,
        convention=convention,
        token_hash=hash_token(secret),
        prefix=secret[:10],
        created_at=now,
        expires_at=now + dt.timedelta(days=expires_in_days),
        user_id=user.id if user is not None else None,
    )
    session.add(token)
    session.flush()
    record_event(session, EventKind.TOKEN_CREATED, actor or cli_actor(), token=token)
    return token, secret


def grant_token(
    session: Session,
    actor: Actor,
    user: User,
    *,
    name: str,
    role: str,
    party: str | None,
    convention: str | None,
    expires_in_days: int,
) -> tuple[ApiToken, str]:
    """A token ``user`` makes for themselves on the pages: never more than they may do (Forbidden)."""
    if not name.strip():
        raise InvalidInput({"name": [_("Name the token: what or who will use it.")]})
    party_code = party_field(session, party)
    require_token_grant(actor, role, party_code, convention)
    return create_token(
        session,
        role=role,
        name=name.strip(),
        party=party_code,
        convention=convention,
        expires_in_days=expires_in_days,
        user=user,
        actor=actor,
    )


def list_tokens(session: Session, user_id: int | None = None) -> list[ApiToken]:
    """Every token, or those ``user_id`` made, oldest first."""
    stmt = select(ApiToken).order_by(ApiToken.id)
    if user_id is not None:
        stmt = stmt.where(ApiToken.user_id == user_id)
    return list(session.scalars(stmt))


def revoke_token(
    session: Session, token_id: int, actor: Actor | None = None, owner_id: int | None = None
) -> ApiToken:
    """Revoke a token (it stops working at once), recorded with ``actor`` (None: the command line);
    NotFound if there is none, or (``owner_id`` given) if that user did not make it."""
    token = session.get(ApiToken, token_id)
    if token is None or (owner_id is not None and token.user_id != owner_id):
        raise NotFound(_("There is no token %(id)s.", id=token_id))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
        record_event(session, EventKind.TOKEN_REVOKED, actor or cli_actor(), token=token)
    return token


def authenticate(session: Session, authorization: str | None) -> ApiToken:
    """The live token a ``Bearer`` header carries; Unauthorized when it is missing, unknown, revoked or
    expired (saying which)."""
    if not authorization:
        raise Unauthorized(_("This request needs a token: send 'Authorization: Bearer TOKEN'."))
    scheme, _sep, secret = authorization.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise Unauthorized(_("Send the token as 'Authorization: Bearer TOKEN'."))
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret.strip())))
    if token is None or token.revoked_at is not None:
        raise Unauthorized(_("This token is not valid (unknown or revoked)."))
    if token.expires_at <= utcnow():
        expired = token.expires_at.strftime("%Y-%m-%d %H:%M")
        raise Unauthorized(
            _(
                "This token expired on %(date)s UTC; make a new one (on the page /account/tokens).",
                date=expired,
            )
        )
    return token


def use_is_due(token: ApiToken) -> bool:
    """Whether the token's ``last_used_at`` is older than a minute (or unset): then it is written."""
    return token.last_used_at is None or token.last_used_at < utcnow() - USED_PRECISION


def mark_used(session: Session, token_id: int) -> None:
    """Record that the token was used now, unless another request did within the last minute."""
    now = utcnow()
    session.execute(
        update(ApiToken)
        .where(
            ApiToken.id == token_id,
            or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - USED_PRECISION),
        )
        .values(last_used_at=now),
        execution_options={"synchronize_session": False},
    )


def token_actor(token: ApiToken) -> Actor:
    """The token as the author of changes (the history records its name and role)."""
    return scoped_actor(token, "token", token.name, token_id=token.id)
