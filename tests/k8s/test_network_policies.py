from __future__ import annotations

from typing import Any

from chariot.k8s.context import RenderContext
from chariot.k8s.network_policies import build
from chariot.spec.model import PlatformSpec
from tests.k8s.helpers import find, placements


def _render(spec: PlatformSpec) -> list[dict[str, Any]]:
    return list(build(RenderContext(spec, placements(spec))))


def test_default_deny_both_directions(prod: PlatformSpec) -> None:
    deny = find(_render(prod), "NetworkPolicy", "default-deny")
    assert deny["spec"] == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}


def test_dns_and_istiod_are_allowed(prod: PlatformSpec) -> None:
    objects = _render(prod)
    dns = find(objects, "NetworkPolicy", "allow-dns")["spec"]["egress"][0]
    assert {"protocol": "UDP", "port": 53} in dns["ports"]
    istiod = find(objects, "NetworkPolicy", "allow-istiod")["spec"]["egress"][0]
    assert istiod["ports"] == [{"protocol": "TCP", "port": 15012}]


def test_sidecars_may_send_spans_to_the_collector_when_tracing_is_on(prod: PlatformSpec) -> None:
    tracing = find(_render(prod), "NetworkPolicy", "allow-tracing")["spec"]
    (egress,) = tracing["egress"]
    assert egress == {
        "to": [
            {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "observability"}}}
        ],
        "ports": [{"protocol": "TCP", "port": 4317}],
    }
    off = prod.observability.model_copy(
        update={"tracing": prod.observability.tracing.model_copy(update={"enabled": False})}
    )
    objects = _render(prod.model_copy(update={"observability": off}))
    assert not [o for o in objects if o["metadata"]["name"] == "allow-tracing"]


def test_service_ingress_from_gateway_and_callers_only(prod: PlatformSpec) -> None:
    assets = find(_render(prod), "NetworkPolicy", "assets")["spec"]
    gateway, callers = assets["ingress"]
    assert gateway["from"][0]["podSelector"] == {"matchLabels": {"istio": "ingressgateway"}}
    assert callers["from"] == [
        {
            "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "microservices"}},
            "podSelector": {"matchLabels": {"app": "vulnerabilities"}},
        }
    ]
    assert callers["ports"] == [{"protocol": "TCP", "port": 8080}]


def test_data_tier_ports_only_for_the_stores_used(prod: PlatformSpec) -> None:
    objects = _render(prod)
    users = find(objects, "NetworkPolicy", "users")["spec"]["egress"]  # cache, no graph
    assets = find(objects, "NetworkPolicy", "assets")["spec"]["egress"]  # cache and graph

    def ports(rules: list[dict[str, Any]]) -> set[int]:
        return {p["port"] for rule in rules for p in rule["ports"]}

    assert 6379 in ports(users)
    assert 8182 not in ports(users)
    assert {6379, 8182} <= ports(assets)
    data = next(r for r in assets if r["ports"] == [{"protocol": "TCP", "port": 8182}])
    assert [t["ipBlock"]["cidr"] for t in data["to"]] == prod.network.subnets.database


def test_vulnerabilities_may_call_assets(prod: PlatformSpec) -> None:
    egress = find(_render(prod), "NetworkPolicy", "vulnerabilities")["spec"]["egress"]
    assert {
        "to": [
            {
                "namespaceSelector": {
                    "matchLabels": {"kubernetes.io/metadata.name": "microservices"}
                },
                "podSelector": {"matchLabels": {"app": "assets"}},
            }
        ],
        "ports": [{"protocol": "TCP", "port": 8080}],
    } in egress
