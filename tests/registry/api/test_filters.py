"""Filters that mean what a secretariat means: scopes that cover both, allowed values named, parties
suggested, every list filtered by its items' fields."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.factories import make_contact, make_designation
from tests.registry.api.helpers import API, assert_problem


def _dnas(session: Session) -> dict[str, int]:
    made = {
        s: make_designation(session, make_contact(session), "rotterdam", "DNA", scope=s).id
        for s in ("P", "C", "CP")
    }
    session.commit()
    return made


def _ids(client: FlaskClient, url: str) -> list[int]:
    return [item["id"] for item in client.get(url).get_json()["items"]]


def test_designations_scope_p_finds_the_dnas_for_pesticides_and_for_both(
    client: FlaskClient, session: Session
) -> None:
    made = _dnas(session)
    assert _ids(client, f"{API}/designations?scope=P") == [made["P"], made["CP"]]


def test_designations_scope_c_finds_the_dnas_for_chemicals_and_for_both(
    client: FlaskClient, session: Session
) -> None:
    made = _dnas(session)
    assert _ids(client, f"{API}/designations?scope=C") == [made["C"], made["CP"]]


def test_designations_scope_cp_finds_only_the_dnas_for_both(client: FlaskClient, session: Session) -> None:
    made = _dnas(session)
    assert _ids(client, f"{API}/designations?scope=CP") == [made["CP"]]


# A bad filter of /designations, the field its 422 problem names, and what it says there: the values allowed,
# the roles of the convention asked for, or the party codes meant (a code one letter away, a name, alpha-2).
REFUSED = [
    ("scope=pesticides", "scope", "Must be one of: P (pesticides), C (industrial chemicals), CP (both)."),
    ("convention=minamata", "convention", "Must be one of: basel, rotterdam, stockholm."),
    ("convention=basel&role=DNA", "role", "The basel convention has the roles FP and CA."),
    ("party=KE", "party", "There is no party with code 'KE'. Did you mean KEN (Kenya)?"),
    ("party=Kenya", "party", "There is no party with code 'Kenya'. Did you mean KEN (Kenya)?"),
    (
        "party=KEM",
        "party",
        "There is no party with code 'KEM'. Did you mean KEN (Kenya) or KHM (Cambodia) or YEM (Yemen)?",
    ),
]


@pytest.mark.parametrize(("query", "field", "message"), REFUSED, ids=[query for query, _, _ in REFUSED])
def test_designations_bad_filter_is_a_422_saying_what_is_meant(
    client: FlaskClient, query: str, field: str, message: str
) -> None:
    body = assert_problem(client.get(f"{API}/designations?{query}"), 422, field)
    assert body["errors"][field] == [message]


def test_contacts_unknown_party_is_a_422(client: FlaskClient) -> None:
    assert_problem(client.get(f"{API}/contacts?party=XXX"), 422, "party")


def test_party_designations_take_the_convention_and_role_filters(
    client: FlaskClient, session: Session
) -> None:
    contact = make_contact(session)
    make_designation(session, contact, "basel", "FP")
    ca = make_designation(session, contact, "basel", "CA").id
    make_designation(session, contact, "rotterdam", "OCP")
    session.commit()
    assert _ids(client, f"{API}/parties/KEN/designations?convention=basel&role=CA") == [ca]


def test_party_designations_take_the_scope_filter(client: FlaskClient, session: Session) -> None:
    made = _dnas(session)
    assert _ids(client, f"{API}/parties/KEN/designations?scope=P") == [made["P"], made["CP"]]


def test_party_of_two_letters_in_a_path_is_a_404_suggesting_its_code(client: FlaskClient) -> None:
    body = assert_problem(client.get(f"{API}/parties/KE"), 404)
    assert body["detail"] == "There is no party with code 'KE'. Did you mean KEN (Kenya)?"


def test_party_designations_of_an_unknown_party_is_a_404_suggesting_codes(client: FlaskClient) -> None:
    body = assert_problem(client.get(f"{API}/parties/KEM/designations"), 404)
    assert "KEN (Kenya)" in body["detail"]


def _parameters(app: Flask, path: str) -> dict[str, dict[str, Any]]:
    document = app.test_client().get(f"{API}/openapi.json").get_json()
    return {p["name"]: p["schema"] for p in document["paths"][path]["get"]["parameters"]}


def test_openapi_documents_the_designation_filters_with_their_values(app: Flask) -> None:
    schemas = _parameters(app, "/api/v1/designations")
    # (apispec adds null to the values of an optional parameter)
    enums = {name: [v for v in schemas[name]["enum"] if v] for name in ("convention", "role", "scope")}
    assert enums == {
        "convention": ["basel", "rotterdam", "stockholm"],
        "role": ["FP", "CA", "DNA", "OCP", "NFP"],
        "scope": ["P", "C", "CP"],
    }
    assert schemas["party"]["pattern"] == "^[A-Za-z]{3}$"
