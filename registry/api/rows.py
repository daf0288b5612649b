"""Answers built straight from selected columns, in the shape their marshmallow schema documents.

A list's answer is most of the API's work: dumping ORM objects through marshmallow took half of a worker's
time, loading them a third (py-spy, bench/RESULTS.md). Here a :class:`RowShape` reads the schema once (its
fields, their order, the attribute each reads) and then builds each item from a row of plain column values,
which orjson encodes. The schemas stay the one description of the answers (the OpenAPI document, input
validation); a test holds every shape to its schema's dump, byte for byte, on both databases.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import marshmallow as ma
import orjson
from flask import Response
from sqlalchemy import ColumnElement

Build = Callable[[Sequence[Any]], Any]


class RowShape:
    """How to build ``schema``'s dump of an object from a row holding ``columns`` (by attribute name).

    ``nested`` builds a field from the row instead (a nested object: the address, a designation's contact),
    ``omit`` leaves fields out (those another query fills in). The columns are read from position ``offset``
    of a row on (after another shape's), labelled with ``prefix``. Values are taken as the database returns
    them: text, numbers, booleans, lists of text, dates and times (orjson writes the two last in ISO 8601,
    as marshmallow does).
    """

    def __init__(
        self,
        schema: ma.Schema,
        columns: Mapping[str, ColumnElement[Any]],
        nested: Mapping[str, Callable[[RowShape], Build]] | None = None,
        omit: Sequence[str] = (),
        offset: int = 0,
        prefix: str = "",
    ) -> None:
        self.offset = offset
        self.names = list(columns)
        self.columns = [column.label(prefix + name) for name, column in columns.items()]
        self.steps: list[tuple[str, int | Build]] = []
        for name, field in schema.dump_fields.items():
            if name in omit:
                continue
            if nested and name in nested:
                self.steps.append((name, nested[name](self)))
            else:
                self.steps.append((name, self.index(field.attribute or name)))

    def index(self, attribute: str) -> int:
        """Where the column of ``attribute`` is in this shape's columns."""
        return self.names.index(attribute)

    def build(self, row: Sequence[Any]) -> dict[str, Any]:
        """The item of ``row``."""
        offset, item = self.offset, {}
        for name, step in self.steps:
            item[name] = row[offset + step] if isinstance(step, int) else step(row)
        return item


def parts(names: Sequence[str]) -> Callable[[RowShape], Build]:
    """A nested object made of some of the row's own columns (``address``: street, city, postal code)."""

    def make(shape: RowShape) -> Build:
        indexes = [(name, shape.index(name)) for name in names]
        return lambda row: {name: row[shape.offset + index] for name, index in indexes}

    return make


def json_response(body: Any) -> Response:
    """``body`` as the API's JSON answer (UTF-8, compact, a final line break as Flask writes it)."""
    return Response(orjson.dumps(body) + b"\n", mimetype="application/json")
