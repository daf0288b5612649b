"""sync.constraints: what the database would refuse is taken out of a plan, with a warning for its row."""

from __future__ import annotations

from dataclasses import replace

from registry.syncruns.actions import SyncAction
from sync.constraints import check_plan
from sync.plan import Plan, PlanItem
from tests.sync.unit.build import baseline, person, record, side

AMINA = person()


def _added(contact: object, ref: str, role: str = "CA", source_id: str | None = None) -> PlanItem:
    return PlanItem(SyncAction.ADDED, record(AMINA, role=role, ref=ref, source_id=source_id), contact=contact)


def test_check_plan_keeps_a_valid_addition() -> None:
    plan = Plan("basel", items=[_added(7, "row 5")])
    check_plan(plan, [])
    assert [i.action for i in plan.items] == ["added"]
    assert plan.warnings == []


def test_check_plan_refuses_a_second_current_role_for_one_contact() -> None:
    holding = side(AMINA, base=baseline(AMINA), role="CA", contact_id=7)
    plan = Plan(
        "basel", items=[PlanItem(SyncAction.UNCHANGED, record(AMINA, role="CA"), holding), _added(7, "row 9")]
    )
    check_plan(plan, [holding])
    assert [i.action for i in plan.items] == ["unchanged"]
    assert [(w.code, w.source_ref) for w in plan.warnings] == [("duplicate", "row 9")]


def test_check_plan_allows_the_role_of_a_designation_the_plan_ends() -> None:
    ending = side(AMINA, base=baseline(AMINA), role="CA", contact_id=7)
    plan = Plan("basel", items=[PlanItem(SyncAction.REMOVED, None, ending), _added(7, "row 9")])
    check_plan(plan, [ending])
    assert [i.action for i in plan.items] == ["removed", "added"]


def test_check_plan_refuses_one_new_contact_twice_in_one_role_and_forgets_it_when_unused() -> None:
    plan = Plan("basel", items=[_added(("new", 0), "row 5"), _added(("new", 0), "row 6")])
    plan.new_contacts = {("new", 0): record(AMINA)}
    check_plan(plan, [])
    assert [i.record.source_ref for i in plan.items if i.record] == ["row 5"]
    assert list(plan.new_contacts) == [("new", 0)]


def test_check_plan_refuses_a_list_id_held_by_another_designation() -> None:
    holder = replace(side(person(given_name="Mary"), base=baseline(AMINA), contact_id=8), source_key="guid-1")
    plan = Plan("stockholm", items=[_added(7, "id guid-1", role="OCP", source_id="guid-1")])
    check_plan(plan, [holder])
    assert plan.items == []
    assert "guid-1" in plan.warnings[0].message


def test_plan_losses_do_not_count_a_role_passing_to_another_person() -> None:
    old = side(AMINA, base=baseline(AMINA), role="FP")
    plan = Plan(
        "basel", items=[PlanItem(SyncAction.REMOVED, None, old), _added(("new", 0), "row 5", role="FP")]
    )
    assert plan.losses() == 0


def test_plan_losses_count_a_removal_without_a_successor() -> None:
    old = side(AMINA, base=baseline(AMINA), role="CA")
    plan = Plan(
        "basel", items=[PlanItem(SyncAction.REMOVED, None, old), _added(("new", 0), "row 5", role="FP")]
    )
    assert plan.losses() == 1
