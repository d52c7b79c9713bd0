from __future__ import annotations

from chariot.k8s.autoscalers import build
from chariot.k8s.context import RenderContext
from chariot.spec.model import Canary, PlatformSpec
from tests.k8s.helpers import find, placements, with_services


def test_hpa_uses_tier_bounds_cpu_and_rps(prod: PlatformSpec) -> None:
    hpa = find(
        list(build(RenderContext(prod, placements(prod)))), "HorizontalPodAutoscaler", "users"
    )
    spec = hpa["spec"]
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert spec["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "users",
    }
    assert (spec["minReplicas"], spec["maxReplicas"]) == (3, 100)  # critical in prod
    assert spec["metrics"] == [
        {
            "type": "Resource",
            "resource": {
                "name": "cpu",
                "target": {"type": "Utilization", "averageUtilization": 70},
            },
        },
        {
            "type": "Pods",
            "pods": {
                "metric": {"name": "requests_per_second"},
                "target": {"type": "AverageValue", "averageValue": "800"},
            },
        },
    ]


def test_seed_scaling_behaviour(prod: PlatformSpec) -> None:
    spec = find(
        list(build(RenderContext(prod, placements(prod)))), "HorizontalPodAutoscaler", "assets"
    )["spec"]
    up, down = spec["behavior"]["scaleUp"], spec["behavior"]["scaleDown"]
    assert up["stabilizationWindowSeconds"] == 60
    assert up["policies"] == [{"type": "Percent", "value": 100, "periodSeconds": 60}]
    assert down["stabilizationWindowSeconds"] == 300
    assert down["policies"] == [{"type": "Percent", "value": 10, "periodSeconds": 60}]


def test_memory_metric_only_without_vpa(prod: PlatformSpec) -> None:
    spec = with_services(prod, [prod.service("users").model_copy(update={"vpa": "none"})])
    metrics = find(
        list(build(RenderContext(spec, placements(spec)))), "HorizontalPodAutoscaler", "users"
    )["spec"]["metrics"]
    memory = [m for m in metrics if m.get("resource", {}).get("name") == "memory"]
    assert memory == [
        {
            "type": "Resource",
            "resource": {
                "name": "memory",
                "target": {"type": "Utilization", "averageUtilization": 80},
            },
        }
    ]


def test_canary_hpa_minimum_follows_its_share(prod: PlatformSpec) -> None:
    canary = Canary(version="v2", image="0.2.0", weight=10)
    spec = with_services(prod, [prod.service("users").model_copy(update={"canary": canary})])
    hpa = find(
        list(build(RenderContext(spec, placements(spec)))), "HorizontalPodAutoscaler", "users-v2"
    )
    assert hpa["spec"]["minReplicas"] == 1
    assert hpa["spec"]["maxReplicas"] == 100
    assert hpa["spec"]["scaleTargetRef"]["name"] == "users-v2"
