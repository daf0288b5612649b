"""The change log: one row per change to a contact or a designation, written in the changing transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.db import Base, JSONType, Timestamp

# The history's sequence numbers are PostgreSQL bigints.
MAX_SEQ = 2**63 - 1
KINDS: tuple[str, ...] = ("created", "updated", "ended")
RESOURCES: tuple[str, ...] = ("contact", "designation")


class Change(Base):
    """A change: ``fields`` maps each changed field to ``[old, new]``; ``state`` is the resource after it.

    ``seq`` increases in commit order (see :mod:`registry.audit.services`), so a feed consumer that resumes
    after the last ``seq`` it saw never misses or repeats a change. Rows are only ever inserted.
    """

    __tablename__ = "changes"
    __table_args__ = (
        CheckConstraint("kind IN ('created', 'updated', 'ended')", name="kind"),
        CheckConstraint("resource IN ('contact', 'designation')", name="resource"),
        Index("ix_changes_resource", "resource", "resource_id", "seq"),
        Index("ix_changes_party_at", "party_code", "at"),
        # The feed from a time (``since``) and the recent changes page, a day at a time.
        Index("ix_changes_at", "at"),
    )

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    at: Mapped[Timestamp]
    kind: Mapped[str] = mapped_column(String(8))
    resource: Mapped[str] = mapped_column(String(12))
    resource_id: Mapped[int]
    party_code: Mapped[str] = mapped_column(String(3))
    fields: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    state: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    actor: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
