"""Every write path leaves exactly one history entry per change, with its author; a rolled-back write none."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.audit.models import Change
from registry.db import db
from tests.conftest import Tokens
from tests.factories import make_contact, make_designation


def _changes(resource: str | None = None) -> list[Change]:
    stmt = select(Change).order_by(Change.seq)
    if resource:
        stmt = stmt.where(Change.resource == resource)
    return list(db.session().scalars(stmt))


def _count() -> int:
    return int(db.session().scalar(select(func.count()).select_from(Change)) or 0)


def _at_current_version(client: FlaskClient, url: str, headers: dict[str, str]) -> dict[str, str]:
    """``headers`` with an If-Match of the resource's current ETag."""
    return {**headers, "If-Match": client.get(url).headers["ETag"]}


def test_history_api_create_records_one_change_with_the_token(client: FlaskClient, tokens: Tokens) -> None:
    before = _count()
    response = client.post(
        "/api/v1/contacts",
        json={"party": "KEN", "given_name": "Amina", "family_name": "Wanjiku", "emails": ["a@nema.go.ke"]},
        headers=tokens.header("party", party="KEN"),
    )
    assert response.status_code == 201
    assert _count() == before + 1
    change = _changes("contact")[-1]
    assert (change.kind, change.resource_id) == ("created", response.get_json()["id"])
    assert change.actor["kind"] == "token"
    assert change.actor["role"] == "party"
    assert change.actor["party"] == "KEN"
    assert change.fields["emails"] == [None, ["a@nema.go.ke"]]


def test_history_api_patch_records_field_level_before_and_after(
    session: Session, client: FlaskClient, tokens: Tokens
) -> None:
    contact = make_contact(session, position="Officer")
    make_designation(session, contact, "basel", "CA")  # a secretariat writes the contacts of its roles
    session.commit()
    url = f"/api/v1/contacts/{contact.id}"
    headers = _at_current_version(client, url, tokens.header("secretariat", convention="basel"))
    before = _count()
    assert client.patch(url, json={"position": "Director"}, headers=headers).status_code == 200
    assert _count() == before + 1
    change = _changes("contact")[-1]
    assert change.kind == "updated"
    assert change.fields == {"position": ["Officer", "Director"]}
    assert change.actor["role"] == "secretariat"


def test_history_patch_that_changes_nothing_records_nothing(
    session: Session, client: FlaskClient, tokens: Tokens
) -> None:
    contact = make_contact(session, position="Officer")
    session.commit()
    before = _count()
    url = f"/api/v1/contacts/{contact.id}"
    headers = _at_current_version(client, url, tokens.header("admin"))
    assert client.patch(url, json={"position": " Officer "}, headers=headers).status_code == 200
    assert _count() == before


def test_history_designation_create_and_end_are_recorded(
    session: Session, client: FlaskClient, tokens: Tokens
) -> None:
    contact = make_contact(session)
    session.commit()
    admin = tokens.header("admin")
    created = client.post(
        "/api/v1/designations",
        json={"convention": "basel", "role": "FP", "contact_id": contact.id},
        headers=admin,
    ).get_json()
    url = f"/api/v1/designations/{created['id']}"
    assert client.delete(url, headers=_at_current_version(client, url, admin)).status_code == 200
    kinds = [(c.kind, c.resource_id) for c in _changes("designation")]
    assert kinds[-2:] == [("created", created["id"]), ("ended", created["id"])]
    assert _changes("designation")[-1].state["ends_on"] is not None


def test_history_refused_write_leaves_no_entry(session: Session, client: FlaskClient, tokens: Tokens) -> None:
    first, second = make_contact(session), make_contact(session)
    session.commit()
    admin = tokens.header("admin")
    body = {"convention": "basel", "role": "FP"}
    assert (
        client.post("/api/v1/designations", json={**body, "contact_id": first.id}, headers=admin).status_code
        == 201
    )
    before = _count()
    response = client.post("/api/v1/designations", json={**body, "contact_id": second.id}, headers=admin)
    assert response.status_code == 409
    assert _count() == before


def test_history_endpoint_needs_a_token_in_scope(
    session: Session, client: FlaskClient, tokens: Tokens
) -> None:
    contact = make_contact(session, party="KEN")
    session.commit()
    url = f"/api/v1/contacts/{contact.id}/history"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=tokens.header("party", party="FRA")).status_code == 403
    own = client.get(url, headers=tokens.header("party", party="KEN"))
    assert own.status_code == 200
    [entry] = own.get_json()["items"]
    assert entry["kind"] == "created"
    assert entry["fields"]["family_name"]["new"] == contact.family_name


def test_history_of_a_designation_is_served_to_a_secretariat(
    session: Session, client: FlaskClient, tokens: Tokens
) -> None:
    admin = tokens.header("admin")
    contact = make_contact(session)
    session.commit()
    created = client.post(
        "/api/v1/designations",
        json={"convention": "rotterdam", "role": "DNA", "scope": "P", "contact_id": contact.id},
        headers=admin,
    ).get_json()
    url = f"/api/v1/designations/{created['id']}"
    client.patch(url, json={"scope": "CP"}, headers=_at_current_version(client, url, admin))
    history = client.get(url + "/history", headers=tokens.header("secretariat")).get_json()["items"]
    assert [h["kind"] for h in history] == ["created", "updated"]
    assert history[1]["fields"] == {"scope": {"old": "P", "new": "CP"}}
