"""How parties look in the API, and the party code a request may name."""

from __future__ import annotations

import re
from typing import Any

import marshmallow as ma

from registry.api.fields import Text
from registry.conventions import CONVENTIONS, PARTY_STATUSES
from registry.db import db
from registry.parties.models import Party
from registry.parties.regions import REGIONS
from registry.parties.services import no_such_party

PARTY_CODE = re.compile(r"[A-Za-z]{3}")


class StatusSchema(ma.Schema):
    basel = ma.fields.String(metadata={"enum": list(PARTY_STATUSES)})
    rotterdam = ma.fields.String(metadata={"enum": list(PARTY_STATUSES)})
    stockholm = ma.fields.String(metadata={"enum": list(PARTY_STATUSES)})


class PartySchema(ma.Schema):
    code = ma.fields.String(metadata={"description": "ISO 3166-1 alpha-3, or EUU for the European Union"})
    alpha2 = ma.fields.String()
    name = ma.fields.String()
    kind = ma.fields.String(metadata={"enum": ["state", "reio"]})
    region = ma.fields.String(
        allow_none=True,
        metadata={"enum": [*REGIONS, None], "description": "Its UN regional group; null for the EU"},
    )
    status = ma.fields.Nested(StatusSchema, metadata={"description": "Its status under each convention"})

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        if attr == "status":
            return {convention: obj.status(convention) for convention in CONVENTIONS}
        return super().get_attribute(obj, attr, default)


class PartyCode(Text):
    """The alpha-3 code (any case) of a party the registry knows, loaded in upper case; for anything else, a
    message naming the parties it may have meant ("Did you mean KEN (Kenya)?"). An alpha-2 code or a name is
    not taken for the party it names: it is suggested, so that the request says the code the answer shows."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"description": "The party's alpha-3 code (EUU: the EU)", **kwargs.pop("metadata", {})}
        super().__init__(metadata={"pattern": "^[A-Za-z]{3}$", **metadata}, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        code = super()._deserialize(value, attr, data, **kwargs)
        session = db.session()
        if not PARTY_CODE.fullmatch(code) or session.get(Party, code.upper()) is None:
            raise ma.ValidationError(no_such_party(session, code))
        return code.upper()


class PartyQuerySchema(ma.Schema):
    q = Text(
        load_default=None,
        validate=ma.validate.Length(max=200),
        metadata={"description": "A name, code or name variant"},
    )
    convention = ma.fields.String(
        load_default=None,
        validate=ma.validate.OneOf(CONVENTIONS),
        metadata={"description": "Only parties to this convention"},
    )
