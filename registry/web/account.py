"""Signing in and out (here, or on every browser at once)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit, urlunsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from registry.auth.throttle import Attempt, SignInThrottle
from registry.auth.users import MAX_PASSWORD_LENGTH, check_credentials
from registry.contacts.values import MAX_EMAIL
from registry.db import db, utcnow
from registry.web import bp
from registry.web.auth import end_every_session, end_session, signed_in, start_session

Page = str | tuple[str, int] | tuple[str, int, dict[str, str]] | Response
# A browser an account signed in from is remembered (by a signed cookie naming the address's key), so that
# its owner can still sign in there while guessers elsewhere have paused the address (registry.auth.throttle).
KNOWN_COOKIE = "registry_known"
KNOWN_FOR = dt.timedelta(days=180)
KNOWN_MAX = 5
MAX_NEXT = 2000


def safe_next(target: str | None) -> str:
    """Where to go after signing in: ``target`` rebuilt as a path of this site (no scheme, no host, no
    control character, no backslash, which browsers read as a slash); anything else is the home page."""
    home = url_for("web.home")
    if not target or len(target) > MAX_NEXT or "\\" in target or not target.isprintable():
        return home
    try:
        parts = urlsplit(target)
    except ValueError:  # "//[x": an unclosed IPv6 host
        return home
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return home
    return urlunsplit(("", "", parts.path, parts.query, parts.fragment))


def _throttle() -> SignInThrottle:
    throttle: SignInThrottle = current_app.extensions["sign_in_throttle"]
    return throttle


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key or "", salt="known-browser")


def _known_addresses() -> list[str]:
    """The address keys this browser has signed in with (none when its cookie is missing or forged)."""
    try:
        keys = _serializer().loads(
            request.cookies.get(KNOWN_COOKIE, ""), max_age=int(KNOWN_FOR.total_seconds())
        )
    except BadSignature:
        return []
    return [k for k in keys if isinstance(k, str)][:KNOWN_MAX] if isinstance(keys, list) else []


def _remember_browser(response: Response, attempt: Attempt) -> None:
    keys = [attempt.address_key, *(k for k in _known_addresses() if k != attempt.address_key)][:KNOWN_MAX]
    response.set_cookie(
        KNOWN_COOKIE,
        _serializer().dumps(keys),
        max_age=int(KNOWN_FOR.total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
    )


@bp.get("/sign-in")
def sign_in() -> str:
    return render_template("sign_in.html", email="", next=safe_next(request.args.get("next")))


@bp.post("/sign-in")
def sign_in_submit() -> Page:
    # Cut before anything else reads it: no address is longer, and nothing longer is kept or hashed.
    email = request.form.get("email", "")[:MAX_EMAIL]
    target = safe_next(request.form.get("next"))
    session = db.session()
    attempt = _throttle().attempt(email, request.remote_addr or "-", frozenset(_known_addresses()))
    wait = _throttle().wait_seconds(session, attempt)
    if wait:
        # The password is not even checked: a guess made now can never succeed.
        message = gettext(
            "Too many failed sign-ins with this e-mail address. For the account's safety, signing in with it "
            "is paused: try again in %(duration)s.",
            duration=wait_words(wait),
        )
        page = render_template("sign_in.html", email=email, next=target, failed=message)
        return page, 429, {"Retry-After": str(wait)}
    user = check_credentials(session, email, request.form.get("password", "")[:MAX_PASSWORD_LENGTH])
    if user is None:
        _throttle().record(session, attempt)
        session.commit()
        failed = gettext("That e-mail address and password do not match an active account.")
        return render_template("sign_in.html", email=email, next=target, failed=failed), 422
    start_session(user)
    user.last_sign_in_at = utcnow()
    session.commit()
    flash(gettext("Signed in as %(email)s.", email=user.email))
    response = redirect(target)
    _remember_browser(response, attempt)
    return response


def wait_words(seconds: int) -> str:
    """A wait in words: "40 seconds", "2 minutes" (minutes rounded up), "3 hours" past two hours."""
    if seconds < 60:
        return str(ngettext("%(num)d second", "%(num)d seconds", seconds))
    minutes = -(-seconds // 60)
    if minutes <= 120:
        return str(ngettext("%(num)d minute", "%(num)d minutes", minutes))
    return str(ngettext("%(num)d hour", "%(num)d hours", -(-minutes // 60)))


@bp.post("/sign-out")
def sign_out() -> Response:
    end_session()
    db.session().commit()
    flash(gettext("Signed out."))
    return redirect(url_for("web.home"))


@bp.post("/sign-out-everywhere")
def sign_out_everywhere() -> Response:
    """End every session of the signed-in user: on this browser and on any other."""
    actor = signed_in()
    if actor is not None and actor.user_id is not None:
        ended = end_every_session(actor.user_id)
        db.session().commit()
        flash(
            ngettext(
                "Signed out everywhere (%(num)d session ended).",
                "Signed out everywhere (%(num)d sessions ended).",
                ended,
            )
        )
    return redirect(url_for("web.home"))
