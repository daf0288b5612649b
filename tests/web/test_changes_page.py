"""``/changes``: recent changes a day at a time, newest first, filtered by party and convention; what
changed for anyone, who changed it only for those who may read the party's history."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from registry.audit.actor import Actor
from registry.audit.models import Change
from registry.contacts.services import update_contact
from tests.factories import make_contact, make_designation
from tests.web.helpers import make_user, sign_in, text

TOKEN = Actor(kind="token", name="Nairobi desk token", role="party", party="KEN")


def _edits(session: Session) -> None:
    """A Kenyan Basel focal point whose position a party token changed, and a Ugandan Rotterdam DNA."""
    kenyan = make_contact(session, "KEN", family_name="Otieno")
    make_designation(session, kenyan, "basel", "FP")
    update_contact(session, kenyan, {"position": "Chief Chemist"}, TOKEN)
    make_designation(
        session, make_contact(session, "UGA", family_name="Nakato"), "rotterdam", "DNA", scope="P"
    )
    session.commit()


def test_changes_page_shows_what_changed_newest_first(client: FlaskClient, session: Session) -> None:
    _edits(session)
    page = text(client.get("/changes"))
    assert "Chief Chemist" in page
    assert page.index("Nakato") < page.index("Chief Chemist")


def test_changes_page_never_names_the_author_to_the_public(client: FlaskClient, session: Session) -> None:
    _edits(session)
    page = text(client.get("/changes"))
    assert "Nairobi desk token" not in page
    assert " by " not in page


def test_changes_page_names_the_author_to_staff(client: FlaskClient, session: Session) -> None:
    _edits(session)
    user = make_user(session, "secretariat")
    session.commit()
    sign_in(client, user)
    assert "Nairobi desk token" in text(client.get("/changes"))


@pytest.mark.parametrize(
    ("query", "shown", "left_out"),
    [
        pytest.param("party=uga", "Nakato", "Otieno", id="party"),
        pytest.param("convention=basel", "Chief Chemist", "Nakato", id="convention"),
    ],
)
def test_changes_page_filters_by(
    client: FlaskClient, session: Session, query: str, shown: str, left_out: str
) -> None:
    _edits(session)
    page = text(client.get(f"/changes?{query}"))
    assert shown in page
    assert left_out not in page


def test_changes_page_shows_one_day_and_links_the_day_before(client: FlaskClient, session: Session) -> None:
    _edits(session)
    yesterday = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    session.execute(update(Change).where(Change.party_code == "UGA").values(at=yesterday))
    session.commit()
    page = text(client.get("/changes"))
    assert "Nakato" not in page
    assert f"day={yesterday.date().isoformat()}" in page
    earlier = text(client.get(f"/changes?day={yesterday.date().isoformat()}"))
    assert "Nakato" in earlier
    assert "Chief Chemist" not in earlier


def test_changes_page_with_a_day_that_is_no_date_shows_the_latest(
    client: FlaskClient, session: Session
) -> None:
    _edits(session)
    response = client.get("/changes?day=yesterday&page=x")
    assert response.status_code == 200
    assert "Chief Chemist" in text(response)
