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
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
from dataclasses import dataclass

from limits import RateLimitItem, parse_many
from sqlalchemy import ColumnElement, Index, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from registry.db import Base, Timestamp, utcnow


class SignInFailure(Base):
    """One failed sign-in: when, and the keyed hashes of the address and of the client."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (
        Index("ix_sign_in_failures_address_key_at", "address_key", "at"),
        Index("ix_sign_in_failures_client_key_at", "client_key", "at"),
        Index("ix_sign_in_failures_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[Timestamp]
    address_key: Mapped[str] = mapped_column(String(32))
    client_key: Mapped[str] = mapped_column(String(32))


@dataclass(frozen=True)
class Attempt:
    """Who tries to sign in as whom, as keys (see :meth:`SignInThrottle.attempt`)."""

    address_key: str
    client_key: str
    known_browser: bool = False


@dataclass(frozen=True)
class SignInThrottle:
    """The limits on failed sign-ins: per address and client, per client, per address."""

    secret: bytes
    pair: list[RateLimitItem]
    client: list[RateLimitItem]
    address: list[RateLimitItem]

    @classmethod
    def from_settings(cls, secret: str, pair: str, client: str, address: str) -> SignInThrottle:
        return cls(secret.encode(), parse_many(pair), parse_many(client), parse_many(address))

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
        pair = (SignInFailure.address_key == attempt.address_key) & (
            SignInFailure.client_key == attempt.client_key
        )
        checks = [(self.pair, pair), (self.client, SignInFailure.client_key == attempt.client_key)]
        if not attempt.known_browser:
            checks.append((self.address, SignInFailure.address_key == attempt.address_key))
        now = utcnow()
        waits = [_wait(session, item, where, now) for items, where in checks for item in items]
        return max(waits, default=0)

    def failed(self, session: Session, attempt: Attempt) -> None:
        """Count a failure (flushed; the caller commits), and forget those older than every window."""
        now = utcnow()
        longest = max(item.get_expiry() for item in (*self.pair, *self.client, *self.address))
        session.execute(delete(SignInFailure).where(SignInFailure.at < now - dt.timedelta(seconds=longest)))
        session.add(SignInFailure(at=now, address_key=attempt.address_key, client_key=attempt.client_key))
        session.flush()


def _wait(session: Session, item: RateLimitItem, where: ColumnElement[bool], now: dt.datetime) -> int:
    """Seconds until fewer than ``item.amount`` failures matching ``where`` lie in the moving window."""
    window = dt.timedelta(seconds=item.get_expiry())
    # The amount-th newest failure in the window: once it leaves the window, one more attempt fits.
    oldest_blocking: dt.datetime | None = session.scalar(
        select(SignInFailure.at)
        .where(where, SignInFailure.at > now - window)
        .order_by(SignInFailure.at.desc())
        .offset(item.amount - 1)
        .limit(1)
    )
    if oldest_blocking is None:
        return 0
    return max(1, math.ceil((oldest_blocking + window - now).total_seconds()))
