"""How discrepancies look in the API, what a list of them may ask for, and what a resolution sends."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from registry.api.fields import Text
from registry.api.pagination import PageArgs
from registry.audit.schemas import ActorSchema
from registry.conventions import CONVENTIONS
from registry.designations.schemas import ROLE_VALUES
from registry.discrepancies.models import KEEPS, KINDS, STATUSES, Discrepancy
from registry.text import clean


class FieldSidesSchema(ma.Schema):
    """One field as each side holds it (values as the API writes them: text, lists, an address)."""

    registry = ma.fields.Raw(allow_none=True, metadata={"description": "The registry's value"})
    listed = ma.fields.Raw(
        attribute="list", data_key="list", allow_none=True, metadata={"description": "The list's value"}
    )
    baseline = ma.fields.Raw(
        allow_none=True, metadata={"description": "What the list said at the last run before (null: never)"}
    )


class ContactSummarySchema(ma.Schema):
    title = ma.fields.String(allow_none=True)
    given_name = ma.fields.String(allow_none=True)
    family_name = ma.fields.String(allow_none=True)
    organization = ma.fields.String(allow_none=True)
    emails = ma.fields.List(ma.fields.String())


class SeenSchema(ma.Schema):
    run_id = ma.fields.String(metadata={"description": "The sync run"})
    at = ma.fields.DateTime()


class ResolutionSchema(ma.Schema):
    keep = ma.fields.String(metadata={"enum": list(KEEPS)})
    by = ma.fields.Nested(ActorSchema, metadata={"description": "Who resolved it (a sync run: the list)"})
    at = ma.fields.DateTime()


class DiscrepancySchema(ma.Schema):
    id = ma.fields.Integer()
    kind = ma.fields.String(metadata={"enum": list(KINDS)})
    status = ma.fields.String(metadata={"enum": list(STATUSES)})
    convention = ma.fields.String(metadata={"enum": list(CONVENTIONS)})
    party = ma.fields.String(attribute="party_code")
    role = ma.fields.String(metadata={"enum": ROLE_VALUES})
    designation_id = ma.fields.Integer()
    contact_id = ma.fields.Integer()
    contact = ma.fields.Nested(ContactSummarySchema, metadata={"description": "The registry's contact"})
    # Not "fields": a schema's own attribute of that name lists its fields.
    differing = ma.fields.Dict(
        attribute="fields",
        data_key="fields",
        keys=ma.fields.String(),
        values=ma.fields.Nested(FieldSidesSchema),
        metadata={"description": "Each field that differs, by its API name: registry, list and baseline"},
    )
    first_seen = ma.fields.Method("_first_seen", metadata={"description": "The run that opened it"})
    last_seen = ma.fields.Method("_last_seen", metadata={"description": "The last run that found it"})
    resolution = ma.fields.Method(
        "_resolution", allow_none=True, metadata={"description": "null while open; else keep, by, at"}
    )
    version = ma.fields.Integer()

    def _first_seen(self, d: Discrepancy) -> dict[str, Any]:
        seen: dict[str, Any] = SeenSchema().dump({"run_id": d.first_run_id, "at": d.first_seen_at})
        return seen

    def _last_seen(self, d: Discrepancy) -> dict[str, Any]:
        seen: dict[str, Any] = SeenSchema().dump({"run_id": d.last_run_id, "at": d.last_seen_at})
        return seen

    def _resolution(self, d: Discrepancy) -> dict[str, Any] | None:
        if d.keep is None:
            return None
        by = d.resolved_by or {}
        resolution: dict[str, Any] = ResolutionSchema().dump({"keep": d.keep, "by": by, "at": d.resolved_at})
        return resolution


def _party_code(value: str) -> None:
    if not (len(value) == 3 and value.isascii() and value.isalpha()):
        raise ma.ValidationError("A party's three-letter code (KEN).")


class DiscrepancyQuerySchema(PageArgs):
    convention = ma.fields.String(load_default=None, validate=ma.validate.OneOf(CONVENTIONS))
    party = Text(load_default=None, validate=_party_code, metadata={"description": "A party code"})
    kind = ma.fields.String(load_default=None, validate=ma.validate.OneOf(KINDS))
    status = ma.fields.String(
        load_default="open", validate=ma.validate.OneOf(STATUSES), metadata={"description": "Default: open"}
    )

    @ma.post_load
    def _upper(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        data["party"] = (clean(data["party"]) or "").upper() or None
        return data


class ResolutionArgs(ma.Schema):
    keep = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(KEEPS),
        metadata={"description": "list: write the list's values now; registry: the list is out of date"},
    )
