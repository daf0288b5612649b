"""The API's goals (issue 16), each a ratio to a reference measured in the same run, and whether it is met.

- Reads: ``GET /designations?party=X`` (contacts embedded) and ``GET /parties/X/designations`` at 0.7 or
  more of the trivial JSON view's requests per second on the same app and gunicorn, 5 times Datasette's or
  more on the same rows and filter, p99 under 50 ms; the party page ``/parties/X`` likewise against a trivial
  HTML view (and Datasette's HTML table of the same rows).
- Search: ``q=`` at 0.5 or more of the trivial JSON view at 10x (reported at every size).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

P99_MS = 50.0


@dataclass(frozen=True)
class Goal:
    """One goal: ours (a read's label start), against a reference read (or ``None``: an absolute p99)."""

    name: str
    ours: str
    reference: str | None
    at_least: float | None = None  # ratio of requests per second, ours / reference
    p99_below_ms: float | None = None
    sizes: tuple[int, ...] | None = None  # the sizes it is a goal at (None: every one)


def goals(party: str, word: str) -> list[Goal]:
    """The goals of a run whose probe is ``party`` and the search ``word``."""
    ceiling, page = "ref: ceiling, trivial JSON view, registry app", "ref: ceiling, trivial HTML view"
    listed, by_party = f"GET /designations?party={party}", f"GET /parties/{party}/designations"
    datasette, html = f"ref: Datasette ?party={party}", f"ref: Datasette HTML ?party={party}"
    party_page = f"page /parties/{party}"
    return [
        Goal(f"{listed}: 0.7 of the ceiling", listed, ceiling, at_least=0.7),
        Goal(f"{listed}: 5x Datasette", listed, datasette, at_least=5.0),
        Goal(f"{listed}: p99 < 50 ms", listed, None, p99_below_ms=P99_MS),
        Goal(f"{by_party}: 0.7 of the ceiling", by_party, ceiling, at_least=0.7),
        Goal(f"{by_party}: 5x Datasette", by_party, datasette, at_least=5.0),
        Goal(f"{by_party}: p99 < 50 ms", by_party, None, p99_below_ms=P99_MS),
        Goal(f"{party_page}: 0.7 of a trivial HTML view", party_page, page, at_least=0.7),
        Goal(f"{party_page}: 5x Datasette's HTML table", party_page, html, at_least=5.0),
        Goal(f"{party_page}: p99 < 50 ms", party_page, None, p99_below_ms=P99_MS),
        Goal(f"GET /designations?q={word}: 0.5 of the ceiling", f"GET /designations?q={word}", ceiling,
             at_least=0.5, sizes=(10,)),
    ]  # fmt: skip


def _read(reads: list[dict[str, Any]], label: str) -> dict[str, Any] | None:
    return next((r for r in reads if r["label"] == label), None)


def evaluate(run: dict[str, Any]) -> list[dict[str, Any]]:
    """Each goal of ``run`` (a :class:`bench.api_bench.Run` as a dict) with its figures: ours, the
    reference's, the ratio or p99, and ``met`` (None when a read is missing or the size is not the goal's)."""
    out = []
    for goal in goals(run["probe"]["party"], run["probe"]["word"]):
        ours = _read(run["reads"], goal.ours)
        ref = _read(run["reads"], goal.reference) if goal.reference else None
        row: dict[str, Any] = {**asdict(goal), "rps": ours and ours["rps"], "ref_rps": ref and ref["rps"]}
        row["p99_ms"], row["value"], row["met"] = ours and ours["p99_ms"], None, None
        if ours and goal.p99_below_ms is not None:
            row["value"] = ours["p99_ms"]
            row["met"] = ours["p99_ms"] < goal.p99_below_ms
        elif ours and ref and ours["rps"] and ref["rps"] and goal.at_least is not None:
            row["value"] = round(ours["rps"] / ref["rps"], 2)
            row["met"] = row["value"] >= goal.at_least
        if goal.sizes is not None and run["size"] not in goal.sizes:
            row["met"] = None  # reported, not a goal at this size
        out.append(row)
    return out


def table(runs: list[dict[str, Any]]) -> list[str]:
    """The goals of every run as Markdown lines."""
    lines = ["", "## Goals (issue 16), each against its reference in the same run", "",
             "| database | size | goal | ours req/s | reference req/s | ours p99 ms | measured | met |",
             "|---|--:|---|--:|--:|--:|--:|---|"]  # fmt: skip
    for run in runs:
        for g in run.get("goals") or evaluate(run):
            measured = (
                "-" if g["value"] is None else f"{g['value']} ms" if g["p99_below_ms"] else f"{g['value']}x"
            )
            met = {True: "yes", False: "**no**", None: "(not a goal here)"}[g["met"]]
            cells = (
                run["backend"],
                f"{run['size']}x",
                g["name"],
                g["rps"],
                g["ref_rps"],
                g["p99_ms"],
                measured,
                met,
            )
            lines.append("| " + " | ".join("-" if c is None else str(c) for c in cells) + " |")
    return lines
