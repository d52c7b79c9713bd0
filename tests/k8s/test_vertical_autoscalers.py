from __future__ import annotations

from chariot.k8s.context import RenderContext
from chariot.k8s.vertical_autoscalers import build
from chariot.spec.model import PlatformSpec
from tests.k8s.helpers import find, placements, with_services


def test_recommendation_mode_within_seed_bounds(prod: PlatformSpec) -> None:
    vpa = find(list(build(RenderContext(prod, placements(prod)))), "VerticalPodAutoscaler", "users")
    assert vpa["apiVersion"] == "autoscaling.k8s.io/v1"
    assert vpa["spec"]["updatePolicy"] == {"updateMode": "Off"}
    app, sidecar = vpa["spec"]["resourcePolicy"]["containerPolicies"]
    assert app["minAllowed"] == {"cpu": "100m", "memory": "128Mi"}
    assert app["maxAllowed"] == {"cpu": "2", "memory": "4Gi"}
    assert app["controlledResources"] == ["cpu", "memory"]
    assert sidecar == {"containerName": "istio-proxy", "mode": "Off"}


def test_initial_mode_leaves_cpu_to_the_hpa(prod: PlatformSpec) -> None:
    spec = with_services(prod, [prod.service("users").model_copy(update={"vpa": "initial"})])
    vpa = find(list(build(RenderContext(spec, placements(spec)))), "VerticalPodAutoscaler", "users")
    assert vpa["spec"]["updatePolicy"] == {"updateMode": "Initial"}
    assert vpa["spec"]["resourcePolicy"]["containerPolicies"][0]["controlledResources"] == [
        "memory"
    ]


def test_no_vpa_when_switched_off(prod: PlatformSpec) -> None:
    spec = with_services(prod, [prod.service("users").model_copy(update={"vpa": "none"})])
    assert list(build(RenderContext(spec, placements(spec)))) == []
