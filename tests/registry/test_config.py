"""Settings come from the environment, and a wrong one stops the program with one line, not a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from registry.config import ConfigError, load_settings
from tests.conftest import Tokens


def test_settings_default_to_sqlite_in_instance(tmp_path: Path) -> None:
    settings = load_settings({"REGISTRY_INSTANCE_PATH": str(tmp_path / "inst")})
    assert settings.database_url == f"sqlite:///{tmp_path / 'inst' / 'registry.db'}"
    assert (tmp_path / "inst").is_dir()


def test_secret_key_is_generated_once_into_instance(tmp_path: Path) -> None:
    first = load_settings({"REGISTRY_INSTANCE_PATH": str(tmp_path)}).secret_key
    second = load_settings({"REGISTRY_INSTANCE_PATH": str(tmp_path)}).secret_key
    assert first == second
    assert len(first) > 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_secret_key_from_the_environment_wins(tmp_path: Path) -> None:
    settings = load_settings({"REGISTRY_INSTANCE_PATH": str(tmp_path), "REGISTRY_SECRET_KEY": "s3cret"})
    assert settings.secret_key == "s3cret"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "is not a database URL"),
        ("mysql://u@h/db", "the registry runs on sqlite or postgresql"),
    ],
)
def test_bad_database_url_is_refused_with_a_clear_message(tmp_path: Path, url: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings({"REGISTRY_INSTANCE_PATH": str(tmp_path), "DATABASE_URL": url})


def test_bad_share_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="between 0 and 1"):
        load_settings({"REGISTRY_INSTANCE_PATH": str(tmp_path), "REGISTRY_SYNC_MAX_REMOVED_SHARE": "2"})


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("REGISTRY_SIGN_IN_LIMIT", "five a minute", "is not a rate limit such as '5/minute;20/hour'"),
        ("REGISTRY_SIGN_IN_CLIENT_LIMIT", "lots", "REGISTRY_SIGN_IN_CLIENT_LIMIT 'lots' is not a rate limit"),
        ("REGISTRY_SIGN_IN_ADDRESS_LIMIT", "1/fortnight", "is not a rate limit"),
        ("REGISTRY_TRUSTED_HOSTS", "evil.example/x", "is not a comma-separated list of host names"),
        ("REGISTRY_BASE_URL", "registry.example.org", "is not the registry's public address"),
        ("REGISTRY_BASE_URL", "https://registry.example.org/?next=x", "is not the registry's public address"),
        ("REGISTRY_PROXIES", "-1", "is not a whole number from 0 to 5"),
        ("REGISTRY_SESSION_IDLE_MINUTES", "0", "is not a whole number from 1 to"),
        ("REGISTRY_SESSION_LIFETIME_HOURS", "12h", "is not a whole number from 1 to"),
    ],
)
def test_bad_web_settings_are_refused(tmp_path: Path, name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings({"REGISTRY_INSTANCE_PATH": str(tmp_path), name: value})


def test_sign_in_limit_is_read_from_the_environment(tmp_path: Path) -> None:
    settings = load_settings({"REGISTRY_INSTANCE_PATH": str(tmp_path), "REGISTRY_SIGN_IN_LIMIT": "3/minute"})
    assert settings.sign_in_limit == "3/minute"
    assert settings.sign_in_client_limit == "30/minute;100/hour"


def test_trusted_hosts_default_to_the_loopback_names(tmp_path: Path) -> None:
    settings = load_settings({"REGISTRY_INSTANCE_PATH": str(tmp_path)})
    assert settings.trusted_hosts == ("localhost", "127.0.0.1", "[::1]")
    assert settings.base_url is None


def test_base_urls_host_is_always_trusted(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "REGISTRY_INSTANCE_PATH": str(tmp_path),
            "REGISTRY_BASE_URL": "https://Registry.example.org:8443/",
            "REGISTRY_TRUSTED_HOSTS": "localhost",
        }
    )
    assert settings.base_url == "https://Registry.example.org:8443"
    assert settings.trusted_hosts == ("localhost", "registry.example.org")


def test_cli_with_bad_database_url_prints_one_line_and_exits_1(tmp_path: Path) -> None:
    registry = Path(sys.executable).with_name("registry")
    env = {"DATABASE_URL": "mysql://u@h/db", "REGISTRY_INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [str(registry), "db", "upgrade"], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: DATABASE_URL uses 'mysql'; the registry runs on sqlite or postgresql"
    ]


def test_cli_token_commands_work_in_a_fresh_process(tmp_path: Path) -> None:
    # Each command is a new process that has imported only what it needs: every model must still be mapped.
    registry = Path(sys.executable).with_name("registry")
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}", "REGISTRY_INSTANCE_PATH": str(tmp_path)}
    env["PATH"] = "/usr/bin:/bin"
    for args in (["db", "upgrade"], ["tokens", "create", "--role", "admin"], ["tokens", "list"]):
        result = subprocess.run([str(registry), *args], capture_output=True, text=True, env=env, check=False)
        assert result.returncode == 0, result.stderr


def test_a_read_after_a_write_does_not_take_the_write_lock(client: FlaskClient, tokens: Tokens) -> None:
    from registry import db as database

    client.post(
        "/api/v1/contacts", json={"party": "KEN", "family_name": "Otieno"}, headers=tokens.header("admin")
    )
    assert database._sqlite_begin.get() == "IMMEDIATE"
    client.get("/api/v1/parties/KEN")
    assert database._sqlite_begin.get() == "DEFERRED"
