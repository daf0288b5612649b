"""One-time links sent by e-mail: an invitation (valid 7 days) and a password reset (valid one hour).

A link carries a random secret; the table holds only its SHA-256 hash. A user has at most one live link of
each purpose (a partial unique index): issuing a new one voids the one before, so only the latest mail works.
A link is used once: the update that marks it used is also the check that it was still live, so two uses
racing cannot both succeed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import gettext as _
from sqlalchemy import CheckConstraint, ForeignKey, String, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from registry.auth.models import User
from registry.auth.passwords import hash_password, password_errors
from registry.conventions import sql_in
from registry.db import Base, UTCDateTime, partial_unique_index, utcnow
from registry.errors import InvalidInput, RegistryError


class Purpose(StrEnum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"


LIFETIMES: dict[Purpose, dt.timedelta] = {
    Purpose.INVITATION: dt.timedelta(days=7),
    Purpose.PASSWORD_RESET: dt.timedelta(hours=1),
}
LIVE = "used_at IS NULL AND voided_at IS NULL"


class AccountLink(Base):
    """A one-time link of a user: its purpose, its secret's hash, when it was made and until when it works,
    and when it was used or voided (by a newer link, or by disabling the user)."""

    __tablename__ = "account_links"
    __table_args__ = (
        CheckConstraint(f"purpose IN {sql_in(Purpose)}", name="purpose"),
        CheckConstraint("expires_at > created_at", name="expires_after_creation"),
        partial_unique_index("uq_account_links_live", "user_id", "purpose", where=LIVE),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    voided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


@dataclass(frozen=True)
class IssuedLink:
    """A new link: its row, and its secret (for the mail only; never stored, logged or recorded)."""

    link: AccountLink
    secret: str


class LinkState(StrEnum):
    """What a link is worth when someone follows it."""

    LIVE = "live"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_link(session: Session, user: User, purpose: Purpose) -> IssuedLink:
    """A new link of ``purpose`` for ``user``, valid for its lifetime from now; the user's earlier live link
    of that purpose is voided (flushed first, so that the unique index sees one live link at a time)."""
    now = utcnow()
    void_links(session, user.id, purpose)
    secret = secrets.token_urlsafe(32)
    link = AccountLink(
        user_id=user.id,
        purpose=purpose,
        secret_hash=_hash(secret),
        created_at=now,
        expires_at=now + LIFETIMES[purpose],
    )
    session.add(link)
    session.flush()
    return IssuedLink(link, secret)


def void_links(session: Session, user_id: int, purpose: Purpose | None = None) -> None:
    """Void the user's live links (of ``purpose``, or all)."""
    stmt = update(AccountLink).where(
        AccountLink.user_id == user_id, AccountLink.used_at.is_(None), AccountLink.voided_at.is_(None)
    )
    if purpose is not None:
        stmt = stmt.where(AccountLink.purpose == purpose)
    session.execute(stmt.values(voided_at=utcnow()), execution_options={"synchronize_session": False})
    session.flush()


def find_link(session: Session, secret: str, purpose: Purpose) -> tuple[LinkState, AccountLink | None]:
    """The link a secret names and what it is worth now (a voided link counts as used: a newer one
    replaced it, or its user was disabled)."""
    link = session.scalar(
        select(AccountLink).where(AccountLink.secret_hash == _hash(secret), AccountLink.purpose == purpose)
    )
    if link is None:
        return LinkState.UNKNOWN, None
    if link.used_at is not None or link.voided_at is not None:
        return LinkState.USED, link
    if link.expires_at <= utcnow():
        return LinkState.EXPIRED, link
    return LinkState.LIVE, link


def use_link(session: Session, link: AccountLink) -> bool:
    """Mark a live link used; False when it was no longer live (used, voided or expired meanwhile)."""
    now = utcnow()
    result = session.execute(
        update(AccountLink)
        .where(
            AccountLink.id == link.id,
            AccountLink.used_at.is_(None),
            AccountLink.voided_at.is_(None),
            AccountLink.expires_at > now,
        )
        .values(used_at=now),
        execution_options={"synchronize_session": False},
    )
    session.expire(link)
    return bool(result.rowcount)  # type: ignore[attr-defined]


def live_link(session: Session, user_id: int, purpose: Purpose) -> AccountLink | None:
    """The user's live, unexpired link of ``purpose``, if any."""
    return session.scalar(
        select(AccountLink).where(
            AccountLink.user_id == user_id,
            AccountLink.purpose == purpose,
            AccountLink.used_at.is_(None),
            AccountLink.voided_at.is_(None),
            AccountLink.expires_at > utcnow(),
        )
    )


class LinkRefused(RegistryError):
    """A link that no longer works (or never did): ``state`` says why."""

    status = 410
    title = "Gone"

    def __init__(self, state: LinkState) -> None:
        super().__init__(_("This link does not work any more (%(state)s).", state=state.value))
        self.state = state


def redeem(session: Session, secret: str, purpose: Purpose, password: str) -> User:
    """Use a live link to set its user's password (flushed): LinkRefused when the link does not work,
    InvalidInput (``password``) when the password may not be chosen; the link is spent only on success."""
    state, link = find_link(session, secret, purpose)
    if state is not LinkState.LIVE or link is None:
        raise LinkRefused(state)
    user = session.get(User, link.user_id)
    assert user is not None  # a foreign key
    errors = password_errors(password, user.email)
    if errors:
        raise InvalidInput({"password": errors})
    if not use_link(session, link):
        raise LinkRefused(LinkState.USED)
    user.password_hash = hash_password(password)
    user.last_sign_in_at = utcnow()
    session.flush()
    return user
