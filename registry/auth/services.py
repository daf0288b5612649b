"""Create, list, revoke and check API tokens (what a token may do: registry.auth.policy)."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.audit.actor import Actor
from registry.auth.models import ApiToken, scope_errors
from registry.db import utcnow
from registry.errors import InvalidInput, NotFound, Unauthorized
from registry.parties.services import get_party

TOKEN_PREFIX = "brs_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session, *, role: str, name: str, party: str | None = None, convention: str | None = None
) -> tuple[ApiToken, str]:
    """A new token and its secret text (shown once; only its hash is stored)."""
    errors = scope_errors(role, party, convention, "token")
    if errors:
        raise InvalidInput(errors)
    party_code = get_party(session, party).code if party else None
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        role=role,
        party_code=party_code,
        convention=convention,
        token_hash=hash_token(secret),
        prefix=secret[:10],
        created_at=utcnow(),
    )
    session.add(token)
    session.flush()
    return token, secret


def list_tokens(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.id)))


def revoke_token(session: Session, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"There is no token {token_id}.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
    return token


def authenticate(session: Session, authorization: str | None) -> Actor:
    """The actor a ``Bearer`` header stands for; Unauthorized when it is missing, unknown or revoked."""
    if not authorization:
        raise Unauthorized("This request needs a token: send 'Authorization: Bearer TOKEN'.")
    scheme, _, secret = authorization.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise Unauthorized("Send the token as 'Authorization: Bearer TOKEN'.")
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret.strip())))
    if token is None or token.revoked_at is not None:
        raise Unauthorized("This token is not valid (unknown or revoked).")
    return token_actor(token)


def token_actor(token: ApiToken) -> Actor:
    return Actor(
        kind="token",
        name=token.name,
        role=token.role,
        party=token.party_code,
        convention=token.convention,
        token_id=token.id,
    )
