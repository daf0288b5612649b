"""``/api/v1/contacts``: list, search, read, create and change contacts."""

from __future__ import annotations

import base64
import json
import unicodedata
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from registry.contacts.models import Contact
from tests.conftest import Tokens
from tests.factories import make_contact, make_designation
from tests.registry.api.helpers import API, assert_problem, contact_body, count_changes, dump


def _contact(session: Session, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id, populate_existing=True)
    assert contact is not None
    return contact


# --- list and search ----------------------------------------------------------------------------------------


def test_contacts_list_filters_by_party(client: FlaskClient, session: Session) -> None:
    kenyan, ugandan = make_contact(session, "KEN"), make_contact(session, "UGA")
    session.commit()
    ids = [item["id"] for item in client.get(f"{API}/contacts?party=uga").get_json()["items"]]
    assert ugandan.id in ids
    assert kenyan.id not in ids


def test_contacts_search_ignores_case_and_accents(client: FlaskClient, session: Session) -> None:
    contact = make_contact(session, given_name="JOSÉ", family_name="MARTÍNEZ", party="MEX")
    session.commit()
    body = client.get(f"{API}/contacts", query_string={"q": "martinez"}).get_json()
    assert [item["id"] for item in body["items"]] == [contact.id]
    assert body["items"][0]["family_name"] == "MARTÍNEZ"


def test_contacts_search_finds_accented_text_from_accented_query(
    client: FlaskClient, session: Session
) -> None:
    contact = make_contact(session, family_name="Müller", party="DEU")
    session.commit()
    body = client.get(f"{API}/contacts", query_string={"q": "MÜLLER"}).get_json()
    assert [item["id"] for item in body["items"]] == [contact.id]


def test_contacts_search_needs_every_word(client: FlaskClient, session: Session) -> None:
    both = make_contact(session, given_name="Ana", family_name="Pereira", organization="IBAMA", party="BRA")
    make_contact(session, given_name="Ana", family_name="Souza", organization="CETESB", party="BRA")
    session.commit()
    body = client.get(f"{API}/contacts", query_string={"q": "ana ibama"}).get_json()
    assert [item["id"] for item in body["items"]] == [both.id]


def test_contacts_search_matches_an_email(client: FlaskClient, session: Session) -> None:
    contact = make_contact(session, emails=["focal.point@minam.example"], party="PER")
    session.commit()
    body = client.get(f"{API}/contacts", query_string={"q": "focal.point@minam"}).get_json()
    assert [item["id"] for item in body["items"]] == [contact.id]


def test_contacts_list_embeds_current_designations(client: FlaskClient, session: Session) -> None:
    designation = make_designation(session, make_contact(session, "GHA"), "stockholm", "NFP")
    session.commit()
    item = client.get(f"{API}/contacts?party=GHA").get_json()["items"][0]
    assert [(d["id"], d["convention"], d["role"]) for d in item["designations"]] == [
        (designation.id, "stockholm", "NFP")
    ]


def test_contacts_pagination_is_stable_when_a_row_is_added_between_pages(
    client: FlaskClient, session: Session
) -> None:
    first_five = [make_contact(session, "NOR").id for _ in range(5)]
    session.commit()
    page1 = client.get(f"{API}/contacts?party=NOR&limit=2").get_json()
    added = make_contact(session, "NOR").id
    session.commit()
    seen = [item["id"] for item in page1["items"]]
    next_url = page1["next"]
    while next_url:
        page = client.get(next_url).get_json()
        seen += [item["id"] for item in page["items"]]
        next_url = page["next"]
    assert seen == [*first_five, added]
    assert page1["total"] == 5


def test_contacts_list_refuses_a_forged_cursor_of_another_type(client: FlaskClient) -> None:
    forged = base64.urlsafe_b64encode(json.dumps({"after": "abc"}).encode()).decode()
    assert_problem(client.get(f"{API}/contacts", query_string={"cursor": forged}), 422, "cursor")


# --- read ---------------------------------------------------------------------------------------------------


def test_contact_get_returns_the_contract_fields_and_an_etag(client: FlaskClient, session: Session) -> None:
    contact = make_contact(session, address={"street": "NHIF Building", "city": "Nairobi"})
    session.commit()
    response = client.get(f"{API}/contacts/{contact.id}")
    body = response.get_json()
    assert response.headers["ETag"] == f'"contact-{contact.id}-v1"'
    for field in ("id", "party", "title", "given_name", "family_name", "position", "department"):
        assert field in body
    assert body["address"] == {"street": "NHIF Building", "city": "Nairobi", "postal_code": None}
    assert body["phones"] == ["+254201234567"]
    assert body["faxes"] == []
    assert body["designations"] == []
    assert body["updated_at"]


def test_contact_get_answers_304_to_its_current_etag(client: FlaskClient, session: Session) -> None:
    contact = make_contact(session)
    session.commit()
    tag = client.get(f"{API}/contacts/{contact.id}").headers["ETag"]
    response = client.get(f"{API}/contacts/{contact.id}", headers={"If-None-Match": tag})
    assert response.status_code == 304
    assert response.headers["ETag"] == tag


def test_contact_get_answers_200_to_a_stale_etag(client: FlaskClient, session: Session) -> None:
    contact = make_contact(session)
    session.commit()
    response = client.get(f"{API}/contacts/{contact.id}", headers={"If-None-Match": '"contact-1-v0"'})
    assert response.status_code == 200


def test_contact_get_unknown_id_is_a_404_problem(client: FlaskClient) -> None:
    assert_problem(client.get(f"{API}/contacts/999999"), 404)


def test_contact_get_id_beyond_any_row_is_a_404_problem(client: FlaskClient) -> None:
    assert_problem(client.get(f"{API}/contacts/99999999999999999999"), 404)


# --- create -------------------------------------------------------------------------------------------------


def test_contact_post_creates_it_with_etag_and_location(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    response = client.post(
        f"{API}/contacts", json=contact_body(), headers=tokens.header("party", party="KEN")
    )
    assert response.status_code == 201
    body = response.get_json()
    assert response.headers["ETag"] == f'"contact-{body["id"]}-v1"'
    assert response.headers["Location"].endswith(f"/api/v1/contacts/{body['id']}")
    stored = _contact(session, body["id"])
    assert (stored.party_code, stored.family_name, stored.emails) == (
        "KEN",
        "Kamau",
        ["w.kamau@nema.example"],
    )
    assert count_changes(session, "contact", body["id"]) == 1


def test_contact_post_reads_phones_in_the_partys_region_as_e164(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    data = contact_body(phones=["020 600 6041", "+254 (0) 20 600 6042"], faxes=["0041 22 917 8218"])
    body = client.post(f"{API}/contacts", json=data, headers=tokens.header("admin")).get_json()
    assert body["phones"] == ["+254206006041", "+254206006042"]
    assert body["faxes"] == ["+41229178218"]
    assert _contact(session, body["id"]).phones == body["phones"]


def test_contact_post_trims_and_nfc_normalizes_text(client: FlaskClient, tokens: Tokens) -> None:
    decomposed = unicodedata.normalize("NFD", "Zoë Ñúñez")
    data = contact_body(given_name=f"  {decomposed}  ", organization="\tMinistère\u00a0de l'Environnement ")
    body = client.post(f"{API}/contacts", json=data, headers=tokens.header("admin")).get_json()
    assert body["given_name"] == unicodedata.normalize("NFC", "Zoë Ñúñez")
    assert body["organization"] == "Ministère de l'Environnement"


def test_contact_post_keeps_arabic_and_chinese_names_exactly(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    arabic, chinese = "عبد الرحمن المنصوري", "王秀英"
    data = contact_body(party="ARE", given_name=arabic, family_name=chinese, phones=[])
    created = client.post(f"{API}/contacts", json=data, headers=tokens.header("admin")).get_json()
    body = client.get(f"{API}/contacts/{created['id']}").get_json()
    assert body["given_name"].encode() == arabic.encode()
    assert body["family_name"].encode() == chinese.encode()
    assert _contact(session, created["id"]).given_name == arabic


def test_contact_post_office_without_a_named_person(client: FlaskClient, tokens: Tokens) -> None:
    data = contact_body(given_name=None, family_name=None, title=None, position="Director, Chemicals")
    body = client.post(f"{API}/contacts", json=data, headers=tokens.header("admin")).get_json()
    assert (body["given_name"], body["family_name"], body["position"]) == (None, None, "Director, Chemicals")


def _refused(client: FlaskClient, session: Session, tokens: Tokens, data: object, *fields: str) -> None:
    header = tokens.header("admin")
    before = dump(session)
    assert_problem(client.post(f"{API}/contacts", json=data, headers=header), 422, *fields)
    assert dump(session) == before


def test_contact_post_refuses_a_bad_email(client: FlaskClient, session: Session, tokens: Tokens) -> None:
    _refused(client, session, tokens, contact_body(emails=["ok@env.example", "not-an-address"]), "emails")


def test_contact_post_refuses_a_bad_phone(client: FlaskClient, session: Session, tokens: Tokens) -> None:
    _refused(client, session, tokens, contact_body(phones=["12"]), "phones")


def test_contact_post_refuses_a_phone_without_country_code_for_the_eu(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    _refused(client, session, tokens, contact_body(party="EUU", phones=["022 917 8218"]), "phones")


def test_contact_post_refuses_an_unknown_field(client: FlaskClient, session: Session, tokens: Tokens) -> None:
    _refused(client, session, tokens, contact_body(nickname="Wanji"), "nickname")


def test_contact_post_refuses_a_missing_party(client: FlaskClient, session: Session, tokens: Tokens) -> None:
    data = contact_body()
    del data["party"]
    _refused(client, session, tokens, data, "party")


def test_contact_post_refuses_an_unknown_party(client: FlaskClient, session: Session, tokens: Tokens) -> None:
    _refused(client, session, tokens, contact_body(party="ZZZ"), "party")


def test_contact_post_refuses_a_party_code_of_another_shape(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    _refused(client, session, tokens, contact_body(party="Kenya"), "party")


def test_contact_post_refuses_control_characters(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    _refused(client, session, tokens, contact_body(family_name="Kam\x00au"), "family_name")


def test_contact_post_refuses_a_name_too_long(client: FlaskClient, session: Session, tokens: Tokens) -> None:
    _refused(client, session, tokens, contact_body(family_name="K" * 301), "family_name")


def test_contact_post_checks_length_after_normalizing(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    # U+0958 is one character, but two after NFC: 200 of them would not fit the 300 the column holds.
    _refused(client, session, tokens, contact_body(family_name="\u0958" * 200), "family_name")


def test_contact_post_refuses_a_body_that_is_not_an_object(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    _refused(client, session, tokens, ["KEN"])


# --- change -------------------------------------------------------------------------------------------------


@pytest.fixture
def kenyan(session: Session) -> Contact:
    """A Kenyan contact at its first version, committed."""
    contact = make_contact(session, "KEN")
    session.commit()
    return contact


def _patch(
    client: FlaskClient, contact_id: int, body: dict[str, Any], headers: dict[str, str]
) -> TestResponse:
    return client.patch(f"{API}/contacts/{contact_id}", json=body, headers=headers)


def _first_version(contact_id: int) -> dict[str, str]:
    return {"If-Match": f'"contact-{contact_id}-v1"'}


def test_contact_patch_changes_the_database_and_the_etag(
    client: FlaskClient, session: Session, tokens: Tokens, kenyan: Contact
) -> None:
    header = tokens.header("party", party="KEN")
    tag = client.get(f"{API}/contacts/{kenyan.id}").headers["ETag"]
    body = {"position": " Director ", "emails": ["New@Env.example"]}
    response = _patch(client, kenyan.id, body, {**header, "If-Match": tag})
    assert response.status_code == 200
    assert response.headers["ETag"] == f'"contact-{kenyan.id}-v2"'
    stored = _contact(session, kenyan.id)
    assert (stored.position, stored.emails, stored.version) == ("Director", ["new@env.example"], 2)
    assert stored.family_name == kenyan.family_name
    assert count_changes(session, "contact", kenyan.id) == 2


def test_contact_patch_without_if_match_is_428(
    client: FlaskClient, session: Session, tokens: Tokens, kenyan: Contact
) -> None:
    before = dump(session)
    assert_problem(_patch(client, kenyan.id, {"position": "Director"}, tokens.header("admin")), 428)
    assert dump(session) == before


def test_contact_patch_with_stale_etag_is_412(
    client: FlaskClient, session: Session, tokens: Tokens, kenyan: Contact
) -> None:
    stale = {**tokens.header("admin"), "If-Match": client.get(f"{API}/contacts/{kenyan.id}").headers["ETag"]}
    _patch(client, kenyan.id, {"position": "A"}, stale)
    before = dump(session)
    assert_problem(_patch(client, kenyan.id, {"position": "B"}, stale), 412)
    assert dump(session) == before
    assert _contact(session, kenyan.id).position == "A"


def test_contact_patch_with_a_weak_etag_is_412(client: FlaskClient, tokens: Tokens, kenyan: Contact) -> None:
    header = {**tokens.header("admin"), "If-Match": f'W/"contact-{kenyan.id}-v1"'}
    assert_problem(_patch(client, kenyan.id, {"position": "A"}, header), 412)


def test_contact_patch_by_another_partys_token_is_403(
    client: FlaskClient, session: Session, tokens: Tokens, kenyan: Contact
) -> None:
    header = {**tokens.header("party", party="UGA"), **_first_version(kenyan.id)}
    before = dump(session)
    assert_problem(_patch(client, kenyan.id, {"position": "Director"}, header), 403)
    assert dump(session) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"party": "UGA"}, "party", id="cannot-move-a-contact-to-another-party"),
        pytest.param({"phones": ["not a phone"]}, "phones", id="validates-a-phone-in-the-contacts-region"),
    ],
)
def test_contact_patch_refuses_a_bad_value_and_keeps_the_contact(
    client: FlaskClient, session: Session, tokens: Tokens, kenyan: Contact, body: dict[str, Any], field: str
) -> None:
    header = {**tokens.header("admin"), **_first_version(kenyan.id)}
    assert_problem(_patch(client, kenyan.id, body, header), 422, field)
    assert _contact(session, kenyan.id).party_code == "KEN"


def test_contact_patch_of_unknown_contact_is_404(client: FlaskClient, tokens: Tokens) -> None:
    header = {**tokens.header("admin"), **_first_version(999999)}
    assert_problem(_patch(client, 999999, {"position": "A"}, header), 404)
