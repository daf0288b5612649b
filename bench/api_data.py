"""What the API benchmark serves and checks: a fresh database per backend and size, loaded as ``make run``
loads it; what to ask of it (a busy party, a search word, contacts to edit); the same rows as a plain SQLite
table for Datasette, which runs from a virtual environment of its own (``bench/out/.venv-datasette``); the
servers; a watch on the CPU other processes take meanwhile; and the write test, which changes the data and
checks that no update was lost.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.orm import Session

from bench.measure import run_checked
from bench.sync_bench import LISTS, OUT, PARTIES, REGISTRY, ROOT, child_env
from registry.config import engine_url
from registry.text import fold

DATASETTE_VENV = OUT / ".venv-datasette"
DATASETTE_PACKAGES = ("datasette", "sqlite-utils")
# The columns of the Datasette table: a current designation with its contact's fields, flattened.
EXPORT_COLUMNS = (
    *("id", "convention", "role", "party", "scope", "is_transit", "starts_on", "contact_id", "title"),
    *("given_name", "family_name", "position", "department", "organization", "street", "city"),
    *("postal_code", "emails", "phones", "faxes", "website", "search_text"),
)
FTS_COLUMNS = ("given_name", "family_name", "organization", "emails")
# The registry's own WSGI app (wsgi.py) with one trivial view added: the ceiling of this very stack.
PING = '@app.get("/bench/ping")\ndef ping():\n    return {"ok": True}\n'
FLASK_APP = "from flask import Flask\n\napp = Flask(__name__)\n\n\n" + PING.replace("/bench/ping", "/ping")
# And a trivial HTML page on it, beside the party page (the same hooks run: host check, the visitor's cookie).
REGISTRY_APP = f"""from flask import Response
from wsgi import app


{PING}

@app.get("/bench/page")
def page():
    return Response("<!doctype html><html lang=en><title>ok</title><p>ok</p></html>", mimetype="text/html")
"""
# `datasette serve FILE --setting default_page_size 500 ...`, but without the access log that `datasette
# serve` always writes (uvicorn's): gunicorn runs without one here.
DATASETTE_SERVE = """import sys
import uvicorn
from datasette.app import Datasette
settings = {"default_page_size": 500, "sql_time_limit_ms": 10000, "suggest_facets": False}
app = Datasette([sys.argv[1]], settings=settings).app()
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
"""
# `registry tokens create` fails on its own (the Contact mapper cannot resolve Designation, whose module the
# command never imports); importing it first makes the same command work.
TOKEN_COMMAND = "import sys, registry.designations.models; from registry.cli import main; sys.exit(main())"


@dataclass(frozen=True)
class Probe:
    """What the benchmark asks: the party with the most current designations, a word of a family name
    that several contacts share, and contacts to edit (first: the contended one)."""

    party: str
    party_rows: int
    word: str
    contacts: tuple[int, ...]


@contextmanager
def fresh_database(backend: str, server: str | None, workdir: Path) -> Iterator[dict[str, str]]:
    """An empty database (a new SQLite file, or a new database on the PostgreSQL ``server``, dropped on
    exit); yields the environment of the children that use it."""
    if server is None:
        yield child_env(f"sqlite:///{workdir / 'registry.db'}", workdir)
        return
    name = f"bench_api_{uuid.uuid4().hex[:12]}"
    admin = create_engine(engine_url(server), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = engine_url(server).set(database=name).render_as_string(hide_password=False)
        yield child_env(url, workdir)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def load(env: dict[str, str], size: int, workdir: Path) -> None:
    """Migrate, import the parties and sync the sample lists scaled ``size`` times, as ``make run`` does."""
    folder = workdir / f"lists-{size}x"
    run_checked([sys.executable, "-m", "bench.generate", str(size), str(folder)], os.environ, "generating")
    run_checked([str(REGISTRY), "db", "upgrade"], env, "registry db upgrade")
    run_checked([str(REGISTRY), "parties", "import", str(PARTIES)], env, "registry parties import")
    sources = [arg for name, file in LISTS.items() for arg in ("--source", f"{name}={folder / file}")]
    run_checked([str(REGISTRY), "sync", "run", *sources], env, "registry sync run")


def admin_token(env: dict[str, str]) -> str:
    """A new admin token (``registry tokens create --role admin``)."""
    argv = [sys.executable, "-c", TOKEN_COMMAND, "tokens", "create", "--role", "admin", "--name", "bench"]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"registry tokens create failed:\n{done.stderr}")
    return done.stdout.strip()


def _engine(env: dict[str, str]) -> Engine:
    return create_engine(engine_url(env["DATABASE_URL"]))


def choose_probe(env: dict[str, str], writers: int) -> Probe:
    """The party with the most current designations (ties: first code), the family-name word (4+ letters)
    of the most contacts (ties: the one first seen, so the original lists' rather than a copy's), and
    ``writers + 1`` contacts."""
    from registry.contacts.models import Contact
    from registry.designations.models import Designation

    engine = _engine(env)
    with engine.connect() as connection:
        rows = func.count().label("rows")
        party, party_rows = connection.execute(
            select(Designation.party_code, rows)
            .where(Designation.ends_on.is_(None))
            .group_by(Designation.party_code)
            .order_by(rows.desc(), Designation.party_code)
            .limit(1)
        ).one()
        names = connection.execute(select(Contact.family_name).order_by(Contact.id)).scalars()
        words = Counter(w for name in names for w in dict.fromkeys(fold(name or "").split()) if len(w) >= 4)
        contacts = connection.execute(select(Contact.id).order_by(Contact.id).limit(writers + 1)).scalars()
        probe = Probe(party, party_rows, max(words, key=lambda w: words[w]), tuple(contacts))
    engine.dispose()
    return probe


def export_rows(env: dict[str, str], target: Path) -> int:
    """Write the current designations, each with its contact's fields, to the table ``designations`` of a
    new SQLite file ``target`` (lists as JSON text), with an index on ``party``; returns the rows written."""
    from registry.contacts.models import Contact
    from registry.designations.models import Designation

    stmt = (
        select(Designation, Contact)
        .join(Contact, Contact.id == Designation.contact_id)
        .where(Designation.ends_on.is_(None))
        .order_by(Designation.id)
    )
    target.unlink(missing_ok=True)
    engine = _engine(env)
    out = sqlite3.connect(target)
    try:
        columns = ", ".join(EXPORT_COLUMNS)
        out.execute(f"CREATE TABLE designations ({columns}, PRIMARY KEY (id))")
        with Session(engine) as session:
            rows = [_flat(d, c) for d, c in session.execute(stmt).tuples()]
        marks = ", ".join("?" * len(EXPORT_COLUMNS))
        out.executemany(f"INSERT INTO designations VALUES ({marks})", rows)
        out.execute("CREATE INDEX ix_designations_party ON designations (party)")
        out.commit()
    finally:
        out.close()
        engine.dispose()
    return len(rows)


def _flat(designation: Any, contact: Any) -> tuple[Any, ...]:
    values = {"party": designation.party_code, "starts_on": designation.starts_on.isoformat()}
    for name in EXPORT_COLUMNS:
        if name not in values:
            value = getattr(designation if hasattr(designation, name) else contact, name)
            values[name] = json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value
    return tuple(values[name] for name in EXPORT_COLUMNS)


def datasette_bin() -> Path:
    """The ``bin`` folder of Datasette's own virtual environment, created (with datasette and sqlite-utils)
    on first use, so that its dependencies never meet the registry's."""
    bin_dir = DATASETTE_VENV / "bin"
    if not (bin_dir / "datasette").exists() or not (bin_dir / "sqlite-utils").exists():
        print(f"installing {', '.join(DATASETTE_PACKAGES)} into {DATASETTE_VENV} ...", file=sys.stderr)
        run_checked([sys.executable, "-m", "venv", str(DATASETTE_VENV)], os.environ, "python -m venv")
        pip = [str(bin_dir / "pip"), "install", "--quiet", *DATASETTE_PACKAGES]
        run_checked(pip, os.environ, "pip install datasette")
    return bin_dir


def enable_search(bin_dir: Path, database: Path) -> None:
    """Full-text search (FTS5, via ``sqlite-utils enable-fts``) on the names, organization and e-mails."""
    argv = [str(bin_dir / "sqlite-utils"), "enable-fts", str(database), "designations", *FTS_COLUMNS]
    run_checked(argv, os.environ, "sqlite-utils enable-fts")


# --- Servers ------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(argv: Sequence[str], env: dict[str, str], ready: str, log: Path) -> Iterator[int]:
    """Run a server (in a process group of its own) while the block runs, from when ``ready`` answers 200;
    yields its process id. Its output goes to ``log``."""
    with log.open("wb") as out:
        process = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT, process_group=0)
        try:
            deadline = time.monotonic() + 60
            while not _answers(ready):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{argv[0]} did not start: {log.read_text(errors='replace')[-2000:]}")
                time.sleep(0.2)
            yield process.pid
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def gunicorn(module: str, port: int, folder: Path, workers: int) -> list[str]:
    """gunicorn as in production: sync workers, no access log; ``module`` is in ``folder`` (or the root)."""
    where = ["--chdir", str(folder), "--pythonpath", str(ROOT), "--workers", str(workers)]
    return [str(REGISTRY.parent / "gunicorn"), *where, "--bind", f"127.0.0.1:{port}", f"{module}:app"]


# --- A quiet machine ----------------------------------------------------------------------------------------


def cpu_times() -> dict[int, tuple[int, float]]:
    """Each process's parent and CPU seconds so far (user and system), PostgreSQL's excepted (it serves
    this bench)."""
    ticks, found = os.sysconf("SC_CLK_TCK"), {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # it ended meanwhile
            continue
        fields = text.rpartition(")")[2].split()
        if text[text.index("(") + 1 : text.rindex(")")] != "postgres":
            found[int(stat.parent.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    return found


def foreign_cpu(before: dict[int, tuple[int, float]], after: dict[int, tuple[int, float]]) -> float:
    """CPU seconds taken between two snapshots by processes other than this bench, its descendants and the
    kernel's: another benchmark or test suite, which makes the figures meaningless."""
    ours = {os.getpid(), 2}  # 2: kthreadd, parent of the kernel's threads
    while grown := {pid for pid, (parent, _) in after.items() if parent in ours} - ours:
        ours |= grown
    spent = (cpu - before.get(pid, (0, 0.0))[1] for pid, (_, cpu) in after.items() if pid not in ours)
    return round(sum(spent), 1)


# --- Writes: PATCH with If-Match under concurrency ----------------------------------------------------------


@dataclass
class Write:
    """One write test: every thread PATCHes one contact (``one contact``) or its own (``a contact each``).
    ``lost``: successes the contacts' counters do not show; ``unrecorded``: successes missing from the
    history. Both must be 0. Latencies are of every PATCH (a 412 included)."""

    mode: str
    writers: int
    seconds: float = 0.0
    ok: int = 0
    stale: int = 0  # 412: changed since it was read; the thread reads again and retries
    failed: dict[str, int] = field(default_factory=dict)  # any other status
    rps: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    lost: int | None = None
    unrecorded: int | None = None


@dataclass
class _Tally:
    ok: int = 0
    stale: int = 0
    failed: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)


def write_tests(base: str, token: str, probe: Probe, writers: int, seconds: float) -> list[Write]:
    """The contended test (``writers`` threads, one contact), then the uncontended one (a contact each)."""
    contacts = probe.contacts
    return [
        patch_race(base, token, [contacts[0]] * writers, "one contact", seconds),
        patch_race(base, token, list(contacts[1 : writers + 1]), "a contact each", seconds),
    ]


def patch_race(base: str, token: str, assigned: list[int], mode: str, seconds: float) -> Write:
    """Thread i loops for ``seconds`` on contact ``assigned[i]``: GET (ETag, position n), PATCH position
    n + 1 with If-Match. Then each contact's position must equal its successes, and its history must hold
    one "updated" change per success."""
    auth = {"Authorization": f"Bearer {token}"}
    http = requests.Session()
    url = f"{base}/api/v1/contacts/{{}}"
    before = {}
    for contact in set(assigned):  # the counter starts at 0 (that edit is history too: counted before)
        got = http.get(url.format(contact), timeout=60)
        headers = {**auth, "If-Match": got.headers["ETag"]}
        answer = http.patch(url.format(contact), json={"position": "0"}, headers=headers, timeout=60)
        answer.raise_for_status()
        before[contact] = _updates(http, url.format(contact), auth)
    deadline = time.monotonic() + seconds
    started = time.perf_counter()
    with ThreadPoolExecutor(len(assigned)) as pool:
        tallies = list(pool.map(lambda c: _patch_loop(url.format(c), auth, deadline), assigned))
    write = Write(mode, len(assigned), round(time.perf_counter() - started, 2))
    write.ok, write.stale = sum(t.ok for t in tallies), sum(t.stale for t in tallies)
    write.failed = dict(sum((t.failed for t in tallies), Counter[str]()))
    write.rps = round(write.ok / write.seconds, 1)
    latencies = sorted(ms for t in tallies for ms in t.latencies)
    write.p50_ms, write.p99_ms = _percentile(latencies, 50), _percentile(latencies, 99)
    successes = Counter[int]()
    for contact, tally in zip(assigned, tallies, strict=True):
        successes[contact] += tally.ok
    write.lost = write.unrecorded = 0
    for contact, ok in successes.items():
        position = int(http.get(url.format(contact), timeout=60).json()["position"])
        write.lost += ok - position
        write.unrecorded += ok - (_updates(http, url.format(contact), auth) - before[contact])
    return write


def _patch_loop(url: str, auth: dict[str, str], deadline: float) -> _Tally:
    tally, http = _Tally(), requests.Session()
    while time.monotonic() < deadline:
        got = http.get(url, timeout=60)
        got.raise_for_status()
        headers = {**auth, "If-Match": got.headers["ETag"]}
        body = {"position": str(int(got.json()["position"]) + 1)}
        started = time.perf_counter()
        answer = http.patch(url, json=body, headers=headers, timeout=60)
        tally.latencies.append((time.perf_counter() - started) * 1000)
        if answer.status_code == 200:
            tally.ok += 1
        elif answer.status_code == 412:
            tally.stale += 1
        else:
            tally.failed[str(answer.status_code)] += 1
    return tally


def _updates(http: requests.Session, contact_url: str, auth: dict[str, str]) -> int:
    """How many "updated" changes the contact's history holds."""
    got = http.get(f"{contact_url}/history", headers=auth, timeout=60)
    got.raise_for_status()
    return sum(1 for item in got.json()["items"] if item["kind"] == "updated")


def _percentile(ordered: list[float], percent: int) -> float | None:
    """The nearest-rank percentile of sorted values (None for none)."""
    if not ordered:
        return None
    return round(ordered[max(0, -(-len(ordered) * percent // 100) - 1)], 2)
