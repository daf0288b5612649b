"""GET /api/v1/coverage: the contract's shape, its filters, and a 422 naming the allowed values."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.registry.api.helpers import API, assert_problem
from tests.registry.coverage.world import World, parties_to

URL = f"{API}/coverage"


def _party(body: dict[str, Any], code: str) -> dict[str, Any]:
    found: dict[str, Any] = next(p for p in body["parties"] if p["party"] == code)
    return found


def test_coverage_api_answers_in_the_contract_s_shape(client: FlaskClient, world: World) -> None:
    body = client.get(URL).get_json()
    kenya = _party(body, "KEN")
    assert (kenya["name"], kenya["region"]) == ("Kenya", "African")
    basel = kenya["conventions"]["basel"]
    assert basel["status"] == "party"
    assert basel["roles"]["FP"] == {"holders": 1, "last_confirmed": "2025-06-01"}
    assert basel["roles"]["CA"]["holders"] == 2
    assert set(kenya["conventions"]) == {"basel", "rotterdam", "stockholm"}
    assert set(kenya["conventions"]["stockholm"]["roles"]) == {"OCP", "NFP"}
    assert set(body["totals"]["rotterdam"]) == {"DNA", "OCP"}
    assert {"held", "vacant"} <= set(body["totals"]["basel"]["FP"])


def test_coverage_api_gives_null_for_a_role_never_confirmed(client: FlaskClient, world: World) -> None:
    kenya = _party(client.get(URL).get_json(), "KEN")
    assert kenya["conventions"]["stockholm"]["roles"]["OCP"] == {"holders": 0, "last_confirmed": None}


def test_coverage_api_totals_count_held_and_vacant_parties(
    client: FlaskClient, session: Session, world: World
) -> None:
    totals = client.get(URL).get_json()["totals"]["basel"]["FP"]
    assert (totals["held"], totals["vacant"]) == (1, parties_to(session, "basel") - 1)
    assert totals["non_parties"] == 1


def test_coverage_api_lists_non_parties_with_their_status(client: FlaskClient, world: World) -> None:
    body = client.get(URL).get_json()
    assert _party(body, "USA")["conventions"]["rotterdam"]["status"] == "non_party"
    assert _party(body, "HTI")["conventions"]["basel"]["status"] == "signatory"


def test_coverage_api_gives_the_eu_a_null_region(client: FlaskClient, world: World) -> None:
    assert _party(client.get(URL).get_json(), "EUU")["region"] is None


def test_coverage_api_filters_by_convention(client: FlaskClient, world: World) -> None:
    body = client.get(URL, query_string={"convention": "rotterdam"}).get_json()
    assert set(body["totals"]) == {"rotterdam"}
    assert {tuple(p["conventions"]) for p in body["parties"]} == {("rotterdam",)}


def test_coverage_api_filters_by_region_written_with_spaces(client: FlaskClient, world: World) -> None:
    body = client.get(URL, query_string={"region": "Latin American and Caribbean"}).get_json()
    assert {p["region"] for p in body["parties"]} == {"Latin American and Caribbean"}
    assert "HTI" in {p["party"] for p in body["parties"]}


def test_coverage_api_takes_empty_filters_as_none(client: FlaskClient, world: World) -> None:
    assert client.get(f"{URL}?convention=&region=").get_json() == client.get(URL).get_json()


@pytest.mark.parametrize(
    ("query", "field", "allowed"),
    [
        ({"convention": "minamata"}, "convention", "basel, rotterdam, stockholm"),
        ({"region": "Africa"}, "region", "African, Asia-Pacific, Eastern European"),
        ({"region": "african"}, "region", "Western European and others"),
    ],
)
def test_coverage_api_refuses_an_unknown_filter_naming_the_allowed_values(
    client: FlaskClient, query: dict[str, str], field: str, allowed: str
) -> None:
    body = assert_problem(client.get(URL, query_string=query), 422, field)
    assert allowed in body["errors"][field][0]


def test_coverage_api_needs_no_token(client: FlaskClient) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
