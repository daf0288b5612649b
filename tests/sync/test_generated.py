"""The sync on generated lists it has never seen (tests/sync/generated), over seeds, at 1x and 10x density.

Each case is a seed and a shape: ``1x`` (30 parties, people per party as in the samples) or ``10x`` (8
parties, ten times the competent authorities and DNAs: namesakes, shared family names and office mailboxes).
The seeds are 1, 2, 3, or those of ``SYNC_GENERATED_SEEDS`` (``SYNC_GENERATED_SEEDS=4,5,6 pytest ...``) to
explore more. Done when: every convention ``ok``, designation precision and recall >= 0.99, no wrong merge,
no false change and none missing, and a second run of the same list changes nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from registry.parties.services import import_parties
from tests.sync.conftest import Run
from tests.sync.generated import FILES, GeneratedLists, generate
from tests.sync.generated.evaluate import Score, score_changes, score_registry, statuses
from tests.sync.listserver import ListServer, static

SHAPES = {"1x": {"density": 1, "parties": 30}, "10x": {"density": 10, "parties": 8}}
SEEDS = [int(s) for s in os.environ.get("SYNC_GENERATED_SEEDS", "1,2,3").split(",") if s.strip()]
CASES = [pytest.param(seed, shape, id=f"seed{seed}-{shape}") for shape in SHAPES for seed in SEEDS]
BAR = 0.99


def lists_of(session: Session, seed: int, shape: str) -> GeneratedLists:
    """The case's lists, their parties imported first (each case's own statuses)."""
    lists = generate(seed, **SHAPES[shape])
    assert not import_parties(session, lists.parties_csv).errors
    return lists


def written(lists: GeneratedLists, version: str, folder: Path) -> dict[str, str]:
    """The version's three lists as local files."""
    lists.write(folder)
    return lists.paths(folder, version)


def served(server: ListServer, lists: GeneratedLists, version: str) -> dict[str, str]:
    """The version's three lists from the local list server, as the secretariats serve them."""
    content = lists.lists[version]
    prefix = f"/{lists.seed}-{lists.density}/{version}"
    locations = {
        c: server.route(f"{prefix}/{FILES[c]}", static(content[c], etag=f'"{version}-{c}"'))
        for c in ("basel", "rotterdam")
    }
    locations["stockholm"] = server.serve_odata(f"{prefix}/odata", json.loads(content["stockholm"]))
    return locations


def assert_ok(report: dict[str, Any]) -> None:
    assert set(statuses(report).values()) == {"ok"}, statuses(report)


def assert_truth(score: Score) -> None:
    assert score.precision >= BAR, score.summary()
    assert score.recall >= BAR, score.summary()
    assert not score.wrong_merges, score.summary()


@pytest.mark.parametrize(("seed", "shape"), CASES)
def test_generated_v1_loads_every_designation_without_a_wrong_merge(
    session: Session, list_server: ListServer, run: Run, seed: int, shape: str
) -> None:
    lists = lists_of(session, seed, shape)
    report = run(served(list_server, lists, "v1"))
    assert_ok(report)
    assert_truth(score_registry(session, lists.state_v1))


@pytest.mark.parametrize(("seed", "shape"), CASES)
def test_generated_noise_after_v1_is_no_change(
    session: Session, run: Run, tmp_path: Path, seed: int, shape: str
) -> None:
    lists = lists_of(session, seed, shape)
    run(written(lists, "v1", tmp_path))
    report = run(lists.paths(tmp_path, "v1-noise"))
    assert_ok(report)
    found = score_changes(report, [])
    assert not found.false, found.summary()


@pytest.mark.parametrize(("seed", "shape"), CASES)
def test_generated_v2_after_v1_reports_exactly_the_truth_changes(
    session: Session, list_server: ListServer, run: Run, seed: int, shape: str
) -> None:
    lists = lists_of(session, seed, shape)
    run(served(list_server, lists, "v1"))
    report = run(served(list_server, lists, "v2"))
    assert_ok(report)
    found = score_changes(report, lists.changes)
    assert not found.false, found.summary()
    assert not found.missing, found.summary()


@pytest.mark.parametrize(("seed", "shape"), CASES)
def test_generated_v2_after_v1_gives_the_truth_of_v2(
    session: Session, run: Run, tmp_path: Path, seed: int, shape: str
) -> None:
    lists = lists_of(session, seed, shape)
    run(written(lists, "v1", tmp_path))
    run(lists.paths(tmp_path, "v2"))
    assert_truth(score_registry(session, lists.state_v2))


@pytest.mark.parametrize(("seed", "shape"), CASES)
def test_generated_v2_run_twice_changes_nothing_the_second_time(
    session: Session, run: Run, tmp_path: Path, seed: int, shape: str
) -> None:
    lists = lists_of(session, seed, shape)
    run(written(lists, "v1", tmp_path))
    run(lists.paths(tmp_path, "v2"))
    again = run(lists.paths(tmp_path, "v2"))
    assert_ok(again)
    found = score_changes(again, [])
    assert not found.false, found.summary()


@pytest.mark.parametrize(("seed", "shape"), CASES)
def test_generated_v2_alone_gives_the_truth_of_v2(
    session: Session, run: Run, tmp_path: Path, seed: int, shape: str
) -> None:
    lists = lists_of(session, seed, shape)
    report = run(written(lists, "v2", tmp_path))
    assert_ok(report)
    assert_truth(score_registry(session, lists.state_v2))
