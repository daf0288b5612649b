"""The words a person reads for a designation's fields (the history and the pages show them)."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

LABELS: dict[str, LazyString] = {
    "party": _l("Party"),
    "convention": _l("Convention"),
    "role": _l("Role"),
    "scope": _l("Scope"),
    "is_transit": _l("For transit"),
    "contact_id": _l("Contact"),
    "starts_on": _l("Since"),
    "ends_on": _l("Ended on"),
    "source": _l("Came from"),
    "source_key": _l("List id"),
}
