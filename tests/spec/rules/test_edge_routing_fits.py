"""The edge-routing-fits rule: per-service routing within API Gateway's per-API quota and
CloudFormation's 500 resources per stack, else `edge.routing: shared`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chariot.spec.rules import edge_routing_fits
from chariot.spec.rules.base import Context
from tests.conftest import CHECK_DAY
from tests.spec.helpers import catalog, load, problems


def _routing(lines: list[str]) -> list[str]:
    return [line for line in lines if ": edge.routing: " in line]


def test_the_shipped_catalog_fits(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    assert load(tmp_path, spec_data).edge.routing == "per_service"


def test_150_services_fill_the_http_apis_300_routes(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    assert len(load(tmp_path, catalog(spec_data, 150)).services) == 150


def test_one_more_http_service_is_refused_with_the_count_quota_and_fix(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    (line,) = _routing(problems(tmp_path, catalog(spec_data, 151)))
    assert "environments/prod.yaml" in line
    assert (
        "151 routed services need 302 routes on the http API, over API Gateway's quota of "
        "300 per API: set edge.routing: shared"
    ) in line


def test_the_rest_api_meets_cloudformations_limit_first(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    """4 resources per REST service: 111 services are within the 300-resource API quota (224)
    but put about 60 + 444 resources in the edge stack."""
    assert load(tmp_path, catalog(spec_data, 110, api_gateway="rest")).edge.api_gateway == "rest"
    (line,) = _routing(problems(tmp_path, catalog(spec_data, 111, api_gateway="rest")))
    assert (
        "111 routed services put about 504 resources in the edge stack (the rest API's "
        "routes), over CloudFormation's 500 per stack: set edge.routing: shared"
    ) in line


def test_both_limits_are_named_when_both_are_broken(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    lines = _routing(problems(tmp_path, catalog(spec_data, 400, api_gateway="rest")))
    assert len(lines) == 2
    assert "802 resources on the rest API, over API Gateway's quota of 300" in lines[0]
    assert "about 1660 resources in the edge stack" in lines[1]


def test_shared_routing_and_the_edge_without_api_gateway_hold_400_services(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    spec = load(tmp_path, catalog(spec_data, 400, routing="shared"))
    assert (spec.edge.routing, len(spec.services)) == ("shared", 400)
    for edge in ({"api_gateway": "rest"}, {"api_gateway": "none", "routing": "per_service"}):
        variant = spec.model_copy(update={"edge": spec.edge.model_copy(update=edge)})
        assert list(edge_routing_fits.check(variant, Context(on=CHECK_DAY))) == []
