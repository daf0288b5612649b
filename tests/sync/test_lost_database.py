"""The database going away in the middle of an apply (a killed connection): that convention is rolled back
whole, the run reports why, and the registry is as it was."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from registry.conventions import CONVENTIONS
from registry.db import db
from sync import apply as apply_module
from sync.runner import RunOptions, run_sync
from tests.sync.lists import fast_source, sample_paths
from tests.sync.state import dump


def _kill(session: Session, engine: Engine) -> None:
    """Cut the session's database connection from outside, as a server restart or a network cut would."""
    if engine.dialect.name == "postgresql":
        pid = session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    else:
        session.connection().invalidate()


def _run(conventions: tuple[str, ...] = CONVENTIONS) -> dict[str, Any]:
    options = RunOptions(sources=sample_paths("v2"), conventions=conventions, source_factory=fast_source)
    return run_sync(db.session(), options)


def test_killed_connection_mid_apply_leaves_the_convention_unchanged(
    committing_db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_sync(
        db.session(),
        RunOptions(sources=sample_paths("v1"), conventions=("basel",), source_factory=fast_source),
    )
    db.session.remove()
    before = dump(db.session())
    real = apply_module.create_designations
    calls = {"n": 0}

    def killed_after_three(session: Session, new: list[Any], actor: Any) -> Any:
        calls["n"] += 1
        written = real(session, new[:3], actor)
        _kill(session, committing_db)
        return written + real(session, new[3:], actor)

    monkeypatch.setattr(apply_module, "create_designations", killed_after_three)
    report = _run(("basel",))
    basel = report["conventions"]["basel"]
    assert basel["status"] == "failed"
    assert basel["error"].startswith("Nothing was applied for basel")
    assert calls["n"] == 1
    db.session.remove()
    assert dump(db.session()) == before


def test_after_a_killed_connection_the_next_run_applies(
    committing_db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = apply_module.create_designations
    calls = {"n": 0}

    def killed_once(session: Session, new: list[Any], actor: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            _kill(session, committing_db)
        return real(session, new, actor)

    monkeypatch.setattr(apply_module, "create_designations", killed_once)
    assert _run(("rotterdam",))["conventions"]["rotterdam"]["status"] == "failed"
    db.session.remove()
    again = _run(("rotterdam",))
    assert again["conventions"]["rotterdam"]["status"] == "ok"
    assert again["conventions"]["rotterdam"]["summary"]["added"] == 419
