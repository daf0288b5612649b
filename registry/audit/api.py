"""``/api/v1/changes`` (the feed other systems follow) and each contact's and designation's history."""

from __future__ import annotations

from typing import Any

from flask import after_this_request
from flask.views import MethodView

from registry.api import (
    BEARER,
    ID_PATH,
    Blueprint,
    current_actor,
    decode_cursor,
    encode_cursor,
    optional_actor,
    private_to_token,
    whole_number,
)
from registry.audit.actor import Actor
from registry.audit.schemas import AuthorHidden, FeedArgs, FeedSchema, HistorySchema
from registry.audit.services import feed, history
from registry.auth.services import sees_authors
from registry.contacts.services import get_contact
from registry.db import db
from registry.designations.services import get_designation
from registry.errors import Forbidden
from registry.links import external_url

blp = Blueprint("changes", __name__, url_prefix="/api/v1", description="History and the change feed")


# The history's sequence numbers are PostgreSQL bigints.
MAX_SEQ = 2**63 - 1


def feed_cursor(seq: int) -> str:
    return encode_cursor({"seq": seq})


def feed_position(cursor: str | None) -> int:
    """The sequence number a feed cursor resumes after (0: the beginning); 422 for a forged one."""
    if not cursor:
        return 0
    seq: int = decode_cursor(cursor, "seq", lambda v: whole_number(v, MAX_SEQ))
    return seq


@blp.route("/changes")
class Changes(MethodView):
    @blp.arguments(FeedArgs, location="query")
    @blp.response(200, FeedSchema)
    @blp.problems(401, 422)
    @blp.doc(operationId="listChanges")
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Every change to contacts and designations, in commit order, with the cursor to resume from"""
        viewer = optional_actor()
        after = feed_position(args["cursor"])
        changes = feed(db.session(), after, args["limit"])
        items = [c if sees_authors(viewer, c.party_code) else AuthorHidden(c) for c in changes]
        cursor = feed_cursor(changes[-1].seq if changes else after)
        next_url = external_url("changes.Changes", cursor=cursor, limit=args["limit"])
        after_this_request(private_to_token)
        return {"items": items, "next": next_url, "cursor": cursor}


def _may_read_history(actor: Actor, party: str) -> None:
    if actor.role in ("admin", "secretariat") or (actor.role == "party" and actor.party == party):
        return
    raise Forbidden(f"Only secretariats, admins and {party}'s own officials may read this history.")


@blp.route(f"/contacts/<{ID_PATH}:contact_id>/history")
class ContactHistory(MethodView):
    @blp.response(200, HistorySchema)
    @blp.problems(401, 403, 404)
    @blp.doc(security=[BEARER], operationId="contactHistory")
    def get(self, contact_id: int) -> dict[str, Any]:
        """Every change of a contact, oldest first, with who made it"""
        actor = current_actor()
        contact = get_contact(db.session(), contact_id)
        _may_read_history(actor, contact.party_code)
        return {"items": history(db.session(), "contact", contact.id)}


@blp.route(f"/designations/<{ID_PATH}:designation_id>/history")
class DesignationHistory(MethodView):
    @blp.response(200, HistorySchema)
    @blp.problems(401, 403, 404)
    @blp.doc(security=[BEARER], operationId="designationHistory")
    def get(self, designation_id: int) -> dict[str, Any]:
        """Every change of a designation, oldest first, with who made it"""
        actor = current_actor()
        designation = get_designation(db.session(), designation_id)
        _may_read_history(actor, designation.party_code)
        return {"items": history(db.session(), "designation", designation.id)}
