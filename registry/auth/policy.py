"""Who may do what: every "may X" rule of the registry, one function each, for API tokens and signed-in users
alike (both act as an :class:`~registry.audit.actor.Actor` of a role).

Each rule has a ``require_*`` form, which raises Forbidden in the words the API answers with, and a ``may_*``
form, True or False, for the pages' templates. The API and the pages call the same functions.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, false, or_, true

from registry.audit.actor import Actor
from registry.auth.models import User
from registry.contacts.models import Contact
from registry.conventions import CONVENTIONS
from registry.errors import Forbidden

STAFF: tuple[str, ...] = ("admin", "secretariat")


def require_contact_write(
    actor: Actor, party_code: str, contact: Contact | None, giving: Collection[str] = ()
) -> None:
    """Who may add or change a party's contact.

    The party itself and an admin, always. A secretariat only for a contact that holds a current designation
    of its convention (of any convention, for a secretariat of all three), or that the same request
    designates under it (``giving``: the conventions of the designations made with it): never a contact out
    of nowhere, nor another party's contact that holds none of its roles. Anyone else: Forbidden.
    """
    if actor.role == "admin" or (actor.role == "party" and actor.party == party_code):
        return
    if actor.role == "secretariat":
        held = {d.convention for d in contact.current_designations} if contact else set()
        conventions = held | set(giving)
        if actor.convention in conventions or (actor.convention is None and conventions):
            return
        raise Forbidden(
            f"A secretariat may only write {party_code}'s contacts that hold, or are given in the same "
            "request, a role under its convention."
        )
    raise Forbidden(f"This token may not change the contacts of {party_code}.")


def require_designation_write(actor: Actor, party_code: str, convention: str) -> None:
    """Designations are written by the party itself, a secretariat of that convention, or an admin."""
    if actor.role == "admin":
        return
    if actor.role == "secretariat" and actor.convention in (None, convention):
        return
    if actor.role == "party" and actor.party == party_code:
        return
    raise Forbidden(
        f"This token may not change {party_code}'s designations under the {convention} convention."
    )


def require_history_read(actor: Actor, party_code: str) -> None:
    """A contact's or designation's history: secretariat staff, admins, and the party's own officials."""
    if not _reads_party(actor, party_code):
        raise Forbidden(f"Only secretariats, admins and {party_code}'s own officials may read this history.")


def require_sync_read(actor: Actor) -> None:
    """Sync runs and their reports (source locations, every row): secretariat staff and admins."""
    if actor.role not in STAFF:
        raise Forbidden("Only secretariat and admin tokens may read sync runs.")


def require_discrepancy_read(actor: Actor, party_code: str | None) -> None:
    """Discrepancies (what the sync found that a person settles): secretariat staff and admins read every
    one; a party official those of its own party (``party_code`` None: of every party)."""
    if actor.role in STAFF or (actor.role == "party" and party_code == actor.party):
        return
    if actor.role == "party":
        raise Forbidden(f"A party token reads only its own party's discrepancies ({actor.party}).")
    raise Forbidden("Only secretariat, admin and party tokens may read discrepancies.")


def require_discrepancy_resolve(actor: Actor, convention: str) -> None:
    """Settling a discrepancy: a secretariat of its convention (of any, if it has none) or an admin."""
    if actor.role == "admin" or (actor.role == "secretariat" and actor.convention in (None, convention)):
        return
    raise Forbidden(f"Only the {convention} secretariat or an admin may settle this discrepancy.")


def sees_authors(actor: Actor | None, party_code: str) -> bool:
    """Whether ``actor`` may see who changed a party's data: those who may read its history; an anonymous
    reader sees what changed and when, never who."""
    return actor is not None and _reads_party(actor, party_code)


def require_user_management(actor: Actor, role: str, party: str | None, convention: str | None) -> None:
    """Who may invite, list, disable and re-invite a user of ``role`` and scope (``party``, ``convention``).

    An admin: anyone. A secretariat: party users of any party, and secretariat users of its own convention
    (a secretariat of all conventions: every secretariat user); never an admin, nor a secretariat user whose
    scope is wider than its own. A party official: nobody (their convention's secretariat invites them).
    """
    if actor.role == "admin":
        return
    if actor.role == "secretariat":
        if role == "party" or (role == "secretariat" and actor.convention in (None, convention)):
            return
        raise Forbidden(
            _("A secretariat may only manage party users and secretariat users of its own convention.")
        )
    raise Forbidden(_("Only admins and secretariats may manage users."))


def managed_users(actor: Actor) -> ColumnElement[bool]:
    """The users ``actor`` may manage, as a condition on the users table (the rule of
    :func:`require_user_management`, for a list)."""
    if actor.role == "admin":
        return true()
    if actor.role != "secretariat":
        return false()
    colleagues = User.role == "secretariat"
    if actor.convention is not None:
        colleagues = colleagues & (User.convention == actor.convention)
    return or_(User.role == "party", colleagues)


def require_token_grant(actor: Actor, role: str, party: str | None, convention: str | None) -> None:
    """Who may make a token of ``role`` and scope: a token never does more than its maker may. An admin
    makes any; a secretariat one of its own convention (of any, or of all, for a secretariat of all
    conventions); a party official one of their own party."""
    if actor.role == "admin":
        return
    if actor.role == role == "secretariat" and actor.convention in (None, convention):
        return
    if actor.role == role == "party" and actor.party == party:
        return
    raise Forbidden(
        _("A token may not do more than its maker: choose your own role and scope, or a narrower one.")
    )


def require_users_read(actor: Actor) -> None:
    """The list of users (each reader sees those it may manage): secretariat staff and admins."""
    if actor.role not in STAFF:
        raise Forbidden(_("Only secretariat and admin tokens may list users."))


def require_account_history_read(actor: Actor) -> None:
    """The history of accounts (invitations, resets, tokens): admins only."""
    if actor.role != "admin":
        raise Forbidden(_("Only admins may read the history of accounts."))


def must_designate_new_contact(actor: Actor) -> bool:
    """Whether a contact ``actor`` adds must come with a role: a secretariat writes only contacts that hold
    one under its convention (:func:`require_contact_write`)."""
    return actor.role == "secretariat"


def _reads_party(actor: Actor, party_code: str) -> bool:
    return actor.role in STAFF or (actor.role == "party" and actor.party == party_code)


# --- The boolean forms, for the pages (None: nobody is signed in) -------------------------------------------


def allowed(actor: Actor | None, rule: Callable[..., None], *args: object) -> bool:
    """Whether ``rule`` lets ``actor`` do it (False for nobody)."""
    if actor is None:
        return False
    try:
        rule(actor, *args)
    except Forbidden:
        return False
    return True


def may_add_contact(actor: Actor | None, party_code: str) -> bool:
    """Whether ``actor`` may add a contact to the party (a secretariat: one it designates at once)."""
    giving = {c for c in CONVENTIONS if may_designate(actor, party_code, c)}
    return allowed(actor, require_contact_write, party_code, None, giving)


def may_edit_contact(actor: Actor | None, contact: Contact) -> bool:
    return allowed(actor, require_contact_write, contact.party_code, contact)


def may_designate(actor: Actor | None, party_code: str, convention: str) -> bool:
    return allowed(actor, require_designation_write, party_code, convention)


def may_designate_any(actor: Actor | None, party_code: str) -> bool:
    return any(may_designate(actor, party_code, convention) for convention in CONVENTIONS)


def may_read_history(actor: Actor | None, party_code: str) -> bool:
    return allowed(actor, require_history_read, party_code)


def may_read_sync_runs(actor: Actor | None) -> bool:
    return allowed(actor, require_sync_read)


def may_read_discrepancies(actor: Actor | None) -> bool:
    """Whether ``actor`` may work through the discrepancies page (staff: every party's)."""
    return allowed(actor, require_discrepancy_read, None)


def may_resolve_discrepancy(actor: Actor | None, convention: str) -> bool:
    return allowed(actor, require_discrepancy_resolve, convention)


def may_manage_users(actor: Actor | None) -> bool:
    """Whether ``actor`` may manage anyone (the users' pages): admins and secretariats."""
    return actor is not None and actor.role in STAFF


def may_read_account_history(actor: Actor | None) -> bool:
    return allowed(actor, require_account_history_read)
