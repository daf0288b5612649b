"""Sync runs and their reports, for secretariat staff and admins."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, render_template, request

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
    "conflict": "Conflicts: changed in the registry and in the list (not applied)",
    "registry_ahead": "Registry ahead: edited in the registry, the list is out of date",
    "removed": "Removed",
    "added": "Added",
    "changed": "Changed",
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
    )


@bp.get("/sync/runs/<run_id>/report.json")
@staff_required
def run_json(run_id: str) -> Response:
    """The run's report as JSON, for staff signed in to the pages (the API asks for a token instead)."""
    return jsonify(get_run(db.session(), run_id).report or {})
