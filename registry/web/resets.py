"""``/password-reset``: ask for a link to choose a new password.

The answer is the same page with the same status for every address, known or not, and takes as long
(the mail leaves after the answer: registry.auth.mails). Every request counts towards the limits, known
address or not (registry.auth.throttle): a limit reached is the same 429 for any address.
"""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from registry.auth.mails import mail_reset_later
from registry.auth.resets import request_reset
from registry.auth.throttle import SignInThrottle
from registry.auth.users import checked_address
from registry.contacts.values import MAX_EMAIL
from registry.db import db
from registry.web import bp
from registry.web.account import wait_words

Page = str | tuple[str, int] | tuple[str, int, dict[str, str]] | Response


def _throttle() -> SignInThrottle:
    throttle: SignInThrottle = current_app.extensions["reset_throttle"]
    return throttle


@bp.get("/password-reset")
def password_reset() -> str:
    return render_template("password_reset.html", email="", errors=None)


@bp.post("/password-reset")
def password_reset_submit() -> Page:
    email = request.form.get("email", "")[:MAX_EMAIL].strip()
    _address, errors = checked_address(email)
    if errors:  # not an address at all: says nothing of any account
        return render_template("password_reset.html", email=email, errors=errors), 422
    session = db.session()
    attempt = _throttle().attempt(email, request.remote_addr or "-")
    wait = _throttle().wait_seconds(session, attempt)
    if wait:
        failed = _(
            "Too many requests for a link, for this address or from this network. Try again in %(wait)s.",
            wait=wait_words(wait),
        )
        page = render_template("password_reset.html", email=email, errors=None, failed=failed)
        return page, 429, {"Retry-After": str(wait)}
    _throttle().record(session, attempt)
    reset = request_reset(session, email)
    session.commit()
    if reset is not None:
        mail_reset_later(reset)
    # Word for word the same page whatever the address: not even the address typed is echoed.
    return render_template("password_reset_sent.html")
