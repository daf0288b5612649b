"""A list may never write what the API would refuse: a bad cell is a warning for its row, the rest applies."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.contacts.models import Contact
from registry.db import db
from registry.designations.models import Designation
from tests.sync.conftest import Run, Synced
from tests.sync.lists import csv_edit, items, sample, truth
from tests.sync.listserver import ListServer, static

ROTTERDAM = ("rotterdam",)
GAMBLE_ROW = "ALB,Albania,DNA,P,Ms. Melissa Gamble ,Head of Chemicals Section,Department of Environment,"
GAMBLE_EMAIL = "melissa.gamble@epa.al.example"


def _rotterdam(server: ListServer, old: str, new: str, name: str = "r.csv") -> dict[str, str]:
    content = csv_edit(sample("v1", "rotterdam"), old, new)
    return {"rotterdam": server.route(f"/{name}", static(content))}


def _gamble() -> Contact:
    [contact] = [c for c in db.session().scalars(select(Contact)) if GAMBLE_EMAIL in c.emails]
    return contact


def _warnings(report: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [w for w in report["conventions"]["rotterdam"]["warnings"] if w["code"] == code]


def _current_dna_of_gamble() -> list[Designation]:
    stmt = select(Designation).where(Designation.contact_id == _gamble().id, Designation.ends_on.is_(None))
    return list(db.session().scalars(stmt))


def test_control_characters_in_a_cell_are_a_warning_and_not_written(
    session: Session, list_server: ListServer, run: Run
) -> None:
    bad = GAMBLE_ROW.replace("Head of Chemicals Section", "Head\x1b[31m of\x07 Chemicals\x00")
    report = run(_rotterdam(list_server, GAMBLE_ROW, bad), conventions=ROTTERDAM)
    assert report["conventions"]["rotterdam"]["status"] == "ok"
    [warning] = _warnings(report, "invalid_value")
    assert warning["message"].startswith("position: Must not contain control characters.")
    assert _gamble().position is None
    listed = [d for d in truth("state_v1.json")["designations"] if d["convention"] == "rotterdam"]
    assert report["conventions"]["rotterdam"]["summary"]["added"] == len(listed)


def test_a_bidirectional_override_in_a_cell_is_a_warning_and_not_written(
    session: Session, list_server: ListServer, run: Run
) -> None:
    bad = GAMBLE_ROW.replace("Department of Environment,", "Department of \u202eEnvironment,", 1)
    report = run(_rotterdam(list_server, GAMBLE_ROW, bad), conventions=ROTTERDAM)
    assert [w["message"].split(":")[0] for w in _warnings(report, "invalid_value")] == ["organization"]
    assert _gamble().organization is None


def test_a_name_too_long_to_store_leaves_the_designation_as_it_was(
    session: Session, list_server: ListServer, run: Run, synced: Synced
) -> None:
    synced(conventions=ROTTERDAM)
    before = [d.id for d in _current_dna_of_gamble()]
    bad = GAMBLE_ROW.replace("Melissa Gamble", "Melissa " + "Gamble" * 100)
    report = run(_rotterdam(list_server, GAMBLE_ROW, bad), conventions=ROTTERDAM)
    [warning] = _warnings(report, "invalid_value")
    assert warning["message"].startswith("family_name: Longer than maximum length 300.")
    assert len(warning["message"]) < 200
    assert report["conventions"]["rotterdam"]["summary"]["removed"] == 0
    assert [d.id for d in _current_dna_of_gamble()] == before


def test_an_unreadable_dna_scope_leaves_the_designation_as_it_was(
    session: Session, list_server: ListServer, run: Run, synced: Synced
) -> None:
    synced(conventions=ROTTERDAM)
    before = [(d.id, d.scope) for d in _current_dna_of_gamble()]
    unreadable = GAMBLE_ROW.replace(",DNA,P,", ",DNA,X,")
    report = run(_rotterdam(list_server, GAMBLE_ROW, unreadable), conventions=ROTTERDAM)
    assert [w["source_ref"] for w in _warnings(report, "invalid_scope")] == ["row 4"]
    assert items(report, "rotterdam") == []
    assert [(d.id, d.scope) for d in _current_dna_of_gamble()] == before


def test_a_row_the_database_refuses_is_set_aside_and_the_rest_applied(
    session: Session, list_server: ListServer, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The plan's own checks would catch this repeated row; switched off, the database's constraint does.
    monkeypatch.setattr("sync.reconcile.check_plan", lambda plan, sides: None)
    monkeypatch.setattr("sync.prepare._drop_repeats", lambda result: None)
    line = next(
        x for x in sample("v1", "rotterdam").decode("utf-8-sig").splitlines() if x.startswith(GAMBLE_ROW)
    )
    report = run(_rotterdam(list_server, line, f"{line}\r\n{line}"), conventions=ROTTERDAM)
    part = report["conventions"]["rotterdam"]
    assert part["status"] == "ok"
    assert [w["source_ref"] for w in part["warnings"] if w["code"] == "refused"] == ["row 5"]
    refused = [i for i in part["items"] if i.get("refused")]
    assert [(i["source_ref"], i["applied"]) for i in refused] == [("row 5", False)]
    assert len(_current_dna_of_gamble()) == 1
    listed = [d for d in truth("state_v1.json")["designations"] if d["convention"] == "rotterdam"]
    assert part["summary"]["added"] == len(listed) + 1
