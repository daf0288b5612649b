"""``GET /users``, ``GET /users/{id}``, ``DELETE /users/{id}`` and ``GET /account-events``: each reader sees
whom it may manage; disabling ends an account's sessions, links and tokens."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from registry.auth.links import LinkState, Purpose, find_link, issue_link
from registry.auth.services import create_token
from registry.auth.sessions import count_user_sessions
from tests.conftest import Tokens
from tests.registry.api.helpers import API, assert_problem
from tests.web.helpers import make_user, sign_in


def _emails(client: FlaskClient, headers: dict[str, str], query: str = "") -> list[str]:
    response = client.get(f"{API}/users{query}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return [item["email"] for item in response.get_json()["items"]]


def test_list_users_shows_a_secretariat_the_party_users_and_its_own_staff(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    official = make_user(session, "party", party="KEN")
    colleague = make_user(session, "secretariat", convention="basel")
    make_user(session, "secretariat", convention="rotterdam")
    make_user(session, "admin")
    session.commit()
    listed = _emails(client, tokens.header("secretariat", convention="basel"))
    assert listed == [official.email, colleague.email]


def test_list_users_shows_an_admin_everyone(client: FlaskClient, session: Session, tokens: Tokens) -> None:
    made = [make_user(session, role).email for role in ("admin", "secretariat")]
    session.commit()
    assert _emails(client, tokens.header("admin")) == made


def test_list_users_filters_by_status_role_and_party(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    kenyan, ugandan = make_user(session, "party", party="KEN"), make_user(session, "party", party="UGA")
    make_user(session, "admin")
    session.commit()
    admin = tokens.header("admin")
    assert _emails(client, admin, "?role=party&party=uga") == [ugandan.email]
    client.delete(f"{API}/users/{kenyan.id}", headers=admin)
    assert _emails(client, admin, "?status=disabled") == [kenyan.email]


def test_list_users_pages_with_a_next_link(client: FlaskClient, session: Session, tokens: Tokens) -> None:
    for _ in range(3):
        make_user(session, "party", party="KEN")
    session.commit()
    first = client.get(f"{API}/users?limit=2", headers=tokens.header("admin")).get_json()
    assert (len(first["items"]), first["total"]) == (2, 3)
    assert first["next"].startswith("http://localhost/api/v1/users?limit=2&cursor=")


def test_list_users_by_a_party_token_is_forbidden(client: FlaskClient, tokens: Tokens) -> None:
    assert_problem(client.get(f"{API}/users", headers=tokens.header("party", party="KEN")), 403)


def test_list_users_without_a_token_is_a_401(client: FlaskClient) -> None:
    assert_problem(client.get(f"{API}/users"), 401)


def test_get_user_outside_the_tokens_scope_is_forbidden(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    other = make_user(session, "secretariat", convention="stockholm")
    session.commit()
    assert_problem(
        client.get(f"{API}/users/{other.id}", headers=tokens.header("secretariat", convention="basel")), 403
    )


def test_get_user_shows_no_password_hash(client: FlaskClient, session: Session, tokens: Tokens) -> None:
    user = make_user(session, "party", party="KEN")
    session.commit()
    body = client.get(f"{API}/users/{user.id}", headers=tokens.header("admin")).get_json()
    assert body["status"] == "active"
    assert not {"password", "password_hash"} & set(body)


def test_disable_user_ends_its_sessions_links_and_tokens(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    user = make_user(session, "party", party="KEN")
    _, secret = create_token(session, role="party", party="KEN", name="export", user=user)
    reset = issue_link(session, user, Purpose.PASSWORD_RESET)
    session.commit()
    sign_in(client, user)
    assert client.delete(f"{API}/users/{user.id}", headers=tokens.header("secretariat")).status_code == 204
    assert count_user_sessions(session, user.id) == 0
    assert find_link(session, reset.secret, Purpose.PASSWORD_RESET)[0] is LinkState.USED
    refused = client.get(f"{API}/users", headers={"Authorization": f"Bearer {secret}"})
    assert "unknown or revoked" in assert_problem(refused, 401)["detail"]
    assert (
        client.get(f"{API}/users/{user.id}", headers=tokens.header("admin")).get_json()["status"]
        == "disabled"
    )


def test_disable_user_outside_the_tokens_scope_is_forbidden_and_changes_nothing(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    admin = make_user(session, "admin")
    session.commit()
    assert_problem(client.delete(f"{API}/users/{admin.id}", headers=tokens.header("secretariat")), 403)
    assert (
        client.get(f"{API}/users/{admin.id}", headers=tokens.header("admin")).get_json()["status"] == "active"
    )


def test_disable_an_unknown_user_is_a_404(client: FlaskClient, tokens: Tokens) -> None:
    assert_problem(client.delete(f"{API}/users/999999", headers=tokens.header("admin")), 404)


def test_account_events_are_for_admin_tokens_only(client: FlaskClient, tokens: Tokens) -> None:
    assert_problem(client.get(f"{API}/account-events", headers=tokens.header("secretariat")), 403)


def test_account_events_list_newest_first_with_their_author(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    user = make_user(session, "party", party="KEN")
    session.commit()
    admin = tokens.header("admin")
    client.delete(f"{API}/users/{user.id}", headers=admin)
    items = client.get(f"{API}/account-events?user={user.id}", headers=admin).get_json()["items"]
    assert [item["kind"] for item in items] == ["user_disabled", "user_created"]
    assert items[0]["actor"] == {"kind": "token", "name": "test admin", "role": "admin"}
    assert items[0]["details"]["email"] == user.email


def test_account_events_page_through_older_events(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    for _ in range(3):
        make_user(session, "party", party="KEN")
    session.commit()
    admin = tokens.header("admin")
    first = client.get(f"{API}/account-events?kind=user_created&limit=2", headers=admin).get_json()
    second = client.get(first["next"], headers=admin).get_json()
    ids = [item["id"] for item in first["items"] + second["items"]]
    assert ids == sorted(ids, reverse=True)
    assert (len(ids), second["next"]) == (3, None)
