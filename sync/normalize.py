"""Turn what a list writes into the registry's form: pure functions, no I/O, safe on any string.

Titles, names, e-mails, phones, countries, roles, DNA scopes and placeholders. Every function is idempotent:
normalizing a normalized value gives it back unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Set
from functools import lru_cache

from registry.contacts.values import normalize_email, normalize_phone
from registry.text import fold
from sync.cleaning import clean, clean_block


@lru_cache(maxsize=1 << 16)
def folded(value: str | None) -> str:
    """:func:`registry.text.fold`, remembered: a run folds the same texts again and again (the list's and the
    registry's spelling of one name, office or title are most often the same string), and equal keys then
    share one string in memory."""
    return fold(value)


# --- titles ---

TITLES: dict[str, str] = {
    "mr": "Mr.",
    "mister": "Mr.",
    "mrs": "Mrs.",
    "ms": "Ms.",
    "miss": "Miss",
    "dr": "Dr.",
    "doctor": "Dr.",
    "prof": "Prof.",
    "professor": "Prof.",
    "he": "H.E.",
    "eng": "Eng.",
    "engr": "Eng.",
    "ing": "Ing.",
    "mme": "Mme",
    "mlle": "Mlle",
    "m": "M.",
    "sr": "Sr.",
    "sra": "Sra.",
    "dra": "Dra.",
    "hon": "Hon.",
    "amb": "Amb.",
    "sir": "Sir",
    "dame": "Dame",
}


def title_key(token: str) -> str:
    return folded(token).replace(".", "").replace(" ", "")


def normalize_title(value: str | None) -> str | None:
    """ "Mr" and "mr." give "Mr."; several titles ("Prof Dr") each; an unknown title is kept as written."""
    text = clean(value)
    if not text:
        return None
    return " ".join(TITLES.get(title_key(t), t) for t in text.split())


# --- names ---

PLACEHOLDERS = frozenset(
    {
        "vacant",
        "vacancy",
        "tbc",
        "tbd",
        "to be confirmed",
        "to be determined",
        "to be designated",
        "to be nominated",
        "n/a",
        "na",
        "n.a.",
        "none",
        "pending",
        "unknown",
        "-",
        "--",
        "---",
        "?",
    }
)
# Words that begin a family name ("van der Leek", "de la Cruz", "bin Salman", "al Hashimi").
PARTICLES = frozenset(
    {
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "dos",
        "das",
        "du",
        "la",
        "le",
        "bin",
        "ibn",
        "ben",
        "al",
        "el",
        "abu",
        "ter",
        "ten",
        "zu",
        "st",
        "st.",
    }
)


def is_placeholder(value: str | None) -> bool:
    """True for "Vacant", "TBC", "To be confirmed", "N/A", "-" and the like: not a person."""
    text = folded(value).strip()
    bare = text.strip(" .")
    return bool(bare) and (text in PLACEHOLDERS or bare in PLACEHOLDERS or bare.strip(" -–—?") == "")


# Titles that are also names or initials ("He" is a Chinese family name; "M" an initial): only with a dot.
_DOTTED_ONLY = frozenset({"he", "m"})


def is_title(token: str) -> bool:
    key = title_key(token)
    return key in TITLES and token.strip(".") != "" and (key not in _DOTTED_ONLY or "." in token)


def smart_case(value: str | None) -> str | None:
    """A name written all in capitals ("MARTÍNEZ LÓPEZ", "O'BRIEN", "VAN DER LEEK") in ordinary case.

    Names that already mix cases, or scripts without case, are left as they are.
    """
    text = clean(value)
    if not text:
        return text
    words = text.split(" ")
    if not any(_shouted(w) for w in words):
        return text
    return " ".join(_cap_word(w, last=i == len(words) - 1) if _shouted(w) else w for i, w in enumerate(words))


def _shouted(word: str) -> bool:
    # A word in capitals, not an initial or an abbreviation with dots ("J.R.").
    return "." not in word and _all_caps(word)


def _all_caps(text: str) -> bool:
    if text.isascii():
        # Every ASCII letter has a case and none is title case: str.isupper says it, unless only one letter.
        return text.isupper() and sum(c.isalpha() for c in text) > 1
    letters = [c for c in text if c.isalpha() and (c.isupper() or c.islower())]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _cap_word(word: str, *, last: bool) -> str:
    if folded(word) in PARTICLES and not last:
        return _lower(word)
    parts = re.split(r"([-'’])", word)
    # The first letter stays as written (a capital: "İ" keeps its dot); the rest goes to lower case.
    return "".join(p[:1] + _lower(p[1:]) for p in parts)


def _lower(text: str) -> str:
    # "İ".lower() is "i" plus a combining dot: in a lower-case position the dotted capital I is a plain i.
    return text.replace("İ", "i").lower()


def split_full_name(value: str | None) -> tuple[str | None, str | None, str | None]:
    """ "Dr. Amina WANJIKU" -> ("Dr.", "Amina", "Wanjiku"): title, given name(s), family name.

    The family name is the trailing run of words in capitals when the name mixes cases; otherwise the last
    word, or the words from a particle on ("Roan van der Spaendonc"). A name of one word is a family name.
    """
    tokens = (clean(value) or "").split(" ")
    titles: list[str] = []
    while len(tokens) > 1 and is_title(tokens[0]):
        titles.append(tokens.pop(0))
    tokens = [t for t in tokens if t]
    title = normalize_title(" ".join(titles)) if titles else None
    if not tokens:
        return title, None, None
    if len(tokens) == 1 or folded(tokens[0]) in PARTICLES:
        return title, None, smart_case(" ".join(tokens))
    cut = _family_start(tokens)
    return title, smart_case(" ".join(tokens[:cut])), smart_case(" ".join(tokens[cut:]))


def _family_start(tokens: list[str]) -> int:
    caps = [_all_caps(t) or (folded(t) in PARTICLES and i > 0) for i, t in enumerate(tokens)]
    if any(caps) and not all(_all_caps(t) for t in tokens):
        cut = len(tokens)
        while cut > 1 and caps[cut - 1]:
            cut -= 1
        if cut < len(tokens):
            return cut
    for i in range(1, len(tokens) - 1):
        if folded(tokens[i]) in PARTICLES:
            return i
    return len(tokens) - 1


def name_key(given: str | None, family: str | None) -> str:
    """How two spellings of one name compare: folded (no case, no accents), words in order."""
    return " ".join(folded(f"{given or ''} {family or ''}").replace("-", " ").split())


# --- e-mails and phones ---

_EMAIL_SPLIT = re.compile(r"[;,/\s]+")
_CONNECTIVES = frozenset({"and", "or", "et", "y", "ou", "und"})
_AT = re.compile(r"\s*[\[(]\s*at\s*[\])]\s*", re.IGNORECASE)
_DOT = re.compile(r"\s*[\[(]\s*dot\s*[\])]\s*", re.IGNORECASE)
# A ";" before "ext=" belongs to the number (RFC 3966, as the registry writes an extension).
_PHONE_PUNCTUATION = re.compile(r"[\s().\-]")
_LEADING_00 = re.compile(r"^00(?=[1-9])")
_PHONE_SPLIT = re.compile(r"\s*(?:;(?!\s*ext=)|[,/\n]|\bor\b|\band\b)\s*", re.IGNORECASE)


def split_emails(value: str | None, known: Set[str] = frozenset()) -> tuple[list[str], list[str]]:
    """The valid addresses in a cell (lower case, in order, once each) and the pieces that are not e-mails.

    ``known`` are addresses the registry holds already (checked when stored): one of them is taken as it is.
    """
    text = _DOT.sub(".", _AT.sub("@", clean(value) or ""))
    text = re.sub(r"mailto:", " ", text, flags=re.IGNORECASE)
    emails: list[str] = []
    bad: list[str] = []
    for piece in _EMAIL_SPLIT.split(text):
        piece = piece.strip().strip("<>\"'()[]")
        if not piece or piece.casefold() in _CONNECTIVES:
            continue
        email = piece.lower()
        if email not in known:
            try:
                email = normalize_email(piece)
            except ValueError:
                bad.append(piece)
                continue
        if email not in emails:
            emails.append(email)
    return emails, bad


def split_phones(
    value: str | None, region: str | None, known: Set[str] = frozenset()
) -> tuple[list[str], list[str]]:
    """The numbers in a cell in E.164 (in order, once each) and, as written, those that cannot be read.

    ``known`` are numbers the registry holds already (checked when stored): a number written as one of them
    with only spaces, dashes, dots or brackets between its digits is taken as it is.
    """
    numbers: list[str] = []
    bad: list[str] = []
    if is_placeholder(value):
        return numbers, bad
    for piece in _PHONE_SPLIT.split(clean_block(value) or ""):
        piece = clean(piece) or ""
        if not piece or is_placeholder(piece):
            continue
        number = _LEADING_00.sub("+", _PHONE_PUNCTUATION.sub("", piece))
        if number not in known:
            try:
                number = normalize_phone(piece, region)
            except ValueError:
                if piece not in bad:
                    bad.append(piece)
                continue
        if number not in numbers:
            numbers.append(number)
    return numbers, bad


# --- roles and scopes ---

ROLE_WORDS: dict[str, dict[str, str]] = {
    "basel": {"focal point": "FP", "fp": "FP", "competent authority": "CA", "ca": "CA"},
    "rotterdam": {
        "dna": "DNA",
        "designated national authority": "DNA",
        "ocp": "OCP",
        "official contact point": "OCP",
    },
    "stockholm": {
        "ocp": "OCP",
        "official contact point": "OCP",
        "nfp": "NFP",
        "national focal point": "NFP",
        "national focal point for information exchange": "NFP",
        "focal point": "NFP",
    },
}
DNA_SCOPE_WORDS = {
    "p": "P",
    "pesticides": "P",
    "c": "C",
    "industrial chemicals": "C",
    "chemicals": "C",
    "cp": "CP",
    "pc": "CP",
    "c p": "CP",
    "p c": "CP",
    "both": "CP",
    "pesticides and industrial chemicals": "CP",
    "industrial chemicals and pesticides": "CP",
}


def normalize_role(convention: str, value: str | None) -> str | None:
    """The role code (FP, CA, DNA, OCP, NFP) a list's wording stands for under ``convention``."""
    text = " ".join(re.sub(r"[^\w]+", " ", folded(value)).split())
    words = ROLE_WORDS.get(convention, {})
    if text in words:
        return words[text]
    text = re.sub(r"\s*\(.*\)$", "", folded(value)).strip()
    return words.get(" ".join(re.sub(r"[^\w]+", " ", text).split()))


def normalize_dna_scope(value: str | None) -> str | None:
    """P, C or CP from "P", "cp", "C/P", "Pesticides", "Both" ...; ``None`` when it is none of them."""
    text = " ".join(re.sub(r"[^\w]+", " ", folded(value)).split())
    return DNA_SCOPE_WORDS.get(text)


# --- addresses ---


def strip_organization(text: str | None, organization: str | None) -> tuple[str | None, str | None]:
    """Split "[Department, ]Organization, rest" at the organization: ``(department, rest)``.

    The department is ``""`` when the line starts with the organization, and ``None`` (unknown) when the
    organization is not found in the line at all; then ``rest`` is the whole line.
    """
    text = clean_block(text)
    org = clean(organization)
    if not text or not org:
        return None, text
    lowered, needle = text.casefold(), org.casefold()
    start = 0
    while (at := lowered.find(needle, start)) >= 0:
        before, after = text[:at].rstrip(), text[at + len(org) :].lstrip()
        if (not before or before.endswith(",")) and (not after or after.startswith(",")):
            return clean(before.rstrip(",")) or "", clean_block(after.removeprefix(","))
        start = at + 1
    return None, text


def split_line(text: str | None) -> tuple[str | None, str | None, str | None]:
    """A one-line address "street, postal code city" as ``(street, postal_code, city)``.

    The postal code is the leading words of the last part that hold a digit ("HA0 4ZH Port Iainbury").
    """
    block = clean_block(text) or ""
    parts = [p.strip() for p in block.split(",") if p.strip()]
    if len(parts) == 1 and "\n" in block:
        # No comma: the last line is the postal code and city ("Street 1\n1000 City").
        parts = [p.strip() for p in block.rsplit("\n", 1)]
    if not parts:
        return None, None, None
    *street_parts, last = parts
    postal, city = _postal_city(last)
    return ", ".join(street_parts) or None, postal, city


def _postal_city(part: str) -> tuple[str | None, str | None]:
    words = part.split()
    cut = 0
    while cut < len(words) - 1 and any(ch.isdigit() for ch in words[cut]):
        cut += 1
    # "6425 CV Abbenes", "X14 KWDT Saul Ville": a short word in capitals after the digits is still the code.
    if 0 < cut < len(words) - 1 and words[cut].isalpha() and words[cut].isupper() and len(words[cut]) <= 4:
        cut += 1
    postal = " ".join(words[:cut]) or None
    city = " ".join(words[cut:]) or None
    return postal, city


def address_line(street: str | None, postal_code: str | None, city: str | None) -> str | None:
    """The registry's address written as the one-line lists write it: "street, postal code city"."""
    place = " ".join(p for p in (postal_code, city) if p)
    line = ", ".join(p for p in ((street or "").replace("\n", ", "), place) if p)
    return line or None


@lru_cache(maxsize=200_000)
def tokens(value: str | None) -> str:
    """Words only, in the normal form of :func:`~registry.text.fold` (punctuation, breaks, case and marks
    dropped): how addresses compare."""
    return " ".join(re.findall(r"\w+", folded(clean_block(value))))
