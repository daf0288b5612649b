"""``/api/v1/contacts``: read, create and change contacts."""

from __future__ import annotations

from typing import Any

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
from registry.audit.provenance import contact_confirmations, public_sources
from registry.auth.policy import require_contact_write, require_designation_write, sees_authors
from registry.contacts.models import Contact
from registry.contacts.rows import contact_rows, contacts_by_id, listed_contacts
from registry.contacts.schemas import (
    ContactCreateSchema,
    ContactDetailSchema,
    ContactPatchSchema,
    ContactQuerySchema,
    ContactSchema,
)
from registry.contacts.search import ranked
from registry.contacts.services import (
    clean_contact_fields,
    contact_region,
    create_contact,
    get_contact,
    search_contacts,
    update_contact,
)
from registry.db import db
from registry.designations.services import create_designation
from registry.links import external_url
from registry.readcache import LIST_HEADERS, cached_read, public

blp = Blueprint("contacts", __name__, url_prefix="/api/v1/contacts", description="People and offices")
CREATED_HEADERS = created_headers("The new contact")


class ContactListArgs(ContactQuerySchema, PageArgs):
    pass


def _respond(contact: Contact, status: int = 200, viewer: Actor | None = None) -> Response:
    body = ContactDetailSchema().dump(contact)
    body["confirmed"] = contact_confirmations(db.session(), contact.id)
    if not sees_authors(viewer, contact.party_code):
        body["sources"] = public_sources(body["sources"] or {})
    location = external_url("contacts.ContactItem", contact_id=contact.id) if status == 201 else None
    return record_response(body, etag_of("contact", contact), status, location)


@blp.route("")
class Contacts(MethodView):
    @cached_read(db, ContactListArgs().fields, public)
    @blp.arguments(ContactListArgs, location="query")
    @blp.response(200, page_schema(ContactSchema, "ContactPage"), headers=LIST_HEADERS)
    @blp.alt_response(304, description="Not modified (If-None-Match)")
    @blp.doc(operationId="listContacts")
    def get(self, args: dict[str, Any]) -> Response:
        """List contacts, by party and/or words of their name, organization or e-mail"""
        session = db.session()
        if args["q"]:  # a search: best matches first
            order = ranked(session, args["q"], search_contacts(args["party"]), Contact.id)
            ids, page = paginate_ranked(order, args)
            return json_response({"items": contacts_by_id(session, ids), **page})
        page = paginate(session, contact_rows(search_contacts(args["party"])), Contact.id, args, columns=True)
        return json_response({**page, "items": listed_contacts(session, page["items"])})

    @blp.writes(409)
    @blp.arguments(ContactCreateSchema)
    @blp.response(201, ContactDetailSchema, headers=CREATED_HEADERS)
    @blp.doc(operationId="createContact")
    def post(self, data: dict[str, Any]) -> Response:
        """Add a contact to a party, and designate it for roles in the same request if asked"""
        actor = token_actor_of_request()
        session = db.session()
        party = data.pop("party")
        roles = data.pop("designations")
        require_contact_write(actor, party, None, giving={r["convention"] for r in roles})
        for role in roles:
            require_designation_write(actor, party, role["convention"])
        contact = create_contact(
            session, party, clean_contact_fields(data, contact_region(session, party)), actor
        )
        for role in roles:
            create_designation(session, **role, contact=contact, actor=actor, source="api")
        session.commit()
        session.expire(contact, ["designations"])
        return _respond(contact, 201, actor)


@blp.route(f"/<{ID_PATH}:contact_id>")
class ContactItem(MethodView):
    @blp.etag_read(ContactDetailSchema, 401, 404)
    @blp.doc(operationId="getContact")
    def get(self, contact_id: int) -> Response:
        """One contact, with its current designations"""
        contact = get_contact(db.session(), contact_id)
        return not_modified(etag_of("contact", contact)) or _respond(contact, viewer=optional_token_actor())

    @blp.writes(404, 412, 428)
    @blp.arguments(ContactPatchSchema)
    @blp.response(200, ContactDetailSchema, headers=ETAG_HEADER)
    @blp.doc(operationId="updateContact", parameters=IF_MATCH)
    def patch(self, data: dict[str, Any], contact_id: int) -> Response:
        """Change some of a contact's fields (send If-Match with the ETag you read)"""
        actor = token_actor_of_request()
        session = db.session()
        contact = get_contact(session, contact_id)
        require_contact_write(actor, contact.party_code, contact)
        require_if_match(etag_of("contact", contact))
        update_contact(
            session, contact, clean_contact_fields(data, contact_region(session, contact.party_code)), actor
        )
        session.commit()
        return _respond(contact, viewer=actor)
