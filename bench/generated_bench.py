"""The sync on generated lists with ground truth (tests/sync/generated) at 1x, 10x and 100x density: how
right it is, and how long it takes.

For each density the lists are generated from one seed (in a child process), a fresh database gets the
parties (``registry parties import``: the bundled file, then the lists' own), and four nights run, each its
own ``registry sync run`` process measured from outside (:mod:`bench.measure`, as :mod:`bench.sync_bench`):

- ``v1``: the first night; then the registry against ``truth/state_v1.json``;
- ``v1-noise``: the same contacts with other noise: every item is a false change;
- ``v2``: the next night; its items against ``truth/changes.json``, the registry against ``state_v2.json``;
- ``v2 again``: every item is a false change (convergence).

Figures per night: status of each convention, seconds, peak RSS, designation precision and recall, wrong
merges, splits, false and missing changes. SQLite always; PostgreSQL too when ``BENCH_DATABASE_URL`` is set
(that database is emptied first). Written to ``bench/out/generated.json``.

    python -m bench generated [--sizes 1,10,100] [--seed 1] [--parties K] [--timeout 900]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from bench.measure import machine_facts, run_checked, run_child, tail
from bench.sync_bench import OUT, REGISTRY, command, fresh_database
from registry.db import make_engine
from tests.sync.generated import FILES
from tests.sync.generated.evaluate import (
    first_night_changes,
    registry_holders,
    score_by_convention,
    score_changes,
    truth_holders,
)
from tests.sync.generated.evaluate import score as score_all

# (night, the folder of its lists, the truth state after it, its true changes: None for changes.json)
NIGHTS: tuple[tuple[str, str, str | None, bool], ...] = (
    ("v1", "v1", "state_v1", False),
    ("v1-noise", "v1-noise", None, False),
    ("v2", "v2", "state_v2", True),
    ("v2 again", "v2", None, False),
)


@dataclass
class Night:
    """One night at one density on one database: how it ran, and how right it came out."""

    backend: str
    size: int
    night: str
    statuses: dict[str, str] = field(default_factory=dict)
    seconds: float | None = None
    peak_rss_mb: float | None = None
    precision: float | None = None
    recall: float | None = None
    wrong_merges: int | None = None
    splits: int | None = None
    false_changes: dict[str, int] = field(default_factory=dict)
    missing_changes: dict[str, int] = field(default_factory=dict)
    by_convention: dict[str, dict[str, float]] = field(default_factory=dict)


def generate_lists(size: int, seed: int, parties: int | None, folder: Path) -> None:
    """The lists and truth of ``seed`` at density ``size``, written by a child process."""
    argv = [sys.executable, "-m", "tests.sync.generated", "--seed", str(seed), "--density", str(size)]
    argv += ["--parties", str(parties)] if parties else []
    run_checked([*argv, str(folder)], os.environ, "generating the lists")


def per_convention(keys: list[tuple[str, ...]]) -> dict[str, int]:
    return {c: sum(1 for k in keys if k[1] == c) for c in FILES}


def judge(
    night: Night, report: dict[str, Any], folder: Path, night_truth: tuple[str | None, bool], url: str
) -> None:
    """Fill ``night`` with the report's statuses, its changes against the truth's, the registry's score."""
    truth, changes = night_truth
    night.statuses = {c: part["status"] for c, part in report["conventions"].items()}
    if changes:
        expected = json.loads((folder / "truth" / "changes.json").read_text())
    elif night.night == "v1":  # the first night on an empty registry: every designation is added
        expected = first_night_changes(json.loads((folder / "truth" / "state_v1.json").read_text()))
    else:
        expected = []
    changed = score_changes(report, expected)
    night.false_changes, night.missing_changes = (
        per_convention(changed.false),
        per_convention(changed.missing),
    )
    if truth is not None:
        judge_registry(night, json.loads((folder / "truth" / f"{truth}.json").read_text()), url)


def judge_registry(night: Night, truth: dict[str, Any], url: str) -> None:
    """Fill ``night`` with the registry's score against ``truth``, in all and per convention."""
    engine = make_engine(url)
    with Session(engine) as session:
        found = registry_holders(session)
    engine.dispose()
    expected = truth_holders(truth)
    whole = score_all(found, expected)
    night.precision, night.recall = round(whole.precision, 4), round(whole.recall, 4)
    night.wrong_merges, night.splits = len(whole.wrong_merges), len(whole.splits)
    night.by_convention = {
        c: {
            "precision": round(one.precision, 4),
            "recall": round(one.recall, 4),
            "merges": len(one.wrong_merges),
        }
        for c, one in score_by_convention(found, expected).items()
    }


def run_size(
    backend: str, url: str | None, size: int, settings: argparse.Namespace, work: Path
) -> list[Night]:
    """Generate at ``size``, make a fresh database, run and judge the four nights."""
    folder = work / f"lists-{size}x"
    print(f"[{backend} {size}x] generating ...", file=sys.stderr)
    generate_lists(size, settings.seed, settings.parties, folder)
    env = fresh_database(backend, url, size, work)
    run_checked([str(REGISTRY), "parties", "import", str(folder / "parties.csv")], env, "parties import")
    nights = []
    for name, version, truth, changes in NIGHTS:
        print(f"[{backend} {size}x] {name} ...", file=sys.stderr)
        slug = f"{backend}-{size}x-{name.replace(' ', '-')}"
        report, log = work / f"{slug}.json", work / f"{slug}.log"
        lists = {c: folder / version / f for c, f in FILES.items()}
        child = run_child(command(lists, (), report, None), env, settings.timeout, log)
        rss = None if child.peak_rss_mb is None else round(child.peak_rss_mb, 1)
        night = Night(backend, size, name, seconds=round(child.seconds, 2), peak_rss_mb=rss)
        if report.exists():
            judged = json.loads(report.read_text(encoding="utf-8"))
            judge(night, judged, folder, (truth, changes), env["DATABASE_URL"])
        else:
            print(f"[{backend} {size}x] {name}: no report\n{tail(log)}", file=sys.stderr)
        nights.append(night)
    return nights


# (field, heading, width)
COLUMNS = (
    ("seconds", "seconds", 9),
    ("peak_rss_mb", "RSS MB", 9),
    ("precision", "P", 8),
    ("recall", "R", 8),
    ("wrong_merges", "merges", 7),
    ("splits", "splits", 7),
)


def table(nights: list[Night]) -> str:
    """The figures, a line per night."""
    head = f"{'db':<11}{'size':>5}  {'night':<10}" + "".join(f"{h:>{w}}" for _, h, w in COLUMNS)
    head += "  false / missing changes (basel, rotterdam, stockholm)  statuses"
    lines = [head, "-" * len(head)]
    for n in nights:
        values = [(getattr(n, name), width) for name, _, width in COLUMNS]
        figures = "".join(f"{'-' if v is None else round(v, 4):>{w}}" for v, w in values)
        changes = f"{tuple(n.false_changes.values())} / {tuple(n.missing_changes.values())}"
        statuses = ",".join(f"{c[0]}:{s}" for c, s in n.statuses.items())
        lines.append(f"{n.backend:<11}{f'{n.size}x':>5}  {n.night:<10}{figures}  {changes:<40}{statuses}")
    return "\n".join(lines)


def run_all(settings: argparse.Namespace, sizes: list[int]) -> list[Night]:
    """Every density on SQLite, then on PostgreSQL when BENCH_DATABASE_URL names one."""
    backends: dict[str, str | None] = {"sqlite": None}
    if os.environ.get("BENCH_DATABASE_URL"):
        backends["postgresql"] = os.environ["BENCH_DATABASE_URL"]
    nights: list[Night] = []
    with tempfile.TemporaryDirectory(prefix="bench-generated-") as tmp:
        for backend, url in backends.items():
            for size in sizes:
                work = Path(tmp) / backend
                work.mkdir(exist_ok=True)
                nights += run_size(backend, url, size, settings, work)
    return nights


def main(argv: Sequence[str] | None = None) -> int:
    """Run every density on every database; print the table, write the JSON."""
    parser = argparse.ArgumentParser(
        prog="python -m bench generated", description="The sync on generated lists."
    )
    parser.add_argument("--sizes", default="1,10,100", help="densities, comma separated (default 1,10,100)")
    parser.add_argument("--seed", type=int, default=1, help="the generator's seed (default 1)")
    parser.add_argument("--parties", type=int, help="only this many parties (default: all)")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds before a night is stopped")
    parser.add_argument("--out", type=Path, default=OUT / "generated.json", help="JSON output")
    settings = parser.parse_args(argv)
    nights = run_all(settings, [int(s) for s in settings.sizes.split(",") if s.strip()])
    print(table(nights))
    result = {
        "bench": "generated",
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine_facts(),
        "seed": settings.seed,
        "parties": settings.parties,
        "nights": [asdict(n) for n in nights],
    }
    settings.out.parent.mkdir(parents=True, exist_ok=True)
    settings.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {settings.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
