"""A later night (v2) drawn from the first, and the designation-level changes between the two.

At about the samples' rates: people change e-mail, phone, position or organization; roles pass to new
people or to people of the party who already hold another role; competent authorities are added and
withdrawn; DNA scopes widen (P or C to CP). The changes are then read off the two states, so that
``changes.json`` is exactly their difference: ``removed`` and ``added`` for designations (by did) that end
or begin, ``changed`` with the API names of the fields that differ (``emails``, ``phones``, ``position``,
``organization``, ``scope``) for each designation of a person who changed.
"""

from __future__ import annotations

import copy
import datetime as dt
import random

from tests.sync.generated import details
from tests.sync.generated.people import SINGLE_ROLES, Builder, Party, Record, State, folded_name

CHANGED_FIELDS = ("emails", "phones", "position", "organization")
NEW_DAYS = (dt.date(2026, 1, 1), dt.date(2026, 11, 20))
KIND_ORDER = {"removed": 0, "added": 1, "changed": 2}


def _count(rng: random.Random, total: int, rate: float) -> int:
    """``total * rate``, rounded up or down at random in proportion (so small lists change now and then)."""
    exact = total * rate
    return int(exact) + (rng.random() < exact - int(exact))


def next_night(v1: State, builder: Builder) -> tuple[State, list[Record]]:
    """The v2 state drawn from ``v1`` with ``builder``'s random stream, and ``changes.json``."""
    v2 = State(v1.parties, copy.deepcopy(v1.people), copy.deepcopy(v1.designations), list(v1.placeholders))
    builder.state = v2
    builder.reindex()
    rng = builder.rng
    parties = {p.code: p for p in v1.parties}
    for pid in rng.sample(sorted(v2.people), _count(rng, len(v2.people), 0.03)):
        _change_person(rng, v2.people[pid], parties[v2.people[pid]["party"]])
    single = [d for d in v2.designations if (d["convention"], d["role"]) in SINGLE_ROLES]
    several = [d for d in v2.designations if d["role"] in ("CA", "DNA")]
    passing = rng.sample(single, _count(rng, len(single), 0.05))
    passing += rng.sample(several, _count(rng, len(several), 0.012))
    for designation in passing:
        _hand_over(builder, designation, parties[designation["party"]])
    _authorities(builder, parties)
    # Only now are the roles that ended free again: a person holds a role once, so a role passing to someone
    # whose own designation of it ended this night would be that designation with another scope.
    kept = {d["did"] for d in v2.designations}
    for designation in v1.designations:
        if designation["did"] not in kept:
            builder.holds[designation["pid"]].discard((designation["convention"], designation["role"]))
    dnas = [d for d in v2.designations if d["role"] == "DNA" and d["scope"] in ("P", "C")]
    for designation in rng.sample(dnas, _count(rng, len(dnas), 0.02)):
        designation["scope"] = "CP"
    held = {d["pid"] for d in v2.designations}
    v2.people = {pid: p for pid, p in v2.people.items() if pid in held}
    return v2, changes(v1, v2)


def _change_person(rng: random.Random, person: Record, party: Party) -> None:
    """New values for some of a person's fields (the samples' mix of kinds)."""
    kinds = rng.choices(
        (("emails", "phones"), ("emails",), ("organization",), ("phones",), ("position",)),
        (25, 20, 20, 18, 17),
    )[0]
    if "emails" in kinds and person["family"]:
        local = person["emails"][0].split("@")[0]
        person["emails"] = [f"{local}@newgov.example", *person["emails"][1:]]
    if "phones" in kinds or ("emails" in kinds and not person["family"]):
        at = rng.randrange(len(person["phones"]))
        person["phones"] = sorted(
            {*person["phones"][:at], details.phone(rng, party.region), *person["phones"][at + 1 :]}
        )
    if "organization" in kinds:
        person["organization"] = details.other(rng, details.ORGANIZATIONS, person["organization"])
    if "position" in kinds:
        person["position"] = details.other(rng, details.POSITIONS, person["position"])


def _hand_over(builder: Builder, designation: Record, party: Party) -> None:
    """The role passes to someone else: a new person, or (a third of the time) one the party already has."""
    state = builder.state
    state.designations.remove(designation)
    old = folded_name(state.people[designation["pid"]])
    if not state.people[designation["pid"]]["family"]:  # an office: another office takes over
        pid = builder.new_person(party, named=False)
    else:
        pid = builder.holder(party, designation["convention"], designation["role"], 0.35, avoid=old)
    builder.designate(
        party,
        designation["convention"],
        designation["role"],
        pid,
        designation["scope"],
        details.date_between(builder.rng, *NEW_DAYS),
    )


def _authorities(builder: Builder, parties: dict[str, Party]) -> None:
    """Competent authorities withdrawn, and as many added (in other parties as often as not)."""
    state, rng = builder.state, builder.rng
    authorities = [d for d in state.designations if d["role"] == "CA"]
    count = _count(rng, len(authorities), 0.015)
    withdrawn = rng.sample(authorities, count)
    for designation in withdrawn:
        state.designations.remove(designation)
    with_basel = sorted({d["party"] for d in state.designations if d["convention"] == "basel"})
    for code in rng.sample(with_basel, min(count, len(with_basel))):
        party = parties[code]
        pid = builder.holder(party, "basel", "CA", 0.3)
        scope = rng.choice(("", "Transit", "Import and export"))
        builder.designate(party, "basel", "CA", pid, scope, details.date_between(rng, *NEW_DAYS))


def changes(v1: State, v2: State) -> list[Record]:
    """Every designation-level change from ``v1`` to ``v2``, as ``truth/changes.json`` lists them."""
    before = {d["did"]: d for d in v1.designations}
    after = {d["did"]: d for d in v2.designations}
    found = [_change("removed", d, v1.people[d["pid"]], []) for did, d in before.items() if did not in after]
    found += [_change("added", d, v2.people[d["pid"]], []) for did, d in after.items() if did not in before]
    for did, d in after.items():
        if did in before:
            old, new = v1.people[d["pid"]], v2.people[d["pid"]]
            fields = [f for f in CHANGED_FIELDS if old[f] != new[f]]
            fields += ["scope"] if before[did]["scope"] != d["scope"] else []
            if fields:
                found.append(_change("changed", d, new, sorted(fields)))
    return sorted(found, key=lambda c: (KIND_ORDER[c["kind"]], c["convention"], c["party"], c["role"]))


def _change(kind: str, designation: Record, person: Record, fields: list[str]) -> Record:
    return {
        "kind": kind,
        "convention": designation["convention"],
        "party": designation["party"],
        "role": designation["role"],
        "scope": designation["scope"],
        "family": person["family"],
        "given": person["given"],
        "emails": person["emails"],
        "fields": fields,
    }
