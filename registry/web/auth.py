"""Who is signed in, their sessions, and the CSRF check of every form.

A signed-in user acts as an :class:`~registry.audit.actor.Actor` (kind ``user``) and is held to the same
rules (registry.auth.policy) as an API token of its role.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial, wraps
from typing import Any, TypeVar, cast

from flask import current_app, g, redirect, request, session, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

from registry.audit.actor import Actor
from registry.auth import policy
from registry.auth.models import User
from registry.auth.policy import require_sync_read
from registry.auth.sessions import (
    Lifetimes,
    end_user_session,
    end_user_sessions,
    resume_user_session,
    start_user_session,
    touch_user_session,
)
from registry.auth.users import user_actor
from registry.db import db
from registry.errors import Forbidden
from registry.web import bp
from registry.web.site import csrf, serves_pages

View = TypeVar("View", bound=Callable[..., Any])


# The key of the session secret in Flask's signed cookie (the database holds only its hash).
SESSION_KEY = "sid"


def lifetimes() -> Lifetimes:
    settings = current_app.config["REGISTRY_SETTINGS"]
    return Lifetimes(
        idle=dt.timedelta(minutes=settings.session_idle_minutes),
        absolute=dt.timedelta(hours=settings.session_lifetime_hours),
    )


@bp.before_app_request
def _load_user() -> None:
    # Also for a page that does not exist (its 404 page shows who is signed in), not for the API or assets.
    g.actor = None
    if not serves_pages() or request.endpoint == "web.static":
        return
    secret = session.get(SESSION_KEY)
    if not isinstance(secret, str):
        return
    user, due = resume_user_session(db.session(), secret, lifetimes())
    if user is None:  # signed out, run out, or its user disabled: the cookie is worth nothing now
        session.clear()
        return
    g.actor = user_actor(user)
    if due:
        # The read ends before the write begins (SQLite takes its write lock at the write's first statement).
        db.session().commit()
        touch_user_session(db.session(), secret)
        db.session().commit()


# Flask-WTF's reasons for refusing a form, in English only: the 400 page says them in its own language.
CSRF_REASONS = {
    "The CSRF token is missing.": _l("The CSRF token is missing."),
    "The CSRF session token is missing.": _l("The CSRF session token is missing."),
    "The CSRF token has expired.": _l("The CSRF token has expired."),
    "The CSRF token is invalid.": _l("The CSRF token is invalid."),
    "The CSRF tokens do not match.": _l("The CSRF tokens do not match."),
    "The referrer header is missing.": _l("The referrer header is missing."),
    "The referrer does not match the host.": _l("The referrer does not match the host."),
}


@bp.before_request
def _check_csrf() -> None:
    # Every form of the pages is a POST and carries the session's token; a POST without it is a 400 page.
    if request.method == "POST":
        try:
            csrf.protect()
        except CSRFError as error:
            reason = CSRF_REASONS.get(str(error.description))
            if reason is not None:
                error.description = str(reason)
            raise


def start_session(user: User) -> None:
    """Sign ``user`` in: a fresh session (never one that existed before signing in); the caller commits."""
    secret = start_user_session(db.session(), user, lifetimes())
    session.clear()
    session.permanent = True
    session[SESSION_KEY] = secret


def end_session() -> None:
    """Sign out this browser: its session ends in the database, so a copy of the cookie is signed out too."""
    secret = session.get(SESSION_KEY)
    if isinstance(secret, str):
        end_user_session(db.session(), secret)
    session.clear()


def end_every_session(user_id: int) -> int:
    """Sign the user out on every browser, this one included; returns how many sessions ended."""
    ended = end_user_sessions(db.session(), user_id)
    session.clear()
    return ended


def signed_in() -> Actor | None:
    actor: Actor | None = g.get("actor")
    return actor


def signed_in_actor() -> Actor:
    """The signed-in user as an actor (Forbidden for nobody: the views that call this require one)."""
    actor = signed_in()
    if actor is None:
        raise Forbidden(gettext("Sign in first."))
    return actor


def sign_in_required(view: View) -> View:
    """Send a visitor who is not signed in to the sign-in page, and back here afterwards."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if signed_in() is None:
            return redirect(url_for("web.sign_in", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return cast(View, wrapper)


def staff_required(view: View) -> View:
    """Secretariat staff and admins only (a party official gets the 403 page)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        require_sync_read(signed_in_actor())
        return view(*args, **kwargs)

    return sign_in_required(cast(View, wrapper))


@bp.app_context_processor
def _permissions() -> dict[str, Any]:
    # The policy's boolean forms, for the signed-in user (templates call them without an actor).
    actor = signed_in()
    return {
        "user": actor,
        "may_add_contact": partial(policy.may_add_contact, actor),
        "may_edit_contact": partial(policy.may_edit_contact, actor),
        "may_designate": partial(policy.may_designate, actor),
        "may_designate_any": partial(policy.may_designate_any, actor),
        "may_read_history": partial(policy.may_read_history, actor),
        "may_read_sync_runs": partial(policy.may_read_sync_runs, actor),
        "may_manage_users": partial(policy.may_manage_users, actor),
        "may_read_account_history": partial(policy.may_read_account_history, actor),
    }
