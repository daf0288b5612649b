"""The five UN regional groups, and which group each party is in (``registry/data/regions.csv``, whose
README names its source: DGACM's list of regional groups of Member States)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

REGIONS: tuple[str, ...] = (
    "African",
    "Asia-Pacific",
    "Eastern European",
    "Latin American and Caribbean",
    "Western European and others",
)
REGIONS_CSV = Path(__file__).resolve().parent.parent / "data" / "regions.csv"


class RegionFileError(ValueError):
    """The regions file names a group that is not one of the five, or a party twice."""


@cache
def party_regions(path: Path = REGIONS_CSV) -> dict[str, str | None]:
    """Each party code the file names, with its group (``None``: in no group, as the EU)."""
    regions: dict[str, str | None] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            code, region = row["code"].strip().upper(), row["region"].strip()
            if region and region not in REGIONS:
                raise RegionFileError(f"{path.name} line {line}: {region!r} is not a UN regional group")
            if code in regions:
                raise RegionFileError(f"{path.name} line {line}: {code} appears again")
            regions[code] = region or None
    return regions
