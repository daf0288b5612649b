"""The coverage page (``/coverage``) and its download (``/coverage.csv``): held and vacant roles by region,
how long ago each was last confirmed, and the cross-convention view of each party. Charts are inline SVG
(:mod:`registry.web.charts`), each followed by a table of its numbers."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import Response, render_template, request
from flask_babel import format_percent, gettext
from flask_babel import lazy_gettext as _l

from registry.conventions import ROLES, convention_label
from registry.coverage.report import (
    ALL_REGIONS,
    NO_REGION,
    by_name,
    by_region,
    csv_bytes,
    in_bucket,
    people_histogram,
    vacant,
    vacant_roles,
)
from registry.coverage.schemas import CoverageQuerySchema
from registry.coverage.services import Coverage, RoleKey, coverage
from registry.coverage.staleness import STALENESS
from registry.db import db
from registry.errors import InvalidInput
from registry.parties.regions import REGIONS
from registry.web import bp
from registry.web.charts import BarChart, bar_chart

# The words the page shows for the values it counts, in one place (translated when shown).
REGION_LABELS: dict[str, Any] = {
    ALL_REGIONS: _l("All regions"),
    "African": _l("African"),
    "Asia-Pacific": _l("Asia-Pacific"),
    "Eastern European": _l("Eastern European"),
    "Latin American and Caribbean": _l("Latin American and Caribbean"),
    "Western European and others": _l("Western European and others"),
    NO_REGION: _l("In no regional group"),
}
SERIES_LABELS: dict[str, Any] = {
    "held": _l("Held"),
    "vacant": _l("Vacant"),
    "under_1_year": _l("Less than a year ago"),
    "1_to_3_years": _l("One to three years ago"),
    "over_3_years": _l("More than three years ago"),
    "unconfirmed": _l("Never confirmed"),
}
NO_SHARE = "–"  # a share of nothing


class _PageFilters(CoverageQuerySchema):
    class Meta:
        unknown = ma.EXCLUDE  # other query parameters (a language, say) are not the page's business


def _filters() -> dict[str, Any]:
    """The page's convention and region (None: all); an unknown value is a 422 page naming the choices."""
    try:
        loaded: dict[str, Any] = _PageFilters().load(request.args)
    except ma.ValidationError as error:
        raise InvalidInput(error.messages_dict) from None  # a schema of fields: always by field
    return loaded


def share(part: int, whole: int) -> str:
    """``part`` as a whole percentage of ``whole``, written the page's language's way."""
    return str(format_percent(part / whole)) if whole else NO_SHARE


def held_chart(result: Coverage, key: RoleKey) -> tuple[BarChart, list[tuple[str, Any]]]:
    """A role's held and vacant parties, all regions first then each: the chart and its table's rows."""
    rows = by_region(result, key)
    chart = bar_chart(
        [
            (
                str(REGION_LABELS[name]),
                share(t.held, t.held + t.vacant),
                [("held", t.held), ("vacant", t.vacant)],
            )
            for name, t in rows
        ],
        whole=True,
    )
    return chart, rows


def staleness_chart(result: Coverage) -> BarChart:
    """Per role shown, the parties holding it by the age of its last confirmation."""
    rows = []
    for convention, role in result.roles:
        counts = result.totals[(convention, role)].staleness
        fresh = share(counts["under_1_year"], sum(counts.values()))
        label = gettext("%(convention)s %(role)s", convention=convention_label(convention), role=role)
        rows.append((label, fresh, [(b, counts[b]) for b in STALENESS]))
    return bar_chart(rows, whole=True)


def people_chart(histogram: list[tuple[int, int]]) -> BarChart:
    """Parties by the number of distinct people holding their roles, one bar per number."""
    return bar_chart([(str(people), str(n), [("people", n)]) for people, n in histogram], whole=False)


@bp.get("/coverage")
def coverage_page() -> str:
    """Held and vacant roles by region, staleness, and each party's people and shared organizations."""
    filters = _filters()
    result = coverage(db.session(), filters["convention"], filters["region"])
    histogram = people_histogram(result)
    return render_template(
        "coverage.html",
        coverage=result,
        filters=filters,
        query={k: v for k, v in filters.items() if v},
        regions=REGIONS,
        roles=ROLES,
        held_charts={key: held_chart(result, key) for key in result.roles},
        vacant={key: vacant(result, key) for key in result.roles},
        stale={key: in_bucket(result, key, "over_3_years") for key in result.roles},
        unconfirmed={key: in_bucket(result, key, "unconfirmed") for key in result.roles},
        staleness=staleness_chart(result),
        histogram=histogram,
        people=people_chart(histogram),
        parties=by_name(result.parties),
        vacant_roles=vacant_roles,
        region_labels=REGION_LABELS,
        series_labels=SERIES_LABELS,
        buckets=STALENESS,
        share=share,
    )


@bp.get("/coverage.csv")
def coverage_csv() -> Response:
    """The coverage as CSV, one row per party (the page's filters apply)."""
    filters = _filters()
    result = coverage(db.session(), filters["convention"], filters["region"])
    name = "-".join(["coverage", *(v.split()[0].lower() for v in filters.values() if v), str(result.today)])
    response = Response(csv_bytes(result), mimetype="text/csv", content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
