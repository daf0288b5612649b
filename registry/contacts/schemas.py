"""How contacts look in the API, and what a create or a change may send."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from registry.contacts.services import contact_state


def _text(max_length: int = 300) -> ma.fields.String:
    return ma.fields.String(allow_none=True, validate=ma.validate.Length(max=max_length))


class AddressSchema(ma.Schema):
    street = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=1000))
    city = _text()
    postal_code = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=40))


class DesignationBriefSchema(ma.Schema):
    id = ma.fields.Integer()
    convention = ma.fields.String()
    role = ma.fields.String()
    party = ma.fields.String(attribute="party_code")
    scope = ma.fields.String(allow_none=True)
    is_transit = ma.fields.Boolean()
    starts_on = ma.fields.Date()


class ContactFieldsSchema(ma.Schema):
    """The fields a party keeps up to date."""

    title = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=60))
    given_name = _text()
    family_name = _text()
    position = _text()
    department = _text()
    organization = _text()
    address = ma.fields.Nested(AddressSchema, allow_none=True)
    emails = ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(max=320)), validate=ma.validate.Length(max=20)
    )
    phones = ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(max=60)),
        validate=ma.validate.Length(max=20),
        metadata={"description": "E.164; a number without country code is read in the party's country"},
    )
    faxes = ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(max=60)), validate=ma.validate.Length(max=20)
    )
    website = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=500))


class ContactCreateSchema(ContactFieldsSchema):
    party = ma.fields.String(
        required=True, metadata={"description": "The party's alpha-3 code (EUU: the EU)"}
    )


class ContactPatchSchema(ContactFieldsSchema):
    pass


class ContactSchema(ma.Schema):
    """A contact, with its current designations and where each field's value came from."""

    id = ma.fields.Integer()
    party = ma.fields.String(attribute="party_code")
    title = ma.fields.String(allow_none=True)
    given_name = ma.fields.String(allow_none=True)
    family_name = ma.fields.String(allow_none=True)
    position = ma.fields.String(allow_none=True)
    department = ma.fields.String(allow_none=True)
    organization = ma.fields.String(allow_none=True)
    address = ma.fields.Method("_address")
    emails = ma.fields.List(ma.fields.String())
    phones = ma.fields.List(ma.fields.String())
    faxes = ma.fields.List(ma.fields.String())
    unparsed_phones = ma.fields.List(
        ma.fields.String(), metadata={"description": "Numbers a list gave that could not be read, as written"}
    )
    website = ma.fields.String(allow_none=True)
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime()
    version = ma.fields.Integer()
    sources = ma.fields.Dict(metadata={"description": "Per field: who set the current value, and when"})
    designations = ma.fields.List(ma.fields.Nested(DesignationBriefSchema), attribute="current_designations")

    def _address(self, contact: Any) -> dict[str, Any]:
        return dict(contact_state(contact)["address"])


class EmbeddedContactSchema(ContactSchema):
    class Meta:
        exclude = ("designations",)


class ContactQuerySchema(ma.Schema):
    party = ma.fields.String(load_default=None, metadata={"description": "A party code"})
    q = ma.fields.String(
        load_default=None,
        metadata={"description": "Words of a name, organization or e-mail (accents ignored)"},
    )
