"""The sample lists, and small edits of them, for sync tests (bytes, as a list server would serve them)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import openpyxl

from registry.config import PROJECT_ROOT
from sync.sources import BaselSource, RetryPolicy, RotterdamSource, Source, StockholmSource
from tests.sync.listserver import ListServer, static

SAMPLES = PROJECT_ROOT / "sync" / "samples"
FILES = {"basel": "basel.xlsx", "rotterdam": "rotterdam.csv", "stockholm": "stockholm.json"}
TRUTH = SAMPLES / "truth"


def sample(version: str, convention: str) -> bytes:
    return (SAMPLES / version / FILES[convention]).read_bytes()


def sample_paths(version: str) -> dict[str, str]:
    return {c: str(SAMPLES / version / f) for c, f in FILES.items()}


def truth(name: str) -> Any:
    return json.loads((TRUTH / name).read_text(encoding="utf-8"))


def csv_edit(content: bytes, old: str, new: str) -> bytes:
    text = content.decode("utf-8-sig")
    assert old in text, old
    return ("\ufeff" + text.replace(old, new, 1)).encode("utf-8")


def json_edit(content: bytes, change: Callable[[list[dict[str, Any]]], None]) -> bytes:
    records = json.loads(content)
    change(records)
    return json.dumps(records, ensure_ascii=False).encode("utf-8")


def xlsx_edit(content: bytes, change: Callable[[Any], None]) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    change(workbook["Contacts"])
    out = io.BytesIO()
    workbook.save(out)
    workbook.close()
    return out.getvalue()


def serve(server: ListServer, version: str, **overrides: bytes) -> dict[str, str]:
    """Serve a version's three lists (some replaced by ``overrides``) the way the secretariats do."""
    lists = {c: overrides.get(c, sample(version, c)) for c in FILES}
    locations = {
        "basel": server.route(f"/{version}/basel.xlsx", static(lists["basel"], etag=f'"{version}-b"')),
        "rotterdam": server.route(
            f"/{version}/rotterdam.csv", static(lists["rotterdam"], etag=f'"{version}-r"')
        ),
    }
    locations["stockholm"] = server.serve_odata(f"/{version}/odata", json.loads(lists["stockholm"]))
    return locations


FAST = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.02, sleep=lambda s: None)


def fast_source(convention: str) -> Source:
    """A source that retries without waiting (tests must not sleep) and times out quickly."""
    kinds: dict[str, Callable[..., Source]] = {
        "basel": BaselSource,
        "rotterdam": RotterdamSource,
        "stockholm": StockholmSource,
    }
    return kinds[convention](timeout=(2.0, 0.5), retry=FAST)


def items(report: dict[str, Any], convention: str, action: str | None = None) -> list[dict[str, Any]]:
    found = report["conventions"][convention]["items"]
    return [i for i in found if action is None or i["action"] == action]


def all_items(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for part in report["conventions"].values() for i in part["items"]]
