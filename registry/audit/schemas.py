"""How history entries and the change feed look in the API."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import marshmallow as ma

from registry.audit.actor import public_author
from registry.audit.models import Change


@dataclass(frozen=True)
class AuthorHidden:
    """A change as a reader who may not know its author sees it: the same change, its author reduced to
    :func:`~registry.audit.actor.public_author`."""

    change: Change

    def __getattr__(self, name: str) -> Any:
        return getattr(self.change, name)

    @property
    def actor(self) -> dict[str, Any]:
        return public_author(self.change.actor)


class ActorSchema(ma.Schema):
    kind = ma.fields.String(
        metadata={"description": "token, user, sync, cli, or visitor (anyone: the password reset form)"}
    )
    name = ma.fields.String()
    role = ma.fields.String(metadata={"description": "admin, secretariat or party"})
    party = ma.fields.String()
    convention = ma.fields.String()
    run_id = ma.fields.String(metadata={"description": "For a sync: the run"})


class ChangeSchema(ma.Schema):
    """One change: what was changed, from what to what, by whom, when."""

    seq = ma.fields.Integer(metadata={"description": "Increases in commit order"})
    at = ma.fields.DateTime()
    kind = ma.fields.String(metadata={"enum": ["created", "updated", "ended"]})
    resource = ma.fields.String(metadata={"enum": ["contact", "designation"]})
    id = ma.fields.Integer(attribute="resource_id")
    party = ma.fields.String(attribute="party_code")
    changed = ma.fields.Method(
        "_fields", data_key="fields", metadata={"description": "Each changed field: {old, new}"}
    )
    actor = ma.fields.Nested(
        ActorSchema, metadata={"description": "Who made it; for an anonymous reader only its kind and role"}
    )
    state = ma.fields.Dict(
        metadata={"description": "The resource after the change (for an ended one: its tombstone)"}
    )

    def _fields(self, change: Change) -> dict[str, Any]:
        return {name: {"old": values[0], "new": values[1]} for name, values in change.fields.items()}


class HistorySchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ChangeSchema))


class FeedSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ChangeSchema))
    next = ma.fields.String(
        metadata={"description": "Resume from here (always given; poll it for new changes)"}
    )
    cursor = ma.fields.String(metadata={"description": "The cursor of `next`"})


class Moment(ma.fields.Field[dt.datetime]):
    """An ISO 8601 time, read in UTC: with an offset (``Z``, ``+02:00``), or without one (then UTC); a date
    alone is its midnight. A ``+`` that a URL turned into a space is read as the ``+`` it was."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dt.datetime:
        text = re.sub(r"(T\S+) (\d{2}(:?\d{2})?)$", r"\1+\2", value.strip()) if isinstance(value, str) else ""
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ma.ValidationError("Not an ISO 8601 time (2026-11-27T02:00:00Z).") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        try:
            return moment.astimezone(dt.UTC)
        except OverflowError:
            raise ma.ValidationError("Not a time the registry can hold.") from None


class FeedArgs(ma.Schema):
    cursor = ma.fields.String(
        load_default=None,
        validate=ma.validate.Length(max=200),
        metadata={"description": "From a `next` link; none: the beginning"},
    )
    since = Moment(
        load_default=None,
        metadata={
            "type": "string",
            "format": "date-time",
            "description": "ISO 8601 (UTC when it has no offset): start at the first change made at or after "
            "it; with a cursor, the later of the two",
        },
    )
    limit = ma.fields.Integer(load_default=100, validate=ma.validate.Range(1, 1000))
