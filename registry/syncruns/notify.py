"""The summary of a sync run that each secretariat gets by e-mail (``registry sync run --notify``).

Each active secretariat user gets one message covering the run's conventions it works on (all of them for a
secretariat of every convention): what failed or was held and why, the counts, and the discrepancies the run
opened, each with its link; and how many conflicts wait for a person. Links are absolute under
``REGISTRY_BASE_URL``; without it the message gives the paths and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.auth.models import User
from registry.contacts.fields import LABELS as CONTACT_LABELS
from registry.conventions import ROLE_CODES, Convention, Role
from registry.designations.fields import LABELS as DESIGNATION_LABELS
from registry.discrepancies.models import Discrepancy, DiscrepancyKind
from registry.discrepancies.services import open_count, opened_by
from registry.mail import Delivery, mailer_for
from registry.syncruns.report import ConventionReport, RunReport

MESSAGE = "sync_summary"
# The pages a message links to (the registry's web pages; the mail is built outside any request).
RUN_PAGE = "/sync/runs/{run_id}"
DISCREPANCY_PAGE = "/discrepancies/{id}"
DISCREPANCIES_PAGE = "/discrepancies?convention={convention}"
# The words of a run's and a convention's status, as the sync reports' pages say them.
STATUSES = {
    "running": _l("running"),
    "ok": _l("ok"),
    "partial": _l("partial"),
    "failed": _l("failed"),
    "held": _l("held"),
}
FIELDS = CONTACT_LABELS | DESIGNATION_LABELS


@dataclass(frozen=True)
class Sent:
    """To whom a summary went, and what became of it."""

    to: str
    delivery: Delivery


def notify_secretariats(session: Session, settings: Any, report: RunReport) -> list[Sent]:
    """Mail the run's summary to every active secretariat user of its conventions; what became of each."""
    mailer = mailer_for(settings)
    opened = opened_by(session, report["run_id"])
    sent = []
    for user in secretariat_users(session):
        conventions = [c for c in report["conventions"] if user.convention in (None, c)]
        if not conventions:
            continue
        context = summary_context(session, report, conventions, opened, settings.base_url)
        sent.append(Sent(user.email, mailer.send(user.email, MESSAGE, **context)))
    return sent


def secretariat_users(session: Session) -> list[User]:
    """The secretariat users who may sign in, by e-mail address."""
    stmt = select(User).where(User.role == "secretariat", User.disabled_at.is_(None)).order_by(User.email)
    return list(session.scalars(stmt))


def summary_context(
    session: Session,
    report: RunReport,
    conventions: list[str],
    opened: list[Discrepancy],
    base_url: str | None,
) -> dict[str, Any]:
    """What the summary's templates show: the run, and each of ``conventions``' part of it."""
    site = base_url or ""
    parts = [_part(session, name, report["conventions"][name], opened, site) for name in conventions]
    return {
        "run": {
            "id": report["run_id"],
            "mode": report["mode"],
            "status": STATUSES.get(report["status"], report["status"]),
            "started_at": (report.get("started_at") or "")[:16].replace("T", " "),
        },
        "run_link": site + RUN_PAGE.format(run_id=report["run_id"]),
        "base_url": base_url,
        "parts": parts,
        "new": sum(len(part["new"]) for part in parts),
        "trouble": [part["label"] for part in parts if part["status"] != "ok"],
    }


def _part(
    session: Session, name: str, part: ConventionReport, opened: list[Discrepancy], site: str
) -> dict[str, Any]:
    new = [_discrepancy(d, site) for d in opened if d.convention == name]
    return {
        "name": name,
        "label": Convention(name).label,
        "status": part["status"],
        "status_label": STATUSES.get(part["status"], part["status"]),
        "error": part.get("error"),
        "summary": part.get("summary") or {},
        "new": new,
        "waiting": open_count(session, DiscrepancyKind.CONFLICT, [name]),
        "list_link": site + DISCREPANCIES_PAGE.format(convention=name),
    }


def _discrepancy(discrepancy: Discrepancy, site: str) -> dict[str, Any]:
    contact = discrepancy.contact or {}
    name = " ".join(p for p in (contact.get("given_name"), contact.get("family_name")) if p)
    return {
        "kind": DiscrepancyKind(discrepancy.kind).label,
        "party": discrepancy.party_code,
        "role": Role(discrepancy.role).label if discrepancy.role in ROLE_CODES else discrepancy.role,
        "who": name or contact.get("organization") or "",
        "fields": [FIELDS.get(name, name) for name in discrepancy.fields],
        "link": site + DISCREPANCY_PAGE.format(id=discrepancy.id),
    }
