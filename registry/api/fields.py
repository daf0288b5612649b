"""Input fields of the API's schemas: text as people write it, and row ids."""

from __future__ import annotations

import unicodedata
from typing import Any

import marshmallow as ma

from registry.api.paths import MAX_ID
from registry.text import text_problem


class Text(ma.fields.String):
    """A string as people write it: NFC-normalized and trimmed; control characters and bidirectional
    overrides refused (:func:`registry.text.text_problem`, the rule every writer follows).

    Validators (``Length``...) see the normalized text, which is what is stored.
    """

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        problem = text_problem(text)
        if problem:
            raise ma.ValidationError(problem)
        return unicodedata.normalize("NFC", text).strip()


def record_id(**kwargs: Any) -> ma.fields.Integer:
    """An integer field naming a row (1 to 2**31 - 1)."""
    return ma.fields.Integer(strict=True, validate=ma.validate.Range(1, MAX_ID), **kwargs)
