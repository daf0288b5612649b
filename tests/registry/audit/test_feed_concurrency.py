"""A consumer following the feed while five writers commit 500 changes sees each exactly once, in order."""

from __future__ import annotations

import threading
import time
from typing import Any

from flask import Flask
from sqlalchemy import Engine, select

from registry.audit.actor import cli_actor
from registry.contacts.models import Contact
from registry.contacts.services import create_contact, update_contact
from registry.db import db, declare_writer

WRITERS = 5
PER_WRITER = 100


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


def _consume(app: Flask, start: str, done: threading.Event, seen: list[dict[str, Any]]) -> None:
    client = app.test_client()
    url = start
    while True:
        finished = done.is_set()
        page = client.get(url).get_json()
        seen.extend(page["items"])
        url = page["next"]
        if finished and not page["items"]:
            return
        if not page["items"]:
            time.sleep(0.005)  # a consumer polls; it does not spin (and starve the writers of the GIL)


def test_feed_under_concurrent_writers_gives_each_change_once_in_commit_order(
    app: Flask, committing_db: Engine
) -> None:
    start = app.test_client().get("/api/v1/changes?limit=1000").get_json()
    while start["items"]:
        start = app.test_client().get(start["next"]).get_json()
    done, seen, errors = threading.Event(), [], []  # type: ignore[var-annotated]
    consumer = threading.Thread(target=_consume, args=(app, start["next"], done, seen))
    consumer.start()
    writers = [threading.Thread(target=_writer, args=(n, errors)) for n in range(WRITERS)]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    consumer.join(timeout=60)
    assert errors == []
    seqs = [item["seq"] for item in seen]
    assert len(seqs) == WRITERS * PER_WRITER
    assert seqs == sorted(seqs)
    assert len(set(seqs)) == len(seqs)
    rebuilt: dict[int, dict[str, Any]] = {}
    for item in seen:
        rebuilt[item["id"]] = item["state"]
    contacts = db.session().scalars(select(Contact).where(Contact.id.in_(list(rebuilt)))).all()
    assert {c.id: c.position for c in contacts} == {i: s["position"] for i, s in rebuilt.items()}
    assert {s["position"] for s in rebuilt.values()} == {str(PER_WRITER - 1)}
