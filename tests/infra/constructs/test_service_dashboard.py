"""ServiceDashboard: edge RED by route, saturation by Kubernetes Service, table and cache."""

from __future__ import annotations

import json
from typing import Any

from aws_cdk import App, Environment, Stack
from aws_cdk.assertions import Template

from chariot.infra.constructs.service_dashboard import ServiceDashboard, dashboard_name
from chariot.spec.model import PlatformSpec, Service
from tests.infra.cfn import joined


def _body(spec: PlatformSpec, service: Service, *, routed: bool) -> tuple[str, dict[str, Any]]:
    app = App()
    stack = Stack(app, "Probe", env=Environment(account=spec.account, region=spec.region))
    ServiceDashboard(stack, "Dashboard", spec=spec, service=service, routed=routed)
    (dashboard,) = Template.from_stack(stack).find_resources("AWS::CloudWatch::Dashboard").values()
    props = dashboard["Properties"]
    return props["DashboardName"], json.loads(joined(props["DashboardBody"]))


def _titles(body: dict[str, Any]) -> list[str]:
    return [w["properties"].get("title", "") for w in body["widgets"]]


def _metrics(body: dict[str, Any]) -> str:
    return json.dumps([w["properties"].get("metrics", []) for w in body["widgets"]])


def test_a_routed_service_with_a_table_and_cache(specs: dict[str, PlatformSpec]) -> None:
    spec = specs["prod"]
    service = next(s for s in spec.services if s.data.table is not None and s.data.cache)
    name, body = _body(spec, service, routed=True)
    assert name == dashboard_name(spec, service) == f"chariot-prod-service-{service.name}"
    titles = _titles(body)
    assert "Edge latency (ms)" in titles
    assert any("throttled" in t for t in titles)
    assert "Cache hit rate (%, shared cache)" in titles
    metrics = _metrics(body)
    assert f'Route=\\"ANY /v1/{service.name}/{{proxy+}}\\"' in metrics
    assert "ReadThrottleEvents" in metrics
    assert f'"{service.data.table.name}-prod"' in metrics  # type: ignore[union-attr]
    assert f'"Service", "{service.name}"' in metrics
    latency = next(
        w for w in body["widgets"] if w["properties"].get("title") == "Edge latency (ms)"
    )
    targets = {a["value"] for a in latency["properties"]["annotations"]["horizontal"]}
    assert targets == {
        spec.performance.latency.p50_ms,
        spec.performance.latency.p90_ms,
        spec.performance.latency.p99_ms,
    }


def test_an_internal_service_has_no_edge_widgets(specs: dict[str, PlatformSpec]) -> None:
    spec = specs["prod"]
    _, body = _body(spec, spec.services[0], routed=False)
    assert not any(t.startswith("Edge") for t in _titles(body))
    assert "Running pods" in _titles(body)
