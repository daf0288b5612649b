"""``/api/v1/designations`` and ``/api/v1/parties/{code}/designations``: who holds which role."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import marshmallow as ma
from flask import Response
from flask.views import MethodView

from registry.api.bearer import optional_token_actor, token_actor_of_request
from registry.api.blueprint import Blueprint
from registry.api.etags import (
    ETAG_HEADER,
    IF_MATCH,
    created_headers,
    etag_of,
    not_modified,
    record_response,
    require_if_match,
)
from registry.api.pagination import PageArgs, page_schema, paginate, paginate_ranked
from registry.api.paths import ID_PATH
from registry.api.rows import json_response
from registry.audit.actor import Actor
from registry.audit.provenance import as_of, designation_provenance
from registry.auth.policy import require_designation_write, sees_authors
from registry.db import db
from registry.designations.models import Designation
from registry.designations.rows import (
    current_designation_rows,
    designations_by_id,
    listed_designations,
    ranked_designations,
)
from registry.designations.schemas import (
    DesignationCreateSchema,
    DesignationDetailSchema,
    DesignationFilters,
    DesignationPatchSchema,
    DesignationQuerySchema,
    DesignationSchema,
    EndArgs,
)
from registry.designations.services import (
    PARTY_ORDER,
    contact_to_designate,
    create_designation,
    current_designations,
    end_designation,
    get_designation,
    party_designations,
    update_designation,
)
from registry.links import external_url
from registry.parties.api import known_party
from registry.readcache import LIST_HEADERS, cached_read, public

blp = Blueprint(
    "designations", __name__, url_prefix="/api/v1", description="Roles held under the conventions"
)
CREATED_HEADERS = created_headers("The new designation")


class DesignationListArgs(DesignationQuerySchema, PageArgs):
    pass


class PartyDesignationsSchema(ma.Schema):
    """Every current designation of one party: a single, unpaged list."""

    items = ma.fields.List(ma.fields.Nested(DesignationSchema))
    total = ma.fields.Integer()
    next = ma.fields.String(
        allow_none=True, metadata={"description": "Always null: a party's designations come in one answer"}
    )


def _respond(designation: Designation, status: int = 200, viewer: Actor | None = None) -> Response:
    body = DesignationDetailSchema().dump(designation)
    shown = sees_authors(viewer, designation.party_code)
    body["provenance"] = designation_provenance(db.session(), designation, show_authors=shown)
    location = (
        external_url("designations.DesignationItem", designation_id=designation.id) if status == 201 else None
    )
    return record_response(body, etag_of("designation", designation), status, location)


def _write(designation_id: int, change: Callable[..., object]) -> Response:
    """Change the designation with ``change(session, designation, actor=...)`` once the token may write it
    and the client has read its current version (If-Match), and commit; answers the changed designation."""
    actor = token_actor_of_request()
    session = db.session()
    designation = get_designation(session, designation_id)
    require_designation_write(actor, designation.party_code, designation.convention)
    require_if_match(etag_of("designation", designation))
    change(session, designation, actor=actor)
    session.commit()
    return _respond(designation, viewer=actor)


@blp.route("/designations")
class Designations(MethodView):
    @cached_read(db, DesignationListArgs().fields, public)
    @blp.arguments(DesignationListArgs, location="query")
    @blp.response(200, page_schema(DesignationSchema, "DesignationPage"), headers=LIST_HEADERS)
    @blp.alt_response(304, description="Not modified (If-None-Match)")
    @blp.doc(operationId="listDesignations")
    def get(self, args: dict[str, Any]) -> Response:
        """List current designations (or those current on ``as_of``), each with its contact"""
        filters = {k: args[k] for k in ("party", "convention", "role", "scope")}
        session = db.session()
        if args["as_of"]:  # a past day's: by id
            stmt = current_designations(**filters, q=args["q"], on=args["as_of"])
            page = paginate(session, stmt, Designation.id, args)
            page["items"] = DesignationSchema(many=True).dump(as_of(session, page["items"], args["as_of"]))
            return json_response(page)
        if args["q"]:  # a search: best matches first
            ids, page = paginate_ranked(ranked_designations(session, args["q"], **filters), args)
            return json_response({"items": designations_by_id(session, ids), **page})
        page = paginate(session, current_designation_rows(**filters), Designation.id, args, columns=True)
        return json_response({**page, "items": listed_designations(page["items"])})

    @blp.writes(409)
    @blp.arguments(DesignationCreateSchema)
    @blp.response(201, DesignationDetailSchema, headers=CREATED_HEADERS)
    @blp.doc(operationId="createDesignation")
    def post(self, data: dict[str, Any]) -> Response:
        """Designate a contact for a role (409 when the party has a current holder of a single-holder role)"""
        actor = token_actor_of_request()
        session = db.session()
        contact = contact_to_designate(session, data["contact_id"], data["party"])
        require_designation_write(actor, contact.party_code, data["convention"])
        designation = create_designation(
            session,
            convention=data["convention"],
            role=data["role"],
            contact=contact,
            actor=actor,
            scope=data["scope"],
            is_transit=data["is_transit"],
            starts_on=data["starts_on"],
            source="api",
        )
        session.commit()
        return _respond(designation, 201, actor)


@blp.route(f"/designations/<{ID_PATH}:designation_id>")
class DesignationItem(MethodView):
    @blp.etag_read(DesignationDetailSchema, 401, 404)
    @blp.doc(operationId="getDesignation")
    def get(self, designation_id: int) -> Response:
        """One designation, current or ended"""
        designation = get_designation(db.session(), designation_id)
        viewer = optional_token_actor()
        return not_modified(etag_of("designation", designation)) or _respond(designation, viewer=viewer)

    @blp.writes(404, 409, 412, 428)
    @blp.arguments(DesignationPatchSchema)
    @blp.response(200, DesignationDetailSchema, headers=ETAG_HEADER)
    @blp.doc(operationId="updateDesignation", parameters=IF_MATCH)
    def patch(self, data: dict[str, Any], designation_id: int) -> Response:
        """Change a designation's scope, transit flag or start date (send If-Match)"""
        return _write(designation_id, partial(update_designation, data=data))

    @blp.writes(404, 409, 412, 428)
    @blp.arguments(EndArgs, location="query")
    @blp.response(200, DesignationDetailSchema, headers=ETAG_HEADER)
    @blp.doc(operationId="endDesignation", parameters=IF_MATCH)
    def delete(self, args: dict[str, Any], designation_id: int) -> Response:
        """End a designation (it is kept, with its end date; nothing is erased; 409 if it has ended)"""
        return _write(designation_id, partial(end_designation, on=args["ends_on"]))


@blp.route("/parties/<party:code>/designations")
class PartyDesignations(MethodView):
    @cached_read(db, DesignationFilters().fields, public)
    @blp.arguments(DesignationFilters, location="query")
    @blp.response(200, PartyDesignationsSchema, headers=LIST_HEADERS)
    @blp.alt_response(304, description="Not modified (If-None-Match)")
    @blp.problems(404)
    @blp.doc(operationId="listPartyDesignations")
    def get(self, args: dict[str, Any], code: str) -> Response:
        """Every current designation of a party (or those current on ``as_of``) under the three conventions,
        each with its contact; by convention, role and id"""
        party = known_party(code)
        session = db.session()
        filters = {k: args[k] for k in ("convention", "role", "scope", "q")}
        if args["as_of"]:
            designations = party_designations(session, party.code, args["as_of"], **filters)
            items = DesignationSchema(many=True).dump(as_of(session, designations, args["as_of"]))
        else:
            stmt = current_designation_rows(party=party.code, **filters).order_by(*PARTY_ORDER)
            items = listed_designations(session.execute(stmt).all())
        return json_response({"items": items, "total": len(items), "next": None})
