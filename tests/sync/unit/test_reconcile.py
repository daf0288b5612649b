"""sync.reconcile: the contract's three-way table, one designation at a time, on hand-built RegistrySides."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from registry.syncruns.actions import SyncAction
from sync.identity import PersonIndex, identity_of
from sync.plan import Plan, PlanItem, RegistrySide
from sync.reconcile import reconcile
from sync.records import ListRecord, Person
from tests.sync.unit.build import LAYOUT, baseline, person, record, side

OLD = person(emails=("amina@env.example",))
NEW = person(emails=("amina.wanjiku@env.example",))
OTHER = person(emails=("a.wanjiku@env.example",))
EMAILS = frozenset({"emails"})


def _plan(
    records: list[ListRecord],
    sides: list[RegistrySide],
    people: PersonIndex | None = None,
    contacts: Mapping[Hashable, RegistrySide] | None = None,
) -> Plan:
    return reconcile("basel", records, sides, people or PersonIndex(), contacts or {}, LAYOUT)


def _only(plan: Plan) -> PlanItem:
    assert len(plan.items) == 1, [item.action for item in plan.items]
    return plan.items[0]


# --- list since baseline x registry since baseline ---


def test_reconcile_applies_a_list_change_when_the_registry_is_unchanged() -> None:
    item = _only(_plan([record(NEW)], [side(OLD, base=baseline(OLD))]))
    assert item.action == "changed"
    assert item.write == ["emails"]
    assert item.fields == {
        "emails": {"registry": ["amina@env.example"], "list": ["amina.wanjiku@env.example"]}
    }


def test_reconcile_reports_a_persons_edit_the_list_lacks_as_registry_ahead() -> None:
    item = _only(_plan([record(OLD)], [side(NEW, base=baseline(OLD), human=EMAILS)]))
    assert item.action == "registry_ahead"
    assert list(item.fields) == ["emails"]
    assert item.write == []


def test_reconcile_does_nothing_when_a_person_made_the_lists_change_already() -> None:
    item = _only(_plan([record(NEW)], [side(NEW, base=baseline(OLD), human=EMAILS)]))
    assert item.action == "unchanged"
    assert item.write == []
    assert "emails" in item.advance


def test_reconcile_reports_a_conflict_when_a_person_and_the_list_changed_a_field_differently() -> None:
    item = _only(_plan([record(NEW)], [side(OTHER, base=baseline(OLD), human=EMAILS)]))
    assert item.action == "conflict"
    assert item.fields == {
        "emails": {"registry": ["a.wanjiku@env.example"], "list": ["amina.wanjiku@env.example"]}
    }
    assert not item.applies


def test_reconcile_counts_a_change_another_list_made_already_as_changed_with_nothing_to_write() -> None:
    item = _only(_plan([record(NEW)], [side(NEW, base=baseline(OLD))]))
    assert item.action == "changed"
    assert item.write == []
    assert "emails" in item.advance


def test_reconcile_applies_the_list_over_a_value_another_list_set() -> None:
    item = _only(_plan([record(NEW)], [side(OTHER, base=baseline(OLD))]))
    assert item.action == "changed"
    assert item.write == ["emails"]


def test_reconcile_leaves_an_unchanged_designation_unchanged() -> None:
    item = _only(_plan([record(OLD)], [side(OLD, base=baseline(OLD))]))
    assert item.action == "unchanged"
    assert item.fields == {}


def test_reconcile_reports_only_the_fields_that_moved() -> None:
    moved = person(emails=NEW.emails, position="Director", phones=("+254207621234",))
    item = _only(_plan([record(moved)], [side(OLD, base=baseline(OLD))]))
    assert sorted(item.write) == ["emails", "phones", "position"]


def test_reconcile_reports_a_conflict_for_a_scope_both_sides_moved_apart() -> None:
    registry = side(OLD, base=baseline(OLD, scope="Coast Province"), role="CA", scope="Nairobi")
    item = _only(_plan([record(OLD, role="CA", scope="Transit")], [registry]))
    assert item.action == "conflict"
    assert list(item.fields) == ["scope"]


# --- first sight (no baseline) ---


def test_reconcile_reports_a_conflict_on_first_sight_of_a_value_a_person_set() -> None:
    item = _only(_plan([record(NEW)], [side(OTHER, human=EMAILS)]))
    assert item.action == "conflict"
    assert list(item.fields) == ["emails"]


def test_reconcile_takes_the_list_on_first_sight_of_a_value_a_list_set() -> None:
    item = _only(_plan([record(NEW)], [side(OTHER)]))
    assert item.action == "changed"
    assert item.write == ["emails"]


def test_reconcile_takes_an_equal_value_on_first_sight_as_unchanged() -> None:
    assert _only(_plan([record(OLD)], [side(OLD, human=EMAILS)])).action == "unchanged"


# --- designations on one side only ---


def test_reconcile_removes_a_baselined_designation_the_list_dropped() -> None:
    item = _only(_plan([], [side(OLD, base=baseline(OLD))]))
    assert item.action is SyncAction.REMOVED
    assert item.side is not None
    assert item.side.designation_id == 12


def test_reconcile_reports_a_conflict_for_a_dropped_designation_a_person_edited() -> None:
    item = _only(_plan([], [side(NEW, base=baseline(OLD), human=EMAILS)]))
    assert item.action == "conflict"
    assert list(item.fields) == ["emails"]


def test_reconcile_reports_a_designation_never_in_the_list_as_registry_ahead() -> None:
    item = _only(_plan([], [side(OLD)]))
    assert item.action == "registry_ahead"
    assert item.record is None


def test_reconcile_reports_an_ended_designation_the_list_still_has_as_registry_ahead() -> None:
    item = _only(_plan([record(OLD)], [side(OLD, base=baseline(OLD), ended=True)]))
    assert item.action == "registry_ahead"
    assert item.fields == {"ends_on": {"registry": "ended", "list": "current"}}


def test_reconcile_adds_a_designation_of_a_new_contact() -> None:
    plan = _plan([record(NEW)], [])
    item = _only(plan)
    assert item.action is SyncAction.ADDED
    assert item.contact == ("new", 0)
    assert plan.new_contacts == {("new", 0): item.record}


def test_reconcile_adds_two_designations_of_one_new_person_to_one_new_contact() -> None:
    plan = _plan([record(NEW, ref="row 5"), record(NEW, role="CA", ref="row 6")], [])
    assert [(item.action, item.contact) for item in plan.items] == [
        ("added", ("new", 0)),
        ("added", ("new", 0)),
    ]
    assert list(plan.new_contacts) == [("new", 0)]


def test_reconcile_adds_a_designation_to_the_known_contact_writing_only_what_no_person_set() -> None:
    people = PersonIndex()
    registered = person(emails=OTHER.emails, position="Officer")
    people.add(7, "KEN", identity_of(registered))
    # The same person (e-mail and organization agree; the position differs, as one detail may).
    listed = person(emails=OTHER.emails, position="Director", phones=("+254201234567",))
    known = side(registered, designation_id=0, human=frozenset({"position"}))
    item = _only(_plan([record(listed, role="CA")], [], people, {7: known}))
    assert (item.action, item.contact) == ("added", 7)
    assert item.write == ["phones"]
    assert item.not_applied == ["position"]


def test_reconcile_warns_when_a_record_fits_two_designations_equally() -> None:
    twins = [side(OLD, base=baseline(OLD), designation_id=1), side(OLD, base=baseline(OLD), designation_id=2)]
    plan = _plan([record(OLD)], twins)
    assert [w.code for w in plan.warnings] == ["ambiguous_match"]


def test_reconcile_counts_the_baselined_designations() -> None:
    plan = _plan([], [side(OLD, base=baseline(OLD), designation_id=1), side(Person(), designation_id=2)])
    assert plan.baselined == 1
