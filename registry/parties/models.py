"""Parties, the names the lists give them, and their status under each convention."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.conventions import CONVENTIONS, PARTY_STATUSES, sql_in
from registry.db import Base
from registry.parties.regions import REGIONS


class Party(Base):
    """A state (ISO 3166-1 alpha-3 code) or a regional economic integration organization (the EU, ``EUU``)."""

    __tablename__ = "parties"
    __table_args__ = (
        CheckConstraint("kind IN ('state', 'reio')", name="kind"),
        CheckConstraint("length(code) = 3 AND code = upper(code)", name="code_alpha3"),
        CheckConstraint("length(alpha2) = 2 AND alpha2 = upper(alpha2)", name="alpha2_format"),
        CheckConstraint(f"region IN {sql_in(REGIONS)}", name="region"),
    )

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    alpha2: Mapped[str] = mapped_column(String(2), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(5), default="state")
    # Its UN regional group (registry/data/regions.csv); None for the EU and for codes in no group.
    region: Mapped[str | None] = mapped_column(String(40))

    statuses: Mapped[list[PartyStatus]] = relationship(
        back_populates="party",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="PartyStatus.convention",
    )
    aliases: Mapped[list[PartyAlias]] = relationship(back_populates="party", cascade="all, delete-orphan")

    def status(self, convention: str) -> str:
        """``party``, ``signatory`` or ``non_party`` (a party with no recorded status is a non-party)."""
        for status in self.statuses:
            if status.convention == convention:
                return status.status
        return "non_party"


class PartyStatus(Base):
    """Whether a party is party to one convention, a signatory, or neither."""

    __tablename__ = "party_statuses"
    __table_args__ = (
        CheckConstraint(f"convention IN {sql_in(CONVENTIONS)}", name="convention"),
        CheckConstraint(f"status IN {sql_in(PARTY_STATUSES)}", name="status"),
    )

    party_code: Mapped[str] = mapped_column(ForeignKey("parties.code", ondelete="CASCADE"), primary_key=True)
    convention: Mapped[str] = mapped_column(String(10), primary_key=True)
    status: Mapped[str] = mapped_column(String(10))

    party: Mapped[Party] = relationship(back_populates="statuses")


class PartyAlias(Base):
    """A name a list uses for a party; ``key`` is the name folded for look-up (case, accents, punctuation)."""

    __tablename__ = "party_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    party_code: Mapped[str] = mapped_column(ForeignKey("parties.code", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200), unique=True)

    party: Mapped[Party] = relationship(back_populates="aliases")
