"""``/account/tokens``: a signed-in person makes (shown once), lists and revokes their own API tokens, never
wider than their own role and scope (registry.auth.policy)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from registry.api.paths import ID_PATH
from registry.auth.models import DEFAULT_DAYS, User
from registry.auth.services import grant_token, list_tokens, revoke_token
from registry.db import db, utcnow
from registry.errors import InvalidInput
from registry.web import bp
from registry.web.access import read_access, role_name, scope_name, token_choices
from registry.web.auth import sign_in_required, signed_in_actor
from registry.web.forms import Errors

EXPIRY_DAYS = (30, 90, 180, DEFAULT_DAYS)
LABELS = {"name": _l("Name"), "expires_in": _l("Expires after")}
STATES = {"active": _l("active"), "expired": _l("expired"), "revoked": _l("revoked")}


def _page(values: dict[str, str], errors: Errors | None = None, **new: Any) -> str:
    actor = signed_in_actor()
    session = db.session()
    return render_template(
        "tokens.html",
        tokens=list_tokens(session, actor.user_id),
        choices=token_choices(session, actor),
        values=values,
        errors=errors,
        labels=LABELS,
        states=STATES,
        expiry_choices=[(str(d), _("%(days)d days", days=d)) for d in EXPIRY_DAYS],
        account_role=role_name,
        account_scope=scope_name,
        now=utcnow(),
        **new,
    )


def _defaults() -> dict[str, str]:
    actor = signed_in_actor()
    return {
        "name": "",
        "role": actor.role or "",
        "party": actor.party or "",
        "convention": actor.convention or "",
        "expires_in": str(DEFAULT_DAYS),
    }


@bp.get("/account/tokens")
@sign_in_required
def tokens_page() -> str:
    return _page(_defaults())


@bp.post("/account/tokens")
@sign_in_required
def create_token_submit() -> str | tuple[str, int]:
    """Make a token and show it, once, in a read-only field (no JavaScript needed to copy it)."""
    actor, session = signed_in_actor(), db.session()
    values = {**read_access(request.form), "name": request.form.get("name", "")[:200]}
    values["expires_in"] = request.form.get("expires_in", "")[:6]
    try:
        token, secret = grant_token(
            session,
            actor,
            _user(),
            name=values["name"],
            role=values["role"],
            party=values["party"] or None,
            convention=values["convention"] or None,
            expires_in_days=_days(values["expires_in"]),
        )
    except InvalidInput as exc:
        session.rollback()
        return _page(values, exc.errors), 422
    session.commit()
    return _page(_defaults(), new_token=token, secret=secret)


@bp.post(f"/account/tokens/<{ID_PATH}:token_id>/revoke")
@sign_in_required
def revoke_token_submit(token_id: int) -> Response:
    """Revoke one of one's own tokens (another's is a 404: it is not on one's page)."""
    actor = signed_in_actor()
    token = revoke_token(db.session(), token_id, actor, owner_id=actor.user_id)
    db.session().commit()
    flash(_("The token %(name)s is revoked: it no longer works.", name=token.name))
    return redirect(url_for("web.tokens_page"))


def _user() -> User:
    user = db.session().get(User, signed_in_actor().user_id)
    assert user is not None  # a signed-in user's row
    return user


def _days(text: str) -> int:
    """The days a token lasts, as the form chose; InvalidInput (``expires_in``) for anything else."""
    if not text.isdigit() or not 1 <= int(text) <= DEFAULT_DAYS:
        message = _("Choose how many days the token works: 1 to %(max)d.", max=DEFAULT_DAYS)
        raise InvalidInput({"expires_in": [message]})
    return int(text)
