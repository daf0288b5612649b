"""How close the registry is to a truth state, and a run's report to ``changes.json``.

Designations are compared per (convention, party, role): a registry designation and a truth one are paired
when their holders' names fold to the same text (an office naming no one pairs with an office), the best
pairs first by a fingerprint strong enough to tell namesakes apart (scope, e-mails, phones, organization,
position, faxes). From the pairs: designation precision and recall (a pair counts when its scope agrees too),
*wrong merges* (a registry contact holding designations of two or more truth people), *splits* (a truth
person spread over two or more contacts), pairwise same-person precision and recall, and the fields that
differ. Names are folded here, independently of the sync: NFKC, case folded, marks removed, and the letters
whose case does not round-trip made one (ı/i/İ, ß/ss, ς/σ, ə/Ə).
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from math import comb
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.designations.models import Designation

CHANGING = ("added", "removed", "changed", "conflict", "registry_ahead")
# After case folding: the dotless i is the only letter left whose capital lowers to another letter.
_LETTERS = str.maketrans({"ı": "i", "\u2019": "'", "\u2018": "'", "\u02bc": "'", "-": " "})


def fold(text: str | None) -> str:
    """``text`` as compared: NFKC, case folded, marks removed, "ı" as "i", white space collapsed."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    bare = "".join(ch for ch in unicodedata.normalize("NFD", folded) if not unicodedata.combining(ch))
    return " ".join(bare.translate(_LETTERS).split())


@dataclass(frozen=True)
class Holder:
    """A designation and who holds it (``who``: a registry contact id or a truth pid), as compared."""

    convention: str
    party: str
    role: str
    scope: str
    who: str
    name: str
    emails: frozenset[str]
    phones: frozenset[str]
    faxes: frozenset[str]
    organization: str
    position: str
    given: str
    family: str

    @property
    def block(self) -> tuple[str, str, str]:
        return (self.convention, self.party, self.role)

    def fingerprint(self, other: Holder) -> int:
        """How well two holders of one name agree: the higher, the likelier one designation."""
        return (
            8 * (self.scope == other.scope)
            + 4 * len(self.emails & other.emails)
            + 4 * len(self.phones & other.phones)
            + 2 * (self.organization == other.organization)
            + (self.position == other.position)
            + len(self.faxes & other.faxes)
        )


def holder(designation: dict[str, Any], person: dict[str, Any], who: str) -> Holder:
    """A holder from plain values (``given``, ``family``, ``emails``, ``phones``, ``fax``, ...)."""
    return Holder(
        convention=designation["convention"],
        party=designation["party"],
        role=designation["role"],
        scope=fold(designation["scope"]),
        who=who,
        name=fold(f"{person['given'] or ''} {person['family'] or ''}"),
        emails=frozenset(e.strip().lower() for e in person["emails"]),
        phones=frozenset(person["phones"]),
        faxes=frozenset(person["fax"]),
        organization=fold(person["organization"]),
        position=fold(person["position"]),
        given=fold(person["given"]),
        family=fold(person["family"]),
    )


def truth_holders(state: dict[str, Any]) -> list[Holder]:
    """The designations of a truth state (``truth/state_*.json``)."""
    people = state["people"]
    return [holder(d, people[d["pid"]], d["pid"]) for d in state["designations"]]


def registry_holders(session: Session) -> list[Holder]:
    """The registry's current designations."""
    found = []
    for d in session.scalars(select(Designation).where(Designation.ends_on.is_(None))):
        c = d.contact
        values = {"convention": d.convention, "party": d.party_code, "role": d.role, "scope": d.scope}
        person = {
            "given": c.given_name,
            "family": c.family_name,
            "emails": c.emails,
            "phones": c.phones,
            "fax": c.faxes,
            "organization": c.organization,
            "position": c.position,
        }
        found.append(holder(values, person, str(c.id)))
    return found


def pair(found: list[Holder], expected: list[Holder]) -> list[tuple[Holder, Holder]]:
    """Registry and truth holders paired, each at most once: per block and folded name (an office with an
    office), the pairs whose fingerprints agree most first (greedy; ties in the order given)."""
    groups: dict[tuple[Any, ...], tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i, h in enumerate(found):
        groups[(*h.block, h.name)][0].append(i)
    for j, h in enumerate(expected):
        groups[(*h.block, h.name)][1].append(j)
    pairs = []
    for left, right in groups.values():
        scored = sorted(
            ((-found[i].fingerprint(expected[j]), i, j) for i in left for j in right), key=lambda t: t
        )
        used_left: set[int] = set()
        used_right: set[int] = set()
        for _, i, j in scored:
            if i not in used_left and j not in used_right:
                used_left.add(i)
                used_right.add(j)
                pairs.append((found[i], expected[j]))
    return pairs


@dataclass
class Score:
    """The registry against the truth; see the module's docstring."""

    registry: int
    truth: int
    correct: int
    wrong_merges: dict[str, set[str]] = field(default_factory=dict)  # contact -> truth pids
    splits: dict[str, set[str]] = field(default_factory=dict)  # truth pid -> contacts
    pair_precision: float = 1.0
    pair_recall: float = 1.0
    field_errors: Counter[str] = field(default_factory=Counter)
    missing: list[Holder] = field(default_factory=list)  # truth designations with no registry one
    extra: list[Holder] = field(default_factory=list)  # registry designations with no truth one

    @property
    def precision(self) -> float:
        return self.correct / self.registry if self.registry else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.truth if self.truth else 1.0

    def summary(self) -> str:
        """One line of figures, then a few examples of what is wrong."""
        lines = [
            f"designations: registry {self.registry}, truth {self.truth}, right {self.correct} "
            f"(precision {self.precision:.4f}, recall {self.recall:.4f}); "
            f"wrong merges {len(self.wrong_merges)}, splits {len(self.splits)}; "
            f"same-person pairs precision {self.pair_precision:.4f}, recall "
            f"{self.pair_recall:.4f}; fields differing {dict(self.field_errors) or 0}"
        ]
        lines += [f"  merged into contact {c}: {sorted(p)}" for c, p in list(self.wrong_merges.items())[:5]]
        lines += [f"  split, {p}: contacts {sorted(c)}" for p, c in list(self.splits.items())[:5]]
        lines += [f"  missing: {_describe(h)}" for h in self.missing[:5]]
        lines += [f"  extra: {_describe(h)}" for h in self.extra[:5]]
        return "\n".join(lines)


def _describe(h: Holder) -> str:
    return f"{h.convention} {h.party} {h.role} {h.scope!r} {h.name or sorted(h.emails)} ({h.who})"


def score(found: list[Holder], expected: list[Holder]) -> Score:
    """Compare registry holders with truth holders (see the module's docstring)."""
    right = [(r, t) for r, t in pair(found, expected) if r.scope == t.scope]
    result = Score(len(found), len(expected), len(right))
    paired_found, paired_expected = {id(r) for r, _ in right}, {id(t) for _, t in right}
    result.missing = [t for t in expected if id(t) not in paired_expected]
    result.extra = [r for r in found if id(r) not in paired_found]
    people: dict[str, set[str]] = defaultdict(set)
    contacts: dict[str, set[str]] = defaultdict(set)
    for r, t in right:
        people[r.who].add(t.who)
        contacts[t.who].add(r.who)
    result.wrong_merges = {c: p for c, p in people.items() if len(p) > 1}
    result.splits = {p: c for p, c in contacts.items() if len(c) > 1}
    result.pair_precision, result.pair_recall = _pairwise((r.who, t.who) for r, t in right)
    result.field_errors = _field_errors(right)
    return result


def _pairwise(cells: Iterable[tuple[str, str]]) -> tuple[float, float]:
    """Same-person precision and recall over pairs of designations: (contact, pid) per designation."""
    by_cell = Counter(cells)
    by_contact: Counter[str] = Counter()
    by_person: Counter[str] = Counter()
    for (contact, pid), n in by_cell.items():
        by_contact[contact] += n
        by_person[pid] += n
    both = sum(comb(n, 2) for n in by_cell.values())
    said = sum(comb(n, 2) for n in by_contact.values())
    true = sum(comb(n, 2) for n in by_person.values())
    return (both / said if said else 1.0, both / true if true else 1.0)


def _field_errors(pairs: list[tuple[Holder, Holder]]) -> Counter[str]:
    """For each (contact, person) once: which of the compared fields differ."""
    errors: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    for r, t in pairs:
        if (r.who, t.who) in seen:
            continue
        seen.add((r.who, t.who))
        for name in ("emails", "phones", "faxes", "organization", "position", "given", "family"):
            if getattr(r, name) != getattr(t, name):
                errors[name] += 1
    return errors


def score_registry(session: Session, state: dict[str, Any]) -> Score:
    """The registry's current designations against a truth state."""
    return score(registry_holders(session), truth_holders(state))


def score_by_convention(found: list[Holder], expected: list[Holder]) -> dict[str, Score]:
    """:func:`score` of each convention's designations alone (a merge across conventions shows only in
    the whole)."""
    conventions = sorted({h.convention for h in (*found, *expected)})
    return {
        c: score([h for h in found if h.convention == c], [h for h in expected if h.convention == c])
        for c in conventions
    }


# --- a run's report against changes.json --------------------------------------------------------------------

ChangeKey = tuple[str, ...]


def _change_key(
    kind: str, where: dict[str, Any], given: Any, family: Any, emails: Any, fields: Any
) -> ChangeKey:
    name = fold(f"{given or ''} {family or ''}")
    # An office naming no one is told by its e-mails (the list's new ones for a change).
    who = name or "office: " + ",".join(sorted(e.strip().lower() for e in emails))
    changed = sorted(fields) if kind == "changed" else []
    return (kind, where["convention"], where["party"], where["role"], fold(where["scope"]), who, *changed)


def report_changes(report: dict[str, Any]) -> Counter[ChangeKey]:
    """The changes a run's report lists (conflicts and registry_ahead items included: each is a change
    the truth does not have)."""
    found: Counter[ChangeKey] = Counter()
    for convention, part in report["conventions"].items():
        for item in part["items"]:
            if item["action"] in CHANGING:
                person = item["contact"]
                where = {"convention": convention, **item}
                found[
                    _change_key(
                        item["action"],
                        where,
                        person["given_name"],
                        person["family_name"],
                        person["emails"],
                        item["fields"],
                    )
                ] += 1
    return found


def truth_changes(changes: list[dict[str, Any]]) -> Counter[ChangeKey]:
    """The changes of ``changes.json``, keyed as :func:`report_changes` keys a report's."""
    return Counter(
        _change_key(c["kind"], c, c["given"], c["family"], c["emails"], c["fields"]) for c in changes
    )


@dataclass(frozen=True)
class ChangeScore:
    """A run's changes against the truth's: those it reported that are not there, and those it missed."""

    right: int
    false: list[ChangeKey]
    missing: list[ChangeKey]

    def summary(self) -> str:
        lines = [f"changes: right {self.right}, false {len(self.false)}, missing {len(self.missing)}"]
        lines += [f"  false: {key}" for key in self.false[:8]]
        lines += [f"  missing: {key}" for key in self.missing[:8]]
        return "\n".join(lines)


def first_night_changes(state: dict[str, Any]) -> list[dict[str, Any]]:
    """The changes of a first night on an empty registry, in ``changes.json``'s shape: every designation of
    ``state`` added."""
    people = state["people"]
    return [
        {
            **d,
            "kind": "added",
            "fields": [],
            **{k: people[d["pid"]][k] for k in ("given", "family", "emails")},
        }
        for d in state["designations"]
    ]


def score_changes(report: dict[str, Any], changes: list[dict[str, Any]]) -> ChangeScore:
    """Compare a run's report with ``changes.json`` (an empty list for a noise-only night)."""
    found, expected = report_changes(report), truth_changes(changes)
    return ChangeScore(
        right=sum((found & expected).values()),
        false=sorted((found - expected).elements()),
        missing=sorted((expected - found).elements()),
    )


def statuses(report: dict[str, Any]) -> dict[str, str]:
    """Each convention's status in a run's report (with its error, when it has one)."""
    return {
        name: part["status"] + (f": {part['error']}" if part.get("error") else "")
        for name, part in report["conventions"].items()
    }
