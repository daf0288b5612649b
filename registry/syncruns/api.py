"""``/api/v1/sync/runs``: past sync runs and their reports, newest first."""

from __future__ import annotations

import datetime as dt
from typing import Any

import marshmallow as ma
from flask.views import MethodView
from sqlalchemy import select, tuple_

from registry.api import BEARER, Blueprint, PageArgs, current_actor, decode_cursor, encode_cursor, list_query
from registry.db import count, db
from registry.errors import Forbidden, NotFound
from registry.links import external_url
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


def _staff() -> None:
    """Sync reports (source locations, every row) are for secretariats and admins, as on the pages."""
    if current_actor().role not in ("secretariat", "admin"):
        raise Forbidden("Only secretariat and admin tokens may read sync runs.")


@blp.route("")
class Runs(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, RunPageSchema)
    @blp.problems(401, 403, 422)
    @blp.doc(operationId="listSyncRuns", security=[BEARER])
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List sync runs, newest first, with each convention's status and counts (secretariat, admin)"""
        _staff()
        session = db.session()
        stmt = select(SyncRun)
        total = count(session, stmt)
        if args["cursor"]:
            started, run_id = _position(args["cursor"])
            stmt = stmt.where(tuple_(SyncRun.started_at, SyncRun.id) < tuple_(started, run_id))
        runs = list(
            session.scalars(
                stmt.order_by(SyncRun.started_at.desc(), SyncRun.id.desc()).limit(args["limit"] + 1)
            )
        )
        next_url = None
        if len(runs) > args["limit"]:
            runs = runs[: args["limit"]]
            cursor = encode_cursor({"at": runs[-1].started_at.isoformat(), "id": runs[-1].id})
            next_url = external_url("sync_runs.Runs", **list_query(args), cursor=cursor)
        return {"items": runs, "total": total, "next": next_url}


@blp.route("/<run_id>")
class RunItem(MethodView):
    @blp.response(200, RunReportSchema)
    @blp.problems(401, 403, 404)
    @blp.doc(operationId="getSyncRun", security=[BEARER])
    def get(self, run_id: str) -> dict[str, Any]:
        """One run's full report: each convention's items and warnings (secretariat, admin)"""
        _staff()
        run = db.session().get(SyncRun, run_id)
        if run is None:
            raise NotFound(f"There is no sync run {run_id!r}.")
        return run.report or {"run_id": run.id, "mode": run.mode, "status": run.status, "conventions": {}}


def _position(cursor: str) -> tuple[dt.datetime, str]:
    """The start time and id a cursor resumes after; 422 for one this API did not give out."""
    run_id: str = decode_cursor(cursor, "id", lambda v: isinstance(v, str) and 0 < len(v) <= 36)
    at: str = decode_cursor(cursor, "at", lambda v: _timestamp(v) is not None)
    started = _timestamp(at)
    assert started is not None  # checked by decode_cursor
    return started, run_id


def _timestamp(value: object) -> dt.datetime | None:
    """An ISO 8601 time with its offset, in UTC; None for anything else (also a time UTC cannot hold)."""
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
        return moment.astimezone(dt.UTC) if moment.tzinfo is not None else None
    except (ValueError, OverflowError):
        return None
