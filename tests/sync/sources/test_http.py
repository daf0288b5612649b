"""Fetching a list's bytes: retries, timeouts, budget, conditional GET, local files."""

from __future__ import annotations

import datetime as dt
import email.utils
import socket
from pathlib import Path

import pytest
import requests

from sync.records import SourceError
from sync.sources.http import USER_AGENT, RetryPolicy
from sync.sources.limits import Limits
from sync.sources.retry import parse_retry_after
from sync.sources.rotterdam import RotterdamSource
from tests.sync.listserver import ListServer, Reply, failing, slow, static, status

BODY = b"ISO3,Country\r\n"


def _source(
    sleeps: list[float], *, attempts: int = 4, timeout: tuple[float, float] = (1.0, 1.0)
) -> RotterdamSource:
    """A source whose retries record their pauses in ``sleeps`` instead of sleeping."""
    policy = RetryPolicy(attempts=attempts, base_delay=0.01, max_delay=60.0, jitter=0.0, sleep=sleeps.append)
    return RotterdamSource(timeout=timeout, retry=policy)


def test_fetch_returns_the_body_and_etag(list_server: ListServer) -> None:
    url = list_server.route("/list.csv", static(BODY, etag='"v1"'))
    fetched = _source([]).fetch(url)
    assert (fetched.content, fetched.etag, fetched.not_modified) == (BODY, '"v1"', False)


def test_fetch_records_when_it_fetched_in_utc(list_server: ListServer) -> None:
    url = list_server.route("/list.csv", static(BODY))
    fetched = _source([]).fetch(url)
    assert fetched.fetched_at.utcoffset() == dt.timedelta(0)


def test_fetch_names_the_registry_in_its_user_agent(list_server: ListServer) -> None:
    url = list_server.route("/list.csv", static(BODY))
    _source([]).fetch(url)
    assert list_server.requests_to("/list.csv")[0].header("User-Agent") == USER_AGENT


def test_fetch_with_the_current_etag_is_not_modified(list_server: ListServer) -> None:
    url = list_server.route("/list.csv", static(BODY, etag='"v1"'))
    fetched = _source([]).fetch(url, etag='"v1"')
    assert (fetched.content, fetched.etag, fetched.not_modified) == (b"", '"v1"', True)


def test_fetch_with_an_etag_sends_if_none_match(list_server: ListServer) -> None:
    url = list_server.route("/list.csv", static(BODY, etag='"v2"'))
    fetched = _source([]).fetch(url, etag='"v1"')
    assert list_server.requests_to("/list.csv")[0].header("If-None-Match") == '"v1"'
    assert (fetched.content, fetched.etag) == (BODY, '"v2"')


def test_fetch_rejects_a_304_to_an_unconditional_request(list_server: ListServer) -> None:
    url = list_server.route("/list.csv", status(304))
    with pytest.raises(SourceError, match="304"):
        _source([]).fetch(url)


def test_fetch_uses_the_callers_session(list_server: ListServer) -> None:
    url = list_server.route("/list.csv", static(BODY))
    with requests.Session() as session:
        session.headers["X-Run"] = "42"
        _source([]).fetch(url, session=session)
    assert list_server.requests_to("/list.csv")[0].header("X-Run") == "42"


def test_fetch_retries_a_burst_of_503_then_succeeds(list_server: ListServer) -> None:
    url = list_server.route("/list.csv", failing(2, then=static(BODY)))
    fetched = _source([]).fetch(url)
    assert fetched.content == BODY
    assert len(list_server.requests_to("/list.csv")) == 3


def test_fetch_backs_off_exponentially(list_server: ListServer) -> None:
    sleeps: list[float] = []
    url = list_server.route("/list.csv", failing(3, then=static(BODY)))
    _source(sleeps).fetch(url)
    assert sleeps == [0.01, 0.02, 0.04]


def test_fetch_gives_up_on_503_after_its_attempts(list_server: ListServer) -> None:
    url = list_server.route("/list.csv", status(503))
    with pytest.raises(SourceError, match=r"503 Service Unavailable from .*/list\.csv after 4 attempt"):
        _source([], attempts=4).fetch(url)
    assert len(list_server.requests_to("/list.csv")) == 4


def test_fetch_honours_retry_after_seconds(list_server: ListServer) -> None:
    sleeps: list[float] = []
    url = list_server.route(
        "/list.csv", failing(1, then=static(BODY), code=429, headers={"Retry-After": "7"})
    )
    _source(sleeps).fetch(url)
    assert sleeps == [7.0]


def test_fetch_honours_retry_after_as_an_http_date(list_server: ListServer) -> None:
    sleeps: list[float] = []
    when = email.utils.format_datetime(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30), usegmt=True)
    url = list_server.route(
        "/list.csv", failing(1, then=static(BODY), code=429, headers={"Retry-After": when})
    )
    _source(sleeps).fetch(url)
    assert 25 < sleeps[0] <= 30


def test_fetch_caps_a_long_retry_after(list_server: ListServer) -> None:
    sleeps: list[float] = []
    policy = RetryPolicy(attempts=2, max_delay=5.0, sleep=sleeps.append)
    url = list_server.route(
        "/list.csv", failing(1, then=static(BODY), code=429, headers={"Retry-After": "3600"})
    )
    RotterdamSource(retry=policy).fetch(url)
    assert sleeps == [5.0]


def test_fetch_gives_up_when_the_total_budget_is_spent(list_server: ListServer) -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    policy = RetryPolicy(attempts=10, base_delay=4.0, jitter=0.0, sleep=sleep, clock=lambda: now[0])
    url = list_server.route("/list.csv", status(503))
    with pytest.raises(SourceError, match="fetch budget of 10 s"):
        RotterdamSource(retry=policy).fetch(url, limits=Limits(fetch_budget=10.0))
    assert len(list_server.requests_to("/list.csv")) == 2


def test_fetch_gives_up_on_a_download_that_outlasts_the_budget(list_server: ListServer) -> None:
    ticks = iter(range(1_000_000))  # a clock that moves one second each time it is read
    policy = RetryPolicy(clock=lambda: float(next(ticks)))
    url = list_server.route("/list.csv", static(b"x" * 2_000_000))
    with pytest.raises(SourceError, match="still downloading"):
        RotterdamSource(retry=policy).fetch(url, limits=Limits(fetch_budget=5.0))


def test_retry_policy_needs_an_attempt() -> None:
    with pytest.raises(ValueError, match="at least one attempt"):
        RetryPolicy(attempts=0)


def test_fetch_times_out_on_a_slow_server(list_server: ListServer) -> None:
    url = list_server.route("/list.csv", slow(2.0, static(BODY)))
    with pytest.raises(SourceError, match="timed out"):
        _source([], attempts=2, timeout=(1.0, 0.2)).fetch(url)
    assert len(list_server.requests_to("/list.csv")) == 2


def test_fetch_fails_a_404_without_retrying(list_server: ListServer) -> None:
    url = list_server.route("/list.csv", status(404))
    with pytest.raises(SourceError, match=r"404 Not Found from .*/list\.csv"):
        _source([]).fetch(url)
    assert len(list_server.requests_to("/list.csv")) == 1


def test_fetch_reports_a_refused_connection() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(SourceError, match="connection failed"):
        _source([], attempts=2).fetch(f"http://127.0.0.1:{port}/list.csv")


def test_fetch_reports_a_broken_handler_as_a_5xx(list_server: ListServer) -> None:
    def broken(request: object) -> Reply:
        raise RuntimeError("bug in the test handler")

    url = list_server.route("/list.csv", broken)
    with pytest.raises(SourceError, match="500"):
        _source([], attempts=1).fetch(url)


def test_fetch_reads_a_local_path(tmp_path: Path) -> None:
    path = tmp_path / "rotterdam.csv"
    path.write_bytes(BODY)
    fetched = _source([]).fetch(str(path))
    assert (fetched.content, fetched.etag, fetched.not_modified) == (BODY, None, False)


def test_fetch_reads_a_file_url(tmp_path: Path) -> None:
    path = tmp_path / "rotterdam.csv"
    path.write_bytes(BODY)
    assert _source([]).fetch(path.as_uri()).content == BODY


def test_fetch_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"rotterdam list: no file at .*nowhere\.csv"):
        _source([]).fetch(str(tmp_path / "nowhere.csv"))


def test_fetch_rejects_an_unsupported_scheme() -> None:
    with pytest.raises(SourceError, match="only http"):
        _source([]).fetch("ftp://example.org/rotterdam.csv")


def test_parse_retry_after_reads_seconds() -> None:
    assert parse_retry_after(" 120 ") == 120.0


def test_parse_retry_after_reads_an_http_date() -> None:
    now = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
    assert parse_retry_after("Sun, 01 Nov 2026 12:01:30 GMT", now) == 90.0


def test_parse_retry_after_ignores_garbage() -> None:
    assert parse_retry_after("soon") is None
