"""Conflicts other than a field changed on both sides: a list that drops a designation a person edited, and a
list naming another holder of a role held once. Each is settled either way, and stays settled."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.db import db
from registry.designations.models import Designation
from tests.conftest import Tokens
from tests.sync.conftest import Run, Synced
from tests.sync.lists import items, sample, sample_paths
from tests.sync.listserver import ListServer, static
from tests.sync.scenario import HUNTER, ROTTERDAM, contact, patch_contact

BASEL = ("basel",)


def _without_hunter(server: ListServer) -> dict[str, str]:
    lines = sample("v1", "rotterdam").decode("utf-8-sig").split("\r\n")
    kept = "\r\n".join(line for line in lines if "HUNTER" not in line)
    return {"rotterdam": server.route("/no-hunter.csv", static(("\ufeff" + kept).encode()))}


def _dropped(client: FlaskClient, tokens: Tokens, run: Run, synced: Synced, server: ListServer) -> Any:
    """v1 synced, Hunter's position edited, then a list without his row: a conflict."""
    synced(conventions=ROTTERDAM)
    patch_contact(client, tokens, HUNTER, {"position": "Chief Chemist"})
    report = run(_without_hunter(server), conventions=ROTTERDAM)
    [item] = [i for i in items(report, "rotterdam") if i["party"] == "KWT" and i["role"] == "DNA"]
    assert item["action"] == "conflict"
    return item


def _resolve(client: FlaskClient, tokens: Tokens, discrepancy_id: int, keep: str, convention: str) -> None:
    url = f"/api/v1/discrepancies/{discrepancy_id}/resolution"
    headers = tokens.header("secretariat", convention=convention)
    answer = client.post(url, json={"keep": keep}, headers=headers)
    assert answer.status_code == 200, answer.get_json()


def _open(client: FlaskClient, tokens: Tokens, **query: str) -> list[dict[str, Any]]:
    answer = client.get("/api/v1/discrepancies", query_string=query, headers=tokens.header("admin"))
    found: list[dict[str, Any]] = answer.get_json()["items"]
    return found


def test_list_dropping_an_edited_designation_settled_by_the_list_ends_it(
    session: Session, client: FlaskClient, tokens: Tokens, run: Run, synced: Synced, list_server: ListServer
) -> None:
    item = _dropped(client, tokens, run, synced, list_server)
    _resolve(client, tokens, item["discrepancy_id"], "list", "rotterdam")
    ended = db.session().get(Designation, item["designation_id"])
    assert ended is not None
    assert ended.ends_on is not None
    again = run(_without_hunter(list_server), conventions=ROTTERDAM)
    assert [i for i in items(again, "rotterdam") if i["party"] == "KWT"] == []


def test_list_dropping_an_edited_designation_settled_by_the_registry_keeps_it_ahead(
    session: Session, client: FlaskClient, tokens: Tokens, run: Run, synced: Synced, list_server: ListServer
) -> None:
    item = _dropped(client, tokens, run, synced, list_server)
    _resolve(client, tokens, item["discrepancy_id"], "registry", "rotterdam")
    again = run(_without_hunter(list_server), conventions=ROTTERDAM)
    kwt = [i["action"] for i in items(again, "rotterdam") if i["party"] == "KWT"]
    assert kwt == ["registry_ahead"]
    assert contact(HUNTER).current_designations
    assert [d["kind"] for d in _open(client, tokens, party="KWT")] == ["registry_ahead"]


def _second_holder(client: FlaskClient, tokens: Tokens, run: Run) -> dict[str, Any]:
    """Afghanistan's Basel focal point designated by a person before the list's first run, which names another
    person: a conflict on the registry's holder."""
    admin = tokens.header("admin")
    body = {"party": "AFG", "given_name": "Nadia", "family_name": "Karimi"}
    created = client.post("/api/v1/contacts", json=body, headers=admin).get_json()
    designation = {"convention": "basel", "role": "FP", "contact_id": created["id"]}
    held = client.post("/api/v1/designations", json=designation, headers=admin).get_json()
    report = run(sample_paths("v1"), conventions=BASEL)
    [item] = [i for i in items(report, "basel", "conflict") if i["party"] == "AFG" and i["role"] == "FP"]
    [found] = [d for d in _open(client, tokens, party="AFG") if d["id"] == item["discrepancy_id"]]
    assert found["designation_id"] == held["id"]
    return found


def _afghan_focal_points() -> list[tuple[str | None, bool]]:
    stmt = select(Designation).where(
        Designation.party_code == "AFG", Designation.convention == "basel", Designation.role == "FP"
    )
    return sorted((d.contact.family_name, d.ends_on is None) for d in db.session().scalars(stmt))


def test_another_holder_settled_by_the_list_designates_the_lists_person(
    session: Session, client: FlaskClient, tokens: Tokens, run: Run
) -> None:
    found = _second_holder(client, tokens, run)
    _resolve(client, tokens, found["id"], "list", "basel")
    assert _afghan_focal_points() == [("Karimi", False), ("Sá", True)]
    again = run(sample_paths("v1"), conventions=BASEL)
    assert [i for i in items(again, "basel") if i["party"] == "AFG" and i["role"] == "FP"] == []


def test_another_holder_settled_by_the_registry_is_not_raised_again(
    session: Session, client: FlaskClient, tokens: Tokens, run: Run
) -> None:
    found = _second_holder(client, tokens, run)
    _resolve(client, tokens, found["id"], "registry", "basel")
    again = run(sample_paths("v1"), conventions=BASEL)
    assert _open(client, tokens, party="AFG", kind="conflict") == []
    assert _afghan_focal_points() == [("Karimi", True)]
    afghan = [i["action"] for i in items(again, "basel") if i["party"] == "AFG" and i["role"] == "FP"]
    assert afghan == ["registry_ahead"]
