"""``/api/v1/parties``: the parties, their status, and each party's designations across the conventions."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from registry.api import PageArgs, page_schema, paginate
from registry.db import db
from registry.parties.models import Party, PartyStatus
from registry.parties.schemas import PartyQuerySchema, PartySchema
from registry.parties.services import PartyResolver, get_party
from registry.text import key

blp = Blueprint("parties", __name__, url_prefix="/api/v1/parties", description="Parties and their status")


class PartyListArgs(PartyQuerySchema, PageArgs):
    pass


@blp.route("")
class Parties(MethodView):
    @blp.arguments(PartyListArgs, location="query")
    @blp.response(200, page_schema(PartySchema, "PartyPage"))
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List parties (every state and the EU), with their status under each convention"""
        session = db.session()
        stmt = select(Party)
        if args["q"]:
            code = PartyResolver(session).resolve(args["q"])
            words = key(args["q"])
            stmt = stmt.where(Party.code == code) if code else stmt.where(Party.name.ilike(f"%{words}%"))
        if args["convention"]:
            stmt = stmt.join(PartyStatus).where(
                PartyStatus.convention == args["convention"], PartyStatus.status == "party"
            )
        return paginate(session, stmt, Party.code, args)


@blp.route("/<code>")
class PartyItem(MethodView):
    @blp.response(200, PartySchema)
    def get(self, code: str) -> Party:
        """One party and its status under each convention"""
        return get_party(db.session(), code)
