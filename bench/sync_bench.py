"""The sync benchmark: dry run, apply and steady-state dry run of all three lists at 1x, 10x and 100x.

For each size the lists are generated (:mod:`bench.generate`) and a fresh database is made with
``registry db upgrade`` and ``registry parties import``; then each step is its own ``registry sync run``
process, measured from outside (:mod:`bench.measure`):

- ``dry-run``: the lists against the empty registry (everything is "added");
- ``apply``: the same, written;
- ``dry-run again``: the nightly steady state, nothing changed since the apply.

Figures: wall seconds of the process, seconds inside ``run_sync`` (from the run's report, so without start-up
and imports), the process's peak RSS, records read and the plan's counts. A table and the growth ratio of
seconds between consecutive sizes are printed; everything is written as JSON (``bench/out/sync.json``).
SQLite always; PostgreSQL as well when ``BENCH_DATABASE_URL`` is set (that database is emptied first with
``registry db downgrade base``: point it at a throwaway one). A step still running after ``--timeout``
seconds is interrupted and recorded as ``timeout``; the bench carries on. ``--profile`` runs each step
under pyinstrument (not a project dependency: ``pip install pyinstrument``).

The reference, at each size: csv-diff (its own virtual environment, ``bench/out/.venv-csvdiff``) on the same
rows written as one keyed CSV (:mod:`bench.keyed_csv`): from an empty file to the lists (the peer of the
first dry run; from the first row alone, as csv-diff fails on a file with no rows) and from the lists to
themselves (the peer of the steady state). It only diffs: no parsing of
the lists' formats, no normalization, no matching of people, no database.

    python -m bench sync [--sizes 1,10,100] [--timeout 900] [--out FILE] [--profile]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.measure import machine_facts, parent_peak_rss_mb, run_checked, run_child, tail

ROOT = Path(__file__).resolve().parent.parent
PARTIES = ROOT / "registry" / "data" / "parties.csv"
OUT = Path(__file__).resolve().parent / "out"
REGISTRY = Path(sys.executable).parent / "registry"
LISTS = {"basel": "basel.xlsx", "rotterdam": "rotterdam.csv", "stockholm": "stockholm.json"}  # generate's
# (step, flags of `registry sync run`, the step whose outcome it measures on top of, if any)
STEPS: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("dry-run", ("--dry-run",), None),
    ("apply", (), None),
    ("dry-run again", ("--dry-run",), "apply"),
)
CSV_DIFF = "ref: csv-diff"
CSV_DIFF_VENV = OUT / ".venv-csvdiff"
# (step, the two files compared): the peers of the first dry run (csv-diff cannot start from a file with no
# rows: from the first row alone) and of the steady state
CSV_DIFF_STEPS = (("dry-run", "first.csv", "lists.csv"), ("dry-run again", "lists.csv", "lists.csv"))
PLAN_COUNTS = ("added", "changed", "removed", "unchanged", "conflict", "registry_ahead", "warnings")


@dataclass
class Measure:
    """One step at one size on one database: ``status`` is ok, failed, timeout or skipped."""

    backend: str
    size: int
    step: str
    status: str
    seconds: float | None = None
    sync_seconds: float | None = None
    peak_rss_mb: float | None = None
    records: int | None = None
    records_by_list: dict[str, int | None] = field(default_factory=dict)
    plan: dict[str, int] = field(default_factory=dict)
    exit_code: int | None = None


@dataclass(frozen=True)
class Settings:
    sizes: tuple[int, ...]
    timeout: float
    out: Path
    profile: bool
    backends: dict[str, str | None]  # name -> URL; None: a new SQLite file per size


def child_env(url: str, workdir: Path) -> dict[str, str]:
    """The environment of every ``registry`` child: this database, and an instance folder of its own."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "REGISTRY_INSTANCE_PATH": str(workdir),
        "REGISTRY_SECRET_KEY": "bench-not-a-secret",
        # The 100x workbook unpacks to about 56 MB, past the 50 MB a list may weigh by default.
        "REGISTRY_SYNC_MAX_DOWNLOAD_MB": "500",
    }


def fresh_database(backend: str, url: str | None, size: int, workdir: Path) -> dict[str, str]:
    """A migrated database holding the parties and nothing else; returns the children's environment."""
    if url is None:
        url = f"sqlite:///{workdir / f'registry-{size}x.db'}"
    env = child_env(url, workdir)
    if backend != "sqlite":
        run_checked([str(REGISTRY), "db", "downgrade", "base"], env, f"emptying {backend}")
    run_checked([str(REGISTRY), "db", "upgrade"], env, "registry db upgrade")
    run_checked([str(REGISTRY), "parties", "import", str(PARTIES)], env, "registry parties import")
    return env


def command(lists: dict[str, Path], flags: Sequence[str], report: Path, profile: Path | None) -> list[str]:
    """``registry sync run`` of the three lists, under pyinstrument when ``profile`` names its output."""
    sources = [arg for name, path in lists.items() for arg in ("--source", f"{name}={path}")]
    argv = [str(REGISTRY), "sync", "run", *flags, *sources, "--report", str(report)]
    if profile is None:
        return argv
    return [sys.executable, "-m", "pyinstrument", "-o", str(profile), "-r", "text", "--no-color", *argv]


def read_report(measure: Measure, report: Path) -> None:
    """Fill ``measure`` with what the run's report says: records read, plan counts, seconds in run_sync."""
    if not report.exists():
        return
    data = json.loads(report.read_text(encoding="utf-8"))
    parts = data["conventions"]
    measure.records_by_list = {name: (part["source"] or {}).get("records") for name, part in parts.items()}
    measure.records = sum(n or 0 for n in measure.records_by_list.values())
    measure.plan = {c: sum(part["summary"].get(c, 0) for part in parts.values()) for c in PLAN_COUNTS}
    started, finished = (
        dt.datetime.fromisoformat(data[k].replace("Z", "+00:00")) for k in ("started_at", "finished_at")
    )
    measure.sync_seconds = round((finished - started).total_seconds(), 3)


def run_size(backend: str, url: str | None, size: int, settings: Settings, workdir: Path) -> list[Measure]:
    """Generate the lists at ``size``, make a fresh database, and measure each step in its own process."""
    started = time.perf_counter()
    # In a child, like every heavy step: the harness keeps none of the workbook's memory.
    folder = workdir / f"lists-{size}x"
    run_checked([sys.executable, "-m", "bench.generate", str(size), str(folder)], os.environ, "generating")
    lists = {name: folder / file for name, file in LISTS.items()}
    print(f"[{backend} {size}x] lists generated in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    env = fresh_database(backend, url, size, workdir)
    measures: list[Measure] = []
    locked = False  # a run killed outright leaves the sync lock held: later runs would do nothing
    for step, flags, after in STEPS:
        if locked or (after and any(m.step == after and m.status != "ok" for m in measures)):
            measures.append(Measure(backend, size, step, "skipped"))  # what it measures did not happen
            continue
        slug = f"{backend}-{size}x-{step.replace(' ', '-')}"
        report, log = workdir / f"{slug}.json", workdir / f"{slug}.log"
        profile = settings.out.parent / "profile" / f"{slug}.txt" if settings.profile else None
        if profile:
            profile.parent.mkdir(parents=True, exist_ok=True)
        print(f"[{backend} {size}x] {step} ...", file=sys.stderr)
        child = run_child(command(lists, flags, report, profile), env, settings.timeout, log)
        status = "timeout" if child.timed_out else "ok" if child.returncode == 0 else "failed"
        measure = Measure(
            backend, size, step, status, round(child.seconds, 3), None, _rounded(child.peak_rss_mb)
        )
        measure.exit_code = child.returncode
        locked = child.killed
        read_report(measure, report)
        if status == "failed":
            print(f"[{backend} {size}x] {step} failed:\n{tail(log)}", file=sys.stderr)
        measures.append(measure)
    if backend == "sqlite":  # once per size: the reference does not depend on the database
        measures += run_csv_diff(size, folder, settings, workdir)
    return measures


def csv_diff_bin() -> Path:
    """csv-diff's ``bin`` folder, its virtual environment created on first use (apart from the registry's)."""
    bin_dir = CSV_DIFF_VENV / "bin"
    if not (bin_dir / "csv-diff").exists():
        print(f"installing csv-diff into {CSV_DIFF_VENV} ...", file=sys.stderr)
        run_checked([sys.executable, "-m", "venv", str(CSV_DIFF_VENV)], os.environ, "python -m venv")
        run_checked(
            [str(bin_dir / "pip"), "install", "--quiet", "csv-diff"], os.environ, "pip install csv-diff"
        )
    return bin_dir


def run_csv_diff(size: int, lists: Path, settings: Settings, workdir: Path) -> list[Measure]:
    """csv-diff on the lists at ``size`` written as keyed CSV: each comparison in its own process."""
    folder = workdir / f"keyed-{size}x"
    run_checked([sys.executable, "-m", "bench.keyed_csv", str(lists), str(folder)], os.environ, "keyed CSV")
    with (folder / "lists.csv").open(newline="", encoding="utf-8") as written:
        rows = sum(1 for _ in csv.reader(written)) - 1
    measures = []
    for step, old, new in CSV_DIFF_STEPS:
        log = workdir / f"csv-diff-{size}x-{step.replace(' ', '-')}.json"
        argv = [str(csv_diff_bin() / "csv-diff"), str(folder / old), str(folder / new), "--key=key", "--json"]
        print(f"[{CSV_DIFF} {size}x] {step} ...", file=sys.stderr)
        child = run_child(argv, os.environ, settings.timeout, log)
        status = "timeout" if child.timed_out else "ok" if child.returncode == 0 else "failed"
        measure = Measure(
            CSV_DIFF, size, step, status, round(child.seconds, 3), None, _rounded(child.peak_rss_mb)
        )
        measure.exit_code, measure.records = child.returncode, rows
        if status == "ok":
            diff = json.loads(log.read_text(encoding="utf-8"))
            counts = {kind: len(diff[kind]) for kind in ("added", "changed", "removed")}
            measure.plan = {**counts, "unchanged": rows - counts["added"] - counts["changed"]}
        else:
            print(f"[{CSV_DIFF} {size}x] {step} failed:\n{tail(log)}", file=sys.stderr)
        measures.append(measure)
    return measures


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def growth(measures: list[Measure]) -> list[dict[str, Any]]:
    """For each database and step, the ratio of seconds (and of records) between consecutive sizes."""
    rows: list[dict[str, Any]] = []
    done = {(m.backend, m.step, m.size): m for m in measures if m.status == "ok"}
    sizes = sorted({m.size for m in measures})
    for backend in dict.fromkeys(m.backend for m in measures):
        for step in dict.fromkeys(m.step for m in measures if m.backend == backend):
            for small, large in itertools.pairwise(sizes):
                a, b = done.get((backend, step, small)), done.get((backend, step, large))
                if a and b and a.seconds and b.seconds and a.records and b.records:
                    rows.append(
                        {
                            "backend": backend,
                            "step": step,
                            "sizes": f"{large}x/{small}x",
                            "seconds": round(b.seconds / a.seconds, 2),
                            "sync_seconds": (
                                round(b.sync_seconds / a.sync_seconds, 2)
                                if a.sync_seconds and b.sync_seconds
                                else None
                            ),
                            "records": round(b.records / a.records, 2),
                        }
                    )
    return rows


def table(measures: list[Measure], ratios: list[dict[str, Any]]) -> str:
    """The figures as a plain-text table, then the growth ratios."""
    head = f"{'db':<15}{'size':>5} {'records':>8}  {'step':<14}{'status':<8}{'seconds':>9}{'in sync':>9}"
    head += f"{'peak RSS MB':>12}  plan"
    lines = [head, "-" * (len(head) + 20)]
    for m in measures:
        plan = ", ".join(f"{k} {v}" for k, v in m.plan.items() if v and k != "warnings")
        cells = [_num(m.seconds, 9, 2), _num(m.sync_seconds, 9, 2), _num(m.peak_rss_mb, 12, 1)]
        lines.append(
            f"{m.backend:<15}{f'{m.size}x':>5} {_num(m.records, 8, 0)}  {m.step:<14}{m.status:<8}"
            + "".join(cells)
            + f"  {plan}"
        )
    lines += ["", "growth (ratio of seconds between sizes; records for scale):"]
    for r in ratios:
        in_sync = "-" if r["sync_seconds"] is None else f"x{r['sync_seconds']}"
        lines.append(
            f"  {r['backend']:<15}{r['step']:<14}{r['sizes']:>9}  seconds x{r['seconds']:<7}"
            f"in sync {in_sync:<8}records x{r['records']}"
        )
    return "\n".join(lines)


# Issue 16's goals for the sync: a steady-state night at 10x within 5 s (inside run_sync); at 100x, the
# night's peak under 1 GB, and time that grows with the records (seconds per record at 100x at most twice).
STEADY = "dry-run again"
STEADY_SECONDS_10X = 5.0
PEAK_MB_100X = 1024.0
LINEAR_SLACK = 2.0


def sync_goals(measures: list[Measure]) -> list[dict[str, Any]]:
    """Each goal on each database that the run measured, with its figure and whether it is met. The peak is
    the nightly run's (the steady state: the registry full, the lists unchanged); the first load's (every
    record added at once) is given beside it against the same bound."""
    done = {(m.backend, m.step, m.size): m for m in measures if m.status == "ok"}
    rows: list[dict[str, Any]] = []
    for backend in dict.fromkeys(m.backend for m in measures if m.backend != CSV_DIFF):
        ten, hundred = done.get((backend, STEADY, 10)), done.get((backend, STEADY, 100))
        if ten is not None and ten.sync_seconds is not None:
            steady = ten.sync_seconds
            rows.append(_goal(backend, "10x steady state in sync <= 5 s", steady, STEADY_SECONDS_10X))
        if hundred is not None and hundred.peak_rss_mb is not None:
            peak = hundred.peak_rss_mb
            rows.append(_goal(backend, "100x steady state peak RSS < 1 GB (MB)", peak, PEAK_MB_100X, True))
        loads = [done.get((backend, step, 100)) for step in ("dry-run", "apply")]
        peaks = [m.peak_rss_mb for m in loads if m is not None and m.peak_rss_mb is not None]
        if peaks:
            first = max(peaks)
            rows.append(_goal(backend, "(100x first load peak RSS < 1 GB (MB))", first, PEAK_MB_100X, True))
        if ten and hundred and ten.sync_seconds and hundred.sync_seconds and ten.records and hundred.records:
            per_record = (hundred.sync_seconds / hundred.records) / (ten.sync_seconds / ten.records)
            rows.append(_goal(backend, "linear: s/record 100x over 10x <= 2", per_record, LINEAR_SLACK))
    return rows


def _goal(backend: str, goal: str, figure: float, limit: float, below: bool = False) -> dict[str, Any]:
    """``figure`` against ``limit``: at most (or, ``below``, less than) it."""
    met = figure < limit if below else figure <= limit
    return {"backend": backend, "goal": goal, "figure": round(figure, 2), "met": met}


def goals_table(rows: list[dict[str, Any]]) -> str:
    lines = ["goals (issue 16):"]
    for r in rows:
        verdict = "met" if r["met"] else "NOT MET"
        lines.append(f"  {r['backend']:<15}{r['goal']:<44}{r['figure']:>9}  {verdict}")
    return "\n".join(lines)


def _num(value: float | None, width: int, digits: int) -> str:
    return f"{'-' if value is None else f'{value:.{digits}f}':>{width}}"


def rss_floor() -> float | None:
    """The peak RSS (MB) measured for a process that does nothing: the floor under every figure."""
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as tmp:
        return _rounded(run_child(["true"], os.environ, 60, Path(tmp) / "log").peak_rss_mb)


def run(settings: Settings) -> dict[str, Any]:
    """Run every size on every database; return (and write to ``settings.out``) the figures as JSON."""
    measures: list[Measure] = []
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        for backend, url in settings.backends.items():
            for size in settings.sizes:
                workdir = Path(tmp) / backend
                workdir.mkdir(exist_ok=True)
                measures += run_size(backend, url, size, settings, workdir)
    ratios = growth(measures)
    goals = sync_goals(measures)
    result = {
        "bench": "sync",
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine_facts(),
        "sizes": list(settings.sizes),
        "timeout_seconds": settings.timeout,
        "profiled": settings.profile,
        "harness_peak_rss_mb": round(parent_peak_rss_mb(), 1),
        "peak_rss_floor_mb": rss_floor(),
        "measures": [asdict(m) for m in measures],
        "growth": ratios,
        "goals": goals,
    }
    settings.out.parent.mkdir(parents=True, exist_ok=True)
    settings.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(table(measures, ratios))
    if goals:
        print("\n" + goals_table(goals))
    print(f"\nwritten to {settings.out}")
    return result


def parse_args(argv: Sequence[str] | None) -> Settings:
    """The command line as :class:`Settings`; PostgreSQL joins SQLite when BENCH_DATABASE_URL is set."""
    parser = argparse.ArgumentParser(prog="python -m bench sync", description="Benchmark the nightly sync.")
    parser.add_argument(
        "--sizes", default="1,10,100", help="scale factors, comma separated (default 1,10,100)"
    )
    parser.add_argument(
        "--timeout", type=float, default=900.0, help="seconds before a step is interrupted (900)"
    )
    parser.add_argument("--out", type=Path, help="JSON output (default bench/out/sync.json)")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="run each step under pyinstrument (bench/out/profile/*.txt); figures go to sync-profiled.json",
    )
    args = parser.parse_args(argv)
    sizes = tuple(int(size) for size in args.sizes.split(",") if size.strip())
    if not sizes or min(sizes) < 1:
        parser.error("--sizes takes positive integers, such as 1,10,100")
    backends: dict[str, str | None] = {"sqlite": None}
    if os.environ.get("BENCH_DATABASE_URL"):
        backends["postgresql"] = os.environ["BENCH_DATABASE_URL"]
    out = args.out or OUT / ("sync-profiled.json" if args.profile else "sync.json")
    return Settings(sizes, args.timeout, out, args.profile, backends)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; exit status 1 when a step failed (a timeout is a figure, not a failure)."""
    result = run(parse_args(argv))
    return 1 if any(m["status"] == "failed" for m in result["measures"]) else 0


if __name__ == "__main__":
    sys.exit(main())
