"""API tokens and the users of the web pages, with the roles and scopes both hold.

Only a SHA-256 hash of a token is stored (the token itself is shown once, when created); only a password hash
of a user. A token expires; one made on the pages belongs to the user who made it.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.conventions import CONVENTIONS, sql_in
from registry.db import Base, Timestamp, UTCDateTime

ROLES: tuple[str, ...] = ("admin", "secretariat", "party")
# How many days a token works: unless its maker chose otherwise, and at most.
DEFAULT_DAYS = 365
MAX_DAYS = 3650


# What a role and scope are checked for, in the page's words ("A party token needs a party").
NOUNS = {"token": _l("token"), "user": _l("user")}


def scope_errors(role: str, party: str | None, convention: str | None, noun: str) -> dict[str, list[str]]:
    """What is wrong with a role and its scope, for a new ``noun`` ("token" or "user"), by field; the same
    rules as :func:`scope_checks`, in words for the person who typed them."""
    errors: dict[str, list[str]] = {}
    noun = str(NOUNS.get(noun, noun))
    if role not in ROLES:
        errors["role"] = [_("Must be one of: %(roles)s.", roles=", ".join(ROLES))]
    if role == "party" and not party:
        errors["party"] = [_("A party %(noun)s needs a party (its code, such as KEN).", noun=noun)]
    if role != "party" and party:
        errors["party"] = [_("Only a party %(noun)s is bound to a party.", noun=noun)]
    if convention and (role != "secretariat" or convention not in CONVENTIONS):
        errors["convention"] = [
            _(
                "Only a secretariat %(noun)s takes a convention (%(conventions)s).",
                noun=noun,
                conventions=", ".join(CONVENTIONS),
            )
        ]
    return errors


def scope_checks() -> tuple[CheckConstraint, ...]:
    """The checks of a role and its scope, for a table of tokens or users (new objects for each table):
    a party role names a party and no convention, a secretariat role no party, an admin neither."""
    return (
        CheckConstraint(f"role IN {sql_in(ROLES)}", name="role"),
        CheckConstraint(f"convention IS NULL OR convention IN {sql_in(CONVENTIONS)}", name="convention"),
        CheckConstraint(
            "(role = 'party' AND party_code IS NOT NULL AND convention IS NULL)"
            " OR (role = 'secretariat' AND party_code IS NULL)"
            " OR (role = 'admin' AND party_code IS NULL AND convention IS NULL)",
            name="scope_of_role",
        ),
    )


class ApiToken(Base):
    """A bearer token: ``admin`` (everything), ``secretariat`` (one convention, or all), ``party`` (one
    party). It works until ``expires_at`` or until revoked; ``user_id`` is the person who made it on the
    pages (None for one made at the command line). ``last_used_at`` is at most a minute late (it is not
    written on every request)."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        *scope_checks(),
        CheckConstraint("expires_at > created_at", name="expires_after_creation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(12))
    party_code: Mapped[str | None] = mapped_column(ForeignKey("parties.code"))
    convention: Mapped[str | None] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[Timestamp]
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    def status(self, now: dt.datetime) -> str:
        """``revoked``, ``expired`` or ``active``, at ``now``."""
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= now else "active"


class User(Base):
    """A person who signs in: ``admin`` (everything), ``secretariat`` (one convention, or all), ``party``
    (one party). A disabled user can no longer sign in; the row stays, since the history names it. An
    invited person has no password until they choose one through their invitation's link."""

    __tablename__ = "users"
    __table_args__ = (*scope_checks(), CheckConstraint("email = lower(email)", name="email_lower_case"))

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(12))
    party_code: Mapped[str | None] = mapped_column(ForeignKey("parties.code"))
    convention: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[Timestamp]
    disabled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_active(self) -> bool:
        """Whether the user may sign in: not disabled, and with a password chosen."""
        return self.disabled_at is None and self.password_hash is not None

    @property
    def status(self) -> str:
        """``disabled``, ``invited`` (no password chosen yet) or ``active``."""
        if self.disabled_at is not None:
            return "disabled"
        return "invited" if self.password_hash is None else "active"
