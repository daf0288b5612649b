"""Invitations: an admin or a secretariat names a person's address, role and scope; the person gets a
one-time link (valid 7 days) to choose a password, and is signed in.

An invited person is a user without a password (status ``invited``) until the link is used. Resending voids
the link before. A disabled user's address may be invited again: the account comes back with the new role
and scope, and a password chosen afresh (its old tokens stay revoked).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.audit.actor import Actor
from registry.auth.events import EventKind, iso_z, record_event
from registry.auth.links import IssuedLink, Purpose, issue_link, redeem
from registry.auth.models import User, scope_errors
from registry.auth.policy import require_user_management
from registry.auth.users import add_user, checked_address, managed_user, party_field, user_actor
from registry.db import utcnow
from registry.errors import Conflict, InvalidInput


@dataclass(frozen=True)
class Invitation:
    """An invited user and the link to send them."""

    user: User
    link: IssuedLink


def invite(
    session: Session, actor: Actor, *, email: str, role: str, party: str | None, convention: str | None
) -> Invitation:
    """Invite a person (flushed; the caller commits, then mails the link): InvalidInput for a bad field or
    an address that has an account (or an invitation) already; Forbidden outside the actor's scope."""
    address, errors = checked_address(email)
    errors.update(scope_errors(role, party, convention, "user"))
    if errors:
        raise InvalidInput(errors)
    party_code = party_field(session, party)
    require_user_management(actor, role, party_code, convention)
    user = session.scalar(select(User).where(User.email == address))
    if user is None:
        user = User(
            email=address, role=role, party_code=party_code, convention=convention, created_at=utcnow()
        )
        add_user(session, user)
    else:
        _invite_again(actor, user, role, party_code, convention)
        session.flush()
    link = issue_link(session, user, Purpose.INVITATION)
    record_event(session, EventKind.INVITED, actor, user=user, expires_at=iso_z(link.link.expires_at))
    return Invitation(user, link)


def _invite_again(actor: Actor, user: User, role: str, party: str | None, convention: str | None) -> None:
    """A disabled account, about to be invited anew with this role and scope."""
    if user.status == "active":
        raise InvalidInput({"email": [_("There is an active account with this e-mail address already.")]})
    if user.status == "invited":
        raise InvalidInput(
            {"email": [_("This address has been invited already: resend the invitation instead.")]}
        )
    # Whoever brings an account back must have been allowed to manage it as it was, too.
    require_user_management(actor, user.role, user.party_code, user.convention)
    user.role, user.party_code, user.convention = role, party, convention
    user.password_hash = None
    user.disabled_at = None


def resend_invitation(session: Session, actor: Actor, user_id: int) -> Invitation:
    """A new link for an invited person (the one before stops working): Conflict when they have chosen
    a password already, or were disabled."""
    user = managed_user(session, actor, user_id)
    if user.status == "active":
        raise Conflict(
            _("%(email)s has accepted the invitation; they can reset their password.", email=user.email)
        )
    if user.status == "disabled":
        raise Conflict(_("%(email)s is disabled: invite them again instead.", email=user.email))
    link = issue_link(session, user, Purpose.INVITATION)
    record_event(
        session, EventKind.INVITED, actor, user=user, expires_at=iso_z(link.link.expires_at), resent=True
    )
    return Invitation(user, link)


def accept_invitation(session: Session, secret: str, password: str) -> User:
    """Set the password of the person a live invitation link names (they are active from now on)."""
    user = redeem(session, secret, Purpose.INVITATION, password)
    record_event(session, EventKind.INVITATION_ACCEPTED, user_actor(user), user=user)
    return user
