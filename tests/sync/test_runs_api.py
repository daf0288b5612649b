"""Runs are stored with their reports and served at /api/v1/sync/runs (to secretariat and admin tokens)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.conftest import Tokens
from tests.sync.conftest import Run
from tests.sync.lists import sample_paths


@pytest.fixture
def staff(tokens: Tokens) -> dict[str, str]:
    return tokens.header("secretariat", convention="rotterdam")


def test_runs_api_serves_a_run_report_as_written(
    client: FlaskClient, run: Run, staff: dict[str, str]
) -> None:
    report = run(sample_paths("v1"), conventions=("rotterdam",))
    response = client.get(f"/api/v1/sync/runs/{report['run_id']}", headers=staff)
    assert response.status_code == 200
    assert response.get_json() == report


def test_runs_api_lists_runs_newest_first_with_counts(
    client: FlaskClient, run: Run, staff: dict[str, str]
) -> None:
    first = run(sample_paths("v1"), conventions=("rotterdam",))
    second = run(sample_paths("v1"), conventions=("rotterdam",), dry_run=True)
    page = client.get("/api/v1/sync/runs?limit=1", headers=staff).get_json()
    assert page["total"] == 2
    assert [r["id"] for r in page["items"]] == [second["run_id"]]
    assert page["items"][0]["mode"] == "dry-run"
    assert page["items"][0]["conventions"]["rotterdam"]["summary"]["unchanged"] == 419
    following = client.get(page["next"], headers=staff).get_json()
    assert [r["id"] for r in following["items"]] == [first["run_id"]]
    assert following["next"] is None


def test_runs_api_unknown_run_is_a_404_problem(client: FlaskClient, staff: dict[str, str]) -> None:
    response = client.get("/api/v1/sync/runs/nope", headers=staff)
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"
