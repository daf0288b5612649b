"""Signing in and out."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from registry.auth.throttle import SignInThrottle
from registry.auth.users import check_credentials
from registry.db import db
from registry.web import bp
from registry.web.auth import end_session, start_session


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this site only (never another site's address)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return url_for("web.home")


@bp.get("/sign-in")
def sign_in() -> str:
    return render_template("sign_in.html", email="", next=request.args.get("next", ""))


@bp.post("/sign-in")
def sign_in_submit() -> str | tuple[str, int] | tuple[str, int, dict[str, str]] | Response:
    email = request.form.get("email", "").strip()
    throttle: SignInThrottle = current_app.extensions["sign_in_throttle"]
    wait = throttle.wait_seconds(email)
    if wait:
        # The password is not even checked: a guess made now can never succeed.
        message = (
            "Too many failed sign-ins with this e-mail address. For the account's safety, signing in with it "
            f"is paused: try again in {_duration(wait)}."
        )
        page = render_template("sign_in.html", email=email, next=request.form.get("next", ""), failed=message)
        return page, 429, {"Retry-After": str(wait)}
    user = check_credentials(db.session(), email, request.form.get("password", ""))
    if user is None:
        throttle.failed(email)
        page = render_template(
            "sign_in.html",
            email=email,
            next=request.form.get("next", ""),
            failed="That e-mail address and password do not match an active account.",
        )
        return page, 422
    start_session(user)
    flash(f"Signed in as {user.email}.")
    return redirect(safe_next(request.form.get("next")))


def _duration(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@bp.post("/sign-out")
def sign_out() -> Response:
    end_session()
    flash("Signed out.")
    return redirect(url_for("web.home"))
