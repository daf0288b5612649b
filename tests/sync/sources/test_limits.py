"""Each list is read within its limits: bytes on the wire and inflated, a wall-clock budget, rows, columns,
cells and JSON values. Crossing one fails the list with a message naming the limit."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sync.sources import BaselSource, LimitExceeded, Limits, RotterdamSource, StockholmSource
from sync.sources.limits import MB
from tests.sync import hostile
from tests.sync.lists import fast_source, sample
from tests.sync.listserver import ListServer, gzipped, static, trickling

BODY = sample("v1", "rotterdam")
SMALL = Limits(max_bytes=MB, fetch_budget=5.0)


def _rotterdam() -> RotterdamSource:
    source = fast_source("rotterdam")
    assert isinstance(source, RotterdamSource)
    return source


def test_fetch_inflates_a_gzipped_list(list_server: ListServer) -> None:
    url = list_server.route("/r.csv", gzipped(BODY))
    assert _rotterdam().fetch(url, limits=SMALL).content == BODY


def test_fetch_stops_a_gzip_bomb_at_the_download_limit(list_server: ListServer) -> None:
    url = list_server.route("/r.csv", gzipped(b"\0" * MB, copies=64))  # 64 MB from about 64 KB
    with pytest.raises(LimitExceeded, match=r"sent more than the 1 MB a list may weigh.*MAX_DOWNLOAD_MB"):
        _rotterdam().fetch(url, limits=SMALL)


def test_fetch_counts_the_bytes_on_the_wire_too(list_server: ListServer) -> None:
    # Empty gzip members inflate to nothing: only the bytes on the wire grow (and nothing announces them).
    url = list_server.route("/r.csv", gzipped(b"", copies=100_000, length=False))
    with pytest.raises(LimitExceeded, match="sent more than the 1 MB"):
        _rotterdam().fetch(url, limits=SMALL)


def test_fetch_refuses_an_answer_announced_larger_than_the_limit(list_server: ListServer) -> None:
    url = list_server.route("/r.csv", static(b"x" * (MB + 1)))
    with pytest.raises(LimitExceeded, match=r"announced 1048577 bytes, more than the 1 MB"):
        _rotterdam().fetch(url, limits=SMALL)
    assert len(list_server.requests_to("/r.csv")) == 1


def test_fetch_counts_every_page_of_a_feed_against_one_limit(list_server: ListServer) -> None:
    url = list_server.serve_odata("/odata", hostile.stockholm_records())
    with pytest.raises(LimitExceeded, match="more than the"):
        fast_source("stockholm").fetch(url, limits=Limits(max_bytes=len(sample("v1", "stockholm")) // 2))


def test_fetch_ends_a_trickling_body_when_the_budget_runs_out(list_server: ListServer) -> None:
    url = list_server.route("/r.csv", trickling(0.1, static(BODY)))
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match=r"still downloading when the fetch budget of 1 s ran out"):
        _rotterdam().fetch(url, limits=Limits(fetch_budget=1.0))
    assert time.monotonic() - started < 1.5


def test_fetch_ends_trickling_headers_when_the_budget_runs_out(list_server: ListServer) -> None:
    url = list_server.route("/r.csv", trickling(0.1, static(BODY), head=True))
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match=r"still downloading when the fetch budget of 1 s ran out"):
        _rotterdam().fetch(url, limits=Limits(fetch_budget=1.0))
    assert time.monotonic() - started < 1.5


def test_fetch_refuses_a_local_file_heavier_than_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "rotterdam.csv"
    path.write_bytes(b"x" * (MB + 1))
    with pytest.raises(LimitExceeded, match=r"rotterdam\.csv holds more than the 1 MB"):
        _rotterdam().fetch(str(path), limits=SMALL)


def test_csv_header_of_a_million_columns_fails_naming_the_limit() -> None:
    with pytest.raises(LimitExceeded, match=r"header has 1,000,012 columns, more than the 16,384"):
        RotterdamSource().parse(hostile.wide_csv(1_000_000))


def test_csv_cell_longer_than_the_limit_fails_naming_it() -> None:
    with pytest.raises(LimitExceeded, match=r"longer than 131,072 characters, the most a cell may hold"):
        RotterdamSource().parse(hostile.huge_cell_csv(200_000))


def test_csv_with_more_rows_than_the_limit_fails_naming_it() -> None:
    with pytest.raises(LimitExceeded, match=r"rotterdam list has more than 400 rows"):
        RotterdamSource().parse(BODY, Limits(max_rows=400))


def test_workbook_reaching_column_xfd_reads_only_the_named_columns() -> None:
    wide = BaselSource().parse(hostile.wide_workbook(blank_rows=100))
    assert wide == BaselSource().parse(sample("v1", "basel"))


def test_workbook_with_more_rows_than_the_limit_fails_naming_it() -> None:
    with pytest.raises(LimitExceeded, match=r"basel list has more than 600 rows"):
        BaselSource().parse(hostile.long_workbook(100), Limits(max_rows=600))


def test_workbook_that_unpacks_past_the_limit_fails_naming_it() -> None:
    with pytest.raises(LimitExceeded, match=r"the workbook unpacks to 2\.\d+ MB, more than the 1 MB"):
        BaselSource().parse(hostile.bomb_workbook(2 * MB), SMALL)


def test_json_nested_too_deep_fails_naming_it() -> None:
    with pytest.raises(LimitExceeded, match="nested deeper than JSON can be read"):
        StockholmSource().parse(hostile.nested_json(100_000))


def test_json_of_more_objects_than_rows_need_fails_naming_it() -> None:
    with pytest.raises(LimitExceeded, match=r"holds over 4,016 JSON objects and arrays, more than 1,000"):
        StockholmSource().parse(hostile.empty_objects_json(5_000), Limits(max_rows=1_000))


def test_json_of_more_values_than_rows_need_fails_naming_it() -> None:
    content = b"[" + b"1," * 40_000 + b"1]"
    with pytest.raises(LimitExceeded, match=r"holds over 32,016 JSON values, more than 1,000 rows"):
        StockholmSource().parse(content, Limits(max_rows=1_000))


def test_json_with_more_records_than_the_limit_fails_naming_it() -> None:
    with pytest.raises(LimitExceeded, match=r"stockholm list has more than 300 rows"):
        StockholmSource().parse(sample("v1", "stockholm"), Limits(max_rows=300))


def test_workbook_date_past_the_calendar_is_a_row_problem() -> None:
    parsed = BaselSource().parse(hostile.basel_with_overflowing_date())
    assert len(parsed.records) == len(BaselSource().parse(sample("v1", "basel")).records)
    problems = [(p.source_ref, "'#VALUE!' is not a date" in p.message) for p in parsed.problems]
    assert problems == [("row 5", True)]
