"""The three lists as one keyed CSV, for csv-diff: the simplest peer of the sync's diff step.

Each list is read with the sync's own parser; every row becomes a CSV row with its cells as written and a
``key`` column: convention, country, role and the person's name and e-mails, folded (case, accents, white
space), with ``#2``, ``#3``... on a repeat. Two files are written: ``lists.csv`` and ``first.csv`` (its first
row alone: csv-diff fails on a file with no rows), so that ``csv-diff first.csv lists.csv --key=key`` is the
peer of a first dry run (everything is added) and ``csv-diff lists.csv lists.csv --key=key`` the peer of the
nightly steady state (nothing changed).

It keys rows by what they say, not by who they are: a spelling change is a row removed and a row added, an
e-mail written differently is a change. That is the difference between a diff and the sync's reconciliation.

    python -m bench.keyed_csv LISTS_FOLDER OUT_FOLDER    # prints the number of rows written
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from registry.text import fold
from sync.records import RawRecord
from sync.sources import get_source

FILES = {"basel": "basel.xlsx", "rotterdam": "rotterdam.csv", "stockholm": "stockholm.json"}
COLUMNS = ("key", *(f.name for f in dataclasses.fields(RawRecord) if f.name != "source_ref"))
KEY_FIELDS = ("convention", "country", "role", "given_name", "family_name", "full_name", "emails")


def records(folder: Path) -> Iterable[RawRecord]:
    """Every row of the three lists in ``folder``, parsed as the sync parses them."""
    for convention, file in FILES.items():
        yield from get_source(convention).parse((folder / file).read_bytes()).records


def key_rows(rows: Iterable[RawRecord]) -> Iterable[dict[str, str]]:
    """Each record as a CSV row with a unique ``key``."""
    seen: Counter[str] = Counter()
    for record in rows:
        key = "|".join(fold(str(getattr(record, name) or "")) for name in KEY_FIELDS)
        seen[key] += 1
        values = {
            name: "" if value is None else str(value) for name, value in dataclasses.asdict(record).items()
        }
        values.pop("source_ref")
        yield {"key": key if seen[key] == 1 else f"{key}#{seen[key]}", **values}


def write(folder: Path, out: Path) -> int:
    """Write ``lists.csv`` and ``first.csv`` into ``out``; the number of rows."""
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    with (out / "lists.csv").open("w", newline="", encoding="utf-8") as target:
        writer = csv.DictWriter(target, COLUMNS)
        writer.writeheader()
        for row in key_rows(records(folder)):
            if not count:
                with (out / "first.csv").open("w", newline="", encoding="utf-8") as first:
                    csv.DictWriter(first, COLUMNS).writerows(({name: name for name in COLUMNS}, row))
            writer.writerow(row)
            count += 1
    return count


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.keyed_csv", description=__doc__.splitlines()[0])
    parser.add_argument("lists", type=Path, help="folder with basel.xlsx, rotterdam.csv, stockholm.json")
    parser.add_argument("out", type=Path, help="folder for lists.csv and empty.csv")
    args = parser.parse_args(argv)
    print(write(args.lists, args.out))  # a list with no rows at all writes no first.csv


if __name__ == "__main__":
    main()
