"""Rows 5 and 6: anyone may read what changed and when, never who (no token name, user e-mail or id); staff
and the party's own officials see authors. Sync reports over the API are for secretariats and admins."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from registry.auth.services import create_token
from registry.auth.users import user_actor
from registry.syncruns.models import SyncRun
from tests.conftest import Tokens
from tests.factories import make_contact, make_designation
from tests.registry.api.helpers import API, assert_problem, bearer, contact_body
from tests.web.helpers import make_user

TOKEN_NAME = "Kenya NEMA desk of Wanjiru"
ANONYMOUS_KEYS = {"kind", "role", "convention", "run_id"}


@pytest.fixture
def edited(client: FlaskClient, session: Session) -> dict[str, int]:
    """A contact created through the API by a named Kenyan token, then changed by a signed-in user; and a
    designation of it created by that user."""
    _, secret = create_token(session, role="party", party="KEN", name=TOKEN_NAME)
    user = make_user(session, "party", party="KEN")
    session.commit()
    created = client.post(f"{API}/contacts", json=contact_body(), headers=bearer(secret)).get_json()
    contact = make_contact(session, "KEN", actor=user_actor(user), position="Officer")
    designation = make_designation(session, contact, "basel", "CA", actor=user_actor(user))
    session.commit()
    return {"contact": created["id"], "edited": contact.id, "designation": designation.id, "user": user.id}


def _authors_named(body: object, session: Session) -> list[str]:
    """Which authors' names, e-mails or ids appear in an answer."""
    from registry.auth.models import User

    text = json.dumps(body)
    emails = [user.email for user in session.query(User)]
    return [name for name in (TOKEN_NAME, *emails, '"user_id"', '"token_id"', '"name"') if name in text]


@pytest.mark.usefixtures("edited")
def test_anonymous_feed_names_no_author(client: FlaskClient, session: Session) -> None:
    feed = client.get(f"{API}/changes").get_json()
    assert feed["items"]
    assert _authors_named(feed, session) == []
    assert all(set(item["actor"]) <= ANONYMOUS_KEYS for item in feed["items"])
    assert {item["actor"]["kind"] for item in feed["items"]} >= {"token", "user"}


@pytest.mark.usefixtures("edited")
@pytest.mark.parametrize("role", ["admin", "secretariat"])
def test_staff_token_sees_the_feeds_authors(client: FlaskClient, tokens: Tokens, role: str) -> None:
    feed = client.get(f"{API}/changes", headers=tokens.header(role)).get_json()
    assert TOKEN_NAME in {item["actor"].get("name") for item in feed["items"]}


@pytest.mark.usefixtures("edited")
def test_party_token_sees_authors_of_its_own_party_only(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    make_contact(session, "UGA")
    session.commit()
    feed = client.get(f"{API}/changes", headers=tokens.header("party", party="KEN")).get_json()
    named = {item["party"]: "name" in item["actor"] for item in feed["items"]}
    assert named == {"KEN": True, "UGA": False}


def test_feed_with_an_invalid_token_is_a_401(client: FlaskClient) -> None:
    assert_problem(client.get(f"{API}/changes", headers=bearer("brs_not-a-token")), 401)


def test_feed_varies_with_the_token(client: FlaskClient) -> None:
    assert "Authorization" in client.get(f"{API}/changes").headers["Vary"]


def test_anonymous_contact_names_no_author_of_its_fields(
    client: FlaskClient, session: Session, edited: dict[str, int]
) -> None:
    for contact_id in (edited["contact"], edited["edited"]):
        body = client.get(f"{API}/contacts/{contact_id}").get_json()
        assert body["sources"]["family_name"]["kind"] in ("token", "user")
        assert _authors_named(body, session) == []


def test_staff_sees_who_set_a_contacts_fields(
    client: FlaskClient, edited: dict[str, int], tokens: Tokens
) -> None:
    body = client.get(f"{API}/contacts/{edited['contact']}", headers=tokens.header("admin")).get_json()
    assert TOKEN_NAME in body["sources"]["family_name"]["by"]


def test_anonymous_designation_provenance_names_no_author(
    client: FlaskClient, session: Session, edited: dict[str, int]
) -> None:
    body = client.get(f"{API}/designations/{edited['designation']}").get_json()
    assert body["provenance"]["created"]["by"] == {"kind": "user", "role": "party"}
    assert _authors_named(body, session) == []


def test_anonymous_pages_name_no_author(
    client: FlaskClient, session: Session, edited: dict[str, int]
) -> None:
    for path in ("/parties/KEN", "/search?q=Wanjiku", "/"):
        assert _authors_named(client.get(path).get_data(as_text=True), session) == []


@pytest.fixture
def sync_run(session: Session) -> str:
    session.add(SyncRun(id="run-secret", mode="apply", report={"run_id": "run-secret", "conventions": {}}))
    session.commit()
    return "run-secret"


@pytest.mark.parametrize("path", ["/sync/runs", "/sync/runs/run-secret"])
def test_sync_runs_without_a_token_are_a_401(client: FlaskClient, sync_run: str, path: str) -> None:
    response = client.get(f"{API}{path}")
    assert_problem(response, 401)
    assert "conventions" not in response.get_json()


@pytest.mark.parametrize("path", ["/sync/runs", "/sync/runs/run-secret"])
def test_sync_runs_for_a_party_token_are_a_403(
    client: FlaskClient, sync_run: str, tokens: Tokens, path: str
) -> None:
    response = client.get(f"{API}{path}", headers=tokens.header("party", party="KEN"))
    assert_problem(response, 403)


@pytest.mark.parametrize("role", ["admin", "secretariat"])
def test_sync_runs_are_served_to_staff_tokens(
    client: FlaskClient, sync_run: str, tokens: Tokens, role: str
) -> None:
    assert client.get(f"{API}/sync/runs/{sync_run}", headers=tokens.header(role)).status_code == 200
