"""E-mail addresses and phone numbers: checked and written one canonical way (pure functions)."""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from email_validator import EmailNotValidError, validate_email

# "+41 (0) 22 ..." writes the national trunk prefix that international dialling drops.
_TRUNK = re.compile(r"^(\s*\(?\+\d{1,4}\)?[\s.-]*)\(0\)")
_LEADING_00 = re.compile(r"^\s*00(?=[1-9])")


@lru_cache(maxsize=65536)
def normalize_email(value: str) -> str:
    """The address in lower case, or ValueError saying why it is not an e-mail address.

    Deliverability is not checked (no DNS look-up): the registry records what a party says.
    """
    text = value.strip().removeprefix("mailto:").strip()
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(f"{value!r} is not a valid e-mail address: {exc}") from None
    return result.normalized.lower()


@lru_cache(maxsize=65536)
def normalize_phone(value: str, region: str | None) -> str:
    """The number in E.164 (``+41229178218``), or ValueError saying why it cannot be read.

    A number written without a country code is read as a number of ``region`` (the party's alpha-2 code).
    Lists write the national trunk zero in several ways ("+41 (0) 22 ...", "+39 02 ...", "0039 2 ..."); of
    the readings with and without it, the one that is a valid number wins.
    """
    text = _LEADING_00.sub("+", value.strip())
    readings = [_TRUNK.sub(r"\1", text), _TRUNK.sub(r"\g<1>0", text)] if _TRUNK.search(text) else [text]
    parsed = [n for n in (_parse(r, region) for r in readings) if n is not None]
    for number in parsed:
        if phonenumbers.is_valid_number(number):
            return _e164(number)
    parsed = [z for z in (_with_trunk_zero(n) for n in parsed) if z is not None] + parsed
    numbers = [n for n in parsed if phonenumbers.is_possible_number(n)]
    if not numbers:
        raise ValueError(_phone_message(value, region))
    return _e164(next((n for n in numbers if phonenumbers.is_valid_number(n)), numbers[0]))


def _e164(number: phonenumbers.PhoneNumber) -> str:
    # E.164 has no extension; keep one as RFC 3966 writes it ("+41229178218;ext=12") rather than lose it.
    text = str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    return f"{text};ext={number.extension}" if number.extension else text


def _parse(text: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(text, None if text.startswith("+") else region)
    except phonenumbers.NumberParseException:
        return None


def _with_trunk_zero(number: phonenumbers.PhoneNumber) -> phonenumbers.PhoneNumber | None:
    # "0039 2 1234 5678": written internationally without the zero that Italian (and other) numbers keep.
    candidate = f"+{number.country_code}0{number.national_number}"
    try:
        return phonenumbers.parse(candidate, None)
    except phonenumbers.NumberParseException:
        return None


def _phone_message(value: str, region: str | None) -> str:
    if region is None and not value.strip().startswith(("+", "00")):
        return f"{value!r} has no country code (write it as +CC ...)"
    return f"{value!r} is not a phone number that can be dialled (write it as +CC ...)"


def region_of(party_code: str, alpha2: str | None) -> str | None:
    """The region phone numbers without a country code are read in: the party's own, none for the EU."""
    if party_code == "EUU" or not alpha2:
        return None
    return alpha2
