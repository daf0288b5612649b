"""What a sync run may find of a designation, the words a report uses for it, and the order it shows them.

The registry keeps and shows the runs' reports (and the discrepancies a person settles), so this vocabulary is
the registry's; the sync writes its reports in it.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from registry.conventions import LabelledEnum


class SyncAction(LabelledEnum):
    # A report's heading for items of each kind.
    ADDED = "added", _l("Added")
    REMOVED = "removed", _l("Removed")
    CHANGED = "changed", _l("Changed")
    UNCHANGED = "unchanged", _l("Unchanged")
    CONFLICT = "conflict", _l("Conflicts: changed in the registry and in the list (not applied)")
    REGISTRY_AHEAD = "registry_ahead", _l("Registry ahead: edited in the registry, the list is out of date")

    @property
    def applies(self) -> bool:
        """Whether a run writes it to the registry (the others are reported only)."""
        return self in (SyncAction.ADDED, SyncAction.REMOVED, SyncAction.CHANGED)

    @property
    def for_a_person(self) -> bool:
        """Whether it waits for a person: a conflict, or a list that is out of date."""
        return self in (SyncAction.CONFLICT, SyncAction.REGISTRY_AHEAD)


# The items of a report, what a person must look at first; unchanged designations are only counted.
REPORTED: tuple[SyncAction, ...] = (
    SyncAction.CONFLICT,
    SyncAction.REGISTRY_AHEAD,
    SyncAction.REMOVED,
    SyncAction.ADDED,
    SyncAction.CHANGED,
)
# A report's summary: each action's count (and the warnings').
COUNTED: tuple[SyncAction, ...] = (
    SyncAction.ADDED,
    SyncAction.REMOVED,
    SyncAction.CHANGED,
    SyncAction.UNCHANGED,
    SyncAction.CONFLICT,
    SyncAction.REGISTRY_AHEAD,
)
