"""Which list record is which registry designation, and which contact is which person.

Blocked by party (and role): records are compared only with the designations and contacts of their own
party, first by a list's stable id, then by exact keys (folded name, personal e-mail) through dictionaries,
and only the few left over by fuzzy name similarity (rapidfuzz). Cost grows with the number of records,
not with its square. An ambiguous match is reported as a warning, never guessed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from sync.fields import text_key
from sync.normalize import name_key
from sync.records import ListRecord, Person

FUZZY_NAME = 88  # token-sort similarity (0-100) above which two names are one, given another sign
WEAK_NAME = 60  # with a shared personal e-mail, a name this close is the same person (a changed name)


@dataclass(frozen=True)
class Identity:
    """What tells one person from another: folded name, e-mails, and for an office its organization."""

    name: str
    emails: frozenset[str]
    organization: str
    position: str

    @property
    def named(self) -> bool:
        return bool(self.name)


def identity_of(person: Person) -> Identity:
    return Identity(
        name=name_key(person.given_name, person.family_name),
        emails=frozenset(person.emails),
        organization=text_key(person.organization),
        position=text_key(person.position),
    )


def same_person(a: Identity, b: Identity, personal: frozenset[str] | set[str] | None = None) -> int:
    """How sure it is that ``a`` and ``b`` are one person: 0 (no) to 100; ``personal``, when given, limits
    which shared e-mails count (an address several people share, such as a unit's, says nothing)."""
    shared = a.emails & b.emails if personal is None else a.emails & b.emails & personal
    if a.named != b.named:
        return 0
    if not a.named:
        if shared:
            return 70
        return 50 if a.organization == b.organization and a.position == b.position and a.organization else 0
    if a.name == b.name:
        return 90 if shared else 80
    similarity = fuzz.token_sort_ratio(a.name, b.name)
    if similarity >= FUZZY_NAME and (shared or a.organization == b.organization):
        return 70
    if shared and (similarity >= WEAK_NAME or a.name.split()[:1] == b.name.split()[:1]):
        return 60
    return 0


@dataclass
class Candidate:
    """A registry designation a record may be: its id, role, list id and the identity to compare with."""

    key: int
    party: str
    role: str
    identity: Identity
    source_key: str | None = None


@dataclass
class Matching:
    pairs: list[tuple[int, Candidate]] = field(default_factory=list)  # (record index, candidate)
    unmatched_records: list[int] = field(default_factory=list)
    unmatched_candidates: list[Candidate] = field(default_factory=list)
    ambiguous: list[tuple[int, str]] = field(default_factory=list)  # (record index, message)
    held: list[Candidate] = field(default_factory=list)  # candidates an ambiguous row might be: left alone


def match_designations(records: list[ListRecord], candidates: Iterable[Candidate]) -> Matching:
    """Pair each record with at most one candidate of its party and role, and each candidate once."""
    blocks: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        blocks[(candidate.party, candidate.role)].append(candidate)
    by_block: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        by_block[(record.party, record.role)].append(index)
    result = Matching()
    for block in sorted(set(blocks) | set(by_block)):
        _match_block(records, by_block.get(block, []), blocks.get(block, []), result)
    return result


def _match_block(
    records: list[ListRecord], indexes: list[int], candidates: list[Candidate], out: Matching
) -> None:
    free = {id(c): c for c in candidates}
    left: list[int] = []
    by_source = {c.source_key: c for c in candidates if c.source_key}
    by_name: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        by_name[candidate.identity.name or "\0" + ",".join(sorted(candidate.identity.emails))].append(
            candidate
        )
    for index in indexes:
        record = records[index]
        hit = by_source.get(record.source_id) if record.source_id else None
        if hit is None:
            ident = identity_of(record.person)
            exact = [
                c
                for c in by_name.get(ident.name or "\0" + ",".join(sorted(ident.emails)), [])
                if id(c) in free
            ]
            hit = exact[0] if len(exact) == 1 else None
        if hit is not None and id(hit) in free:
            out.pairs.append((index, free.pop(id(hit))))
        else:
            left.append(index)
    _match_fuzzy(records, left, list(free.values()), out)


def _match_fuzzy(
    records: list[ListRecord], indexes: list[int], candidates: list[Candidate], out: Matching
) -> None:
    # What the exact keys left: few records and candidates (changed names, changed e-mails), so all pairs.
    scored = sorted(
        (
            (score, n, i)
            for i in indexes
            for n, c in enumerate(candidates)
            if (score := same_person(identity_of(records[i].person), c.identity)) > 0
        ),
        key=lambda t: (-t[0], t[2], t[1]),
    )
    done_records: set[int] = set()
    done: set[int] = set()
    for score, n, index in scored:
        if index in done_records or n in done:
            continue
        ties = [
            (m, i)
            for s, m, i in scored
            if s == score and ((i == index and m not in done) or (m == n and i not in done_records))
        ]
        if len(ties) > 1:
            # Equally good fits: neither the rows nor the designations are touched; a person decides.
            rows, held = {i for _, i in ties}, {m for m, _ in ties}
            message = f"{len(rows)} rows and {len(held)} registry designations fit each other equally well"
            out.ambiguous.extend((i, message) for i in sorted(rows))
            out.held.extend(candidates[m] for m in sorted(held))
            done_records |= rows
            done |= held
            continue
        done_records.add(index)
        done.add(n)
        out.pairs.append((index, candidates[n]))
    out.unmatched_records.extend(i for i in indexes if i not in done_records)
    out.unmatched_candidates.extend(c for n, c in enumerate(candidates) if n not in done)


class PersonIndex:
    """The contacts of each party, looked up by folded name and by personal e-mail (dictionaries, no scan)."""

    def __init__(self) -> None:
        self.names: dict[tuple[str, str], list[Hashable]] = defaultdict(list)
        self.emails: dict[tuple[str, str], list[Hashable]] = defaultdict(list)
        self.identities: dict[Hashable, Identity] = {}

    def add(self, key: Hashable, party: str, identity: Identity) -> None:
        self.identities[key] = identity
        if identity.named:
            self.names[(party, identity.name)].append(key)
        for email in identity.emails:
            self.emails[(party, email)].append(key)

    def find(self, party: str, identity: Identity) -> tuple[Hashable | None, str | None]:
        """The contact that is this person, or ``(None, why)`` when there is none or several fit."""
        named = self.names.get((party, identity.name), []) if identity.named else []
        by_email = {k for e in identity.emails for k in self.emails.get((party, e), [])}
        keys = list(dict.fromkeys([*named, *by_email]))
        personal = {e for e in identity.emails if len(self.emails.get((party, e), [])) == 1}
        scored = sorted(
            ((same_person(identity, self.identities[k], personal), k) for k in keys), key=lambda t: -t[0]
        )
        scored = [(s, k) for s, k in scored if s >= 60]
        if not scored:
            return None, None
        if len(scored) > 1 and scored[0][0] == scored[1][0]:
            return (
                None,
                f"{len(scored)} contacts of this party fit equally well; a new contact was not merged",
            )
        return scored[0][1], None
