"""Who is signed in, what they may do, and the CSRF check of every form.

A signed-in user acts as an :class:`~registry.audit.actor.Actor` (kind ``user``) and is held to the same
authorization functions as an API token of its role.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import current_app, g, redirect, request, session, url_for

from registry.audit.actor import Actor
from registry.auth.services import require_contact_write, require_designation_write
from registry.auth.sessions import (
    Lifetimes,
    end_user_session,
    end_user_sessions,
    resume_user_session,
    start_user_session,
    touch_user_session,
)
from registry.auth.users import User, user_actor
from registry.contacts.models import Contact
from registry.conventions import CONVENTIONS
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


@bp.before_request
def _check_csrf() -> None:
    # Every form of the pages is a POST and carries the session's token; a POST without it is a 400 page.
    if request.method == "POST":
        csrf.protect()


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


def current_actor() -> Actor:
    """The signed-in user (the views that call this require one)."""
    actor = signed_in()
    if actor is None:
        raise Forbidden("Sign in first.")
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
        if current_actor().role not in ("secretariat", "admin"):
            raise Forbidden("Only secretariat staff and admins may read the sync reports.")
        return view(*args, **kwargs)

    return sign_in_required(cast(View, wrapper))


def require_history_read(actor: Actor, party_code: str) -> None:
    """A contact's history: secretariat staff, admins, and the party's own officials (as in the API)."""
    if actor.role in ("admin", "secretariat") or (actor.role == "party" and actor.party == party_code):
        return
    raise Forbidden(f"Only secretariats, admins and {party_code}'s own officials may read this history.")


def _allowed(check: Callable[..., None], *args: Any) -> bool:
    actor = signed_in()
    if actor is None:
        return False
    try:
        check(actor, *args)
    except Forbidden:
        return False
    return True


def may_add_contact(party_code: str) -> bool:
    """Whether the user may add a contact to the party (a secretariat: one it designates at once)."""
    giving = {c for c in CONVENTIONS if may_designate(party_code, c)}
    return _allowed(require_contact_write, party_code, None, giving)


def may_edit_contact(contact: Contact) -> bool:
    return _allowed(require_contact_write, contact.party_code, contact)


def may_designate(party_code: str, convention: str) -> bool:
    return _allowed(require_designation_write, party_code, convention)


def may_designate_any(party_code: str) -> bool:
    return any(may_designate(party_code, convention) for convention in CONVENTIONS)


def may_read_history(party_code: str) -> bool:
    return _allowed(require_history_read, party_code)


@bp.app_context_processor
def _permissions() -> dict[str, Any]:
    return {
        "user": signed_in(),
        "may_add_contact": may_add_contact,
        "may_edit_contact": may_edit_contact,
        "may_designate": may_designate,
        "may_designate_any": may_designate_any,
        "may_read_history": may_read_history,
    }
