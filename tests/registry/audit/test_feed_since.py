"""``/api/v1/changes?since=``: the feed from the first change made at or after a time."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from registry.audit.actor import cli_actor
from registry.audit.models import Change
from registry.contacts.services import update_contact
from tests.factories import make_contact

FEED = "/api/v1/changes"


def _follow(client: FlaskClient, url: str, **headers: str) -> tuple[list[dict[str, Any]], str]:
    items: list[dict[str, Any]] = []
    while True:
        page = client.get(url, headers=headers).get_json()
        items.extend(page["items"])
        if not page["items"]:
            return items, page["next"]
        url = page["next"]


def _since(moment: dt.datetime) -> str:
    return f"{FEED}?limit=2&since={quote(moment.isoformat())}"


def _three_changes(session: Session) -> list[Change]:
    contact = make_contact(session)
    for position in ("Adviser", "Director"):
        update_contact(session, contact, {"position": position}, cli_actor())
    session.commit()
    changes = session.query(Change).filter_by(resource="contact", resource_id=contact.id).order_by(Change.seq)
    return list(changes)


def test_since_a_changes_own_time_starts_with_that_change(session: Session, client: FlaskClient) -> None:
    changes = _three_changes(session)
    items, _ = _follow(client, _since(changes[1].at))
    assert [i["seq"] for i in items] == [c.seq for c in changes[1:]]


def test_since_just_after_a_change_leaves_it_out(session: Session, client: FlaskClient) -> None:
    changes = _three_changes(session)
    items, _ = _follow(client, _since(changes[1].at + dt.timedelta(microseconds=1)))
    assert [i["seq"] for i in items] == [changes[2].seq]


def test_since_in_another_offset_is_the_same_moment(session: Session, client: FlaskClient) -> None:
    changes = _three_changes(session)
    elsewhere = changes[1].at.astimezone(dt.timezone(dt.timedelta(hours=-5)))
    items, _ = _follow(client, _since(elsewhere))
    assert items[0]["seq"] == changes[1].seq


def test_since_with_a_plus_that_the_url_made_a_space(session: Session, client: FlaskClient) -> None:
    changes = _three_changes(session)
    raw = changes[1].at.isoformat()  # ends "+00:00"; sent unencoded, the + arrives as a space
    items, _ = _follow(client, f"{FEED}?since={raw}")
    assert items[0]["seq"] == changes[1].seq


def test_since_a_date_is_its_midnight(session: Session, client: FlaskClient) -> None:
    changes = _three_changes(session)
    tomorrow = (changes[0].at + dt.timedelta(days=1)).date().isoformat()
    assert client.get(f"{FEED}?since={tomorrow}").get_json()["items"] == []
    today = changes[0].at.date().isoformat()
    assert changes[0].seq in [i["seq"] for i in _follow(client, f"{FEED}?since={today}")[0]]


def test_since_in_the_future_hands_out_nothing_made_before_it(session: Session, client: FlaskClient) -> None:
    future = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    items, resume = _follow(client, _since(future))
    assert items == []
    make_contact(session)
    session.commit()
    assert client.get(resume).get_json()["items"] == []


def _cursor_after(client: FlaskClient, change: Change) -> str:
    page = client.get(f"{FEED}?since={quote(change.at.isoformat())}&limit=1").get_json()
    cursor: str = page["cursor"]
    return cursor


def test_since_later_than_the_cursor_wins(session: Session, client: FlaskClient) -> None:
    changes = _three_changes(session)
    cursor = _cursor_after(client, changes[0])
    page = client.get(f"{FEED}?cursor={cursor}&since={quote(changes[2].at.isoformat())}").get_json()
    assert [i["seq"] for i in page["items"]] == [changes[2].seq]


def test_cursor_later_than_since_wins(session: Session, client: FlaskClient) -> None:
    changes = _three_changes(session)
    cursor = _cursor_after(client, changes[1])
    page = client.get(f"{FEED}?cursor={cursor}&since={quote(changes[0].at.isoformat())}").get_json()
    assert [i["seq"] for i in page["items"]] == [changes[2].seq]


def test_since_that_is_no_time_is_a_422_naming_it(client: FlaskClient) -> None:
    response = client.get(f"{FEED}?since=yesterday")
    assert response.status_code == 422
    assert "since" in response.get_json()["errors"]


def test_since_gives_anonymous_readers_no_author(session: Session, client: FlaskClient) -> None:
    changes = _three_changes(session)
    items, _ = _follow(client, _since(changes[0].at))
    assert items
    assert all(set(i["actor"]) <= {"kind", "role", "convention", "run_id"} for i in items)
    assert all("name" not in i["actor"] for i in items)
