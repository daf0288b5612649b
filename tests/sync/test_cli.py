"""``registry sync run`` as an operator (or cron) runs it: exit status, progress, summary, report file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, select

from registry.audit.actor import cli_actor
from registry.cli import cli, register_subcommands
from registry.config import Settings
from registry.contacts.models import Contact
from registry.contacts.services import update_contact
from registry.db import transaction
from sync.cli import exit_status
from tests.sync.lists import SAMPLES, csv_edit, sample

LEDUC_ROW = "ARE,United Arab Emirates ,OCP,,Mr. Maryse   Leduc ,  Chief Environmental Officer,"


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


def _invoke(runner: CliRunner, *args: str) -> Result:
    register_subcommands()
    return runner.invoke(cli, list(args), catch_exceptions=False)


def test_sync_run_prints_a_summary_and_writes_the_report(runner: CliRunner, tmp_path: Path) -> None:
    report_file = tmp_path / "report.json"
    result = _invoke(runner, "sync", "run", "--convention", "rotterdam", "--report", str(report_file))
    assert result.exit_code == 0, result.output
    assert "rotterdam  ok" in result.stdout
    report = json.loads(report_file.read_text())
    assert report["mode"] == "apply"
    assert report["conventions"]["rotterdam"]["summary"]["added"] == 419
    assert list(report["conventions"]) == ["rotterdam"]


def test_sync_run_tells_each_stage_on_stderr(runner: CliRunner) -> None:
    result = _invoke(runner, "sync", "run", "--convention", "rotterdam")
    stages = [line.split(": ", 1)[1].split(" ", 1)[0] for line in result.stderr.splitlines()]
    assert stages == ["fetching", "parsing", "419", "applying", "ok"]
    assert "rotterdam" not in result.stdout.splitlines()[0]  # the summary's header comes first on stdout


def test_sync_run_exits_1_when_a_convention_fails(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "missing.csv"
    result = _invoke(runner, "sync", "run", "--convention", "rotterdam", "--source", f"rotterdam={missing}")
    assert result.exit_code == 1
    assert "failed" in result.stdout


def test_sync_run_prints_a_failure_once_and_no_traceback(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "missing.csv"
    result = _invoke(runner, "sync", "run", "--convention", "rotterdam", "--source", f"rotterdam={missing}")
    assert result.output.count("no file at") == 1
    assert "Traceback" not in result.output
    assert "rotterdam: failed" in result.stderr


def test_sync_run_dry_run_changes_nothing(runner: CliRunner) -> None:
    result = _invoke(runner, "sync", "run", "--convention", "rotterdam", "--dry-run")
    assert result.exit_code == 0, result.output
    result = _invoke(runner, "sync", "run", "--convention", "rotterdam", "--dry-run")
    assert "419" in result.stdout.splitlines()[2]  # still all "added": the first dry run applied nothing


def test_sync_run_exits_3_when_a_conflict_waits_for_a_person(runner: CliRunner, tmp_path: Path) -> None:
    assert _invoke(runner, "sync", "run", "--convention", "rotterdam").exit_code == 0
    with transaction() as session:
        [leduc] = [c for c in session.scalars(select(Contact)) if "maryse.leduc@menr.ae.example" in c.emails]
        update_contact(session, leduc, {"position": "Director General"}, cli_actor())
    edited = tmp_path / "rotterdam.csv"
    adviser = LEDUC_ROW.replace("Chief Environmental Officer", "Adviser")
    edited.write_bytes(csv_edit(sample("v1", "rotterdam"), LEDUC_ROW, adviser))
    result = _invoke(runner, "sync", "run", "--convention", "rotterdam", "--source", f"rotterdam={edited}")
    assert result.exit_code == 3, result.output
    assert "rotterdam  ok" in result.stdout


def test_sync_run_usage_error_exits_2(runner: CliRunner) -> None:
    result = _invoke(runner, "sync", "run", "--source", "ramsar=/tmp/x.csv")
    assert result.exit_code == 2
    assert "CONVENTION=URL_OR_PATH" in result.output


def test_sync_run_with_a_bad_setting_exits_2_with_one_line(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REGISTRY_SYNC_FETCH_BUDGET", "soon")
    result = _invoke(runner, "sync", "run")
    assert result.exit_code == 2
    assert result.output == "Error: REGISTRY_SYNC_FETCH_BUDGET 'soon' is not a positive number of seconds\n"


def test_sync_run_reads_the_download_limit_from_the_environment(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REGISTRY_SYNC_MAX_DOWNLOAD_MB", "0.01")  # 10 KB: smaller than the sample list
    result = _invoke(runner, "sync", "run", "--convention", "rotterdam")
    assert result.exit_code == 1
    assert "REGISTRY_SYNC_MAX_DOWNLOAD_MB" in result.stdout


def test_sync_run_refuses_while_another_run_holds_the_lock(runner: CliRunner, committing_db: Engine) -> None:
    from registry.db import db, utcnow
    from registry.syncruns.models import SyncLock

    with db.session() as session:
        session.add(SyncLock(name="sync", holder="elsewhere pid 1", acquired_at=utcnow()))
        session.commit()
    result = _invoke(runner, "sync", "run", "--convention", "rotterdam")
    assert result.exit_code == 1
    assert "Another sync run (elsewhere pid 1)" in result.output


def _part(status: str, *actions: str) -> dict[str, object]:
    return {"status": status, "items": [{"action": action} for action in actions]}


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ({"basel": _part("ok", "added"), "rotterdam": _part("ok")}, 0),
        ({"basel": _part("ok", "registry_ahead")}, 0),
        ({"basel": _part("ok", "changed", "conflict")}, 3),
        ({"basel": _part("ok", "conflict"), "rotterdam": _part("held")}, 1),
        ({"basel": _part("failed")}, 1),
    ],
)
def test_exit_status_is_1_for_a_failure_before_3_for_a_conflict(
    parts: dict[str, dict[str, object]], expected: int
) -> None:
    assert exit_status({"conventions": parts}) == expected
