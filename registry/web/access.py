"""The role and scope fields of the pages that give access (inviting a person, making a token): which
choices a signed-in user is offered, what the form sent, and how a role and scope read on a page.

The offered choices follow the policy's rules; the services check them again (a forged form is refused).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from registry.audit.actor import Actor
from registry.auth.models import ROLES
from registry.conventions import CONVENTIONS, convention_label
from registry.parties.services import member_parties

ROLE_NAMES: dict[str, LazyString] = {
    "admin": _l("Administrator"),
    "secretariat": _l("Secretariat staff"),
    "party": _l("Party official"),
}
Choices = list[tuple[str, str]]


@dataclass(frozen=True)
class AccessChoices:
    """The roles, parties and conventions a form offers (value, label); an empty value is "none"."""

    roles: Choices
    parties: Choices
    conventions: Choices


def role_name(role: str) -> str:
    return str(ROLE_NAMES.get(role, role))


def scope_name(role: str, party: str | None, convention: str | None) -> str:
    """The scope of a role, in words: a party's code, a convention, or everything."""
    if role == "party":
        return party or ""
    if role == "secretariat":
        return convention_label(convention) if convention else str(_("all conventions"))
    return str(_("everything"))


def invite_choices(session: Session, actor: Actor) -> AccessChoices:
    """What ``actor`` may invite: an admin anyone, a secretariat party officials and its own colleagues."""
    roles = list(ROLES) if actor.role == "admin" else ["party", "secretariat"]
    if actor.role == "secretariat" and actor.convention:
        conventions = [("", _("(none: not secretariat staff)")), _convention(actor.convention)]
        return AccessChoices(_roles(roles), _parties(session), conventions)
    return AccessChoices(_roles(roles), _parties(session), _all_conventions())


def token_choices(session: Session, actor: Actor) -> AccessChoices:
    """What tokens ``actor`` may make: of their own role and scope (an admin: any)."""
    if actor.role == "admin":
        return AccessChoices(_roles(ROLES), _parties(session), _all_conventions())
    if actor.role == "party":
        return AccessChoices(_roles(["party"]), [(actor.party or "", actor.party or "")], [])
    own = [_convention(actor.convention)] if actor.convention else _all_conventions()
    return AccessChoices(_roles(["secretariat"]), [], own)


def _roles(roles: tuple[str, ...] | list[str]) -> Choices:
    return [(role, role_name(role)) for role in roles]


def _parties(session: Session) -> Choices:
    return [("", _("(none: not a party official)"))] + [
        (party.code, f"{party.name} ({party.code})") for party in member_parties(session)
    ]


def _convention(convention: str) -> tuple[str, str]:
    return convention, convention_label(convention)


def _all_conventions() -> Choices:
    return [("", _("(all, for secretariat staff; none otherwise)"))] + [_convention(c) for c in CONVENTIONS]


def read_access(form: Mapping[str, str]) -> dict[str, str]:
    """The role, party and convention a form sent, as typed ("" for a field it did not send)."""
    return {name: form.get(name, "").strip()[:20] for name in ("role", "party", "convention")}
