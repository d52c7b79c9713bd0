"""HorizontalPodAutoscaler (autoscaling/v2) per Deployment.

Metrics are the seed's: cpu at the spec's target, requests per second per pod (a Pods metric,
served by prometheus-adapter), and memory only when the service has no VPA, so HPA and VPA
never act on the same resource. Scaling behaviour is the seed's: double at most once a minute,
shrink by at most 10% a minute after five quiet minutes.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from chariot.k8s.context import RenderContext
from chariot.k8s.objects import STABLE, Manifest, obj, service_labels, versions, workload_name
from chariot.spec.model import Service
from chariot.spec.platform_names import REQUESTS_PER_SECOND_METRIC

RPS_METRIC = REQUESTS_PER_SECOND_METRIC  # served by the prometheus-adapter add-on

BEHAVIOR: dict[str, Any] = {
    "scaleUp": {
        "stabilizationWindowSeconds": 60,
        "selectPolicy": "Max",
        "policies": [{"type": "Percent", "value": 100, "periodSeconds": 60}],
    },
    "scaleDown": {
        "stabilizationWindowSeconds": 300,
        "selectPolicy": "Max",
        "policies": [{"type": "Percent", "value": 10, "periodSeconds": 60}],
    },
}


def _resource(name: str, percent: float) -> dict[str, Any]:
    return {
        "type": "Resource",
        "resource": {
            "name": name,
            "target": {"type": "Utilization", "averageUtilization": round(percent)},
        },
    }


def metrics(ctx: RenderContext, service: Service) -> list[dict[str, Any]]:
    performance = ctx.spec.performance
    result = [_resource("cpu", performance.cpu_target_percent)]
    if service.vpa == "none":
        result.append(_resource("memory", performance.memory_target_percent))
    result.append(
        {
            "type": "Pods",
            "pods": {
                "metric": {"name": RPS_METRIC},
                "target": {
                    "type": "AverageValue",
                    "averageValue": str(performance.requests_per_pod_target),
                },
            },
        }
    )
    return result


def replica_bounds(ctx: RenderContext, service: Service, version: str) -> tuple[int, int]:
    """The tier's bounds; a canary's minimum shrinks with its share of the traffic."""
    bounds = ctx.spec.tiers[service.tier].replicas
    low = max(bounds.min, 1)
    if version != STABLE and service.canary is not None:
        low = max(1, math.ceil(low * service.canary.weight / 100))
    return low, bounds.max


def build(ctx: RenderContext) -> Iterator[Manifest]:
    for service in ctx.spec.services:
        for version in versions(service):
            name = workload_name(service, version)
            low, high = replica_bounds(ctx, service, version)
            spec = {
                "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
                "minReplicas": low,
                "maxReplicas": high,
                "metrics": metrics(ctx, service),
                "behavior": BEHAVIOR,
            }
            yield obj(
                "autoscaling/v2",
                "HorizontalPodAutoscaler",
                name,
                service.namespace,
                spec,
                service_labels(service),
            )
