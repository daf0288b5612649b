"""How designations look in the API, and what a create or a change may send."""

from __future__ import annotations

import marshmallow as ma

from registry.contacts.schemas import EmbeddedContactSchema
from registry.conventions import CONVENTIONS, DNA_SCOPES

ROLE_VALUES = ["FP", "CA", "DNA", "OCP", "NFP"]


class DesignationSchema(ma.Schema):
    id = ma.fields.Integer()
    convention = ma.fields.String(metadata={"enum": list(CONVENTIONS)})
    role = ma.fields.String(metadata={"enum": ROLE_VALUES})
    party = ma.fields.String(attribute="party_code")
    scope = ma.fields.String(allow_none=True, metadata={"description": "DNA: P, C or CP; CA: free text"})
    is_transit = ma.fields.Boolean(metadata={"description": "Basel CA for transit"})
    contact_id = ma.fields.Integer()
    contact = ma.fields.Nested(EmbeddedContactSchema)
    starts_on = ma.fields.Date()
    ends_on = ma.fields.Date(allow_none=True)
    source = ma.fields.String(metadata={"description": "api, web, cli, or the list it came from"})
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime()
    version = ma.fields.Integer()


class DesignationCreateSchema(ma.Schema):
    convention = ma.fields.String(required=True, validate=ma.validate.OneOf(CONVENTIONS))
    role = ma.fields.String(required=True, validate=ma.validate.OneOf(ROLE_VALUES))
    party = ma.fields.String(load_default=None, metadata={"description": "Defaults to the contact's party"})
    contact_id = ma.fields.Integer(required=True, strict=True)
    scope = ma.fields.String(
        allow_none=True,
        load_default=None,
        validate=ma.validate.Length(max=200),
        metadata={"description": f"DNA: one of {', '.join(DNA_SCOPES)}; CA: free text; others: none"},
    )
    is_transit = ma.fields.Boolean(load_default=False)
    starts_on = ma.fields.Date(load_default=None)


class DesignationPatchSchema(ma.Schema):
    scope = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=200))
    is_transit = ma.fields.Boolean()
    starts_on = ma.fields.Date()


class DesignationQuerySchema(ma.Schema):
    party = ma.fields.String(load_default=None)
    convention = ma.fields.String(load_default=None, validate=ma.validate.OneOf(CONVENTIONS))
    role = ma.fields.String(load_default=None, validate=ma.validate.OneOf(ROLE_VALUES))
    scope = ma.fields.String(load_default=None)
    q = ma.fields.String(
        load_default=None, metadata={"description": "Words of the contact's name, organization or e-mail"}
    )
