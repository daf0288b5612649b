"""``/api/v1/coverage``: who has designated whom under each convention, and where the gaps are."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from registry.api.blueprint import Blueprint
from registry.coverage.schemas import CoverageQuerySchema, CoverageSchema, coverage_json
from registry.coverage.services import coverage
from registry.db import db

blp = Blueprint(
    "coverage", __name__, url_prefix="/api/v1/coverage", description="Designated roles, and the gaps"
)


@blp.route("")
class CoverageView(MethodView):
    @blp.arguments(CoverageQuerySchema, location="query")
    @blp.response(200, CoverageSchema)
    @blp.doc(operationId="getCoverage")
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Each party's holders of each role and when they were last confirmed; held and vacant totals"""
        return coverage_json(coverage(db.session(), args["convention"], args["region"]))
