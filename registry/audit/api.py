"""``/api/v1/changes`` (the feed other systems follow) and each contact's and designation's history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import after_this_request
from flask.views import MethodView

from registry.api.bearer import optional_token_actor, private_to_token, token_actor_of_request
from registry.api.blueprint import Blueprint
from registry.api.cursors import CursorKind, decode_cursor, encode_cursor, whole_number
from registry.api.openapi import BEARER
from registry.api.paths import ID_PATH
from registry.audit.models import MAX_SEQ
from registry.audit.schemas import AuthorHidden, FeedArgs, FeedSchema, HistorySchema
from registry.audit.services import feed, history
from registry.auth.policy import require_history_read, sees_authors
from registry.contacts.services import get_contact
from registry.db import db
from registry.designations.services import get_designation
from registry.links import external_url

blp = Blueprint("changes", __name__, url_prefix="/api/v1", description="History and the change feed")


@dataclass(frozen=True)
class FeedPosition:
    """The feed's cursor: the sequence number of the last change handed out (0: none yet)."""

    seq: int


FEED_CURSOR = CursorKind(FeedPosition, seq=whole_number(MAX_SEQ))


@blp.route("/changes")
class Changes(MethodView):
    @blp.arguments(FeedArgs, location="query")
    @blp.response(200, FeedSchema)
    @blp.problems(401, 422)
    @blp.doc(operationId="listChanges")
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Every change to contacts and designations, in commit order, with the cursor to resume from"""
        viewer = optional_token_actor()
        after = decode_cursor(FEED_CURSOR, args["cursor"]).seq if args["cursor"] else 0
        changes = feed(db.session(), after, args["limit"], args["since"])
        items = [c if sees_authors(viewer, c.party_code) else AuthorHidden(c) for c in changes]
        cursor = encode_cursor(FEED_CURSOR, FeedPosition(changes[-1].seq if changes else after))
        # Until a change at or after ``since`` is handed out, the next link still says since: polling it never
        # hands out a change made before.
        since = {"since": args["since"].isoformat()} if args["since"] and not changes else {}
        next_url = external_url("changes.Changes", cursor=cursor, limit=args["limit"], **since)
        after_this_request(private_to_token)
        return {"items": items, "next": next_url, "cursor": cursor}


@blp.route(f"/contacts/<{ID_PATH}:contact_id>/history")
class ContactHistory(MethodView):
    @blp.response(200, HistorySchema)
    @blp.problems(401, 403, 404)
    @blp.doc(security=[BEARER], operationId="contactHistory")
    def get(self, contact_id: int) -> dict[str, Any]:
        """Every change of a contact, oldest first, with who made it"""
        actor = token_actor_of_request()
        contact = get_contact(db.session(), contact_id)
        require_history_read(actor, contact.party_code)
        return {"items": history(db.session(), "contact", contact.id)}


@blp.route(f"/designations/<{ID_PATH}:designation_id>/history")
class DesignationHistory(MethodView):
    @blp.response(200, HistorySchema)
    @blp.problems(401, 403, 404)
    @blp.doc(security=[BEARER], operationId="designationHistory")
    def get(self, designation_id: int) -> dict[str, Any]:
        """Every change of a designation, oldest first, with who made it"""
        actor = token_actor_of_request()
        designation = get_designation(db.session(), designation_id)
        require_history_read(actor, designation.party_code)
        return {"items": history(db.session(), "designation", designation.id)}
