"""Rows 8, 9 and 10: query strings and cursors are read, never passed on; a bad one is a 422, never a 500;
links name the registry's own address, never a Host a client made up."""

from __future__ import annotations

import base64
import dataclasses
import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.contacts.models import Contact
from registry.db import utcnow
from registry.syncruns.models import SyncRun
from tests.conftest import Tokens
from tests.factories import make_contact, make_designation
from tests.registry.api.helpers import API, assert_problem, contact_body
from tests.web.helpers import make_user, sign_in

# Query parameters that Flask's url_for would take as its own options, were a query passed to it whole.
HOSTILE_QUERY = "_external=0&_anchor=x&_method=POST&_scheme=javascript&page=1e30&evil=%0A"
LISTS = ["/parties", "/contacts", "/designations", "/changes", "/sync/runs"]


def _cursor(payload: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


BAD_CURSORS = [
    "not a cursor!",
    "%00",
    "x" * 5000,
    _cursor([1, 2]),
    _cursor("seq"),
    _cursor({"seq": True, "after": True, "at": True, "id": True}),
    _cursor({"seq": 2**63, "after": 2**63, "at": "9999-12-31T23:59:59-14:00", "id": "x" * 37}),
    _cursor({"seq": -1, "after": -1, "at": "0001-01-01T00:00:00+01:00", "id": ""}),
    _cursor({"seq": 1.5, "after": 1.5, "at": "2026-01-01", "id": 5}),
    _cursor({"seq": "1", "after": "x" * 101, "at": "yesterday", "id": "a\x00"}),
    # Every value valid but a NUL in the run's id (which PostgreSQL text cannot hold) or in a party code.
    _cursor({"seq": "1", "after": "KE\x00", "at": "2026-11-27T02:00:00+00:00", "id": "a\x00"}),
    base64.urlsafe_b64encode(b"[" * 5000 + b"]" * 5000).decode(),
]


@pytest.fixture
def rows(session: Session) -> None:
    """Two of everything a list can page over."""
    for _ in range(2):
        make_designation(session, make_contact(session, "KEN"), "basel", "CA")
        session.add(
            SyncRun(id=f"run-{session.scalar(select(func.count()).select_from(SyncRun))}", mode="apply")
        )
    session.commit()


@pytest.fixture
def admin(tokens: Tokens) -> dict[str, str]:
    return tokens.header("admin")


@pytest.mark.usefixtures("rows")
@pytest.mark.parametrize("path", LISTS)
def test_list_ignores_unknown_query_parameters_in_its_next_link(
    client: FlaskClient, admin: dict[str, str], path: str
) -> None:
    response = client.get(f"{API}{path}?limit=1&{HOSTILE_QUERY}", headers=admin)
    assert response.status_code == 200
    link = urlsplit(response.get_json()["next"])
    assert (link.scheme, link.netloc, link.fragment) == ("http", "localhost", "")
    assert set(parse_qs(link.query)) == {"limit", "cursor"}


@pytest.mark.usefixtures("rows")
@pytest.mark.parametrize("cursor", BAD_CURSORS, ids=range(len(BAD_CURSORS)))
@pytest.mark.parametrize("path", LISTS)
def test_list_refuses_a_forged_cursor_with_a_422(
    client: FlaskClient, admin: dict[str, str], path: str, cursor: str
) -> None:
    response = client.get(f"{API}{path}", query_string={"cursor": cursor}, headers=admin)
    assert_problem(response, 422, "cursor")


@pytest.mark.parametrize("path", [f"{API}/contacts", "/", "/parties/KEN", "/sign-in", "/exports/basel.csv"])
def test_request_for_a_foreign_host_is_a_400(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert b"evil.example" not in response.data


def test_write_for_a_foreign_host_is_refused_before_anything_is_written(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    headers = {**tokens.header("admin"), "Host": "evil.example"}
    response = client.post(f"{API}/contacts", json=contact_body(), headers=headers)
    assert_problem(response, 400)
    assert session.scalar(select(func.count()).select_from(Contact)) == 0


def test_location_ignores_a_forwarded_host(client: FlaskClient, tokens: Tokens) -> None:
    headers = {**tokens.header("admin"), "X-Forwarded-Host": "evil.example"}
    response = client.post(f"{API}/contacts", json=contact_body(), headers=headers)
    assert urlsplit(response.headers["Location"]).netloc == "localhost"


def test_links_use_the_base_url_when_set(
    app: Flask, client: FlaskClient, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = dataclasses.replace(
        app.config["REGISTRY_SETTINGS"],
        base_url="https://registry.example.org",
        trusted_hosts=("localhost", "registry.example.org"),
    )
    monkeypatch.setitem(app.config, "REGISTRY_SETTINGS", settings)
    response = client.post(f"{API}/contacts", json=contact_body(), headers=tokens.header("admin"))
    assert response.headers["Location"].startswith("https://registry.example.org/api/v1/contacts/")
    feed = client.get(f"{API}/changes").get_json()
    assert feed["next"].startswith("https://registry.example.org/api/v1/changes?")


def test_party_page_redirect_keeps_only_its_own_filters(client: FlaskClient) -> None:
    response = client.get(f"/parties/ken?convention=basel&{HOSTILE_QUERY}")
    assert response.status_code == 301
    assert response.headers["Location"] == "/parties/KEN?convention=basel"


@pytest.mark.parametrize("page", ["1e30", "99999999999999999999999", "-5", "0", "x"])
def test_sync_runs_page_takes_any_page_number(client: FlaskClient, session: Session, page: str) -> None:
    user = make_user(session, "admin")
    session.commit()
    sign_in(client, user)
    assert client.get(f"/sync/runs?page={page}&{HOSTILE_QUERY}").status_code == 200


@pytest.mark.parametrize("q", ["%00", "a%00b", "%0D%0A", "x" * 5000])
def test_search_takes_any_query(client: FlaskClient, q: str) -> None:
    assert client.get(f"/search?q={q}&{HOSTILE_QUERY}").status_code in (200, 302)


@pytest.mark.parametrize(
    "path",
    ["/contacts/{n}/edit", "/contacts/{n}/designate", "/designations/{n}/end", "/contacts/{n}/history"],
)
def test_page_of_an_id_beyond_any_row_is_a_404(client: FlaskClient, session: Session, path: str) -> None:
    user = make_user(session, "admin")
    session.commit()
    sign_in(client, user)
    assert client.get(path.format(n=10**20)).status_code == 404


def test_sign_in_redirect_carries_the_query_only_as_next(client: FlaskClient, session: Session) -> None:
    contact = make_contact(session)
    session.commit()
    response = client.get(f"/contacts/{contact.id}/edit?{HOSTILE_QUERY}")
    location = urlsplit(response.headers["Location"])
    assert (location.path, set(parse_qs(location.query))) == ("/sign-in", {"next"})


def test_run_started_long_ago_pages_without_error(
    client: FlaskClient, session: Session, admin: dict[str, str]
) -> None:
    for n in range(2):
        session.add(SyncRun(id=f"old-{n}", mode="apply", started_at=utcnow().replace(year=1)))
    session.commit()
    first = client.get(f"{API}/sync/runs?limit=1", headers=admin).get_json()
    assert client.get(first["next"], headers=admin).status_code == 200
