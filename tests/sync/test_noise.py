"""Formatting noise from other seeds (as the hidden lists have): never a change, whichever list came first."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import openpyxl
from sqlalchemy.orm import Session

from registry.parties.services import PartyResolver
from tests.sync import noise
from tests.sync.conftest import Run, Synced
from tests.sync.lists import FILES, all_items, sample_paths, truth
from tests.sync.state import registry_state, truth_state


@cache
def _country_names(version: str) -> frozenset[str]:
    """The names in the first column of the version's Basel list (read once a session: 0.4 s a read)."""
    workbook = openpyxl.load_workbook(sample_paths(version)["basel"], read_only=True)
    names = {str(row[0]).strip() for row in workbook["Contacts"].iter_rows(values_only=True) if row[0]}
    workbook.close()
    return frozenset(names)


def noisy_lists(session: Session, version: str, seed: int, folder: Path) -> dict[str, str]:
    """The version's three lists with the seed's noise, written into ``folder``; their paths."""
    resolve = PartyResolver(session).resolve  # the parties and their names read once, not once a name
    codes = {name: code for name in _country_names(version) if (code := resolve(name)) is not None}
    content = {
        "basel": noise.basel(version, seed, codes),
        "rotterdam": noise.rotterdam(version, seed),
        "stockholm": noise.stockholm(version, seed),
    }
    paths = {}
    for convention, file in FILES.items():
        (folder / file).write_bytes(content[convention])
        paths[convention] = str(folder / file)
    return paths


def test_noise_after_v1_is_no_change(session: Session, run: Run, synced: Synced, tmp_path: Path) -> None:
    synced()
    report = run(noisy_lists(session, "v1", 1, tmp_path))
    assert report["status"] == "ok"
    assert all_items(report) == []


def test_noisy_v1_gives_the_truth_and_v1_after_it_is_no_change(
    session: Session, run: Run, tmp_path: Path
) -> None:
    run(noisy_lists(session, "v1", 2, tmp_path))
    assert registry_state(session) == truth_state(truth("state_v1.json"))
    assert all_items(run(sample_paths("v1"))) == []


def test_noisy_v2_after_noisy_v1_gives_the_truth_of_v2(session: Session, run: Run, tmp_path: Path) -> None:
    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    run(noisy_lists(session, "v1", 11, tmp_path / "1"))
    report = run(noisy_lists(session, "v2", 12, tmp_path / "2"))
    assert report["status"] == "ok"
    assert registry_state(session) == truth_state(truth("state_v2.json"))
    assert len(all_items(report)) == len(truth("changes.json"))
