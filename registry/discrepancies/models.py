"""A discrepancy: one designation on which the registry and one convention's list disagree after a run.

The database holds its rules: one open discrepancy of a kind per designation and convention (a partial unique
index: two runs, or a run and a retry, racing to open the same one cannot both succeed), and a resolution
exactly when it is resolved (a check constraint).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.conventions import CONVENTIONS, LabelledEnum, sql_in
from registry.db import Base, JSONType, Timestamp, UTCDateTime, partial_unique_index


class DiscrepancyKind(LabelledEnum):
    CONFLICT = "conflict", _l("Conflict")
    REGISTRY_AHEAD = "registry_ahead", _l("List out of date")


class DiscrepancyStatus(LabelledEnum):
    OPEN = "open", _l("open")
    RESOLVED = "resolved", _l("resolved")


class Keep(LabelledEnum):
    """Whose values stand after a resolution."""

    LIST = "list", _l("the list's values")
    REGISTRY = "registry", _l("the registry's values")


KINDS: tuple[str, ...] = tuple(k.value for k in DiscrepancyKind)
STATUSES: tuple[str, ...] = tuple(s.value for s in DiscrepancyStatus)
KEEPS: tuple[str, ...] = tuple(k.value for k in Keep)
_OPEN = "status = 'open'"


class Discrepancy(Base):
    """A disagreement of the registry and a list on one designation.

    ``fields`` holds, by API field name, the registry's, the list's and the baseline's values as the last run
    that saw it found them. ``settlement`` holds, for each way a person may settle a conflict (``list``,
    ``registry``), the steps that carry it out (:mod:`registry.discrepancies.settle`), computed by that run.
    ``signature`` tells one list value from another where there is no baseline to move (a list naming another
    holder of a role held once): a resolution kept with it stops the same values from reopening it.
    """

    __tablename__ = "discrepancies"
    __table_args__ = (
        CheckConstraint(f"kind IN {sql_in(KINDS)}", name="kind"),
        CheckConstraint(f"status IN {sql_in(STATUSES)}", name="status"),
        CheckConstraint(f"convention IN {sql_in(CONVENTIONS)}", name="convention"),
        CheckConstraint(f"keep IS NULL OR keep IN {sql_in(KEEPS)}", name="keep"),
        CheckConstraint(
            "(status = 'open' AND keep IS NULL AND resolved_at IS NULL)"
            " OR (status = 'resolved' AND keep IS NOT NULL AND resolved_at IS NOT NULL)",
            name="resolution",
        ),
        partial_unique_index("uq_discrepancies_open", "designation_id", "convention", "kind", where=_OPEN),
        Index("ix_discrepancies_convention_status_kind", "convention", "status", "kind"),
        Index("ix_discrepancies_party_code", "party_code"),
        Index("ix_discrepancies_designation_id", "designation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(14))
    status: Mapped[str] = mapped_column(String(8), default="open")
    convention: Mapped[str] = mapped_column(String(10))
    party_code: Mapped[str] = mapped_column(ForeignKey("parties.code"))
    role: Mapped[str] = mapped_column(String(3))
    designation_id: Mapped[int] = mapped_column(ForeignKey("designations.id"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    contact: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    fields: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    settlement: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    signature: Mapped[str | None] = mapped_column(String(64))
    first_run_id: Mapped[str] = mapped_column(ForeignKey("sync_runs.id"))
    first_seen_at: Mapped[Timestamp]
    last_run_id: Mapped[str] = mapped_column(ForeignKey("sync_runs.id"))
    last_seen_at: Mapped[Timestamp]
    keep: Mapped[str | None] = mapped_column(String(8))
    resolved_by: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_open(self) -> bool:
        return self.status == DiscrepancyStatus.OPEN
