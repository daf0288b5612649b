"""The change feed: every change once, in commit order, resumable from a cursor."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.factories import make_contact, make_designation


def _follow(client: FlaskClient, url: str) -> tuple[list[dict[str, object]], str]:
    items: list[dict[str, object]] = []
    while True:
        page = client.get(url).get_json()
        items.extend(page["items"])
        if not page["items"]:
            return items, page["next"]
        url = page["next"]


def test_feed_gives_every_change_once_in_order_and_resumes(session: Session, client: FlaskClient) -> None:
    first, _ = _follow(client, "/api/v1/changes?limit=3")
    contact = make_contact(session)
    make_designation(session, contact)
    session.commit()
    everything, resume = _follow(client, "/api/v1/changes?limit=3")
    seqs = [i["seq"] for i in everything]
    assert seqs == sorted(seqs)
    assert len(seqs) == len(set(seqs)) == len(first) + 2
    later = make_contact(session)
    session.commit()
    after, _ = _follow(client, resume)
    assert [(i["resource"], i["id"], i["kind"]) for i in after] == [("contact", later.id, "created")]


def test_feed_next_is_given_even_at_the_end(client: FlaskClient) -> None:
    _, resume = _follow(client, "/api/v1/changes")
    page = client.get(resume).get_json()
    assert page["items"] == []
    assert page["next"]


def test_feed_ended_designation_is_a_tombstone(session: Session, client: FlaskClient) -> None:
    from registry.audit.actor import cli_actor
    from registry.designations.services import end_designation

    designation = make_designation(session)
    end_designation(session, designation, cli_actor())
    session.commit()
    items, _ = _follow(client, "/api/v1/changes?limit=500")
    last = items[-1]
    assert (last["kind"], last["resource"], last["id"]) == ("ended", "designation", designation.id)
    assert last["state"]["ends_on"] is not None


def test_feed_bad_cursor_is_a_problem_naming_it(client: FlaskClient) -> None:
    response = client.get("/api/v1/changes?cursor=nonsense")
    assert response.status_code == 422
    assert "cursor" in response.get_json()["errors"]
