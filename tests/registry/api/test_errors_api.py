"""Every error answers application/problem+json, whichever layer refuses the request; and /health."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from registry.auth.services import create_token, revoke_token
from tests.conftest import Tokens
from tests.registry.api.helpers import API, assert_problem, bearer, contact_body


def test_errors_unknown_route_is_a_404_problem(client: FlaskClient) -> None:
    body = assert_problem(client.get(f"{API}/nothing-here"), 404)
    assert body["instance"] == f"{API}/nothing-here"


def test_errors_unknown_method_is_a_405_problem_with_allow(client: FlaskClient) -> None:
    response = client.delete(f"{API}/contacts/1")
    assert_problem(response, 405)
    assert {m.strip() for m in response.headers["Allow"].split(",")} >= {"GET", "PATCH"}
    assert "DELETE" not in response.headers["Allow"]


def test_errors_put_on_a_designation_is_a_405_problem_with_allow(client: FlaskClient) -> None:
    response = client.put(f"{API}/designations/1", json={})
    assert_problem(response, 405)
    assert "DELETE" in response.headers["Allow"]


@pytest.mark.parametrize(
    ("content_type", "data"),
    [("text/plain", "party=KEN"), ("application/x-www-form-urlencoded", "party=KEN"), (None, "{}")],
)
def test_errors_body_that_is_not_json_is_a_415_problem(
    client: FlaskClient, tokens: Tokens, content_type: str | None, data: str
) -> None:
    headers = tokens.header("admin")
    if content_type:
        headers["Content-Type"] = content_type
    assert_problem(client.post(f"{API}/contacts", data=data, headers=headers), 415)


def test_errors_malformed_json_is_a_400_problem(client: FlaskClient, tokens: Tokens) -> None:
    headers = {**tokens.header("admin"), "Content-Type": "application/json"}
    body = assert_problem(client.post(f"{API}/contacts", data='{"party": "KEN",', headers=headers), 400)
    assert "JSON" in body["detail"]


def test_errors_json_nested_too_deeply_is_a_400_problem(client: FlaskClient, tokens: Tokens) -> None:
    headers = {**tokens.header("admin"), "Content-Type": "application/json"}
    assert_problem(client.post(f"{API}/contacts", data="[" * 100_000, headers=headers), 400)


def test_errors_invalid_body_names_fields_without_location(client: FlaskClient, tokens: Tokens) -> None:
    data = contact_body(emails="not a list", given_name=5)
    body = assert_problem(client.post(f"{API}/contacts", json=data, headers=tokens.header("admin")), 422)
    assert set(body["errors"]) == {"emails", "given_name"}
    assert all(isinstance(messages, list) for messages in body["errors"].values())


def test_errors_invalid_query_names_fields_without_location(client: FlaskClient) -> None:
    body = assert_problem(client.get(f"{API}/contacts?limit=lots&convention=x"), 422)
    assert set(body["errors"]) == {"limit"}


def test_errors_nested_field_errors_keep_their_path(client: FlaskClient, tokens: Tokens) -> None:
    data = contact_body(address={"city": "N" * 301})
    body = assert_problem(client.post(f"{API}/contacts", json=data, headers=tokens.header("admin")), 422)
    assert set(body["errors"]["address"]) == {"city"}


def test_errors_422_from_a_service_and_from_the_schema_share_one_type(
    client: FlaskClient, tokens: Tokens
) -> None:
    header = tokens.header("admin")
    from_schema = assert_problem(client.post(f"{API}/contacts", json={}, headers=header), 422)
    from_service = assert_problem(
        client.post(f"{API}/contacts", json=contact_body(emails=["x"]), headers=header), 422
    )
    assert from_schema["type"] == from_service["type"]
    assert from_schema["title"] == from_service["title"]


def test_errors_missing_token_is_a_401_problem_with_challenge(client: FlaskClient) -> None:
    response = client.post(f"{API}/contacts", json=contact_body())
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_errors_missing_token_comes_before_checking_the_body(client: FlaskClient) -> None:
    assert_problem(client.post(f"{API}/contacts", data="not json", content_type="text/plain"), 401)


def test_errors_unknown_token_is_a_401_problem(client: FlaskClient) -> None:
    response = client.post(f"{API}/contacts", json=contact_body(), headers=bearer("brs_not-a-token"))
    assert_problem(response, 401)
    assert "WWW-Authenticate" in response.headers


def test_errors_revoked_token_is_a_401_problem(client: FlaskClient, session: Session) -> None:
    token, secret = create_token(session, role="admin", name="gone")
    revoke_token(session, token.id)
    session.commit()
    response = client.post(f"{API}/contacts", json=contact_body(), headers=bearer(secret))
    assert_problem(response, 401)
    assert "WWW-Authenticate" in response.headers


def test_errors_other_auth_scheme_is_a_401_problem(client: FlaskClient) -> None:
    response = client.post(f"{API}/contacts", json=contact_body(), headers={"Authorization": "Basic eDp5"})
    assert_problem(response, 401)


def test_errors_reads_need_no_token_and_ignore_a_bad_one(client: FlaskClient) -> None:
    assert client.get(f"{API}/contacts", headers=bearer("brs_not-a-token")).status_code == 200


def test_errors_a_bug_is_a_500_problem(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("registry.parties.api.get_party", broken)
    body = assert_problem(client.get(f"{API}/parties/KEN"), 500)
    assert "boom" not in body["detail"]


def test_health_answers_ok_with_the_database(client: FlaskClient, session: Session) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": session.get_bind().dialect.name}


def test_docs_page_serves_the_interactive_documentation(client: FlaskClient) -> None:
    response = client.get("/api/docs", follow_redirects=True)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert '"url": "/api/v1/openapi.json"' in response.get_data(as_text=True)
    with client.get("/api/docs/swagger-ui-bundle.js") as script:
        assert script.status_code == 200
