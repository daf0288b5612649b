"""``/api/v1/sync/runs``: past sync runs and their reports, newest first."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask.views import MethodView

from registry.api.bearer import token_actor_of_request
from registry.api.blueprint import Blueprint
from registry.api.cursors import CursorKind, UTCTime, decode_cursor, encode_cursor, key_text
from registry.api.openapi import BEARER
from registry.api.pagination import PageArgs, next_link
from registry.auth.policy import require_sync_read
from registry.db import db
from registry.syncruns.models import SyncRun
from registry.syncruns.services import MAX_RUN_ID, RunPosition, get_run, runs_after

blp = Blueprint(
    "sync_runs", __name__, url_prefix="/api/v1/sync/runs", description="Sync runs and their reports"
)


class RunSummarySchema(ma.Schema):
    id = ma.fields.String()
    mode = ma.fields.String(metadata={"enum": ["dry-run", "apply"]})
    status = ma.fields.String(metadata={"enum": ["running", "ok", "partial", "failed"]})
    started_at = ma.fields.DateTime()
    finished_at = ma.fields.DateTime(allow_none=True)
    conventions = ma.fields.Method(
        "_conventions", metadata={"description": "Each convention's status and summary"}
    )

    def _conventions(self, run: SyncRun) -> dict[str, Any]:
        parts = (run.report or {}).get("conventions", {})
        return {name: {"status": p.get("status"), "summary": p.get("summary")} for name, p in parts.items()}


class RunPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(RunSummarySchema))
    total = ma.fields.Integer()
    next = ma.fields.String(allow_none=True)


class RunReportSchema(ma.Schema):
    """The run's report, in the shape ``registry sync run --report`` writes."""

    class Meta:
        unknown = ma.INCLUDE

    run_id = ma.fields.String()
    mode = ma.fields.String()
    status = ma.fields.String()
    started_at = ma.fields.String()
    finished_at = ma.fields.String(allow_none=True)
    conventions = ma.fields.Dict()


RUN_CURSOR = CursorKind(RunPosition, at=UTCTime(), id=key_text(MAX_RUN_ID, min_length=1))


@blp.route("")
class Runs(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, RunPageSchema)
    @blp.problems(401, 403, 422)
    @blp.doc(operationId="listSyncRuns", security=[BEARER])
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List sync runs, newest first, with each convention's status and counts (secretariat, admin)"""
        require_sync_read(token_actor_of_request())
        after = decode_cursor(RUN_CURSOR, args["cursor"]) if args["cursor"] else None
        page = runs_after(db.session(), after, args["limit"])
        next_url = None
        if page.more:
            last = page.items[-1]
            next_url = next_link(args, encode_cursor(RUN_CURSOR, RunPosition(last.started_at, last.id)))
        return {"items": page.items, "total": page.total, "next": next_url}


@blp.route("/<run_id>")
class RunItem(MethodView):
    @blp.response(200, RunReportSchema)
    @blp.problems(401, 403, 404)
    @blp.doc(operationId="getSyncRun", security=[BEARER])
    def get(self, run_id: str) -> dict[str, Any]:
        """One run's full report: each convention's items and warnings (secretariat, admin)"""
        require_sync_read(token_actor_of_request())
        run = get_run(db.session(), run_id)
        return run.report or {"run_id": run.id, "mode": run.mode, "status": run.status, "conventions": {}}
