"""Settings, read from the environment in one place and checked at start-up."""

from __future__ import annotations

import math
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from limits import parse_many
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
    sign_in_client_limit: str = "30/minute;100/hour"
    sign_in_address_limit: str = "100/hour"
    # Requests for a password reset link: one address from one client, one client, one address.
    reset_limit: str = "3/hour"
    reset_client_limit: str = "10/hour"
    reset_address_limit: str = "10/day"
    base_url: str | None = None
    trusted_hosts: tuple[str, ...] = ("localhost", "127.0.0.1", "[::1]")
    proxies: int = 0
    session_idle_minutes: int = 120
    session_lifetime_hours: int = 12
    smtp_url: str | None = None
    mail_from: str = "registry@localhost"

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
    base_url = _base_url(env.get("REGISTRY_BASE_URL") or None)
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
        sign_in_limit=_limit(env, "REGISTRY_SIGN_IN_LIMIT", Settings.sign_in_limit),
        sign_in_client_limit=_limit(env, "REGISTRY_SIGN_IN_CLIENT_LIMIT", Settings.sign_in_client_limit),
        sign_in_address_limit=_limit(env, "REGISTRY_SIGN_IN_ADDRESS_LIMIT", Settings.sign_in_address_limit),
        reset_limit=_limit(env, "REGISTRY_RESET_LIMIT", Settings.reset_limit),
        reset_client_limit=_limit(env, "REGISTRY_RESET_CLIENT_LIMIT", Settings.reset_client_limit),
        reset_address_limit=_limit(env, "REGISTRY_RESET_ADDRESS_LIMIT", Settings.reset_address_limit),
        base_url=base_url,
        trusted_hosts=_trusted_hosts(env.get("REGISTRY_TRUSTED_HOSTS"), base_url),
        proxies=_whole(env, "REGISTRY_PROXIES", Settings.proxies, 0, 5),
        session_idle_minutes=_whole(
            env, "REGISTRY_SESSION_IDLE_MINUTES", Settings.session_idle_minutes, 1, 43200
        ),
        session_lifetime_hours=_whole(
            env, "REGISTRY_SESSION_LIFETIME_HOURS", Settings.session_lifetime_hours, 1, 2160
        ),
        smtp_url=_smtp_url(env.get("REGISTRY_SMTP_URL") or None),
        mail_from=_mail_from(env.get("REGISTRY_MAIL_FROM") or Settings.mail_from),
    )


# A host name or IPv4 address, or an IPv6 address in brackets (what a Host header holds, without its port).
_HOST = re.compile(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\]")


def _host_name(netloc: str) -> str:
    """``netloc`` without its port."""
    return netloc if netloc.endswith("]") else netloc.rpartition(":")[0] or netloc


def _trusted_hosts(value: str | None, base_url: str | None) -> tuple[str, ...]:
    """The host names the server answers to; the public address's is always one of them."""
    hosts = tuple(name.strip().lower() for name in (value or "").split(",") if name.strip())
    if value is None or not value.strip():
        hosts = Settings.trusted_hosts
    if not hosts or not all(_HOST.fullmatch(name) for name in hosts):
        raise ConfigError(
            f"REGISTRY_TRUSTED_HOSTS {value!r} is not a comma-separated list of host names "
            "(such as 'registry.example.org,localhost')"
        )
    public = _host_name(urlsplit(base_url).netloc.lower()) if base_url else None
    return (*hosts, public) if public and public not in hosts else hosts


def _base_url(value: str | None) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    host = _host_name(parts.netloc.lower())
    if parts.scheme not in ("http", "https") or not _HOST.fullmatch(host) or parts.query or parts.fragment:
        raise ConfigError(
            f"REGISTRY_BASE_URL {value!r} is not the registry's public address (such as "
            "'https://registry.example.org')"
        )
    return value.rstrip("/")


def _whole(env: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    value = env.get(name) or str(default)
    if not value.strip().isascii() or not value.strip().isdigit() or not low <= int(value) <= high:
        raise ConfigError(f"{name} {value!r} is not a whole number from {low} to {high}")
    return int(value)


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
        share = math.nan  # not a number: refused below, as a number out of range is
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


def _limit(env: dict[str, str], name: str, default: str) -> str:
    value = env.get(name) or default
    try:
        parse_many(value)
    except ValueError:
        raise ConfigError(f"{name} {value!r} is not a rate limit such as '5/minute;20/hour'") from None
    return value


def engine_url(database_url: str) -> URL:
    """The SQLAlchemy URL to connect with: plain ``postgresql://`` is served by psycopg 3."""
    return _check_database_url(database_url)


def _smtp_url(value: str | None) -> str | None:
    from registry.mail import MailConfigError, Server

    if value is not None:
        try:
            Server.parse(value)
        except MailConfigError as exc:
            raise ConfigError(str(exc)) from None
    return value


def _mail_from(value: str) -> str:
    # A display name may precede the address ("BRS registry <registry@brs.example>").
    address = value.rpartition("<")[2].rstrip(">").strip()
    if "@" not in address or any(ch.isspace() for ch in address):
        raise ConfigError(f"REGISTRY_MAIL_FROM {value!r} is not an e-mail address")
    return value
