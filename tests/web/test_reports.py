"""Sync reports for secretariat staff and admins."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from registry.syncruns.models import SyncRun
from tests.web.helpers import make_user, sign_in, text


def _item(action: str, party: str, **fields: Any) -> dict[str, Any]:
    return {
        "action": action,
        "party": party,
        "role": "FP",
        "scope": None,
        "designation_id": 1,
        "contact_id": 1,
        "contact": {"title": "Ms.", "given_name": "Amina", "family_name": "Wanjiku", "organization": "NEMA"},
        "fields": fields,
        "applied": action in ("added", "changed", "removed"),
        "source_ref": "row 17",
    }


def _run(session: Session) -> SyncRun:
    now = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)
    basel = {
        "status": "ok",
        "error": None,
        "source": {"location": "basel.xlsx", "records": 3, "fetched_at": "2026-11-27T02:00:00Z"},
        "summary": {
            "added": 1,
            "removed": 0,
            "changed": 0,
            "unchanged": 0,
            "conflict": 1,
            "registry_ahead": 0,
            "warnings": 1,
        },
        "items": [
            _item("added", "UGA"),
            _item("conflict", "KEN", emails={"registry": ["a@ken.example"], "list": ["b@ken.example"]}),
        ],
        "warnings": [{"code": "placeholder", "message": "IRQ FP is 'Vacant'.", "source_ref": "row 40"}],
    }
    run = SyncRun(
        id="run-1",
        mode="apply",
        status="ok",
        started_at=now,
        finished_at=now,
        report={
            "run_id": "run-1",
            "mode": "apply",
            "status": "ok",
            "started_at": "2026-11-27T02:00:00Z",
            "finished_at": "2026-11-27T02:00:00Z",
            "conventions": {"basel": basel},
        },
    )
    session.add(run)
    session.commit()
    return run


def _signed_in(client: FlaskClient, session: Session, role: str, **scope: str) -> None:
    user = make_user(session, role, **scope)
    session.commit()
    sign_in(client, user)


def test_runs_need_signing_in(client: FlaskClient) -> None:
    response = client.get("/sync/runs")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=/sync/runs")


def test_runs_are_not_for_party_officials(client: FlaskClient, session: Session) -> None:
    _signed_in(client, session, "party", party="KEN")
    assert client.get("/sync/runs").status_code == 403


def test_runs_list_each_run_with_its_counts(client: FlaskClient, session: Session) -> None:
    _run(session)
    _signed_in(client, session, "secretariat", convention="basel")
    page = text(client.get("/sync/runs"))
    assert '<time datetime="2026-11-27T02:00:00+00:00">Nov 27, 2026, 02:00</time></a>' in page
    assert "Added: 1, Conflicts: 1, Warnings: 1" in page


def test_run_report_lists_conflicts_before_additions(client: FlaskClient, session: Session) -> None:
    _run(session)
    _signed_in(client, session, "admin")
    page = text(client.get("/sync/runs/run-1"))
    assert page.index("Conflicts: changed in the registry and in the list") < page.index("Added (1)")


def test_run_report_shows_registry_and_list_values_side_by_side(
    client: FlaskClient, session: Session
) -> None:
    _run(session)
    _signed_in(client, session, "admin")
    page = text(client.get("/sync/runs/run-1"))
    assert re.search(
        r'<th scope="row">E-mail addresses</th><td class="value" dir="auto">a@ken.example</td>'
        r'<td class="value" dir="auto">b@ken.example</td>',
        page,
    )


def test_run_report_shows_warnings_with_their_rows(client: FlaskClient, session: Session) -> None:
    _run(session)
    _signed_in(client, session, "admin")
    page = text(client.get("/sync/runs/run-1"))
    assert (
        '<tr><td dir="auto">row 40</td><td>placeholder</td>'
        '<td dir="auto" lang="en">IRQ FP is &#39;Vacant&#39;.</td></tr>' in page
    )


def test_unknown_run_is_a_404_page(client: FlaskClient, session: Session) -> None:
    _signed_in(client, session, "admin")
    response = client.get("/sync/runs/nope")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_run_report_as_json_is_served_to_signed_in_staff(client: FlaskClient, session: Session) -> None:
    run = _run(session)
    _signed_in(client, session, "secretariat", convention="basel")
    assert 'href="/sync/runs/run-1/report.json"' in text(client.get("/sync/runs/run-1"))
    assert client.get("/sync/runs/run-1/report.json").get_json() == run.report


def test_run_report_as_json_is_not_for_party_officials(client: FlaskClient, session: Session) -> None:
    _run(session)
    _signed_in(client, session, "party", party="KEN")
    assert client.get("/sync/runs/run-1/report.json").status_code == 403
