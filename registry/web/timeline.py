"""Changes as the pages list them (the day's changes, a contact's history): a heading, and the fields a
reader wants to see."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from registry.audit.models import Change


@dataclass(frozen=True)
class Entry:
    """One change as a page shows it: what happened (``heading``), to whom (``subject``, where the page
    does not say), the fields as ``(name, was, now)``, and by whom (None: not for this reader)."""

    change: Change
    heading: str
    fields: list[tuple[str, Any, Any]]
    author: str | None
    subject: str = ""


def shown_fields(change: Change, hidden: Collection[str] = ()) -> list[tuple[str, Any, Any]]:
    """The change's fields as ``(name, was, now)``, but the ``hidden`` ones, and for a new record those it
    left empty (no news)."""
    fields = [(name, old, new) for name, (old, new) in change.fields.items() if name not in hidden]
    if change.kind == "created":
        fields = [f for f in fields if f[2] not in (None, "", [], {}, False)]
    return fields
