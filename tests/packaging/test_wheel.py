"""The distribution as a deployment installs it: a wheel, outside the source tree, migrates a database."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from registry.config import PROJECT_ROOT

# What the distribution is built from (a copy: a build writes build/ and *.egg-info beside its sources).
SOURCES = ("pyproject.toml", "README.md", "registry", "sync", "migrations")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree, out = tmp_path_factory.mktemp("tree"), tmp_path_factory.mktemp("dist")
    for name in SOURCES:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tree / name)
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out)]
    subprocess.run([*build, "."], cwd=tree, check=True, capture_output=True)
    [built] = out.glob("brs_registry-*.whl")
    return built


def test_wheel_holds_the_migrations_and_the_bundled_lists(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "migrations/env.py" in names
    assert "migrations/script.py.mako" in names
    assert any(n.startswith("migrations/versions/") and n.endswith("_initial_schema.py") for n in names)
    assert "sync/samples/v1/basel.xlsx" in names
    assert "registry/data/parties.csv" in names


def test_wheel_holds_the_compiled_catalogs(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {n.split("/")[2] for n in names if n.endswith("/LC_MESSAGES/messages.mo")}
    assert shipped == {"fr", "es", "ru", "zh", "ar"}


def test_wheel_installed_elsewhere_migrates_a_new_database(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    database = tmp_path / "registry.db"
    # The installed copy comes first on the path; the dependencies come from this environment.
    env = {**os.environ, "PYTHONPATH": str(site), "DATABASE_URL": f"sqlite:///{database}"}
    env["REGISTRY_INSTANCE_PATH"] = str(tmp_path / "instance")
    script = "import registry, sys; from registry.cli import main; print(registry.__file__); main()"
    done = subprocess.run(
        [sys.executable, "-c", script, "db", "upgrade"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith(str(site))
    assert "Database is up to date" in done.stdout
    tables = {row[0] for row in sqlite3.connect(database).execute("SELECT name FROM sqlite_master")}
    assert {"contacts", "designations", "alembic_version"} <= tables
