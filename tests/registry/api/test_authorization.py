"""Who may write what: every write endpoint against every kind of token.

A refused write (401, 403) changes nothing: contacts, designations and the change log are compared row by row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from registry.auth.services import create_token, revoke_token
from tests.factories import make_contact, make_designation
from tests.registry.api.helpers import API, assert_problem, bearer, contact_body, dump


@dataclass(frozen=True)
class Target:
    """A KEN contact holding a Basel CA designation, and a KEN contact with no role yet."""

    holder: int
    free: int
    designation: int


def _target(session: Session) -> Target:
    holder = make_contact(session, "KEN")
    designation = make_designation(session, holder, "basel", "CA", scope="Hazardous wastes")
    free = make_contact(session, "KEN")
    session.commit()
    return Target(holder.id, free.id, designation.id)


def _request(endpoint: str, target: Target) -> tuple[str, str, dict[str, Any]]:
    """Method, URL and keyword arguments of a valid write on ``target``."""
    contact_tag = {"If-Match": f'"contact-{target.holder}-v1"'}
    designation_tag = {"If-Match": f'"designation-{target.designation}-v1"'}
    return {
        "POST /contacts": ("POST", "/contacts", {"json": contact_body("KEN")}),
        "POST /contacts as Basel CA": (
            "POST",
            "/contacts",
            {"json": contact_body("KEN", designations=[{"convention": "basel", "role": "CA"}])},
        ),
        "PATCH /contacts/{id}": (
            "PATCH",
            f"/contacts/{target.holder}",
            {"json": {"position": "Director"}, "headers": contact_tag},
        ),
        "POST /designations": (
            "POST",
            "/designations",
            {"json": {"convention": "basel", "role": "FP", "contact_id": target.free}},
        ),
        "PATCH /designations/{id}": (
            "PATCH",
            f"/designations/{target.designation}",
            {"json": {"scope": "Transit"}, "headers": designation_tag},
        ),
        "DELETE /designations/{id}": (
            "DELETE",
            f"/designations/{target.designation}",
            {"headers": designation_tag},
        ),
    }[endpoint]


def _authorization(session: Session, who: str) -> dict[str, str]:
    """The Authorization header of each kind of caller."""
    scopes: dict[str, dict[str, Any]] = {
        "party KEN": {"role": "party", "party": "KEN"},
        "party UGA": {"role": "party", "party": "UGA"},
        "secretariat basel": {"role": "secretariat", "convention": "basel"},
        "secretariat rotterdam": {"role": "secretariat", "convention": "rotterdam"},
        "secretariat (all)": {"role": "secretariat"},
        "admin": {"role": "admin"},
        "revoked admin": {"role": "admin"},
    }
    if who == "no token":
        return {}
    token, secret = create_token(session, name=who, **scopes[who])
    if who.startswith("revoked"):
        revoke_token(session, token.id)
    session.commit()
    return bearer(secret)


SUCCESS = {"POST": 201, "PATCH": 200, "DELETE": 200}
WHO = (
    "no token",
    "revoked admin",
    "party KEN",
    "party UGA",
    "secretariat basel",
    "secretariat rotterdam",
    "secretariat (all)",
    "admin",
)
ENDPOINTS = (
    "POST /contacts",
    "POST /contacts as Basel CA",
    "PATCH /contacts/{id}",
    "POST /designations",
    "PATCH /designations/{id}",
    "DELETE /designations/{id}",
)
# What each caller may do, where it is not simply "its writes succeed": a secretariat adds only a contact it
# designates under its convention in the same request, and changes only contacts that hold such a role
# (require_contact_write); another convention's secretariat, nothing of Basel's.
REFUSED: dict[str, set[str] | str] = {
    "no token": "all",
    "revoked admin": "all",
    "party UGA": "all",
    "secretariat basel": {"POST /contacts"},
    "secretariat (all)": {"POST /contacts"},
    "secretariat rotterdam": "all",
}
CASES = [(endpoint, who) for endpoint in ENDPOINTS for who in WHO]


def _expected(endpoint: str, who: str, method: str) -> int:
    refused = REFUSED.get(who, set())
    if refused == "all" or endpoint in refused:
        return 401 if who in ("no token", "revoked admin") else 403
    return SUCCESS[method]


@pytest.mark.parametrize(("endpoint", "who"), CASES, ids=[f"{e} by {w}" for e, w in CASES])
def test_write_endpoint_answers_by_token_scope(
    client: FlaskClient, session: Session, endpoint: str, who: str
) -> None:
    target = _target(session)
    method, path, kwargs = _request(endpoint, target)
    headers = {**_authorization(session, who), **kwargs.pop("headers", {})}
    before = dump(session)
    response = client.open(f"{API}{path}", method=method, headers=headers, **kwargs)
    expected = _expected(endpoint, who, method)
    after = dump(session)
    if expected >= 400:
        assert_problem(response, expected)
        assert after == before
    else:
        assert response.status_code == expected, response.get_json()
        written = 2 if endpoint.endswith("as Basel CA") else 1  # the contact, and its designation
        assert len(after["changes"]) == len(before["changes"]) + written
    if expected == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
