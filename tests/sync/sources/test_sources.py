"""The registry of sources: one per convention, looked up by name."""

from __future__ import annotations

import pytest

from registry.conventions import CONVENTIONS
from sync.sources import SOURCES, get_source


def test_sources_cover_every_convention() -> None:
    assert sorted(SOURCES) == sorted(CONVENTIONS)


def test_get_source_returns_the_conventions_source() -> None:
    assert get_source("rotterdam").convention == "rotterdam"


def test_get_source_rejects_an_unknown_convention() -> None:
    with pytest.raises(ValueError, match="'minamata'"):
        get_source("minamata")
