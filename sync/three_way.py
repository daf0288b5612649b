"""The contract's three-way rule, for one field of one designation: the list now, the baseline (what the last
run read from the list, and what the registry held then) and the registry now decide what to do.

:data:`THREE_WAY` is the whole rule; :func:`outcome` only finds the row that applies. ``Setter`` says who set
the registry's current value: a person (through the API, the pages or the command line) or a list; a value
another list brought is not a person's edit, so a list may still replace it.
"""

from __future__ import annotations

from enum import Enum
from typing import Any


class Outcome(Enum):
    SAME = "same"  # nothing to do
    APPLY = "apply"  # the list's value is written: a ``changed`` item
    ALREADY = "already"  # the list changed to what the registry holds (another list brought it): ``changed``
    AHEAD = "ahead"  # the registry was edited and the list lags: ``registry_ahead``, nothing reverted
    CONFLICT = "conflict"  # both changed, differently, and a person set the registry's value: not applied


class ListSide(Enum):
    FIRST = "first sight"  # no baseline: the list never gave this field of this designation
    UNCHANGED = "unchanged since the baseline"
    CHANGED = "changed since the baseline"


class RegistrySide(Enum):
    UNMOVED_AGREES = "unchanged since the baseline, equal to the list's value"
    UNMOVED_DIFFERS = "unchanged since the baseline, not the list's value"
    MOVED_AGREES = "changed since the baseline, to the list's value"
    MOVED_DIFFERS = "changed since the baseline, to another value"


class Setter(Enum):
    ANYONE = "anyone"
    PERSON = "a person"
    LIST = "a list"


P, L, ANY = Setter.PERSON, Setter.LIST, Setter.ANYONE
R = RegistrySide

THREE_WAY: dict[tuple[ListSide, RegistrySide, Setter], Outcome] = {
    # A list's first sight is taken as it is, except over a person's edit.
    (ListSide.FIRST, R.UNMOVED_AGREES, ANY): Outcome.SAME,
    (ListSide.FIRST, R.UNMOVED_DIFFERS, P): Outcome.CONFLICT,
    (ListSide.FIRST, R.UNMOVED_DIFFERS, L): Outcome.APPLY,
    # The list did not change: whatever the registry did is ahead of it (or caught up with it).
    (ListSide.UNCHANGED, R.UNMOVED_AGREES, ANY): Outcome.SAME,
    (ListSide.UNCHANGED, R.UNMOVED_DIFFERS, ANY): Outcome.SAME,
    (ListSide.UNCHANGED, R.MOVED_AGREES, ANY): Outcome.SAME,
    (ListSide.UNCHANGED, R.MOVED_DIFFERS, ANY): Outcome.AHEAD,
    # The list changed: applied unless a person changed the registry to something else.
    (ListSide.CHANGED, R.UNMOVED_DIFFERS, ANY): Outcome.APPLY,
    (ListSide.CHANGED, R.UNMOVED_AGREES, ANY): Outcome.ALREADY,
    (ListSide.CHANGED, R.MOVED_AGREES, P): Outcome.SAME,
    (ListSide.CHANGED, R.MOVED_AGREES, L): Outcome.ALREADY,
    (ListSide.CHANGED, R.MOVED_DIFFERS, P): Outcome.CONFLICT,
    (ListSide.CHANGED, R.MOVED_DIFFERS, L): Outcome.APPLY,
}


def outcome(listed: Any, now: Any, was_listed: Any, was_registry: Any, by_person: bool) -> Outcome:
    """What to do with one field: ``listed`` (the list now), ``now`` (the registry now), ``was_listed`` and
    ``was_registry`` (the baseline; :data:`MISSING` when it has none for the field), all in comparable
    form."""
    if listed == now and was_listed is not MISSING and listed == was_listed:
        return Outcome.SAME  # most fields on most nights: every row of the table that could match says so
    if was_listed is MISSING:
        side, registry_moved = ListSide.FIRST, False
    else:
        side = ListSide.UNCHANGED if listed == was_listed else ListSide.CHANGED
        registry_moved = now != (listed if was_registry is MISSING else was_registry)
    agrees = now == listed
    registry = {
        (False, True): R.UNMOVED_AGREES,
        (False, False): R.UNMOVED_DIFFERS,
        (True, True): R.MOVED_AGREES,
        (True, False): R.MOVED_DIFFERS,
    }[(registry_moved, agrees)]
    setter = Setter.PERSON if by_person else Setter.LIST
    return THREE_WAY.get((side, registry, setter)) or THREE_WAY[(side, registry, ANY)]


MISSING: Any = object()
