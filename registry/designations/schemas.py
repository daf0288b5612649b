"""How designations look in the API, and what a create or a change may send."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from registry.api.fields import Text, record_id
from registry.contacts.schemas import EmbeddedContactSchema
from registry.conventions import CONVENTIONS, DNA_SCOPES, ROLE_CODES, ROLES
from registry.parties.schemas import PartyCode

# The scopes in words (the labels' English: these messages are the API's, not a page's).
SCOPE_CHOICES = "Must be one of: P (pesticides), C (industrial chemicals), CP (both)."
SCOPE_FOUND_BY = "P finds the DNAs for pesticides and those for both (CP); C those for chemicals and for both"

ROLE_VALUES = list(ROLE_CODES)
SCOPE_DESCRIPTION = f"DNA: one of {', '.join(DNA_SCOPES)}; CA: free text or null; other roles: null"


class DesignationSchema(ma.Schema):
    id = ma.fields.Integer()
    convention = ma.fields.String(metadata={"enum": list(CONVENTIONS)})
    role = ma.fields.String(metadata={"enum": ROLE_VALUES})
    party = ma.fields.String(attribute="party_code")
    scope = ma.fields.String(allow_none=True, metadata={"description": SCOPE_DESCRIPTION})
    is_transit = ma.fields.Boolean(metadata={"description": "Basel CA for transit"})
    contact_id = ma.fields.Integer()
    contact = ma.fields.Nested(EmbeddedContactSchema)
    starts_on = ma.fields.Date()
    ends_on = ma.fields.Date(
        allow_none=True, metadata={"description": "Null while the designation is current"}
    )
    source = ma.fields.String(metadata={"description": "api, web, cli, or the list it came from"})
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime()
    version = ma.fields.Integer()


class DesignationDetailSchema(DesignationSchema):
    """One designation, with where it came from and when a list last confirmed it."""

    provenance = ma.fields.Dict(
        metadata={"description": "source, created (at, by), last_changed (at, by), confirmed_by_list"}
    )


class AsOfArgs(ma.Schema):
    as_of = ma.fields.Date(
        load_default=None,
        metadata={
            "description": "YYYY-MM-DD: the designations current on that date, contacts as recorded then"
        },
    )


class EndArgs(ma.Schema):
    ends_on = ma.fields.Date(
        load_default=None,
        metadata={"description": "When the designation ended (default: today; not in the future)"},
    )


class DesignationCreateSchema(ma.Schema):
    convention = ma.fields.String(required=True, validate=ma.validate.OneOf(CONVENTIONS))
    role = ma.fields.String(required=True, validate=ma.validate.OneOf(ROLE_VALUES))
    party = PartyCode(load_default=None, metadata={"description": "Defaults to the contact's party"})
    contact_id = record_id(required=True)
    scope = Text(
        allow_none=True,
        load_default=None,
        validate=ma.validate.Length(max=200),
        metadata={"description": SCOPE_DESCRIPTION},
    )
    is_transit = ma.fields.Boolean(load_default=False, metadata={"description": "Only for a Basel CA"})
    starts_on = ma.fields.Date(load_default=None, metadata={"description": "Defaults to today"})


class DesignationPatchSchema(ma.Schema):
    scope = Text(
        allow_none=True, validate=ma.validate.Length(max=200), metadata={"description": SCOPE_DESCRIPTION}
    )
    is_transit = ma.fields.Boolean(metadata={"description": "Only for a Basel CA"})
    starts_on = ma.fields.Date()


class DesignationFilters(AsOfArgs):
    """What a list of designations may be kept to, besides the party."""

    convention = ma.fields.String(load_default=None, validate=ma.validate.OneOf(CONVENTIONS))
    role = ma.fields.String(
        load_default=None,
        validate=ma.validate.OneOf(ROLE_CODES),
        metadata={"description": "; ".join(f"{c}: {', '.join(roles)}" for c, roles in ROLES.items())},
    )
    scope = ma.fields.String(
        load_default=None,
        validate=ma.validate.OneOf(DNA_SCOPES, error=SCOPE_CHOICES),
        metadata={"description": f"A DNA's scope; {SCOPE_FOUND_BY}"},
    )
    q = Text(
        load_default=None,
        validate=ma.validate.Length(max=200),
        metadata={
            "description": "Words of the contact's name, organization or e-mail, in any script (case, "
            "accents and spaces between Chinese, Japanese or Korean characters ignored; Latin letters find "
            "other scripts' names); best matches first: the whole name, then the start of a name, then the "
            "organization, then the e-mail"
        },
    )

    @ma.validates_schema
    def _role_of_convention(self, data: dict[str, Any], **kwargs: Any) -> None:
        convention, role = data.get("convention"), data.get("role")
        if convention and role and role not in ROLES[convention]:
            message = f"The {convention} convention has the roles {' and '.join(ROLES[convention])}."
            raise ma.ValidationError({"role": [message]})


class DesignationQuerySchema(DesignationFilters):
    party = PartyCode(load_default=None)
