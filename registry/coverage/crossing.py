"""The cross-convention view of one party: which organizations serve more than one convention (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from registry.conventions import CONVENTIONS
from registry.text import fold, key


@dataclass(frozen=True)
class SharedOrganization:
    """An organization whose people hold roles under several conventions, and those conventions."""

    name: str
    conventions: tuple[str, ...]


def shared_organizations(holdings: Iterable[tuple[str, str | None]]) -> tuple[SharedOrganization, ...]:
    """From a party's (convention, organization) holdings: the organizations under more than one convention,
    by name. Two spellings that differ only in case, accents or punctuation are one organization, shown by
    the first of its spellings in alphabetical order (so the answer never depends on the rows' order)."""
    spellings: dict[str, set[str]] = {}
    conventions: dict[str, set[str]] = {}
    for convention, organization in holdings:
        found = key(organization)
        if not found or organization is None:
            continue
        spellings.setdefault(found, set()).add(organization.strip())
        conventions.setdefault(found, set()).add(convention)
    shared = [
        SharedOrganization(min(spellings[k]), tuple(c for c in CONVENTIONS if c in conventions[k]))
        for k in conventions
        if len(conventions[k]) > 1
    ]
    return tuple(sorted(shared, key=lambda o: (fold(o.name), o.name)))
