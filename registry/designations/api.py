"""``/api/v1/designations`` and ``/api/v1/parties/{code}/designations``: who holds which role."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from registry.api import (
    BEARER,
    PageArgs,
    current_actor,
    etag_of,
    not_modified,
    page_schema,
    paginate,
    require_if_match,
    with_etag,
)
from registry.auth.services import require_designation_write
from registry.contacts.services import get_contact
from registry.db import db
from registry.designations.models import Designation
from registry.designations.schemas import (
    DesignationCreateSchema,
    DesignationPatchSchema,
    DesignationQuerySchema,
    DesignationSchema,
)
from registry.designations.services import (
    create_designation,
    current_designations,
    end_designation,
    get_designation,
    update_designation,
)
from registry.errors import InvalidInput
from registry.parties.services import get_party

blp = Blueprint(
    "designations", __name__, url_prefix="/api/v1", description="Roles held under the conventions"
)
IF_MATCH = [{"in": "header", "name": "If-Match", "required": True, "schema": {"type": "string"}}]
ETAG_HEADER = {"ETag": {"schema": {"type": "string"}}}


class DesignationListArgs(DesignationQuerySchema, PageArgs):
    pass


def _respond(designation: Designation, status: int = 200) -> Response:
    response = Response(DesignationSchema().dumps(designation), status=status, mimetype="application/json")
    return with_etag(response, etag_of("designation", designation))


@blp.route("/designations")
class Designations(MethodView):
    @blp.arguments(DesignationListArgs, location="query")
    @blp.response(200, page_schema(DesignationSchema, "DesignationPage"))
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List current designations, each with its contact"""
        filters = {k: args[k] for k in ("party", "convention", "role", "scope", "q")}
        return paginate(db.session(), current_designations(**filters), Designation.id, args)

    @blp.arguments(DesignationCreateSchema)
    @blp.response(201, DesignationSchema, headers=ETAG_HEADER)
    @blp.doc(security=[BEARER])
    def post(self, data: dict[str, Any]) -> Response:
        """Designate a contact for a role"""
        actor = current_actor()
        session = db.session()
        contact = get_contact(session, data["contact_id"])
        party = (data["party"] or contact.party_code).upper()
        require_designation_write(actor, party, data["convention"])
        if party != contact.party_code:
            raise InvalidInput(
                {"contact_id": [f"Contact {contact.id} belongs to {contact.party_code}, not {party}."]}
            )
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
        return _respond(designation, 201)


@blp.route("/designations/<int:designation_id>")
class DesignationItem(MethodView):
    @blp.response(200, DesignationSchema, headers=ETAG_HEADER)
    @blp.alt_response(304, description="Not modified (If-None-Match)")
    def get(self, designation_id: int) -> Response:
        """One designation, current or ended"""
        designation = get_designation(db.session(), designation_id)
        return not_modified(etag_of("designation", designation)) or _respond(designation)

    @blp.arguments(DesignationPatchSchema)
    @blp.response(200, DesignationSchema, headers=ETAG_HEADER)
    @blp.doc(security=[BEARER], parameters=IF_MATCH)
    def patch(self, data: dict[str, Any], designation_id: int) -> Response:
        """Change a designation's scope, transit flag or start date (send If-Match)"""
        actor = current_actor()
        session = db.session()
        designation = get_designation(session, designation_id)
        require_designation_write(actor, designation.party_code, designation.convention)
        require_if_match(etag_of("designation", designation))
        update_designation(session, designation, data, actor)
        session.commit()
        return _respond(designation)

    @blp.response(200, DesignationSchema, headers=ETAG_HEADER)
    @blp.doc(security=[BEARER], parameters=IF_MATCH)
    def delete(self, designation_id: int) -> Response:
        """End a designation (it is kept, with its end date; nothing is erased)"""
        actor = current_actor()
        session = db.session()
        designation = get_designation(session, designation_id)
        require_designation_write(actor, designation.party_code, designation.convention)
        require_if_match(etag_of("designation", designation))
        end_designation(session, designation, actor)
        session.commit()
        return _respond(designation)


@blp.route("/parties/<code>/designations")
class PartyDesignations(MethodView):
    @blp.response(200, page_schema(DesignationSchema, "PartyDesignations"))
    def get(self, code: str) -> dict[str, Any]:
        """Every current designation of a party under the three conventions, each with its contact"""
        session = db.session()
        party = get_party(session, code)
        stmt = current_designations(party=party.code).order_by(
            Designation.convention, Designation.role, Designation.id
        )
        items = list(session.scalars(stmt).unique())
        return {"items": items, "total": len(items), "next": None}
