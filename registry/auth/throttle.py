"""Failed sign-ins, counted so that a password cannot be guessed by trying many, and so that nobody can lock
an account's owner out by failing on purpose.

Each failure is a row in ``sign_in_failures`` (shared by every worker and machine): when it happened, and
keyed hashes of the address tried and of the client that tried it (HMAC with the secret key: the table holds
no address, and every key is 32 characters whatever was typed). Rows older than the longest window are
deleted as new ones come. Three moving windows (``limits`` notation) are checked before a password is:

- one address from one client (``REGISTRY_SIGN_IN_LIMIT``, default 5 a minute and 20 an hour): the guesser
  is paused, not the owner, who signs in from another client;
- one client, whatever the address (``REGISTRY_SIGN_IN_CLIENT_LIMIT``, 30 a minute, 100 an hour): a client
  cannot try many accounts instead;
- one address from all clients (``REGISTRY_SIGN_IN_ADDRESS_LIMIT``, 100 an hour): against guessers spread
  over many clients, the address is paused, except in a browser that this account has signed in from before
  (a signed "known browser" cookie): the owner still gets in.

The same design limits requests for a password reset link (registry.auth.resets): there every request
counts, not only failures, in a table of its own (``password_reset_requests``), so that nobody floods an
address's mailbox and no client asks for links to many addresses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
from dataclasses import dataclass

from limits import RateLimitItem, parse_many
from sqlalchemy import ColumnElement, Index, String, delete, select
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column

from registry.db import Base, Timestamp, utcnow


class Counted:
    """The columns of a counted attempt: when, and the keyed hashes of the address and of the client (a
    mixin: each kind of attempt has its own table, with the same indexes)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[Timestamp]
    address_key: Mapped[str] = mapped_column(String(32))
    client_key: Mapped[str] = mapped_column(String(32))

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Index, ...]:
        table = cls.__tablename__  # type: ignore[attr-defined]
        return (
            Index(f"ix_{table}_address_key_at", "address_key", "at"),
            Index(f"ix_{table}_client_key_at", "client_key", "at"),
            Index(f"ix_{table}_at", "at"),
        )


class SignInFailure(Counted, Base):
    """One failed sign-in."""

    __tablename__ = "sign_in_failures"


class PasswordResetRequest(Counted, Base):
    """One request for a password reset link (each counts, whether or not its address has an account)."""

    __tablename__ = "password_reset_requests"


CountedModel = type[SignInFailure] | type[PasswordResetRequest]


@dataclass(frozen=True)
class Attempt:
    """Who tries to sign in as whom, as keys (see :meth:`SignInThrottle.attempt`)."""

    address_key: str
    client_key: str
    known_browser: bool = False


@dataclass(frozen=True)
class SignInThrottle:
    """The limits on counted attempts (failed sign-ins, unless ``model`` is another table of attempts): per
    address and client, per client, per address."""

    secret: bytes
    pair: list[RateLimitItem]
    client: list[RateLimitItem]
    address: list[RateLimitItem]
    model: CountedModel = SignInFailure

    @classmethod
    def from_settings(
        cls, secret: str, pair: str, client: str, address: str, model: CountedModel = SignInFailure
    ) -> SignInThrottle:
        return cls(secret.encode(), parse_many(pair), parse_many(client), parse_many(address), model)

    def key(self, kind: str, value: str) -> str:
        """A keyed hash of an address or a client, 32 characters long."""
        return hmac.new(self.secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]

    def attempt(self, email: str, client: str, known_addresses: frozenset[str] = frozenset()) -> Attempt:
        """The keys of an attempt (``email`` already cut to its longest possible length);
        ``known_addresses`` are the address keys this browser has signed in with before."""
        address_key = self.key("address", email.strip().casefold())
        return Attempt(address_key, self.key("client", client), address_key in known_addresses)

    def wait_seconds(self, session: Session, attempt: Attempt) -> int:
        """0 when the attempt may go ahead; otherwise the seconds until it may."""
        model = self.model
        pair = (model.address_key == attempt.address_key) & (model.client_key == attempt.client_key)
        checks = [(self.pair, pair), (self.client, model.client_key == attempt.client_key)]
        if not attempt.known_browser:
            checks.append((self.address, model.address_key == attempt.address_key))
        now = utcnow()
        waits = [_wait(session, model, item, where, now) for items, where in checks for item in items]
        return max(waits, default=0)

    def record(self, session: Session, attempt: Attempt) -> None:
        """Count an attempt (flushed; the caller commits), and forget those older than every window."""
        now = utcnow()
        longest = max(item.get_expiry() for item in (*self.pair, *self.client, *self.address))
        model = self.model
        session.execute(delete(model).where(model.at < now - dt.timedelta(seconds=longest)))
        session.add(model(at=now, address_key=attempt.address_key, client_key=attempt.client_key))
        session.flush()


def _wait(
    session: Session, model: CountedModel, item: RateLimitItem, where: ColumnElement[bool], now: dt.datetime
) -> int:
    """Seconds until fewer than ``item.amount`` attempts matching ``where`` lie in the moving window."""
    window = dt.timedelta(seconds=item.get_expiry())
    # The amount-th newest attempt in the window: once it leaves the window, one more attempt fits.
    oldest_blocking: dt.datetime | None = session.scalar(
        select(model.at)
        .where(where, model.at > now - window)
        .order_by(model.at.desc())
        .offset(item.amount - 1)
        .limit(1)
    )
    if oldest_blocking is None:
        return 0
    return max(1, math.ceil((oldest_blocking + window - now).total_seconds()))
