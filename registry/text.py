"""Text clean-up shared by the registry and the sync: pure functions, no I/O."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]")
# Apostrophes and quotes that lists write in several ways; all become the ASCII apostrophe.
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u00b4": "'", "`": "'"})


def clean(value: str | None) -> str | None:
    """NFC-normalized, trimmed, inner white space (also non-breaking) collapsed; ``None`` for an empty
    value."""
    if value is None:
        return None
    text = _SPACE.sub(" ", unicodedata.normalize("NFC", str(value))).strip()
    return text or None


def clean_block(value: str | None) -> str | None:
    """Like :func:`clean`, but keeps line breaks between lines (an address written on several lines)."""
    if value is None:
        return None
    lines = [clean(line) for line in unicodedata.normalize("NFC", str(value)).splitlines()]
    text = "\n".join(line for line in lines if line)
    return text or None


def fold(value: str | None) -> str:
    """A search key: accents removed, case folded, apostrophes unified, white space collapsed."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", value.translate(_QUOTES))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", bare.casefold()).strip()


def key(value: str | None) -> str:
    """A lookup key that also ignores punctuation: "Côte d’Ivoire" and "COTE D'IVOIRE" give one key."""
    return _SPACE.sub(" ", _PUNCT.sub(" ", fold(value).replace("'", ""))).strip()
