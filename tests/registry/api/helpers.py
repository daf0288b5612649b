"""What the API tests share: problem assertions, a dump of what writes change, request bodies."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from registry.errors import PROBLEM

API = "/api/v1"


def assert_problem(response: TestResponse, status: int, *fields: str) -> dict[str, Any]:
    """Assert an RFC 9457 problem with this status (naming ``fields`` in ``errors``); return its body."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body: dict[str, Any] = response.get_json(force=True)
    assert body["status"] == status
    assert body["type"].startswith("https://")
    assert body["title"]
    assert body["detail"]
    if fields:
        assert set(fields) <= set(body["errors"]), body
    return body


def dump(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables a write may change, read afresh with SQL (no identity map in the way)."""
    session.expire_all()
    return {
        table: [tuple(row) for row in session.execute(text(f"SELECT * FROM {table} ORDER BY {key}"))]
        for table, key in (("contacts", "id"), ("designations", "id"), ("changes", "seq"))
    }


def count_changes(session: Session, resource: str, resource_id: int) -> int:
    return int(
        session.scalar(
            text("SELECT count(*) FROM changes WHERE resource = :r AND resource_id = :i"),
            {"r": resource, "i": resource_id},
        )
        or 0
    )


def contact_body(party: str = "KEN", **fields: Any) -> dict[str, Any]:
    return {
        "party": party,
        "title": "Ms.",
        "given_name": "Wanjiru",
        "family_name": "Kamau",
        "organization": "National Environment Management Authority",
        "emails": ["w.kamau@nema.example"],
        "phones": ["+254 20 600 6041"],
        **fields,
    }


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}
