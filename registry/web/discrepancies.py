"""``/discrepancies``: what the sync found that staff settle. Open conflicts first, each with the registry's,
the list's and the last list's values side by side and a button for each way to settle it; then, per
convention, the designations its published list is out of date on, with the corrected list to download.

The resolution form carries the version of the discrepancy it showed: when someone settled it, or a run found
new values, meanwhile, nothing is changed and the page says so (the same rule as every form of the pages).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from registry.api.paths import ID_PATH
from registry.auth.policy import may_read_discrepancies, may_resolve_discrepancy, require_discrepancy_resolve
from registry.conventions import CONVENTIONS, convention_label
from registry.db import db
from registry.discrepancies.models import (
    KEEPS,
    KINDS,
    STATUSES,
    Discrepancy,
    DiscrepancyKind,
    DiscrepancyStatus,
    Keep,
)
from registry.discrepancies.services import discrepancies, get_discrepancy, open_count, resolve
from registry.errors import Conflict
from registry.web import bp
from registry.web.auth import signed_in, signed_in_actor, staff_required
from registry.web.forms import form_int, list_filters
from registry.web.values import author

# A page shows this many of each kind; a filter by party narrows a longer list.
SHOWN = 200
# Each convention's list in its own format (the exports of the sync, when they are plugged in).
EXPORT_FORMATS = {"basel": "xlsx", "rotterdam": "csv", "stockholm": "json"}
Page = str | tuple[str, int] | Response


def _found(
    kind: str, status: str, filters: dict[str, str | None], limit: int
) -> tuple[list[Discrepancy], bool]:
    stmt = discrepancies(kind=kind, status=status, **filters)
    newest = status == "resolved"
    order = (Discrepancy.resolved_at.desc(),) if newest else (Discrepancy.party_code, Discrepancy.role)
    rows = list(db.session().scalars(stmt.order_by(*order, Discrepancy.id).limit(limit + 1)))
    return rows[:limit], len(rows) > limit


@bp.get("/discrepancies")
@staff_required
def discrepancies_page() -> str:
    """Open conflicts, then each convention's list out of date, then the latest resolutions."""
    filters = list_filters()
    conflicts, more_conflicts = _found(DiscrepancyKind.CONFLICT, "open", filters, SHOWN)
    ahead, more_ahead = _found(DiscrepancyKind.REGISTRY_AHEAD, "open", filters, SHOWN)
    resolved, _more = _found(DiscrepancyKind.CONFLICT, "resolved", filters, 20)
    by_convention = {c: [d for d in ahead if d.convention == c] for c in CONVENTIONS}
    return render_template(
        "discrepancies.html",
        filters=filters,
        conflicts=conflicts,
        more_conflicts=more_conflicts,
        ahead=by_convention,
        more_ahead=more_ahead,
        resolved=resolved,
        downloads={c: export_link(c, filters["party"]) for c in CONVENTIONS},
        formats=EXPORT_FORMATS,
        shown=SHOWN,
    )


def export_link(convention: str, party: str | None) -> str | None:
    """Where to download the convention's list as the registry holds it, in its own format (one party's
    rows only, for ``party``); None when the exports are not installed."""
    if "exports.export" not in current_app.view_functions:
        return None
    values: dict[str, Any] = {"convention": convention, "extension": EXPORT_FORMATS[convention]}
    if party:
        values["party"] = party
    return url_for("exports.export", **values)


@bp.get(f"/discrepancies/<{ID_PATH}:discrepancy_id>")
@staff_required
def discrepancy_page(discrepancy_id: int) -> str:
    """One discrepancy (the links of the e-mails and of the sync reports)."""
    found = get_discrepancy(db.session(), discrepancy_id)
    return render_template(
        "discrepancy.html", d=found, download=export_link(found.convention, found.party_code)
    )


@bp.post(f"/discrepancies/<{ID_PATH}:discrepancy_id>/resolution")
@staff_required
def resolve_submit(discrepancy_id: int) -> Page:
    """Settle a conflict as the form says, unless it changed since the form was shown."""
    session, actor = db.session(), signed_in_actor()
    found = get_discrepancy(session, discrepancy_id, for_update=True)
    require_discrepancy_resolve(actor, found.convention)
    keep = request.form.get("keep", "")
    if keep not in (Keep.LIST, Keep.REGISTRY):
        return _stale(found, _("Choose whose values to keep."), 422)
    if not found.is_open:
        return _stale(found, _resolved_note(found), 409)
    if form_int("version") != found.version:
        return _stale(
            found, _("A sync run found new values since you opened this page; nothing was changed.")
        )
    try:
        resolve(session, found, keep, actor)
        session.commit()
    except Conflict as exc:  # what it would settle changed meanwhile (a designation ended)
        session.rollback()
        return _stale(get_discrepancy(session, discrepancy_id), f"{exc.detail} {_('Nothing was changed.')}")
    except StaleDataError:  # settled by someone else between reading and writing it
        session.rollback()
        again = get_discrepancy(session, discrepancy_id)
        return _stale(again, _resolved_note(again))
    flash(_done_note(found))
    return redirect(_back())


def _stale(found: Discrepancy, message: str, status: int = 409) -> tuple[str, int]:
    download = export_link(found.convention, found.party_code)
    return render_template("discrepancy.html", d=found, stale=message, download=download), status


def _resolved_note(found: Discrepancy) -> str:
    by = _who(found.resolved_by or {})
    at = found.resolved_at.strftime("%Y-%m-%d %H:%M") if found.resolved_at else ""
    keep = Keep(found.keep).label if found.keep else ""
    note = _(
        "Someone else settled this meanwhile: %(by)s kept %(keep)s on %(at)s UTC. Nothing was changed.",
        by=by,
        keep=keep,
        at=at,
    )
    return str(note)


def _done_note(found: Discrepancy) -> str:
    name = " ".join(p for p in ((found.contact or {}).get(k) for k in ("given_name", "family_name")) if p)
    what = f"{found.party_code}, {convention_label(found.convention)}"
    if found.keep == Keep.LIST:
        return str(_("Kept the list's values for %(who)s (%(what)s).", who=name or what, what=what))
    note = _(
        "Kept the registry's values for %(who)s (%(what)s); the list is now out of date.", who=name, what=what
    )
    return str(note)


def _who(actor: dict[str, Any]) -> str:
    return author(actor) if actor else str(_("someone"))


def _back() -> str:
    # Back to the page the form was on: only a path of this site, never an address elsewhere (open redirect).
    target = request.form.get("back", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("web.discrepancies_page")


@bp.app_context_processor
def _discrepancy_helpers() -> dict[str, Any]:
    # For the pages' templates: the header's count, and the words and rules of the discrepancy pages.
    actor = signed_in()

    def open_discrepancies() -> int:
        if not may_read_discrepancies(actor):
            return 0
        scope = None if actor is None or actor.convention is None else [actor.convention]
        return open_count(db.session(), conventions=scope)

    return {
        "open_discrepancies": open_discrepancies,
        "may_read_discrepancies": partial(may_read_discrepancies, actor),
        "may_resolve": partial(may_resolve_discrepancy, actor),
        "keep_label": lambda keep: Keep(keep).label if keep in KEEPS else keep,
        "kind_label": lambda kind: DiscrepancyKind(kind).label if kind in KINDS else kind,
        "status_label": lambda status: DiscrepancyStatus(status).label if status in STATUSES else status,
    }
