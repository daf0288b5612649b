"""Followers of the feed while five writers commit changes at once: from the feed's end, or from a time
(``since=``), a follower sees each later change exactly once, in commit order; and a change's own time as
``since`` starts exactly there."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any
from urllib.parse import quote

from flask import Flask
from sqlalchemy import Engine, select

from registry.audit.actor import cli_actor
from registry.audit.models import Change
from registry.contacts.models import Contact
from registry.contacts.services import create_contact, update_contact
from registry.db import db, declare_writer

WRITERS = 5
PER_WRITER = 60


def _writer(number: int, errors: list[BaseException]) -> None:
    declare_writer()
    try:
        session = db.session()
        contact = create_contact(
            session, "KEN", {"family_name": f"Writer{number}", "position": "0"}, cli_actor()
        )
        session.commit()
        for step in range(1, PER_WRITER):
            update_contact(session, contact, {"position": str(step)}, cli_actor(f"writer {number}"))
            session.commit()
    except BaseException as exc:  # reported by the test
        errors.append(exc)
    finally:
        db.session.remove()


def _follow(app: Flask, url: str, done: threading.Event | None = None) -> list[dict[str, Any]]:
    """Every item from ``url`` on; with ``done``, polling until it is set and the feed is drained."""
    client, seen = app.test_client(), []
    while True:
        finished = done is None or done.is_set()
        page = client.get(url).get_json()
        seen.extend(page["items"])
        url = page["next"]
        if finished and not page["items"]:
            return seen
        if not page["items"]:
            time.sleep(0.005)  # a consumer polls; it does not spin (and starve the writers of the GIL)


def _write_concurrently(app: Flask, url: str) -> list[dict[str, Any]]:
    """Run the writers while a follower reads from ``url``; what the follower saw."""
    done, seen, errors = threading.Event(), [], []  # type: ignore[var-annotated]
    follower = threading.Thread(target=lambda: seen.extend(_follow(app, url, done)))
    follower.start()
    writers = [threading.Thread(target=_writer, args=(n, errors)) for n in range(WRITERS)]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    follower.join(timeout=60)
    assert errors == []
    return seen


def _each_once_in_commit_order(seen: list[dict[str, Any]]) -> None:
    seqs = [item["seq"] for item in seen]
    assert len(seqs) == len(set(seqs)) == WRITERS * PER_WRITER
    assert seqs == sorted(seqs)


def test_feed_under_concurrent_writers_gives_each_change_once_in_commit_order(
    app: Flask, committing_db: Engine
) -> None:
    start = app.test_client().get("/api/v1/changes?limit=1000").get_json()
    while start["items"]:
        start = app.test_client().get(start["next"]).get_json()
    seen = _write_concurrently(app, start["next"])
    _each_once_in_commit_order(seen)
    rebuilt: dict[int, dict[str, Any]] = {}
    for item in seen:
        rebuilt[item["id"]] = item["state"]
    contacts = db.session().scalars(select(Contact).where(Contact.id.in_(list(rebuilt)))).all()
    assert {c.id: c.position for c in contacts} == {i: s["position"] for i, s in rebuilt.items()}
    assert {s["position"] for s in rebuilt.values()} == {str(PER_WRITER - 1)}


def test_since_follower_sees_each_concurrent_change_once_in_commit_order(
    app: Flask, committing_db: Engine
) -> None:
    start = dt.datetime.now(dt.UTC)
    _each_once_in_commit_order(
        _write_concurrently(app, f"/api/v1/changes?limit=50&since={quote(start.isoformat())}")
    )


def test_since_a_changes_time_starts_exactly_there_after_concurrent_writes(
    app: Flask, committing_db: Engine
) -> None:
    _write_concurrently(app, "/api/v1/changes?limit=1000&since=2999-01-01")
    written = list(db.session().scalars(select(Change).order_by(Change.seq)))
    for boundary in written[:: len(written) // 7]:
        url = f"/api/v1/changes?limit=100&since={quote(boundary.at.isoformat())}"
        got = [item["seq"] for item in _follow(app, url)]
        expected = [c.seq for c in written if c.at >= boundary.at]
        assert got == expected
        assert got[0] <= boundary.seq
