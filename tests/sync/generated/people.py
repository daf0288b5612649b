"""The truth behind a first night's lists: parties, people and their designations, from one random stream.

Shapes are those of the secretariat's truth files (``truth/state_v1.json``): ``people`` by pid, each with
``party, title, given, family, position, department, organization, street, city, postal_code, phones, fax,
emails, website``; ``designations`` each with ``did, convention, party, role, pid, scope, designated_on``.
pids and dids share one counter (P000001, D000002, ...).

What makes the lists hard is drawn here: common family names (a Zipf-like draw), namesakes (people of one
party with the same given and family name but other details, sometimes even the same e-mail address), office
mailboxes shared by several people of an agency, competent authorities that name no person, one person
holding roles in several lists, and placeholders ("Vacant") where a party names no one.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tests.sync.generated import details
from tests.sync.generated.evaluate import fold
from tests.sync.generated.names import POOLS, email_word, spellings, weighted

CONVENTIONS = ("basel", "rotterdam", "stockholm")
SINGLE_ROLES = {("basel", "FP"), ("rotterdam", "OCP"), ("stockholm", "OCP"), ("stockholm", "NFP")}
CA_SCOPES = ("", "Transit", "Import and export", "Northern region", "Federal level")
CA_SCOPE_WEIGHTS = (50, 13, 13, 12, 12)
DNA_SCOPES = ("P", "C", "CP")
PLACEHOLDERS = ("Vacant", "To be confirmed", "TBC", "N/A", "-", "VACANT")
FIRST_DAY, LAST_DAY = dt.date(2003, 1, 1), dt.date(2025, 12, 31)
Record = dict[str, Any]


@dataclass(frozen=True)
class Party:
    """A party as the lists see it: codes, English name, status under each convention, home languages."""

    code: str
    alpha2: str
    name: str
    status: dict[str, bool]
    languages: tuple[str, ...]
    invited: tuple[str, ...] = ()  # conventions it names contacts under, though not a party to them

    @property
    def region(self) -> str:
        """The phone numbering region (the EU's offices are in Brussels)."""
        return "BE" if self.code == "EUU" else self.alpha2

    def row(self) -> Record:
        return {"code": self.code, "alpha2": self.alpha2, "name": self.name, **self.status}


@dataclass
class State:
    """One night's truth, and the placeholder rows its lists also carry (not designations)."""

    parties: list[Party]
    people: dict[str, Record] = field(default_factory=dict)
    designations: list[Record] = field(default_factory=list)
    placeholders: list[Record] = field(default_factory=list)  # {convention, party, role, text}

    def truth(self) -> Record:
        """The state as the truth file holds it."""
        return {
            "parties": [p.row() for p in self.parties],
            "people": self.people,
            "designations": self.designations,
        }


class Builder:
    """Draws people and designations into ``state``; ``languages`` are the name pools allowed."""

    def __init__(self, rng: random.Random, state: State, languages: tuple[str, ...]) -> None:
        self.rng = rng
        self.state = state
        self.languages = languages
        self.counter = 0
        self.agencies: dict[str, list[str]] = {}
        self.members: dict[str, list[str]] = {}  # party -> pids
        self.holds: dict[str, set[tuple[str, str]]] = {}  # pid -> (convention, role) held
        self.addresses: dict[str, str] = {}  # personal address -> the folded name it belongs to
        self.switchboards: dict[tuple[str, str], str] = {}  # (party, agency or "") -> number
        self.one_line: dict[str, bool] = {}  # party -> every one of its people gives one number
        self.reindex()

    def reindex(self) -> None:
        """Index ``state`` anew (after designations were taken out of it)."""
        self.members = {}
        for pid, person in self.state.people.items():
            self.members.setdefault(person["party"], []).append(pid)
        self.holds = {pid: set() for pid in self.state.people}
        for d in self.state.designations:
            self.holds[d["pid"]].add((d["convention"], d["role"]))

    def next_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter:06d}"

    # --- people -----------------------------------------------------------------------------------------

    def language(self, party: Party) -> str:
        """A home language of ``party`` (a foreign one a quarter of the time: lists mix names freely)."""
        home = [lang for lang in party.languages if lang in self.languages]
        if home and self.rng.random() < 0.75:
            return self.rng.choice(home)
        return self.rng.choice(self.languages)

    def new_person(self, party: Party, *, named: bool = True, avoid: str = "") -> str:
        """A new person (or, with ``named`` false, an office naming no one) of ``party``; returns the pid.
        ``avoid``: a folded name the new person must not have (the holder a role passes from)."""
        rng = self.rng
        agency = rng.choice(self.agencies.setdefault(party.code, rng.sample(details.AGENCIES, 5)))
        language = self.language(party)
        person: Record = {"pid": self.next_id("P"), "party": party.code}
        namesake = self._namesake(party) if named and rng.random() < 0.01 else None
        if namesake is not None and folded_name(namesake) != avoid:
            given, family, local = namesake["given"], namesake["family"], namesake["emails"][0].split("@")[0]
            their_agency = namesake["emails"][0].split("@")[1].split(".")[0]
            if their_agency in details.AGENCIES and rng.random() < 0.5:
                agency = their_agency  # the very same address as the namesake's
        else:
            given, family, local = self._name(language, avoid)
        office = (
            f"{details.MAILBOXES[details.AGENCIES.index(agency) % 6]}@{details.domain(agency, party.alpha2)}"
        )
        person |= {
            "title": rng.choices(details.TITLES, details.TITLE_WEIGHTS)[0] if named else "",
            "given": given if named else "",
            "family": family if named else "",
        }
        person |= self._office(party, language, agency)
        who = folded_name(person) if named else f"office:{person['pid']}"
        person["emails"] = self._emails(local, office, agency, party, who)
        pid = str(person["pid"])
        self.state.people[pid] = person
        self.members.setdefault(party.code, []).append(pid)
        self.holds[pid] = set()
        return pid

    def _name(self, language: str, avoid: str) -> tuple[str, str, str]:
        pool = POOLS[language]
        for _ in range(20):
            given, given_latin = self._given(language)
            family, family_latin = spellings(weighted(self.rng, pool.family))
            if pool.native and self.rng.random() < 0.3:
                given, family = given_latin, family_latin  # romanized: "Georgios Papadopoulos"
            if folded_name({"given": given, "family": family}) != avoid:
                break
        local = f"{email_word(given_latin)}.{email_word(family_latin)}".strip(".") or "contact"
        return given, family, local

    def _given(self, language: str) -> tuple[str, str]:
        """A given name, now and then two ("Ana Beatriz", "Klaus-Peter", "伟芳"), and its romanization."""
        names = POOLS[language].given
        first = spellings(weighted(self.rng, names))
        if language == "vi" or self.rng.random() < 0.65:  # Vietnamese given names have two words already
            return first
        second = spellings(self.rng.choice([n for n in names if spellings(n) != first]))
        if language == "zh":
            return first[0] + second[0], first[1] + second[1].lower()
        joint = "-" if language in ("de", "fr") and self.rng.random() < 0.5 else " "
        return first[0] + joint + second[0], first[1] + joint + second[1]

    def _namesake(self, party: Party) -> Record | None:
        people = self.state.people
        named = [people[pid] for pid in self.members.get(party.code, []) if people[pid]["family"]]
        return self.rng.choice(named) if len(named) >= 2 else None

    def _phones(self, party: Party, agency: str) -> list[str]:
        """One or two numbers of one's own, or the agency's switchboard shared with colleagues; in a few
        parties everyone gives the one switchboard number (as in the dense samples' Gabon or Italy)."""
        rng = self.rng
        if self.one_line.setdefault(party.code, rng.random() < 0.04):
            return [self._switchboard(party, "")]
        phones = {details.phone(rng, party.region) for _ in range(rng.choice((1, 1, 2)))}
        if rng.random() < 0.2:
            phones = {self._switchboard(party, agency), *sorted(phones)[1:]}
        return sorted(phones)

    def _switchboard(self, party: Party, agency: str) -> str:
        return self.switchboards.setdefault((party.code, agency), details.phone(self.rng, party.region))

    def _office(self, party: Party, language: str, agency: str) -> Record:
        rng = self.rng
        return {
            "position": rng.choice(details.POSITIONS),
            "department": rng.choice(details.DEPARTMENTS),
            "organization": rng.choice(details.ORGANIZATIONS),
            "street": details.street(rng, language),
            "city": details.city(rng, language),
            "postal_code": details.postal_code(rng),
            "phones": self._phones(party, agency),
            "fax": [details.phone(rng, party.region)] if rng.random() < 0.4 else [],
            "website": f"https://www.{details.domain(agency, party.alpha2)}" if rng.random() < 0.5 else "",
        }

    def _emails(self, local: str, office: str, agency: str, party: Party, who: str) -> list[str]:
        """A person's addresses (``who``: their folded name, or an office's own key): their own first, then
        perhaps their agency's shared mailbox and a private one."""
        rng = self.rng
        named = not who.startswith("office:")
        if not named and rng.random() < 0.35:
            return [office]  # an office known by its shared mailbox alone
        if not named:
            local = self._name(self.language(party), "")[2]  # an address of someone the list does not name
        emails = [self._own(f"{local}@{details.domain(agency, party.alpha2)}", who)]
        if rng.random() < 0.3:
            emails.append(office)
        if named and rng.random() < 0.08:
            emails.append(self._own(f"{local.split('.')[0]}{rng.randint(10, 99)}@mail.example", who))
        return emails

    def _own(self, address: str, who: str) -> str:
        """``address``, or a numbered variant when someone of another name has it: people share a personal
        address only with their namesakes (a Greek-written and a romanized Papadopoulos are two people, so
        they must not share one)."""
        local, _, domain = address.partition("@")
        candidate, n = address, 1
        while self.addresses.setdefault(candidate, who) != who:
            n += 1
            candidate = f"{local}{n}@{domain}"
        return candidate

    # --- designations -----------------------------------------------------------------------------------

    def holder(self, party: Party, convention: str, role: str, reuse: float, avoid: str = "") -> str:
        """Someone to hold the role: a person of the party who holds no such role yet (with chance
        ``reuse``, preferring one already in the other lists), or a new person."""
        if self.rng.random() < reuse:
            people = self.state.people
            fits = [
                pid
                for pid in self.members.get(party.code, [])
                if people[pid]["family"]
                and (convention, role) not in self.holds[pid]
                and folded_name(people[pid]) != avoid
            ]
            if fits:
                return max(fits, key=lambda pid: (len({c for c, _ in self.holds[pid]}), self.rng.random()))
        return self.new_person(party, avoid=avoid)

    def designate(self, party: Party, convention: str, role: str, pid: str, scope: str, on: str) -> Record:
        designation = {
            "did": self.next_id("D"),
            "convention": convention,
            "party": party.code,
            "role": role,
            "pid": pid,
            "scope": scope,
            "designated_on": on,
        }
        self.state.designations.append(designation)
        self.holds[pid].add((convention, role))
        return designation

    def build_party(self, party: Party, density: int) -> None:
        """Every designation of one party: one FP, OCP, NFP each (at most), CAs and DNAs ``density`` times."""
        rng = self.rng
        on = {c: party.status[c] or c in party.invited or rng.random() < 0.1 for c in CONVENTIONS}
        for convention, role, scope, reuse in self._slots(party, on, density):
            if (convention, role) in SINGLE_ROLES and rng.random() < 0.03:
                text = rng.choice(PLACEHOLDERS)
                self.state.placeholders.append(
                    {"convention": convention, "party": party.code, "role": role, "text": text}
                )
                continue
            named = not (role == "CA" and rng.random() < 0.13)
            pid = (
                self.holder(party, convention, role, reuse) if named else self.new_person(party, named=False)
            )
            self.designate(
                party, convention, role, pid, scope, details.date_between(rng, FIRST_DAY, LAST_DAY)
            )

    def _slots(
        self, party: Party, on: dict[str, bool], density: int
    ) -> Iterator[tuple[str, str, str, float]]:
        rng = self.rng
        if on["basel"]:
            yield "basel", "FP", "", 0.2
            for _ in range(sum(rng.choice((0, 1, 2, 2, 3, 2)) for _ in range(density))):
                yield "basel", "CA", rng.choices(CA_SCOPES, CA_SCOPE_WEIGHTS)[0], 0.08
        if on["rotterdam"]:
            for _ in range(sum(rng.choice((1, 1, 2, 2, 1, 2)) for _ in range(density))):
                yield "rotterdam", "DNA", rng.choice(DNA_SCOPES), 0.15
            if rng.random() < 0.67:
                yield "rotterdam", "OCP", "", 0.35
        if on["stockholm"]:
            yield "stockholm", "OCP", "", 0.3
            if rng.random() < 0.97:
                yield "stockholm", "NFP", "", 0.5  # often the OCP too, as in life


def folded_name(person: Record) -> str:
    """A person's name folded as the evaluation folds it: two people with one folded name are namesakes."""
    return fold(f"{person['given']} {person['family']}")
