"""Spreadsheet cells that are data, not code: the escape the exports write and the sync undoes (pure).

A spreadsheet evaluates a cell whose text begins with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab or a
carriage return before one of them) as a formula: ``=HYPERLINK(...)`` in a contact's name becomes a live link
in the secretariat's Excel. OWASP's rule: write such a cell with a leading apostrophe, which every
spreadsheet shows as text. A plain number (``+41229178218``, ``-5``) is no formula and keeps its sign.

The escape is reversible: a cell that already begins with an apostrophe followed by one of those characters
(or by another apostrophe) gets one more, so :func:`unescape` returns exactly what :func:`escape` was given,
whatever the text.
"""

from __future__ import annotations

import re

# OWASP's list, and the full-width forms some spreadsheets (in East Asian locales) read as the same.
TRIGGERS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
QUOTE = "'"
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (a plain number is only a number)."""
    return text[:1] in TRIGGERS and not PLAIN_NUMBER.fullmatch(text)


def _needs_quote(text: str) -> bool:
    # A leading apostrophe that unescape would remove must be protected by one more.
    return starts_formula(text) or (text[:1] == QUOTE and text[1:2] in TRIGGERS | {QUOTE})


def escape(text: str) -> str:
    """``text`` as a cell no spreadsheet evaluates: a leading apostrophe when it could start a formula."""
    return QUOTE + text if _needs_quote(text) else text


def unescape(text: str) -> str:
    """The text :func:`escape` was given: the protective apostrophe removed, anything else as it is."""
    return text[1:] if text[:1] == QUOTE and text[1:2] in TRIGGERS | {QUOTE} else text
