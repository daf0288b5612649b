"""Who may read and settle discrepancies: every endpoint against every kind of token (and none).

A Basel conflict on a Kenyan designation. Staff read every party's, a party token its own party's; the Basel
secretariat, a secretariat of every convention and an admin settle it; anyone else is refused and nothing
changes.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import Tokens
from tests.factories import make_discrepancy
from tests.registry.api.helpers import API, assert_problem, dump

TOKENS: dict[str, dict[str, Any]] = {
    "admin": {"role": "admin"},
    "secretariat basel": {"role": "secretariat", "convention": "basel"},
    "secretariat rotterdam": {"role": "secretariat", "convention": "rotterdam"},
    "secretariat of all": {"role": "secretariat"},
    "party KEN": {"role": "party", "party": "KEN"},
    "party UGA": {"role": "party", "party": "UGA"},
}


@pytest.fixture
def conflict(session: Session) -> int:
    discrepancy = make_discrepancy(session)
    session.commit()
    return discrepancy.id


def _headers(tokens: Tokens, who: str) -> dict[str, str]:
    if who == "nobody":
        return {}
    scope = dict(TOKENS[who])
    return tokens.header(scope.pop("role"), **scope)


READ_ONE = {
    "nobody": 401,
    "admin": 200,
    "secretariat basel": 200,
    "secretariat rotterdam": 200,
    "secretariat of all": 200,
    "party KEN": 200,
    "party UGA": 403,
}


@pytest.mark.parametrize(("who", "status"), READ_ONE.items())
def test_get_discrepancy_answers_by_token(
    client: FlaskClient, tokens: Tokens, conflict: int, who: str, status: int
) -> None:
    response = client.get(f"{API}/discrepancies/{conflict}", headers=_headers(tokens, who))
    assert response.status_code == status
    if status == 200:
        assert response.get_json()["id"] == conflict


LIST = {
    "nobody": (401, None),
    "admin": (200, 1),
    "secretariat basel": (200, 1),
    "secretariat rotterdam": (200, 1),
    "secretariat of all": (200, 1),
    "party KEN": (200, 1),
    "party UGA": (200, 0),
}


@pytest.mark.parametrize(("who", "expected"), LIST.items())
def test_list_discrepancies_answers_by_token(
    client: FlaskClient, tokens: Tokens, conflict: int, who: str, expected: tuple[int, int | None]
) -> None:
    response = client.get(f"{API}/discrepancies", headers=_headers(tokens, who))
    assert response.status_code == expected[0]
    if expected[1] is not None:
        assert response.get_json()["total"] == expected[1]


def test_list_discrepancies_of_another_party_is_forbidden_to_a_party_token(
    client: FlaskClient, tokens: Tokens, conflict: int
) -> None:
    response = client.get(f"{API}/discrepancies?party=KEN", headers=_headers(tokens, "party UGA"))
    assert_problem(response, 403)


RESOLVE = {
    "nobody": 401,
    "admin": 200,
    "secretariat basel": 200,
    "secretariat rotterdam": 403,
    "secretariat of all": 200,
    "party KEN": 403,
    "party UGA": 403,
}


@pytest.mark.parametrize(("who", "status"), RESOLVE.items())
def test_resolve_discrepancy_answers_by_token(
    client: FlaskClient, tokens: Tokens, conflict: int, who: str, status: int
) -> None:
    url = f"{API}/discrepancies/{conflict}/resolution"
    response = client.post(url, json={"keep": "list"}, headers=_headers(tokens, who))
    assert response.status_code == status
    after = client.get(f"{API}/discrepancies/{conflict}", headers=_headers(tokens, "admin")).get_json()
    assert after["status"] == ("resolved" if status == 200 else "open")


@pytest.mark.parametrize("who", [w for w, status in RESOLVE.items() if status != 200])
def test_refused_resolution_changes_nothing(
    session: Session, client: FlaskClient, tokens: Tokens, conflict: int, who: str
) -> None:
    before = dump(session)
    url = f"{API}/discrepancies/{conflict}/resolution"
    client.post(url, json={"keep": "list"}, headers=_headers(tokens, who))
    assert dump(session) == before
