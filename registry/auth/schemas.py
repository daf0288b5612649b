"""How users, invitations and the history of accounts look in the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import marshmallow as ma

from registry.api.fields import Text
from registry.api.pagination import PageArgs
from registry.api.paths import MAX_ID
from registry.audit.schemas import ActorSchema
from registry.auth.events import EventKind
from registry.auth.models import ROLES, User
from registry.conventions import CONVENTIONS

STATUSES = ("invited", "active", "disabled")


class UserSchema(ma.Schema):
    """A person who signs in to the pages (never their password or its hash)."""

    id = ma.fields.Integer()
    email = ma.fields.String()
    role = ma.fields.String(metadata={"enum": list(ROLES)})
    party = ma.fields.String(attribute="party_code", allow_none=True)
    convention = ma.fields.String(allow_none=True, metadata={"enum": list(CONVENTIONS)})
    status = ma.fields.String(
        metadata={"enum": list(STATUSES), "description": "invited: no password chosen yet"}
    )
    created_at = ma.fields.DateTime()
    last_sign_in_at = ma.fields.DateTime(allow_none=True)
    disabled_at = ma.fields.DateTime(allow_none=True)


class InvitationSchema(ma.Schema):
    expires_at = ma.fields.DateTime(metadata={"description": "Until when the link works (7 days)"})
    sent = ma.fields.Boolean(metadata={"description": "Whether the mail left (false: resend it later)"})
    error = ma.fields.String(allow_none=True, metadata={"description": "Why the mail did not leave"})


class InvitedUserSchema(UserSchema):
    invitation = ma.fields.Nested(InvitationSchema)


@dataclass(frozen=True)
class InvitedUser:
    """A user, and the invitation just mailed (or not) to them."""

    user: User
    invitation: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.user, name)


class InviteSchema(ma.Schema):
    email = Text(required=True, validate=ma.validate.Length(max=320))
    role = ma.fields.String(required=True, validate=ma.validate.OneOf(ROLES))
    party = Text(load_default=None, validate=ma.validate.Length(max=3))
    convention = ma.fields.String(load_default=None, validate=ma.validate.OneOf(CONVENTIONS))


class UserListArgs(PageArgs):
    role = ma.fields.String(validate=ma.validate.OneOf(ROLES))
    party = Text(validate=ma.validate.Length(max=3))
    status = ma.fields.String(validate=ma.validate.OneOf(STATUSES))


class UserPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(UserSchema))
    total = ma.fields.Integer()
    next = ma.fields.String(allow_none=True)


class AccountEventSchema(ma.Schema):
    """One event of the history of accounts: never a link, a token or a hash."""

    id = ma.fields.Integer()
    at = ma.fields.DateTime()
    kind = ma.fields.String(metadata={"enum": [kind.value for kind in EventKind]})
    actor = ma.fields.Nested(ActorSchema, metadata={"description": "Who did it"})
    user_id = ma.fields.Integer(allow_none=True)
    token_id = ma.fields.Integer(allow_none=True)
    details = ma.fields.Dict(metadata={"description": "The user's or token's address, name, role and scope"})


class AccountEventPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(AccountEventSchema))
    total = ma.fields.Integer()
    next = ma.fields.String(allow_none=True)


class AccountEventArgs(PageArgs):
    user = ma.fields.Integer(
        validate=ma.validate.Range(1, MAX_ID), metadata={"description": "Only the events of this user"}
    )
    kind = ma.fields.String(validate=ma.validate.OneOf([kind.value for kind in EventKind]))
