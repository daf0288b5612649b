"""Every table of the registry, imported in one place so that the metadata (and Alembic) sees them all."""

from typing import Any

from registry.audit.models import Change
from registry.auth.events import AccountEvent
from registry.auth.links import AccountLink
from registry.auth.models import ApiToken, User
from registry.auth.sessions import UserSession
from registry.auth.throttle import PasswordResetRequest, SignInFailure
from registry.contacts.models import Contact
from registry.contacts.search import FTS_TABLE, TRIGRAM_INDEX
from registry.db import Base
from registry.designations.models import Designation
from registry.discrepancies.models import Discrepancy
from registry.parties.models import Party, PartyAlias, PartyStatus
from registry.syncruns.models import ListBaseline, SourceState, SyncLock, SyncRun

__all__ = [
    "AccountEvent",
    "AccountLink",
    "ApiToken",
    "Base",
    "Change",
    "Contact",
    "Designation",
    "Discrepancy",
    "ListBaseline",
    "Party",
    "PartyAlias",
    "PartyStatus",
    "PasswordResetRequest",
    "SignInFailure",
    "SourceState",
    "SyncLock",
    "SyncRun",
    "User",
    "UserSession",
    "in_models",
]


def in_models(name: str | None, type_: str, parent_names: dict[str, Any]) -> bool:
    """Whether Alembic compares a database object with the models (its ``include_name``): not the search's
    index, which the migrations make beside them (SQLite's FTS5 table and its shadow tables, PostgreSQL's
    trigram index)."""
    if type_ == "table" and name is not None and name.startswith(FTS_TABLE):
        return False
    return not (type_ == "index" and name == TRIGRAM_INDEX)
