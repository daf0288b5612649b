"""The sample lists written again with other formatting noise, from a seed: more lists like ``v1-noise``.

Only what ``sources.md`` calls noise is touched: white space (leading, trailing, doubled, non-breaking),
Unicode normalization, the letter case of names and e-mails, a title's dot, the order and separators of
several e-mails or phones in a cell, the way a phone number is written, the country's name variant or an
alpha-2 code in lower case, and the spelling of a Stockholm ``type``. The people, roles and values stay.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import openpyxl
import phonenumbers
import pycountry

from registry.parties.names import ALIASES, UN_NAMES
from tests.sync.lists import sample

SEPARATORS = ("; ", ", ", " / ", ";", ",", " ; ")
TITLE_DOTS = {"Mr": "Mr.", "Mrs": "Mrs.", "Ms": "Ms.", "Dr": "Dr.", "Prof": "Prof."}
STOCKHOLM_TYPES = {
    "ocp": ("Official Contact Point", "Official contact point", "OCP", "official contact point"),
    "nfp": ("National Focal Point", "National focal point", "NFP", "national focal point"),
}


class Noise:
    """Noise drawn from one seed."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def chance(self, p: float = 0.5) -> bool:
        return self.random.random() < p

    # --- any text -------------------------------------------------------------------------------------

    def space(self, text: str | None) -> str | None:
        """White space and Unicode normalization noise, the characters kept."""
        if not text:
            return text
        if self.chance(0.3):
            text = self.random.choice(("  ", " ", "\u00a0 ", "\u00a0")) + text
        if self.chance(0.3):
            text += self.random.choice((" ", "  ", "\u00a0"))
        if " " in text and self.chance(0.3):
            spaces = [m.start() for m in re.finditer(" ", text)]
            at = self.random.choice(spaces)
            text = text[:at] + self.random.choice(("  ", "\u00a0", " \u00a0")) + text[at + 1 :]
        if self.chance(0.2):
            text = unicodedata.normalize("NFD", text)
        return text

    # --- names ----------------------------------------------------------------------------------------

    def title(self, title: str | None) -> str | None:
        if not title:
            return title
        bare = title.strip().rstrip(".")
        if bare in TITLE_DOTS and self.chance():
            title = bare if self.chance() else TITLE_DOTS[bare]
        return self.space(title)

    def family(self, name: str | None) -> str | None:
        """A family name in upper case, or in its usual case."""
        if not name:
            return name
        if name.isupper():
            return self.space(name.title() if self.chance() else name)
        return self.space(name.upper() if self.chance() else name)

    def full_name(self, text: str | None) -> str | None:
        """Rotterdam's "Dr. Amina WANJIKU": the title's dot, the family name's case, white space."""
        if not text:
            return text
        tokens = text.split()
        if tokens and tokens[0].rstrip(".") in TITLE_DOTS:
            tokens[0] = self.title(tokens[0]) or tokens[0]
        upper = [i for i, token in enumerate(tokens) if token.isupper() and len(token) > 1 and i > 0]
        if upper and self.chance():
            for i in upper:
                tokens[i] = tokens[i].title()
        elif not upper and len(tokens) > 1 and self.chance():
            tokens[-1] = tokens[-1].upper()
        return self.space(" ".join(tokens))

    # --- e-mails and phones ---------------------------------------------------------------------------

    def _cell(self, text: str | None, one: Callable[[str], str]) -> str | None:
        if not text or not text.strip():
            return text
        values = [v.strip() for v in re.split(r"[;,/]", text) if v.strip()]
        values = [one(v) for v in values]
        if self.chance(0.3):
            self.random.shuffle(values)
        return self.space(self.random.choice(SEPARATORS).join(values))

    def emails(self, text: str | None) -> str | None:
        def one(address: str) -> str:
            pick = self.random.random()
            if pick < 0.25:
                return address.upper()
            if pick < 0.5:
                return address[:1].upper() + address[1:].lower()
            return address.lower()

        return self._cell(text, one)

    def phones(self, text: str | None, region: str | None) -> str | None:
        def one(raw: str) -> str:
            try:
                number = phonenumbers.parse(raw, region)
            except phonenumbers.NumberParseException:
                return raw
            if not phonenumbers.is_valid_number(number):
                return raw
            cc, national = number.country_code, phonenumbers.national_significant_number(number)
            spaced = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
            forms = [
                spaced,
                f"00{cc}{national}",
                f"(+{cc}) {spaced.split(' ', 1)[-1]}",
                spaced.replace(" ", "-"),
            ]
            if not number.italian_leading_zero and phonenumbers.region_code_for_number(number) != "IT":
                forms.append(f"+{cc} (0) {spaced.split(' ', 1)[-1]}")
            return self.random.choice(forms)

        return self._cell(text, one)

    # --- countries and types --------------------------------------------------------------------------

    def country_name(self, name: str | None, code: str | None) -> str | None:
        if not name or not code:
            return self.space(name)
        variants = {name.strip(), *ALIASES.get(code, ()), UN_NAMES.get(code, name.strip())}
        country = pycountry.countries.get(alpha_3=code)
        if country is not None:
            variants |= {country.name, getattr(country, "common_name", country.name)}
        return self.space(self.random.choice(sorted(variants)))

    def stockholm_type(self, text: str | None) -> str | None:
        key = "nfp" if text and ("national" in text.lower() or text.strip().upper() == "NFP") else "ocp"
        return self.random.choice(STOCKHOLM_TYPES[key]) if text else text


# --- the three lists ----------------------------------------------------------------------------------


def _alpha2(code: str | None) -> str | None:
    country = pycountry.countries.get(alpha_3=code) if code else None
    return None if country is None else str(country.alpha_2)


def basel(version: str, seed: int, codes: dict[str, str]) -> bytes:
    """``codes``: the party code of each country name the list writes (as the registry resolves it)."""
    noise = Noise(seed)
    workbook = openpyxl.load_workbook(io.BytesIO(sample(version, "basel")))
    sheet = workbook["Contacts"]
    rows = list(sheet.iter_rows())
    header_at = next(i for i, row in enumerate(rows) if row[0].value == "Country")
    columns = {str(cell.value): i for i, cell in enumerate(rows[header_at])}
    for row in rows[header_at + 1 :]:
        cells = {name: row[i] for name, i in columns.items()}
        country = cells["Country"].value
        code = codes.get(str(country or "").strip())
        region = _alpha2(code)
        cells["Country"].value = noise.country_name(country, code)
        cells["Title"].value = noise.title(cells["Title"].value)
        cells["First Name"].value = noise.space(cells["First Name"].value)
        cells["Last Name"].value = noise.family(cells["Last Name"].value)
        cells["Email"].value = noise.emails(cells["Email"].value)
        cells["Telephone"].value = noise.phones(cells["Telephone"].value, region)
        cells["Fax"].value = noise.phones(cells["Fax"].value, region)
        for name in ("Position", "Department", "Institution", "Address", "City"):
            cells[name].value = noise.space(cells[name].value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rotterdam(version: str, seed: int) -> bytes:
    noise = Noise(seed)
    rows = list(csv.DictReader(io.StringIO(sample(version, "rotterdam").decode("utf-8-sig"), newline="")))
    for row in rows:
        region = _alpha2(row["ISO3"].strip())
        row["Country"] = noise.space(row["Country"]) or ""
        row["Full name"] = noise.full_name(row["Full name"]) or ""
        row["Email"] = noise.emails(row["Email"]) or ""
        row["Phone"] = noise.phones(row["Phone"], region) or ""
        row["Fax"] = noise.phones(row["Fax"], region) or ""
        for name in ("Position", "Organization"):
            row[name] = noise.space(row[name]) or ""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def stockholm(version: str, seed: int) -> bytes:
    noise = Noise(seed)
    records: list[dict[str, Any]] = json.loads(sample(version, "stockholm"))
    for record in records:
        region = (record["country"] or "").strip().upper() or None
        if record["country"] and noise.chance():
            record["country"] = record["country"].lower()
        record["prefix"] = noise.title(record["prefix"])
        record["firstName"] = noise.space(record["firstName"])
        record["lastName"] = noise.family(record["lastName"])
        record["email"] = noise.emails(record["email"])
        record["phoneNumber"] = noise.phones(record["phoneNumber"], region)
        record["fax"] = noise.phones(record["fax"], region)
        record["type"] = noise.stockholm_type(record["type"])
        for name in ("position", "institution", "department", "address"):
            record[name] = noise.space(record[name])
    return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")
