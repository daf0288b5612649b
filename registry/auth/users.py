"""Create, list, disable and check the people who sign in to the web pages (their model: auth.models).

Only a password hash is stored (werkzeug's scrypt). A user acts with the same roles and scopes as an API token
of that role, and every edit they make is recorded with them as its author. Invitations (a user without a
password, and a link to choose one) are in registry.auth.invitations.
"""

from __future__ import annotations

from functools import cache

from flask_babel import gettext as _
from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from registry.audit.actor import Actor, cli_actor, scoped_actor
from registry.auth.events import EventKind, record_event
from registry.auth.links import void_links
from registry.auth.models import ApiToken, User, scope_errors
from registry.auth.passwords import MAX_PASSWORD_LENGTH, hash_password, password_errors
from registry.auth.policy import managed_users, require_user_management
from registry.auth.sessions import end_user_sessions
from registry.contacts.values import normalize_email
from registry.db import utcnow
from registry.errors import Conflict, InvalidInput, NotFound
from registry.parties.services import get_party

__all__ = ["MAX_PASSWORD_LENGTH", "check_credentials", "create_user", "disable_user", "user_actor"]


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    role: str,
    party: str | None = None,
    convention: str | None = None,
    actor: Actor | None = None,
) -> User:
    """A new user with a password (``registry users create``; ``actor`` None: the command line);
    InvalidInput naming each bad field (also an e-mail address that has a user already)."""
    address, errors = checked_address(email)
    weak = password_errors(password, address)
    if weak:
        errors["password"] = weak
    errors.update(scope_errors(role, party, convention, "user"))
    if errors:
        raise InvalidInput(errors)
    user = User(
        email=address,
        password_hash=hash_password(password),
        role=role,
        party_code=party_field(session, party),
        convention=convention,
        created_at=utcnow(),
    )
    add_user(session, user)
    record_event(session, EventKind.USER_CREATED, actor or cli_actor(), user=user)
    return user


def checked_address(email: str) -> tuple[str, dict[str, list[str]]]:
    """An address in its stored form (lower case, full-width letters as plain ones), or its error."""
    try:
        return normalize_email(email), {}
    except ValueError as exc:
        return "", {"email": [str(exc)]}


def add_user(session: Session, user: User) -> None:
    """Insert ``user`` (flushed); InvalidInput when the address has a user already."""
    try:
        with session.begin_nested():
            session.add(user)
    except IntegrityError:
        # The unique constraint settles it (two creations racing cannot both pass).
        raise InvalidInput({"email": [_("There is a user with this e-mail address already.")]}) from None


def party_field(session: Session, party: str | None) -> str | None:
    """The code of the party a form or a body names (None for none); InvalidInput naming ``party`` when
    there is no such party."""
    if not party:
        return None
    try:
        return get_party(session, party).code
    except NotFound as exc:
        raise InvalidInput({"party": [exc.detail]}) from None


def users_of(actor: Actor) -> Select[User]:
    """The users ``actor`` may manage (every user for the command line's admin), by id."""
    return select(User).where(managed_users(actor)).order_by(User.id)


def with_status(stmt: Select[User], status: str) -> Select[User]:
    """``stmt`` narrowed to the users of ``status`` (invited, active or disabled)."""
    if status == "disabled":
        return stmt.where(User.disabled_at.is_not(None))
    chose = User.password_hash.is_not(None) if status == "active" else User.password_hash.is_(None)
    return stmt.where(User.disabled_at.is_(None), chose)


def list_users(session: Session, actor: Actor | None = None) -> list[User]:
    return list(session.scalars(users_of(actor or cli_actor())))


def managed_user(session: Session, actor: Actor, user_id: int) -> User:
    """The user ``user_id``, if ``actor`` may manage it (NotFound; Forbidden)."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(_("There is no user %(id)s.", id=user_id))
    require_user_management(actor, user.role, user.party_code, user.convention)
    return user


def disable_user(session: Session, user_id: int, actor: Actor | None = None) -> User:
    """Disable the user: it can no longer sign in, its open sessions end, its links stop working and its
    tokens are revoked (they acted with its authority). NotFound if none; Conflict for oneself."""
    actor = actor or cli_actor()
    user = managed_user(session, actor, user_id)
    if actor.kind == "user" and actor.user_id == user.id:
        raise Conflict(_("You cannot disable your own account; ask another admin or your secretariat."))
    if user.disabled_at is None:
        user.disabled_at = utcnow()
        revoked = session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=user.disabled_at),
            execution_options={"synchronize_session": "fetch"},
        ).rowcount  # type: ignore[attr-defined]
        void_links(session, user.id)
        record_event(session, EventKind.USER_DISABLED, actor, user=user, tokens_revoked=revoked)
    end_user_sessions(session, user.id)
    return user


def check_credentials(session: Session, email: str, password: str) -> User | None:
    """The active user with this e-mail address (any case, full-width letters as plain ones) and password,
    or None."""
    try:
        address = normalize_email(email)
    except ValueError:
        address = None
    user = session.scalar(select(User).where(User.email == address)) if address else None
    if user is None or user.password_hash is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.is_active:
        return None
    return user


@cache
def _dummy_hash() -> str:
    # Checked against when the e-mail address is unknown, so that a wrong address takes as long as a wrong
    # password (the answer's timing does not tell which addresses have accounts).
    return hash_password("not the password of anyone")


def user_actor(user: User) -> Actor:
    """The user as the author of changes (the history records its e-mail address and role)."""
    return scoped_actor(user, "user", user.email, user_id=user.id)
