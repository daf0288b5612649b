"""Hostile and broken lists, served by the test list server: each ends its own convention with a clear
message (or is read, with warnings), within its limits of memory and time, and the other conventions apply.

Each sync runs in a process of its own (forked by ``tests/sync/child_run.py``), so that its peak memory is
that run's, with the first records of another convention's sample list, which must apply.
``pytest tests/sync/test_hostile.py -s`` prints each run's figures.
The limits are small (a few MB, a couple of seconds) so that the suite stays fast; the lists are scaled so
that the old reading code would have gone far past them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, select

from registry.config import PROJECT_ROOT, Settings
from registry.contacts.models import Contact
from registry.db import db
from sync.sources.limits import MB
from tests.sync import hostile
from tests.sync.child_run import Runs
from tests.sync.listserver import ListServer, gzipped, odata_count, odata_server_paged, static, trickling

PEAK_MB = 300
# The records of the other convention's list: enough to show that it applies beside a hostile one (its whole
# sample list would make each run apply some 400 records more).
COMPANION = 20
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
Sync = Callable[..., dict[str, Any]]


@pytest.fixture(scope="module")
def companions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The other convention's list each run also syncs, by hostile convention: the first records of the
    Stockholm sample (of the Rotterdam one beside a hostile Stockholm list), written once for the module."""
    folder = tmp_path_factory.mktemp("companions")
    records = hostile.stockholm_records()[:COMPANION]
    (folder / "stockholm.json").write_bytes(json.dumps(records, ensure_ascii=False).encode("utf-8"))
    (folder / "rotterdam.csv").write_bytes(hostile.rotterdam_head(COMPANION))
    return {
        "basel": str(folder / "stockholm.json"),
        "rotterdam": str(folder / "stockholm.json"),
        "stockholm": str(folder / "rotterdam.csv"),
    }


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    """The module's runs, each in a process of its own forked from one that has imported the sync once."""
    with (tmp_path_factory.mktemp("runs") / "stderr.txt").open("w") as errors:
        runs = Runs(PROJECT_ROOT, errors)
        yield runs
        runs.close()


@pytest.fixture
def sync(
    settings: Settings,
    committing_db: Engine,
    runs: Runs,
    companions: dict[str, str],
    request: pytest.FixtureRequest,
) -> Sync:
    """Run the sync of one hostile list, ``{convention: location}``, in a child process, with another
    convention's list (from :func:`companions`) that must apply: ``sync(hostile_list, max_rows=...)``."""

    def _sync(hostile_list: dict[str, str], **limits: float) -> dict[str, Any]:
        [hostile_one] = hostile_list
        other = "rotterdam" if hostile_one == "stockholm" else "stockholm"
        sources = {**hostile_list, other: companions[hostile_one]}
        args = ["--database-url", settings.database_url]
        args += [f"--source={convention}={location}" for convention, location in sources.items()]
        args += [f"--{name.replace('_', '-')}={value}" for name, value in limits.items()]
        result = runs(args)
        assert "error" not in result, result["error"]
        print(f"\n{request.node.name}: peak {result['peak_mb']} MB, {result['stages']} s")
        return result

    return _sync


def _outcome(result: dict[str, Any], convention: str) -> tuple[str, str]:
    part = result["report"]["conventions"][convention]
    return part["status"], part["error"] or ""


def _others_applied(result: dict[str, Any], hostile_one: str) -> bool:
    parts = result["report"]["conventions"]
    return all(part["status"] == "ok" for name, part in parts.items() if name != hostile_one)


def _assert_failed_saying(result: dict[str, Any], convention: str, words: str) -> None:
    """The convention's part of the run failed, its error saying ``words``."""
    status, error = _outcome(result, convention)
    assert (status, words in error) == ("failed", True)


def _assert_contained(result: dict[str, Any], hostile_one: str) -> None:
    """The run stayed under PEAK_MB, and every convention but the hostile one applied."""
    assert (result["peak_mb"] < PEAK_MB, _others_applied(result, hostile_one)) == (True, True)


def _sync_spoiled_stockholm(
    sync: Sync, list_server: ListServer, spoil: Callable[[list[dict[str, Any]]], None]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Fifty records of the Stockholm sample, ``spoil``ed and served as OData: the records, and the run's
    result, in which the list was read (``ok``)."""
    records = hostile.stockholm_records()[:50]
    spoil(records)
    result = sync({"stockholm": list_server.serve_odata(f"/{spoil.__name__}", records)})
    assert _outcome(result, "stockholm") == ("ok", "")
    return records, result


def test_gzip_bomb_fails_at_the_download_limit(sync: Sync, list_server: ListServer) -> None:
    url = list_server.route("/bomb.csv", gzipped(b"\0" * MB, copies=1024))  # 1 GB from 1 MB on the wire
    result = sync({"rotterdam": url}, max_download_mb=8)
    status, error = _outcome(result, "rotterdam")
    assert (status, "sent more than the 8 MB" in error, "REGISTRY_SYNC_MAX_DOWNLOAD_MB" in error) == (
        "failed",
        True,
        True,
    )
    _assert_contained(result, "rotterdam")


def test_trickling_list_fails_when_the_fetch_budget_runs_out(sync: Sync, list_server: ListServer) -> None:
    url = list_server.route("/slow.xlsx", trickling(0.25, static(b"PK" + b"\0" * 10_000)))
    result = sync({"basel": url}, fetch_budget=1)
    _assert_failed_saying(result, "basel", "still downloading when the fetch budget of 1 s ran out")
    assert result["stages"]["basel"] < 2.5  # the budget and a moment, not the 40 minutes of the trickle
    assert _others_applied(result, "basel")


def test_workbook_reaching_column_xfd_is_read_in_little_memory(sync: Sync, list_server: ListServer) -> None:
    url = list_server.route("/wide.xlsx", static(hostile.wide_workbook()))
    result = sync({"basel": url})
    assert _outcome(result, "basel") == ("ok", "")
    assert result["report"]["conventions"]["basel"]["source"]["records"] == 517
    _assert_contained(result, "basel")


def test_workbook_past_the_row_limit_fails_naming_it(sync: Sync, list_server: ListServer) -> None:
    url = list_server.route("/long.xlsx", static(hostile.long_workbook(600)))
    result = sync({"basel": url}, max_rows=1_000)
    assert _outcome(result, "basel") == (
        "failed",
        "basel list has more than 1,000 rows, the most a list may have; nothing of it was used",
    )
    _assert_contained(result, "basel")


def test_workbook_unpacking_past_the_limit_fails_naming_it(sync: Sync, list_server: ListServer) -> None:
    url = list_server.route("/bomb.xlsx", static(hostile.bomb_workbook(200 * MB)))
    result = sync({"basel": url}, max_download_mb=8)
    status, error = _outcome(result, "basel")
    found = re.search(r"the workbook unpacks to 20\d MB, more than the 8 MB", error)
    assert (status, found is not None) == ("failed", True)
    _assert_contained(result, "basel")


def test_csv_header_of_a_million_columns_fails_naming_the_limit(sync: Sync, list_server: ListServer) -> None:
    url = list_server.route("/wide.csv", static(hostile.wide_csv(1_000_000)))
    result = sync({"rotterdam": url})
    _assert_failed_saying(result, "rotterdam", "header has 1,000,012 columns, more than the 16,384")
    _assert_contained(result, "rotterdam")


def test_csv_cell_of_ten_megabytes_fails_naming_the_limit(sync: Sync, list_server: ListServer) -> None:
    url = list_server.route("/cell.csv", static(hostile.huge_cell_csv(10 * MB)))
    result = sync({"rotterdam": url})
    _assert_failed_saying(result, "rotterdam", "longer than 131,072 characters")
    _assert_contained(result, "rotterdam")


def test_deeply_nested_json_fails_naming_it(sync: Sync, list_server: ListServer) -> None:
    list_server.route("/deep/Contacts", static(hostile.nested_json(100_000)))
    result = sync({"stockholm": list_server.url + "/deep"})
    _assert_failed_saying(result, "stockholm", "nested deeper than JSON can be read")
    _assert_contained(result, "stockholm")


def test_json_of_millions_of_objects_fails_before_parsing_them(sync: Sync, list_server: ListServer) -> None:
    list_server.route("/huge/Contacts", static(hostile.empty_objects_json(10_000_000)))  # 30 MB
    result = sync({"stockholm": list_server.url + "/huge"})
    _assert_failed_saying(result, "stockholm", "JSON objects and arrays, more than 200,000 rows")
    _assert_contained(result, "stockholm")


@pytest.mark.parametrize("version", ["v2", "v4"])
def test_server_paged_feed_is_read_whole(sync: Sync, list_server: ListServer, version: str) -> None:
    records = hostile.stockholm_records()[:150]  # a part of the sample: four pages, and a quick apply
    list_server.route("/paged/Contacts", odata_server_paged(records, page=40, version=version))
    list_server.route("/paged/Contacts/$count", odata_count(records))
    result = sync({"stockholm": list_server.url + "/paged"})
    assert _outcome(result, "stockholm") == ("ok", "")
    assert result["report"]["conventions"]["stockholm"]["source"]["records"] == 150
    _assert_contained(result, "stockholm")


def test_feed_short_of_its_count_fails_naming_both_numbers(sync: Sync, list_server: ListServer) -> None:
    records = hostile.stockholm_records()[:150]
    list_server.route("/short/Contacts", odata_server_paged(records[:100], page=40))
    list_server.route("/short/Contacts/$count", odata_count(records))
    result = sync({"stockholm": list_server.url + "/short"})
    _assert_failed_saying(result, "stockholm", "counts 150 records, but the listing ended after 100")
    _assert_contained(result, "stockholm")


def test_dates_no_calendar_holds_are_row_warnings(sync: Sync, list_server: ListServer) -> None:
    records, result = _sync_spoiled_stockholm(sync, list_server, hostile.overflowing_dates)
    refs = {w["source_ref"] for w in result["report"]["conventions"]["stockholm"]["warnings"]}
    assert {f"id {records[0]['id']}", f"id {records[1]['id']}"} <= refs
    _assert_contained(result, "stockholm")


def test_control_characters_are_row_warnings_naming_the_field(sync: Sync, list_server: ListServer) -> None:
    records, result = _sync_spoiled_stockholm(sync, list_server, hostile.control_characters)
    warnings = result["report"]["conventions"]["stockholm"]["warnings"]
    found = {(w["source_ref"], w["message"].split(":")[0]) for w in warnings if w["code"] == "invalid_value"}
    fields = ("family_name", "given_name", "position")
    assert found == {(f"id {record['id']}", field) for record, field in zip(records, fields, strict=False)}
    _assert_contained(result, "stockholm")
    db.session.remove()
    stored = db.session().execute(select(Contact.given_name, Contact.family_name, Contact.position)).all()
    db.session.remove()
    assert not [text for row in stored for text in row if text and CONTROL.search(text)]
