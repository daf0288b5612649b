"""Settings, read from the environment in one place and checked at start-up."""

from __future__ import annotations

import math
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from limits import parse_many
from limits.storage import storage_from_string
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = Path.cwd() / "instance"
SAMPLES = Path(__file__).resolve().parent.parent / "sync" / "samples" / "v1"
DEFAULT_SOURCES = {
    "basel": SAMPLES / "basel.xlsx",
    "rotterdam": SAMPLES / "rotterdam.csv",
    "stockholm": SAMPLES / "stockholm.json",
}


class ConfigError(Exception):
    """A setting is wrong; the message is one line an operator can act on."""


@dataclass(frozen=True)
class Settings:
    """Everything the registry reads from its environment."""

    database_url: str
    secret_key: str
    instance_path: Path
    sources: dict[str, str] = field(default_factory=dict)
    sync_max_removed_share: float = 0.10
    sync_max_download_mb: float = 50.0
    sync_fetch_budget: float = 300.0
    sign_in_limit: str = "5/minute;20/hour"
    rate_limit_storage: str = "memory://"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Read and check the settings; raise ConfigError with a one-line message when one is wrong."""
    env = dict(os.environ if env is None else env)
    instance = Path(env.get("REGISTRY_INSTANCE_PATH", str(DEFAULT_INSTANCE))).resolve()
    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'registry.db'}"
    url = _check_database_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        Path(url.database).resolve().parent.mkdir(parents=True, exist_ok=True)
    return Settings(
        database_url=database_url,
        secret_key=env.get("REGISTRY_SECRET_KEY") or _instance_secret(instance),
        instance_path=instance,
        sources={
            name: env.get(f"REGISTRY_SOURCE_{name.upper()}") or str(path)
            for name, path in DEFAULT_SOURCES.items()
        },
        sync_max_removed_share=_share(env.get("REGISTRY_SYNC_MAX_REMOVED_SHARE", "0.10")),
        sync_max_download_mb=_positive(
            env, "REGISTRY_SYNC_MAX_DOWNLOAD_MB", Settings.sync_max_download_mb, "MB"
        ),
        sync_fetch_budget=_positive(env, "REGISTRY_SYNC_FETCH_BUDGET", Settings.sync_fetch_budget, "seconds"),
        sign_in_limit=_limit(env.get("REGISTRY_SIGN_IN_LIMIT") or Settings.sign_in_limit),
        rate_limit_storage=_storage(env.get("REGISTRY_RATE_LIMIT_STORAGE") or Settings.rate_limit_storage),
    )


def _check_database_url(value: str) -> URL:
    try:
        url = make_url(value)
    except ArgumentError:
        raise ConfigError(
            f"DATABASE_URL {value!r} is not a database URL (sqlite:///... or postgresql+psycopg://...)"
        ) from None
    backend = url.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ConfigError(f"DATABASE_URL uses {backend!r}; the registry runs on sqlite or postgresql")
    if backend == "postgresql" and url.get_driver_name() not in ("psycopg", "psycopg2"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def _instance_secret(instance: Path) -> str:
    """The secret key kept in instance/secret_key, generated on first run."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key + "\n")
    path.chmod(0o600)
    return key


def _share(value: str) -> float:
    try:
        share = float(value)
    except ValueError:
        raise ConfigError(
            f"REGISTRY_SYNC_MAX_REMOVED_SHARE {value!r} is not a number between 0 and 1"
        ) from None
    if not 0 <= share <= 1:
        raise ConfigError(f"REGISTRY_SYNC_MAX_REMOVED_SHARE {value!r} is not a number between 0 and 1")
    return share


def _positive(env: dict[str, str], name: str, default: float, unit: str) -> float:
    """A setting that is a positive number (of ``unit``), or its default when unset."""
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and number > 0):
        raise ConfigError(f"{name} {value!r} is not a positive number of {unit}")
    return number


def _limit(value: str) -> str:
    try:
        parse_many(value)
    except ValueError:
        raise ConfigError(
            f"REGISTRY_SIGN_IN_LIMIT {value!r} is not a rate limit such as '5/minute;20/hour'"
        ) from None
    return value


def _storage(value: str) -> str:
    try:
        storage_from_string(value)
    except Exception as exc:  # an unknown scheme, or a store whose client library is not installed
        raise ConfigError(f"REGISTRY_RATE_LIMIT_STORAGE {value!r} cannot be used: {exc}") from None
    return value


def engine_url(database_url: str) -> URL:
    """The SQLAlchemy URL to connect with: plain ``postgresql://`` is served by psycopg 3."""
    return _check_database_url(database_url)
