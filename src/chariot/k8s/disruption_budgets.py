"""A PodDisruptionBudget per Deployment: drains and consolidation take one pod at a time.

`maxUnavailable: 1` rather than `minAvailable`, so a one-replica dev service can still be
drained; unhealthy pods may always be evicted, so a broken rollout never blocks a node drain.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.k8s.context import RenderContext
from chariot.k8s.objects import Manifest, obj, pod_labels, service_labels, versions, workload_name


def build(ctx: RenderContext) -> Iterator[Manifest]:
    for service in ctx.spec.services:
        for version in versions(service):
            spec = {
                "maxUnavailable": 1,
                "unhealthyPodEvictionPolicy": "AlwaysAllow",
                "selector": {"matchLabels": pod_labels(service, version)},
            }
            yield obj(
                "policy/v1",
                "PodDisruptionBudget",
                workload_name(service, version),
                service.namespace,
                spec,
                service_labels(service),
            )
