"""The mails of accounts: an invitation (sent while the inviter waits, who must hear if it failed) and a
password reset link (sent after the answer, so that the answer takes as long whether or not the address
has an account).

The links are absolute (``REGISTRY_BASE_URL``, else the request's trusted host: registry.links). Their
secrets go into the mail only: never into a log line or the history.
"""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import Flask, current_app
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from registry.audit.actor import Actor
from registry.auth.events import EventKind, record_event
from registry.auth.invitations import Invitation
from registry.auth.models import User
from registry.auth.resets import Reset
from registry.conventions import convention_label
from registry.db import db
from registry.links import external_url
from registry.mail import Delivery, mailer_for
from registry.parties.models import Party

log = logging.getLogger(__name__)
# One sender thread: mails leave in the order they were asked for, and a slow server delays only them.
_outbox = ThreadPoolExecutor(max_workers=1, thread_name_prefix="registry-mail")


def mail_invitation(session: Session, invitation: Invitation, actor: Actor) -> Delivery:
    """Mail an invitation (from ``actor``) to its person; what became of it. A mail that did not leave is
    recorded in the history (flushed; the caller commits), so that it can be sent again."""
    user, issued = invitation.user, invitation.link
    mailer = mailer_for(current_app.config["REGISTRY_SETTINGS"])
    delivery = mailer.send(
        user.email,
        "invitation",
        link=external_url("web.invitation_link", secret=issued.secret),
        role=role_description(user),
        inviter=actor.name,
        expires=_when(issued.link.expires_at),
    )
    if not delivery.sent:
        record_event(session, EventKind.INVITATION_UNDELIVERED, actor, user=user, error=delivery.error)
    return delivery


def mail_reset_later(reset: Reset) -> None:
    """Mail a reset link to its user from the sender thread (a failure is logged, without the link: nobody
    waits for it)."""
    user, issued = reset.user, reset.link
    url = external_url("web.reset_link", secret=issued.secret)
    context = {"link": url, "email": user.email, "expires": _when(issued.link.expires_at)}
    _outbox.submit(_send, current_app._get_current_object(), str(get_locale() or "en"), user.email, context)  # type: ignore[attr-defined]


def send_pending() -> None:
    """Wait until every mail asked for so far has left or been given up on (the sender thread's queue is
    empty)."""
    _outbox.submit(lambda: None).result()


def _send(app: Flask, locale: str, to: str, context: dict[str, Any]) -> None:
    try:
        with app.app_context(), force_locale(locale):
            delivery = mailer_for(app.config["REGISTRY_SETTINGS"]).send(to, "password_reset", **context)
        if not delivery.sent:
            log.warning("a password reset mail was not sent: %s", delivery.error)
    except Exception:  # a bug in a template, say: logged, and the thread goes on with the next mail
        log.exception("a password reset mail could not be made")


def role_description(user: User) -> str:
    """What the person may do, in words: "a party official of Kenya", "secretariat staff of the Basel
    convention", "an administrator"."""
    if user.role == "party":
        party = db.session().get(Party, user.party_code)
        return str(_("a party official of %(party)s", party=party.name if party else user.party_code))
    if user.role == "secretariat" and user.convention:
        convention = convention_label(user.convention)
        return str(_("secretariat staff of the %(convention)s convention", convention=convention))
    if user.role == "secretariat":
        return str(_("secretariat staff of the three conventions"))
    return str(_("an administrator of the registry"))


def _when(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
