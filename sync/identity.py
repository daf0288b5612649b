"""Who is who: whether two descriptions of a person (a list row, a registry contact) are one person.

Pure functions. A name is never enough on its own: in a dense list several people of one party share a given
and family name, an office mailbox (``pic@menr.hu.example``) or a switchboard number. Two descriptions are one
person when their names agree and the details both give (personal e-mails, phones, organization, position,
department) agree; one detail may differ (a list with an old e-mail) when the others clearly agree.
Ambiguity is for the caller to report, never to guess.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from sync.normalize import address_line, folded, name_key, tokens
from sync.records import Person

# How much agreeing (or differing) on a detail weighs. E-mails and phones are personal; an organization,
# position, department or address is shared by colleagues.
WEIGHTS = {"emails": 2, "phones": 2, "organization": 1, "position": 1, "department": 1, "address": 1}
STRONG = ("emails", "phones")
# One description may be out of date on one detail if this much else agrees (a personal detail among it).
CONFIRMING = 3
# Addresses are written in many ways (one line or parts, with or without the organization): two agree when
# most words of the shorter one are in the other, and differ when almost none are.
ADDRESS_AGREES = 0.6
ADDRESS_DIFFERS = 0.2
FUZZY_NAME = 88  # token-sort similarity (0-100) above which a changed name is the same, given another sign
WEAK_NAME = 60  # with a personal detail in common and nothing differing, a name this close is the same


@dataclass(frozen=True, slots=True)
class Identity:
    """What tells one person from another, in comparable form (folded texts, canonical e-mails and phones)."""

    name: str
    emails: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()
    organization: str = ""
    position: str = ""
    department: str = ""
    address: frozenset[str] = frozenset()  # the address's words, folded

    @property
    def named(self) -> bool:
        return bool(self.name)

    def as_dict(self) -> dict[str, object]:
        """The identity as JSON (a baseline keeps it)."""
        return {
            "name": self.name,
            "emails": sorted(self.emails),
            "phones": sorted(self.phones),
            "organization": self.organization,
            "position": self.position,
            "department": self.department,
            "address": sorted(self.address),
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Identity:
        """An identity a baseline kept (older baselines lack phones and department: unknown, not empty)."""

        def text(key: str) -> str:
            value = data.get(key)
            return value if isinstance(value, str) else ""

        def values(key: str) -> frozenset[str]:
            value = data.get(key)
            return (
                frozenset(v for v in value if isinstance(v, str)) if isinstance(value, list) else frozenset()
            )

        return cls(
            text("name"),
            values("emails"),
            values("phones"),
            text("organization"),
            text("position"),
            text("department"),
            values("address"),
        )


@lru_cache(maxsize=200_000)
def identity_of(person: Person) -> Identity:
    """Who ``person`` is, in comparable form (computed once for equal descriptions)."""
    return Identity(
        name=name_key(person.given_name, person.family_name),
        emails=frozenset(person.emails),
        phones=frozenset(person.phones),
        organization=folded(person.organization),
        position=folded(person.position),
        department=folded(person.department),
        address=frozenset(
            tokens(person.address_text or address_line(person.street, None, person.city)).split()
        ),
    )


@dataclass(frozen=True, slots=True)
class Shared:
    """The e-mail addresses and phone numbers of a party that several people use (a unit's mailbox, a
    switchboard): they say nothing about who is who."""

    emails: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()


NOTHING_SHARED = Shared()


def shared_details(*sources: Iterable[tuple[str, Identity]]) -> dict[str, Shared]:
    """Per party, the addresses and numbers that people of different names use, within any one source.

    Each source gives ``(party, identity)`` pairs (every registry contact; every row of a list). Sources are
    looked at one at a time, so that a person whose name a list changed does not make their own address
    look shared. Nameless offices do not count: an office's address is its own.
    """
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"emails": set(), "phones": set()})
    for source in sources:
        first: dict[tuple[str, str, str], str] = {}  # the first name seen using each address or number
        for party, identity in source:
            if not identity.named:
                continue
            for kind, values in (("emails", identity.emails), ("phones", identity.phones)):
                for value in values:
                    if first.setdefault((party, kind, value), identity.name) != identity.name:
                        found[party][kind].add(value)
    return {party: Shared(frozenset(k["emails"]), frozenset(k["phones"])) for party, k in found.items()}


@dataclass(frozen=True, slots=True)
class Evidence:
    """How much two descriptions' details agree and differ (weights of :data:`WEIGHTS`)."""

    agree: int = 0
    differ: int = 0
    strong: bool = False  # a personal e-mail or phone in common
    details: int = 0  # how many details differ

    @property
    def score(self) -> int:
        return self.agree - self.differ


def evidence(a: Identity, b: Identity, shared: Shared = NOTHING_SHARED) -> Evidence:
    """Compare the details both descriptions give; shared mailboxes and switchboards are left out."""
    agree = differ = details = 0
    strong = False
    for detail, weight in WEIGHTS.items():
        if detail == "address":
            same_address = _addresses(a.address, b.address)
            if same_address is None:
                continue
            same = same_address
        elif detail in STRONG:
            common: frozenset[str] = getattr(shared, detail)
            mine, theirs = getattr(a, detail) - common, getattr(b, detail) - common
            if not mine or not theirs:
                continue
            same = bool(mine & theirs)
            strong = strong or same
        else:
            mine, theirs = getattr(a, detail), getattr(b, detail)
            if not mine or not theirs:
                continue
            same = mine == theirs
        if same:
            agree += weight
        else:
            differ += weight
            details += 1
    return Evidence(agree, differ, strong, details)


def _address(person: Person) -> str | None:
    return address_line(person.street, person.postal_code, person.city)


def _addresses(a: frozenset[str], b: frozenset[str]) -> bool | None:
    """True when two addresses' words mostly agree, False when they hardly meet, None when unclear."""
    if not a or not b:
        return None
    overlap = len(a & b) / min(len(a), len(b))
    return True if overlap >= ADDRESS_AGREES else False if overlap <= ADDRESS_DIFFERS else None


def same_person(a: Identity, b: Identity, shared: Shared = NOTHING_SHARED) -> bool:
    """Whether two descriptions with the same name (or two nameless offices) are one person.

    Named: every detail both give agrees, or one (a stale e-mail) differs while a personal detail and more
    agree. Nameless offices have no name to go by: they also need a personal e-mail or phone in common.
    """
    if a.name != b.name:
        return False
    found = evidence(a, b, shared)
    if found.differ == 0:
        return a.named or found.strong
    return found.details == 1 and found.agree >= CONFIRMING and found.strong


def renamed(a: Identity, b: Identity, shared: Shared = NOTHING_SHARED) -> bool:
    """Whether two descriptions with different names are one person whose name changed or was misspelled:
    nothing they both give differs, a personal e-mail or phone is common, and the names are close (or
    share their first word, as a family name changed by marriage)."""
    if not a.named or not b.named or a.name == b.name:
        return False
    found = evidence(a, b, shared)
    if found.differ or not found.strong:
        return False
    similarity = fuzz.token_sort_ratio(a.name, b.name)
    return similarity >= WEAK_NAME or a.name.split()[0] == b.name.split()[0]


@dataclass
class PersonIndex:
    """The contacts of each party, found by name and by personal e-mail (dictionaries, no scan).

    A contact may carry several descriptions: the registry's, and what the list being read says of it.
    """

    names: dict[tuple[str, str], list[Hashable]] = field(default_factory=lambda: defaultdict(list))
    emails: dict[tuple[str, str], list[Hashable]] = field(default_factory=lambda: defaultdict(list))
    identities: dict[Hashable, list[Identity]] = field(default_factory=lambda: defaultdict(list))
    parties: dict[Hashable, str] = field(default_factory=dict)
    shared: dict[str, Shared] = field(default_factory=dict)

    def add(self, key: Hashable, party: str, identity: Identity) -> None:
        """Index ``identity`` as a description of contact ``key`` of ``party``."""
        if identity in self.identities[key]:
            return
        self.identities[key].append(identity)
        self.parties[key] = party
        if identity.named and key not in self.names[(party, identity.name)]:
            self.names[(party, identity.name)].append(key)
        for email in identity.emails:
            if key not in self.emails[(party, email)]:
                self.emails[(party, email)].append(key)

    def copy(self) -> PersonIndex:
        """An index of the same descriptions, which the copy's additions leave untouched."""
        return PersonIndex(
            defaultdict(list, {k: list(v) for k, v in self.names.items()}),
            defaultdict(list, {k: list(v) for k, v in self.emails.items()}),
            defaultdict(list, {k: list(v) for k, v in self.identities.items()}),
            dict(self.parties),
            dict(self.shared),
        )

    def descriptions(self) -> Iterator[tuple[str, Identity]]:
        """Every ``(party, identity)`` indexed."""
        for key, identities in self.identities.items():
            for identity in identities:
                yield self.parties[key], identity

    def find(self, party: str, identity: Identity) -> tuple[Hashable | None, str | None]:
        """The contact that is this person, or ``(None, why)`` when none is, or several are, equally."""
        shared = self.shared.get(party, NOTHING_SHARED)
        by_email = [k for e in identity.emails - shared.emails for k in self.emails.get((party, e), [])]
        keys = list(dict.fromkeys([*self.names.get((party, identity.name), []), *by_email]))
        fits = [(score, key) for key in keys if (score := self._best(key, identity, shared)) is not None]
        if not fits:
            return None, None
        fits.sort(key=lambda fit: -fit[0])
        if len(fits) > 1 and fits[0][0] == fits[1][0]:
            return None, f"{len(fits)} contacts of this party fit equally well; a new contact was not merged"
        return fits[0][1], None

    def _best(self, key: Hashable, identity: Identity, shared: Shared) -> int | None:
        scores = [
            evidence(identity, known, shared).score
            for known in self.identities[key]
            if same_person(identity, known, shared) or renamed(identity, known, shared)
        ]
        return max(scores) if scores else None
