"""How contacts look in the API, and what a create or a change may send."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from registry.api import Text
from registry.contacts.fields import ITEM_LIMITS, MAX_ITEMS, TEXT_LIMITS
from registry.contacts.services import contact_state
from registry.conventions import CONVENTIONS, ROLES
from registry.parties.schemas import PartyCode


def _text(max_length: int, **kwargs: Any) -> Text:
    return Text(allow_none=True, validate=ma.validate.Length(max=max_length), **kwargs)


def _list(name: str, **kwargs: Any) -> ma.fields.List[Any]:
    item = Text(validate=ma.validate.Length(max=ITEM_LIMITS[name]))
    return ma.fields.List(item, validate=ma.validate.Length(max=MAX_ITEMS), **kwargs)


class AddressSchema(ma.Schema):
    street = _text(TEXT_LIMITS["street"], metadata={"description": "Lines separated by line breaks"})
    city = _text(TEXT_LIMITS["city"])
    postal_code = _text(TEXT_LIMITS["postal_code"])


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

    title = _text(TEXT_LIMITS["title"])
    given_name = _text(
        TEXT_LIMITS["given_name"],
        metadata={"description": "Null (with family_name) for an office with no named person"},
    )
    family_name = _text(TEXT_LIMITS["family_name"])
    position = _text(TEXT_LIMITS["position"])
    department = _text(TEXT_LIMITS["department"])
    organization = _text(TEXT_LIMITS["organization"])
    address = ma.fields.Nested(AddressSchema, allow_none=True)
    emails = _list("emails")
    phones = _list(
        "phones",
        metadata={"description": "E.164; a number without country code is read in the party's country"},
    )
    faxes = _list("faxes")
    website = _text(TEXT_LIMITS["website"])


class NewRoleSchema(ma.Schema):
    """A designation made together with a new contact (as ``POST /designations`` takes it)."""

    convention = ma.fields.String(required=True, validate=ma.validate.OneOf(CONVENTIONS))
    role = ma.fields.String(
        required=True, validate=ma.validate.OneOf(sorted({r for roles in ROLES.values() for r in roles}))
    )
    scope = Text(allow_none=True, load_default=None, validate=ma.validate.Length(max=200))
    is_transit = ma.fields.Boolean(load_default=False)
    starts_on = ma.fields.Date(load_default=None)


class ContactCreateSchema(ContactFieldsSchema):
    party = PartyCode(required=True)
    designations = ma.fields.List(
        ma.fields.Nested(NewRoleSchema),
        load_default=list,
        validate=ma.validate.Length(max=6),
        metadata={
            "description": "Roles to designate the new contact for, in the same request (a secretariat "
            "adds only contacts it designates under its convention)"
        },
    )


class ContactPatchSchema(ContactFieldsSchema):
    pass


class ContactSchema(ma.Schema):
    """A contact, with its current designations."""

    id = ma.fields.Integer()
    party = ma.fields.String(attribute="party_code")
    title = ma.fields.String(allow_none=True)
    given_name = ma.fields.String(allow_none=True)
    family_name = ma.fields.String(allow_none=True)
    position = ma.fields.String(allow_none=True)
    department = ma.fields.String(allow_none=True)
    organization = ma.fields.String(allow_none=True)
    address = ma.fields.Nested(AddressSchema)
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
    designations = ma.fields.List(ma.fields.Nested(DesignationBriefSchema), attribute="current_designations")

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        if attr == "address":
            # A contact, or (for an as-of answer) the state the history recorded, already in API shape.
            return obj.get("address", default) if isinstance(obj, dict) else contact_state(obj)["address"]
        return super().get_attribute(obj, attr, default)


class ContactDetailSchema(ContactSchema):
    """One contact, with where each field's value came from and when a list or its party last confirmed it.

    (Lists leave these out: they are most of a contact's weight, and a list seldom needs them.)
    """

    sources = ma.fields.Dict(metadata={"description": "Per field: who set the current value, and when"})
    confirmed = ma.fields.Dict(
        metadata={
            "description": "by_lists: convention -> last run that read it; by_party: last edit by the party"
        }
    )


class EmbeddedContactSchema(ContactSchema):
    class Meta:
        exclude = ("designations",)


class ContactQuerySchema(ma.Schema):
    party = Text(
        load_default=None, validate=ma.validate.Length(max=3), metadata={"description": "A party code"}
    )
    q = Text(
        load_default=None,
        validate=ma.validate.Length(max=200),
        metadata={"description": "Words of a name, organization or e-mail (case and accents ignored)"},
    )
