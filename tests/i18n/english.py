"""Finding English left on a page that speaks another language: the catalogs' English words, and the text a
person reads on a page (its text and its labelling attributes), less what is data or marked as English."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from html.parser import HTMLParser

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from registry.config import PROJECT_ROOT
from registry.i18n import LANGUAGES

CATALOGS = PROJECT_ROOT / "registry" / "translations"
TRANSLATED = tuple(code for code in LANGUAGES if code != "en")
# Attributes whose words a person reads (or hears from a screen reader).
READ_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "label")
_WORD = re.compile(r"[A-Za-z]{3,}")
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")
_MARKUP = re.compile(r"<[^>]+>")


def catalog(language: str) -> Catalog:
    """The language's catalog (``en``: the template every catalog is built from)."""
    path = CATALOGS / ("messages.pot" if language == "en" else f"{language}/LC_MESSAGES/messages.po")
    with path.open("rb") as file:
        return read_po(file, locale=None if language == "en" else language)


def words(texts: Iterable[str]) -> set[str]:
    """The words of three or more Latin letters in ``texts`` (no placeholder, no markup), lowercased."""
    found: set[str] = set()
    for text in texts:
        plain = _MARKUP.sub(" ", _PLACEHOLDER.sub(" ", text))
        found.update(w.lower() for w in _WORD.findall(plain))
    return found


def _strings(value: str | tuple[str, ...] | None) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, str) else [v for v in value if v]


@cache
def english_words(language: str) -> frozenset[str]:
    """The catalogs' English words that the language's translations never use (``page``, ``site``, ``API``
    are French too: they prove nothing on a French page)."""
    own = words(s for m in catalog(language) if m.id for s in _strings(m.string))
    english = words(s for m in catalog("en") if m.id for s in _strings(m.id))
    return frozenset(english - own)


class _ReadText(HTMLParser):
    """The text a person reads, in the page's own language: elements marked with another ``lang`` (the
    language switcher's names, a report's English warnings) and scripts are left out."""

    VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page_language = ""
        self.stack: list[tuple[str, bool]] = []  # (tag, whether its text is in the page's language)
        self.texts: list[str] = []

    def _own(self) -> bool:
        return self.stack[-1][1] if self.stack else True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.page_language = values.get("lang") or ""
        lang = values.get("lang")
        own = self._own() and tag not in ("script", "style") and (lang is None or lang == self.page_language)
        if own:
            self.texts.extend(v for k, v in attrs if k in READ_ATTRIBUTES and v)
        if tag not in self.VOID:
            self.stack.append((tag, own))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._own() and data.strip():
            self.texts.append(" ".join(data.split()))


def read_text(html: str) -> list[str]:
    """The text nodes and labelling attributes a person reads on ``html``, in its own language."""
    parser = _ReadText()
    parser.feed(html)
    parser.close()
    return parser.texts


def english_left(html: str, language: str, data: Iterable[str]) -> list[str]:
    """The texts of ``html`` (a page in ``language``) that still hold an English word of the catalogs once
    the ``data`` (names, codes, addresses: shown as written) are taken out of them."""
    vocabulary = english_words(language)
    data = sorted(set(data), key=len, reverse=True)
    left = []
    for text in read_text(html):
        if not words([text]) & vocabulary:
            continue
        rest = text
        for value in data:
            rest = rest.replace(value, " ")
        if words([rest]) & vocabulary:
            left.append(text)
    return left
