"""Seed the party table: every ISO 3166-1 country (from pycountry), the European Union, and their aliases."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pycountry
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.parties.models import Party, PartyAlias
from registry.parties.names import ALIASES, EUROPEAN_UNION, UN_NAMES
from registry.parties.regions import party_regions
from registry.text import key


@dataclass(frozen=True)
class PartySeed:
    code: str
    alpha2: str
    name: str
    kind: str
    names: tuple[str, ...]


def party_seeds() -> Iterator[PartySeed]:
    """Every country pycountry knows and the EU, each with every name it goes by."""
    for country in pycountry.countries:
        code = country.alpha_3
        iso_names = [getattr(country, attr, None) for attr in ("name", "common_name", "official_name")]
        name = UN_NAMES.get(code, country.name)
        names = (name, *[n for n in iso_names if n], *ALIASES.get(code, ()))
        yield PartySeed(code, country.alpha_2, name, "state", names)
    eu = EUROPEAN_UNION
    yield PartySeed(eu["code"], eu["alpha2"], eu["name"], eu["kind"], (eu["name"], *ALIASES["EUU"]))


def seed_parties(session: Session) -> int:
    """Insert the parties and aliases that are missing; returns how many parties were added.

    Idempotent: existing parties keep their names (a parties file may have set them), new aliases are added,
    and every party's region is set from the regions file (:func:`seed_regions`).
    """
    existing = {p.code: p for p in session.scalars(select(Party))}
    taken = set(session.scalars(select(PartyAlias.key)))
    seeds = list(party_seeds())
    new = [
        Party(code=s.code, alpha2=s.alpha2, name=s.name, kind=s.kind) for s in seeds if s.code not in existing
    ]
    session.add_all(new)
    session.flush()
    for seed in seeds:
        for name in seed.names:
            alias_key = key(name)
            if alias_key and alias_key not in taken:
                session.add(PartyAlias(party_code=seed.code, alias=name, key=alias_key))
                taken.add(alias_key)
    session.flush()
    seed_regions(session)
    return len(new)


def seed_regions(session: Session) -> int:
    """Set every party's UN regional group from the regions file (a party it does not name has none);
    returns how many changed. The file is the reference: a region is never edited by hand."""
    regions = party_regions()
    changed = 0
    for party in session.scalars(select(Party)):
        region = regions.get(party.code)
        if party.region != region:
            party.region = region
            changed += 1
    session.flush()
    return changed
