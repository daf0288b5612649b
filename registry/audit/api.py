"""``/api/v1/changes`` (the feed other systems follow) and each contact's and designation's history."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from flask import url_for
from flask.views import MethodView

from registry.api import BEARER, ID_PATH, Blueprint, current_actor
from registry.audit.actor import Actor
from registry.audit.schemas import FeedArgs, FeedSchema, HistorySchema
from registry.audit.services import feed, history
from registry.contacts.services import get_contact
from registry.db import db
from registry.designations.services import get_designation
from registry.errors import Forbidden, InvalidInput

blp = Blueprint("changes", __name__, url_prefix="/api/v1", description="History and the change feed")


def encode_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"seq": seq}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        seq = json.loads(base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()))["seq"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise InvalidInput({"cursor": ["Not a cursor this API gave out; start again without it."]}) from None
    if not isinstance(seq, int) or seq < 0:
        raise InvalidInput({"cursor": ["Not a cursor this API gave out; start again without it."]})
    return seq


@blp.route("/changes")
class Changes(MethodView):
    @blp.arguments(FeedArgs, location="query")
    @blp.response(200, FeedSchema)
    @blp.problems(422)
    @blp.doc(operationId="listChanges")
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Every change to contacts and designations, in commit order, with the cursor to resume from"""
        after = decode_cursor(args["cursor"])
        items = feed(db.session(), after, args["limit"])
        cursor = encode_cursor(items[-1].seq if items else after)
        next_url = url_for("changes.Changes", cursor=cursor, limit=args["limit"], _external=True)
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
