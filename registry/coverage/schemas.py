"""How coverage looks in the API (the contract's shape, keyed by convention and role), and its filters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

import marshmallow as ma

from registry.conventions import CONVENTIONS, PARTY_STATUSES, ROLES
from registry.coverage.services import Coverage, PartyCoverage
from registry.coverage.staleness import STALENESS
from registry.parties.regions import REGIONS


def _choice(values: tuple[str, ...], description: str) -> ma.fields.String:
    allowed = ", ".join(values)
    return ma.fields.String(
        load_default=None,
        validate=ma.validate.OneOf(("", *values), error=f"Must be one of: {allowed} (or empty: all)."),
        metadata={"description": description},
    )


class CoverageQuerySchema(ma.Schema):
    convention = _choice(CONVENTIONS, "Only this convention (empty or absent: all three)")
    region = _choice(REGIONS, "Only the parties of this UN regional group (the EU is in none)")

    @ma.post_load
    def _empty_is_all(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        # The contract writes the filters as ``?convention=&region=``: an empty one filters nothing.
        return {name: value or None for name, value in data.items()}


class RoleCoverageSchema(ma.Schema):
    holders = ma.fields.Integer(metadata={"description": "Current designations of the role"})
    last_confirmed = ma.fields.Date(
        allow_none=True,
        metadata={"description": "The last day a list or the party confirmed a current holder; null: never"},
    )


class SharedOrganizationSchema(ma.Schema):
    organization = ma.fields.String()
    conventions = ma.fields.List(ma.fields.String(metadata={"enum": list(CONVENTIONS)}))


class RoleTotalsSchema(ma.Schema):
    held = ma.fields.Integer(metadata={"description": "Parties to the convention with at least one holder"})
    vacant = ma.fields.Integer(metadata={"description": "Parties to the convention with no holder"})
    non_parties = ma.fields.Integer(
        metadata={"description": "Signatories and non-parties with at least one holder (in neither count)"}
    )
    staleness = ma.fields.Nested(
        ma.Schema.from_dict({bucket: ma.fields.Integer() for bucket in STALENESS}, name="Staleness"),
        metadata={"description": "Parties holding the role, by the age of its last confirmation"},
    )


def _by_convention(part: str, value: Callable[[str], ma.fields.Field[Any]]) -> type[ma.Schema]:
    """A schema with one optional member per convention (``value`` makes each member's field)."""
    fields: dict[str, ma.fields.Field[Any]] = {c: value(c) for c in CONVENTIONS}
    return ma.Schema.from_dict(fields, name=f"Coverage{part}ByConvention")


def _roles_of(convention: str, schema: type[ma.Schema], part: str) -> ma.fields.Nested:
    fields: dict[str, ma.fields.Field[Any]] = {role: ma.fields.Nested(schema) for role in ROLES[convention]}
    return ma.fields.Nested(ma.Schema.from_dict(fields, name=f"{convention.capitalize()}{part}"))


def _party_convention(convention: str) -> ma.fields.Nested:
    fields = {
        "status": ma.fields.String(metadata={"enum": list(PARTY_STATUSES)}),
        "roles": _roles_of(convention, RoleCoverageSchema, "RoleCoverage"),
    }
    return ma.fields.Nested(ma.Schema.from_dict(fields, name=f"{convention.capitalize()}PartyCoverage"))


class PartyCoverageSchema(ma.Schema):
    party = ma.fields.String(metadata={"description": "ISO 3166-1 alpha-3, or EUU for the European Union"})
    name = ma.fields.String()
    region = ma.fields.String(allow_none=True, metadata={"enum": [*REGIONS, None]})
    conventions = ma.fields.Nested(_by_convention("Party", _party_convention))
    people = ma.fields.Integer(
        metadata={"description": "Distinct people (contacts) holding the party's roles, all conventions"}
    )
    shared_organizations = ma.fields.List(
        ma.fields.Nested(SharedOrganizationSchema),
        metadata={"description": "Organizations whose people hold roles under more than one convention"},
    )


class CoverageSchema(ma.Schema):
    as_of = ma.fields.Date(metadata={"description": "The day staleness is counted from (UTC)"})
    parties = ma.fields.List(ma.fields.Nested(PartyCoverageSchema))
    totals = ma.fields.Nested(
        _by_convention("Totals", lambda c: _roles_of(c, RoleTotalsSchema, "RoleTotals")),
        metadata={"description": "Per convention and role, over the parties listed"},
    )


def coverage_json(coverage: Coverage) -> dict[str, Any]:
    """``coverage`` in the API's shape (dates still dates: the schema writes them)."""
    return {
        "as_of": coverage.today,
        "parties": [_party_json(coverage, party) for party in coverage.parties],
        "totals": {c: {r: asdict(coverage.totals[(c, r)]) for r in ROLES[c]} for c in coverage.conventions},
    }


def _party_json(coverage: Coverage, party: PartyCoverage) -> dict[str, Any]:
    conventions = {
        c: {
            "status": party.status[c],
            "roles": {
                r: {
                    "holders": party.roles[(c, r)].holders,
                    "last_confirmed": party.roles[(c, r)].last_confirmed,
                }
                for r in ROLES[c]
            },
        }
        for c in coverage.conventions
    }
    shared = [
        {"organization": org.name, "conventions": list(org.conventions)} for org in party.shared_organizations
    ]
    return {
        "party": party.code,
        "name": party.name,
        "region": party.region,
        "conventions": conventions,
        "people": party.people,
        "shared_organizations": shared,
    }
