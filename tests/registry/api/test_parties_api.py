"""``/api/v1/parties`` and ``/api/v1/parties/{code}/designations``."""

from __future__ import annotations

import base64
import datetime as dt
import json

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.audit.actor import cli_actor
from registry.conventions import CONVENTIONS
from registry.designations.services import end_designation
from registry.parties.models import Party, PartyStatus
from tests.factories import make_contact, make_designation
from tests.registry.api.helpers import API, assert_problem


def _walk(client: FlaskClient, url: str) -> tuple[list[dict[str, object]], list[int], int]:
    items, sizes, pages = [], [], 0
    next_url: str | None = url
    while next_url:
        body = client.get(next_url).get_json()
        items += body["items"]
        sizes.append(body["total"])
        next_url = body["next"]
        pages += 1
    return items, sizes, pages


def test_parties_list_pages_through_every_party_with_cursor(client: FlaskClient, session: Session) -> None:
    in_db = session.scalar(select(func.count()).select_from(Party))
    items, totals, pages = _walk(client, f"{API}/parties?limit=50")
    codes = [item["code"] for item in items]
    assert len(codes) == in_db
    assert len(set(codes)) == in_db
    assert codes == sorted(codes)
    assert set(totals) == {in_db}
    assert pages == -(-in_db // 50)


def test_parties_list_gives_first_page_with_total_and_next(client: FlaskClient) -> None:
    body = client.get(f"{API}/parties").get_json()
    assert len(body["items"]) == 50
    assert body["total"] >= 249
    assert body["next"].startswith("http://localhost/api/v1/parties?")
    assert "cursor=" in body["next"]


def test_parties_list_next_keeps_the_filters(client: FlaskClient) -> None:
    first = client.get(f"{API}/parties?convention=basel&limit=10").get_json()
    second = client.get(first["next"]).get_json()
    assert "convention=basel" in first["next"]
    assert second["total"] == first["total"]
    assert all(item["status"]["basel"] == "party" for item in second["items"])


def test_parties_list_gives_status_under_each_convention(client: FlaskClient, session: Session) -> None:
    expected = {
        code: {s.convention: s.status for s in session.get(Party, code).statuses}  # type: ignore[union-attr]
        for code in ("KEN", "USA")
    }
    items = client.get(f"{API}/parties?limit=500").get_json()["items"]
    by_code = {item["code"]: item for item in items}
    for code, statuses in expected.items():
        assert set(by_code[code]["status"]) == set(CONVENTIONS)
        assert by_code[code]["status"] == {c: statuses.get(c, "non_party") for c in CONVENTIONS}
    assert by_code["KEN"]["status"]["basel"] == "party"
    assert by_code["USA"]["status"]["basel"] == "non_party"


def test_parties_list_filters_by_convention(client: FlaskClient, session: Session) -> None:
    parties = session.scalar(
        select(func.count()).where(PartyStatus.convention == "stockholm", PartyStatus.status == "party")
    )
    body = client.get(f"{API}/parties?convention=stockholm&limit=500").get_json()
    assert body["total"] == parties == len(body["items"])
    assert {item["status"]["stockholm"] for item in body["items"]} == {"party"}


def test_parties_list_finds_a_party_by_name_variant(client: FlaskClient) -> None:
    body = client.get(f"{API}/parties", query_string={"q": "Türkiye"}).get_json()
    assert [item["code"] for item in body["items"]] == ["TUR"]


def test_parties_list_refuses_limit_above_500(client: FlaskClient) -> None:
    assert_problem(client.get(f"{API}/parties?limit=501"), 422, "limit")


def test_parties_list_gives_every_party_at_limit_500(client: FlaskClient) -> None:
    body = client.get(f"{API}/parties?limit=500").get_json()
    assert len(body["items"]) == body["total"]
    assert body["next"] is None


def test_parties_list_refuses_a_cursor_it_did_not_give(client: FlaskClient) -> None:
    assert_problem(client.get(f"{API}/parties?cursor=not-a-cursor"), 422, "cursor")


def test_parties_list_refuses_a_forged_cursor_of_another_type(client: FlaskClient) -> None:
    forged = base64.urlsafe_b64encode(json.dumps({"after": [1, 2]}).encode()).decode()
    assert_problem(client.get(f"{API}/parties", query_string={"cursor": forged}), 422, "cursor")


def test_party_get_returns_code_alpha2_name_and_status(client: FlaskClient) -> None:
    response = client.get(f"{API}/parties/KEN")
    assert response.status_code == 200
    body = response.get_json()
    assert (body["code"], body["alpha2"], body["name"]) == ("KEN", "KE", "Kenya")
    assert body["status"] == {"basel": "party", "rotterdam": "party", "stockholm": "party"}


def test_party_get_accepts_a_lower_case_code(client: FlaskClient) -> None:
    assert client.get(f"{API}/parties/euu").get_json()["code"] == "EUU"


def test_party_get_unknown_code_is_a_404_problem(client: FlaskClient) -> None:
    body = assert_problem(client.get(f"{API}/parties/ZZZ"), 404)
    assert "ZZZ" in body["detail"]


def test_party_get_text_that_is_no_code_is_a_404_problem(client: FlaskClient) -> None:
    assert_problem(client.get(f"{API}/parties/K%00N"), 404)


def test_party_get_has_an_etag_and_answers_304_to_it(client: FlaskClient) -> None:
    tag = client.get(f"{API}/parties/KEN").headers["ETag"]
    response = client.get(f"{API}/parties/KEN", headers={"If-None-Match": tag})
    assert response.status_code == 304
    assert response.headers["ETag"] == tag
    assert response.get_data() == b""


def test_party_designations_lists_current_ones_across_conventions(
    client: FlaskClient, session: Session
) -> None:
    contact = make_contact(session, family_name="Otieno")
    fp = make_designation(session, contact, "basel", "FP")
    dna = make_designation(session, make_contact(session), "rotterdam", "DNA", scope="P")
    nfp = make_designation(session, make_contact(session), "stockholm", "NFP")
    ended = make_designation(session, make_contact(session), "stockholm", "OCP")
    end_designation(session, ended, cli_actor(), on=dt.date(2025, 1, 1))
    make_designation(session, make_contact(session, party="UGA"), "basel", "FP")
    session.commit()
    body = client.get(f"{API}/parties/KEN/designations").get_json()
    assert [item["id"] for item in body["items"]] == [fp.id, dna.id, nfp.id]
    assert body["total"] == 3
    assert body["next"] is None
    assert body["items"][0]["contact"]["family_name"] == "Otieno"
    assert body["items"][0]["contact"]["id"] == body["items"][0]["contact_id"] == contact.id


def test_party_designations_of_party_with_none_is_an_empty_list(client: FlaskClient) -> None:
    assert client.get(f"{API}/parties/TUV/designations").get_json() == {"items": [], "total": 0, "next": None}


def test_party_designations_unknown_party_is_a_404_problem(client: FlaskClient) -> None:
    assert_problem(client.get(f"{API}/parties/ZZZ/designations"), 404)


def test_party_get_gives_its_un_regional_group(client: FlaskClient) -> None:
    assert client.get(f"{API}/parties/KEN").get_json()["region"] == "African"
    assert client.get(f"{API}/parties/EUU").get_json()["region"] is None
