"""One sync run in a process of its own, for the tests that measure what a run costs, or kill it.

    python -m tests.sync.child_run --database-url URL --source basel=URL [--source ...]
        [--max-download-mb 2] [--fetch-budget 3] [--max-rows 1000] [--pause-in-apply]

Prints one JSON object: the run's ``report``; ``peak_mb``, the process's peak resident memory (its own:
see :func:`_peak_mb`); ``seconds``, the run's; and ``stages``, each
convention's seconds from "fetching" to its status. With ``--pause-in-apply`` it prints ``applying`` once the
first convention's writes are made (flushed, not committed) and waits to be killed.

    python -m tests.sync.child_run --serve

imports the registry and the sync once, then, for each line of arguments read (a JSON list), forks a process
that makes that one run, and prints its JSON object on a line (or ``{"error": ...}``): a run in a process of
its own without a second of imports each (:class:`Runs`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import select
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import IO, Any

from sqlalchemy.orm import Session

from registry.db import db, declare_writer
from sync import runner
from sync.apply import Applier
from sync.runner import RunOptions, run_sync
from sync.sources.limits import MB, Limits
from tests.sync.lists import fast_source


class _PausingApplier(Applier):
    """Writes the plan, then stops before the runner commits it: the moment to kill a run mid-apply."""

    def apply(self, *args: Any, **kwargs: Any) -> Any:
        super().apply(*args, **kwargs)
        self.session.flush()
        print("applying", flush=True)
        time.sleep(600)


class _Clock:
    """Each convention's seconds from "fetching" to its status, read from the run's progress lines."""

    def __init__(self) -> None:
        self.started: dict[str, float] = {}
        self.seconds: dict[str, float] = {}

    def __call__(self, message: str) -> None:
        convention, _, stage = message.partition(": ")
        if stage.startswith("fetching"):
            self.started[convention] = time.monotonic()
        elif stage in ("ok", "failed", "held"):
            self.seconds[convention] = round(time.monotonic() - self.started[convention], 2)


def main(argv: list[str]) -> None:
    if argv == ["--serve"]:
        serve()
        return
    print(json.dumps(run(argv)))


def run(argv: list[str]) -> dict[str, Any]:
    """Make the one sync run ``argv`` asks for (see the module's docstring): its JSON object."""
    args = _arguments(argv)
    import registry.models  # noqa: F401  (every model mapped before any query)

    db.init(args.database_url)
    declare_writer()
    if args.pause_in_apply:
        runner.Applier = _PausingApplier  # type: ignore[misc]
    sources = dict(value.split("=", 1) for value in args.source)
    clock = _Clock()
    limits = Limits(
        max_bytes=int(args.max_download_mb * MB), fetch_budget=args.fetch_budget, max_rows=args.max_rows
    )
    options = RunOptions(
        sources=sources, conventions=tuple(sources), limits=limits, progress=clock, source_factory=fast_source
    )
    started = time.monotonic()
    session: Session = db.session()
    report = run_sync(session, options)
    seconds = round(time.monotonic() - started, 2)
    return {"report": report, "peak_mb": _peak_mb(), "seconds": seconds, "stages": clock.seconds}


def serve() -> None:
    """Read runs' arguments, a JSON list a line, and answer each with its run's JSON object on a line, the run
    made in a process forked from this one (which has imported everything a run needs, and made no
    connection that a child would share)."""
    import registry.models  # noqa: F401

    for line in sys.stdin:
        reading, writing = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: one run, its answer into the pipe, and gone
            os.close(reading)
            os._exit(_run_forked(json.loads(line), writing))
        os.close(writing)
        with os.fdopen(reading, "rb") as answer:
            result = answer.read()
        _, status = os.waitpid(pid, 0)
        if not result:
            result = json.dumps({"error": f"the run's process ended with status {status}"}).encode()
        sys.stdout.write(result.decode() + "\n")
        sys.stdout.flush()


def _run_forked(argv: list[str], answer: int) -> int:
    """In a forked child: the run's JSON object (or the error that ended it) written to ``answer``; the exit
    status."""
    _forget_the_peak()
    os.dup2(2, 1)  # the serving process's stdout carries the answers: anything the run prints goes to stderr
    try:
        result = run(argv)
        status = 0
    except BaseException:  # all of it is the test's to see
        result, status = {"error": traceback.format_exc()}, 1
    with os.fdopen(answer, "wb") as out:
        out.write(json.dumps(result).encode())
    return status


def _forget_the_peak() -> None:
    """Start this forked process's peak memory (``VmHWM``) at what it holds now: a fork inherits its parent's
    peak, and a run's must be its own. Linux 4.0 and later; elsewhere the inherited peak stays."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        pass


class Runs:
    """Sync runs, each in a process of its own forked from one :func:`serve` process: ``runs(argv)``, the
    run's JSON object. ``close()`` ends the serving process."""

    def __init__(self, cwd: Path, errors: IO[str]) -> None:
        command = [sys.executable, "-m", "tests.sync.child_run", "--serve"]
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            start_new_session=True,  # a group of its own: the serving process and its runs end together
        )
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.asking, self.answers = self.process.stdin, self.process.stdout

    def __call__(self, argv: list[str], timeout: float = 120.0) -> dict[str, Any]:
        self.asking.write(json.dumps(argv) + "\n")
        self.asking.flush()
        ready, _, _ = select.select([self.answers], [], [], timeout)
        if not ready:
            self._kill()
            raise AssertionError(f"no answer from the run within {timeout} s")
        result: dict[str, Any] = json.loads(self.answers.readline())
        return result

    def close(self) -> None:
        """End the serving process (it ends when its input does; killed, with its runs, if it hangs)."""
        try:
            self.asking.close()
            self.process.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self._kill()
        finally:
            self.answers.close()

    def _kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def _peak_mb() -> float:
    """This process's peak resident memory, in MB.

    ``resource.getrusage`` alone would not do: on Linux its ``ru_maxrss`` keeps the high-water mark of the
    process that forked this one (across fork and exec), so a test process that once grew to 500 MB would
    make every child report 500 MB. ``VmHWM`` is the peak of this program's own memory since its exec.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)  # kB
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # kB on Linux, elsewhere bytes


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.sync.child_run")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--source", action="append", default=[], metavar="CONVENTION=URL_OR_PATH")
    parser.add_argument("--max-download-mb", type=float, default=50.0)
    parser.add_argument("--fetch-budget", type=float, default=300.0)
    parser.add_argument("--max-rows", type=int, default=200_000)
    parser.add_argument("--pause-in-apply", action="store_true")
    return parser.parse_args(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
