"""The exports write each list in its own format; read back by the sync's parser, they give the registry."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from sync.prepare import prepare
from sync.records import ListRecord
from sync.runner import party_facts
from sync.sources import get_source
from tests.factories import make_contact, make_designation
from tests.sync.conftest import Run, Synced
from tests.sync.state import registry_state

NATIVE = {"basel": "xlsx", "rotterdam": "csv", "stockholm": "json"}
# What a spreadsheet would run, were it written as it is (the security review's values, and their kin).
HOSTILE = {
    "family_name": '=HYPERLINK("http://evil.example","x")',
    "organization": "@SUM(1+1)*cmd|' /C calc'!A0",
    "department": "-2+3+cmd|' /C calc'!A0",
    "position": "+cmd|' /C calc'!A0",
}
ROLE = {"basel": "FP", "rotterdam": "OCP", "stockholm": "NFP"}


@pytest.mark.parametrize("convention", ["basel", "rotterdam", "stockholm"])
def test_export_read_back_by_the_parser_gives_the_same_designations(
    session: Session, client: FlaskClient, run: Run, synced: Synced, convention: str
) -> None:
    synced()
    response = client.get(f"/exports/{convention}.{NATIVE[convention]}")
    assert response.status_code == 200
    source = get_source(convention)
    prepared = prepare(
        source.parse(response.data), source.covers, source.address_layout, party_facts(session)
    )
    assert prepared.records
    read_back = {
        (
            r.convention,
            r.party,
            r.role,
            r.scope or "",
            _who(r.person.given_name, r.person.family_name, r.person.emails),
        )
        for r in prepared.records
    }
    keys, _, _ = registry_state(session)
    assert read_back == {k for k in keys if k[0] == convention}


@pytest.mark.parametrize("convention", ["basel", "rotterdam", "stockholm"])
def test_export_read_back_keeps_values_that_look_like_formulas(
    session: Session, client: FlaskClient, convention: str
) -> None:
    contact = make_contact(session, "KEN", given_name="Amina", phones=["+41 22 917 8218"], **HOSTILE)
    make_designation(session, contact, convention, ROLE[convention])
    session.commit()
    record = _read_back(session, client, convention)
    person = record.person
    assert person.organization == HOSTILE["organization"]
    assert person.position == HOSTILE["position"]
    assert person.phones == ("+41229178218",)
    if convention != "rotterdam":  # Rotterdam's list has no department column, and upper-cases names
        assert person.department == HOSTILE["department"]
        assert person.family_name == HOSTILE["family_name"]


def _read_back(session: Session, client: FlaskClient, convention: str) -> ListRecord:
    """The one record of the convention's native export, read back by its parser and prepared."""
    response = client.get(f"/exports/{convention}.{NATIVE[convention]}")
    source = get_source(convention)
    prepared = prepare(
        source.parse(response.data), source.covers, source.address_layout, party_facts(session)
    )
    [record] = prepared.records
    return record


def test_export_after_the_sync_reports_no_change_when_synced_back(
    client: FlaskClient, run: Run, synced: Synced, tmp_path: object
) -> None:
    synced()
    exported = {c: client.get(f"/exports/{c}.{e}").data for c, e in NATIVE.items()}
    paths = {}
    for convention, data in exported.items():
        path = f"{tmp_path}/{convention}.{NATIVE[convention]}"
        with open(path, "wb") as handle:
            handle.write(data)
        paths[convention] = path
    report = run(paths)
    for part in report["conventions"].values():
        assert part["summary"]["added"] == part["summary"]["removed"] == 0


def test_export_basel_workbook_has_the_secretariat_layout(
    client: FlaskClient, run: Run, synced: Synced
) -> None:
    synced()
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/exports/basel.xlsx").data), read_only=True)
    rows = list(workbook["Contacts"].iter_rows(values_only=True, max_row=5))
    workbook.close()
    assert rows[3][:3] == ("Country", "Type", "Title")
    assert str(rows[1][0]).startswith("Extracted on ")


def test_export_other_container_of_a_list_is_served(client: FlaskClient, run: Run, synced: Synced) -> None:
    synced(conventions=("rotterdam",))
    response = client.get("/exports/rotterdam.json")
    records = json.loads(response.data)
    assert {"ISO3", "Full name", "DNA type"} <= set(records[0])


def test_export_informea_has_the_contact_shape(client: FlaskClient, run: Run, synced: Synced) -> None:
    synced(conventions=("rotterdam", "stockholm"))
    records = json.loads(client.get("/exports/informea.json").data)
    fields = {"id", "country", "prefix", "firstName", "lastName", "position", "institution", "department",
              "address", "email", "phoneNumber", "fax", "type", "updated", "treaties"}  # fmt: skip
    assert fields <= set(records[0])
    assert {r["treaties"][0]["treaty"] for r in records} == {"rotterdam", "stockholm"}
    assert all(len(r["country"]) == 2 for r in records)


def test_export_unknown_list_is_a_404_problem(client: FlaskClient) -> None:
    response = client.get("/exports/ramsar.xlsx")
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"


def _who(given: str | None, family: str | None, emails: tuple[str, ...]) -> str:
    from sync.normalize import name_key

    return name_key(given, family) or ",".join(sorted(emails))
