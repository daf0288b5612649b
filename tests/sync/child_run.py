"""One sync run in a process of its own, for the tests that measure what a run costs, or kill it.

    python -m tests.sync.child_run --database-url URL --source basel=URL [--source ...]
        [--max-download-mb 2] [--fetch-budget 3] [--max-rows 1000] [--pause-in-apply]

Prints one JSON object: the run's ``report``; ``peak_mb``, the process's peak resident memory (its own:
see :func:`_peak_mb`); ``seconds``, the run's; and ``stages``, each
convention's seconds from "fetching" to its status. With ``--pause-in-apply`` it prints ``applying`` once the
first convention's writes are made (flushed, not committed) and waits to be killed.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from typing import Any

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
    print(json.dumps({"report": report, "peak_mb": _peak_mb(), "seconds": seconds, "stages": clock.seconds}))


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
