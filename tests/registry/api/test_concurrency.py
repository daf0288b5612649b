"""Concurrent writers, each in its own thread with its own session: the database settles every race.

Real commits (``committing_db``): each thread's request runs in its own transaction on its own connection.
On SQLite, writers queue (BEGIN IMMEDIATE); on PostgreSQL they run at once and the row version and the
unique index decide.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

from flask import Flask
from sqlalchemy import Engine, func, select
from werkzeug.test import TestResponse

from registry.audit.models import Change
from registry.auth.services import create_token
from registry.contacts.models import Contact
from registry.db import db, transaction
from registry.designations.models import Designation
from registry.errors import PROBLEM
from tests.factories import make_contact
from tests.registry.api.helpers import API, bearer

THREADS = 20


def _race(request: Callable[[int], TestResponse]) -> list[TestResponse]:
    """Run ``request(i)`` in THREADS threads released together; their responses, in thread order."""
    barrier = threading.Barrier(THREADS)
    responses: list[TestResponse | None] = [None] * THREADS

    def run(i: int) -> None:
        barrier.wait()
        responses[i] = request(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(r is not None for r in responses), "a request did not finish"
    return [r for r in responses if r is not None]


def _admin() -> dict[str, str]:
    with transaction() as session:
        _, secret = create_token(session, role="admin", name="race")
    return bearer(secret)


def test_concurrent_patches_with_one_etag_let_exactly_one_win(app: Flask, committing_db: Engine) -> None:
    headers = _admin()
    with transaction() as session:
        contact_id = make_contact(session).id
    tag = f'"contact-{contact_id}-v1"'

    def patch(i: int) -> TestResponse:
        return app.test_client().patch(
            f"{API}/contacts/{contact_id}",
            json={"position": f"Writer {i}"},
            headers={**headers, "If-Match": tag},
        )

    responses = _race(patch)
    assert Counter(r.status_code for r in responses) == {200: 1, 412: THREADS - 1}
    assert {r.mimetype for r in responses if r.status_code == 412} == {PROBLEM}
    winner = next(i for i, r in enumerate(responses) if r.status_code == 200)
    db.session.remove()
    session = db.session()
    contact = session.get(Contact, contact_id)
    assert contact is not None
    assert (contact.position, contact.version) == (f"Writer {winner}", 2)
    changes = session.scalar(
        select(func.count()).where(Change.resource == "contact", Change.resource_id == contact_id)
    )
    assert changes == 2


def test_concurrent_basel_focal_points_for_one_party_let_exactly_one_in(
    app: Flask, committing_db: Engine
) -> None:
    headers = _admin()
    with transaction() as session:
        contact_ids = [make_contact(session, "KEN").id for _ in range(THREADS)]

    def designate(i: int) -> TestResponse:
        data = {"convention": "basel", "role": "FP", "contact_id": contact_ids[i]}
        return app.test_client().post(f"{API}/designations", json=data, headers=headers)

    responses = _race(designate)
    assert Counter(r.status_code for r in responses) == {201: 1, 409: THREADS - 1}
    conflicts = [r for r in responses if r.status_code == 409]
    assert {r.mimetype for r in conflicts} == {PROBLEM}
    assert all("role" in r.get_json()["errors"] for r in conflicts)
    db.session.remove()
    session = db.session()
    current = session.scalars(
        select(Designation).where(Designation.party_code == "KEN", Designation.ends_on.is_(None))
    ).all()
    assert len(current) == 1
    assert session.scalar(select(func.count()).where(Change.resource == "designation")) == 1
