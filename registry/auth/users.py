"""Create, list, disable and check the people who sign in to the web pages (their model: auth.models).

Only a password hash is stored (werkzeug's scrypt). A user acts with the same roles and scopes as an API token
of that role, and every edit they make is recorded with them as its author.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from registry.audit.actor import Actor
from registry.auth.models import User, scope_errors
from registry.auth.sessions import end_user_sessions
from registry.contacts.values import normalize_email
from registry.db import utcnow
from registry.errors import InvalidInput, NotFound
from registry.parties.services import get_party

MIN_PASSWORD_LENGTH = 12
# Longer text is no password anyone types; the sign-in form reads no more than this.
MAX_PASSWORD_LENGTH = 1024


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    role: str,
    party: str | None = None,
    convention: str | None = None,
) -> User:
    """A new user; InvalidInput naming each bad field (also an e-mail address that has a user already)."""
    address, errors = _check(email, password, role, party, convention)
    if errors:
        raise InvalidInput(errors)
    user = User(
        email=address,
        password_hash=generate_password_hash(password),
        role=role,
        party_code=get_party(session, party).code if party else None,
        convention=convention,
        created_at=utcnow(),
    )
    try:
        with session.begin_nested():
            session.add(user)
    except IntegrityError:
        # The unique constraint settles it (two creations racing cannot both pass).
        raise InvalidInput({"email": ["There is a user with this e-mail address already."]}) from None
    return user


def _check(
    email: str, password: str, role: str, party: str | None, convention: str | None
) -> tuple[str, dict[str, list[str]]]:
    """The address in its stored form, and what is wrong with each field."""
    errors: dict[str, list[str]] = {}
    address = ""
    try:
        address = normalize_email(email)
    except ValueError as exc:
        errors["email"] = [str(exc)]
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = [f"Use at least {MIN_PASSWORD_LENGTH} characters."]
    elif len(password) > MAX_PASSWORD_LENGTH:
        errors["password"] = [f"Use at most {MAX_PASSWORD_LENGTH} characters."]
    errors.update(scope_errors(role, party, convention, "user"))
    return address, errors


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.id)))


def disable_user(session: Session, user_id: int) -> User:
    """Disable the user (it can no longer sign in, and its open sessions end); NotFound if none."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"There is no user {user_id}.")
    if user.disabled_at is None:
        user.disabled_at = utcnow()
        session.flush()
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
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.is_active:
        return None
    return user


@cache
def _dummy_hash() -> str:
    # Checked against when the e-mail address is unknown, so that a wrong address takes as long as a wrong
    # password (the answer's timing does not tell which addresses have accounts).
    return generate_password_hash("not the password of anyone")


def user_actor(user: User) -> Actor:
    """The user as the author of changes (the history records its e-mail address and role)."""
    return Actor(
        kind="user",
        name=user.email,
        role=user.role,
        party=user.party_code,
        convention=user.convention,
        user_id=user.id,
    )
