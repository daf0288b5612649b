"""A party's current designations as one card per person (with all their roles) and as a table of roles
side by side across the three conventions (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from registry.contacts.models import Contact
from registry.conventions import CONVENTIONS, ROLES
from registry.designations.models import Designation

# The order roles are listed in: by convention, the principal role first.
ROLE_ORDER: list[tuple[str, str]] = [(c, r) for c in CONVENTIONS for r in ROLES[c]]
ALL_ROLES: tuple[str, ...] = tuple(dict.fromkeys(r for _, r in ROLE_ORDER))


@dataclass
class Card:
    """One person (or office) and the roles they hold."""

    contact: Contact
    designations: list[Designation] = field(default_factory=list)


@dataclass(frozen=True)
class Filters:
    """Which designations a party page shows: one convention and/or one role, or all."""

    convention: str | None = None
    role: str | None = None

    @classmethod
    def read(cls, args: Mapping[str, str]) -> Filters:
        """The filters of a query string; a value that names no convention or role is ignored."""
        convention = args.get("convention")
        role = (args.get("role") or "").upper()
        return cls(
            convention=convention if convention in CONVENTIONS else None,
            role=role if role in ALL_ROLES else None,
        )

    def keeps(self, designation: Designation) -> bool:
        return (self.convention in (None, designation.convention)) and (self.role in (None, designation.role))

    def link(self, **change: str | None) -> dict[str, str]:
        """The query of this page with ``change`` applied (None removes a filter)."""
        values = {"convention": self.convention, "role": self.role, **change}
        return {k: v for k, v in values.items() if v}


def rank(designation: Designation) -> tuple[int, str, int]:
    position = ROLE_ORDER.index((designation.convention, designation.role))
    return position, designation.scope or "", designation.id


def person_cards(designations: list[Designation]) -> list[Card]:
    """One card per contact, in the order of each one's first role; each card's roles in that order."""
    cards: dict[int, Card] = {}
    for designation in sorted(designations, key=rank):
        cards.setdefault(designation.contact_id, Card(designation.contact)).designations.append(designation)
    return list(cards.values())


def roles_side_by_side(designations: list[Designation]) -> dict[str, list[tuple[str, list[Designation]]]]:
    """For each convention, each of its roles with its current holders (none: an empty list)."""
    ordered = sorted(designations, key=rank)
    return {
        convention: [
            (role, [d for d in ordered if d.convention == convention and d.role == role])
            for role in ROLES[convention]
        ]
        for convention in CONVENTIONS
    }
