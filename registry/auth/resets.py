"""Password resets: anyone may ask for a link for an address; an active account's owner receives one (valid
one hour) and chooses a new password with it, which ends every other session of theirs.

The answer to a request never says whether the address has an account: the same page, status and (within
noise) time for any address. The mail is sent after the answer (registry.auth.mails), and the requests are
counted, known addresses or not, so that nobody floods a mailbox or probes many addresses
(registry.auth.throttle).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.auth.events import EventKind, record_event, visitor
from registry.auth.links import IssuedLink, Purpose, issue_link, redeem
from registry.auth.models import User
from registry.auth.sessions import end_user_sessions
from registry.auth.users import checked_address, user_actor


@dataclass(frozen=True)
class Reset:
    """A reset link for an active user, to mail."""

    user: User
    link: IssuedLink


def request_reset(session: Session, email: str) -> Reset | None:
    """A new reset link (flushed) when ``email`` names an active user who has a password; None for any
    other address (unknown, invalid, disabled, or invited and not yet accepted)."""
    address, errors = checked_address(email)
    user = None if errors else session.scalar(select(User).where(User.email == address))
    if user is None or not user.is_active:
        return None
    link = issue_link(session, user, Purpose.PASSWORD_RESET)
    record_event(session, EventKind.PASSWORD_RESET_REQUESTED, visitor("password reset form"), user=user)
    return Reset(user, link)


def complete_reset(session: Session, secret: str, password: str) -> User:
    """Set the password of the user a live reset link names and end all their sessions (the caller starts
    the new one); LinkRefused or InvalidInput as :func:`~registry.auth.links.redeem` says."""
    user = redeem(session, secret, Purpose.PASSWORD_RESET, password)
    ended = end_user_sessions(session, user.id)
    record_event(session, EventKind.PASSWORD_RESET, user_actor(user), user=user, sessions_ended=ended)
    return user
