"""How parties look in the API."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from registry.conventions import CONVENTIONS, PARTY_STATUSES


class StatusSchema(ma.Schema):
    basel = ma.fields.String(metadata={"enum": list(PARTY_STATUSES)})
    rotterdam = ma.fields.String(metadata={"enum": list(PARTY_STATUSES)})
    stockholm = ma.fields.String(metadata={"enum": list(PARTY_STATUSES)})


class PartySchema(ma.Schema):
    code = ma.fields.String(metadata={"description": "ISO 3166-1 alpha-3, or EUU for the European Union"})
    alpha2 = ma.fields.String()
    name = ma.fields.String()
    kind = ma.fields.String(metadata={"enum": ["state", "reio"]})
    status = ma.fields.Method(
        "_status", metadata={"description": "party or non_party, under each convention"}
    )

    def _status(self, party: Any) -> dict[str, str]:
        return {convention: party.status(convention) for convention in CONVENTIONS}


class PartyQuerySchema(ma.Schema):
    q = ma.fields.String(load_default=None, metadata={"description": "A name, code or name variant"})
    convention = ma.fields.String(
        load_default=None,
        validate=ma.validate.OneOf(CONVENTIONS),
        metadata={"description": "Only parties to this convention"},
    )
