"""Small builders of sync records for the unit tests: plain values, no database."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sync.fields import list_values, shown_values
from sync.identity import identity_of
from sync.plan import Baseline, RegistrySide
from sync.prepare import PartyFacts
from sync.records import ListRecord, Person, RawRecord
from sync.sources import BaselSource, RotterdamSource

# What a Basel (a Rotterdam) row covers: the sources' own sets.
BASEL_COVERS = BaselSource.covers
ROTTERDAM_COVERS = RotterdamSource.covers
LAYOUT = "parts"

COUNTRIES = {"kenya": "KEN", "ke": "KEN", "ken": "KEN", "switzerland": "CHE", "ch": "CHE", "che": "CHE"}


def facts() -> PartyFacts:
    """Kenya, a party to all three conventions, and Switzerland, here a party to Basel only."""
    return PartyFacts(
        resolve=lambda country: COUNTRIES.get((country or "").strip().casefold()),
        regions={"KEN": "KE", "CHE": "CH"},
        parties_to={
            "KEN": frozenset({"basel", "rotterdam", "stockholm"}),
            "CHE": frozenset({"basel"}),
        },
    )


def raw(convention: str = "basel", source_ref: str = "row 5", **cells: Any) -> RawRecord:
    """A row of ``convention``'s list: Kenya's focal point Dr. Amina Wanjiku, unless ``cells`` differ."""
    defaults: dict[str, Any] = {"country": "Kenya", "role": "Focal Point"}
    if "full_name" not in cells:
        defaults |= {"title": "Dr.", "given_name": "Amina", "family_name": "WANJIKU"}
    return RawRecord(convention, source_ref, **(defaults | cells))


def person(**fields: Any) -> Person:
    """Dr. Amina Wanjiku of the Ministry of Environment, as a Basel row gives her."""
    values: dict[str, Any] = {
        "title": "Dr.",
        "given_name": "Amina",
        "family_name": "Wanjiku",
        "organization": "Ministry of Environment",
        "emails": ("amina@env.example",),
        "covers": BASEL_COVERS,
    }
    return Person(**(values | fields))


def record(p: Person | None = None, *, role: str = "FP", ref: str = "row 5", **fields: Any) -> ListRecord:
    """A Basel record of Kenya for ``p`` (default: :func:`person`)."""
    values: dict[str, Any] = {"convention": "basel", "source_ref": ref, "party": "KEN", "role": role}
    return ListRecord(person=p or person(), **(values | fields))


def values(p: Person, scope: str | None = None) -> dict[str, Any]:
    """The comparable values of ``p`` as a Basel list would give them."""
    return list_values(record(replace(p, covers=BASEL_COVERS), scope=scope), LAYOUT)


def baseline(listed: Person, registry: Person | None = None, scope: str | None = None) -> Baseline:
    """What the last run kept: the list's values (``listed``, ``scope``) and the registry's."""
    return Baseline(
        fields=values(listed, scope),
        registry=values(registry or listed, scope),
        identity=identity_of(listed),
        source_ref="row 5",
        shown=shown_values(record(replace(listed, covers=BASEL_COVERS), scope=scope)),
    )


def side(
    now: Person,
    *,
    base: Baseline | None = None,
    human: frozenset[str] = frozenset(),
    designation_id: int = 12,
    contact_id: int = 7,
    role: str = "FP",
    scope: str | None = None,
    ended: bool = False,
) -> RegistrySide:
    """A registry designation of Kenya held by ``now``, with a baseline ``base`` (``None``: never listed)."""
    return RegistrySide(
        designation_id=designation_id,
        contact_id=contact_id,
        party="KEN",
        role=role,
        scope=scope,
        ended=ended,
        source_key=None,
        person=now,
        registry=values(now, scope),
        human=human,
        baseline=base,
    )
