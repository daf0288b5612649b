"""The normalize stage: a parsed list's raw rows become :class:`ListRecord` values, with warnings.

Countries are resolved to registry codes, roles and scopes to their codes, names split and cased, e-mails and
phones checked and canonical; placeholder rows ("Vacant"), rows of unknown countries or roles, and repeated
rows become warnings, never contacts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import attrgetter
from typing import Any

from registry.contacts.fields import BY_NAME, MAX_ITEMS, Kind, value_problem
from registry.text import REFUSED_CHARACTER, fold, text_problem
from sync.cleaning import clean, clean_block
from sync.identity import NOTHING_SHARED, Identity, identity_of, same_person, shared_details
from sync.normalize import (
    is_placeholder,
    normalize_dna_scope,
    normalize_role,
    normalize_title,
    smart_case,
    split_emails,
    split_full_name,
    split_line,
    split_phones,
    strip_organization,
)
from sync.records import ListRecord, ParsedList, Person, RawRecord, RowWarning, quoted


@dataclass(frozen=True)
class PartyFacts:
    """What normalizing needs to know of the parties: how to resolve a country, and each party's facts."""

    resolve: Callable[[str | None], str | None]
    regions: dict[str, str | None]
    parties_to: dict[str, frozenset[str]]
    known: Known = field(default_factory=lambda: Known())


@dataclass(frozen=True)
class Known:
    """E-mail addresses and phone numbers the registry holds (each checked when it was stored): a list that
    writes one of them again needs no second check, which is most of a night's rows."""

    emails: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()


@dataclass
class PreparedList:
    convention: str
    records: list[ListRecord] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)
    # (party, role) of rows that name a designation but could not be read: its designations are left alone.
    unreadable: set[tuple[str, str]] = field(default_factory=set)


def prepare(
    parsed: ParsedList, covers: frozenset[str], address_layout: str, facts: PartyFacts
) -> PreparedList:
    """Every row of ``parsed`` normalized; rows that are not designations become warnings."""
    result = PreparedList(parsed.convention)
    result.warnings.extend(RowWarning(p.code, p.message, p.source_ref) for p in parsed.problems)
    for raw in parsed.records:
        record, warnings = prepare_record(raw, covers, address_layout, facts)
        result.warnings.extend(warnings)
        if isinstance(record, tuple):
            result.unreadable.add(record)
        elif record is not None:
            result.records.append(record)
    _drop_repeats(result)
    return result


def _drop_repeats(result: PreparedList) -> None:
    """A row that names the same person in the same role as an earlier row is a repeat: a warning.

    Rows of one name and role are compared by their details (:func:`sync.identity.same_person`): in a dense
    list two people of one party may share a name, and then both rows stand.
    """
    shared = shared_details((r.party, identity_of(r.person)) for r in result.records)
    seen: dict[tuple[str, str, str, str], list[tuple[ListRecord, Identity]]] = defaultdict(list)
    kept: list[ListRecord] = []
    for record in result.records:
        identity = identity_of(record.person)
        group = seen[(record.party, record.role, identity.name, record.source_id or "")]
        party_shared = shared.get(record.party, NOTHING_SHARED)
        first = next((r for r, i in group if same_person(i, identity, party_shared)), None)
        if first is not None:
            result.warnings.append(RowWarning("duplicate", _duplicate(first, record), record.source_ref))
            continue
        group.append((record, identity))
        kept.append(record)
    result.records = kept


def _duplicate(first: ListRecord, again: ListRecord) -> str:
    if again.scope != first.scope:
        return (
            f"Same person in the same role as {first.source_ref} (a contact holds a role once): "
            f"this row's scope {quoted(again.scope)} is not kept."
        )
    return f"Same person in the same role as {first.source_ref}; this row is ignored."


def prepare_record(
    raw: RawRecord, covers: frozenset[str], address_layout: str, facts: PartyFacts
) -> tuple[ListRecord | tuple[str, str] | None, list[RowWarning]]:
    """One row as a ListRecord (or ``None``), and what to warn about it; a row whose name cannot be read
    gives its ``(party, role)`` instead, so that the designations it may be are left alone."""
    ref = raw.source_ref
    party = facts.resolve(raw.country)
    if party is None:
        return None, [RowWarning("unknown_country", f"Unknown country {quoted(clean(raw.country))}.", ref)]
    role = normalize_role(raw.convention, raw.role)
    if role is None:
        return None, [
            RowWarning("unknown_role", f"Unknown role {quoted(clean(raw.role))} under {raw.convention}.", ref)
        ]
    title, given, family = _names(raw)
    written = clean(" ".join(n for n in (given, family) if n))
    # The whole name, or every part of it, is a placeholder ("Vacant", "N/A N/A"); not a name such as "Na".
    if is_placeholder(written) or (written and all(is_placeholder(n) for n in (given, family) if n)):
        message = f"{party} {role} is {quoted(written)}: a placeholder, not a person."
        return None, [RowWarning("placeholder", message, ref)]
    warnings: list[RowWarning] = []
    scope, is_transit = _scope(raw, role, warnings)
    if (scope is None and role == "DNA") or scope is _UNREADABLE:
        return (party, role), warnings
    person = _person(raw, (title, given, family), covers, address_layout, facts, party, warnings)
    if person is None:
        return (party, role), warnings
    if not person.is_named and not (person.organization or person.position or person.emails):
        return None, [*warnings, RowWarning("placeholder", f"{party} {role} names no one.", ref)]
    if raw.convention not in facts.parties_to.get(party, frozenset()):
        warnings.append(
            RowWarning("non_party", f"{party} is not a party to the {raw.convention} convention.", ref)
        )
    record = ListRecord(
        convention=raw.convention,
        source_ref=ref,
        party=party,
        role=role,
        person=person,
        scope=scope,
        is_transit=is_transit,
        source_id=_source_id(raw, warnings),
        designated_on=raw.designated_on,
    )
    return record, warnings


@lru_cache(maxsize=1 << 14)
def phone_cell(
    value: str | None, region: str | None, known: frozenset[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """:func:`~sync.normalize.split_phones`, remembered for a list: its rows repeat their numbers (a
    ministry's switchboard and fax on each of its rows; 1,900 cells differ among a 10x night's 18,400)."""
    numbers, bad = split_phones(value, region, known)
    return tuple(numbers), tuple(bad)


def _source_id(raw: RawRecord, warnings: list[RowWarning]) -> str | None:
    ident = clean(raw.source_id)
    problem = text_problem(ident, SOURCE_ID_LENGTH) if ident else None
    if problem:
        warnings.append(RowWarning("invalid_value", f"id: {problem} Read without it.", raw.source_ref))
        return None
    return ident


def _names(raw: RawRecord) -> tuple[str | None, str | None, str | None]:
    if raw.full_name is not None and raw.given_name is None and raw.family_name is None:
        return split_full_name(raw.full_name)
    title = normalize_title(raw.title)
    given, family = smart_case(raw.given_name), smart_case(raw.family_name)
    if title is None and given:
        # A title written into the first-name cell ("Dr. Amina").
        title, given_only, _ = split_full_name(f"{given} x")
        if title:
            given = given_only
    return title, given, family


def _scope(raw: RawRecord, role: str, warnings: list[RowWarning]) -> tuple[str | None, bool]:
    if role == "DNA":
        scope = normalize_dna_scope(raw.scope)
        if scope is None:
            message = (
                f"DNA scope {quoted(clean(raw.scope))} is not P, C or CP; the row was not read and its "
                "designation is left as it is."
            )
            warnings.append(RowWarning("invalid_scope", message, raw.source_ref))
        return scope, False
    if role == "CA":
        scope = clean(raw.scope)
        problem = text_problem(scope, SCOPE_LENGTH) if scope else None
        if problem:
            message = f"scope: {problem} The row was not read; its designation is left as it is."
            warnings.append(RowWarning("invalid_value", message, raw.source_ref))
            return _UNREADABLE, False
        return scope, "transit" in fold(scope)
    return None, False


# A scope that cannot be stored: the row says nothing reliable of its designation.
_UNREADABLE = "\0unreadable"
# The registry's limits of a designation's own text (registry.designations.models).
SCOPE_LENGTH = 200
SOURCE_ID_LENGTH = 100


def _person(
    raw: RawRecord,
    names: tuple[str | None, str | None, str | None],
    covers: frozenset[str],
    address_layout: str,
    facts: PartyFacts,
    party: str,
    warnings: list[RowWarning],
) -> Person | None:
    title, given, family = names
    region, known = facts.regions.get(party), facts.known
    emails, bad_emails = split_emails(raw.emails, known.emails)
    phones, bad_phones = phone_cell(raw.phones, region, known.phones)
    faxes, bad_faxes = phone_cell(raw.faxes, region, known.phones)
    for bad in bad_emails:
        warnings.append(
            RowWarning("invalid_email", f"{quoted(bad)} is not an e-mail address; left out.", raw.source_ref)
        )
    for bad in (*bad_phones, *bad_faxes):
        message = f"{quoted(bad)} cannot be read as a phone number; kept as written."
        warnings.append(RowWarning("invalid_phone", message, raw.source_ref))
    organization = clean(raw.organization)
    department, street, postal, city, line = _address(raw, address_layout, organization)
    covered = covers if department is not None else covers - {"department"}
    person = Person(
        title=title,
        given_name=given,
        family_name=family,
        position=clean(raw.position),
        department=department or None,
        organization=organization,
        street=street,
        city=city,
        postal_code=postal,
        address_text=line,
        emails=tuple(emails),
        phones=tuple(phones),
        faxes=tuple(faxes),
        unparsed_phones=tuple(dict.fromkeys((*bad_phones, *bad_faxes))),
        website=clean(raw.website),
        covers=covered,
    )
    return checked(person, raw.source_ref, warnings)


# Each stored field of a Person, and the compared field (``covers``) it belongs to.
_STORED = {
    "title": "title",
    "position": "position",
    "department": "department",
    "organization": "organization",
    "street": "address",
    "city": "address",
    "postal_code": "address",
    "website": "website",
    "emails": "emails",
    "phones": "phones",
    "faxes": "faxes",
    "unparsed_phones": "phones",
}
_EMPTY: dict[str, Any] = {"emails": (), "phones": (), "faxes": (), "unparsed_phones": ()}


def checked(person: Person, ref: str, warnings: list[RowWarning]) -> Person | None:
    """``person`` held to the rules every writer of the registry follows (:mod:`registry.contacts.fields`).

    A value that breaks them is left out (the row then says nothing of that field) with a warning naming the
    field; a name that breaks them makes the row unreadable (None): who it names is unknown.
    """
    if _passes(person):
        return person
    for name in ("given_name", "family_name"):
        problem = value_problem(name, getattr(person, name))
        if problem:
            message = f"{name}: {problem} The row was not read; its designation is left as it is."
            warnings.append(RowWarning("invalid_value", message, ref))
            return None
    dropped: set[str] = set()
    for name, compared in _STORED.items():
        problem = value_problem("phones" if name == "unparsed_phones" else name, getattr(person, name))
        if problem:
            warnings.append(RowWarning("invalid_value", f"{name}: {problem} Not written.", ref))
            dropped.add(compared)
    if not dropped:
        return person
    empty: dict[str, Any] = {n: _EMPTY.get(n) for n, compared in _STORED.items() if compared in dropped}
    if "address" in dropped:
        empty["address_text"] = None
    return replace(person, covers=person.covers - dropped, **empty)


def _rule(name: str) -> tuple[str, int | None, bool]:
    field = BY_NAME["phones" if name == "unparsed_phones" else name]
    return name, field.max_length, field.kind is Kind.LIST


# Every value ``checked`` holds to the rules: its attribute, its field's length limit, whether a list.
_CHECKED = tuple(_rule(name) for name in ("given_name", "family_name", *_STORED))
_CHECKED_VALUES = attrgetter(*(name for name, _, _ in _CHECKED))


def _passes(person: Person) -> bool:
    """Whether every value of ``person`` that ``checked`` looks at fits its field and holds no refused
    character: then :func:`registry.contacts.fields.value_problem` finds nothing in any (most rows)."""
    texts: list[str] = []
    for value, (_, max_length, is_list) in zip(_CHECKED_VALUES(person), _CHECKED, strict=True):
        if value is None:
            continue
        items = value if is_list else (value,)
        if is_list and len(items) > MAX_ITEMS:
            return False
        for item in items:
            if not isinstance(item, str) or (max_length is not None and len(item) > max_length):
                return False
            texts.append(item)
    # A line break is no refused character: one search over all the values says what one each would.
    return REFUSED_CHARACTER.search("\n".join(texts)) is None


def _address(
    raw: RawRecord, layout: str, organization: str | None
) -> tuple[str | None, str | None, str | None, str | None, str | None]:
    """``(department, street, postal_code, city, line)`` from the row, however its list writes addresses.

    ``department`` is ``None`` only when a Rotterdam-style line hides it where it cannot be found (the row
    then says nothing of the department); ``line`` is the one-line address where the list writes one.
    """
    if layout == "parts":
        return (
            clean(raw.department) or "",
            clean_block(raw.address),
            clean(raw.postal_code),
            clean(raw.city),
            None,
        )
    department: str | None = clean(raw.department) or ""
    text = clean_block(raw.address)
    if layout == "line_with_organization":
        department, text = strip_organization(text, organization)
    street, postal, city = split_line(text)
    return department, street, postal, city, text
