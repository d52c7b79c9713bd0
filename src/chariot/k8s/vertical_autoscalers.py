"""VerticalPodAutoscaler per Deployment, in recommendation mode only.

`recommend` -> updateMode Off (recommendations, no action); `initial` -> updateMode Initial,
controlling memory only, because the HPA scales on cpu utilization (a VPA that also set cpu
requests would move the HPA's target under it). Bounds are the seed's; the sidecar is left
alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chariot.k8s.context import RenderContext
from chariot.k8s.objects import Manifest, obj, service_labels, versions, workload_name
from chariot.spec.model import Service

MIN_ALLOWED = {"cpu": "100m", "memory": "128Mi"}
MAX_ALLOWED = {"cpu": "2", "memory": "4Gi"}
UPDATE_MODE = {"recommend": "Off", "initial": "Initial"}


def controlled_resources(service: Service) -> list[str]:
    """What the VPA may change: everything when it only recommends, else what the HPA leaves."""
    return ["cpu", "memory"] if service.vpa == "recommend" else ["memory"]


def _policies(service: Service) -> list[dict[str, Any]]:
    policies: list[dict[str, Any]] = [
        {
            "containerName": service.name,
            "controlledResources": controlled_resources(service),
            "controlledValues": "RequestsAndLimits",
            "minAllowed": MIN_ALLOWED,
            "maxAllowed": MAX_ALLOWED,
        }
    ]
    if service.meshed:
        policies.append({"containerName": "istio-proxy", "mode": "Off"})
    return policies


def build(ctx: RenderContext) -> Iterator[Manifest]:
    for service in ctx.spec.services:
        if service.vpa == "none":
            continue
        for version in versions(service):
            name = workload_name(service, version)
            spec = {
                "targetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
                "updatePolicy": {"updateMode": UPDATE_MODE[service.vpa]},
                "resourcePolicy": {"containerPolicies": _policies(service)},
            }
            yield obj(
                "autoscaling.k8s.io/v1",
                "VerticalPodAutoscaler",
                name,
                service.namespace,
                spec,
                service_labels(service),
            )
