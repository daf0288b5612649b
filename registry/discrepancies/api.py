"""``/api/v1/discrepancies``: what the sync found that a person settles, and the resolutions."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import Response, request
from flask.views import MethodView

from registry.api.bearer import token_actor_of_request
from registry.api.blueprint import Blueprint
from registry.api.etags import (
    ETAG_HEADER,
    etag_of,
    etag_of_body,
    if_match_parameter,
    not_modified,
    require_if_match,
    with_etag,
)
from registry.api.openapi import BEARER
from registry.api.pagination import page_schema, paginate
from registry.api.paths import ID_PATH
from registry.auth.policy import require_discrepancy_read, require_discrepancy_resolve
from registry.db import db
from registry.discrepancies.models import Discrepancy
from registry.discrepancies.schemas import DiscrepancyQuerySchema, DiscrepancySchema, ResolutionArgs
from registry.discrepancies.services import discrepancies, get_discrepancy, resolve

blp = Blueprint(
    "discrepancies",
    __name__,
    url_prefix="/api/v1/discrepancies",
    description="What the sync found that a person settles",
)
PageSchema = page_schema(DiscrepancySchema, "DiscrepancyPage")
IF_MATCH_OPTIONAL = if_match_parameter(
    "The ETag you last read: 412 when the discrepancy changed since", required=False
)


def _respond(discrepancy: Discrepancy) -> Response:
    body = DiscrepancySchema().dumps(discrepancy)
    return with_etag(Response(body, mimetype="application/json"), etag_of("discrepancy", discrepancy))


@blp.route("")
class Discrepancies(MethodView):
    # An unknown parameter is refused (422 naming it) rather than ignored: a misspelt filter would otherwise
    # answer every party's discrepancies as if they were the ones asked for.
    @blp.arguments(DiscrepancyQuerySchema, location="query", unknown=ma.RAISE)
    @blp.etag_read(PageSchema, 401, 403, 422)
    @blp.doc(operationId="listDiscrepancies", security=[BEARER])
    def get(self, args: dict[str, Any]) -> Response:
        """List discrepancies, open ones by default (secretariat, admin; a party token: its own party's)"""
        actor = token_actor_of_request()
        party = args["party"] or (actor.party if actor.role == "party" else None)
        require_discrepancy_read(actor, party)
        filters = {"convention": args["convention"], "party": party, "kind": args["kind"]}
        page = paginate(db.session(), discrepancies(**filters, status=args["status"]), Discrepancy.id, args)
        body = PageSchema().dumps(page)
        tag = etag_of_body("discrepancies", body)
        return not_modified(tag) or with_etag(Response(body, mimetype="application/json"), tag)


@blp.route(f"/<{ID_PATH}:discrepancy_id>")
class DiscrepancyItem(MethodView):
    @blp.etag_read(DiscrepancySchema, 401, 403, 404)
    @blp.doc(operationId="getDiscrepancy", security=[BEARER])
    def get(self, discrepancy_id: int) -> Response:
        """One discrepancy, open or resolved"""
        actor = token_actor_of_request()
        discrepancy = get_discrepancy(db.session(), discrepancy_id)
        require_discrepancy_read(actor, discrepancy.party_code)
        return not_modified(etag_of("discrepancy", discrepancy)) or _respond(discrepancy)


@blp.route(f"/<{ID_PATH}:discrepancy_id>/resolution")
class Resolution(MethodView):
    @blp.writes(404, 409, 412)
    @blp.arguments(ResolutionArgs)
    @blp.response(200, DiscrepancySchema, headers=ETAG_HEADER)
    @blp.doc(operationId="resolveDiscrepancy", parameters=IF_MATCH_OPTIONAL)
    def post(self, data: dict[str, Any], discrepancy_id: int) -> Response:
        """Settle a conflict: keep the list's values (written now) or the registry's (the list is out of
        date); secretariat of its convention, admin. 409 when it is no longer open"""
        actor = token_actor_of_request()
        session = db.session()
        discrepancy = get_discrepancy(session, discrepancy_id, for_update=True)
        require_discrepancy_resolve(actor, discrepancy.convention)
        if discrepancy.is_open and request.headers.get("If-Match"):
            require_if_match(etag_of("discrepancy", discrepancy))
        resolve(session, discrepancy, data["keep"], actor)
        session.commit()
        return _respond(discrepancy)
