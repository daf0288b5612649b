"""Who may manage which users and make which tokens (registry.auth.policy); the users' list condition
agrees with the rule for every role and scope."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.audit.actor import Actor
from registry.auth import policy
from registry.auth.models import User
from registry.errors import Forbidden
from tests.web.helpers import make_user

ADMIN = Actor(kind="user", name="admin", role="admin")
ALL_SECRETARIATS = Actor(kind="user", name="brs", role="secretariat")
BASEL = Actor(kind="user", name="basel", role="secretariat", convention="basel")
KENYA = Actor(kind="token", name="ken", role="party", party="KEN")
SCOPES = [
    ("admin", None, None),
    ("secretariat", None, None),
    ("secretariat", None, "basel"),
    ("secretariat", None, "rotterdam"),
    ("party", "KEN", None),
    ("party", "UGA", None),
]


def _may_manage(actor: Actor, scope: tuple[str, str | None, str | None]) -> bool:
    return policy.allowed(actor, policy.require_user_management, *scope)


def test_admin_manages_everyone() -> None:
    assert all(_may_manage(ADMIN, scope) for scope in SCOPES)


def test_secretariat_manages_party_users_and_its_own_conventions_staff() -> None:
    assert [_may_manage(BASEL, scope) for scope in SCOPES] == [False, False, True, False, True, True]


def test_secretariat_of_all_conventions_manages_all_secretariat_staff_and_party_users() -> None:
    assert [_may_manage(ALL_SECRETARIATS, scope) for scope in SCOPES] == [False, True, True, True, True, True]


@pytest.mark.parametrize("scope", SCOPES)
def test_party_official_manages_nobody_not_even_their_own_party(
    scope: tuple[str, str | None, str | None],
) -> None:
    with pytest.raises(Forbidden, match="Only admins and secretariats may manage users"):
        policy.require_user_management(KENYA, *scope)


def test_managed_users_condition_agrees_with_the_rule(session: Session) -> None:
    for role, party, convention in SCOPES:
        make_user(
            session,
            role,
            **({"party": party} if party else {}),
            **({"convention": convention} if convention else {}),
        )
    users = list(session.scalars(select(User)))
    for actor in (ADMIN, ALL_SECRETARIATS, BASEL, KENYA):
        listed = set(session.scalars(select(User.id).where(policy.managed_users(actor))))
        ruled = {u.id for u in users if _may_manage(actor, (u.role, u.party_code, u.convention))}
        assert listed == ruled, actor.name


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        (ADMIN, SCOPES),
        (ALL_SECRETARIATS, SCOPES[1:4]),
        (BASEL, [SCOPES[2]]),
        (KENYA, [SCOPES[4]]),
    ],
)
def test_a_token_is_never_wider_than_its_maker(
    actor: Actor, allowed: list[tuple[str, str | None, str | None]]
) -> None:
    granted = [scope for scope in SCOPES if policy.allowed(actor, policy.require_token_grant, *scope)]
    assert granted == allowed


def test_party_official_cannot_make_a_secretariat_token() -> None:
    with pytest.raises(Forbidden, match="A token may not do more than its maker"):
        policy.require_token_grant(KENYA, "secretariat", None, None)


def test_history_of_accounts_is_for_admins_only() -> None:
    assert [policy.may_read_account_history(a) for a in (ADMIN, ALL_SECRETARIATS, BASEL, KENYA, None)] == [
        True,
        False,
        False,
        False,
        False,
    ]


def test_users_pages_are_for_staff_only() -> None:
    assert [policy.may_manage_users(a) for a in (ADMIN, BASEL, KENYA, None)] == [True, True, False, False]
