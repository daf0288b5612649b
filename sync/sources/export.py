"""Each convention's list written from the registry, in that list's own columns (the inverse of parse).

A row per current designation, as the secretariat's own export would have it: what the sync reads back
from these rows gives the same designations (see the round-trip test).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from registry.contacts.models import Contact
from registry.designations.models import Designation
from sync.normalize import address_line
from sync.sources import basel, rotterdam

# A stable id for a designation with no Stockholm GUID yet (made in the registry): the same on every export.
_NAMESPACE = uuid.UUID("6f1c3a52-5b0e-4f7e-9d1e-0c9b3f4a2d10")
ROLE_WORDS = {
    ("basel", "FP"): "Focal Point",
    ("basel", "CA"): "Competent Authority",
    ("rotterdam", "DNA"): "DNA",
    ("rotterdam", "OCP"): "OCP",
    ("stockholm", "OCP"): "Official Contact Point",
    ("stockholm", "NFP"): "National Focal Point",
}
STOCKHOLM_COLUMNS = (
    "id", "country", "prefix", "firstName", "lastName", "position", "institution", "department", "address",
    "email", "phoneNumber", "fax", "type", "primary", "updated", "treaties",
)  # fmt: skip


@dataclass(frozen=True)
class Table:
    """A list as a header and rows of cells (text, numbers, booleans, lists for JSON)."""

    title: str
    header: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def _joined(values: Iterable[str]) -> str:
    return "; ".join(values)


def _party_name(designation: Designation, names: dict[str, str]) -> str:
    return names.get(designation.party_code, designation.party_code)


def basel_table(designations: list[Designation], names: dict[str, str]) -> Table:
    rows = []
    for d in designations:
        c = d.contact
        cells = {
            "Country": _party_name(d, names),
            "Type": ROLE_WORDS[("basel", d.role)],
            "Title": c.title, "First Name": c.given_name, "Last Name": c.family_name, "Position": c.position,
            "Department": c.department, "Institution": c.organization, "Address": c.street, "City": c.city,
            "Postal Code": c.postal_code, "Telephone": _joined([*c.phones, *c.unparsed_phones]),
            "Fax": _joined(c.faxes), "Email": _joined(c.emails), "Website": c.website, "Scope": d.scope,
            basel.LAST_UPDATED: d.starts_on.isoformat(),
        }  # fmt: skip
        rows.append(tuple(cells[column] or None for column in basel.COLUMNS))
    return Table(
        "Basel Convention - Country contacts (focal points and competent authorities)", basel.COLUMNS, rows
    )


def _full_name(c: Contact) -> str:
    return " ".join(p for p in (c.title, c.given_name, (c.family_name or "").upper() or None) if p)


def _rotterdam_address(c: Contact) -> str:
    parts = [c.department, c.organization, address_line(c.street, c.postal_code, c.city)]
    return ", ".join(p for p in parts if p)


def rotterdam_table(designations: list[Designation], names: dict[str, str]) -> Table:
    rows = []
    for d in designations:
        c = d.contact
        cells = {
            rotterdam.ISO3: d.party_code, rotterdam.COUNTRY: _party_name(d, names),
            "Contact role": ROLE_WORDS[("rotterdam", d.role)], "DNA type": d.scope if d.role == "DNA" else "",
            "Full name": _full_name(c), "Position": c.position, "Organization": c.organization,
            "Address": _rotterdam_address(c), "Phone": _joined([*c.phones, *c.unparsed_phones]),
            "Fax": _joined(c.faxes), "Email": _joined(c.emails),
            rotterdam.DESIGNATION_DATE: d.starts_on.strftime("%d/%m/%Y"),
        }  # fmt: skip
        rows.append(tuple(cells[column] or "" for column in rotterdam.COLUMNS))
    return Table(
        "Rotterdam Convention - Designated national authorities and official contact points",
        rotterdam.COLUMNS,
        rows,
    )


def _ms(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp() * 1000)


def stockholm_record(d: Designation, alpha2: dict[str, str], convention: str = "stockholm") -> dict[str, Any]:
    """The InforMEA contact entity for one designation (the Stockholm list's record)."""
    c = d.contact
    return {
        "id": d.source_key or str(uuid.uuid5(_NAMESPACE, f"designation-{d.id}")),
        "country": alpha2.get(d.party_code, d.party_code[:2]),
        "prefix": c.title, "firstName": c.given_name, "lastName": c.family_name, "position": c.position,
        "institution": c.organization, "department": c.department,
        "address": address_line(c.street, c.postal_code, c.city),
        "email": _joined(c.emails) or None, "phoneNumber": _joined([*c.phones, *c.unparsed_phones]) or None,
        "fax": _joined(c.faxes) or None,
        "type": ROLE_WORDS.get((convention, d.role), d.role),
        "primary": d.role in ("OCP", "FP"),
        "updated": f"/Date({_ms(max(d.starts_on, c.updated_at.date()))})/",
        "treaties": [{"treaty": convention}],
    }  # fmt: skip


def stockholm_table(designations: list[Designation], alpha2: dict[str, str]) -> Table:
    rows = [tuple(stockholm_record(d, alpha2).values()) for d in designations]
    return Table(
        "Stockholm Convention - Official contact points and national focal points", STOCKHOLM_COLUMNS, rows
    )
