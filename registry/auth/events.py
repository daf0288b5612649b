"""The history of accounts: invitations sent and accepted, password resets, users disabled, tokens created
and revoked, each with its author. Admins read it (the API's ``/account-events``, the page
``/users/history``); the public change feed never shows it.

An entry names the user and the token it is about (by id, e-mail address and token name), never a secret:
no link, no token, no hash of either.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, Select, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from registry.audit.actor import Actor
from registry.auth.models import ApiToken, User
from registry.conventions import LabelledEnum, sql_in
from registry.db import Base, JSONType, Timestamp, utcnow


class EventKind(LabelledEnum):
    USER_CREATED = "user_created", _l("account created with a password")
    INVITED = "invited", _l("invitation sent")
    INVITATION_UNDELIVERED = "invitation_undelivered", _l("invitation not delivered")
    INVITATION_ACCEPTED = "invitation_accepted", _l("invitation accepted")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _l("password reset link sent")
    PASSWORD_RESET = "password_reset", _l("password reset")
    USER_DISABLED = "user_disabled", _l("account disabled")
    TOKEN_CREATED = "token_created", _l("token created")
    TOKEN_REVOKED = "token_revoked", _l("token revoked")


class AccountEvent(Base):
    """One event of an account's life: what, when, by whom (``actor``, as the change log records authors),
    about which user and token, and its ``details`` (a role and scope, an expiry, a mail server's error)."""

    __tablename__ = "account_events"
    __table_args__ = (
        CheckConstraint(f"kind IN {sql_in(EventKind)}", name="kind"),
        Index("ix_account_events_user_id_id", "user_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[Timestamp]
    kind: Mapped[str] = mapped_column(String(32))
    actor: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    token_id: Mapped[int | None] = mapped_column(ForeignKey("api_tokens.id"), index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)

    @property
    def label(self) -> LazyString:
        return EventKind(self.kind).label


def visitor(what: str) -> Actor:
    """The author of what anyone may do without signing in (ask for a reset link): the form, not a person."""
    return Actor(kind="visitor", name=what)


def record_event(
    session: Session,
    kind: EventKind,
    actor: Actor,
    *,
    user: User | None = None,
    token: ApiToken | None = None,
    **details: Any,
) -> AccountEvent:
    """Add an event to the accounts' history, in the session's transaction (flushed)."""
    about: dict[str, Any] = {}
    if user is not None:
        about.update(email=user.email, role=user.role, party=user.party_code, convention=user.convention)
    if token is not None:
        about.update(token_name=token.name, role=token.role, party=token.party_code)
        about.update(convention=token.convention, expires_at=iso_z(token.expires_at))
    event = AccountEvent(
        at=utcnow(),
        kind=kind,
        actor=actor.as_dict(),
        user_id=user.id if user is not None else (token.user_id if token is not None else None),
        token_id=token.id if token is not None else None,
        details={k: v for k, v in {**about, **details}.items() if v is not None},
    )
    session.add(event)
    session.flush()
    return event


def iso_z(at: dt.datetime) -> str:
    """A time as the history's details write it: ISO 8601 in UTC, with a Z."""
    return at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def account_events(user_id: int | None = None, kind: str | None = None) -> Select[AccountEvent]:
    """The history of accounts (of one user, of one kind), unordered: the caller pages it."""
    stmt = select(AccountEvent)
    if user_id is not None:
        stmt = stmt.where(AccountEvent.user_id == user_id)
    if kind is not None:
        stmt = stmt.where(AccountEvent.kind == kind)
    return stmt
