"""The limits of each contact field, in one place: the API's schemas, the pages' forms and the sync's rows
are all held to them, so that no writer stores what another would refuse."""

from __future__ import annotations

from typing import Any

from registry.text import text_problem

# API name -> most characters; street is the address's lines, city and postal code its other parts.
TEXT_LIMITS: dict[str, int] = {
    "title": 60,
    "given_name": 300,
    "family_name": 300,
    "position": 300,
    "department": 300,
    "organization": 300,
    "street": 1000,
    "city": 300,
    "postal_code": 40,
    "website": 500,
}
# List fields: most characters of one item, and most items.
ITEM_LIMITS: dict[str, int] = {"emails": 320, "phones": 60, "faxes": 60}
MAX_ITEMS = 20


def value_problem(name: str, value: Any) -> str | None:
    """Why ``value`` cannot be stored in contact field ``name`` (a text field, an address part or a list
    field), or None. Checks characters and lengths; e-mail and phone formats are checked on their own."""
    if value is None:
        return None
    if name in ITEM_LIMITS:
        items = list(value)
        if len(items) > MAX_ITEMS:
            return f"Holds {len(items)} values; at most {MAX_ITEMS} are kept."
        for item in items:
            problem = text_problem(str(item), ITEM_LIMITS[name])
            if problem:
                return f"{str(item)[:40]!r}: {problem}"
        return None
    return text_problem(str(value), TEXT_LIMITS.get(name))
