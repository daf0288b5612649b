"""The search page: contacts in pages of 50, best matches first, in any script."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.factories import make_contact
from tests.web.helpers import text


def _many(session: Session, count: int) -> None:
    for n in range(count):
        make_contact(session, family_name=f"Barasa{n:02d}")
    session.commit()


def test_search_page_shows_the_first_50_and_links_the_next_page(
    client: FlaskClient, session: Session
) -> None:
    _many(session, 51)
    page = text(client.get("/search?q=barasa"))
    assert page.count('<li>\n      <a href="/parties/KEN#contact-') == 50
    assert "Showing 1–50 of 51, best matches first." in page
    assert '<a rel="next" href="/search?q=barasa&amp;page=2">Next page</a>' in page


def test_search_page_two_shows_the_rest_and_links_back(client: FlaskClient, session: Session) -> None:
    _many(session, 51)
    page = text(client.get("/search?q=barasa&page=2"))
    assert "Barasa50" in page
    assert "Barasa00" not in page
    assert '<a rel="prev" href="/search?q=barasa&amp;page=1">Previous page</a>' in page


def test_search_page_finds_a_name_written_in_another_script(client: FlaskClient, session: Session) -> None:
    make_contact(session, "AZE", family_name="Əfəndiyeva")
    session.commit()
    assert "Əfəndiyeva" in text(client.get("/search?q=Efendiyeva"))
