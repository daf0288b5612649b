"""Which language a page speaks: ``?lang=`` (kept in a cookie), else the cookie, else Accept-Language, else
English; the API answers in English whatever the browser asks."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from flask_babel import gettext

from registry.i18n import COOKIE, known
from tests.web.helpers import text

HTML = re.compile(r'<html lang="([a-z]+)" dir="(ltr|rtl)">')


def _language(client: FlaskClient, path: str = "/", **headers: str) -> tuple[str, str]:
    found = HTML.search(text(client.get(path, headers=headers)))
    assert found, "no <html lang dir> on the page"
    return found.group(1), found.group(2)


def test_language_is_english_by_default(client: FlaskClient) -> None:
    assert _language(client) == ("en", "ltr")


def test_language_comes_from_the_query(client: FlaskClient) -> None:
    assert _language(client, "/?lang=fr") == ("fr", "ltr")


def test_language_arabic_reads_right_to_left(client: FlaskClient) -> None:
    assert _language(client, "/?lang=ar") == ("ar", "rtl")


def test_language_of_the_query_is_remembered_in_a_cookie(client: FlaskClient) -> None:
    client.get("/?lang=zh")
    assert _language(client, "/parties") == ("zh", "ltr")


def test_language_cookie_is_long_lived_and_not_for_scripts(client: FlaskClient) -> None:
    header = client.get("/?lang=ru").headers["Set-Cookie"]
    assert header.startswith(f"{COOKIE}=ru;")
    assert "Max-Age=31536000" in header
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header


def test_language_of_the_query_wins_over_the_cookie(client: FlaskClient) -> None:
    client.get("/?lang=zh")
    assert _language(client, "/?lang=es") == ("es", "ltr")


def test_language_cookie_wins_over_accept_language(client: FlaskClient) -> None:
    client.get("/?lang=ru")
    assert _language(client, "/", **{"Accept-Language": "fr"}) == ("ru", "ltr")


def test_language_comes_from_accept_language_best_match(client: FlaskClient) -> None:
    assert _language(client, "/", **{"Accept-Language": "de-CH, es;q=0.8, fr;q=0.5"}) == ("es", "ltr")


def test_language_of_accept_language_matches_a_region_variant(client: FlaskClient) -> None:
    assert _language(client, "/", **{"Accept-Language": "ar-EG"}) == ("ar", "rtl")


def test_language_unknown_to_accept_language_is_english(client: FlaskClient) -> None:
    assert _language(client, "/", **{"Accept-Language": "de, it;q=0.5"}) == ("en", "ltr")


def test_language_unknown_in_the_query_falls_back_without_an_error(client: FlaskClient) -> None:
    response = client.get("/?lang=xx", headers={"Accept-Language": "fr"})
    assert response.status_code == 200
    assert HTML.search(text(response)).group(1) == "fr"  # type: ignore[union-attr]


def test_language_unknown_in_the_query_sets_no_cookie(client: FlaskClient) -> None:
    assert "Set-Cookie" not in client.get("/?lang=../../etc").headers


def test_language_forged_cookie_is_ignored(client: FlaskClient) -> None:
    client.set_cookie(COOKIE, "<script>")
    assert _language(client) == ("en", "ltr")


def test_language_known_reads_case_and_region_variants() -> None:
    assert [known(v) for v in ("FR", "fr-CA", "zh_Hans", "pt", "", None)] == [
        "fr",
        "fr",
        "zh",
        None,
        None,
        None,
    ]


def test_language_pages_vary_by_accept_language_and_cookie(client: FlaskClient) -> None:
    vary = client.get("/").headers["Vary"]
    assert "Accept-Language" in vary
    assert "Cookie" in vary


def test_language_api_speaks_english_whatever_the_browser_asks(app: Flask) -> None:
    headers = {"Accept-Language": "fr", "Cookie": f"{COOKIE}=fr"}
    with app.test_request_context("/api/v1/parties?lang=fr", headers=headers):
        assert gettext("Search") == "Search"


def test_language_page_speaks_the_browser_language(app: Flask) -> None:
    with app.test_request_context("/parties", headers={"Accept-Language": "fr"}):
        assert gettext("Search") == "Rechercher"


def test_language_switcher_keeps_the_page_and_its_query(client: FlaskClient) -> None:
    page = text(client.get("/parties/KEN?convention=basel&lang=fr"))
    assert 'href="/parties/KEN?convention=basel&amp;lang=ar" lang="ar" hreflang="ar" dir="rtl"' in page


def test_language_switcher_marks_the_current_language(client: FlaskClient) -> None:
    page = text(client.get("/?lang=es"))
    assert 'hreflang="es" dir="ltr" aria-current="true">Español</a>' in page
