"""A contact: one person (or an office with no named person) who may hold several designations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.contacts.fields import API_FIELDS
from registry.db import Base, JSONType, ShortText, Timestamp

if TYPE_CHECKING:
    from registry.designations.models import Designation

# Sources of the sync name the fields a list covers by these names (kept until they import API_FIELDS).
CONTACT_FIELDS = API_FIELDS


class Contact(Base):
    """A person or office of one party. E-mails, phones and faxes are ordered lists (phones in E.164).

    ``unparsed_phones`` keeps, as written, numbers a list gave that could not be read as phone numbers.
    ``sources`` records, per field, who set its current value and when (``{"phones": {"by": ..., "at":
    ...}}``).
    """

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("id", "party_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    party_code: Mapped[str] = mapped_column(ForeignKey("parties.code"), index=True)
    title: Mapped[str | None] = mapped_column(String(60))
    given_name: Mapped[ShortText]
    family_name: Mapped[ShortText]
    position: Mapped[ShortText]
    department: Mapped[ShortText]
    organization: Mapped[ShortText]
    street: Mapped[str | None] = mapped_column(Text)
    city: Mapped[ShortText]
    postal_code: Mapped[str | None] = mapped_column(String(40))
    emails: Mapped[list[str]] = mapped_column(JSONType, default=list)
    phones: Mapped[list[str]] = mapped_column(JSONType, default=list)
    faxes: Mapped[list[str]] = mapped_column(JSONType, default=list)
    unparsed_phones: Mapped[list[str]] = mapped_column(JSONType, default=list)
    website: Mapped[str | None] = mapped_column(String(500))
    search_text: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[Timestamp]
    updated_at: Mapped[Timestamp]
    version: Mapped[int] = mapped_column(default=1)

    designations: Mapped[list[Designation]] = relationship(
        primaryjoin="Contact.id == Designation.contact_id",
        foreign_keys="Designation.contact_id",
        back_populates="contact",
        order_by="Designation.id",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def current_designations(self) -> list[Designation]:
        return [d for d in self.designations if d.ends_on is None]

    @property
    def display_name(self) -> str:
        """The name as a person would write it, or the office when no one is named."""
        name = " ".join(part for part in (self.title, self.given_name, self.family_name) if part)
        return name or self.position or self.organization or f"Contact {self.id}"
