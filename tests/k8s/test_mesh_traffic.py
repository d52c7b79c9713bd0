from __future__ import annotations

from typing import Any

from chariot.k8s.context import RenderContext
from chariot.k8s.mesh_traffic import build
from chariot.spec.model import Canary, Chaos, FaultDelay, PlatformSpec
from tests.k8s.helpers import find, placements, with_services


def _render(spec: PlatformSpec) -> list[dict[str, Any]]:
    return list(build(RenderContext(spec, placements(spec))))


def test_gateway_on_the_ingress_gateway_pods(prod: PlatformSpec) -> None:
    gateway = find(_render(prod), "Gateway", "chariot-gateway", "istio-ingress")
    assert gateway["apiVersion"] == "networking.istio.io/v1"
    assert gateway["spec"]["selector"] == {"istio": "ingressgateway"}
    assert prod.edge.domain_name == "api.chariot.com"
    assert gateway["spec"]["servers"][0]["hosts"] == ["api.chariot.com"]
    # without a domain, any host the edge sends
    edge = prod.edge.model_copy(update={"domain_name": None})
    anywhere = find(_render(prod.model_copy(update={"edge": edge})), "Gateway", "chariot-gateway")
    assert anywhere["spec"]["servers"][0]["hosts"] == ["*"]


def test_edge_route_prefix_retries_and_timeout(prod: PlatformSpec) -> None:
    vs = find(_render(prod), "VirtualService", "users-edge")
    assert vs["spec"]["gateways"] == ["istio-ingress/chariot-gateway"]
    (route,) = vs["spec"]["http"]
    assert route["match"] == [{"uri": {"prefix": "/v1/users/"}}, {"uri": {"exact": "/v1/users"}}]
    assert route["retries"]["attempts"] == 3
    assert route["retries"]["perTryTimeout"] == "2s"
    assert route["timeout"] == "10s"
    assert "fault" not in route
    assert route["route"] == [
        {"destination": {"host": "users.microservices.svc.cluster.local", "port": {"number": 80}}}
    ]


def test_mesh_route_covers_in_cluster_calls(prod: PlatformSpec) -> None:
    vs = find(_render(prod), "VirtualService", "users")
    assert vs["spec"]["hosts"] == ["users.microservices.svc.cluster.local"]
    assert vs["spec"]["gateways"] == ["mesh"]


def test_canary_split_90_10_with_subsets(prod: PlatformSpec) -> None:
    canary = Canary(version="v2", image="0.2.0", weight=10)
    spec = with_services(prod, [prod.service("users").model_copy(update={"canary": canary})])
    objects = _render(spec)
    route = find(objects, "VirtualService", "users-edge")["spec"]["http"][0]["route"]
    assert [(r["destination"]["subset"], r["weight"]) for r in route] == [
        ("stable", 90),
        ("v2", 10),
    ]
    subsets = find(objects, "DestinationRule", "users")["spec"]["subsets"]
    assert subsets == [
        {"name": "stable", "labels": {"version": "stable"}},
        {"name": "v2", "labels": {"version": "v2"}},
    ]


def test_destination_rule_outlier_detection_and_pool(prod: PlatformSpec) -> None:
    policy = find(_render(prod), "DestinationRule", "users")["spec"]["trafficPolicy"]
    assert policy["loadBalancer"] == {
        "simple": "LEAST_REQUEST",
        "localityLbSetting": {"enabled": True},
    }
    assert policy["outlierDetection"] == {
        "consecutive5xxErrors": 3,
        "interval": "30s",
        "baseEjectionTime": "30s",
        "maxEjectionPercent": 50,
    }
    assert policy["connectionPool"] == {
        "tcp": {"maxConnections": 100},
        "http": {"http1MaxPendingRequests": 50, "maxRequestsPerConnection": 10},
    }
    assert "circuitBreaker" not in policy


def test_fault_only_inside_the_chaos_profile(prod: PlatformSpec) -> None:
    chaos = Chaos(services=["users"], delay=FaultDelay(percent=0.1, fixed_delay_seconds=5))
    spec = prod.model_copy(update={"mesh": prod.mesh.model_copy(update={"chaos": chaos})})
    objects = _render(spec)
    users = find(objects, "VirtualService", "users-edge")
    assert users["spec"]["http"][0]["fault"] == {
        "delay": {"percentage": {"value": 0.1}, "fixedDelay": "5s"}
    }
    assert users["metadata"]["labels"]["chariot.io/chaos"] == "true"
    assets = find(objects, "VirtualService", "assets-edge")
    assert "fault" not in assets["spec"]["http"][0]
