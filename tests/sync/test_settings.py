"""The sync's limits are settings: read from the environment, checked at start-up, refused with one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.config import ConfigError, load_settings


def test_sync_limits_default_to_50_mb_and_300_seconds(tmp_path: Path) -> None:
    settings = load_settings({"REGISTRY_INSTANCE_PATH": str(tmp_path)})
    assert (settings.sync_max_download_mb, settings.sync_fetch_budget) == (50.0, 300.0)


def test_sync_limits_are_read_from_the_environment(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "REGISTRY_INSTANCE_PATH": str(tmp_path),
            "REGISTRY_SYNC_MAX_DOWNLOAD_MB": "0.5",
            "REGISTRY_SYNC_FETCH_BUDGET": " 12 ",
        }
    )
    assert (settings.sync_max_download_mb, settings.sync_fetch_budget) == (0.5, 12.0)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("REGISTRY_SYNC_MAX_DOWNLOAD_MB", "fifty"),
        ("REGISTRY_SYNC_MAX_DOWNLOAD_MB", "0"),
        ("REGISTRY_SYNC_FETCH_BUDGET", "-5"),
        ("REGISTRY_SYNC_FETCH_BUDGET", "inf"),
        ("REGISTRY_SYNC_FETCH_BUDGET", "nan"),
    ],
)
def test_a_sync_limit_that_is_not_a_positive_number_is_refused(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=rf"^{name} '{value}' is not a positive number of \w+$"):
        load_settings({"REGISTRY_INSTANCE_PATH": str(tmp_path), name: value})
