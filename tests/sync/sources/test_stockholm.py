"""The Stockholm OData feed: parsing records, and paging the feed over HTTP."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from sync.records import SourceError
from sync.sources.http import RetryPolicy
from sync.sources.stockholm import StockholmSource
from tests.sync.listserver import (
    ListServer,
    Reply,
    Request,
    failing,
    odata_count,
    odata_feed,
    odata_server_paged,
)

SAMPLE = Path(__file__).parents[3] / "sync" / "samples" / "v1" / "stockholm.json"
RECORDS: list[dict[str, Any]] = json.loads(SAMPLE.read_bytes())
SOURCE = StockholmSource()


def _source(**options: Any) -> StockholmSource:
    """A source that never really sleeps between retries."""
    return StockholmSource(
        retry=RetryPolicy(base_delay=0.01, jitter=0.0, sleep=lambda seconds: None), **options
    )


def _record(ident: str, **fields: Any) -> dict[str, Any]:
    """A minimal Contact entity."""
    return {"id": ident, "country": "ke", "firstName": "Amina", "lastName": "Wanjiku", "type": "NFP"} | fields


def _ids(content: bytes) -> list[str]:
    return [record["id"] for record in json.loads(content)]


def _skips(server: ListServer) -> list[str]:
    return [request.query["$skip"] for request in server.requests_to("/odata/Contacts")]


@pytest.mark.parametrize("version", ["v1", "v1-noise", "v2"])
def test_stockholm_parse_reads_every_record_of_the_samples(version: str) -> None:
    parsed = SOURCE.parse((SAMPLE.parents[1] / version / "stockholm.json").read_bytes())
    assert (len(parsed.records), parsed.problems) == (383, ())


def test_stockholm_parse_keeps_the_first_sample_record_as_written() -> None:
    record = SOURCE.parse(SAMPLE.read_bytes()).records[0]
    assert (record.source_ref, record.source_id) == (
        "id 9101aa3d-539c-54e3-a2b3-f9edb0344472",
        "9101aa3d-539c-54e3-a2b3-f9edb0344472",
    )
    assert (record.country, record.title, record.given_name, record.family_name) == (
        "AF",
        "Mrs.",
        "Kevin",
        "Sá",
    )
    assert (record.organization, record.address) == (
        "Ministry  of Health",
        "  Travessa João Glama, S/N, 4547-669 Peso da Régua ",
    )
    assert (record.emails, record.phones, record.faxes) == (
        "KEVIN.SA@EPA.AF.EXAMPLE",
        "+93-23-456-8393",
        None,
    )
    assert (record.role, record.designated_on) == ("Official Contact Point", dt.date(2010, 1, 1))


def test_stockholm_parse_accepts_an_odata_verbose_page() -> None:
    content = json.dumps({"d": {"results": [_record("a")]}}).encode()
    assert [record.source_id for record in SOURCE.parse(content).records] == ["a"]


def test_stockholm_parse_accepts_an_odata_value_page() -> None:
    content = json.dumps({"value": [_record("a")]}).encode()
    assert [record.source_id for record in SOURCE.parse(content).records] == ["a"]


def test_stockholm_parse_ignores_unknown_keys() -> None:
    content = json.dumps([_record("a", __metadata={"type": "Contact"}, mobile="1")]).encode()
    assert SOURCE.parse(content).problems == ()


@pytest.mark.parametrize(
    ("updated", "expected"),
    [
        ("/Date(1262304000000)/", dt.date(2010, 1, 1)),
        ("/Date(1262303999000+0100)/", dt.date(2009, 12, 31)),
        ("2010-01-01T23:30:00-02:00", dt.date(2010, 1, 2)),
        ("2010-01-01", dt.date(2010, 1, 1)),
    ],
)
def test_stockholm_parse_reads_updated_as_a_utc_date(updated: str, expected: dt.date) -> None:
    content = json.dumps([_record("a", updated=updated)]).encode()
    assert SOURCE.parse(content).records[0].designated_on == expected


def test_stockholm_parse_keeps_a_record_with_a_bad_date_and_reports_it() -> None:
    parsed = SOURCE.parse(json.dumps([_record("a", updated="yesterday")]).encode())
    assert parsed.records[0].designated_on is None
    assert [(p.source_ref, p.code) for p in parsed.problems] == [("id a", "malformed_row")]


def test_stockholm_parse_keeps_a_record_without_an_id_and_reports_it() -> None:
    parsed = SOURCE.parse(json.dumps([_record("a"), _record("", lastName="Otieno")]).encode())
    assert [(r.source_ref, r.source_id) for r in parsed.records] == [("id a", "a"), ("record 2", None)]
    assert [p.source_ref for p in parsed.problems] == ["record 2"]


def test_stockholm_parse_skips_an_entry_that_is_not_an_object() -> None:
    parsed = SOURCE.parse(json.dumps([_record("a"), "oops"]).encode())
    assert (len(parsed.records), [p.source_ref for p in parsed.problems]) == (1, ["record 2"])


def test_stockholm_parse_reports_a_field_that_is_not_text() -> None:
    parsed = SOURCE.parse(json.dumps([_record("a", email=["a@x.example"])]).encode())
    assert parsed.records[0].emails is None
    assert "email" in parsed.problems[0].message


def test_stockholm_parse_names_a_renamed_field() -> None:
    renamed = [
        {("surname" if key == "lastName" else key): value for key, value in r.items()} for r in RECORDS
    ]
    with pytest.raises(SourceError, match="lastName"):
        SOURCE.parse(json.dumps(renamed).encode())


def test_stockholm_parse_reads_an_empty_list() -> None:
    assert SOURCE.parse(b"[]").records == ()


def test_stockholm_parse_rejects_content_that_is_not_json() -> None:
    with pytest.raises(SourceError, match="stockholm list is not JSON"):
        SOURCE.parse(b"<html>Service Unavailable</html>")


def test_stockholm_parse_rejects_json_that_holds_no_records() -> None:
    with pytest.raises(SourceError, match="neither a JSON array"):
        SOURCE.parse(b'{"error": "maintenance"}')


def test_stockholm_fetch_pages_the_whole_feed(list_server: ListServer) -> None:
    url = list_server.serve_odata("/odata", RECORDS)
    fetched = _source().fetch(url)
    assert _ids(fetched.content) == [record["id"] for record in RECORDS]
    assert _skips(list_server) == ["0", "100", "200", "300"]


def test_stockholm_fetch_parses_like_the_offline_file(list_server: ListServer) -> None:
    url = list_server.serve_odata("/odata", RECORDS)
    assert SOURCE.parse(_source().fetch(url).content) == SOURCE.parse(SAMPLE.read_bytes())


def test_stockholm_fetch_asks_for_pages_of_the_configured_size(list_server: ListServer) -> None:
    url = list_server.serve_odata("/odata", RECORDS)
    _source(page_size=250).fetch(url)
    assert {request.query["$top"] for request in list_server.requests_to("/odata/Contacts")} == {"250"}


def test_stockholm_fetch_stops_at_the_count_without_an_empty_page(list_server: ListServer) -> None:
    url = list_server.serve_odata("/odata", RECORDS[:200])
    assert len(_ids(_source().fetch(url).content)) == 200
    assert _skips(list_server) == ["0", "100"]


def test_stockholm_fetch_works_without_a_count(list_server: ListServer) -> None:
    list_server.route("/odata/Contacts", odata_feed(RECORDS[:200]))
    assert len(_ids(_source().fetch(list_server.url + "/odata").content)) == 200
    assert _skips(list_server) == ["0", "100", "200"]


def test_stockholm_fetch_stops_when_the_server_ignores_skip(list_server: ListServer) -> None:
    list_server.route("/odata/Contacts", odata_feed(RECORDS, ignore_skip=True))
    ids = _ids(_source().fetch(list_server.url + "/odata").content)
    assert ids == [record["id"] for record in RECORDS[:100]]
    assert len(list_server.requests_to("/odata/Contacts")) == 2


def test_stockholm_fetch_fails_when_a_server_ignoring_skip_counts_more(list_server: ListServer) -> None:
    url = list_server.serve_odata("/odata", RECORDS, ignore_skip=True)
    with pytest.raises(SourceError, match="counts 383 records, but the listing ended after 100"):
        _source().fetch(url)


def test_stockholm_fetch_stops_on_a_page_of_ids_already_seen(list_server: ListServer) -> None:
    def first_page_with_fresh_metadata(request: Request) -> Reply:
        page = [record | {"__metadata": {"skip": request.query["$skip"]}} for record in RECORDS[:100]]
        return Reply(200, json.dumps({"d": {"results": page}}).encode())

    list_server.route("/odata/Contacts", first_page_with_fresh_metadata)
    assert len(_ids(_source().fetch(list_server.url + "/odata").content)) == 100


def test_stockholm_fetch_drops_ids_repeated_across_pages(list_server: ListServer) -> None:
    url = list_server.serve_odata("/odata", RECORDS, overlap=5)
    ids = _ids(_source().fetch(url).content)
    assert ids == [record["id"] for record in RECORDS]


def test_stockholm_fetch_keeps_the_first_of_a_repeated_id(list_server: ListServer) -> None:
    records = [_record("a", lastName="First"), _record("b"), _record("a", lastName="Second")]
    url = list_server.serve_odata("/odata", records)
    fetched = json.loads(_source().fetch(url).content)
    assert [(record["id"], record["lastName"]) for record in fetched] == [("a", "First"), ("b", "Wanjiku")]


def test_stockholm_fetch_gives_up_after_its_page_limit(list_server: ListServer) -> None:
    url = list_server.serve_odata("/odata", RECORDS)
    with pytest.raises(SourceError, match="after 2 pages"):
        _source(max_pages=2).fetch(url)


def test_stockholm_fetch_does_not_repeat_contacts_in_the_url(list_server: ListServer) -> None:
    url = list_server.serve_odata("/odata", RECORDS[:3])
    assert len(_ids(_source().fetch(url + "/Contacts/").content)) == 3


def test_stockholm_fetch_retries_a_failing_page(list_server: ListServer) -> None:
    list_server.route("/odata/Contacts", failing(2, then=odata_feed(RECORDS[:3])))
    assert len(_ids(_source().fetch(list_server.url + "/odata").content)) == 3


def test_stockholm_fetch_is_not_modified_when_the_first_page_is(list_server: ListServer) -> None:
    url = list_server.serve_odata("/odata", RECORDS, etag='"s1"')
    fetched = _source().fetch(url, etag='"s1"')
    assert (fetched.not_modified, fetched.content, fetched.etag) == (True, b"", '"s1"')
    assert list_server.requests_to("/odata/Contacts")[0].header("If-None-Match") == '"s1"'


def test_stockholm_fetch_returns_the_first_pages_etag(list_server: ListServer) -> None:
    url = list_server.serve_odata("/odata", RECORDS, etag='"s2"')
    assert _source().fetch(url, etag='"s1"').etag == '"s2"'


def test_stockholm_fetch_reads_the_feed_of_an_empty_list(list_server: ListServer) -> None:
    url = list_server.serve_odata("/odata", [])
    assert json.loads(_source().fetch(url).content) == []


def test_stockholm_fetch_rejects_a_page_that_is_not_json(list_server: ListServer) -> None:
    list_server.route("/odata/Contacts", lambda request: Reply(200, b"<html>maintenance</html>"))
    with pytest.raises(SourceError, match="not JSON"):
        _source().fetch(list_server.url + "/odata")


def test_stockholm_fetch_reads_a_local_file() -> None:
    assert _source().fetch(str(SAMPLE)).content == SAMPLE.read_bytes()


@pytest.mark.parametrize("version", ["v2", "v4"])
def test_stockholm_fetch_follows_the_servers_next_links(list_server: ListServer, version: str) -> None:
    list_server.route("/odata/Contacts", odata_server_paged(RECORDS, page=50, version=version))
    list_server.route("/odata/Contacts/$count", odata_count(RECORDS))
    ids = _ids(_source().fetch(list_server.url + "/odata").content)
    assert ids == [record["id"] for record in RECORDS]
    assert len(list_server.requests_to("/odata/Contacts")) == 8  # 383 records, 50 a page


def test_stockholm_fetch_fails_a_server_paged_listing_short_of_its_count(list_server: ListServer) -> None:
    list_server.route("/odata/Contacts", odata_server_paged(RECORDS[:300], page=50))
    list_server.route("/odata/Contacts/$count", odata_count(RECORDS))
    with pytest.raises(SourceError, match="counts 383 records, but the listing ended after 300"):
        _source().fetch(list_server.url + "/odata")


def test_stockholm_fetch_reads_the_count_given_in_the_page(list_server: ListServer) -> None:
    def counted(request: Request) -> Reply:
        return Reply(200, json.dumps({"d": {"results": RECORDS[:100], "__count": "383"}}).encode())

    list_server.route("/odata/Contacts", counted)
    with pytest.raises(SourceError, match="counts 383 records, but the listing ended after 100"):
        _source().fetch(list_server.url + "/odata")


def test_stockholm_fetch_pages_on_while_a_short_page_leaves_the_count_unreached(
    list_server: ListServer,
) -> None:
    def capped(request: Request) -> Reply:  # pages of 60 whatever $top asks, and no next link
        skip = int(request.query["$skip"])
        return Reply(200, json.dumps({"d": {"results": RECORDS[skip : skip + 60]}}).encode())

    list_server.route("/odata/Contacts", capped)
    list_server.route("/odata/Contacts/$count", odata_count(RECORDS))
    assert _ids(_source().fetch(list_server.url + "/odata").content) == [r["id"] for r in RECORDS]


def test_stockholm_fetch_refuses_a_next_link_to_another_host(list_server: ListServer) -> None:
    def elsewhere(request: Request) -> Reply:
        page = {"d": {"results": RECORDS[:50], "__next": "http://attacker.example/odata/Contacts?page=2"}}
        return Reply(200, json.dumps(page).encode())

    list_server.route("/odata/Contacts", elsewhere)
    with pytest.raises(
        SourceError, match=r"next link http://attacker\.example/.* leaves http://127\.0\.0\.1"
    ):
        _source().fetch(list_server.url + "/odata")


def test_stockholm_fetch_ends_a_loop_of_next_links(list_server: ListServer) -> None:
    def looping(request: Request) -> Reply:
        start = int(request.query.get("n", "0"))
        page = {"value": RECORDS[start : start + 50], "@odata.nextLink": f"Contacts?n={(start + 50) % 100}"}
        return Reply(200, json.dumps(page).encode())

    list_server.route("/odata/Contacts", looping)
    assert len(_ids(_source().fetch(list_server.url + "/odata").content)) == 100
    assert len(list_server.requests_to("/odata/Contacts")) == 3


@pytest.mark.parametrize(
    ("updated", "complaint"),
    [
        ("/Date(99999999999999999)/", "outside the calendar"),
        ("/Date(-99999999999999)/", "outside the calendar"),
        ("/Date(" + "9" * 5_000 + ")/", "is not a /Date(ms)/ or ISO 8601 date"),
        ("0001-01-01T00:00:00+01:00", "outside the calendar"),
    ],
)
def test_stockholm_parse_keeps_a_record_whose_date_no_calendar_holds(updated: str, complaint: str) -> None:
    parsed = SOURCE.parse(json.dumps([_record("a", updated=updated)]).encode())
    assert parsed.records[0].designated_on is None
    [problem] = parsed.problems
    assert (problem.source_ref, complaint in problem.message) == ("id a", True)
    assert len(problem.message) < 150  # the 5,000 digits are not repeated


def test_stockholm_parse_keeps_a_number_too_long_for_an_int_as_its_text() -> None:
    content = b'[{"id": "a", "country": "ke", "firstName": "A", "lastName": "B", "type": "NFP", '
    content += b'"phoneNumber": ' + b"9" * 5_000 + b"}]"
    assert SOURCE.parse(content).records[0].phones == "9" * 5_000
