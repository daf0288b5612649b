"""Every page in each of the six languages: ``<html lang dir>`` right, and no English left in what a person
reads (headings, buttons, labels, role names, statuses) once the data, shown as written, is set aside."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.auth.models import ApiToken
from registry.i18n import LANGUAGES
from tests.i18n.english import TRANSLATED, english_left
from tests.i18n.world import World, build_world
from tests.web.helpers import csrf_token, sign_in, text

# Each page by a name, and its path in the world ``w`` (an admin sees every link and form on it).
PAGES = {
    "home": "/",
    "search": "/search?q=kenya",
    "search-nothing": "/search?q=qqqqq",
    "parties": "/parties",
    "party": "/parties/KEN",
    "party-filtered": "/parties/KEN?convention=rotterdam&role=OCP",
    "coverage": "/coverage",
    "coverage-filtered": "/coverage?convention=basel&region=African",
    "new-contact": "/parties/KEN/contacts/new",
    "edit-contact": "/contacts/{w.person.id}/edit",
    "designate": "/contacts/{w.spare.id}/designate",
    "end": "/designations/{w.designation.id}/end",
    "history": "/contacts/{w.person.id}/history",
    "runs": "/sync/runs",
    "run": "/sync/runs/{w.run.id}",
    "run-group": "/sync/runs/{w.run.id}?convention=basel&action=conflict",
    "changes": "/changes",
    "changes-filtered": "/changes?party=KEN&convention=basel",
    "discrepancies": "/discrepancies",
    "discrepancies-filtered": "/discrepancies?convention=basel&party=KEN",
    "conflict": "/discrepancies/{w.conflict}",
    "list-out-of-date": "/discrepancies/{w.ahead}",
    "settled": "/discrepancies/{w.settled}",
    "users": "/users",
    "users-filtered": "/users?status=invited&q=nema",
    "invite": "/users/invite",
    "invite-again": "/users/invite?email=a%40nema.go.ke&role=party&party=KEN",
    "account-history": "/users/history",
    "tokens": "/account/tokens",
    "password-reset": "/password-reset",
    "welcome": "/account/invitation/{w.invitation}",
    "choose-password": "/password-reset/{w.reset}",
    "invitation-unknown": "/account/invitation/not-a-link",
    "reset-unknown": "/password-reset/not-a-link",
    "no-such-party": "/parties/ZZZ",
    "no-such-page": "/nowhere",
}
STATUS = {"no-such-party": 404, "no-such-page": 404, "invitation-unknown": 404, "reset-unknown": 404}
# A link from an e-mail leads on to its form (the link is kept in the session, the language in its cookie).
FOLLOWED = {"welcome", "choose-password"}


@pytest.fixture
def world(client: FlaskClient, session: Session) -> World:
    built = build_world(session)
    session.commit()
    sign_in(client, built.admin)
    client.get("/")  # shows (and so drops) the sign-in's message, said in English: no language was asked for
    return built


def _page(client: FlaskClient, world: World, name: str, language: str) -> str:
    path = PAGES[name].format(w=world)
    response = client.get(
        f"{path}{'&' if '?' in path else '?'}lang={language}", follow_redirects=name in FOLLOWED
    )
    assert response.status_code == STATUS.get(name, 200)
    return text(response)


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("name", PAGES)
def test_page_leaves_no_english_in_another_language(
    client: FlaskClient, world: World, name: str, language: str
) -> None:
    assert english_left(_page(client, world, name, language), language, world.data) == []


# What a page says back after a form (a flash message, an error beside a field, what was made), by a name: the
# page whose form it is, what it sends, and what the answer's status is.
Posted = tuple[str, str, dict[str, str], int]
POSTS: dict[str, Callable[[World], Posted]] = {
    "settle-keeping-the-list": lambda w: (
        "/discrepancies",
        f"/discrepancies/{w.conflict}/resolution",
        {"keep": "list", "version": str(w.conflict_version)},
        200,
    ),
    "settle-without-a-choice": lambda w: (
        "/discrepancies",
        f"/discrepancies/{w.conflict}/resolution",
        {"version": str(w.conflict_version)},
        422,
    ),
    "settle-what-was-settled": lambda w: (
        "/discrepancies",
        f"/discrepancies/{w.settled}/resolution",
        {"keep": "list", "version": "1"},
        409,
    ),
    "invite-a-bad-address": lambda w: (
        "/users/invite",
        "/users/invite",
        {"email": "nobody", "role": "party"},
        422,
    ),
    "disable": lambda w: ("/users", f"/users/{w.leaving}/disable", {}, 200),
    "make-a-token": lambda w: (
        "/account/tokens",
        "/account/tokens",
        {"name": "reader", "role": "admin", "expires_in": "30"},
        200,
    ),
    "make-a-token-without-a-name": lambda w: (
        "/account/tokens",
        "/account/tokens",
        {"name": "", "role": "admin", "expires_in": "400"},
        422,
    ),
    "revoke-a-token": lambda w: ("/account/tokens", f"/account/tokens/{w.token}/revoke", {}, 200),
    "password-reset-sent": lambda w: ("/password-reset", "/password-reset", {"email": "a@nema.go.ke"}, 200),
    "password-reset-without-an-address": lambda w: ("/password-reset", "/password-reset", {"email": ""}, 422),
}


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("name", POSTS)
def test_answer_to_a_form_leaves_no_english_in_another_language(
    client: FlaskClient, session: Session, world: World, name: str, language: str
) -> None:
    form_page, path, form, status = POSTS[name](world)
    client.get(f"/?lang={language}")  # the language's cookie
    response = client.post(
        path, data={**form, "csrf_token": csrf_token(client, form_page)}, follow_redirects=True
    )
    assert response.status_code == status
    prefixes = session.scalars(select(ApiToken.prefix))  # a new token's first letters, shown as written
    assert english_left(text(response), language, {*world.data, "reader", *prefixes}) == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_choosing_a_password_says_what_is_wrong_in_the_pages_language(
    client: FlaskClient, world: World, language: str
) -> None:
    client.get(f"/password-reset/{world.reset}?lang={language}")
    form = {"password": "short", "password_repeat": "short"}
    response = client.post(
        "/password-reset/choose", data={**form, "csrf_token": csrf_token(client, "/password-reset/choose")}
    )
    assert response.status_code == 422
    assert english_left(text(response), language, world.data) == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["party", "coverage", "run", "no-such-page"])
def test_page_declares_its_language_and_direction(
    client: FlaskClient, world: World, name: str, language: str
) -> None:
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in _page(client, world, name, language)


def test_page_check_finds_english_on_an_english_page(client: FlaskClient, world: World) -> None:
    # The check itself: read as if it were French, the English party page is full of English.
    assert "Roles under each convention" in english_left(
        _page(client, world, "party", "en"), "fr", world.data
    )


@pytest.mark.parametrize(
    ("language", "names"),
    [
        (
            "fr",
            [
                "Correspondant",
                "Autorité compétente",
                "Autorité nationale désignée",
                "Point de contact officiel",
            ],
        ),
        ("es", ["Punto de contacto", "Autoridad competente", "Autoridad nacional designada"]),
        ("ru", ["Координационный центр", "Компетентный орган", "Назначенный национальный орган"]),
        ("zh", ["联络点", "主管部门", "指定国家主管部门", "正式联络点", "国家联络点"]),
        ("ar", ["جهة الاتصال", "السلطة المختصة", "السلطة الوطنية المعيَّنة", "جهة الاتصال الرسمية"]),
    ],
)
def test_party_page_names_roles_in_the_conventions_terms(
    client: FlaskClient, world: World, language: str, names: list[str]
) -> None:
    page = _page(client, world, "party", language)
    assert [name for name in names if name not in page] == []


def test_party_page_shows_data_as_written(client: FlaskClient, world: World) -> None:
    page = _page(client, world, "party", "zh")
    assert "Wanjiru Kamau" in page
    assert "NEMA Kenya" in page
    assert "Popo Road" in page


def test_party_page_writes_dates_the_languages_way(client: FlaskClient, world: World) -> None:
    page = _page(client, world, "end", "fr")
    assert "depuis le 1 janv. 2024" in page


def test_run_page_says_where_each_record_was_read_in_the_languages_words(
    client: FlaskClient, world: World
) -> None:
    page = _page(client, world, "run", "fr")
    assert '<td dir="auto">ligne 17</td>' in page
    assert '<td dir="auto">ligne 40</td>' in page
