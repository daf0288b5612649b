"""Following a link from a mail (an invitation, a password reset) to choose a password, and be signed in.

The link's secret is in its path only for the first request: that request checks it, keeps it in the
browser's session cookie and sends the browser on to a plain address, so that the secret is not in the
address bar, the browser's history, or the ``Referer`` of the page's own requests. (The server's log lines
hide it too: registry.logs.)
"""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for
from flask import session as cookie
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from registry.auth.invitations import accept_invitation
from registry.auth.links import LinkRefused, LinkState, Purpose, find_link
from registry.auth.models import User
from registry.auth.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from registry.auth.resets import complete_reset
from registry.db import db
from registry.errors import InvalidInput
from registry.web import bp
from registry.web.auth import end_session, start_session

Page = str | tuple[str, int] | Response
LINK_KEY = "account_link"
MAX_SECRET = 100
# Where each kind of link leads once its secret is held: the form's endpoint.
FORMS = {Purpose.INVITATION: "web.invitation", Purpose.PASSWORD_RESET: "web.reset_choose"}


@bp.get("/account/invitation/<secret>")
def invitation_link(secret: str) -> Page:
    return _hold(Purpose.INVITATION, secret)


@bp.get("/account/invitation")
def invitation() -> Page:
    return _form(Purpose.INVITATION)


@bp.post("/account/invitation")
def invitation_submit() -> Page:
    return _submit(Purpose.INVITATION, accept_invitation, WELCOMED)


@bp.get("/password-reset/<secret>")
def reset_link(secret: str) -> Page:
    return _hold(Purpose.PASSWORD_RESET, secret)


@bp.get("/password-reset/choose")
def reset_choose() -> Page:
    return _form(Purpose.PASSWORD_RESET)


@bp.post("/password-reset/choose")
def reset_choose_submit() -> Page:
    return _submit(Purpose.PASSWORD_RESET, complete_reset, RESET)


def _hold(purpose: Purpose, secret: str) -> Page:
    """Keep a live link's secret in this browser's session and go to its form; a clear page otherwise."""
    state, _link = find_link(db.session(), secret[:MAX_SECRET], purpose)
    if state is not LinkState.LIVE:
        return _refused(purpose, state)
    cookie[LINK_KEY] = {"purpose": purpose.value, "secret": secret}
    return redirect(url_for(FORMS[purpose]))


def _held(purpose: Purpose) -> tuple[LinkState, str, User | None]:
    """What the link this browser holds is worth now, its secret, and its user (when it is live)."""
    held = cookie.get(LINK_KEY)
    if not isinstance(held, dict) or held.get("purpose") != purpose.value:
        return LinkState.UNKNOWN, "", None
    secret = str(held.get("secret", ""))
    state, link = find_link(db.session(), secret, purpose)
    if state is not LinkState.LIVE or link is None:
        return state, secret, None
    return state, secret, db.session().get(User, link.user_id)


def _form(purpose: Purpose, errors: dict[str, list[str]] | None = None) -> Page:
    state, _secret, user = _held(purpose)
    if user is None:
        cookie.pop(LINK_KEY, None)
        return _refused(purpose, state)
    page = render_template(
        "choose_password.html",
        purpose=purpose.value,
        action=url_for(FORMS[purpose]),
        email=user.email,
        errors=errors,
        labels={"password": _("New password"), "password_repeat": _("The same password again")},
        min_length=MIN_PASSWORD_LENGTH,
        max_length=MAX_PASSWORD_LENGTH,
    )
    return (page, 422) if errors else page


def _submit(purpose: Purpose, redeem: Callable[[Session, str, str], User], done: LazyString) -> Page:
    """Set the password through ``redeem`` and sign the person in (this browser's session is a new one)."""
    state, secret, user = _held(purpose)
    if user is None:
        cookie.pop(LINK_KEY, None)
        return _refused(purpose, state)
    password = request.form.get("password", "")[:MAX_PASSWORD_LENGTH]
    if password != request.form.get("password_repeat", "")[:MAX_PASSWORD_LENGTH]:
        differ = _("The two passwords differ; type the same twice.")
        return _form(purpose, errors={"password_repeat": [differ]})
    session = db.session()
    try:
        user = redeem(session, secret, password)
    except InvalidInput as exc:
        session.rollback()
        return _form(purpose, errors=exc.errors)
    except LinkRefused as exc:
        session.rollback()
        cookie.pop(LINK_KEY, None)
        return _refused(purpose, exc.state)
    end_session()  # whoever was signed in on this browser before
    start_session(user)
    session.commit()
    flash(str(done) % {"email": user.email})
    return redirect(url_for("web.home"))


def _refused(purpose: Purpose, state: LinkState) -> tuple[str, int]:
    """The page of a link that does not work: what happened, and what to do now."""
    title, explanation = REFUSALS[(purpose, state)]
    status = 404 if state is LinkState.UNKNOWN else 410
    page = render_template(
        "link_refused.html", purpose=purpose.value, title=title, explanation=explanation, status=status
    )
    return page, status


WELCOMED = _l("Welcome, %(email)s: you are signed in.")
RESET = _l("Your new password is saved; you are signed in as %(email)s, and signed out everywhere else.")
NOT_VALID = (
    _l("This link is not valid"),
    _l(
        "Open the link from your mail, or copy its whole address into the browser: a link that was cut or "
        "changed opens nothing."
    ),
)
REFUSALS: dict[tuple[Purpose, LinkState], tuple[LazyString, LazyString]] = {
    (Purpose.INVITATION, LinkState.UNKNOWN): NOT_VALID,
    (Purpose.INVITATION, LinkState.USED): (
        _l("This invitation has been used already"),
        _l(
            "An invitation's link works once, and a newer invitation replaces the one before it: if you "
            "received several, use the latest mail."
        ),
    ),
    (Purpose.INVITATION, LinkState.EXPIRED): (
        _l("This invitation has expired"),
        _l("An invitation works for 7 days. Ask whoever invited you (your secretariat) to send a new one."),
    ),
    (Purpose.PASSWORD_RESET, LinkState.UNKNOWN): NOT_VALID,
    (Purpose.PASSWORD_RESET, LinkState.USED): (
        _l("This link has been used already"),
        _l(
            "A password reset link works once, and a newer one replaces it. Ask for a new link if you "
            "need one."
        ),
    ),
    (Purpose.PASSWORD_RESET, LinkState.EXPIRED): (
        _l("This link has expired"),
        _l("A password reset link works for one hour. Ask for a new one."),
    ),
}
