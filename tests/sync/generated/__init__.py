"""Generated convention lists with their ground truth, to check the sync on lists it has never seen.

Like the secretariat's samples (``v1``, ``v1-noise``, ``v2``, ``truth/state_v1.json``, ``state_v2.json``,
``changes.json``, ``parties.csv``), from any seed, at any density (people per party: competent authorities
and DNAs ``density`` times as many as at 1x; one FP, OCP and NFP each, as in life), for all parties or a few,
with names in Turkish, Azerbaijani, German, Greek, Vietnamese, Arabic, Chinese, Cyrillic (Russian, Ukrainian,
Serbian), Polish, Hungarian and other scripts. Deterministic: one seed, the same bytes.

    lists = generate(7, density=10, parties=8)
    lists.lists["v1"]["basel"]       # the workbook's bytes
    lists.state_v1["people"]         # the truth
    python -m tests.sync.generated --seed 7 --density 10 --parties 8 /tmp/lists   # the samples' layout

:mod:`tests.sync.generated.evaluate` scores a registry against a truth state and a run's report against
``changes.json``.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import random
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from registry.config import PROJECT_ROOT
from tests.sync.generated import render
from tests.sync.generated.changes import next_night
from tests.sync.generated.names import POOLS, home_languages
from tests.sync.generated.people import CONVENTIONS, Builder, Party, State

FILES = {"basel": "basel.xlsx", "rotterdam": "rotterdam.csv", "stockholm": "stockholm.json"}
VERSIONS = ("v1", "v1-noise", "v2")
# Parties chosen first when only a few are asked for: a home of each hard script, then the EU.
FIRST_PARTIES = ("TUR", "AZE", "DEU", "GRC", "VNM", "SAU", "CHN", "RUS", "EUU", "POL", "HUN", "UKR", "SRB")
SCRIPTS = {
    "Latin": ("tr", "az", "de", "vi", "pl", "hu", "en", "fr", "es", "pt", "sw"),
    "Greek": ("el",),
    "Cyrillic": ("ru", "uk", "sr"),
    "Arabic": ("ar",),
    "Han": ("zh",),
}


@dataclass(frozen=True)
class GeneratedLists:
    """Three nights of three lists (``lists[version][convention]``, bytes), and what they mean."""

    seed: int
    density: int
    lists: Mapping[str, Mapping[str, bytes]]
    state_v1: dict[str, Any]
    state_v2: dict[str, Any]
    changes: list[dict[str, Any]]
    parties_csv: str

    def write(self, folder: Path) -> None:
        """Write everything in the samples' layout: ``parties.csv``, ``v1/``, ``v1-noise/``, ``v2/``,
        ``truth/``."""
        for version, lists in self.lists.items():
            (folder / version).mkdir(parents=True, exist_ok=True)
            for convention, content in lists.items():
                (folder / version / FILES[convention]).write_bytes(content)
        (folder / "truth").mkdir(parents=True, exist_ok=True)
        for name, data in (
            ("state_v1", self.state_v1),
            ("state_v2", self.state_v2),
            ("changes", self.changes),
        ):
            text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
            (folder / "truth" / f"{name}.json").write_text(text, encoding="utf-8")
        (folder / "parties.csv").write_text(self.parties_csv, encoding="utf-8")

    def paths(self, folder: Path, version: str) -> dict[str, str]:
        """Each convention's file of ``version`` under ``folder`` (after :meth:`write`)."""
        return {c: str(folder / version / f) for c, f in FILES.items()}


def languages_of(scripts: Collection[str] | None) -> tuple[str, ...]:
    """The name pools to draw from: every one, or those of the scripts ("Greek", "Cyrillic", ...) and
    languages ("tr", "vi", ...) named."""
    if scripts is None:
        return tuple(POOLS)
    chosen = [lang for s in scripts for lang in SCRIPTS.get(s, (s,))]
    unknown = sorted(set(chosen) - set(POOLS))
    if unknown or not chosen:
        raise ValueError(f"unknown scripts or languages {unknown}; known: {sorted(SCRIPTS)} {sorted(POOLS)}")
    return tuple(dict.fromkeys(chosen))


def choose_parties(rng: random.Random, count: int | None, languages: tuple[str, ...]) -> list[Party]:
    """The parties the lists name: all of the registry's, or ``count`` of them (the homes of the hard
    scripts first), each with its status drawn; one of them names contacts under a convention it is not a
    party to."""
    with (PROJECT_ROOT / "registry" / "data" / "parties.csv").open(encoding="utf-8") as file:
        universe = {row["code"]: row for row in csv.DictReader(file)}
    first = [c for c in FIRST_PARTIES if c in universe and set(home_languages(c)) & set(languages)]
    codes = list(universe) if count is None else first[:count]
    if count is not None and len(codes) < count:
        codes += rng.sample(sorted(set(universe) - set(codes)), count - len(codes))
    parties = []
    for code in sorted(codes):
        row = universe[code]
        status = {c: code == "EUU" or rng.random() < 0.93 for c in CONVENTIONS}
        parties.append(Party(code, row["alpha2"], row["name"], status, home_languages(code)))
    at = rng.choice([i for i, p in enumerate(parties) if p.code != "EUU"] or [0])
    convention = rng.choice(CONVENTIONS)
    parties[at].status[convention] = False
    parties[at] = dataclasses.replace(parties[at], invited=(convention,))
    return parties


def parties_csv(parties: list[Party]) -> str:
    """The parties in the ``registry parties import`` format."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "alpha2", "name", *CONVENTIONS])
    for p in parties:
        writer.writerow([p.code, p.alpha2, p.name, *(str(p.status[c]).lower() for c in CONVENTIONS)])
    return out.getvalue()


@cache
def generate(
    seed: int, density: int = 1, parties: int | None = None, scripts: tuple[str, ...] | None = None
) -> GeneratedLists:
    """The lists of ``seed``: v1, v1 again with other noise, and v2, with their truth (cached: tests share
    one generation, and must not modify it). ``parties`` limits them to that many parties; ``scripts`` to
    those name pools."""
    if density < 1 or (parties is not None and parties < 1):
        raise ValueError("density and parties must be 1 or more")
    rng = random.Random(f"generated-lists/{seed}")
    languages = languages_of(scripts)
    v1 = State(choose_parties(rng, parties, languages))
    builder = Builder(rng, v1, languages)
    for party in v1.parties:
        builder.build_party(party, density)
    v2, changes = next_night(v1, builder)
    lists = {
        "v1": _render(v1, seed, "v1", "2026-11-01"),
        "v1-noise": _render(v1, seed, "v1-noise", "2026-11-01"),
        "v2": _render(v2, seed, "v2", "2026-11-27"),
    }
    truth_v1, truth_v2 = json.loads(json.dumps(v1.truth())), json.loads(json.dumps(v2.truth()))
    return GeneratedLists(seed, density, lists, truth_v1, truth_v2, changes, parties_csv(v1.parties))


def _render(state: State, seed: int, version: str, extracted: str) -> dict[str, bytes]:
    return {
        "basel": render.basel(state, seed, version, extracted),
        "rotterdam": render.rotterdam(state, seed, version),
        "stockholm": render.stockholm(state, seed, version),
    }
