"""Which list record is which registry designation.

Blocked by party and role: a record is compared only with the designations of its own party and role, first by
a list's stable id, then by name, and only the few left over (offices without a name, changed names) by the
details they share (:mod:`sync.identity`) and fuzzy name similarity (rapidfuzz). Cost grows with the number of
records, not with its square. Several people of one name in one block are told apart by their details; when
two fits are equally good, the rows and designations involved are reported as ambiguous and left alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from sync.identity import (
    FUZZY_NAME,
    NOTHING_SHARED,
    Evidence,
    Identity,
    Shared,
    evidence,
    identity_of,
    renamed,
)
from sync.records import ListRecord

SCOPE_WEIGHT = 1  # a competent authority's scope ("Federal level") agreeing counts like a detail
# Within one list, a row and what the list said last time also compare in the list's own terms: an office's
# address is as good as a personal detail (colleagues share a building, but not also a position and phone).
LIST_WEIGHTS = {"address": 2, "faxes": 1, "website": 1}


@dataclass
class Candidate:
    """A registry designation a record may be: its id, role, list id and the identity to compare with."""

    key: int
    party: str
    role: str
    identity: Identity
    source_key: str | None = None
    scope: str = ""
    values: dict[str, Any] = field(default_factory=dict)  # the list's comparable values last time


@dataclass
class Matching:
    pairs: list[tuple[int, Candidate]] = field(default_factory=list)  # (record index, candidate)
    unmatched_records: list[int] = field(default_factory=list)
    unmatched_candidates: list[Candidate] = field(default_factory=list)
    ambiguous: list[tuple[int, str]] = field(default_factory=list)  # (record index, message)
    held: list[Candidate] = field(default_factory=list)  # candidates an ambiguous row might be: left alone


Scorer = Callable[[int, Candidate], int | None]


def match_designations(
    records: list[ListRecord],
    candidates: Iterable[Candidate],
    shared: dict[str, Shared] | None = None,
    values: list[dict[str, Any]] | None = None,
) -> Matching:
    """Pair each record with at most one candidate of its party and role, and each candidate once.

    ``values`` are the records' comparable values (:func:`sync.fields.list_values`), compared with what the
    list said of each candidate last time (``Candidate.values``).
    """
    blocks: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        blocks[(candidate.party, candidate.role)].append(candidate)
    by_block: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        by_block[(record.party, record.role)].append(index)
    identities = [identity_of(record.person) for record in records]
    values = values or [{} for _ in records]
    result = Matching()
    for block in sorted(set(blocks) | set(by_block)):
        party_shared = (shared or {}).get(block[0], NOTHING_SHARED)
        matcher = _Block(records, identities, values, party_shared, result)
        matcher.match(by_block.get(block, []), blocks.get(block, []))
    return result


@dataclass
class _Block:
    records: list[ListRecord]
    identities: list[Identity]
    values: list[dict[str, Any]]
    shared: Shared
    out: Matching

    def match(self, indexes: list[int], candidates: list[Candidate]) -> None:
        by_source = {c.source_key: c for c in candidates if c.source_key}
        free = {id(c): c for c in candidates}
        left = []
        for index in indexes:
            hit = by_source.get(self.records[index].source_id or "")
            if hit is not None and id(hit) in free:
                self.out.pairs.append((index, free.pop(id(hit))))
            else:
                left.append(index)
        names: dict[str, tuple[list[int], list[Candidate]]] = defaultdict(lambda: ([], []))
        for index in left:
            names[self.identities[index].name][0].append(index)
        for candidate in free.values():
            names[candidate.identity.name][1].append(candidate)
        rest_records: list[int] = []
        rest_candidates: list[Candidate] = []
        for name, (group, group_candidates) in names.items():
            if name and len(group) == 1 and len(group_candidates) == 1:
                # One row and one designation of this name: any fit pairs, so no details need weighing.
                self.out.pairs.append((group[0], group_candidates[0]))
                continue
            # One name, one or several people: the details decide who is whom (any fit pairs: a designation
            # held by that name stays that designation, whatever else changed).
            scorer = self._same_name if name else self._office
            unpaired, unused = self._assign(group, group_candidates, scorer)
            rest_records += unpaired
            rest_candidates += unused
        unpaired, unused = self._assign(rest_records, rest_candidates, self._renamed)
        self.out.unmatched_records.extend(unpaired)
        self.out.unmatched_candidates.extend(unused)

    def _evidence(self, index: int, candidate: Candidate) -> Evidence:
        found = evidence(self.identities[index], candidate.identity, self.shared)
        agree, differ, strong, details = found.agree, found.differ, found.strong, found.details
        scope = (self.records[index].scope or "").casefold()
        if scope and candidate.scope:
            same = scope == candidate.scope.casefold()
            agree, differ = agree + SCOPE_WEIGHT * same, differ + SCOPE_WEIGHT * (not same)
            details += not same
        mine = self.values[index]
        for name, weight in LIST_WEIGHTS.items():
            if mine.get(name) and candidate.values.get(name):
                same = mine[name] == candidate.values[name]
                agree, differ = agree + weight * same, differ + weight * (not same)
                strong = strong or (same and name == "address")
                details += not same
        return Evidence(agree, differ, strong, details)

    def _same_name(self, index: int, candidate: Candidate) -> int | None:
        return self._evidence(index, candidate).score

    def _office(self, index: int, candidate: Candidate) -> int | None:
        # Offices have no name: they pair on their details only, and only when more agrees than differs.
        found = self._evidence(index, candidate)
        return found.score if found.score > 0 and (found.strong or found.differ == 0) else None

    def _renamed(self, index: int, candidate: Candidate) -> int | None:
        """A changed or misspelled name (:func:`sync.identity.renamed`), or a close one in the same
        organization."""
        mine, theirs = self.identities[index], candidate.identity
        if not mine.named or not theirs.named or mine.name == theirs.name:
            return None
        found = self._evidence(index, candidate)
        if renamed(mine, theirs, self.shared):
            return found.score
        close = fuzz.token_sort_ratio(mine.name, theirs.name) >= FUZZY_NAME
        same_org = bool(mine.organization) and mine.organization == theirs.organization
        return found.score if close and same_org and found.differ == 0 else None

    def _assign(
        self, indexes: list[int], candidates: list[Candidate], score: Scorer
    ) -> tuple[list[int], list[Candidate]]:
        """Pair the best fits first; equally good fits of one row or designation are ambiguous and held.

        Returns the records and candidates left unpaired.
        """
        if not indexes or not candidates:
            return list(indexes), list(candidates)
        scored = sorted(
            (
                (value, n, i)
                for i in indexes
                for n, c in enumerate(candidates)
                if (value := score(i, c)) is not None
            ),
            key=lambda t: (-t[0], t[2], t[1]),
        )
        done_records: set[int] = set()
        done: set[int] = set()
        for value, n, index in scored:
            if index in done_records or n in done:
                continue
            ties = [
                (m, i)
                for s, m, i in scored
                if s == value and ((i == index and m not in done) or (m == n and i not in done_records))
            ]
            if len(ties) > 1:
                # Equally good fits: neither the rows nor the designations are touched; a person decides.
                rows, held = {i for _, i in ties}, {m for m, _ in ties}
                message = (
                    f"{len(rows)} rows and {len(held)} registry designations fit each other equally well"
                )
                self.out.ambiguous.extend((i, message) for i in sorted(rows))
                self.out.held.extend(candidates[m] for m in sorted(held))
                done_records |= rows
                done |= held
                continue
            done_records.add(index)
            done.add(n)
            self.out.pairs.append((index, candidates[n]))
        return (
            [i for i in indexes if i not in done_records],
            [c for n, c in enumerate(candidates) if n not in done],
        )
