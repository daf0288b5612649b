"""``/api/v1/users``: invite people, list them, disable them; ``/api/v1/account-events``: the history of
accounts, for admins."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from registry.api.bearer import token_actor_of_request
from registry.api.blueprint import Blueprint
from registry.api.openapi import BEARER
from registry.api.pagination import paginate
from registry.api.paths import ID_PATH
from registry.audit.actor import Actor
from registry.auth.events import AccountEvent, account_events
from registry.auth.invitations import Invitation, invite, resend_invitation
from registry.auth.mails import mail_invitation
from registry.auth.models import User
from registry.auth.policy import require_account_history_read, require_users_read
from registry.auth.schemas import (
    AccountEventArgs,
    AccountEventPageSchema,
    InvitedUser,
    InvitedUserSchema,
    InviteSchema,
    UserListArgs,
    UserPageSchema,
    UserSchema,
)
from registry.auth.users import disable_user, managed_user, users_of, with_status
from registry.db import db
from registry.links import external_url

blp = Blueprint("users", __name__, url_prefix="/api/v1", description="Users, invitations and their history")


@blp.route("/users")
class Users(MethodView):
    @blp.arguments(UserListArgs, location="query")
    @blp.response(200, UserPageSchema)
    @blp.problems(401, 403, 422)
    @blp.doc(operationId="listUsers", security=[BEARER])
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List the users this token may manage, by id (admin: all; secretariat: party users and its own)"""
        actor = token_actor_of_request()
        require_users_read(actor)
        stmt = users_of(actor).order_by(None)
        if args.get("status"):
            stmt = with_status(stmt, args["status"])
        if args.get("role"):
            stmt = stmt.where(User.role == args["role"])
        if args.get("party"):
            stmt = stmt.where(User.party_code == args["party"].upper())
        return paginate(db.session(), stmt, User.id, args)

    @blp.writes(409, 422)
    @blp.arguments(InviteSchema)
    @blp.response(201, InvitedUserSchema)
    @blp.doc(operationId="inviteUser")
    def post(self, data: dict[str, Any]) -> tuple[InvitedUser, int, dict[str, str]]:
        """Invite a person: a one-time link, valid 7 days, is mailed to them to choose a password"""
        actor = token_actor_of_request()
        invitation = invite(db.session(), actor, **data)
        db.session().commit()
        return _mailed(invitation, actor), 201, {"Location": _location(invitation.user)}


@blp.route(f"/users/<{ID_PATH}:user_id>")
class UserItem(MethodView):
    @blp.response(200, UserSchema)
    @blp.problems(401, 403, 404)
    @blp.doc(operationId="getUser", security=[BEARER])
    def get(self, user_id: int) -> User:
        """One user (who this token may manage)"""
        return managed_user(db.session(), token_actor_of_request(), user_id)

    @blp.writes(404, 409)
    @blp.response(204)
    @blp.doc(operationId="disableUser")
    def delete(self, user_id: int) -> Response:
        """Disable a user: no more sign-ins; their sessions end, their links and tokens stop working"""
        disable_user(db.session(), user_id, token_actor_of_request())
        db.session().commit()
        return Response(status=204)


@blp.route(f"/users/<{ID_PATH}:user_id>/invitation")
class UserInvitation(MethodView):
    @blp.writes(404, 409)
    @blp.response(201, InvitedUserSchema)
    @blp.doc(operationId="resendInvitation")
    def post(self, user_id: int) -> tuple[InvitedUser, int]:
        """Send an invited person a new link (the one before stops working)"""
        actor = token_actor_of_request()
        invitation = resend_invitation(db.session(), actor, user_id)
        db.session().commit()
        return _mailed(invitation, actor), 201


@blp.route("/account-events")
class AccountEvents(MethodView):
    @blp.arguments(AccountEventArgs, location="query")
    @blp.response(200, AccountEventPageSchema)
    @blp.problems(401, 403, 422)
    @blp.doc(operationId="listAccountEvents", security=[BEARER])
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """The history of accounts, newest first: invitations, resets, disabled users, tokens (admin)"""
        require_account_history_read(token_actor_of_request())
        stmt = account_events(args.get("user"), args.get("kind"))
        return paginate(db.session(), stmt, AccountEvent.id, args, descending=True)


def _mailed(invitation: Invitation, actor: Actor) -> InvitedUser:
    """Mail the invitation (committed first: its link works when the mail arrives); a failure is in the
    answer and in the history."""
    delivery = mail_invitation(db.session(), invitation, actor)
    db.session().commit()
    expires = invitation.link.link.expires_at
    return InvitedUser(
        invitation.user, {"expires_at": expires, "sent": delivery.sent, "error": delivery.error}
    )


def _location(user: User) -> str:
    return external_url("users.UserItem", user_id=user.id)
