"""Coverage after the bundled sample lists are loaded through the sync: its vacancies are the truth's (parties
that are party to a convention and were given no holder of a role)."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from registry.conventions import ROLES
from tests.sync.conftest import Run, Synced
from tests.sync.lists import truth

Role = tuple[str, str, str]


def _truth_roles(state: dict[str, Any]) -> tuple[set[Role], set[Role]]:
    """The truth's vacant roles and roles held by non-parties, as (convention, role, party)."""
    held = {(d["convention"], d["role"], d["party"]) for d in state["designations"]}
    vacant, by_non_parties = set(), set()
    for party in state["parties"]:
        for convention, roles in ROLES.items():
            for role in roles:
                key = (convention, role, party["code"])
                if party[convention] and key not in held:
                    vacant.add(key)
                elif not party[convention] and key in held:
                    by_non_parties.add(key)
    return vacant, by_non_parties


def _api_roles(body: dict[str, Any]) -> tuple[set[Role], set[Role]]:
    vacant, by_non_parties = set(), set()
    for party in body["parties"]:
        for convention, part in party["conventions"].items():
            for role, found in part["roles"].items():
                key = (convention, role, party["party"])
                if part["status"] == "party" and found["holders"] == 0:
                    vacant.add(key)
                elif part["status"] != "party" and found["holders"]:
                    by_non_parties.add(key)
    return vacant, by_non_parties


@pytest.mark.parametrize("versions", [("v1",), ("v1", "v2")], ids=["v1", "v1-then-v2"])
def test_coverage_vacancies_after_the_sample_lists_are_the_truth_s(
    client: FlaskClient, synced: Synced, run: Run, versions: tuple[str, ...]
) -> None:
    synced(*versions)
    body = client.get("/api/v1/coverage").get_json()
    vacant, by_non_parties = _truth_roles(truth(f"state_{versions[-1]}.json"))
    assert _api_roles(body) == (vacant, by_non_parties)
    for convention, roles in body["totals"].items():
        for role, totals in roles.items():
            assert totals["vacant"] == len({k for k in vacant if k[:2] == (convention, role)})
