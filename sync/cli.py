"""``registry sync run``: reconcile the registry against the conventions' lists."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from registry.conventions import CONVENTIONS

if TYPE_CHECKING:
    from registry.config import Settings


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
@click.option(
    "--notify",
    is_flag=True,
    help="E-mail each convention's secretariat users a summary: failures, holds, new discrepancies.",
)
def run(
    conventions: tuple[str, ...],
    dry_run: bool,
    report_path: Path | None,
    sources: tuple[str, ...],
    notify: bool,
) -> None:
    """Fetch the lists, reconcile them three-way, apply what is safe, and report the rest.

    Exit status: 0 when every convention's run succeeded and no conflict waits for a person, 1 when any
    failed (or was held), 2 for a usage error, 3 when every convention succeeded but open conflicts wait for
    a person (``registry discrepancies list``).
    """
    from registry.database_cli import open_database
    from registry.db import db, declare_writer
    from sync.discrepancies import conflicts_waiting
    from sync.lock import SyncLocked
    from sync.report import summary_table
    from sync.runner import RunOptions, run_sync

    overrides = _sources(sources)
    settings = open_database()
    declare_writer()
    interactive = sys.stderr.isatty()
    options = RunOptions(
        sources={**settings.sources, **overrides},
        conventions=tuple(dict.fromkeys(conventions)) or CONVENTIONS,
        dry_run=dry_run,
        max_removed_share=settings.sync_max_removed_share,
        progress=(lambda message: click.echo(f"  {message}", err=True)) if interactive else (lambda m: None),
    )
    try:
        report = run_sync(db.session(), options)
    except SyncLocked as exc:
        raise click.ClickException(str(exc)) from None
    if report_path:
        report_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    click.echo(summary_table(report))
    if notify:
        _notify(settings, report)
    if any(part["status"] != "ok" for part in report["conventions"].values()):
        sys.exit(1)
    if conflicts_waiting(db.session(), report):
        sys.exit(3)


def _notify(settings: Settings, report: dict[str, Any]) -> None:
    """Mail the secretariats the run's summary; say on stderr what became of each message."""
    from registry.db import db
    from registry.syncruns.notify import notify_secretariats

    sent = notify_secretariats(db.session(), settings, report)
    for each in sent:
        if each.delivery.sent:
            where = f" (written to {each.delivery.path})" if each.delivery.path else ""
            click.echo(f"  summary mailed to {each.to}{where}", err=True)
        else:
            click.echo(f"  summary NOT mailed to {each.to}: {each.delivery.error}", err=True)
    if not sent:
        click.echo("  no secretariat user to mail the summary to (registry users create)", err=True)
