"""Sync runs and their reports, for secretariat staff and admins."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, render_template, request
from flask_babel import lazy_gettext as _l

from registry.conventions import CONVENTIONS
from registry.db import db
from registry.syncruns.services import get_run, numbered_runs
from registry.web import bp
from registry.web.auth import staff_required

RUNS_PER_PAGE = 50
# Far beyond any real history (a run a night for a thousand years), and small enough for any OFFSET.
MAX_PAGE = 10_000
# What a person must look at comes first.
ACTIONS: tuple[str, ...] = ("conflict", "registry_ahead", "removed", "added", "changed")
ACTION_TITLES = {
    "conflict": _l("Conflicts: changed in the registry and in the list (not applied)"),
    "registry_ahead": _l("Registry ahead: edited in the registry, the list is out of date"),
    "removed": _l("Removed"),
    "added": _l("Added"),
    "changed": _l("Changed"),
}
# The words a page shows for a report's values (the report itself keeps the contract's codes).
COUNT_LABELS = {
    "added": _l("Added"),
    "removed": _l("Removed"),
    "changed": _l("Changed"),
    "unchanged": _l("Unchanged"),
    "conflict": _l("Conflicts"),
    "registry_ahead": _l("Registry ahead"),
    "warnings": _l("Warnings"),
}
STATUS_LABELS = {
    "running": _l("running"),
    "ok": _l("ok"),
    "partial": _l("partial"),
    "failed": _l("failed"),
    "held": _l("held"),
}
MODE_LABELS = {"dry-run": _l("dry run"), "apply": _l("apply")}
WARNING_KINDS = {
    "unknown_country": _l("unknown country"),
    "unknown_role": _l("unknown role"),
    "non_party": _l("not a party"),
    "placeholder": _l("placeholder"),
    "duplicate": _l("duplicate"),
    "invalid_email": _l("invalid e-mail address"),
    "invalid_phone": _l("invalid phone number"),
    "invalid_scope": _l("invalid scope"),
    "invalid_value": _l("invalid value"),
    "ambiguous_match": _l("ambiguous match"),
    "refused": _l("refused by the registry"),
    "encoding": _l("encoding"),
}
# How many items of a group the report page shows before linking to the whole group.
ITEMS_SHOWN = 25
COUNTED = ("added", "removed", "changed", "unchanged", "conflict", "registry_ahead", "warnings")


@bp.get("/sync/runs")
@staff_required
def runs() -> str:
    number = min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
    page = numbered_runs(db.session(), number, RUNS_PER_PAGE)
    return render_template(
        "runs.html",
        runs=page.items,
        page=number,
        more=page.more,
        counted=COUNTED,
        conventions=CONVENTIONS,
        **_labels(),
    )


def item_groups(part: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """A convention's items by action, conflicts and registry_ahead first; actions without items left out."""
    items = part.get("items") or []
    groups = [(action, [i for i in items if i.get("action") == action]) for action in ACTIONS]
    return [(action, found) for action, found in groups if found]


@bp.get("/sync/runs/<run_id>")
@staff_required
def run(run_id: str) -> str:
    """One run's report; ``?convention=basel&action=added`` shows every item of that group."""
    found = get_run(db.session(), run_id)
    report = found.report or {}
    parts = report.get("conventions") or {}
    groups = {name: item_groups(part) for name, part in parts.items()}
    focus = (request.args.get("convention", ""), request.args.get("action", ""))
    return render_template(
        "run.html",
        run=found,
        report=report,
        parts=parts,
        groups=groups,
        focus=focus if focus[0] in parts and focus[1] in ACTIONS else None,
        focus_items=dict(groups.get(focus[0], [])).get(focus[1], []),
        shown=ITEMS_SHOWN,
        titles=ACTION_TITLES,
        counted=COUNTED,
        **_labels(),
    )


def _labels() -> dict[str, dict[str, Any]]:
    return {
        "count_labels": COUNT_LABELS,
        "statuses": STATUS_LABELS,
        "modes": MODE_LABELS,
        "warning_kinds": WARNING_KINDS,
    }


@bp.get("/sync/runs/<run_id>/report.json")
@staff_required
def run_json(run_id: str) -> Response:
    """The run's report as JSON, for staff signed in to the pages (the API asks for a token instead)."""
    return jsonify(get_run(db.session(), run_id).report or {})
