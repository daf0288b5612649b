"""A run's record in ``sync_runs``: started, finished with its report, or failed when it cannot finish.

No run stays ``running``: one that is interrupted in its own process (Ctrl-C, SIGTERM, a lost database) is
marked failed on its way out, and one whose process died outright (SIGKILL, the OOM killer, a reboot) is
marked failed by the next run, once that run holds the lock (so none other can be running).
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.db import utcnow
from registry.syncruns.models import SyncRun
from sync.report import run_status

log = logging.getLogger(__name__)
DIED = (
    "The run stopped before it finished: its process ended (killed, out of memory, or the machine "
    "restarted). What it had not committed was rolled back."
)


def start_run(session: Session, *, dry_run: bool) -> str:
    """A new run, ``running``, committed; returns its id."""
    run = SyncRun(id=str(uuid.uuid4()), mode="dry-run" if dry_run else "apply", started_at=utcnow())
    session.add(run)
    session.commit()
    return run.id


def finish_run(session: Session, run_id: str, parts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Store the run's report, built from each convention's part, and commit; returns the report."""
    run = session.get(SyncRun, run_id, populate_existing=True)
    assert run is not None, "a run's record is committed when it starts"
    run.finished_at = utcnow()
    run.status = run_status([part["status"] for part in parts.values()])
    run.report = _report(run, parts)
    session.commit()
    return run.report


def abandon_run(session: Session, run_id: str, exc: BaseException) -> None:
    """Mark a run failed because ``exc`` interrupted it; when the database is gone too, the next run will."""
    reason = f"The run was interrupted ({_described(exc)}); what it had not committed was rolled back."
    try:
        session.rollback()
        run = session.get(SyncRun, run_id, populate_existing=True)
        if run is not None:
            _fail(run, reason)
            session.commit()
    except Exception:
        log.info("could not record that run %s was interrupted", run_id, exc_info=True)


def end_interrupted_runs(session: Session) -> int:
    """Mark failed every run still ``running``: called with the lock held, none of them can be.

    Returns how many there were.
    """
    runs = list(session.scalars(select(SyncRun).where(SyncRun.status == "running")))
    for run in runs:
        _fail(run, DIED)
    session.commit()
    return len(runs)


def _fail(run: SyncRun, reason: str) -> None:
    run.status = "failed"
    run.finished_at = utcnow()
    run.report = _report(run, {}) | {"error": reason}


def _report(run: SyncRun, parts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "run_id": run.id,
        "mode": run.mode,
        "status": run.status,
        "started_at": iso(run.started_at),
        "finished_at": iso(run.finished_at),
        "conventions": parts,
    }


def _described(exc: BaseException) -> str:
    if isinstance(exc, KeyboardInterrupt):
        return "stopped by the operator"
    if isinstance(exc, SystemExit):
        return "the process was asked to stop"
    text = (str(exc).strip().splitlines() or [""])[0][:300]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def iso(value: Any) -> str | None:
    """A timestamp as the report writes it (ISO 8601, ``Z`` for UTC)."""
    return value.isoformat().replace("+00:00", "Z") if value is not None else None
