"""The reconciliation loop through the contract: v1, people's edits, v2 opens discrepancies once; later runs
keep them; people resolve conflicts; lists that catch up close what they were behind on."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from registry.audit.services import history
from tests.conftest import Tokens
from tests.sync.conftest import Run, Synced
from tests.sync.lists import sample_paths
from tests.sync.listserver import ListServer
from tests.sync.scenario import (
    CLEMENTE,
    HUNTER,
    HUNTER_ROW_V2,
    LEDUC,
    LEDUC_PHONE_V2,
    ROTTERDAM,
    Loop,
    contact,
    start,
    v2_with,
    waiting,
)


@pytest.fixture
def loop(
    session: Session, client: FlaskClient, tokens: Tokens, run: Run, synced: Synced, list_server: ListServer
) -> Loop:
    """The registry after v1, the edits and v2 (as the first test to make them left it)."""
    return start(client, tokens, run, synced, list_server)


@pytest.fixture
def v2_run(
    session: Session, client: FlaskClient, tokens: Tokens, run: Run, synced: Synced, list_server: ListServer
) -> Loop:
    """The registry after v1, the edits and v2, the edits and v2's run made in this test: its subject."""
    return start(client, tokens, run, synced, list_server, kept=False)


def test_v2_run_opens_a_discrepancy_for_each_conflict_and_registry_ahead(v2_run: Loop) -> None:
    opened = {(d["kind"], d["party"]) for d in v2_run.discrepancies()}
    assert opened == {("conflict", "KWT"), ("conflict", "LBY"), ("registry_ahead", "ARE")}


def test_report_items_link_to_their_discrepancies(v2_run: Loop) -> None:
    ids = {(d["kind"], d["party"]): d["id"] for d in v2_run.discrepancies()}
    linked = {(action, party): found for action, party, found in waiting(v2_run.report)}
    assert linked == ids


def test_discrepancy_holds_registry_list_and_baseline_values(v2_run: Loop) -> None:
    hunter = v2_run.of(HUNTER)
    position = {"registry": "Chief Chemist", "list": "Registrar of Pesticides", "baseline": "Senior Officer"}
    assert hunter["fields"] == {"position": position}
    assert (hunter["status"], hunter["resolution"], hunter["role"]) == ("open", None, "DNA")
    assert hunter["first_seen"]["run_id"] == v2_run.report["run_id"]


def test_rerun_with_the_same_lists_keeps_the_same_discrepancies(loop: Loop) -> None:
    before = {d["id"] for d in loop.discrepancies()}
    again = loop.sync()
    assert {d["id"] for d in loop.discrepancies()} == before
    assert {found for _, _, found in waiting(again)} == before
    assert loop.discrepancies(status="resolved") == []


def test_rerun_moves_last_seen_and_keeps_first_seen(loop: Loop) -> None:
    again = loop.sync()
    hunter = loop.of(HUNTER)
    assert hunter["last_seen"]["run_id"] == again["run_id"]
    assert hunter["first_seen"]["run_id"] == loop.report["run_id"]


def test_keep_list_writes_the_list_value_with_the_person_as_author(session: Session, loop: Loop) -> None:
    answer = loop.resolve(loop.of(HUNTER)["id"], "list")
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["resolution"]["keep"] == "list"
    hunter = contact(HUNTER)
    assert hunter.position == "Registrar of Pesticides"
    last = history(session, "contact", hunter.id)[-1]
    assert (last.fields["position"], last.actor["name"], last.actor["kind"]) == (
        ["Chief Chemist", "Registrar of Pesticides"],
        "test admin",
        "token",
    )


def test_keep_registry_keeps_the_registry_value(loop: Loop) -> None:
    answer = loop.resolve(loop.of(CLEMENTE)["id"], "registry")
    assert answer.status_code == 200, answer.get_json()
    assert contact(CLEMENTE).position == "Acting Director"
    assert answer.get_json()["status"] == "resolved"


def test_resolved_conflicts_do_not_come_back_with_the_same_lists(loop: Loop) -> None:
    loop.resolve(loop.of(HUNTER)["id"], "list")
    loop.resolve(loop.of(CLEMENTE)["id"], "registry")
    again = loop.sync()
    assert [a for a in waiting(again) if a[0] == "conflict"] == []
    assert [d["kind"] for d in loop.discrepancies()] == ["registry_ahead", "registry_ahead"]


def test_keep_registry_shows_the_list_as_out_of_date_on_the_next_run(loop: Loop) -> None:
    loop.resolve(loop.of(CLEMENTE)["id"], "registry")
    loop.sync()
    ahead = loop.of(CLEMENTE, kind="registry_ahead")
    assert ahead["fields"]["position"]["registry"] == "Acting Director"
    assert ahead["fields"]["position"]["list"] == "Deputy Director"


def test_registry_ahead_closes_when_a_later_list_catches_up(loop: Loop) -> None:
    leduc = loop.of(LEDUC, kind="registry_ahead")
    v3 = loop.sync(v2_with(LEDUC_PHONE_V2, "+971-2-234-0000"), name="v3")
    assert ("registry_ahead", "ARE", leduc["id"]) not in waiting(v3)
    [closed] = loop.discrepancies(status="resolved", kind="registry_ahead")
    assert closed["id"] == leduc["id"]
    assert closed["resolution"]["by"]["kind"] == "sync"
    assert closed["resolution"]["by"]["run_id"] == v3["run_id"]


def test_a_different_list_value_after_a_resolution_opens_a_new_conflict(loop: Loop) -> None:
    first = loop.of(HUNTER)
    loop.resolve(first["id"], "registry")
    later = loop.sync(v2_with(HUNTER_ROW_V2, HUNTER_ROW_V2.replace("Registrar of", "Inspector of")), "v3")
    fresh = loop.of(HUNTER)
    assert fresh["id"] != first["id"]
    assert fresh["fields"]["position"]["list"] == "Inspector of Pesticides"
    assert fresh["first_seen"]["run_id"] == later["run_id"]


def test_resolving_twice_is_a_409_and_changes_nothing(loop: Loop) -> None:
    hunter = loop.of(HUNTER)
    loop.resolve(hunter["id"], "registry")
    answer = loop.resolve(hunter["id"], "list")
    assert answer.status_code == 409
    assert contact(HUNTER).position == "Chief Chemist"


def test_stale_if_match_is_a_412_and_changes_nothing(loop: Loop) -> None:
    hunter = loop.of(HUNTER)
    tag = loop.client.get(f"/api/v1/discrepancies/{hunter['id']}", headers=loop.admin()).headers["ETag"]
    loop.sync()  # the run finds it again: a new version
    answer = loop.resolve(hunter["id"], "list", **{"If-Match": tag})
    assert answer.status_code == 412
    assert contact(HUNTER).position == "Chief Chemist"


def test_current_if_match_is_accepted(loop: Loop) -> None:
    hunter = loop.of(HUNTER)
    tag = loop.client.get(f"/api/v1/discrepancies/{hunter['id']}", headers=loop.admin()).headers["ETag"]
    assert loop.resolve(hunter["id"], "list", **{"If-Match": tag}).status_code == 200


def test_a_list_out_of_date_is_not_resolved_by_hand(loop: Loop) -> None:
    answer = loop.resolve(loop.of(LEDUC, kind="registry_ahead")["id"], "registry")
    assert answer.status_code == 409
    assert loop.of(LEDUC, kind="registry_ahead")["status"] == "open"


def test_dry_run_opens_no_discrepancy_and_names_the_open_ones(loop: Loop) -> None:
    loop.resolve(loop.of(HUNTER)["id"], "registry")
    open_before = {d["id"] for d in loop.discrepancies()}
    dry = loop.run(sample_paths("v2"), conventions=ROTTERDAM, dry_run=True)
    assert {d["id"] for d in loop.discrepancies()} == open_before
    linked = {found for action, party, found in waiting(dry) if party in ("LBY", "ARE")}
    assert linked <= open_before
    assert ("registry_ahead", "KWT", None) in waiting(dry)
