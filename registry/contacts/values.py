"""E-mail addresses and phone numbers: checked and written one canonical way (pure functions)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import phonenumbers
from confusable_homoglyphs import categories
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext

# phonenumbers compiles its metadata's patterns on every check, leaving the caching to the re module's cache
# (512 patterns), which numbers from many countries overflow: a sync of lists from every party spent a third
# of its time compiling the same patterns again. Keep each pattern compiled once (the metadata's: bounded).
phonenumbers.enable_pattern_cache()

# "+41 (0) 22 ..." writes the national trunk prefix that international dialling drops.
_TRUNK = re.compile(r"^(\s*\(?\+\d{1,4}\)?[\s.-]*)\(0\)")
_LEADING_00 = re.compile(r"^\s*00(?=[1-9])")


MAX_EMAIL = 320  # RFC 3696's longest address (64 + 1 + 255)
# Scripts that UTS #39's "highly restrictive" level lets one identifier mix (Japanese, Chinese, Korean
# writing with Latin); any other mix, such as Cyrillic "а" among Latin letters, is a look-alike.
_MIXES = (
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
)
_SCRIPTLESS = frozenset({"COMMON", "INHERITED"})


@lru_cache(maxsize=65536)
def normalize_email(value: str) -> str:
    """The address in lower case, or ValueError saying why it is not an e-mail address.

    Full-width and other compatibility forms become their plain letters (NFKC: "ａ" is "a"); a local part or
    a domain label that mixes scripts (UTS #39: "аdmin" with a Cyrillic "а") is refused, since it reads as
    another address. Deliverability is not checked (no DNS look-up): the registry records what a party says.
    """
    if len(value) > MAX_EMAIL * 2:  # before any work; room for white space and a "mailto:"
        raise ValueError(
            gettext(
                "%(value)s... is not an e-mail address: longer than %(length)d characters",
                value=repr(value[:40]),
                length=MAX_EMAIL,
            )
        )
    text = unicodedata.normalize("NFKC", value).strip().removeprefix("mailto:").strip()
    if (
        "@" not in text
    ):  # the commonest mistake, said in the page's language (the library's reasons are English)
        raise ValueError(
            gettext("%(value)s is not a valid e-mail address: it has no @ sign.", value=repr(value))
        )
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(
            gettext("%(value)s is not a valid e-mail address: %(reason)s", value=repr(value), reason=exc)
        ) from None
    for part in (result.local_part, *result.domain.split(".")):
        scripts = mixed_scripts(part)
        if scripts:
            raise ValueError(
                gettext(
                    "%(value)s is not a valid e-mail address: %(part)s mixes %(scripts)s letters, so it "
                    "looks like another address; write each part in one script.",
                    value=repr(value),
                    part=repr(part),
                    scripts=" and ".join(scripts),
                )
            )
    return result.normalized.lower()


def mixed_scripts(text: str) -> list[str]:
    """The scripts ``text`` mixes when no one writes them together (UTS #39, highly restrictive); [] when it
    is in one script (digits and punctuation belong to none)."""
    scripts = {categories.alias(ch) for ch in text} - _SCRIPTLESS
    if len(scripts) <= 1 or any(scripts <= allowed for allowed in _MIXES):
        return []
    return sorted(name.capitalize() for name in scripts)


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
        return str(gettext("%(value)s has no country code (write it as +CC ...)", value=repr(value)))
    return str(
        gettext(
            "%(value)s is not a phone number that can be dialled (write it as +CC ...)", value=repr(value)
        )
    )


def region_of(party_code: str, alpha2: str | None) -> str | None:
    """The region phone numbers without a country code are read in: the party's own, none for the EU."""
    if party_code == "EUU" or not alpha2:
        return None
    return alpha2
