"""How contacts look in the API, and what a create or a change may send: built from the field table
(:mod:`registry.contacts.fields`), so that a new field appears in both, with its limits, by itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import marshmallow as ma

from registry.api.fields import Text
from registry.contacts.fields import ADDRESS_PARTS, API_FIELDS, BY_NAME, MAX_ITEMS, ContactField, Kind
from registry.contacts.services import contact_state
from registry.conventions import CONVENTIONS, ROLES
from registry.parties.schemas import PartyCode

Fields = dict[str, ma.fields.Field[Any]]


def _input(field: ContactField) -> ma.fields.Field[Any]:
    """The field as a create or a change may send it, held to the table's limits."""
    metadata = {"description": field.note} if field.note else {}
    if field.kind is Kind.LIST:
        item = Text(validate=ma.validate.Length(max=field.max_length))
        return ma.fields.List(item, validate=ma.validate.Length(max=MAX_ITEMS), metadata=metadata)
    return Text(allow_none=True, validate=ma.validate.Length(max=field.max_length), metadata=metadata)


def _output(field: ContactField) -> ma.fields.Field[Any]:
    return (
        ma.fields.List(ma.fields.String()) if field.kind is Kind.LIST else ma.fields.String(allow_none=True)
    )


def contact_fields(make: Callable[[ContactField], ma.fields.Field[Any]]) -> Fields:
    """Every field of the table by its API name, in order; street, city and postal code as ``address``."""
    return {
        name: ma.fields.Nested(AddressSchema) if name == "address" else make(BY_NAME[name])
        for name in API_FIELDS
    }


# Schemas built from a table are made with from_dict; subclassing one is a class mypy cannot see through.
AddressSchema = ma.Schema.from_dict({p: _input(BY_NAME[p]) for p in ADDRESS_PARTS}, name="AddressSchema")
ContactFieldsSchema = ma.Schema.from_dict(contact_fields(_input), name="ContactFieldsSchema")


class DesignationBriefSchema(ma.Schema):
    id = ma.fields.Integer()
    convention = ma.fields.String()
    role = ma.fields.String()
    party = ma.fields.String(attribute="party_code")
    scope = ma.fields.String(allow_none=True)
    is_transit = ma.fields.Boolean()
    starts_on = ma.fields.Date()


class NewRoleSchema(ma.Schema):
    """A designation made together with a new contact (as ``POST /designations`` takes it)."""

    convention = ma.fields.String(required=True, validate=ma.validate.OneOf(CONVENTIONS))
    role = ma.fields.String(
        required=True, validate=ma.validate.OneOf(sorted({r for roles in ROLES.values() for r in roles}))
    )
    scope = Text(allow_none=True, load_default=None, validate=ma.validate.Length(max=200))
    is_transit = ma.fields.Boolean(load_default=False)
    starts_on = ma.fields.Date(load_default=None)


class ContactCreateSchema(ContactFieldsSchema):  # type: ignore[misc,valid-type]
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


class ContactPatchSchema(ContactFieldsSchema):  # type: ignore[misc,valid-type]
    pass


class _ContactOut(ma.Schema):
    """A contact as the API shows it (the fields come from the table; see ContactSchema)."""

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        if attr == "address":
            # A contact, or (for an as-of answer) the state the history recorded, already in API shape.
            return obj.get("address", default) if isinstance(obj, dict) else contact_state(obj)["address"]
        return super().get_attribute(obj, attr, default)


def _shown() -> Fields:
    shown: Fields = {"id": ma.fields.Integer(), "party": ma.fields.String(attribute="party_code")}
    for name, field in contact_fields(_output).items():
        shown[name] = field
        if name == "faxes":  # what a list gave that could not be read as a number, beside the numbers
            shown["unparsed_phones"] = ma.fields.List(
                ma.fields.String(),
                metadata={"description": "Numbers a list gave that could not be read, as written"},
            )
    return shown | {
        "created_at": ma.fields.DateTime(),
        "updated_at": ma.fields.DateTime(),
        "version": ma.fields.Integer(),
        "designations": ma.fields.List(
            ma.fields.Nested(DesignationBriefSchema), attribute="current_designations"
        ),
    }


ContactSchema = _ContactOut.from_dict(_shown(), name="ContactSchema")
ContactSchema.__doc__ = "A contact, with its current designations."


class ContactDetailSchema(ContactSchema):  # type: ignore[misc,valid-type]
    """One contact, with where each field's value came from and when a list or its party last confirmed it.

    (Lists leave these out: they are most of a contact's weight, and a list seldom needs them.)
    """

    sources = ma.fields.Dict(metadata={"description": "Per field: who set the current value, and when"})
    confirmed = ma.fields.Dict(
        metadata={
            "description": "by_lists: convention -> last run that read it; by_party: last edit by the party"
        }
    )


class EmbeddedContactSchema(ContactSchema):  # type: ignore[misc,valid-type]
    class Meta:
        exclude = ("designations",)


class ContactQuerySchema(ma.Schema):
    party = PartyCode(load_default=None)
    q = Text(
        load_default=None,
        validate=ma.validate.Length(max=200),
        metadata={"description": "Words of a name, organization or e-mail (case and accents ignored)"},
    )
