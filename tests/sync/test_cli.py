"""``registry sync run`` as an operator (or cron) runs it: exit status, summary table, report file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from registry.cli import cli, register_subcommands
from registry.config import Settings
from tests.sync.lists import SAMPLES


@pytest.fixture
def runner(settings: Settings, committing_db: Engine, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(settings.instance_path))
    for convention, name in (
        ("BASEL", "basel.xlsx"),
        ("ROTTERDAM", "rotterdam.csv"),
        ("STOCKHOLM", "stockholm.json"),
    ):
        monkeypatch.setenv(f"REGISTRY_SOURCE_{convention}", str(SAMPLES / "v1" / name))
    return CliRunner()


def _invoke(runner: CliRunner, *args: str) -> tuple[int, str]:
    register_subcommands()
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_sync_run_prints_a_summary_and_writes_the_report(runner: CliRunner, tmp_path: Path) -> None:
    report_file = tmp_path / "report.json"
    code, output = _invoke(runner, "sync", "run", "--convention", "rotterdam", "--report", str(report_file))
    assert code == 0, output
    assert "rotterdam  ok" in output
    report = json.loads(report_file.read_text())
    assert report["mode"] == "apply"
    assert report["conventions"]["rotterdam"]["summary"]["added"] == 419
    assert list(report["conventions"]) == ["rotterdam"]


def test_sync_run_exits_1_when_a_convention_fails(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "missing.csv"
    code, output = _invoke(
        runner, "sync", "run", "--convention", "rotterdam", "--source", f"rotterdam={missing}"
    )
    assert code == 1
    assert "failed" in output


def test_sync_run_dry_run_changes_nothing(runner: CliRunner) -> None:
    code, output = _invoke(runner, "sync", "run", "--convention", "rotterdam", "--dry-run")
    assert code == 0, output
    code, output = _invoke(runner, "sync", "run", "--convention", "rotterdam", "--dry-run")
    assert "419" in output.splitlines()[2]  # still all "added": the first dry run applied nothing


def test_sync_run_usage_error_exits_2(runner: CliRunner) -> None:
    code, output = _invoke(runner, "sync", "run", "--source", "ramsar=/tmp/x.csv")
    assert code == 2
    assert "CONVENTION=URL_OR_PATH" in output


def test_sync_run_refuses_while_another_run_holds_the_lock(runner: CliRunner, committing_db: Engine) -> None:
    from registry.db import db, utcnow
    from registry.syncruns.models import SyncLock

    with db.session() as session:
        session.add(SyncLock(name="sync", holder="elsewhere pid 1", acquired_at=utcnow()))
        session.commit()
    code, output = _invoke(runner, "sync", "run", "--convention", "rotterdam")
    assert code == 1
    assert "Another sync run (elsewhere pid 1)" in output
