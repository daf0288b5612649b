"""The pages anyone may read: search, results, a party's contacts one card per person, with filters."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.factories import make_contact, make_designation
from tests.web.helpers import text


def test_home_declares_its_language_and_a_viewport(client: FlaskClient) -> None:
    page = text(client.get("/"))
    assert '<html lang="en" dir="ltr">' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert '<form method="get" action="/search"' in page


def test_search_finds_a_contact_ignoring_accents(client: FlaskClient, session: Session) -> None:
    make_contact(session, family_name="Martínez Ölçer")
    session.commit()
    page = text(client.get("/search?q=martinez olcer"))
    assert "Martínez Ölçer" in page


def test_search_finds_a_party_by_a_name_variant(client: FlaskClient) -> None:
    assert 'href="/parties/TUR"' in text(client.get("/search?q=Turkey"))


def test_search_finds_a_party_written_without_accents(client: FlaskClient) -> None:
    assert 'href="/parties/CIV"' in text(client.get("/search", query_string={"q": "cote d'ivoire"}))


def test_search_without_words_goes_back_to_the_form(client: FlaskClient) -> None:
    response = client.get("/search?q=")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_party_page_shows_one_card_per_person_with_all_roles(client: FlaskClient, session: Session) -> None:
    person = make_contact(session, family_name="Kamau")
    make_designation(session, person, "basel", "FP")
    make_designation(session, person, "stockholm", "OCP")
    make_designation(session, person, "rotterdam", "DNA", scope="CP")
    session.commit()
    page = text(client.get("/parties/KEN"))
    cards = re.findall(r'<li class="card" id="contact-(\d+)">', page)
    assert cards == [str(person.id)]
    card = page[page.index(f'id="contact-{person.id}"') :]
    assert card.index("Focal Point") < card.index("Designated National Authority") < card.index("Official")


def test_party_page_filters_by_convention(client: FlaskClient, session: Session) -> None:
    basel = make_designation(session, make_contact(session, family_name="Baselonly"), "basel", "FP")
    make_designation(session, make_contact(session, family_name="Stockholmonly"), "stockholm", "NFP")
    session.commit()
    page = text(client.get("/parties/KEN?convention=basel"))
    assert f'id="contact-{basel.contact_id}"' in page
    assert "Stockholmonly</h3>" not in page


def test_party_page_filters_by_role(client: FlaskClient, session: Session) -> None:
    make_designation(session, make_contact(session, family_name="Authority"), "basel", "CA")
    make_designation(session, make_contact(session, family_name="Focal"), "basel", "FP")
    session.commit()
    page = text(client.get("/parties/KEN?role=CA"))
    assert "Authority</h3>" in page
    assert "Focal</h3>" not in page


def test_party_page_links_each_conventions_list_in_its_format(client: FlaskClient) -> None:
    page = text(client.get("/parties/KEN"))
    for link in ("/exports/basel.xlsx", "/exports/rotterdam.csv", "/exports/stockholm.json"):
        assert f'href="{link}"' in page


def test_party_page_marks_person_entered_text_for_either_direction(
    client: FlaskClient, session: Session
) -> None:
    make_designation(session, make_contact(session, given_name="أمينة", family_name="الزهراء"), "basel", "FP")
    session.commit()
    page = text(client.get("/parties/KEN"))
    assert re.search(r'<h3 id="name-\d+" dir="auto">Dr. أمينة الزهراء</h3>', page)


def test_party_page_of_a_lower_case_code_redirects_to_the_upper_case(client: FlaskClient) -> None:
    response = client.get("/parties/ken?role=FP")
    assert response.status_code == 301
    assert response.headers["Location"] == "/parties/KEN?role=FP"


def test_unknown_party_is_an_html_404_page(client: FlaskClient) -> None:
    response = client.get("/parties/XYZ")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "There is no party with code &#39;XYZ&#39;." in text(response)


def test_unknown_page_is_an_html_404_page(client: FlaskClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_pages_send_security_headers(client: FlaskClient) -> None:
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_api_errors_stay_problem_json(client: FlaskClient) -> None:
    response = client.get("/api/v1/parties/XYZ")
    assert response.mimetype == "application/problem+json"
    assert "Content-Security-Policy" not in response.headers


def test_api_docs_keep_their_inline_scripts(client: FlaskClient) -> None:
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response.headers


def test_stylesheet_is_linked_by_digest_and_kept_for_a_year(client: FlaskClient) -> None:
    href = re.search(r'<link rel="stylesheet" href="([^"]+)">', text(client.get("/")))
    assert href
    assert "?v=" in href.group(1)
    response = client.get(href.group(1))
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"]
    response.close()
