"""A designation: which contact holds which role for which party under which convention, and since when."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, ForeignKeyConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.contacts.models import Contact
from registry.conventions import CONVENTIONS, DNA_SCOPES, SINGLE_HOLDER_ROLES, role_pairs_sql, sql_in
from registry.db import Base, Timestamp, partial_unique_index

# Where a designation came from: a person (through the API, the pages or the command line), or a list.
PERSON_SOURCES: tuple[str, ...] = ("api", "web", "cli")
SOURCES: tuple[str, ...] = (*PERSON_SOURCES, *CONVENTIONS)
_CURRENT = "ends_on IS NULL"
_SINGLE = f"ends_on IS NULL AND role IN {sql_in(SINGLE_HOLDER_ROLES)}"
_KEYED = "ends_on IS NULL AND source_key IS NOT NULL"


class Designation(Base):
    """A role held by a contact. A designation ends (``ends_on``); it is never deleted.

    ``source`` says where it came from (``api``, ``web``, ``cli`` or the list of a convention); ``source_key``
    is the list's own stable id for it, where the list has one (Stockholm).
    """

    __tablename__ = "designations"
    __table_args__ = (
        CheckConstraint(f"convention IN {sql_in(CONVENTIONS)}", name="convention"),
        CheckConstraint(role_pairs_sql(), name="role_of_convention"),
        CheckConstraint(
            f"(role = 'DNA' AND coalesce(scope, '') IN {sql_in(DNA_SCOPES)}) OR role = 'CA' "
            "OR (role NOT IN ('DNA', 'CA') AND scope IS NULL)",
            name="scope_of_role",
        ),
        CheckConstraint("NOT is_transit OR role = 'CA'", name="transit_only_ca"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint(f"source IN {sql_in(SOURCES)}", name="source"),
        ForeignKeyConstraint(["contact_id", "party_code"], ["contacts.id", "contacts.party_code"]),
        partial_unique_index(
            "uq_designations_single_holder", "party_code", "convention", "role", where=_SINGLE
        ),
        partial_unique_index(
            "uq_designations_contact_role", "contact_id", "convention", "role", where=_CURRENT
        ),
        partial_unique_index("uq_designations_source_key", "convention", "source_key", where=_KEYED),
        Index("ix_designations_party_convention", "party_code", "convention"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    convention: Mapped[str] = mapped_column(String(10))
    role: Mapped[str] = mapped_column(String(3))
    party_code: Mapped[str] = mapped_column(ForeignKey("parties.code"))
    contact_id: Mapped[int] = mapped_column(index=True)
    scope: Mapped[str | None] = mapped_column(String(200))
    is_transit: Mapped[bool] = mapped_column(Boolean, default=False)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(10), default="api")
    source_key: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[Timestamp]
    updated_at: Mapped[Timestamp]
    version: Mapped[int] = mapped_column(default=1)

    contact: Mapped[Contact] = relationship(
        primaryjoin="Designation.contact_id == Contact.id",
        foreign_keys=[contact_id],
        back_populates="designations",
    )

    __mapper_args__ = {"version_id_col": version}
