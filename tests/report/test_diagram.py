"""The Mermaid diagram: each service in the pool that runs it, the edge as the spec chose it."""

from __future__ import annotations

import re

from chariot.plan.placement import place
from chariot.report.diagram import mermaid
from chariot.spec.model import PlatformSpec
from tests.plan.conftest import service, vary


def subgraphs(diagram: str) -> dict[str, list[str]]:
    """Subgraph id -> the node ids declared directly inside it."""
    stack: list[str] = []
    members: dict[str, list[str]] = {}
    for line in diagram.splitlines():
        text = line.strip()
        if text.startswith("subgraph "):
            stack.append(text.split()[1].split("[")[0])
            members[stack[-1]] = []
        elif text == "end":
            stack.pop()
        elif stack and re.match(r"^[A-Za-z0-9_]+\[", text):
            members[stack[-1]].append(text.split("[")[0])
    assert not stack, "unbalanced subgraph/end"
    return members


def test_diagram_puts_each_service_in_its_pool_and_none_meshed_on_fargate(
    prod: PlatformSpec,
) -> None:
    spec = vary(
        prod,
        [
            *prod.model_dump(mode="json")["services"],
            service(
                name="ingest", namespace="batch", meshed=False, target_rps=800, latency_slo_ms=150
            ),
        ],
    )
    placements = place(spec)
    diagram = mermaid(spec, placements)
    groups = subgraphs(diagram)
    assert groups["pool_on_demand_workers"] == ["assets", "users", "vulnerabilities"]
    assert groups["fargate_batch_offmesh"] == ["ingest"]
    for svc in spec.services:
        assert f"{svc.name} --> " in diagram or svc.data.table is None
    assert diagram.startswith("flowchart TB")
    assert "ingress --> ingest" not in diagram  # off-mesh: not behind the Istio gateway
    for label in re.findall(r'\["([^"]*)"\]', diagram):
        assert '"' not in label


def test_diagram_follows_the_edge_choice(prod: PlatformSpec) -> None:
    spec = vary(prod, edge__api_gateway="none", edge__cdn__enabled=False)
    diagram = mermaid(spec, place(spec))
    assert "apigw" not in diagram
    assert "cdn" not in diagram
    assert "clients --> nlb --> ingress" in diagram


def test_diagram_says_where_services_are_throttled(prod: PlatformSpec) -> None:
    assert "throttle = each service rps_limit" in mermaid(prod, place(prod))
    shared = vary(prod, edge__routing="shared")
    diagram = mermaid(shared, place(shared))
    assert "one /v1/{proxy+} route, throttle = rps_cluster" in diagram
    assert "each service rps_limit" not in diagram
