"""The catalogs: every message of the sources in every language, translated (a fuzzy one is not), with the
placeholders of its English, and compiled into the .mo files the app reads."""

from __future__ import annotations

import io
import re
from functools import cache

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo

from registry.config import PROJECT_ROOT
from tests.i18n.english import CATALOGS, TRANSLATED, catalog

KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")


@cache
def _sources() -> frozenset[tuple[str | None, str]]:
    """The (context, message) pairs `make translations` extracts from the sources today (babel.cfg); read
    once a session (a second a read), for the template and each language."""
    with (PROJECT_ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = set()
    for _, _, message, _, context in extract_from_dir(PROJECT_ROOT, method_map, options_map, KEYWORDS):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return frozenset(found)


def _ids(language: str) -> set[tuple[str | None, str]]:
    return {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in catalog(language) if m.id}


def _untranslated(language: str) -> list[str]:
    missing = []
    for message in catalog(language):
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(forms):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def test_catalog_template_holds_every_message_of_the_sources() -> None:
    assert _sources() - _ids("en") == set(), "run `make translations`, then translate the new messages"


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_holds_every_message_of_the_sources(language: str) -> None:
    assert _sources() - _ids(language) == set(), "run `make translations`, then translate the new messages"


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_translates_every_message(language: str) -> None:
    assert _untranslated(language) == []


def _placeholder_problems(language: str) -> list[str]:
    """Messages whose translation drops or invents a placeholder (a plural form may leave out the count:
    "une minute"), and the errors of babel's own checks (a placeholder's type)."""
    found = catalog(language)
    problems = [f"{message.id!r}: {errors}" for message, errors in found.check()]
    for message in found:
        if not message.id or not message.string:
            continue
        if isinstance(message.id, tuple):
            allowed = set(PLACEHOLDER.findall(message.id[1]))
            if any(not set(PLACEHOLDER.findall(form)) <= allowed for form in message.string):
                problems.append(f"{message.id[0]!r}: a plural form has a placeholder its English lacks")
        elif set(PLACEHOLDER.findall(message.id)) != set(PLACEHOLDER.findall(message.string)):
            problems.append(f"{message.id!r}: placeholders differ in {message.string!r}")
    return problems


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_translations_keep_their_placeholders(language: str) -> None:
    assert _placeholder_problems(language) == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_compiled_file_matches_its_translations(language: str) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, catalog(language))
    shipped = (CATALOGS / language / "LC_MESSAGES" / "messages.mo").read_bytes()
    assert shipped == compiled.getvalue(), (
        "run `make translations` (pybabel compile) and commit the .mo files"
    )
