"""The people pages, for admins and secretariats: the users one may manage (role, scope, state, last
sign-in), inviting a person, resending an invitation, disabling an account; and, for admins, the history
of accounts."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from registry.api.paths import ID_PATH
from registry.auth.events import AccountEvent, EventKind, account_events
from registry.auth.invitations import Invitation, invite, resend_invitation
from registry.auth.mails import mail_invitation
from registry.auth.models import User
from registry.auth.policy import require_account_history_read, require_users_read
from registry.auth.schemas import STATUSES
from registry.auth.users import disable_user, users_of, with_status
from registry.db import db
from registry.errors import InvalidInput
from registry.paging import numbered_page
from registry.web import bp
from registry.web.access import invite_choices, read_access, role_name, scope_name
from registry.web.auth import sign_in_required, signed_in_actor
from registry.web.forms import Errors

PER_PAGE = 50
MAX_PAGE = 10_000
STATUS_NAMES = {"invited": _l("invited"), "active": _l("active"), "disabled": _l("disabled")}
HELPERS = {"account_role": role_name, "account_scope": scope_name, "status_names": STATUS_NAMES}


def _number() -> int:
    return min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)


@bp.get("/users")
@sign_in_required
def users_page() -> str:
    actor = signed_in_actor()
    require_users_read(actor)
    q = request.args.get("q", "")[:100].strip()
    status = request.args.get("status", "")
    stmt = users_of(actor).order_by(None)
    if status in STATUSES:
        stmt = with_status(stmt, status)
    if q:
        stmt = stmt.where(User.email.contains(q.lower(), autoescape=True))
    page = numbered_page(db.session(), stmt, [User.email], _number(), PER_PAGE)
    return render_template(
        "users.html", page=page, number=_number(), q=q, status=status, statuses=STATUSES, **HELPERS
    )


@bp.get("/users/invite")
@sign_in_required
def invite_page() -> str:
    # Filled in from the query when inviting a disabled person again ("Invite again" on the people page).
    values = {name: request.args.get(name, "")[:320] for name in ("email", "role", "party", "convention")}
    return _invite_form(values)


def _invite_form(values: dict[str, str], errors: Errors | None = None) -> str:
    actor = signed_in_actor()
    require_users_read(actor)
    return render_template(
        "invite.html",
        choices=invite_choices(db.session(), actor),
        values=values,
        errors=errors,
        labels={
            "email": _("E-mail address"),
            "role": _("Role"),
            "party": _("Party"),
            "convention": _("Convention"),
        },
    )


@bp.post("/users/invite")
@sign_in_required
def invite_submit() -> Response | tuple[str, int]:
    actor, session = signed_in_actor(), db.session()
    values = {**read_access(request.form), "email": request.form.get("email", "")[:320].strip()}
    try:
        invitation = invite(
            session,
            actor,
            email=values["email"],
            role=values["role"],
            party=values["party"] or None,
            convention=values["convention"] or None,
        )
    except InvalidInput as exc:
        session.rollback()
        return _invite_form(values, exc.errors), 422
    session.commit()
    _mail(invitation)
    return redirect(url_for("web.users_page"))


@bp.post(f"/users/<{ID_PATH}:user_id>/invitation")
@sign_in_required
def resend_submit(user_id: int) -> Response:
    invitation = resend_invitation(db.session(), signed_in_actor(), user_id)
    db.session().commit()
    _mail(invitation)
    return redirect(url_for("web.users_page"))


@bp.post(f"/users/<{ID_PATH}:user_id>/disable")
@sign_in_required
def disable_submit(user_id: int) -> Response:
    user = disable_user(db.session(), user_id, signed_in_actor())
    db.session().commit()
    flash(
        _(
            "%(email)s is disabled: their sessions ended, and their links and tokens no longer work.",
            email=user.email,
        )
    )
    return redirect(url_for("web.users_page"))


def _mail(invitation: Invitation) -> None:
    """Mail a committed invitation and tell the inviter what became of it."""
    delivery = mail_invitation(db.session(), invitation, signed_in_actor())
    db.session().commit()
    email, until = invitation.user.email, f"{invitation.link.link.expires_at:%Y-%m-%d %H:%M} UTC"
    if delivery.path is not None:  # no REGISTRY_SMTP_URL (a development set-up): say where to read it
        flash(
            _(
                "No mail server is set: the invitation to %(email)s was written to %(path)s. Its link works "
                "until %(until)s.",
                email=email,
                path=delivery.path,
                until=until,
            )
        )
    elif delivery.sent:
        flash(_("Invitation sent to %(email)s; its link works until %(until)s.", email=email, until=until))
    else:
        flash(
            _(
                "%(email)s is invited, but the mail could not be sent (%(error)s). Use 'Resend invitation' "
                "once the mail works again.",
                email=email,
                error=delivery.error,
            )
        )


@bp.get("/users/history")
@sign_in_required
def account_history() -> str:
    require_account_history_read(signed_in_actor())
    page = numbered_page(db.session(), account_events(), [AccountEvent.id.desc()], _number(), PER_PAGE)
    return render_template("account_history.html", page=page, number=_number(), kinds=EventKind, **HELPERS)
