"""A failing source, or a failure while applying, leaves that convention's part of the registry as it was."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy.orm import Session

from sync import apply as apply_module
from tests.sync.conftest import Run, Synced
from tests.sync.lists import sample, sample_paths, serve
from tests.sync.listserver import ListServer, failing, odata_feed, slow, static, status
from tests.sync.state import dump

BASEL = ("basel",)


def _basel_from(server: ListServer, handler_path: str) -> dict[str, str]:
    return {"basel": server.url + handler_path}


def test_503_burst_is_retried_and_the_run_succeeds(list_server: ListServer, run: Run) -> None:
    list_server.route("/b.xlsx", failing(2, static(sample("v1", "basel"))))
    report = run(_basel_from(list_server, "/b.xlsx"), conventions=BASEL)
    assert report["conventions"]["basel"]["status"] == "ok"
    assert len(list_server.requests_to("/b.xlsx")) == 3


def test_429_with_retry_after_is_honoured(list_server: ListServer, run: Run) -> None:
    list_server.route(
        "/b.xlsx", failing(1, static(sample("v1", "basel")), code=429, headers={"Retry-After": "1"})
    )
    report = run(_basel_from(list_server, "/b.xlsx"), conventions=BASEL)
    assert report["conventions"]["basel"]["status"] == "ok"


def test_source_down_fails_that_convention_only_and_changes_nothing(
    session: Session, list_server: ListServer, run: Run, synced: Synced
) -> None:
    synced()
    before = dump(session)
    sources = serve(list_server, "v2")
    list_server.route("/v2/basel.xlsx", status(503))
    report = run(sources, conventions=("basel", "rotterdam"))
    basel = report["conventions"]["basel"]
    assert basel["status"] == "failed"
    assert "503" in basel["error"]
    assert report["conventions"]["rotterdam"]["status"] == "ok"
    assert report["status"] == "partial"
    after = dump(session)
    assert after["changes"] > before["changes"]  # rotterdam applied v2
    basel_only = run(sources, conventions=BASEL)
    assert basel_only["status"] == "failed"


def test_slow_source_past_the_timeout_fails_with_a_clear_message(list_server: ListServer, run: Run) -> None:
    list_server.route("/b.xlsx", slow(3.0, static(sample("v1", "basel"))))
    report = run(_basel_from(list_server, "/b.xlsx"), conventions=BASEL)
    basel = report["conventions"]["basel"]
    assert basel["status"] == "failed"
    assert "time" in basel["error"].lower()


def test_truncated_workbook_fails_and_changes_nothing(
    session: Session, list_server: ListServer, run: Run
) -> None:
    before = dump(session)
    content = sample("v1", "basel")
    list_server.route("/b.xlsx", static(content[: len(content) // 2]))
    report = run(_basel_from(list_server, "/b.xlsx"), conventions=BASEL)
    assert report["conventions"]["basel"]["status"] == "failed"
    assert "Excel" in report["conventions"]["basel"]["error"]
    assert dump(session) == before


def test_renamed_column_fails_naming_it(list_server: ListServer, run: Run) -> None:
    text = sample("v1", "rotterdam").decode("utf-8-sig").replace("Full name", "Name", 1)
    list_server.route("/r.csv", static(text.encode("utf-8")))
    report = run({"rotterdam": list_server.url + "/r.csv"}, conventions=("rotterdam",))
    part = report["conventions"]["rotterdam"]
    assert part["status"] == "failed"
    assert "Full name" in part["error"]
    assert "Name" in part["error"]


def test_csv_in_another_encoding_is_read_with_a_warning(list_server: ListServer, run: Run) -> None:
    text = sample("v1", "rotterdam").decode("utf-8-sig")
    list_server.route("/r.csv", static(text.encode("cp1252", errors="replace")))
    report = run({"rotterdam": list_server.url + "/r.csv"}, conventions=("rotterdam",))
    part = report["conventions"]["rotterdam"]
    assert part["status"] == "ok"
    assert any(w["code"] == "encoding" for w in part["warnings"])


def test_odata_server_ignoring_skip_is_stopped_and_then_held(
    session: Session, list_server: ListServer, run: Run, synced: Synced
) -> None:
    synced(conventions=("stockholm",))
    before = dump(session)
    records = json.loads(sample("v1", "stockholm"))
    list_server.route("/broken/Contacts", odata_feed(records, ignore_skip=True))  # and no $count
    report = run({"stockholm": list_server.url + "/broken"}, conventions=("stockholm",))
    part = report["conventions"]["stockholm"]
    assert part["source"]["records"] == 100
    assert part["status"] == "held"
    assert dump(session) == before


def test_odata_listing_short_of_its_count_fails_naming_both_numbers(
    session: Session, list_server: ListServer, run: Run, synced: Synced
) -> None:
    synced(conventions=("stockholm",))
    before = dump(session)
    records = json.loads(sample("v1", "stockholm"))
    base = list_server.serve_odata("/broken", records, ignore_skip=True)
    part = run({"stockholm": base}, conventions=("stockholm",))["conventions"]["stockholm"]
    assert part["status"] == "failed"
    assert "counts 383 records, but the listing ended after 100" in part["error"]
    assert dump(session) == before


def test_conditional_get_reuses_the_kept_list_on_304(list_server: ListServer, run: Run) -> None:
    sources = serve(list_server, "v1")
    run(sources, conventions=BASEL)
    again = run(sources, conventions=BASEL)
    assert again["conventions"]["basel"]["source"]["not_modified"] is True
    assert again["conventions"]["basel"]["summary"]["unchanged"] == 512
    assert list_server.requests_to("/v1/basel.xlsx")[-1].header("If-None-Match") == '"v1-b"'


def test_failure_while_applying_rolls_that_convention_back_whole(
    session: Session, run: Run, synced: Synced, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced(conventions=("rotterdam",))
    before = dump(session)
    real = apply_module.create_designations

    def breaks_after_a_few(session: Session, new: list[Any], actor: Any) -> Any:
        real(session, new[:3], actor)  # some rows are written, then the failure
        raise ValueError("database went away")

    monkeypatch.setattr(apply_module, "create_designations", breaks_after_a_few)
    report = run(sample_paths("v2"), conventions=("rotterdam", "stockholm"))
    rotterdam = report["conventions"]["rotterdam"]
    assert rotterdam["status"] == "failed"
    assert "Nothing was applied for rotterdam" in rotterdam["error"]
    assert report["conventions"]["stockholm"]["status"] == "failed"
    after = dump(session)
    assert after == before
