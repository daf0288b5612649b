"""The API benchmark: reads under gunicorn with wrk, next to their references, and concurrent PATCHes.

For each database (SQLite; PostgreSQL too when ``BENCH_DATABASE_URL`` names a server, where a new database is
made, and dropped after) and size (the sample lists 1x and 10x), a fresh database is loaded as ``make run``
loads it and served by gunicorn with 2 sync workers, as in production (:mod:`bench.api_data`). Each read is
``wrk -t2 -c16 -d10s --latency`` on loopback: requests per second, p50, p99. Next to ours, in the same run:
a trivial JSON view on the same app and gunicorn (the stack's ceiling) and on a bare Flask app, ``/health``
(``SELECT 1``: a database round trip), and Datasette (its own venv, one process) serving the same rows as one
SQLite table with the equivalent filter. Then the write tests (:func:`bench.api_data.write_tests`: 0 lost
updates), and the first read again. ``--profile`` samples a worker with py-spy during the slowest read at the
largest size on SQLite (wrk and py-spy are driven by :mod:`bench.api_wrk`). Figures: ``bench/out/api.json``
and ``bench/RESULTS_api.md``.

    python -m bench api [--sizes 1,10] [--duration 10] [--connections 32] [--patience 2] [--writers 8]
        [--profile]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any, NamedTuple

import requests

from bench import api_data as data
from bench import api_goals
from bench.api_wrk import BIN, profile_worker, wrk
from bench.measure import machine_facts
from bench.sync_bench import OUT, ROOT

WORKERS = 2
RESULTS = Path(__file__).resolve().parent / "RESULTS_api.md"
QUIET_CPU_S = 0.5  # CPU seconds other processes may take during a wrk run
NOTES = "<!-- notes: the text below is kept when the figures are written again -->"


@dataclass(frozen=True)
class Settings:
    sizes: tuple[int, ...]
    duration: int
    connections: int
    patience: int
    writers: int
    profile: bool
    out: Path
    results: Path
    backends: dict[str, str | None]  # name -> PostgreSQL server URL; None: a SQLite file


class Target(NamedTuple):
    """One URL to load: its server (registry, flask or datasette), and whether it is a reference."""

    label: str
    server: str
    path: str
    reference: bool = False


@dataclass
class Run:
    """One database at one size: what was asked, each read's figures (a dict: label, path, reference, rows,
    kib, rps, p50_ms, p99_ms, non_2xx, socket_errors, timeouts, other_cpu_s), the write tests (and the CPU
    seconds other processes took meanwhile), and the profile if taken."""

    backend: str
    size: int
    probe: dict[str, Any]
    datasette_rows: int
    reads: list[dict[str, Any]] = field(default_factory=list)
    writes: list[data.Write] = field(default_factory=list)
    writes_other_cpu_s: float | None = None
    profile: dict[str, Any] | None = None


def targets(probe: data.Probe) -> list[Target]:
    """What is loaded, in table order: the references, then each of ours followed by its Datasette twin."""
    party, word, api, table = probe.party, probe.word, "/api/v1", "/brs/designations.json?_shape=array&"
    contains = f"search_text__contains={word}"  # LIKE '%word%' on the folded text, as the registry's q
    return [
        Target("ref: ceiling, trivial JSON view, bare Flask app", "flask", "/ping", True),
        Target("ref: ceiling, trivial JSON view, registry app", "registry", "/bench/ping", True),
        Target("ref: GET /health (SELECT 1)", "registry", "/health", True),
        Target(f"GET /designations?party={party}", "registry", f"{api}/designations?party={party}&limit=500"),
        Target(f"ref: Datasette ?party={party}", "datasette", f"{table}party={party}", True),
        Target(f"GET /parties/{party}/designations", "registry", f"{api}/parties/{party}/designations"),
        Target("ref: ceiling, trivial HTML view", "registry", "/bench/page", True),
        Target(f"page /parties/{party}", "registry", f"/parties/{party}"),
        Target(f"ref: Datasette HTML ?party={party}", "datasette", f"/brs/designations?party={party}", True),
        Target(f"GET /designations?q={word}", "registry", f"{api}/designations?q={word}&limit=500"),
        Target(f"ref: Datasette ?search_text__contains={word}", "datasette", f"{table}{contains}", True),
        Target(f"ref: Datasette ?_search={word} (FTS5)", "datasette", f"{table}_search={word}", True),
    ]  # fmt: skip


def load(run: Run, base: str, target: Target, settings: Settings) -> dict[str, Any]:
    """One GET (it must answer 200: rows and size), then wrk on ``target``, again (``patience`` times at most,
    30 s later) while other processes take more than ``QUIET_CPU_S``; the figures of the quietest attempt (the
    least CPU taken by others) join ``run.reads``."""
    print(f"[{run.backend} {run.size}x] wrk {target.label} ...", file=sys.stderr)
    response = requests.get(base + target.path, timeout=30)
    response.raise_for_status()
    body = response.json() if response.headers["Content-Type"].endswith("json") else {}  # not a page's
    rows = len(body) if isinstance(body, list) else len(body["items"]) if "items" in body else None
    read = {**target._asdict(), "rows": rows, "kib": round(len(response.content) / 1024, 1)}
    attempts: list[dict[str, Any]] = []
    for attempt in range(settings.patience + 1):
        before = data.cpu_times()
        figures = wrk(base + target.path, settings.connections, settings.duration)
        figures["other_cpu_s"] = data.foreign_cpu(before, data.cpu_times())
        attempts.append(figures)
        if figures["other_cpu_s"] <= QUIET_CPU_S or attempt == settings.patience:
            break
        print(f"  other processes took {figures['other_cpu_s']} CPU s: again in 30 s", file=sys.stderr)
        time.sleep(30)
    run.reads.append({**read, **min(attempts, key=lambda figures: figures["other_cpu_s"])})
    return run.reads[-1]


def run_one(backend: str, server: str | None, size: int, settings: Settings) -> Run:
    """Load a fresh database at ``size``, serve it, and measure the reads, the writes, and one read again."""
    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp, ExitStack() as stack:
        work = Path(tmp)
        env = stack.enter_context(data.fresh_database(backend, server, work))
        started = time.perf_counter()
        data.load(env, size, work)
        print(f"[{backend} {size}x] loaded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        probe, token, datasette = (
            data.choose_probe(env, settings.writers),
            data.admin_token(env),
            data.datasette_bin(),
        )
        run = Run(backend, size, asdict(probe), data.export_rows(env, work / "brs.db"))
        data.enable_search(datasette, work / "brs.db")
        (work / "bench_registry.py").write_text(data.REGISTRY_APP, encoding="utf-8")
        (work / "bench_flask.py").write_text(data.FLASK_APP, encoding="utf-8")
        port = {name: data.free_port() for name in ("registry", "flask", "datasette")}
        base = {name: f"http://127.0.0.1:{number}" for name, number in port.items()}
        servers = {
            "registry": (data.gunicorn("bench_registry", port["registry"], work, WORKERS), env, "/health"),
            "flask": (data.gunicorn("bench_flask", port["flask"], work, WORKERS), env, "/ping"),
            "datasette": ([str(datasette / "python"), "-c", data.DATASETTE_SERVE, str(work / "brs.db"),
                           str(port["datasette"])], dict(os.environ), "/-/versions.json"),
        }  # fmt: skip
        pids = {name: stack.enter_context(data.serving(argv, env_, base[name] + ready, work / f"{name}.log"))
                for name, (argv, env_, ready) in servers.items()}  # fmt: skip
        reads = [load(run, base[target.server], target, settings) for target in targets(probe)]
        if settings.profile and backend == "sqlite" and size == max(settings.sizes):
            ours = [read for read in reads if read["server"] == "registry" and not read["reference"]]
            slowest = min(ours, key=lambda read: read["rps"] or 0)
            print(f"[{backend} {size}x] profiling {slowest['label']} ...", file=sys.stderr)
            raw, url = settings.out.parent / "profile-api.txt", base["registry"] + slowest["path"]
            run.profile = {
                "endpoint": slowest["label"],
                **profile_worker(pids["registry"], url, settings.connections, settings.duration, raw),
            }
        print(f"[{backend} {size}x] writes ...", file=sys.stderr)
        before = data.cpu_times()
        run.writes = data.write_tests(base["registry"], token, probe, settings.writers, settings.duration)
        run.writes_other_cpu_s = data.foreign_cpu(before, data.cpu_times())
        # Do the writes leave the readers slower? The party's designations again.
        first = next(
            read for read in reads if read["server"] == "registry" and read["path"].startswith("/api")
        )
        again = Target(f"{first['label']}, again after the writes", "registry", first["path"])
        load(run, base["registry"], again, settings)
        return run


def report(result: dict[str, Any], notes: str) -> str:
    """The figures as Markdown: a table of reads per database and size, the writes, the profile; ``notes``."""
    s, m = result["settings"], result["machine"]
    lines = [
        "# API benchmark", "", f"`python -m bench api`, {result['at']}, commit {result['commit']}. Machine: "
        f"{m['nproc']} CPUs ({m['cpu']}), {m['memory']} memory, Python {m['python']}, {m['platform']}. "
        f"{result['versions']}.",
        "", f"Reads: `wrk -t2 -c{s['connections']} -d{s['duration']}s --latency` on loopback; gunicorn with "
        f"{WORKERS} sync workers, no access log; Datasette (one process) serves a SQLite copy of the same "
        "rows. wrk, the servers and the database share the machine's CPUs. Other CPU s: what processes "
        "outside the bench took meanwhile (another benchmark, a test suite); above "
        f"{QUIET_CPU_S} s a read is measured again ({s['patience']} times at most), and the quietest attempt "
        "kept.",
    ]  # fmt: skip
    for run in result["runs"]:
        probe, reads = run["probe"], run["reads"]
        ceiling = next(r["rps"] for r in reads if r["path"] == "/bench/ping")
        lines += ["", f"## Reads: {run['backend']}, {run['size']}x", "", f"Party {probe['party']} "
                  f"({probe['party_rows']} current designations), search word `{probe['word']}`; "
                  f"Datasette's table: {run['datasette_rows']} rows.", "",
                  _row("endpoint", "rows", "KiB", "req/s", "p50 ms", "p99 ms", "of our ceiling",
                       "other CPU s"), _rule(8)]  # fmt: skip
        for r in reads:
            failed = ", ".join(f"{r[k]} {k}" for k in ("non_2xx", "socket_errors", "timeouts") if r[k])
            share = f"{100 * r['rps'] / ceiling:.0f}%" if r["server"] != "datasette" and r["rps"] else "-"
            label = f"{r['label']} **({failed})**" if failed else r["label"]
            figures = (r["rows"], r["kib"], r["rps"], r["p50_ms"], r["p99_ms"], share, r["other_cpu_s"])
            lines.append(_row(label, *figures))
    lines += ["", "## Writes: PATCH with If-Match", "", f"{s['writers']} threads for {s['duration']} s each "
              "GET the contact and PATCH its position to n + 1 with the ETag read; on 412 they read again. "
              "Latencies of every PATCH. Lost: successes the contacts' counters miss; and the history's.", "",
              _row("database", "size", "contacts", "PATCH 200/s", "p50 ms", "p99 ms", "412", "other", "lost",
                   "not in history", "other CPU s"), _rule(11)]  # fmt: skip
    for run in result["runs"]:
        for w in run["writes"]:
            other = ", ".join(f"{n} x {status}" for status, n in w["failed"].items()) or "0"
            cells = (w["rps"], w["p50_ms"], w["p99_ms"], w["stale"], other, w["lost"], w["unrecorded"])
            lines.append(
                _row(run["backend"], f"{run['size']}x", w["mode"], *cells, run["writes_other_cpu_s"])
            )
    for run in (run for run in result["runs"] if run["profile"]):
        p = run["profile"]
        lines += ["", f"## Profile: {p['endpoint']} ({run['backend']}, {run['size']}x)", "",
                  f"py-spy, one worker, {p['samples']} samples (CPU only: waiting is not sampled). Self: the "
                  "innermost frame is there; inclusive: a frame is there.", "",
                  _row("where", "self %", "inclusive %"), _rule(3)]  # fmt: skip
        lines += [_row(group, share, p["inclusive"].get(group)) for group, share in p["self"].items()]
    lines += api_goals.table(result["runs"])
    return "\n".join([*lines, "", NOTES, notes.strip(), ""])


def _row(*cells: Any) -> str:
    def text(cell: Any) -> str:
        return "-" if cell is None else f"{cell:.1f}" if isinstance(cell, float) else str(cell)

    return "| " + " | ".join(text(cell) for cell in cells) + " |"


def _rule(columns: int) -> str:
    return "|---" + "|--:" * (columns - 1) + "|"


def versions() -> str:
    """wrk's, gunicorn's and Datasette's versions."""
    wrk_line = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False).stdout.split(" [")[
        0
    ]
    datasette = [str(data.datasette_bin() / "datasette"), "--version"]
    datasette_line = subprocess.run(datasette, capture_output=True, text=True, check=True).stdout.strip()
    return f"{wrk_line}, gunicorn {version('gunicorn')}, {datasette_line}"


def head() -> str:
    """The commit checked out (the servers of each run load the code as it is then)."""
    done = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    return done.stdout.strip() or "unknown"


def run(settings: Settings) -> dict[str, Any]:
    """Every size on every database: write the JSON and the Markdown, print the Markdown; the JSON."""
    started = head()
    runs = [asdict(run_one(name, url, size, settings)) for name, url in settings.backends.items()
            for size in settings.sizes]  # fmt: skip
    for one in runs:
        one["goals"] = api_goals.evaluate(one)
    ended = head()
    result = {
        "bench": "api",
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": started if started == ended else f"{started} at the start, {ended} at the end",
        "machine": machine_facts(),
        "versions": versions(),
        "settings": {
            **asdict(settings),
            "out": str(settings.out),
            "results": str(settings.results),
            "backends": list(settings.backends),  # not the server's URL: it may hold a password
        },
        "runs": runs,
    }
    settings.out.parent.mkdir(parents=True, exist_ok=True)
    settings.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    kept = settings.results.read_text(encoding="utf-8") if settings.results.exists() else ""
    markdown = report(result, kept.partition(NOTES)[2])
    settings.results.write_text(markdown, encoding="utf-8")
    print(markdown.partition(NOTES)[0] + f"written to {settings.out} and {settings.results}")
    return result


def parse_args(argv: Sequence[str] | None) -> Settings:
    """The command line as :class:`Settings`; PostgreSQL joins SQLite when BENCH_DATABASE_URL is set."""
    parser = argparse.ArgumentParser(prog="python -m bench api", description="Benchmark the API.")
    parser.add_argument("--sizes", default="1,10", help="scale factors of the lists, comma separated (1,10)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of a wrk run, of a write test (10)")
    parser.add_argument("--connections", type=int, default=32, help="wrk's open connections (32)")
    parser.add_argument(
        "--patience", type=int, default=2, help="reads measured again while other processes take CPU (2)"
    )
    parser.add_argument("--writers", type=int, default=8, help="threads of each write test (8)")
    parser.add_argument("--profile", action="store_true", help="py-spy the slowest read (largest, SQLite)")
    parser.add_argument("--out", type=Path, default=OUT / "api.json", help="JSON (bench/out/api.json)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="Markdown (bench/RESULTS_api.md)")
    args = parser.parse_args(argv)
    sizes = tuple(int(size) for size in args.sizes.split(",") if size.strip())
    if not sizes or min(sizes) < 1 or args.duration < 3 or args.writers < 1 or args.connections < 2:
        parser.error("--sizes are positive; --duration is 3 or more, --writers 1 or more, --connections 2")
    backends: dict[str, str | None] = {"sqlite": None}
    if os.environ.get("BENCH_DATABASE_URL"):
        backends["postgresql"] = os.environ["BENCH_DATABASE_URL"]
    options = (
        args.duration,
        args.connections,
        args.patience,
        args.writers,
        args.profile,
        args.out,
        args.results,
    )
    return Settings(sizes, *options, backends)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; exit status 1 when a read failed, a write failed, or an update was lost."""
    settings = parse_args(argv)
    for tool, where in (("wrk", "apt-get install wrk"), (str(BIN / "py-spy"), "pip install py-spy")):
        if (tool == "wrk" or settings.profile) and not shutil.which(tool):
            sys.exit(f"bench api: {Path(tool).name} is not installed ({where})")
    runs = run(settings)["runs"]
    failed_reads = any(
        r["non_2xx"] or r["socket_errors"] for run in runs for r in run["reads"]
    )  # not slow ones
    failed_writes = any(w["lost"] or w["unrecorded"] or w["failed"] for run in runs for w in run["writes"])
    return 1 if failed_reads or failed_writes else 0


if __name__ == "__main__":
    sys.exit(main())
