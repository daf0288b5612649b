"""A three-way merge of the contact form with a change someone else made meanwhile (pure functions).

``base`` is the contact as the form showed it, ``mine`` what the person sent, ``theirs`` the contact now, all
as the form's text fields. A field the person did not touch takes their value; a field only the person changed
keeps the person's; a field both changed, to different values, is a conflict for the person to settle.
"""

from __future__ import annotations

from dataclasses import dataclass

from registry.web.forms import CONTACT_FORM_FIELDS

# Fields of one item a line (a browser sends a textarea's line breaks as CR LF).
_LINES = frozenset({"street", "emails", "phones", "faxes"})


def same(name: str, a: str, b: str) -> bool:
    """Whether two texts of field ``name`` say the same (white space at the ends of lines, line endings and
    blank lines aside)."""
    return _plain(name, a) == _plain(name, b)


def _plain(name: str, text: str) -> str:
    if name in _LINES:
        return "\n".join(line.strip() for line in text.splitlines() if line.strip())
    return text.strip()


@dataclass(frozen=True)
class Merge:
    """The merged form values, and the fields both sides changed differently: (name, mine, theirs)."""

    values: dict[str, str]
    conflicts: list[tuple[str, str, str]]
    taken: list[str]  # the fields where their change was kept


def merge(base: dict[str, str] | None, mine: dict[str, str], theirs: dict[str, str]) -> Merge:
    """Merge the person's form with the contact now; without ``base`` (the form's version is unknown), every
    field where the two differ is a conflict."""
    values: dict[str, str] = {}
    conflicts: list[tuple[str, str, str]] = []
    taken: list[str] = []
    for name in CONTACT_FORM_FIELDS:
        own, now = mine.get(name, ""), theirs.get(name, "")
        if same(name, own, now):
            values[name] = own
        elif base is not None and same(name, own, base.get(name, "")):
            values[name] = now
            taken.append(name)
        elif base is not None and same(name, now, base.get(name, "")):
            values[name] = own
        else:
            values[name] = own
            conflicts.append((name, own, now))
    return Merge(values, conflicts, taken)


def choose(values: dict[str, str], seen: dict[str, str] | None, takes_theirs: set[str]) -> dict[str, str]:
    """The form's values, with each field the person chose "theirs" for set to the value the form showed as
    theirs (``seen``: the contact as the form was built)."""
    if seen is None:
        return values
    return {name: seen.get(name, "") if name in takes_theirs else value for name, value in values.items()}
