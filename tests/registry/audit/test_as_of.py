"""As-of queries: a party's designations on a past date, across the replacement of its focal point."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from tests.conftest import Tokens
from tests.factories import make_contact, make_designation


def _designate(client: FlaskClient, headers: dict[str, str], contact_id: int, starts_on: str) -> int:
    body = {"convention": "basel", "role": "FP", "contact_id": contact_id, "starts_on": starts_on}
    response = client.post("/api/v1/designations", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return int(response.get_json()["id"])


def _end(client: FlaskClient, headers: dict[str, str], designation_id: int, ends_on: str) -> TestResponse:
    """DELETE the designation at its current ETag, ending it on ``ends_on``."""
    url = f"/api/v1/designations/{designation_id}"
    etag = client.get(url).headers["ETag"]
    return client.delete(f"{url}?ends_on={ends_on}", headers={**headers, "If-Match": etag})


def _fp_on(client: FlaskClient, day: str) -> list[tuple[str, list[str]]]:
    items = client.get(f"/api/v1/parties/KEN/designations?as_of={day}").get_json()["items"]
    return [(i["contact"]["family_name"], i["contact"]["emails"]) for i in items if i["role"] == "FP"]


def test_as_of_follows_a_focal_point_replacement_across_three_dates(
    session: Session, client: FlaskClient, tokens: Tokens
) -> None:
    headers = tokens.header("party", party="KEN")
    old = make_contact(session, family_name="Otieno", emails=["otieno@nema.go.ke"])
    new = make_contact(session, family_name="Wanjiku", emails=["wanjiku@nema.go.ke"])
    session.commit()
    first = _designate(client, headers, old.id, "2020-01-01")
    assert _end(client, headers, first, "2023-06-01").status_code == 200
    _designate(client, headers, new.id, "2023-06-01")
    contact_url = f"/api/v1/contacts/{old.id}"
    client.patch(
        contact_url,
        json={"emails": ["otieno@private.example"]},
        headers={**headers, "If-Match": client.get(contact_url).headers["ETag"]},
    )
    assert _fp_on(client, "2019-12-31") == []
    assert _fp_on(client, "2022-03-15") == [("Otieno", ["otieno@nema.go.ke"])]
    assert _fp_on(client, "2023-07-01") == [("Wanjiku", ["wanjiku@nema.go.ke"])]
    assert client.get("/api/v1/designations/" + str(first)).get_json()["ends_on"] == "2023-06-01"


def test_as_of_on_the_designations_list_filters_by_convention(session: Session, client: FlaskClient) -> None:
    make_designation(session, convention="rotterdam", role="OCP", starts_on=dt.date(2018, 5, 1))
    session.commit()
    before = client.get("/api/v1/designations?convention=rotterdam&party=KEN&as_of=2018-04-30").get_json()
    after = client.get("/api/v1/designations?convention=rotterdam&party=KEN&as_of=2018-05-01").get_json()
    assert (before["total"], after["total"]) == (0, 1)
    assert after["items"][0]["contact"]["family_name"].startswith("Wanjiku")


def test_end_date_cannot_lie_in_the_future(session: Session, client: FlaskClient, tokens: Tokens) -> None:
    headers = tokens.header("admin")
    contact = make_contact(session)
    session.commit()
    designation = _designate(client, headers, contact.id, "2020-01-01")
    response = _end(client, headers, designation, "2999-01-01")
    assert response.status_code == 422
    assert "ends_on" in response.get_json()["errors"]


def test_designation_shows_its_provenance(session: Session, client: FlaskClient, tokens: Tokens) -> None:
    contact = make_contact(session)
    session.commit()
    designation = _designate(client, tokens.header("party", party="KEN"), contact.id, "2021-01-01")
    provenance = client.get(f"/api/v1/designations/{designation}").get_json()["provenance"]
    assert provenance["source"] == "api"
    assert provenance["created"]["by"]["role"] == "party"
    assert provenance["confirmed_by_list"] is None
