"""The edge's request volume: the spec's design point in the platform region, none for the DR
region's standby API until a failover sends it traffic."""

from __future__ import annotations

from datetime import date

from chariot.plan.cost.catalog import load_catalog
from chariot.plan.cost.mapping import Context
from chariot.plan.cost.model import Pricer, Resource
from chariot.plan.cost.resources import apigatewayv2_api, edge_traffic
from chariot.plan.cost.usage import Usage
from chariot.spec.model import PlatformSpec

TODAY = date(2026, 12, 2)


def _api(region: str) -> Resource:
    return Resource("s", "HttpApi", "AWS::ApiGatewayV2::Api", {"ProtocolType": "HTTP"}, region)


def _context(spec: PlatformSpec) -> Context:
    pricers = {r: Pricer(load_catalog(r)) for r in (spec.region, spec.dr.dr_region)}
    return Context(pricers[spec.region], Usage(), TODAY, spec=spec, regional=pricers)


def test_the_platform_regions_api_takes_the_design_points_traffic(
    specs: dict[str, PlatformSpec],
) -> None:
    prod = specs["prod"]
    requests, why = edge_traffic.requests(_api(prod.region), _context(prod))
    assert requests == round(edge_traffic.millions_per_month(prod.performance.rps_cluster * 0.1), 3)
    assert "rps_cluster" in why


def test_the_dr_regions_api_stands_by_without_requests(specs: dict[str, PlatformSpec]) -> None:
    prod = specs["prod"]
    ctx = _context(prod)
    api = _api(prod.dr.dr_region)
    requests, why = edge_traffic.requests(api, ctx)
    assert requests == 0
    assert why == f"standby in {prod.dr.dr_region}: traffic reaches it only after a failover"
    (line,) = apigatewayv2_api.price(api, ctx.at(api))
    assert line.monthly_usd == 0
