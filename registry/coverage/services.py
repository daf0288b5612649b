"""Coverage: for each party, how many current holders it has of each role of each convention and when a list
or the party last confirmed them; which parties are party to a convention but hold none of a role.

Everything is read in five queries, whatever the number of parties (parties, statuses, current holders, list
confirmations, the party's own confirmations), then counted here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from registry.audit.models import Change
from registry.contacts.models import Contact
from registry.conventions import CONVENTIONS, ROLES
from registry.coverage.crossing import SharedOrganization, shared_organizations
from registry.coverage.staleness import STALENESS, staleness
from registry.designations.models import Designation
from registry.parties.models import Party, PartyStatus
from registry.syncruns.models import ListBaseline, SyncRun

RoleKey = tuple[str, str]


@dataclass(frozen=True)
class RoleCoverage:
    """A party's current holders of one role: how many, and the latest day a list or the party confirmed
    any of them (None: never)."""

    holders: int
    last_confirmed: dt.date | None


@dataclass(frozen=True)
class PartyCoverage:
    """One party: its status and roles under each convention shown, and, across all three conventions, how
    many distinct people hold its roles and which organizations serve more than one convention."""

    code: str
    name: str
    region: str | None
    status: dict[str, str]
    roles: dict[RoleKey, RoleCoverage]
    people: int
    shared_organizations: tuple[SharedOrganization, ...]

    def is_vacant(self, convention: str, role: str) -> bool:
        """Party to the convention, and no current holder of the role."""
        return self.status[convention] == "party" and self.roles[(convention, role)].holders == 0


@dataclass(frozen=True)
class RoleTotals:
    """One role over the parties shown: ``held`` and ``vacant`` count parties to the convention with at
    least one holder and with none (so they add up to the parties to it); ``non_parties`` counts the
    signatories and non-parties that designated anyway; ``staleness`` counts every holding party by the
    age of its latest confirmation."""

    held: int
    vacant: int
    non_parties: int
    staleness: dict[str, int]


@dataclass(frozen=True)
class Coverage:
    conventions: tuple[str, ...]
    region: str | None
    today: dt.date
    parties: list[PartyCoverage]
    totals: dict[RoleKey, RoleTotals]

    @property
    def roles(self) -> list[RoleKey]:
        """The roles shown, convention by convention."""
        return [(c, r) for c in self.conventions for r in ROLES[c]]


@dataclass(frozen=True)
class _Holder:
    designation_id: int
    party: str
    convention: str
    role: str
    contact_id: int
    organization: str | None


def coverage(
    session: Session, convention: str | None = None, region: str | None = None, today: dt.date | None = None
) -> Coverage:
    """Coverage of one convention (or all three), in one UN regional group (or all parties, the EU among
    them). A party is shown when it is party to or signed a convention shown, or designated under it anyway;
    ``today`` (UTC by default) dates the staleness."""
    today = today or dt.datetime.now(dt.UTC).date()
    conventions = (convention,) if convention else CONVENTIONS
    holders = _holders(session)
    confirmed = _confirmations(session, holders)
    by_party: dict[str, list[_Holder]] = defaultdict(list)
    for holder in holders:
        by_party[holder.party].append(holder)
    statuses = _statuses(session)
    parties = []
    for code, name, party_region in _parties(session, region):
        status = {c: statuses.get((code, c), "non_party") for c in conventions}
        own = by_party.get(code, [])
        if any(s != "non_party" for s in status.values()) or any(h.convention in conventions for h in own):
            roles = _roles(own, conventions, confirmed)
            people = len({h.contact_id for h in own})
            shared = shared_organizations((h.convention, h.organization) for h in own)
            parties.append(PartyCoverage(code, name, party_region, status, roles, people, shared))
    keys: list[RoleKey] = [(c, r) for c in conventions for r in ROLES[c]]
    totals = {key: role_totals(parties, key, today) for key in keys}
    return Coverage(conventions, region, today, parties, totals)


def role_totals(parties: list[PartyCoverage], key: RoleKey, today: dt.date) -> RoleTotals:
    """The totals of one role over ``parties``, staleness counted on ``today``."""
    convention = key[0]
    held = vacant = non_parties = 0
    stale = dict.fromkeys(STALENESS, 0)
    for party in parties:
        found = party.roles[key]
        if found.holders:
            stale[staleness(found.last_confirmed, today)] += 1
        if party.status[convention] != "party":
            non_parties += bool(found.holders)
        elif found.holders:
            held += 1
        else:
            vacant += 1
    return RoleTotals(held, vacant, non_parties, stale)


def _roles(
    holders: list[_Holder], conventions: tuple[str, ...], confirmed: dict[int, dt.date]
) -> dict[RoleKey, RoleCoverage]:
    roles: dict[RoleKey, RoleCoverage] = {}
    for convention in conventions:
        for role in ROLES[convention]:
            mine = [h for h in holders if (h.convention, h.role) == (convention, role)]
            days = [confirmed[h.designation_id] for h in mine if h.designation_id in confirmed]
            roles[(convention, role)] = RoleCoverage(len(mine), max(days, default=None))
    return roles


def _parties(session: Session, region: str | None) -> list[tuple[str, str, str | None]]:
    stmt = select(Party.code, Party.name, Party.region).order_by(Party.code)
    if region:
        stmt = stmt.where(Party.region == region)
    return [(code, name, party_region) for code, name, party_region in session.execute(stmt)]


def _statuses(session: Session) -> dict[tuple[str, str], str]:
    rows = session.execute(select(PartyStatus.party_code, PartyStatus.convention, PartyStatus.status))
    return {(code, convention): status for code, convention, status in rows}


def _holders(session: Session) -> list[_Holder]:
    """Every current designation, with its contact's organization."""
    stmt = (
        select(
            Designation.id,
            Designation.party_code,
            Designation.convention,
            Designation.role,
            Designation.contact_id,
            Contact.organization,
        )
        .join(Contact, Contact.id == Designation.contact_id)
        .where(Designation.ends_on.is_(None))
    )
    return [_Holder(*row) for row in session.execute(stmt)]


def _confirmations(session: Session, holders: list[_Holder]) -> dict[int, dt.date]:
    """For each current designation (``holders``) a list or its party confirmed, the day it last did.

    A list confirms a designation each time an applied run reads it (its baseline carries that run); the
    party confirms it whenever it writes the designation or the contact holding it (a change whose author
    has the ``party`` role).
    """
    current = select(Designation.id, Designation.contact_id).where(Designation.ends_on.is_(None)).subquery()
    listed = session.execute(
        select(ListBaseline.designation_id, SyncRun.started_at)
        .join(SyncRun, SyncRun.id == ListBaseline.run_id)
        .where(ListBaseline.designation_id.in_(select(current.c.id)))
    )
    days: dict[int, dt.date] = {}
    for designation_id, at in listed:
        days[designation_id] = max(at.date(), days.get(designation_id, dt.date.min))
    by_party = session.execute(
        select(Change.resource, Change.resource_id, func.max(Change.at))
        .where(Change.actor["role"].as_string() == "party")
        .where(
            or_(
                and_(Change.resource == "designation", Change.resource_id.in_(select(current.c.id))),
                and_(Change.resource == "contact", Change.resource_id.in_(select(current.c.contact_id))),
            )
        )
        .group_by(Change.resource, Change.resource_id)
    )
    party_days = {(resource, rid): at.date() for resource, rid, at in by_party}
    for holder in holders:
        candidates = [
            days.get(holder.designation_id),
            party_days.get(("designation", holder.designation_id)),
            party_days.get(("contact", holder.contact_id)),
        ]
        known = [day for day in candidates if day is not None]
        if known:
            days[holder.designation_id] = max(known)
    return days
