"""The three-way rule in practice: edits through the API, edits in the list, both, and the failsafe."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.contacts.models import Contact
from registry.db import db
from registry.designations.models import Designation
from tests.conftest import Tokens
from tests.sync.conftest import Run, Synced
from tests.sync.lists import csv_edit, items, sample, sample_paths
from tests.sync.listserver import ListServer, static
from tests.sync.state import dump

ROTTERDAM = ("rotterdam",)
LEDUC_ROW = "ARE,United Arab Emirates ,OCP,,Mr. Maryse   Leduc ,  Chief Environmental Officer,"
LEDUC_EMAIL = "maryse.leduc@menr.ae.example"


def _serve_rotterdam(server: ListServer, content: bytes, name: str = "r.csv") -> dict[str, str]:
    return {"rotterdam": server.route(f"/{name}", static(content))}


def _contact(session: Session, email: str) -> Contact:
    # A request ends its session: read through the current one.
    contacts = [c for c in db.session().scalars(select(Contact)) if email in c.emails]
    assert len(contacts) == 1
    return contacts[0]


def _patch(client: FlaskClient, tokens: Tokens, contact: Contact, body: dict[str, Any]) -> None:
    url = f"/api/v1/contacts/{contact.id}"
    etag = client.get(url).headers["ETag"]
    headers = {**tokens.header("party", party=contact.party_code), "If-Match": etag}
    response = client.patch(url, json=body, headers=headers)
    assert response.status_code == 200, response.get_json()


def _designate_through_the_api(
    client: FlaskClient, tokens: Tokens, contact: dict[str, Any], convention: str, role: str
) -> int:
    """An admin makes ``contact`` and designates it through the API, as people do; the designation's id."""
    admin = tokens.header("admin")
    created = client.post("/api/v1/contacts", json=contact, headers=admin).get_json()
    response = client.post(
        "/api/v1/designations",
        json={"convention": convention, "role": role, "contact_id": created["id"]},
        headers=admin,
    )
    assert response.status_code == 201
    return int(response.get_json()["id"])


def test_api_edit_then_run_gives_registry_ahead_and_is_not_reverted(
    session: Session, client: FlaskClient, tokens: Tokens, run: Run, synced: Synced
) -> None:
    synced(conventions=ROTTERDAM)
    leduc = _contact(session, LEDUC_EMAIL)
    _patch(client, tokens, leduc, {"phones": ["+971 2 234 0000"]})
    report = run(sample_paths("v1"), conventions=ROTTERDAM)
    [item] = items(report, "rotterdam")
    assert (item["action"], item["party"], item["role"], item["applied"]) == (
        "registry_ahead",
        "ARE",
        "OCP",
        False,
    )
    assert item["fields"] == {"phones": {"registry": ["+97122340000"], "list": ["+97122343211"]}}
    assert _contact(session, LEDUC_EMAIL).phones == ["+97122340000"]


def test_registry_ahead_is_reported_again_while_the_list_lags(
    session: Session, client: FlaskClient, tokens: Tokens, run: Run, synced: Synced
) -> None:
    synced(conventions=ROTTERDAM)
    _patch(client, tokens, _contact(session, LEDUC_EMAIL), {"phones": ["+971 2 234 0000"]})
    run(sample_paths("v1"), conventions=ROTTERDAM)
    again = run(sample_paths("v1"), conventions=ROTTERDAM)
    assert [i["action"] for i in items(again, "rotterdam")] == ["registry_ahead"]


def test_change_on_both_sides_to_other_values_is_a_conflict_and_keeps_the_registry(
    session: Session, client: FlaskClient, tokens: Tokens, list_server: ListServer, run: Run, synced: Synced
) -> None:
    synced(conventions=ROTTERDAM)
    leduc = _contact(session, LEDUC_EMAIL)
    _patch(client, tokens, leduc, {"position": "Director General"})
    edited = csv_edit(
        sample("v1", "rotterdam"), LEDUC_ROW, LEDUC_ROW.replace("Chief Environmental Officer", "Adviser")
    )
    report = run(_serve_rotterdam(list_server, edited), conventions=ROTTERDAM)
    [item] = items(report, "rotterdam")
    assert item["action"] == "conflict"
    assert item["fields"] == {"position": {"registry": "Director General", "list": "Adviser"}}
    assert _contact(session, LEDUC_EMAIL).position == "Director General"


def test_change_on_both_sides_to_the_same_value_reports_nothing(
    session: Session, client: FlaskClient, tokens: Tokens, list_server: ListServer, run: Run, synced: Synced
) -> None:
    synced(conventions=ROTTERDAM)
    _patch(client, tokens, _contact(session, LEDUC_EMAIL), {"position": "Adviser"})
    edited = csv_edit(
        sample("v1", "rotterdam"), LEDUC_ROW, LEDUC_ROW.replace("Chief Environmental Officer", "Adviser")
    )
    report = run(_serve_rotterdam(list_server, edited), conventions=ROTTERDAM)
    assert items(report, "rotterdam") == []


def test_list_change_alone_is_applied_and_recorded_as_the_list(
    session: Session, list_server: ListServer, run: Run, synced: Synced
) -> None:
    synced(conventions=ROTTERDAM)
    edited = csv_edit(
        sample("v1", "rotterdam"), LEDUC_ROW, LEDUC_ROW.replace("Chief Environmental Officer", "Adviser")
    )
    report = run(_serve_rotterdam(list_server, edited), conventions=ROTTERDAM)
    [item] = items(report, "rotterdam")
    assert (item["action"], item["applied"], list(item["fields"])) == ("changed", True, ["position"])
    leduc = _contact(session, LEDUC_EMAIL)
    assert leduc.position == "Adviser"
    assert leduc.sources["position"]["kind"] == "sync"
    assert leduc.sources["position"]["convention"] == "rotterdam"


def test_role_passing_to_another_person_is_removed_and_added(
    session: Session, list_server: ListServer, run: Run, synced: Synced
) -> None:
    synced(conventions=ROTTERDAM)
    old = _contact(session, LEDUC_EMAIL)
    content = csv_edit(
        sample("v1", "rotterdam"), LEDUC_ROW, LEDUC_ROW.replace("Maryse   Leduc", "Omar Haddad")
    )
    content = csv_edit(
        content, '"Maryse.leduc@menr.ae.example, Pops@menr.ae.example"', "omar.haddad@menr.ae.example"
    )
    report = run(_serve_rotterdam(list_server, content), conventions=ROTTERDAM)
    actions = sorted((i["action"], i["contact"]["family_name"]) for i in items(report, "rotterdam"))
    assert actions == [("added", "Haddad"), ("removed", "Leduc")]
    ended = session.scalars(select(Designation).where(Designation.contact_id == old.id)).one()
    assert ended.ends_on is not None
    assert session.get(Contact, old.id) is not None


def test_list_that_lost_half_its_rows_is_held_and_nothing_applied(
    session: Session, list_server: ListServer, run: Run, synced: Synced
) -> None:
    synced(conventions=ROTTERDAM)
    before = dump(session)
    lines = sample("v1", "rotterdam").decode("utf-8-sig").split("\r\n")
    half = "\r\n".join(lines[: len(lines) // 2]).encode("utf-8")
    report = run(_serve_rotterdam(list_server, half), conventions=ROTTERDAM)
    part = report["conventions"]["rotterdam"]
    assert part["status"] == "held"
    assert "more than the 10% allowed" in part["error"]
    assert part["summary"]["removed"] > 100
    assert dump(session) == before


def test_empty_list_is_held(session: Session, list_server: ListServer, run: Run) -> None:
    header = sample("v1", "rotterdam").decode("utf-8-sig").split("\r\n")[0]
    report = run(_serve_rotterdam(list_server, (header + "\r\n").encode()), conventions=ROTTERDAM)
    assert report["conventions"]["rotterdam"]["status"] == "held"
    assert "empty" in report["conventions"]["rotterdam"]["error"]
    assert report["status"] == "partial"


def test_first_run_over_a_designation_edited_through_the_api_is_a_conflict(
    session: Session, client: FlaskClient, tokens: Tokens, run: Run
) -> None:
    leduc = {
        "party": "ARE",
        "title": "Mr.",
        "given_name": "Maryse",
        "family_name": "Leduc",
        "emails": [LEDUC_EMAIL],
        "phones": ["+971 2 234 9999"],
    }
    _designate_through_the_api(client, tokens, leduc, "rotterdam", "OCP")
    report = run(sample_paths("v1"), conventions=ROTTERDAM)
    found = {i["action"]: i for i in items(report, "rotterdam") if i["party"] == "ARE" and i["role"] == "OCP"}
    # What the person who designated set (phones, e-mails) conflicts; what they left empty, the list fills.
    assert set(found["conflict"]["fields"]) == {"phones", "emails"}
    assert found["conflict"]["fields"]["phones"] == {"registry": ["+97122349999"], "list": ["+97122343211"]}
    assert "position" in found["changed"]["fields"]


def test_non_party_rows_are_kept_and_flagged(session: Session, run: Run) -> None:
    report = run(sample_paths("v1"), conventions=ROTTERDAM)
    [warning] = [w for w in report["conventions"]["rotterdam"]["warnings"] if w["code"] == "non_party"]
    assert warning["source_ref"].startswith("row ")
    assert report["conventions"]["rotterdam"]["summary"]["added"] == 419


def test_placeholder_rows_never_become_contacts(session: Session, run: Run) -> None:
    report = run(sample_paths("v1"), conventions=("basel",))
    placeholders = [w for w in report["conventions"]["basel"]["warnings"] if w["code"] == "placeholder"]
    assert len(placeholders) == 5
    names = {(c.given_name, c.family_name) for c in session.scalars(select(Contact))}
    assert not {n for n in names if n[1] and n[1].casefold() in ("vacant", "tbc", "to be confirmed")}


def test_list_naming_another_holder_of_a_role_held_once_is_a_conflict_not_a_failure(
    session: Session, client: FlaskClient, tokens: Tokens, run: Run
) -> None:
    karimi = {"party": "AFG", "given_name": "Nadia", "family_name": "Karimi"}
    designated = _designate_through_the_api(client, tokens, karimi, "basel", "FP")
    report = run(sample_paths("v1"), conventions=("basel",))
    assert report["conventions"]["basel"]["status"] == "ok"
    found = {i["action"]: i for i in items(report, "basel") if i["party"] == "AFG" and i["role"] == "FP"}
    assert found["conflict"]["fields"]["holder"] == {"registry": "Nadia Karimi", "list": "Kevin Sá"}
    assert found["registry_ahead"]["designation_id"] == designated
    assert "added" not in found
