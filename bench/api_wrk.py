"""The API benchmark's load and its profile: wrk on a URL (requests per second, p50 and p99), and py-spy
sampling a gunicorn worker meanwhile, summed up by where the time goes (:mod:`bench.api_bench` runs them)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
DATABASE = "database: SQL run and fetched (driver)"


def wrk(url: str, connections: int, duration: int) -> dict[str, Any]:
    """``wrk -t2 -cC -dDs --latency URL``: requests per second, p50 and p99 (ms), failed answers."""
    argv = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url]
    done = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=duration + 60)
    return parse_wrk(done.stdout)


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_wrk(output: str) -> dict[str, Any]:
    """The figures of wrk's ``--latency`` report (an absent count is 0)."""

    def latency(percent: str) -> float:
        found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        if found is None:
            raise ValueError(f"no {percent}% latency in wrk's output:\n{output}")
        return round(float(found.group(1)) * _UNIT_MS[found.group(2)], 3)

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "rps": round(float(rps.group(1)), 1) if rps else None,
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in sockets.groups()[:3]) if sockets else 0,
        "timeouts": int(sockets.group(4)) if sockets else 0,  # answers slower than wrk's 2 s
    }


# What a profile sample is spent in, by the top package of a frame's file (py-spy's short file names).
GROUPS = {package: group for group, packages in (
    ("registry (our modules)", "registry sync wsgi.py bench_registry.py"), ("SQLAlchemy", "sqlalchemy"),
    (DATABASE, "sqlite3 psycopg psycopg_binary"), ("marshmallow (schemas)", "marshmallow"),
    ("json (the answer, JSON columns)", "json"), ("gunicorn", "gunicorn"),
    ("Flask, flask-smorest, webargs, Werkzeug", "flask flask_smorest webargs apispec werkzeug jinja2"),
) for package in packages.split()}  # fmt: skip
# SQLAlchemy's frames that call the driver's C code (py-spy shows no C frames): SQLite runs a query there.
DRIVER_CALLS = {"do_execute", "do_execute_no_params", "do_executemany", "fetchall", "fetchone", "fetchmany"}
_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*):\d+\)$")


def profile_worker(master: int, url: str, connections: int, duration: int, raw: Path) -> dict[str, Any]:
    """Sample one gunicorn worker with py-spy for ``duration`` seconds while wrk loads ``url``; see
    :func:`summarize_profile`."""
    workers = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True, check=True)
    spy = [str(BIN / "py-spy"), "record", "--format", "raw", "--rate", "200", "-o", str(raw)]
    spy += ["--pid", min(workers.stdout.split(), key=int), "--duration", str(duration)]
    with subprocess.Popen(spy, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) as process:
        time.sleep(1)  # py-spy attaches, then samples while wrk runs (its last second unsampled)
        wrk(url, connections, duration)
        _, errors = process.communicate(timeout=60)
    if process.returncode != 0:
        raise RuntimeError(f"py-spy failed: {errors}")
    return summarize_profile(raw)


def _group(frame: str) -> str:
    match = _FRAME.match(frame)
    if (
        match
        and match["file"].startswith("sqlalchemy/engine/")
        and match["function"].split(".")[-1] in DRIVER_CALLS
    ):
        return DATABASE
    return GROUPS.get(match["file"].split("/")[0] if match else "", "other (stdlib, ...)")


def summarize_profile(raw: Path) -> dict[str, Any]:
    """From py-spy's collapsed stacks: per group, the share (%) of samples whose innermost frame is in it
    (``self``) and of those with a frame in it anywhere (``inclusive``)."""
    own: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        own[_group(frames[-1])] += int(count)
        anywhere.update(dict.fromkeys({_group(frame) for frame in frames}, int(count)))
    total = sum(own.values()) or 1
    shares = {k: {g: round(100 * n / total, 1) for g, n in c.most_common()} for k, c in (("self", own),
              ("inclusive", anywhere))}  # fmt: skip
    return {"samples": sum(own.values()), **shares}
