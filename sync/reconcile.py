"""List now, baseline, registry now -> a plan of items (the contract's three-way reconciliation).

Pure: it reads the registry's side and the list's records and decides, changing neither; :mod:`sync.apply`
carries the plan out. Rows are paired with designations (:mod:`sync.match`), each pair compared field by
field by the rule of :mod:`sync.three_way`, rows without a designation given one (of the contact that is the
same person, :mod:`sync.identity`, or of a new one), designations without a row ended; the plan is then
checked against the database's rules (:mod:`sync.constraints`).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Set
from typing import Any

from registry.conventions import SINGLE_HOLDER_ROLES
from registry.syncruns.actions import SyncAction
from registry.syncruns.report import FieldValues
from sync.constraints import check_plan
from sync.fields import API_NAMES, display, list_values, report_fields, shown_key
from sync.identity import PersonIndex, identity_of, shared_details
from sync.match import Candidate, match_designations
from sync.plan import Plan, PlanItem, RegistrySide
from sync.records import ListRecord, Person, RowWarning
from sync.three_way import MISSING, Outcome, outcome


def reconcile(
    convention: str,
    records: list[ListRecord],
    sides: list[RegistrySide],
    people: PersonIndex,
    contacts: Mapping[Hashable, RegistrySide],
    layout: str,
    unreadable: Set[tuple[str, str]] = frozenset(),
) -> Plan:
    """The plan for one convention's list against the registry (``people`` is read, never changed).

    ``sides`` are the convention's registry designations (current ones, and ended ones the last run read);
    ``people`` indexes every contact of the parties by identity, and ``contacts`` gives, by contact id, the
    contact projected onto this list (as a RegistrySide) for designations the plan adds to a known contact.
    Designations of a ``(party, role)`` in ``unreadable`` (the list has a row for it that could not be read)
    are left alone rather than ended. The plan is checked against the rules the database holds
    (:func:`sync.constraints.check_plan`): what it would refuse is a warning for that row, never a failure
    of the whole list.
    """
    plan = Plan(convention, baselined=sum(1 for s in sides if s.baseline is not None))
    people = people.copy()
    people.shared = shared_details(people.descriptions(), ((r.party, identity_of(r.person)) for r in records))
    candidates = [_candidate(side) for side in sides]
    by_key = {id(c): side for c, side in zip(candidates, sides, strict=True)}
    values = [list_values(record, layout) for record in records]
    matching = match_designations(records, candidates, people.shared, values)
    for index, message in matching.ambiguous:
        plan.warnings.append(RowWarning("ambiguous_match", message, records[index].source_ref))
    for index, candidate in matching.pairs:
        side = by_key[id(candidate)]
        plan.items.extend(_compare(records[index], side, layout))
        # What this list says of the contact now also describes it (a later row may name it again).
        people.add(side.contact_id, side.party, identity_of(records[index].person))
    for candidate in matching.unmatched_candidates:
        side = by_key[id(candidate)]
        if (side.party, side.role) in unreadable and not side.ended:
            plan.items.append(PlanItem(SyncAction.UNCHANGED, None, side))
            continue
        plan.items.append(_missing(side))
    taken = _taken(plan, [by_key[id(c)] for c in matching.held])
    for index in sorted(matching.unmatched_records):
        record = records[index]
        slot = (record.party, record.role)
        if slot in taken:
            plan.items.append(_second_holder(record, taken[slot], people))
            continue
        plan.items.append(_added(record, people, plan, contacts, layout))
        if record.role in SINGLE_HOLDER_ROLES:
            taken[slot] = None  # now held by this row's new designation
    check_plan(plan, sides)
    return plan


def _taken(plan: Plan, held: list[RegistrySide]) -> dict[tuple[str, str], RegistrySide | None]:
    """Roles held once per party that stay held after this plan (a current holder the list does not end)."""
    staying = [i.side for i in plan.items if i.side and i.action is not SyncAction.REMOVED] + held
    taken: dict[tuple[str, str], RegistrySide | None] = {
        (s.party, s.role): s for s in staying if s.role in SINGLE_HOLDER_ROLES and not s.ended
    }
    return taken


def _second_holder(record: ListRecord, holder: RegistrySide | None, people: PersonIndex) -> PlanItem:
    """The list names someone new for a role the party holds once, while the registry keeps its holder
    (edited by a person, or ambiguous): reported, not applied; the database would refuse it anyway. The item
    names the holder, and the contact the list's person already is (if any), for whoever settles it."""
    current = (
        " ".join(p for p in (holder.person.given_name, holder.person.family_name) if p) if holder else ""
    )
    listed = " ".join(p for p in (record.person.given_name, record.person.family_name) if p)
    fields: dict[str, FieldValues] = {
        "holder": {"registry": current or "another row of this list", "list": listed}
    }
    known, _ = people.find(record.party, identity_of(record.person))
    item = PlanItem(SyncAction.CONFLICT, record, None, fields=fields, holder=holder)
    item.contact = known if isinstance(known, int) else None
    return item


def _candidate(side: RegistrySide) -> Candidate:
    # Compared with what the list said last time (the registry may have moved on since).
    identity = side.baseline.identity if side.baseline is not None else identity_of(side.person)
    scope = side.scope or "" if side.role == "CA" else ""
    kept = side.baseline.fields if side.baseline is not None else {}
    return Candidate(side.designation_id, side.party, side.role, identity, side.source_key, scope, kept)


def _compare(record: ListRecord, side: RegistrySide, layout: str) -> list[PlanItem]:
    if side.ended:
        return [PlanItem(SyncAction.REGISTRY_AHEAD, record, side, fields=ENDED)]
    listed = list_values(record, layout)
    if _unchanged(listed, side):
        return [PlanItem(SyncAction.UNCHANGED, record, side, advance=list(listed))]
    outcomes = {f: _outcome(f, listed[f], side) for f in listed}
    for name, found in outcomes.items():
        # Keys that differ while the values read alike would report the same value on both sides: noise.
        if found not in (Outcome.SAME, Outcome.ALREADY) and _reads_alike(name, side, record):
            outcomes[name] = Outcome.SAME
    # One baseline per designation: fields that agree or were applied advance; the others keep theirs.
    advance = [f for f, o in outcomes.items() if o in (Outcome.APPLY, Outcome.ALREADY, Outcome.SAME)]
    write = [f for f, o in outcomes.items() if o is Outcome.APPLY]
    items = []
    for action, kinds in ITEM_OF:
        names = [f for f, o in outcomes.items() if o in kinds]
        if names:
            already = [f for f in names if outcomes[f] is Outcome.ALREADY]
            fields = _fields(names, side, record, previous=already)
            item = PlanItem(action, record, side, fields, advance=advance, compared=names)
            item.write = write if action is SyncAction.CHANGED else []
            items.append(item)
    return items or [PlanItem(SyncAction.UNCHANGED, record, side, advance=advance)]


def _unchanged(listed: dict[str, Any], side: RegistrySide) -> bool:
    """Whether the list, its baseline and the registry agree on every field the list gives: each field's
    outcome is then :attr:`Outcome.SAME` (the first test of :func:`sync.three_way.outcome`), as for most
    rows on most nights, and the row is unchanged whatever its setters."""
    if side.baseline is None:
        return False
    now, was = side.registry, side.baseline.fields
    return all(value == now.get(name) and value == was.get(name, MISSING) for name, value in listed.items())


# The item each field's outcome makes; a designation whose fields go several ways gives several items.
ITEM_OF = (
    (SyncAction.CHANGED, (Outcome.APPLY, Outcome.ALREADY)),
    (SyncAction.CONFLICT, (Outcome.CONFLICT,)),
    (SyncAction.REGISTRY_AHEAD, (Outcome.AHEAD,)),
)


def _outcome(name: str, listed: Any, side: RegistrySide) -> Outcome:
    base = side.baseline
    was_listed = base.fields.get(name, MISSING) if base else MISSING
    was_registry = base.registry.get(name, MISSING) if base else MISSING
    # Since the last run only people change a designation's scope: once listed, any move of it is theirs.
    by_person = name in side.human or (name == "scope" and was_listed is not MISSING)
    return outcome(listed, side.registry.get(name), was_listed, was_registry, by_person)


def _reads_alike(name: str, side: RegistrySide, record: ListRecord) -> bool:
    return bool(
        shown_key(display(name, side.person, side.scope))
        == shown_key(display(name, record.person, record.scope))
    )


def _missing(side: RegistrySide) -> PlanItem:
    """A registry designation the list no longer (or never) has."""
    if side.baseline is None:
        return PlanItem(SyncAction.REGISTRY_AHEAD, None, side, fields=ABSENT)
    if side.ended:
        return PlanItem(SyncAction.UNCHANGED, None, side)
    kept = side.baseline.registry
    moved = [f for f in side.human if side.registry.get(f) != kept.get(f, side.registry.get(f))]
    if moved:
        return PlanItem(SyncAction.CONFLICT, None, side, fields=_fields(moved, side, None), compared=moved)
    return PlanItem(SyncAction.REMOVED, None, side)


def _added(
    record: ListRecord,
    people: PersonIndex,
    plan: Plan,
    contacts: Mapping[Hashable, RegistrySide],
    layout: str,
) -> PlanItem:
    """A designation the registry lacks: of a contact it has (the same person), or of a new one."""
    identity = identity_of(record.person)
    key, why = people.find(record.party, identity)
    if why:
        plan.warnings.append(RowWarning("ambiguous_match", why, record.source_ref))
    listed = list_values(record, layout)
    item = PlanItem(SyncAction.ADDED, record, None, contact=key, advance=list(listed))
    if key is None:
        item.contact = ("new", len(plan.new_contacts))
        plan.new_contacts[item.contact] = record
        people.add(item.contact, record.party, identity)
    elif key in contacts:
        # First sight of this person in this list: the list is taken, except over a person's own edits.
        known = contacts[key]
        differ = [
            f
            for f in listed
            if f != "scope" and known.registry.get(f) != listed[f] and not _reads_alike(f, known, record)
        ]
        item.write = [f for f in differ if f not in known.human]
        item.not_applied = [f for f in differ if f in known.human]
        item.fields = _fields(differ, known, record)
    return item


# A designation the registry holds, ended or current, that the list shows otherwise.
ENDED: dict[str, FieldValues] = {"ends_on": {"registry": "ended", "list": "current"}}
ABSENT: dict[str, FieldValues] = {"designation": {"registry": "current", "list": "absent"}}


def _fields(
    names: list[str], side: RegistrySide, record: ListRecord | None, previous: list[str] | None = None
) -> dict[str, FieldValues]:
    """The report's values of ``names``: the registry's and the list's; for a change another list brought
    already (``previous``), the value the list had before in place of the registry's (which is the list's)."""
    listed = record.person if record else Person()
    list_scope = record.scope if record else None
    fields = report_fields(names, side.person, side.scope, listed, list_scope)
    shown = side.baseline.shown if side.baseline else {}
    for name in previous or []:
        for api_name in API_NAMES.get(name, (name,)):
            if api_name in fields and api_name in shown:
                fields[api_name]["registry"] = shown[api_name]
    return {
        name: values
        for name, values in fields.items()
        if shown_key(values["registry"]) != shown_key(values["list"])
    }
