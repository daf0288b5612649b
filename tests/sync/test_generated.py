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

from registry.db import db
from registry.parties.services import import_parties
from tests.sync import synced as synced_rows
from tests.sync.conftest import Run
from tests.sync.generated import FILES, GeneratedLists, generate
from tests.sync.generated.evaluate import ChangeScore, Score, score_changes, score_registry, statuses
from tests.sync.listserver import ListServer, static

SHAPES = {"1x": {"density": 1, "parties": 30}, "10x": {"density": 10, "parties": 8}}
SEEDS = [int(s) for s in os.environ.get("SYNC_GENERATED_SEEDS", "1,2,3").split(",") if s.strip()]
CASES = [pytest.param((seed, shape), id=f"seed{seed}-{shape}") for shape in SHAPES for seed in SEEDS]
BAR = 0.99


@pytest.fixture(params=CASES)
def lists(request: pytest.FixtureRequest, session: Session) -> GeneratedLists:
    """The case's lists, their parties imported first (each case's own statuses)."""
    seed, shape = request.param
    generated = generate(seed, **SHAPES[shape])
    assert not import_parties(session, generated.parties_csv).errors
    return generated


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


# The registry as v1 of a case left it, by (seed, density, over HTTP or from files): kept by the first test
# that syncs it, inserted by the others (tests/sync/synced.py), whose subject is what comes after v1.
_after_v1: dict[tuple[int, int, bool], synced_rows.Rows] = {}


def synced_v1(run: Run, lists: GeneratedLists, sources: dict[str, str], over_http: bool) -> None:
    """The registry as a sync of the case's v1 (from ``sources``) into an empty one leaves it."""
    key = (lists.seed, lists.density, over_http)
    if key in _after_v1:
        synced_rows.restore(db.session(), _after_v1[key])
        return
    assert_ok(run(sources))
    _after_v1[key] = synced_rows.capture(db.session())


def assert_ok(report: dict[str, Any]) -> None:
    assert set(statuses(report).values()) == {"ok"}, statuses(report)


def assert_changes(report: dict[str, Any], truth: list[dict[str, Any]]) -> ChangeScore:
    """Every convention ok, and no change found that is not among the ``truth``: what was found."""
    assert_ok(report)
    found = score_changes(report, truth)
    assert not found.false, found.summary()
    return found


def assert_truth(score: Score) -> None:
    assert score.precision >= BAR, score.summary()
    assert score.recall >= BAR, score.summary()
    assert not score.wrong_merges, score.summary()


def test_generated_v1_loads_every_designation_without_a_wrong_merge(
    session: Session, list_server: ListServer, run: Run, lists: GeneratedLists
) -> None:
    report = run(served(list_server, lists, "v1"))
    assert_ok(report)
    assert_truth(score_registry(session, lists.state_v1))


def test_generated_noise_after_v1_is_no_change(run: Run, tmp_path: Path, lists: GeneratedLists) -> None:
    synced_v1(run, lists, written(lists, "v1", tmp_path), over_http=False)
    assert_changes(run(lists.paths(tmp_path, "v1-noise")), [])


def test_generated_v2_after_v1_reports_exactly_the_truth_changes(
    list_server: ListServer, run: Run, lists: GeneratedLists
) -> None:
    synced_v1(run, lists, served(list_server, lists, "v1"), over_http=True)
    found = assert_changes(run(served(list_server, lists, "v2")), lists.changes)
    assert not found.missing, found.summary()


# The registry as v1 then v2 of a case (from files) left it, by (seed, density): kept by the test whose
# subject is that second run, for the one whose subject is running v2 again.
_after_v2: dict[tuple[int, int], synced_rows.Rows] = {}


def test_generated_v2_after_v1_gives_the_truth_of_v2(
    session: Session, run: Run, tmp_path: Path, lists: GeneratedLists
) -> None:
    synced_v1(run, lists, written(lists, "v1", tmp_path), over_http=False)
    run(lists.paths(tmp_path, "v2"))
    assert_truth(score_registry(session, lists.state_v2))
    _after_v2.setdefault((lists.seed, lists.density), synced_rows.capture(db.session()))


def test_generated_v2_run_twice_changes_nothing_the_second_time(
    run: Run, tmp_path: Path, lists: GeneratedLists
) -> None:
    v2 = written(lists, "v2", tmp_path)
    if (lists.seed, lists.density) in _after_v2:
        synced_rows.restore(db.session(), _after_v2[(lists.seed, lists.density)])
    else:
        synced_v1(run, lists, lists.paths(tmp_path, "v1"), over_http=False)
        run(v2)
    assert_changes(run(v2), [])


def test_generated_v2_alone_gives_the_truth_of_v2(
    session: Session, run: Run, tmp_path: Path, lists: GeneratedLists
) -> None:
    report = run(written(lists, "v2", tmp_path))
    assert_ok(report)
    assert_truth(score_registry(session, lists.state_v2))
