"""Finding contacts by words of their names, organization and e-mails, in any script: one search for the API's
lists and the pages.

Each contact's ``search_text`` (its index key) holds the folded text (:func:`registry.text.fold`: no case, no
accents), its Latin spelling (anyascii: "Əfəndiyeva" is also "efendiyeva", "Нгуен" "nguen", "张 芳" "zhang
fang") and the text with no spaces between Chinese, Japanese or Korean characters ("张芳"). A contact matches
when every word of the query, folded or spelt in Latin letters, is in it. The database narrows the search
with an index that scales (SQLite: an FTS5 ``trigram`` table kept by triggers; PostgreSQL: a ``pg_trgm``
GIN index), then the matches are ranked: the whole name, then the start of a name, then words within a name,
then the organization or department, then anything else (an e-mail).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from enum import IntEnum
from typing import Any

from anyascii import anyascii
from sqlalchemy import ColumnElement, Select, and_, literal_column, or_, select, text
from sqlalchemy.orm import InstrumentedAttribute, Session

from registry.contacts.models import Contact
from registry.text import fold

# The SQLite index (created by the migration): an FTS5 table over contacts.search_text, trigram tokenizer.
FTS_TABLE = "contacts_fts"
# The PostgreSQL index (created by the migration): pg_trgm's GIN operator class on contacts.search_text.
TRIGRAM_INDEX = "ix_contacts_search_text_trgm"
# Scripts written without spaces between words (Han, kana, Hangul): a space between two of their characters
# is no word boundary a reader relies on ("张 芳" and "张芳" are one name).
_CJK = "\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uff9f"
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) +(?=[{_CJK}])")
_TRIGRAM = 3  # FTS5's trigram index finds only strings of 3 characters or more


class Rank(IntEnum):
    """How well a contact matches a query, best first."""

    NAME = 0  # the query is the name (family name, or given and family names in either order)
    NAME_START = 1  # each word starts a word of the name
    IN_NAME = 2  # each word is within the name
    ORGANIZATION = 3  # each word is within the name, organization or department
    OTHER = 4  # an e-mail holds a word


def forms(value: str | None) -> list[str]:
    """``value`` folded, in Latin letters, and with CJK characters joined: the forms a query may take."""
    folded = fold(value)
    if not folded:
        return []
    return list(dict.fromkeys((folded, fold(anyascii(folded)), _CJK_GAP.sub("", folded))))


def index_text(parts: Iterable[str | None]) -> str:
    """The search key of a contact's ``parts`` (names, organization, department, e-mails): each form of
    their text, once."""
    return " ".join(forms(" ".join(part for part in parts if part)))


def query_words(q: str | None) -> list[list[str]]:
    """Each word of ``q`` with its forms (any of which may match); nothing for a query of no words."""
    folded = _CJK_GAP.sub("", fold(q))
    return [forms(word) for word in folded.split()]


def matches(words: list[list[str]], dialect: str | None = None) -> ColumnElement[bool]:
    """The condition that a contact holds every word (in one of its forms); on SQLite (``dialect``), narrowed
    by the FTS5 index first (PostgreSQL's planner finds its trigram index by itself)."""
    each = [or_(*(Contact.search_text.contains(form, autoescape=True) for form in word)) for word in words]
    condition = and_(*each)
    if dialect == "sqlite":
        found = _fts_query(words)
        if found:  # the index narrows; the LIKEs above say exactly what matches (and words under 3 letters)
            rowids: Select[Any] = select(literal_column("rowid")).select_from(text(FTS_TABLE))
            indexed = rowids.where(text(f"{FTS_TABLE} MATCH :fts").bindparams(fts=found))
            condition = and_(Contact.id.in_(indexed), condition)
    return condition


def _fts_query(words: list[list[str]]) -> str | None:
    """An FTS5 query for the words whose every form the trigram index can find (3 characters or more)."""
    clauses = [
        "(" + " OR ".join('"' + form.replace('"', '""') + '"' for form in word) + ")"
        for word in words
        if all(len(form) >= _TRIGRAM for form in word)
    ]
    return " AND ".join(clauses) or None


def rank(q: str, contact: Sequence[Any]) -> Rank:
    """How well ``contact`` (given name, family name, organization, department) matches the query ``q``."""
    given, family, organization, department = contact[:4]
    names = [
        n for n in (family, f"{given or ''} {family or ''}", f"{family or ''} {given or ''}", given) if n
    ]
    name_forms = {form for name in names for form in forms(name)}
    whole = set(forms(_CJK_GAP.sub("", fold(q)))) | set(forms(q))
    if whole & name_forms:
        return Rank.NAME
    words = query_words(q)
    name_words = {w for form in name_forms for w in form.split()}
    if all(any(w.startswith(form) for form in word for w in name_words) for word in words):
        return Rank.NAME_START
    if _within(words, " ".join(name_forms)):
        return Rank.IN_NAME
    if _within(words, " ".join([*name_forms, *forms(organization), *forms(department)])):
        return Rank.ORGANIZATION
    return Rank.OTHER


def _within(words: list[list[str]], haystack: str) -> bool:
    return all(any(form in haystack for form in word) for word in words)


RANKED_COLUMNS = (Contact.given_name, Contact.family_name, Contact.organization, Contact.department)


def ranked(
    session: Session, q: str, stmt: Select[Any], key: ColumnElement[int] | InstrumentedAttribute[int]
) -> list[tuple[int, int]]:
    """``(rank, key)`` of each row of ``stmt`` (a query joined with contacts: of contacts, or designations)
    whose contact matches ``q``, best first (then by ``key``); nothing for a query of no words."""
    words = query_words(q)
    if not words:
        return []
    query = stmt.with_only_columns(key, *RANKED_COLUMNS).where(
        matches(words, session.get_bind().dialect.name)
    )
    return sorted((int(rank(q, row[1:])), row[0]) for row in session.execute(query))
