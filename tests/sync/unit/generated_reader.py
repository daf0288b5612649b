"""The generated lists read back without the sync: what each row says, folded, to compare with the truth.

A reader of its own (openpyxl, csv, json, phonenumbers), so that a test of the generator does not lean on the
code it is meant to check.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from typing import Any

import openpyxl
import phonenumbers
import pycountry

from registry.parties.names import ALIASES, UN_NAMES
from tests.sync.generated.evaluate import fold
from tests.sync.generated.people import PLACEHOLDERS
from tests.sync.generated.render import BASEL_HEADER

# (convention, party, role, scope, name, e-mails, phones): what a row must say, noise aside
Row = tuple[str, str, str, str, str, frozenset[str], frozenset[str]]
TITLE = re.compile(r"^(?:Dr|Mr|Ms|Mrs|Prof|Eng|H\.E)\.?\s+")
PLACEHOLDER_KEYS = {p.casefold() for p in PLACEHOLDERS}


def _placeholder(cell: str | None) -> bool:
    return (cell or "").strip().casefold() in PLACEHOLDER_KEYS


def country_names(parties: list[dict[str, Any]]) -> dict[str, str]:
    """Every name the lists may write for the truth's parties, folded, to its code."""
    names = {}
    for p in parties:
        country = pycountry.countries.get(alpha_3=p["code"])
        variants = {p["name"], *ALIASES.get(p["code"], ()), UN_NAMES.get(p["code"], p["name"])}
        if country is not None:
            variants |= {country.name, getattr(country, "common_name", country.name)}
        names |= {fold(v): p["code"] for v in variants}
    return names


def _emails(cell: str | None) -> frozenset[str]:
    return frozenset(e.lower() for e in re.split(r"[;,/\s]+", cell or "") if e)


def _phones(cell: str | None, region: str) -> frozenset[str]:
    # The lists write "00" for "+" and a trunk "(0)" after the country code, whatever the country dials.
    pieces = [re.sub(r"^00", "+", p.strip()) for p in re.split(r"[;,/]", (cell or "").replace("(0)", ""))]
    numbers = (phonenumbers.parse(p, region) for p in pieces if p)
    return frozenset(phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164) for n in numbers)


def _region(code: str, alpha2: dict[str, str]) -> str:
    return "BE" if code == "EUU" else alpha2[code]


def basel_rows(content: bytes, parties: list[dict[str, Any]]) -> tuple[list[Row], int]:
    """The Basel rows, and how many name a placeholder."""
    names, alpha2 = country_names(parties), {p["code"]: p["alpha2"] for p in parties}
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True)["Contacts"]
    rows, placeholders = [], 0
    for cells in list(sheet.iter_rows(values_only=True))[4:]:
        row = dict(zip(BASEL_HEADER, cells, strict=False))
        if _placeholder(row["Last Name"]):
            placeholders += 1
            continue
        code = names[fold(row["Country"])]
        role = "FP" if row["Type"] == "Focal Point" else "CA"
        name = fold(f"{row['First Name'] or ''} {row['Last Name'] or ''}")
        phones = _phones(row["Telephone"], _region(code, alpha2))
        rows.append(("basel", code, role, fold(row.get("Scope")), name, _emails(row["Email"]), phones))
    return rows, placeholders


def rotterdam_rows(content: bytes, parties: list[dict[str, Any]]) -> tuple[list[Row], int]:
    alpha2 = {p["code"]: p["alpha2"] for p in parties}
    rows, placeholders = [], 0
    for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")):
        if _placeholder(row["Full name"]):
            placeholders += 1
            continue
        code, role = row["ISO3"], row["Contact role"]
        name = fold(TITLE.sub("", row["Full name"].replace("\u00a0", " ").strip()))
        phones = _phones(row["Phone"], _region(code, alpha2))
        rows.append(("rotterdam", code, role, fold(row["DNA type"]), name, _emails(row["Email"]), phones))
    return rows, placeholders


def stockholm_rows(content: bytes, parties: list[dict[str, Any]]) -> tuple[list[Row], int]:
    codes, alpha2 = {p["alpha2"]: p["code"] for p in parties}, {p["code"]: p["alpha2"] for p in parties}
    rows, placeholders = [], 0
    for record in json.loads(content):
        if _placeholder(record["lastName"]):
            placeholders += 1
            continue
        code = codes[record["country"].upper()]
        role = "OCP" if "official" in record["type"].lower() or record["type"] == "OCP" else "NFP"
        name = fold(f"{record['firstName'] or ''} {record['lastName'] or ''}")
        phones = _phones(record["phoneNumber"], _region(code, alpha2))
        rows.append(("stockholm", code, role, "", name, _emails(record["email"]), phones))
    return rows, placeholders


def truth_rows(state: dict[str, Any]) -> Counter[Row]:
    """What the truth says each row must say."""
    people = state["people"]
    found: Counter[Row] = Counter()
    for d in state["designations"]:
        p = people[d["pid"]]
        name = fold(f"{p['given']} {p['family']}")
        emails = frozenset(e.lower() for e in p["emails"])
        found[
            (d["convention"], d["party"], d["role"], fold(d["scope"]), name, emails, frozenset(p["phones"]))
        ] += 1
    return found


def list_rows(lists: dict[str, bytes], parties: list[dict[str, Any]]) -> tuple[Counter[Row], int]:
    """What the three lists say, and how many placeholder rows they hold."""
    found: Counter[Row] = Counter()
    placeholders = 0
    for read, convention in (
        (basel_rows, "basel"),
        (rotterdam_rows, "rotterdam"),
        (stockholm_rows, "stockholm"),
    ):
        rows, empty = read(lists[convention], parties)
        found.update(rows)
        placeholders += empty
    return found, placeholders
