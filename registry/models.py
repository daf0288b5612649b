"""Every table of the registry, imported in one place so that the metadata (and Alembic) sees them all."""

from registry.audit.models import Change
from registry.auth.events import AccountEvent
from registry.auth.links import AccountLink
from registry.auth.models import ApiToken, User
from registry.auth.sessions import UserSession
from registry.auth.throttle import PasswordResetRequest, SignInFailure
from registry.contacts.models import Contact
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
]
