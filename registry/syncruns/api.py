"""``/api/v1/sync/runs``: past sync runs and their reports, newest first."""

from __future__ import annotations

import datetime as dt
from typing import Any

import marshmallow as ma
from flask import request, url_for
from flask.views import MethodView
from sqlalchemy import select, tuple_

from registry.api import Blueprint, PageArgs
from registry.db import count, db
from registry.errors import InvalidInput, NotFound
from registry.syncruns.models import SyncRun

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


@blp.route("")
class Runs(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, RunPageSchema)
    @blp.problems(422)
    @blp.doc(operationId="listSyncRuns")
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List sync runs, newest first, with each convention's status and counts"""
        session = db.session()
        stmt = select(SyncRun)
        total = count(session, stmt)
        if args["cursor"]:
            started, _, run_id = args["cursor"].partition("|")
            if not run_id:
                raise InvalidInput({"cursor": ["Not a cursor this API gave out; start again without it."]})
            stmt = stmt.where(tuple_(SyncRun.started_at, SyncRun.id) < tuple_(_timestamp(started), run_id))
        runs = list(
            session.scalars(
                stmt.order_by(SyncRun.started_at.desc(), SyncRun.id.desc()).limit(args["limit"] + 1)
            )
        )
        next_url = None
        if len(runs) > args["limit"]:
            runs = runs[: args["limit"]]
            last = runs[-1]
            query = {k: v for k, v in request.args.items() if k != "cursor"}
            next_url = url_for(
                "sync_runs.Runs", _external=True, **query, cursor=f"{last.started_at.isoformat()}|{last.id}"
            )
        return {"items": runs, "total": total, "next": next_url}


@blp.route("/<run_id>")
class RunItem(MethodView):
    @blp.response(200, RunReportSchema)
    @blp.problems(404)
    @blp.doc(operationId="getSyncRun")
    def get(self, run_id: str) -> dict[str, Any]:
        """One run's full report: each convention's items and warnings"""
        run = db.session().get(SyncRun, run_id)
        if run is None:
            raise NotFound(f"There is no sync run {run_id!r}.")
        return run.report or {"run_id": run.id, "mode": run.mode, "status": run.status, "conventions": {}}


def _timestamp(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError(value)
        return moment
    except ValueError:
        raise InvalidInput({"cursor": ["Not a cursor this API gave out; start again without it."]}) from None
