"""``/api/v1/parties``: the parties and their status under each convention."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from registry.api.blueprint import Blueprint
from registry.api.etags import etag_of_body, not_modified, with_etag
from registry.api.pagination import PageArgs, page_schema, paginate
from registry.db import db
from registry.errors import NotFound
from registry.parties.models import Party
from registry.parties.schemas import PARTY_CODE, PartyQuerySchema, PartySchema
from registry.parties.services import get_party, no_such_party, search_parties

blp = Blueprint("parties", __name__, url_prefix="/api/v1/parties", description="Parties and their status")


class PartyListArgs(PartyQuerySchema, PageArgs):
    pass


@blp.route("")
class Parties(MethodView):
    @blp.arguments(PartyListArgs, location="query")
    @blp.response(200, page_schema(PartySchema, "PartyPage"))
    @blp.doc(operationId="listParties")
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List parties (every state and the EU), with their status under each convention"""
        session = db.session()
        return paginate(session, search_parties(session, args["q"], args["convention"]), Party.code, args)


@blp.route("/<party:code>")
class PartyItem(MethodView):
    @blp.etag_read(PartySchema, 404)
    @blp.doc(operationId="getParty")
    def get(self, code: str) -> Response:
        """One party and its status under each convention"""
        body = PartySchema().dumps(known_party(code))
        tag = etag_of_body("party", body)
        return not_modified(tag) or with_etag(Response(body, mimetype="application/json"), tag)


def known_party(code: str) -> Party:
    """The party a path names, or NotFound naming the parties it may have meant (also for text that cannot
    be a party code)."""
    if not PARTY_CODE.fullmatch(code):
        raise NotFound(no_such_party(db.session(), code))
    return get_party(db.session(), code)
