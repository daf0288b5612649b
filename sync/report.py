"""The sync report, in the contract's JSON shape, and the summary table printed after a run."""

from __future__ import annotations

from registry.syncruns.actions import COUNTED, REPORTED, SyncAction
from registry.syncruns.report import ConventionReport, ItemReport, RunReport, SourceReport
from sync.plan import Plan, PlanItem
from sync.records import RowWarning

# Conflicts and registry_ahead first: they are what a person must look at.
ORDER = {str(action): n for n, action in enumerate(REPORTED)}


def convention_report(
    status: str,
    *,
    source: SourceReport,
    plan: Plan | None = None,
    warnings: list[RowWarning] | None = None,
    error: str | None = None,
    applied: bool = False,
) -> ConventionReport:
    """One convention's part of the report."""
    warnings = list(warnings or []) + (plan.warnings if plan else [])
    items = [item_report(i, applied) for i in (plan.items if plan else []) if i.action in REPORTED]
    items.sort(key=lambda i: (ORDER.get(i["action"], 9), i["party"], i["role"], i["source_ref"] or ""))
    summary = {str(action): plan.count(action) if plan else 0 for action in COUNTED}
    summary["warnings"] = len(warnings)
    return {
        "status": status,
        "error": error,
        "source": source,
        "summary": summary,
        "items": items,
        "warnings": [{"code": w.code, "message": w.message, "source_ref": w.source_ref} for w in warnings],
    }


def item_report(item: PlanItem, applied: bool) -> ItemReport:
    side, record = item.side, item.record
    # The contact as it is after the item: the list's for what is applied, the registry's for the rest.
    listed = item.action in (SyncAction.ADDED, SyncAction.CHANGED)
    person = record.person if record and listed else (side.person if side else None)
    party = record.party if record else side.party if side else None
    role = record.role if record else side.role if side else None
    scope = record.scope if record else side.scope if side else None
    report: ItemReport = {
        "action": str(item.action),
        "party": party,
        "role": role,
        "scope": scope,
        "designation_id": side.designation_id if side else item.designation_id,
        "contact_id": side.contact_id if side else item.contact_id,
        "contact": {
            "title": person.title if person else None,
            "given_name": person.given_name if person else None,
            "family_name": person.family_name if person else None,
            "organization": person.organization if person else None,
            "emails": list(person.emails) if person else [],
        },
        "fields": item.fields,
        "applied": applied and item.applies,
        "source_ref": record.source_ref if record else _previous_ref(item),
    }
    if item.not_applied:
        report["not_applied"] = item.not_applied
    if item.refused:
        report["refused"] = item.refused
    return report


def _previous_ref(item: PlanItem) -> str | None:
    baseline = item.side.baseline if item.side else None
    ref = baseline.source_ref if baseline else None
    return f"{ref} (previous list)" if ref else None


def run_status(statuses: list[str]) -> str:
    """ok when every convention is ok, failed when none is, partial otherwise."""
    if all(s == "ok" for s in statuses):
        return "ok"
    if all(s == "failed" for s in statuses):
        return "failed"
    return "partial"


def summary_table(report: RunReport) -> str:
    """The table printed at the end of a run: one line per convention."""
    columns = (*COUNTED, "warnings")
    head = f"{'convention':<11}{'status':<8}{'records':>8}" + "".join(f"{c:>15}" for c in columns)
    lines = [head, "-" * len(head)]
    for name, part in report["conventions"].items():
        records = part["source"].get("records") if part["source"] else None
        row = f"{name:<11}{part['status']:<8}{records if records is not None else '-':>8}"
        row += "".join(f"{part['summary'].get(c, 0):>15}" for c in columns)
        lines.append(row)
        if part["error"]:
            lines.append(f"  {name}: {part['error']}")
    lines.append(f"run {report['run_id']} ({report['mode']}): {report['status']}")
    return "\n".join(lines)
