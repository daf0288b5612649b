"""``registry sync run``: reconcile the registry against the conventions' lists."""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from registry.config import ConfigError, Settings, load_settings
from registry.conventions import CONVENTIONS

if TYPE_CHECKING:
    from sync.runner import RunOptions


def _sources(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values:
        name, sep, location = value.partition("=")
        if not sep or name not in CONVENTIONS or not location:
            raise click.UsageError(
                f"--source {value!r}: write CONVENTION=URL_OR_PATH, with CONVENTION one of "
                f"{', '.join(CONVENTIONS)}"
            )
        out[name] = location
    return out


@click.group("sync")
def sync() -> None:
    """Reconcile the registry against the conventions' published lists."""


@sync.command("run")
@click.option(
    "--convention",
    "conventions",
    multiple=True,
    type=click.Choice(CONVENTIONS),
    help="Only this convention (repeat for several; all three by default).",
)
@click.option("--dry-run", is_flag=True, help="Compute and report what would change; change nothing.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the run's report (JSON) to this file.",
)
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="CONVENTION=URL_OR_PATH",
    help="Read this convention's list from here instead of the configured source.",
)
def run(
    conventions: tuple[str, ...], dry_run: bool, report_path: Path | None, sources: tuple[str, ...]
) -> None:
    """Fetch the lists, reconcile them three-way, apply what is safe, and report the rest.

    Progress goes to stderr, the summary to stdout. Exit status: 0 when every convention's run succeeded
    and no conflict waits for a person, 1 when any convention failed or was held (or another run holds the
    lock), 2 for a usage error (bad options or settings), 3 when every convention succeeded but conflicts
    wait for a person.
    """
    from registry.database_cli import open_database
    from registry.db import db, declare_writer
    from sync.lock import SyncLocked
    from sync.report import summary_table
    from sync.runner import run_sync

    overrides = _sources(sources)
    _check_settings()
    settings = open_database()
    declare_writer()
    options = _options(settings, overrides, conventions, dry_run)
    try:
        with _stopped_by_sigterm():
            report = run_sync(db.session(), options)
    except SyncLocked as exc:
        raise click.ClickException(str(exc)) from None
    except Exception as exc:  # the run is marked failed already; say why in one line, not a traceback
        raise click.ClickException(f"the sync run failed: {type(exc).__name__}: {_first_line(exc)}") from None
    if report_path:
        report_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    click.echo(summary_table(report))
    sys.exit(exit_status(report))


def exit_status(report: dict[str, Any]) -> int:
    """The contract's exit status of a run: 1 when a convention failed or was held, else 3 when conflicts
    wait for a person, else 0."""
    parts = report["conventions"].values()
    if any(part["status"] != "ok" for part in parts):
        return 1
    # For now "waiting for a person" is what this run reported; open discrepancies will count here later.
    if any(item["action"] == "conflict" for part in parts for item in part["items"]):
        return 3
    return 0


class _SettingsError(click.ClickException):
    """A bad setting: a usage error, like a bad option (exit status 2)."""

    exit_code = 2


def _check_settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        raise _SettingsError(str(exc)) from None


def _options(
    settings: Settings, overrides: dict[str, str], conventions: tuple[str, ...], dry_run: bool
) -> RunOptions:
    from sync.progress import Progress
    from sync.runner import RunOptions
    from sync.sources.limits import MB, Limits

    progress = Progress(sys.stderr, interactive=sys.stderr.isatty())
    return RunOptions(
        sources={**settings.sources, **overrides},
        conventions=tuple(dict.fromkeys(conventions)) or CONVENTIONS,
        dry_run=dry_run,
        max_removed_share=settings.sync_max_removed_share,
        limits=Limits(
            max_bytes=int(settings.sync_max_download_mb * MB), fetch_budget=settings.sync_fetch_budget
        ),
        progress=progress.stage,
        received=progress.received,
    )


@contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """SIGTERM (systemd stopping the service, ``kill``) ends the run like Ctrl-C: marked failed, the lock
    released; by default it would end the process on the spot, leaving both for the next run to clean."""

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    if threading.current_thread() is not threading.main_thread():  # only the main thread hears signals
        yield
        return
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:300]
