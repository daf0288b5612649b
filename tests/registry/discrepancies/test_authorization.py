"""Who may read and settle discrepancies: every endpoint against every kind of token (and none).

A Basel conflict on a Kenyan designation. Staff read every party's, a party token its own party's; the Basel
secretariat, a secretariat of every convention and an admin settle it; anyone else is refused and nothing
changes.
"""

from __future__ import annotations

from typing import Any, NamedTuple

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


class Answers(NamedTuple):
    """What a caller is answered by each endpoint."""

    read: int  # GET /discrepancies/<id>
    listed: int | None  # how many GET /discrepancies lists (None: the list is refused, 401)
    resolve: int  # POST /discrepancies/<id>/resolution


ANSWERS = {
    "nobody": Answers(read=401, listed=None, resolve=401),
    "admin": Answers(read=200, listed=1, resolve=200),
    "secretariat basel": Answers(read=200, listed=1, resolve=200),
    "secretariat rotterdam": Answers(read=200, listed=1, resolve=403),
    "secretariat of all": Answers(read=200, listed=1, resolve=200),
    "party KEN": Answers(read=200, listed=1, resolve=403),
    "party UGA": Answers(read=403, listed=0, resolve=403),
}
READ_ONE = {who: answers.read for who, answers in ANSWERS.items()}
LISTED = {who: answers.listed for who, answers in ANSWERS.items()}
RESOLVE = {who: answers.resolve for who, answers in ANSWERS.items()}


@pytest.mark.parametrize(("who", "status"), READ_ONE.items())
def test_get_discrepancy_answers_by_token(
    client: FlaskClient, tokens: Tokens, conflict: int, who: str, status: int
) -> None:
    response = client.get(f"{API}/discrepancies/{conflict}", headers=_headers(tokens, who))
    assert response.status_code == status
    if status == 200:
        assert response.get_json()["id"] == conflict


@pytest.mark.parametrize(("who", "listed"), LISTED.items())
def test_list_discrepancies_answers_by_token(
    client: FlaskClient, tokens: Tokens, conflict: int, who: str, listed: int | None
) -> None:
    response = client.get(f"{API}/discrepancies", headers=_headers(tokens, who))
    assert response.status_code == (401 if listed is None else 200)
    if listed is not None:
        assert response.get_json()["total"] == listed


def test_list_discrepancies_of_another_party_is_forbidden_to_a_party_token(
    client: FlaskClient, tokens: Tokens, conflict: int
) -> None:
    response = client.get(f"{API}/discrepancies?party=KEN", headers=_headers(tokens, "party UGA"))
    assert_problem(response, 403)


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
