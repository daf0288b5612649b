"""``/api/v1/designations``: list, read, designate, change and end."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from registry.audit.actor import cli_actor
from registry.designations.models import Designation
from registry.designations.services import end_designation
from tests.conftest import Tokens
from tests.factories import make_contact, make_designation
from tests.registry.api.helpers import API, assert_problem, count_changes, dump


def _designation(session: Session, designation_id: int) -> Designation:
    designation = session.get(Designation, designation_id, populate_existing=True)
    assert designation is not None
    return designation


_Made = TypeVar("_Made")


def _committed(session: Session, made: _Made) -> _Made:
    """``made``, once the session is committed."""
    session.commit()
    return made


def _ids(client: FlaskClient, query: dict[str, str]) -> list[int]:
    return [item["id"] for item in client.get(f"{API}/designations", query_string=query).get_json()["items"]]


# --- list ---------------------------------------------------------------------------------------------------


def _some(session: Session) -> dict[str, Designation]:
    made = {
        "ken_fp": make_designation(
            session, make_contact(session, "KEN", family_name="Njoroge"), "basel", "FP"
        ),
        "ken_dna": make_designation(session, make_contact(session, "KEN"), "rotterdam", "DNA", scope="P"),
        "ken_dna_c": make_designation(session, make_contact(session, "KEN"), "rotterdam", "DNA", scope="C"),
        "uga_fp": make_designation(session, make_contact(session, "UGA", family_name="Ñañez"), "basel", "FP"),
        "ken_ended": make_designation(session, make_contact(session, "KEN"), "stockholm", "NFP"),
    }
    end_designation(session, made["ken_ended"], cli_actor(), on=dt.date(2025, 1, 1))
    session.commit()
    return made


def test_designations_list_filters_by_party(client: FlaskClient, session: Session) -> None:
    made = _some(session)
    assert _ids(client, {"party": "ken"}) == [made["ken_fp"].id, made["ken_dna"].id, made["ken_dna_c"].id]


def test_designations_list_filters_by_convention(client: FlaskClient, session: Session) -> None:
    made = _some(session)
    assert _ids(client, {"convention": "basel"}) == [made["ken_fp"].id, made["uga_fp"].id]


def test_designations_list_filters_by_role_and_scope(client: FlaskClient, session: Session) -> None:
    made = _some(session)
    assert _ids(client, {"role": "DNA"}) == [made["ken_dna"].id, made["ken_dna_c"].id]
    assert _ids(client, {"role": "DNA", "scope": "C"}) == [made["ken_dna_c"].id]


def test_designations_list_filters_by_words_of_the_contact(client: FlaskClient, session: Session) -> None:
    made = _some(session)
    assert _ids(client, {"q": "NANEZ"}) == [made["uga_fp"].id]


def test_designations_list_leaves_out_ended_ones(client: FlaskClient, session: Session) -> None:
    made = _some(session)
    assert made["ken_ended"].id not in _ids(client, {"party": "KEN", "limit": "500"})


def test_designations_list_embeds_each_contact(client: FlaskClient, session: Session) -> None:
    made = _some(session)
    body = client.get(f"{API}/designations", query_string={"party": "UGA"}).get_json()
    item = body["items"][0]
    assert body["total"] == 1
    assert (item["contact_id"], item["contact"]["id"]) == (made["uga_fp"].contact_id,) * 2
    assert item["contact"]["family_name"] == "Ñañez"
    assert item["ends_on"] is None


def test_designations_list_refuses_an_unknown_role(client: FlaskClient) -> None:
    assert_problem(client.get(f"{API}/designations?role=BOSS"), 422, "role")


# --- read ---------------------------------------------------------------------------------------------------


def test_designation_get_returns_an_ended_one_with_its_end(client: FlaskClient, session: Session) -> None:
    made = _some(session)
    response = client.get(f"{API}/designations/{made['ken_ended'].id}")
    body = response.get_json()
    assert response.status_code == 200
    assert body["ends_on"] == "2025-01-01"
    assert (body["convention"], body["role"], body["party"]) == ("stockholm", "NFP", "KEN")
    assert response.headers["ETag"] == f'"designation-{body["id"]}-v{body["version"]}"'


def test_designation_get_answers_304_to_its_current_etag(client: FlaskClient, session: Session) -> None:
    designation = make_designation(session)
    session.commit()
    tag = client.get(f"{API}/designations/{designation.id}").headers["ETag"]
    response = client.get(f"{API}/designations/{designation.id}", headers={"If-None-Match": f"W/{tag}"})
    assert response.status_code == 304


def test_designation_get_unknown_id_is_a_404_problem(client: FlaskClient) -> None:
    assert_problem(client.get(f"{API}/designations/999999"), 404)


# --- designate ----------------------------------------------------------------------------------------------


def _post(client: FlaskClient, tokens: Tokens, **data: Any) -> Any:
    return client.post(f"{API}/designations", json=data, headers=tokens.header("admin"))


def test_designation_post_designates_a_contact(client: FlaskClient, session: Session, tokens: Tokens) -> None:
    contact = _committed(session, make_contact(session))
    response = _post(client, tokens, convention="basel", role="FP", contact_id=contact.id)
    body = response.get_json()
    assert response.status_code == 201
    assert response.headers["ETag"] == f'"designation-{body["id"]}-v1"'
    assert response.headers["Location"].endswith(f"/api/v1/designations/{body['id']}")
    assert (body["party"], body["contact"]["id"], body["ends_on"]) == ("KEN", contact.id, None)
    stored = _designation(session, body["id"])
    assert (stored.convention, stored.role, stored.party_code, stored.source) == ("basel", "FP", "KEN", "api")
    assert count_changes(session, "designation", body["id"]) == 1


def test_designation_post_second_current_basel_fp_is_409(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    make_designation(session, make_contact(session), "basel", "FP")
    other = make_contact(session)
    session.commit()
    before = dump(session)
    response = _post(client, tokens, convention="basel", role="FP", contact_id=other.id)
    assert_problem(response, 409, "role")
    assert dump(session) == before


def test_designation_post_same_contact_twice_in_one_role_is_409(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    designation = make_designation(session, role="CA", scope="North")
    session.commit()
    response = _post(
        client, tokens, convention="basel", role="CA", contact_id=designation.contact_id, scope="South"
    )
    assert_problem(response, 409, "contact_id")


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        pytest.param({"convention": "rotterdam", "role": "DNA"}, "scope", id="dna-without-scope"),
        pytest.param({"convention": "basel", "role": "NFP"}, "role", id="role-not-of-the-convention"),
        pytest.param(
            {"convention": "basel", "role": "FP", "is_transit": True}, "is_transit", id="transit-on-a-non-ca"
        ),
        pytest.param({"convention": "basel", "role": "FP", "party": "ZZZ"}, "party", id="unknown-party"),
    ],
)
def test_designation_post_refuses_a_field_the_rules_forbid_with_422(
    client: FlaskClient, session: Session, tokens: Tokens, fields: dict[str, Any], named: str
) -> None:
    contact = _committed(session, make_contact(session))
    assert_problem(_post(client, tokens, contact_id=contact.id, **fields), 422, named)


def test_designation_post_dna_scope_is_written_one_way(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    contact = _committed(session, make_contact(session))
    body = _post(
        client, tokens, convention="rotterdam", role="DNA", contact_id=contact.id, scope="pc"
    ).get_json()
    assert body["scope"] == "CP"


def test_designation_post_transit_on_a_basel_ca_is_accepted(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    contact = _committed(session, make_contact(session))
    response = _post(
        client, tokens, convention="basel", role="CA", contact_id=contact.id, is_transit=True, scope="Transit"
    )
    assert response.status_code == 201
    assert response.get_json()["is_transit"] is True


def test_designation_post_contact_of_another_party_is_422(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    ugandan = make_contact(session, "UGA")
    session.commit()
    before = dump(session)
    response = _post(client, tokens, convention="basel", role="FP", party="KEN", contact_id=ugandan.id)
    assert_problem(response, 422, "contact_id")
    assert dump(session) == before


def test_designation_post_unknown_contact_is_422(client: FlaskClient, tokens: Tokens) -> None:
    assert_problem(_post(client, tokens, convention="basel", role="FP", contact_id=999999), 422, "contact_id")


def test_designation_post_missing_fields_are_each_named(client: FlaskClient, tokens: Tokens) -> None:
    assert_problem(_post(client, tokens), 422, "convention", "role", "contact_id")


# --- change and end -----------------------------------------------------------------------------------------


def _write(client: FlaskClient, tokens: Tokens, method: str, designation: Designation, **kwargs: Any) -> Any:
    headers = {**tokens.header("admin"), **kwargs.pop("headers", {})}
    return client.open(f"{API}/designations/{designation.id}", method=method, headers=headers, **kwargs)


def _if_match(designation: Designation, version: int) -> dict[str, str]:
    return {"If-Match": f'"designation-{designation.id}-v{version}"'}


@pytest.fixture
def ca(session: Session) -> Designation:
    """A Basel competent authority of Kenya for the North, at its first version, committed."""
    return _committed(session, make_designation(session, role="CA", scope="North"))


@pytest.fixture
def focal_point(session: Session) -> Designation:
    """Kenya's Basel focal point, at its first version, committed."""
    return _committed(session, make_designation(session))


def test_designation_patch_changes_scope_of_a_ca(
    client: FlaskClient, session: Session, tokens: Tokens, ca: Designation
) -> None:
    response = _write(client, tokens, "PATCH", ca, json={"scope": "South"}, headers=_if_match(ca, 1))
    assert response.status_code == 200
    assert response.headers["ETag"] == f'"designation-{ca.id}-v2"'
    assert _designation(session, ca.id).scope == "South"


@pytest.mark.parametrize(
    ("version", "status"),
    [pytest.param(None, 428, id="without-if-match"), pytest.param(0, 412, id="with-stale-etag")],
)
def test_designation_patch_without_the_current_etag_is_refused(
    client: FlaskClient, session: Session, tokens: Tokens, ca: Designation, version: int | None, status: int
) -> None:
    headers = {} if version is None else _if_match(ca, version)
    assert_problem(_write(client, tokens, "PATCH", ca, json={"scope": "South"}, headers=headers), status)
    assert _designation(session, ca.id).scope == "North"


def test_designation_patch_refuses_transit_on_a_fp(
    client: FlaskClient, tokens: Tokens, focal_point: Designation
) -> None:
    response = _write(
        client, tokens, "PATCH", focal_point, json={"is_transit": True}, headers=_if_match(focal_point, 1)
    )
    assert_problem(response, 422, "is_transit")


def test_designation_delete_ends_it_and_keeps_it(
    client: FlaskClient, session: Session, tokens: Tokens, focal_point: Designation
) -> None:
    response = _write(client, tokens, "DELETE", focal_point, headers=_if_match(focal_point, 1))
    assert response.status_code == 200
    assert response.get_json()["ends_on"] == dt.date.today().isoformat()
    assert client.get(f"{API}/designations/{focal_point.id}").get_json()["ends_on"] is not None
    assert focal_point.id not in _ids(client, {"party": "KEN", "limit": "500"})
    assert _designation(session, focal_point.id).ends_on is not None
    assert count_changes(session, "designation", focal_point.id) == 2


def test_designation_delete_twice_is_409(
    client: FlaskClient, tokens: Tokens, focal_point: Designation
) -> None:
    first = _write(client, tokens, "DELETE", focal_point, headers=_if_match(focal_point, 1))
    again = _write(client, tokens, "DELETE", focal_point, headers={"If-Match": first.headers["ETag"]})
    assert_problem(again, 409)


def test_designation_delete_without_if_match_is_428(
    client: FlaskClient, session: Session, tokens: Tokens, focal_point: Designation
) -> None:
    assert_problem(_write(client, tokens, "DELETE", focal_point), 428)
    assert _designation(session, focal_point.id).ends_on is None


def test_designation_patch_of_an_ended_one_is_409(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    designation = make_designation(session, role="CA", scope="North")
    end_designation(session, designation, cli_actor())
    session.commit()
    response = _write(
        client, tokens, "PATCH", designation, json={"scope": "South"}, headers=_if_match(designation, 2)
    )
    assert_problem(response, 409)
