"""What the coverage page and its CSV show, derived from a :class:`Coverage` (pure): totals by region, the
parties with a role vacant or long unconfirmed, parties by how many people hold their roles, and one CSV
row per party."""

from __future__ import annotations

import csv
import io
from collections import Counter

from registry.conventions import ROLES
from registry.coverage.services import Coverage, PartyCoverage, RoleKey, RoleTotals, role_totals
from registry.coverage.staleness import staleness
from registry.formulas import escape
from registry.parties.regions import REGIONS
from registry.text import fold

# The rows of a role's totals by region: every party shown, each group, and the parties in no group (the EU).
ALL_REGIONS = "all"
NO_REGION = "none"


def by_name(parties: list[PartyCoverage]) -> list[PartyCoverage]:
    """``parties`` in the order of their names (accents and case aside)."""
    return sorted(parties, key=lambda p: (fold(p.name), p.code))


def by_region(coverage: Coverage, key: RoleKey) -> list[tuple[str, RoleTotals]]:
    """The role's totals over every party shown (unless one region is), then per regional group and for the
    parties in none; a group with no party to the convention and no holder is left out."""
    rows = [] if coverage.region else [(ALL_REGIONS, coverage.totals[key])]
    for region in (*REGIONS, None):
        members = [p for p in coverage.parties if p.region == region]
        totals = role_totals(members, key, coverage.today)
        if totals.held + totals.vacant + totals.non_parties:
            rows.append((region or NO_REGION, totals))
    return rows


def vacant(coverage: Coverage, key: RoleKey) -> list[PartyCoverage]:
    """The parties to the convention with no holder of the role, by name."""
    return by_name([p for p in coverage.parties if p.is_vacant(*key)])


def in_bucket(coverage: Coverage, key: RoleKey, bucket: str) -> list[PartyCoverage]:
    """The parties holding the role whose last confirmation falls in ``bucket``, by name."""
    return by_name(
        [
            p
            for p in coverage.parties
            if p.roles[key].holders and staleness(p.roles[key].last_confirmed, coverage.today) == bucket
        ]
    )


def vacant_roles(coverage: Coverage, party: PartyCoverage) -> list[RoleKey]:
    """The roles shown that the party leaves vacant."""
    return [key for key in coverage.roles if party.is_vacant(*key)]


def people_histogram(coverage: Coverage) -> list[tuple[int, int]]:
    """How many parties have 0, 1, 2, ... distinct people holding their roles, up to the most any has."""
    counts = Counter(p.people for p in coverage.parties)
    return [(people, counts[people]) for people in range(max(counts, default=0) + 1)]


def csv_header(coverage: Coverage) -> list[str]:
    header = ["party", "name", "region"]
    for convention in coverage.conventions:
        header.append(f"{convention}_status")
        for role in ROLES[convention]:
            header += [f"{convention}_{role}_holders", f"{convention}_{role}_last_confirmed"]
    return [*header, "people", "shared_organizations"]


def csv_row(coverage: Coverage, party: PartyCoverage) -> list[str]:
    """One party's cells, in :func:`csv_header`'s order; text escaped so no spreadsheet runs it."""
    row = [party.code, party.name, party.region or ""]
    for convention in coverage.conventions:
        row.append(party.status[convention])
        for role in ROLES[convention]:
            found = party.roles[(convention, role)]
            row += [str(found.holders), found.last_confirmed.isoformat() if found.last_confirmed else ""]
    shared = "; ".join(f"{o.name} ({', '.join(o.conventions)})" for o in party.shared_organizations)
    return [escape(cell) for cell in (*row, str(party.people), shared)]


def csv_bytes(coverage: Coverage) -> bytes:
    """The coverage as CSV, one row per party by code, UTF-8 with a byte order mark (Excel reads it so)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_header(coverage))
    for party in coverage.parties:
        writer.writerow(csv_row(coverage, party))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
