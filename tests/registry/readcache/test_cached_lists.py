"""Lists and the party page from the read cache: ETags, 304, and never an answer older than a write."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from registry.db import db
from registry.parties.models import Party
from registry.readcache import PUBLIC, registry_version, versions
from tests.conftest import Tokens
from tests.factories import make_contact, make_designation
from tests.registry.api.helpers import API

LIST = f"{API}/designations?party=KEN"


def test_designations_list_answers_with_a_strong_etag_and_cache_control(
    client: FlaskClient, session: Session
) -> None:
    make_designation(session)
    session.commit()
    response = client.get(LIST)
    assert response.headers["ETag"].startswith('"')
    assert response.headers["Cache-Control"] == PUBLIC


def test_designations_list_answers_304_to_its_etag(client: FlaskClient, session: Session) -> None:
    make_designation(session)
    session.commit()
    tag = client.get(LIST).headers["ETag"]
    response = client.get(LIST, headers={"If-None-Match": tag})
    assert response.status_code == 304
    assert response.headers["ETag"] == tag
    assert response.get_data() == b""


def test_designations_list_read_after_a_write_shows_the_write(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    make_designation(session)
    contact = make_contact(session, family_name="Kiprono")
    session.commit()
    before = client.get(LIST)
    body = {"convention": "basel", "role": "CA", "contact_id": contact.id}
    assert client.post(f"{API}/designations", json=body, headers=tokens.header("admin")).status_code == 201
    after = client.get(LIST, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.get_json()["total"] == before.get_json()["total"] + 1
    assert after.headers["ETag"] != before.headers["ETag"]


def test_designations_list_etag_differs_with_the_filter(client: FlaskClient, session: Session) -> None:
    make_designation(session)
    session.commit()
    assert client.get(LIST).headers["ETag"] != client.get(f"{API}/designations?party=UGA").headers["ETag"]


def test_designations_list_etag_ignores_a_parameter_it_does_not_take(
    client: FlaskClient, session: Session
) -> None:
    make_designation(session)
    session.commit()
    assert client.get(LIST).headers["ETag"] == client.get(f"{LIST}&utm_source=mail").headers["ETag"]


def test_designations_list_value_holding_another_parameter_is_another_answer(
    client: FlaskClient, session: Session
) -> None:
    make_designation(session, make_contact(session, family_name="Smith"), "rotterdam", "DNA", scope="P")
    session.commit()
    posing = client.get(f"{API}/designations", query_string={"q": "smith&scope=P"})  # one parameter, q
    found = client.get(f"{API}/designations?q=smith&scope=P")
    assert (posing.get_json()["total"], found.get_json()["total"]) == (0, 1)
    assert found.headers["ETag"] != posing.headers["ETag"]


def test_contacts_list_is_cached_with_an_etag(client: FlaskClient, session: Session) -> None:
    make_contact(session)
    session.commit()
    tag = client.get(f"{API}/contacts").headers["ETag"]
    assert client.get(f"{API}/contacts", headers={"If-None-Match": tag}).status_code == 304


def test_list_refused_as_invalid_has_no_etag(client: FlaskClient) -> None:
    response = client.get(f"{API}/designations?scope=pesticides")
    assert response.status_code == 422
    assert "ETag" not in response.headers


def test_party_page_is_cached_for_a_visitor_without_a_session(client: FlaskClient, session: Session) -> None:
    make_designation(session)
    session.commit()
    tag = client.get("/parties/KEN").headers["ETag"]
    assert client.get("/parties/KEN", headers={"If-None-Match": tag}).status_code == 304


def test_party_page_varies_with_what_chooses_its_language(client: FlaskClient, session: Session) -> None:
    make_designation(session)
    session.commit()
    miss, hit = client.get("/parties/KEN"), client.get("/parties/KEN")
    tag = hit.headers["ETag"]
    unchanged = client.get("/parties/KEN", headers={"If-None-Match": tag})
    assert {"cookie", "accept-language"} <= {v.lower() for v in miss.vary}
    assert (hit.vary, unchanged.vary) == (miss.vary, miss.vary)


def test_api_list_does_not_vary_with_the_language(client: FlaskClient, session: Session) -> None:
    make_designation(session)
    session.commit()
    assert "Vary" not in client.get(LIST).headers


def test_party_page_of_a_browser_with_a_session_is_not_cached(client: FlaskClient) -> None:
    client.set_cookie("session", "anything")
    response = client.get("/parties/KEN")
    assert response.status_code == 200
    assert "ETag" not in response.headers


def test_registry_version_changes_with_each_change(session: Session) -> None:
    before = registry_version(session)
    make_contact(session)
    session.flush()
    assert registry_version(session) != before


def test_version_reader_on_the_engine_sees_a_commit_of_another_connection(committing_db: object) -> None:
    before = versions.read(db)
    session = db.session()
    make_contact(session)
    session.commit()
    db.session.remove()
    assert versions.read(db) != before


def test_party_page_after_an_import_of_party_statuses_shows_the_new_status(
    client: FlaskClient, session: Session
) -> None:
    before = client.get("/parties/KEN")
    kenya = session.get(Party, "KEN")
    assert kenya is not None
    for status in kenya.statuses:
        status.status = "non_party"  # what `registry parties import` writes: no change in the log
    session.commit()
    after = client.get("/parties/KEN", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.get_data() != before.get_data()


def test_party_page_after_a_new_designation_shows_it(client: FlaskClient, session: Session) -> None:
    before = client.get("/parties/KEN")
    make_designation(session, make_contact(session, family_name="Chebet"))
    session.commit()
    after = client.get("/parties/KEN", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert "Chebet" in after.get_data(as_text=True)
