"""Create, list, revoke and check API tokens, and decide what an actor may write."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.audit.actor import Actor
from registry.auth.models import ApiToken, scope_errors
from registry.contacts.models import Contact
from registry.db import utcnow
from registry.errors import Forbidden, InvalidInput, NotFound, Unauthorized
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


def sees_authors(actor: Actor | None, party_code: str) -> bool:
    """Whether ``actor`` may see who changed a party's data: staff (secretariat, admin) and the party's own
    officials, who may read its history; an anonymous reader sees what changed and when, never who."""
    if actor is None:
        return False
    return actor.role in ("admin", "secretariat") or (actor.role == "party" and actor.party == party_code)


def require_admin(actor: Actor) -> None:
    if actor.role != "admin":
        raise Forbidden("Only an admin may do this.")


def require_contact_write(
    actor: Actor, party_code: str, contact: Contact | None, giving: Collection[str] = ()
) -> None:
    """Who may add or change a party's contact (the one rule of the API and the pages).

    The party itself and an admin, always. A secretariat only for a contact that holds a current designation
    of its convention (of any convention, for a secretariat of all three), or that the same request
    designates under it (``giving``: the conventions of the designations made with it): never a contact out
    of nowhere, nor another party's contact that holds none of its roles. Anyone else: Forbidden.
    """
    if actor.role == "admin" or (actor.role == "party" and actor.party == party_code):
        return
    if actor.role == "secretariat":
        held = {d.convention for d in contact.current_designations} if contact else set()
        conventions = held | set(giving)
        if actor.convention in conventions or (actor.convention is None and conventions):
            return
        raise Forbidden(
            f"A secretariat may only write {party_code}'s contacts that hold, or are given in the same "
            "request, a role under its convention."
        )
    raise Forbidden(f"This token may not change the contacts of {party_code}.")


def require_designation_write(actor: Actor, party_code: str, convention: str) -> None:
    """Designations are written by the party itself, a secretariat of that convention, or an admin."""
    if actor.role == "admin":
        return
    if actor.role == "secretariat" and actor.convention in (None, convention):
        return
    if actor.role == "party" and actor.party == party_code:
        return
    raise Forbidden(
        f"This token may not change {party_code}'s designations under the {convention} convention."
    )
