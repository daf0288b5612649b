"""A night's truth written as the three secretariats publish it, with the formatting noise of sources.md.

Basel: a workbook (sheet ``Contacts``, a title row, an "Extracted on" row, an empty row, the header on row 4),
a row per designation, placeholder rows first. Rotterdam: CSV with a byte-order mark, CRLF, quoted line
breaks, "Dr. Amina WANJIKU" full names, an address blob, ``dd/mm/yyyy`` dates. Stockholm: the array of
InforMEA ``Contact`` records, GUID ids stable per designation, ``/Date(ms)/``, types spelled variously, the
alpha-2 code sometimes in lower case.

Each list gets its own noise stream (``tests.sync.noise.Noise``, plus letter case of names as each language
writes capitals, see :func:`~tests.sync.generated.names.case_variants`); within a party the rows come in a
new order each time. A person's rows say the same thing in every list, noise aside.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import json
import re
import uuid
import zipfile
from typing import Any

import openpyxl
import phonenumbers

from tests.sync.generated.names import case_variants, writing_language
from tests.sync.generated.people import Record, State
from tests.sync.noise import SEPARATORS, Noise

BASEL_TITLE = "Basel Convention - Country contacts (focal points and competent authorities)"
BASEL_HEADER = (
    *("Country", "Type", "Title", "First Name", "Last Name", "Position", "Department", "Institution"),
    *("Address", "City", "Postal Code", "Telephone", "Fax", "Email", "Website", "Scope", "Last Updated"),
)
BASEL_TYPES = {"FP": "Focal Point", "CA": "Competent Authority"}
ROTTERDAM_HEADER = (
    *("ISO3", "Country", "Contact role", "DNA type", "Full name", "Position", "Organization", "Address"),
    *("Phone", "Fax", "Email", "Designation date"),
)
STOCKHOLM_TYPES = {"OCP": "Official Contact Point", "NFP": "National Focal Point"}
FIXED_TIME = (2026, 11, 1, 0, 0, 0)  # every workbook part's time stamp: the same bytes from the same seed
IDS = uuid.UUID("0b6c4f5e-2d9a-4c1e-9a57-2f3d8e61c0a4")


def noise_for(seed: int, version: str, convention: str) -> Noise:
    """The noise stream of one list of one rendering, independent of every other."""
    digest = hashlib.blake2b(f"{seed}/{version}/{convention}".encode(), digest_size=8).digest()
    return Noise(int.from_bytes(digest, "big"))


def name_case(noise: Noise, text: str | None, *, shout: float) -> str | None:
    """``text`` in one of its case variants (capitals with chance ``shout``), with white-space noise."""
    if not text:
        return text
    variants = case_variants(text, writing_language(text))
    pick = noise.random.random()
    if pick < shout:
        text = variants[1] if pick < shout * 0.6 else noise.random.choice(variants[2:])
    return noise.space(text)


def _in_party_order(noise: Noise, state: State) -> list[tuple[Record, Record]]:
    """(designation, person) pairs by party, in a new order within each party."""
    pairs = [(d, state.people[d["pid"]]) for d in state.designations]
    keys = {d["did"]: noise.random.random() for d, _ in pairs}
    return sorted(pairs, key=lambda pair: (pair[0]["party"], keys[pair[0]["did"]]))


def _cell(noise: Noise, values: list[str], kind: str) -> str | None:
    if not values:
        return None
    if kind == "emails":
        return noise.emails("; ".join(values))
    written = [noise.random.choice(phone_forms(value)) for value in values]
    if noise.chance(0.3):
        noise.random.shuffle(written)
    return noise.space(noise.random.choice(SEPARATORS).join(written))


@functools.cache
def phone_forms(e164: str) -> tuple[str, ...]:
    """The ways lists write one number (``tests.sync.noise``'s, cached: phonenumbers is slow to format)."""
    number = phonenumbers.parse(e164)
    cc, national = number.country_code, phonenumbers.national_significant_number(number)
    spaced = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    rest = spaced.split(" ", 1)[-1]
    forms = [spaced, e164, f"00{cc}{national}", f"(+{cc}) {rest}", spaced.replace(" ", "-")]
    if not number.italian_leading_zero and phonenumbers.region_code_for_number(number) != "IT":
        forms.append(f"+{cc} (0) {rest}")
    return tuple(forms)


# --- Basel ------------------------------------------------------------------------------------------------


def basel(state: State, seed: int, version: str, extracted: str) -> bytes:
    """The Basel workbook of ``state``."""
    noise = noise_for(seed, version, "basel")
    parties = {p.code: p for p in state.parties}
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Contacts"
    for row in ((BASEL_TITLE,), (f"Extracted on {extracted}",), (), BASEL_HEADER):
        sheet.append(row)
    for placeholder in state.placeholders:
        if placeholder["convention"] == "basel":
            party = parties[placeholder["party"]]
            sheet.append(
                [noise.country_name(party.name, party.code), "Focal Point", None, None, placeholder["text"]]
            )
    for designation, person in _in_party_order(noise, state):
        if designation["convention"] == "basel":
            sheet.append(_basel_row(noise, designation, person, parties[designation["party"]]))
    return _stable_zip(workbook)


def _basel_row(noise: Noise, designation: Record, person: Record, party: Any) -> list[Any]:
    return [
        noise.country_name(party.name, party.code),
        BASEL_TYPES[designation["role"]],
        noise.title(person["title"]) or None,
        name_case(noise, person["given"], shout=0.04) or None,
        name_case(noise, person["family"], shout=0.35) or None,
        *(
            noise.space(person[f]) or None
            for f in ("position", "department", "organization", "street", "city")
        ),
        person["postal_code"] or None,
        _cell(noise, person["phones"], "phones"),
        _cell(noise, person["fax"], "phones"),
        _cell(noise, person["emails"], "emails"),
        person["website"] or None,
        designation["scope"] or None,
        designation["designated_on"],
    ]


def _stable_zip(workbook: Any) -> bytes:
    """The workbook's bytes with fixed time stamps (openpyxl writes the time of saving)."""
    first = io.BytesIO()
    workbook.save(first)
    out = io.BytesIO()
    with zipfile.ZipFile(first) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2026-11-01T00:00:00Z", data
                )
            target.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


# --- Rotterdam --------------------------------------------------------------------------------------------


def rotterdam(state: State, seed: int, version: str) -> bytes:
    """The Rotterdam CSV of ``state``."""
    noise = noise_for(seed, version, "rotterdam")
    parties = {p.code: p for p in state.parties}
    rows: list[list[str]] = []
    for placeholder in state.placeholders:
        if placeholder["convention"] == "rotterdam":
            party = parties[placeholder["party"]]
            rows.append([party.code, party.name, "OCP", "", placeholder["text"], *[""] * 7])
    for designation, person in _in_party_order(noise, state):
        if designation["convention"] == "rotterdam":
            rows.append(_rotterdam_row(noise, designation, person, parties[designation["party"]]))
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ROTTERDAM_HEADER)
    writer.writerows(sorted(rows, key=lambda row: row[0]))  # by ISO3, the order within a party kept
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _rotterdam_row(noise: Noise, designation: Record, person: Record, party: Any) -> list[str]:
    name = " ".join(
        part
        for part in (
            noise.title(person["title"]),
            name_case(noise, person["given"], shout=0.04),
            # The family name in capitals more often here: the list's way of marking where it begins.
            name_case(noise, person["family"], shout=0.6 if " " in person["family"] else 0.35),
        )
        if part
    )
    place = f"{person['postal_code']} {person['city']}".strip()
    address = ", ".join(
        p for p in (person["department"], person["organization"], person["street"], place) if p
    )
    day = dt.date.fromisoformat(designation["designated_on"])
    return [
        party.code,
        noise.country_name(party.name, party.code) or party.name,
        designation["role"],
        designation["scope"] if designation["role"] == "DNA" else "",
        noise.space(name) or "",
        noise.space(person["position"]) or "",
        noise.space(person["organization"]) or "",
        noise.space(address) or "",
        _cell(noise, person["phones"], "phones") or "",
        _cell(noise, person["fax"], "phones") or "",
        _cell(noise, person["emails"], "emails") or "",
        day.strftime("%d/%m/%Y"),
    ]


# --- Stockholm --------------------------------------------------------------------------------------------


def stockholm(state: State, seed: int, version: str) -> bytes:
    """The Stockholm feed of ``state``: the JSON array of its records."""
    noise = noise_for(seed, version, "stockholm")
    parties = {p.code: p for p in state.parties}
    records = [
        _stockholm_placeholder(noise, p, parties[p["party"]].alpha2, seed)
        for p in state.placeholders
        if p["convention"] == "stockholm"
    ]
    for designation, person in _in_party_order(noise, state):
        if designation["convention"] == "stockholm":
            records.append(_stockholm_record(noise, designation, person, parties[designation["party"]], seed))
    return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")


def _country(noise: Noise, alpha2: str) -> str:
    return alpha2.lower() if noise.chance(0.1) else alpha2


def _stockholm_record(noise: Noise, designation: Record, person: Record, party: Any, seed: int) -> Record:
    place = f"{person['postal_code']} {person['city']}".strip()
    day = dt.datetime.fromisoformat(designation["designated_on"]).replace(tzinfo=dt.UTC)
    return {
        "id": str(uuid.uuid5(IDS, f"{seed}/{designation['did']}")),
        "country": _country(noise, party.alpha2),
        "prefix": noise.title(person["title"]) or None,
        "firstName": name_case(noise, person["given"], shout=0.04) or None,
        "lastName": name_case(noise, person["family"], shout=0.3) or None,
        "position": noise.space(person["position"]) or None,
        "institution": noise.space(person["organization"]) or None,
        "department": noise.space(person["department"]) or None,
        "address": noise.space(", ".join(p for p in (person["street"], place) if p)) or None,
        "email": _cell(noise, person["emails"], "emails"),
        "phoneNumber": _cell(noise, person["phones"], "phones"),
        "fax": _cell(noise, person["fax"], "phones"),
        "type": noise.stockholm_type(STOCKHOLM_TYPES[designation["role"]]),
        "primary": designation["role"] == "OCP",
        "updated": f"/Date({int(day.timestamp() * 1000)})/",
        "treaties": [{"treaty": "stockholm"}],
    }


def _stockholm_placeholder(noise: Noise, placeholder: Record, alpha2: str, seed: int) -> Record:
    role = placeholder["role"]
    return {
        "id": str(uuid.uuid5(IDS, f"{seed}/placeholder/{placeholder['party']}/{role}")),
        "country": _country(noise, alpha2),
        **dict.fromkeys(("prefix", "firstName"), None),
        "lastName": placeholder["text"],
        **dict.fromkeys(("position", "institution", "department", "address", "email", "phoneNumber", "fax")),
        "type": noise.stockholm_type(STOCKHOLM_TYPES[role]),
        "primary": role == "OCP",
        "updated": None,
        "treaties": [{"treaty": "stockholm"}],
    }
