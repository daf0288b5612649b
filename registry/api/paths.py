"""Identifiers and party codes in paths: the URL converters of the API and the pages."""

from __future__ import annotations

from typing import Any

from werkzeug.routing import BaseConverter, Map, UnicodeConverter

# Row ids are PostgreSQL ``integer``s; a larger number names no row (and would overflow a query parameter).
MAX_ID = 2**31 - 1
ID_PATH = f"int(min=1, max={MAX_ID})"
PARTY_PATTERN = "[A-Za-z]{3}"


class TextConverter(UnicodeConverter):
    """The default path converter, but a segment with a control character names nothing (404): such text is
    no identifier, and PostgreSQL cannot even compare a NUL."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        super().__init__(map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", r"[^/\x00-\x1f\x7f]")


class PartyCodeConverter(BaseConverter):
    """A party code in a path (``<party:code>``): documented as three letters, any case; any other segment
    reaches the view too, whose 404 names the parties it may have meant (``/parties/KE``: KEN)."""

    regex = r"[^/\x00-\x1f\x7f]+"
