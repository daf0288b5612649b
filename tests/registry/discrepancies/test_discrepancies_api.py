"""``/api/v1/discrepancies``: filters, the item's shape, ETags, and problems that name the field."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from tests.conftest import Tokens
from tests.factories import finding, make_contact, make_designation, make_discrepancies, make_discrepancy
from tests.registry.api.helpers import API, assert_problem


def _settle(client: FlaskClient, tokens: Tokens, discrepancy_id: int, keep: str) -> TestResponse:
    """An admin settles the discrepancy keeping ``keep``'s values."""
    url = f"{API}/discrepancies/{discrepancy_id}/resolution"
    return client.post(url, json={"keep": keep}, headers=tokens.header("admin"))


def test_discrepancy_item_has_the_contract_fields(
    session: Session, client: FlaskClient, tokens: Tokens
) -> None:
    made = make_discrepancy(session, listed="Adviser")
    session.commit()
    body = client.get(f"{API}/discrepancies/{made.id}", headers=tokens.header("admin")).get_json()
    expected = {"id", "kind", "status", "convention", "party", "role", "designation_id", "contact_id"}
    assert expected | {"contact", "fields", "first_seen", "last_seen", "resolution"} <= set(body)
    described = (body["kind"], body["status"], body["convention"], body["party"])
    assert described == ("conflict", "open", "basel", "KEN")
    assert body["fields"]["position"]["list"] == "Adviser"
    assert set(body["first_seen"]) == {"run_id", "at"}
    assert body["resolution"] is None


def test_resolution_is_keep_by_and_at(session: Session, client: FlaskClient, tokens: Tokens) -> None:
    made = make_discrepancy(session)
    session.commit()
    body = _settle(client, tokens, made.id, "registry").get_json()
    assert body["resolution"]["keep"] == "registry"
    assert body["resolution"]["by"] == {"kind": "token", "name": "test admin", "role": "admin"}
    assert body["resolution"]["at"]


def test_list_is_open_discrepancies_by_default(session: Session, client: FlaskClient, tokens: Tokens) -> None:
    made = [make_designation(session, role="CA") for _ in range(2)]
    first, second = make_discrepancies(session, [finding(designation) for designation in made])
    session.commit()
    admin = tokens.header("admin")
    _settle(client, tokens, first.id, "registry")
    listed = client.get(f"{API}/discrepancies", headers=admin).get_json()["items"]
    assert [d["id"] for d in listed] == [second.id]
    resolved = client.get(f"{API}/discrepancies?status=resolved", headers=admin).get_json()["items"]
    assert [d["id"] for d in resolved] == [first.id]


def test_list_filters_by_party_convention_and_kind(
    session: Session, client: FlaskClient, tokens: Tokens
) -> None:
    kenyan = make_designation(session)
    ugandan = make_designation(session, make_contact(session, "UGA"), "rotterdam", "DNA", scope="P")
    make_discrepancies(session, [finding(kenyan), finding(kenyan, kind="registry_ahead")])
    make_discrepancies(session, [finding(ugandan)], "rotterdam")
    session.commit()
    admin = tokens.header("admin")

    def parties(query: str) -> list[tuple[str, str]]:
        items = client.get(f"{API}/discrepancies?{query}", headers=admin).get_json()["items"]
        return sorted((d["party"], d["kind"]) for d in items)

    assert parties("party=uga") == [("UGA", "conflict")]
    assert parties("convention=basel") == [("KEN", "conflict"), ("KEN", "registry_ahead")]
    assert parties("kind=conflict") == [("KEN", "conflict"), ("UGA", "conflict")]


def test_list_answers_304_to_its_etag(session: Session, client: FlaskClient, tokens: Tokens) -> None:
    make_discrepancy(session)
    session.commit()
    admin = tokens.header("admin")
    tag = client.get(f"{API}/discrepancies", headers=admin).headers["ETag"]
    again = client.get(f"{API}/discrepancies", headers={**admin, "If-None-Match": tag})
    assert again.status_code == 304


def test_item_answers_304_to_its_etag(session: Session, client: FlaskClient, tokens: Tokens) -> None:
    made = make_discrepancy(session)
    session.commit()
    admin = tokens.header("admin")
    tag = client.get(f"{API}/discrepancies/{made.id}", headers=admin).headers["ETag"]
    again = client.get(f"{API}/discrepancies/{made.id}", headers={**admin, "If-None-Match": tag})
    assert again.status_code == 304


def test_unknown_discrepancy_is_a_404(client: FlaskClient, tokens: Tokens) -> None:
    assert_problem(client.get(f"{API}/discrepancies/999999", headers=tokens.header("admin")), 404)


def test_bad_filter_is_a_422_naming_it(client: FlaskClient, tokens: Tokens) -> None:
    response = client.get(f"{API}/discrepancies?status=closed&kind=x", headers=tokens.header("admin"))
    assert_problem(response, 422, "status", "kind")


def test_resolution_without_keep_is_a_422_naming_it(
    session: Session, client: FlaskClient, tokens: Tokens
) -> None:
    made = make_discrepancy(session)
    session.commit()
    assert_problem(_settle(client, tokens, made.id, "both"), 422, "keep")


def test_resolution_keep_list_writes_the_list_value(
    session: Session, client: FlaskClient, tokens: Tokens
) -> None:
    made = make_discrepancy(session, listed="Adviser")
    session.commit()
    _settle(client, tokens, made.id, "list")
    contact = client.get(f"{API}/contacts/{made.contact_id}").get_json()
    assert contact["position"] == "Adviser"
